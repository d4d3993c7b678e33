import Foundation

/// Web links in an HTTP `Link` header (RFC 8288), as Mastodon pages its lists with.
///
/// `<https://example.social/api/v1/accounts/1/followers?max_id=5>; rel="next", <…>; rel="prev"`.
enum LinkHeader {
    /// The target of the first link whose `rel` holds `relation`, or `nil`.
    static func target(_ header: String?, relation: String) -> URL? {
        guard let header else { return nil }
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return nil }
            let target = rest[rest.index(after: open)..<close]
            // Parameters run to the next link, which starts with "," then "<" (a comma may sit in a quoted value).
            var parameters = rest[rest.index(after: close)...]
            var inQuotes = false
            var end = parameters.endIndex
            for index in parameters.indices {
                let character = parameters[index]
                if character == "\"" { inQuotes.toggle() }
                if character == ",", !inQuotes {
                    end = index
                    break
                }
            }
            rest = end == parameters.endIndex ? "" : parameters[parameters.index(after: end)...]
            parameters = parameters[..<end]
            for parameter in parameters.split(separator: ";") {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else {
                    continue
                }
                let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
                if value.lowercased().split(separator: " ").contains(Substring(relation)) {
                    return URL(string: String(target))
                }
            }
        }
        return nil
    }
}
