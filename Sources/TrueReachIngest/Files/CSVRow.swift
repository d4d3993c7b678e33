import Foundation

/// One CSV data row with its header, for readers that look fields up by name.
struct CSVRow {
    var line: Int
    var header: [String: Int]
    var fields: [String]

    subscript(_ name: String) -> String? {
        guard let i = header[name], i < fields.count else { return nil }
        let v = fields[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty || v == "NULL" || v == "N/A" ? nil : v
    }

    /// A count: a whole number, tolerating `198,282` thousands separators; throws the field name when
    /// malformed or negative (a negative count is not a count, `docs/formats.md`).
    func int(_ name: String) throws(CSVFieldError) -> Int? {
        guard let text = self[name] else { return nil }
        let digits = text.replacingOccurrences(of: ",", with: "")
        var number: Int?
        if let n = Int(digits) {
            number = n
        } else if let d = Double(digits), d.rounded() == d, abs(d) < 9e15 {
            number = Int(d)
        }
        guard let number else { throw CSVFieldError(field: name, reason: "expected a whole number") }
        guard number >= 0 else { throw CSVFieldError(field: name, reason: "negative count") }
        return number
    }
}

struct CSVFieldError: Error {
    var field: String
    var reason: String
}
