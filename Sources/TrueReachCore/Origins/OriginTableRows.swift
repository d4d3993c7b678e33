/// Reads the rows of a tab-separated origin table: the place, language-word and name files.
///
/// Lines starting with `#` and blank lines are skipped; the first other line must be `header`; every
/// later line must have as many TAB-separated fields, and is handed to `row` with its 1-based number.
///
/// - Parameters:
///   - text: The file's text.
///   - source: The file's name, for errors.
///   - header: The expected header fields.
///   - row: Called for every data line, with its number and fields.
/// - Throws: ``OriginDataError`` naming the file, line and field of a bad line, or one from `row`.
func readOriginTableRows(
    _ text: String, source: String, header: [Substring],
    row: (_ line: Int, _ fields: [Substring]) throws(OriginDataError) -> Void
) throws(OriginDataError) {
    var sawHeader = false
    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        lineNumber += 1
        let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
        if line.isEmpty || line.hasPrefix("#") { continue }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        if !sawHeader {
            guard fields == header else {
                throw OriginDataError(
                    source: source, line: lineNumber, field: "header",
                    reason: "expected '\(header.joined(separator: "\\t"))'")
            }
            sawHeader = true
            continue
        }
        guard fields.count == header.count else {
            throw OriginDataError(
                source: source, line: lineNumber, field: "line",
                reason: "has \(fields.count) fields, expected \(header.count)")
        }
        try row(lineNumber, fields)
    }
    guard sawHeader else {
        throw OriginDataError(source: source, line: lineNumber, field: "header", reason: "is missing")
    }
}
