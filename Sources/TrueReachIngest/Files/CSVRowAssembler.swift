import Foundation

/// Turns the lines of a delimited table with a header into rows, one line at a time.
///
/// The first non-blank line is the header; its most frequent of `,`, `;` and tab is the delimiter.
/// A quoted field may hold newlines: lines are joined until the quotes balance.
struct CSVRowAssembler {
    /// What one line completed.
    enum Event {
        /// The header line, as it stands.
        case header(String)
        case row(CSVRow)
        /// A record that could not be split into fields, at its first line.
        case malformed(line: Int)
    }

    private var header: [String: Int]?
    private var delimiter: Character = ","
    private var pending = ""
    private var pendingLine = 0

    /// Takes line `number` (without its newline).
    mutating func line(_ number: Int, _ text: String) -> Event? {
        guard let header else {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            let counts = [",", ";", "\t"].map { d in (d, text.filter { String($0) == d }.count) }
            delimiter = Character(counts.max(by: { $0.1 < $1.1 })?.0 ?? ",")
            let names = InputFile.csvFields(text, delimiter: delimiter) ?? []
            var map: [String: Int] = [:]
            for (i, n) in names.enumerated() where map[n.trimmingCharacters(in: .whitespaces)] == nil {
                map[n.trimmingCharacters(in: .whitespaces)] = i
            }
            self.header = map
            return .header(text)
        }
        let record = pending.isEmpty ? text : pending + "\n" + text
        if pending.isEmpty { pendingLine = number }
        // A quoted field may hold a newline: keep reading until the quotes balance.
        if record.filter({ $0 == "\"" }).count % 2 == 1 {
            pending = record
            return nil
        }
        pending = ""
        if record.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let fields = InputFile.csvFields(record, delimiter: delimiter) else {
            return .malformed(line: pendingLine)
        }
        return .row(CSVRow(line: pendingLine, header: header, fields: fields))
    }

    /// Ends the input: a record left open by an unbalanced quote is malformed.
    func finish() -> Event? {
        pending.isEmpty ? nil : .malformed(line: pendingLine)
    }
}
