/// Splits a top-level JSON array into its elements as bytes stream past, without parsing them.
///
/// Tracks nesting depth, strings and escapes only, so a 30 MB one-line Bot Repository file is
/// cut into records in one pass. Each element is reported with the line and column where it starts.
struct JSONArrayFramer: Sendable {
    private enum Phase: Sendable { case beforeArray, inArray, afterArray }

    private var phase = Phase.beforeArray
    private(set) var line = 1
    /// Buffer position just after the last newline (may go negative after ``rebase(_:)``).
    private var lineStart = 0
    private var nextIndex = 0

    /// Whether the closing `]` has been seen.
    var isComplete: Bool { phase == .afterArray }
    /// Whether non-space bytes followed the closing `]` (reported once by the reader).
    private(set) var trailingDataLine: Int?

    /// Appends complete elements found from `start`; returns the consumed position.
    ///
    /// - Throws: ``IngestError/Code/unknownFormat`` when the input does not start with `[`.
    mutating func scan(
        _ buffer: [UInt8],
        from start: Int,
        isEOF: Bool,
        limit: Int,
        into spans: inout [RecordSpan]
    ) throws -> Int {
        var position = start
        let count = buffer.count
        while spans.count < limit {
            while position < count {
                let byte = buffer[position]
                if byte == 0x0A {
                    line += 1
                    lineStart = position + 1
                } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                    break
                }
                position += 1
            }
            guard position < count else { break }
            let byte = buffer[position]
            switch phase {
            case .beforeArray:
                guard byte == UInt8(ascii: "[") else {
                    throw IngestError(.unknownFormat, "expected a JSON array starting with '['")
                }
                phase = .inArray
                position += 1
            case .afterArray:
                if trailingDataLine == nil { trailingDataLine = line }
                return count
            case .inArray:
                if byte == UInt8(ascii: "]") {
                    phase = .afterArray
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard let scanned = Self.valueEnd(buffer, from: position) else {
                    return position
                }
                spans.append(
                    RecordSpan(
                        start: position,
                        end: scanned.end,
                        line: line,
                        column: position - lineStart + 1,
                        index: nextIndex
                    )
                )
                nextIndex += 1
                if scanned.newlines > 0 {
                    line += scanned.newlines
                    lineStart = scanned.lastNewline + 1
                }
                position = scanned.end
            }
        }
        _ = isEOF
        return position
    }

    /// Shifts remembered positions after the reader drops `offset` consumed bytes.
    mutating func rebase(_ offset: Int) {
        lineStart -= offset
    }

    /// Finds the end of the JSON value starting at `start`, or `nil` when the buffer ends first.
    static func valueEnd(_ buffer: [UInt8], from start: Int) -> (end: Int, newlines: Int, lastNewline: Int)? {
        let count = buffer.count
        var position = start
        var depth = 0
        var inString = false
        var newlines = 0
        var lastNewline = -1
        let first = buffer[start]
        let isContainer = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        let isString = first == UInt8(ascii: "\"")
        while position < count {
            let byte = buffer[position]
            if byte == 0x0A {
                newlines += 1
                lastNewline = position
            }
            if inString {
                if byte == UInt8(ascii: "\\") {
                    position += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if isString { return (position + 1, newlines, lastNewline) }
                }
                position += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !isContainer { return (position, newlines, lastNewline) }
                depth -= 1
                if depth == 0 { return (position + 1, newlines, lastNewline) }
            case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                if !isContainer, !isString { return (position, newlines, lastNewline) }
            default:
                break
            }
            position += 1
        }
        return nil
    }
}
