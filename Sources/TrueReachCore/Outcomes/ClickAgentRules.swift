/// One line of a click-agents file: user agents containing ``pattern`` get ``clickClass``.
public struct ClickAgentRule: Sendable, Hashable {
    /// The class a matching request gets; ``ClickClass/human`` marks an exception (see ``ClickAgentRules``).
    public var clickClass: ClickClass
    /// A short name for the family of agents, such as `slack`, `googlebot` or `http-library`.
    public var group: String
    /// The substring as written in the file.
    public var pattern: String
    /// Where the pattern comes from: a vendor's page or a public list.
    public var source: String
    /// The 1-based line in the file the rule was read from.
    public var line: Int
    /// ``pattern``, ASCII-lowercased, as bytes.
    let needle: [UInt8]

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - clickClass: The class a matching request gets.
    ///   - group: The family name.
    ///   - pattern: A non-empty, case-insensitive substring of the user agent.
    ///   - source: Where the pattern comes from.
    ///   - line: The line it was read from, 0 when built in code.
    public init(clickClass: ClickClass, group: String, pattern: String, source: String, line: Int = 0) {
        precondition(!pattern.isEmpty, "a click-agent pattern must not be empty")
        precondition(clickClass != .duplicate, "duplicate is assigned by the caller, never by a rule")
        self.clickClass = clickClass
        self.group = group
        self.pattern = pattern
        self.source = source
        self.line = line
        self.needle = ClickAgentRules.asciiLowercasedBytes(pattern)
    }

    /// Whether the rule's needle occurs in `haystack` (already ASCII-lowercased bytes).
    func matches(_ haystack: [UInt8]) -> Bool {
        let count = needle.count
        guard count <= haystack.count, let first = needle.first else { return false }
        var start = 0
        let last = haystack.count - count
        while start <= last {
            if haystack[start] == first {
                var offset = 1
                while offset < count && haystack[start + offset] == needle[offset] {
                    offset += 1
                }
                if offset == count { return true }
            }
            start += 1
        }
        return false
    }
}

/// The user-agent rules of the click classifier, read from a tab-separated data file.
///
/// ## File format
/// UTF-8 text. Blank lines and lines starting with `#` are ignored. Every other line is one rule of exactly
/// four TAB-separated fields:
///
/// | field | meaning |
/// |---|---|
/// | `class` | `bot`, `link_preview`, `prefetch`, `email_scanner`, or `human` for an exception |
/// | `group` | a short family name, such as `slack`, `googlebot` or `http-library` |
/// | `pattern` | a substring of the user agent, compared ASCII case-insensitively (no regular expressions) |
/// | `source` | the vendor page or public list the pattern comes from |
///
/// Rules are tried in file order and the first match wins, so specific groups (link previews, email
/// scanners) come before the generic bot tokens (`bot`, `crawler`, `spider`). A `human` rule is an
/// exception: a user agent it matches is a human click and no later rule is tried. Put exceptions just
/// before the generic tokens they guard against (`cubot`, a phone maker, before `bot`), so that a
/// specific bot on such a device is still caught first.
///
/// A user's own file extends the shipped one with ``merged(with:)``: its rules are tried after the shipped
/// ones.
public struct ClickAgentRules: Sendable {
    /// The rules in the order they are tried.
    public private(set) var rules: [ClickAgentRule]

    /// The number of rules.
    public var count: Int { rules.count }

    /// Creates rules from values.
    ///
    /// - Parameter rules: The rules, in the order they are tried.
    public init(_ rules: [ClickAgentRule]) {
        self.rules = rules
    }

