/// Parses one delimited record (RFC 4180 quoting, `""` for a quote) into UTF-8 fields.
enum CSVRecordParser {
    /// Why a record could not be split into fields.
    struct Failure: Error {
        var column: Int
        var reason: String
    }

    /// The fields of `buffer[start..<end]`.
    ///
    /// - Throws: ``Failure`` with the 1-based column of invalid UTF-8.
    /// - Complexity: O(n) in the record's length.
    static func fields(_ buffer: [UInt8], start: Int, end: Int, delimiter: UInt8) throws(Failure) -> [String] {
        var fields: [String] = []
        var position = start
        var field: [UInt8] = []
        while true {
            field.removeAll(keepingCapacity: true)
            let fieldStart = position
            if position < end, buffer[position] == UInt8(ascii: "\"") {
                position += 1
                while position < end {
                    let byte = buffer[position]
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < end, buffer[position + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    field.append(byte)
                    position += 1
                }
                // Lenient: keep stray bytes between a closing quote and the delimiter.
                while position < end, buffer[position] != delimiter {
                    field.append(buffer[position])
                    position += 1
                }
            } else {
                while position < end, buffer[position] != delimiter {
                    field.append(buffer[position])
                    position += 1
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw Failure(column: fieldStart - start + 1, reason: "invalid UTF-8")
            }
            fields.append(text)
            if position >= end { break }
            position += 1  // the delimiter
        }
        return fields
    }
}
