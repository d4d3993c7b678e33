/// Turns the small HTML of profile notes (Mastodon) into plain text.
enum HTMLText {
    /// Drops tags, turns `<br>` into a newline and paragraph breaks into a blank line, and decodes
    /// named (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`) and numeric entities.
    ///
    /// - Complexity: O(n).
    static func plainText(_ html: String) -> String {
        var output = ""
        var scalars = html.unicodeScalars[...]
        var pendingParagraph = false
        while let scalar = scalars.first {
            if scalar == "<" {
                guard let close = scalars.firstIndex(of: ">") else {
                    output.unicodeScalars.append(contentsOf: scalars)
                    break
                }
                let tag = String(scalars[scalars.index(after: scalars.startIndex)..<close]).lowercased()
                let name = tag.split(whereSeparator: { $0 == " " || $0 == "/" }).first.map(String.init) ?? ""
                if name == "br" {
                    output.append("\n")
                } else if name == "p", !tag.hasPrefix("/") {
                    if !output.isEmpty { pendingParagraph = true }
                }
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            if pendingParagraph {
                output.append("\n\n")
                pendingParagraph = false
            }
            if scalar == "&", let semicolon = scalars.prefix(12).firstIndex(of: ";") {
                let entity = String(scalars[scalars.index(after: scalars.startIndex)..<semicolon])
                if let decoded = decode(entity) {
                    output.unicodeScalars.append(decoded)
                    scalars = scalars[scalars.index(after: semicolon)...]
                    continue
                }
            }
            output.unicodeScalars.append(scalar)
            scalars = scalars.dropFirst()
        }
        return output
    }

    private static func decode(_ entity: String) -> Unicode.Scalar? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        default: break
        }
        guard entity.hasPrefix("#") else { return nil }
        let digits = entity.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits)
        }
        return value.flatMap(Unicode.Scalar.init)
    }
}
