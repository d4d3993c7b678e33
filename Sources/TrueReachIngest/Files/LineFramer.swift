import Foundation

/// Splits JSON lines on `\n` (dropping a `\r` before it) and skips blank lines.
struct LineFramer: Sendable {
    private(set) var line = 1
    private var nextIndex = 0

    /// Appends complete records found from `start` (up to `limit` in `spans`).
    ///
    /// Returns the position up to which the buffer is consumed. At end of input a last line without `\n` is a record.
    mutating func scan(
        _ buffer: [UInt8],
        from start: Int,
        isEOF: Bool,
        limit: Int,
        into spans: inout [RecordSpan]
    ) -> Int {
        var position = start
        let count = buffer.count
        while spans.count < limit, position < count {
            let newline = Self.firstNewline(buffer, from: position)
            if newline == count, !isEOF { break }
            var end = newline
            if end > position, buffer[end - 1] == 0x0D { end -= 1 }
            if !Self.isBlank(buffer, position, end) {
                spans.append(RecordSpan(start: position, end: end, line: line, column: nil, index: nextIndex))
                nextIndex += 1
            }
            line += 1
            position = newline < count ? newline + 1 : count
        }
        return position
    }

    /// The index of the next `\n` at or after `start`, or `buffer.count` (memchr: the framing hot loop).
    static func firstNewline(_ buffer: [UInt8], from start: Int) -> Int {
        buffer.withUnsafeBufferPointer { pointer in
            guard let base = pointer.baseAddress, start < pointer.count,
                let found = memchr(base + start, 0x0A, pointer.count - start)
            else { return pointer.count }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private static func isBlank(_ buffer: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            switch buffer[index] {
            case 0x20, 0x09, 0x0D: index += 1
            default: return false
            }
        }
        return true
    }
}
