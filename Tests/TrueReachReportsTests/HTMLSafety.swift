/// Checks that a page contains only the tags and attributes our renderers write.
///
/// Any `<` that starts something else, any `on…=` event attribute, any `javascript:` URL, a raw
/// bidi control or an escape character means profile text escaped into markup.
enum HTMLSafety {
    static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section", "div",
        "span", "p", "h1", "h2", "h3", "ul", "li", "table", "caption", "thead", "tbody", "tr", "th", "td", "bdi",
        "br", "code", "strong", "svg", "rect", "circle", "line", "polyline", "text", "g",
    ]
    static let allowedAttributes: Set<String> = [
        "lang", "charset", "name", "content", "http-equiv", "class", "style", "viewbox", "width", "height",
        "preserveaspectratio", "role", "aria-hidden", "scope", "xmlns", "font-family", "font-size", "font-weight",
        "fill",
        "fill-opacity",
        "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "stroke", "stroke-width", "stroke-dasharray",
        "stroke-dashoffset", "stroke-linejoin", "transform", "text-anchor", "points",
    ]

    /// Problems found; empty when the page is clean.
    static func problems(in page: String) -> [String] {
        var problems: [String] = []
        let scalars = Array(page.unicodeScalars)
        for s in scalars {
            let v = s.value
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { problems.append("raw bidi control") }
            if v == 0x1B || (v < 0x20 && v != 0x0A && v != 0x09 && v != 0x0D) || (0x7F...0x9F).contains(v) {
                problems.append("control character \(v)")
            }
        }
        var i = 0
        var inStyle = false
        while i < scalars.count {
            guard scalars[i] == "<" else {
                i += 1
                continue
            }
            var j = i + 1
            let closing = j < scalars.count && scalars[j] == "/"
            if closing { j += 1 }
            var name = ""
            while j < scalars.count, scalars[j] != " ", scalars[j] != ">", scalars[j] != "/", scalars[j] != "\n" {
                name.unicodeScalars.append(scalars[j])
                j += 1
            }
            name = name.lowercased()
            if inStyle && !(closing && name == "style") {
                problems.append("'<' inside <style>")
            }
            guard allowedTags.contains(name) else {
                problems.append("unexpected tag <\(closing ? "/" : "")\(name)>")
                i = j
                continue
            }
            if name == "style" { inStyle = !closing }
            // Attributes up to the closing '>' (values are quoted and never contain '>').
            var tag = ""
            var quote: Unicode.Scalar?
            while j < scalars.count {
                let c = scalars[j]
                if let q = quote {
                    if c == q { quote = nil }
                    tag.unicodeScalars.append(c == "\n" ? " " : (c == " " ? "_" : c))
                } else if c == "\"" || c == "'" {
                    quote = c
                    tag.unicodeScalars.append(c)
                } else if c == ">" {
                    break
                } else {
                    tag.unicodeScalars.append(c)
                }
                j += 1
            }
            for var part in tag.split(whereSeparator: { $0 == " " }) {
                if part.hasSuffix("/") { part = part.dropLast() }
                if part.isEmpty { continue }
                guard let eq = part.firstIndex(of: "=") else {
                    if name != "!doctype" && !part.isEmpty { problems.append("bare attribute \(part) in <\(name)>") }
                    continue
                }
                let attribute = part[..<eq].lowercased()
                if !allowedAttributes.contains(attribute) { problems.append("attribute \(attribute) in <\(name)>") }
                let value = part[part.index(after: eq)...].lowercased()
                if value.contains("javascript:") { problems.append("javascript: URL") }
            }
            i = j + 1
        }
        return problems
    }
}