    /// Parses the TSV data file format described above.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - source: Names the file in errors, such as its file name.
    /// - Throws: ``ClickAgentRulesError`` naming the line and field of the first bad line.
    /// - Complexity: O(*n*) in the length of `text`.
    public init(parsing text: String, source: String) throws(ClickAgentRulesError) {
        var rules: [ClickAgentRule] = []
        var number = 0
        // "\r\n" is one Character in Swift, so split on each line ending rather than on "\n" alone.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for rawLine in lines {
            number += 1
            var line = rawLine
            if number == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            let content = line.drop(while: { $0 == " " || $0 == "\t" })
            if content.isEmpty || content.first == "#" { continue }
            rules.append(try Self.rule(from: line, number: number, source: source))
        }
        self.rules = rules
    }

    /// These rules followed by `other`'s (a user's configuration extends the shipped file).
    ///
    /// - Parameter other: The rules to try after these.
    /// - Returns: The combined rules.
    public func merged(with other: ClickAgentRules) -> ClickAgentRules {
        ClickAgentRules(rules + other.rules)
    }

    /// The first rule whose pattern occurs in the lowercased user agent.
    func firstMatch(loweredAgent: [UInt8]) -> ClickAgentRule? {
        rules.first { $0.matches(loweredAgent) }
    }

    // MARK: - Parsing

    private static let fieldNames = ["class", "group", "pattern", "source"]

    private static func rule(
        from line: Substring, number: Int, source: String
    ) throws(ClickAgentRulesError) -> ClickAgentRule {
        // The pattern keeps its spaces (" bot" differs from "bot"); the other fields are trimmed.
        let raw = line.split(separator: "\t", omittingEmptySubsequences: false)
        let fields = raw.enumerated().map { index, field in
            index == 2 && !trimmed(field).isEmpty ? String(field) : trimmed(field)
        }
        guard fields.count == fieldNames.count else {
            throw ClickAgentRulesError(
                .fieldCount, source: source, line: number, field: "fields",
                message: "expected 4 TAB-separated fields (class, group, pattern, source), found \(fields.count)")
        }
        for (index, name) in fieldNames.enumerated() where fields[index].isEmpty {
            throw ClickAgentRulesError(
                name == "pattern" ? .emptyPattern : .emptyField, source: source, line: number, field: name,
                message: "the \(name) field is empty")
        }
        guard let kind = ClickClass(rawValue: fields[0]) else {
            let names = ClickClass.allCases.filter { $0 != .duplicate }.map(\.rawValue).joined(separator: ", ")
            throw ClickAgentRulesError(
                .unknownClass, source: source, line: number, field: "class",
                message: "unknown class; use one of \(names)")
        }
        guard kind != .duplicate else {
            throw ClickAgentRulesError(
                .unknownClass, source: source, line: number, field: "class",
                message: "duplicate is assigned from earlier clicks, never by a rule")
        }
        return ClickAgentRule(clickClass: kind, group: fields[1], pattern: fields[2], source: fields[3], line: number)
    }

    private static func trimmed(_ field: Substring) -> String {
        let start = field.drop(while: { $0 == " " })
        guard let end = start.lastIndex(where: { $0 != " " }) else { return "" }
        return String(start[...end])
    }

    /// The UTF-8 bytes of `text` with ASCII letters lowercased (other bytes unchanged).
    static func asciiLowercasedBytes(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}

/// A line of a click-agents file that cannot be read.
///
/// Match on ``code``; ``description`` names the file, the line and the field.
public struct ClickAgentRulesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The line does not have exactly four TAB-separated fields.
        case fieldCount = "field_count"
        /// The class is not a ``ClickClass`` a rule may give.
        case unknownClass = "unknown_class"
        /// The pattern is empty.
        case emptyPattern = "empty_pattern"
        /// The group or source is empty.
        case emptyField = "empty_field"
    }

    /// The kind of problem.
    public var code: Code
    /// The file, as named by the caller.
    public var source: String
    /// The 1-based line number.
    public var line: Int
    /// The field: `class`, `group`, `pattern`, `source`, or `fields` for a wrong field count.
    public var field: String
    /// What is wrong and how to write it (never the line's text).
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - source: The file.
    ///   - line: The 1-based line number.
    ///   - field: The field.
    ///   - message: What is wrong.
    public init(_ code: Code, source: String, line: Int, field: String, message: String) {
        self.code = code
        self.source = source
        self.line = line
        self.field = field
        self.message = message
    }

    /// A one-line description for logs: file, line, field and message.
    public var description: String { "\(source):\(line): field \(field): \(message)" }
}
