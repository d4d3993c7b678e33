/// Splits delimited text into records at newlines outside double quotes; skips blank lines.
struct CSVFramer: Sendable {
    private(set) var line = 1
    private var nextIndex = 0

    /// Appends complete records from `start`; returns the consumed position.
    ///
    /// - Throws: ``IngestError/Code/truncated`` when the input ends inside a quoted field.
    mutating func scan(
        _ buffer: [UInt8],
        from start: Int,
        isEOF: Bool,
        limit: Int,
        into spans: inout [RecordSpan]
    ) throws -> Int {
        var position = start
        let count = buffer.count
        while spans.count < limit, position < count {
            var cursor = position
            var inQuotes = false
            var newlines = 0
            var recordEnd = -1
            while cursor < count {
                let byte = buffer[cursor]
                if byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if byte == 0x0A {
                    if !inQuotes {
                        recordEnd = cursor
                        break
                    }
                    newlines += 1
                }
                cursor += 1
            }
            if recordEnd < 0 {
                guard isEOF else { break }
                if inQuotes {
                    throw IngestError(.truncated, "the input ends inside a quoted field that starts on line \(line)")
                }
                recordEnd = count
            }
            var end = recordEnd
            if end > position, buffer[end - 1] == 0x0D { end -= 1 }
            if end > position {
                spans.append(RecordSpan(start: position, end: end, line: line, column: nil, index: nextIndex))
                nextIndex += 1
            }
            line += newlines + 1
            position = recordEnd < count ? recordEnd + 1 : count
        }
        return position
    }
}
