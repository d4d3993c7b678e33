import TrueReachCore

/// One record that could not be read, with where it is and why.
///
/// Bad input is a value, not an exception: readers collect issues, skip the record and
/// carry on (see ``IngestConfiguration/maxErrors`` and ``IngestConfiguration/strict``).
/// The ``description`` names file, line and field but never the record's content; the
/// ``snippet`` (a sanitised excerpt of the offending input) is there for an explicit
/// debug view only, because profile text is user data.
public struct IngestIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// The 1-based line where the record starts.
    public var line: Int
    /// The 1-based byte column in that line, when known (elements of one-line JSON arrays).
    public var column: Int?
    /// The field (JSON key or CSV column) at fault, when known.
    public var field: String?
    /// What is wrong, in plain words.
    public var reason: String
    /// Up to ``IngestIssue/maxSnippetLength`` characters of the record, control characters removed.
    public var snippet: String?

    /// The longest snippet kept, in characters.
    public static let maxSnippetLength = 80

    /// Creates an issue; `snippet` is truncated and cleaned of control, bidi and zero-width characters.
    public init(
        file: String,
        line: Int,
        column: Int? = nil,
        field: String? = nil,
        reason: String,
        snippet: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
        self.snippet = snippet.map(Self.sanitize)
    }

    /// `file:line[:column]: field: reason`, on one line, without user data.
    public var description: String {
        var location = "\(file):\(line)"
        if let column { location += ":\(column)" }
        if let field { return "\(location): \(field): \(reason)" }
        return "\(location): \(reason)"
    }

    /// Cleans `text` with `UntrustedText.sanitize` (control, bidi and zero-width characters dropped,
    /// line breaks as spaces) and truncates it to ``maxSnippetLength`` characters.
    static func sanitize(_ text: String) -> String {
        let clean = UntrustedText.sanitize(text).unicodeScalars
        guard clean.count > maxSnippetLength else { return String(clean) }
        var result = String.UnicodeScalarView(clean.prefix(maxSnippetLength))
        result.append("…")
        return String(result)
    }
}
