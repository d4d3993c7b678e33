/// Text as PostgreSQL stores it: reversibly, although its `text` type cannot hold U+0000.
///
/// SQLite keeps a NUL inside profile text (see `NulSafeText`); PostgreSQL rejects the whole
/// statement. So text that contains a NUL, or that starts with the marker U+10FFFD (the last
/// private-use code point, which no public text assigns), is stored as the marker followed by the
/// text with the marker written as marker + `m` and U+0000 as marker + `0`. All other text, nearly all of it, is
/// stored unchanged. The mapping is injective, so equality lookups (names, ids) bind the encoded
/// value and still match exactly; only the sort order of such rare strings differs from SQLite's.
enum PostgresText {
    static let marker: Unicode.Scalar = "\u{10FFFD}"
    static let escapedMarker: Unicode.Scalar = "m"
    static let escapedNUL: Unicode.Scalar = "0"

    /// The stored form of `text`.
    ///
    /// - Complexity: O(*n*) in the text's length; a scan of its UTF-8 bytes when nothing changes.
    static func encode(_ text: String) -> String {
        guard text.utf8.contains(0) || text.unicodeScalars.first == marker else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(marker)
        for scalar in text.unicodeScalars {
            switch scalar {
            case marker: scalars.append(contentsOf: [marker, escapedMarker])
            case "\u{0}": scalars.append(contentsOf: [marker, escapedNUL])
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The stored form of optional text.
    static func encode(_ text: String?) -> String? { text.map { encode($0) } }

    /// The original text of a stored form (the inverse of ``encode(_:)-(String)``).
    ///
    /// - Complexity: O(*n*).
    static func decode(_ stored: String) -> String {
        guard stored.unicodeScalars.first == marker else { return stored }
        var scalars = String.UnicodeScalarView()
        var iterator = stored.unicodeScalars.dropFirst().makeIterator()
        while let scalar = iterator.next() {
            guard scalar == marker else {
                scalars.append(scalar)
                continue
            }
            switch iterator.next() {
            case escapedMarker?: scalars.append(marker)
            case escapedNUL?: scalars.append("\u{0}")
            case let other?: scalars.append(contentsOf: [marker, other])  // not written by encode; kept as is
            case nil: scalars.append(marker)
            }
        }
        return String(scalars)
    }

    /// The original of optional stored text.
    static func decode(_ stored: String?) -> String? { stored.map { decode($0) } }
}
