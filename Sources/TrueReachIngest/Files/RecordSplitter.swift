import Foundation

/// Cuts an input, pushed in pieces, into records: lines, the elements of a JSON array (possibly
/// one held under a key of an object, or after a `window.YTD.… =` prefix), or one whole document.
///
/// Before ``frame(as:)`` is called it only buffers, so a reader can detect the format on the first
/// bytes (``buffered``) and then have them cut like the rest. Afterwards it holds at most the
/// current piece plus the record that spans into it (``peakBufferedBytes`` says how much that was):
/// memory is bounded by the largest record, not by the input. Only ``Framing/document`` holds the
/// whole input, up to ``InputFile/maxDocumentBytes``.
struct RecordSplitter {
    /// How the bytes divide into records.
    enum Framing {
        /// Every line, blank ones included, without `\n` and `\r`; a UTF-8 BOM on line 1 is dropped.
        case lines
        /// The elements of one JSON array, which starts as `start` says.
        case jsonArray(ArrayStart)
        /// The whole input as one record.
        case document
    }

    /// Where the JSON array whose elements are the records begins.
    enum ArrayStart {
        /// At the first `[` of the input; whatever comes before it (`window.YTD.tweets.part0 = `) is skipped.
        case firstBracket
        /// At the array value of the first top-level member of a JSON object whose key matches
        /// (Bluesky `{"feed": [...]}`); other members are skipped as they stream past.
        case member((String) -> Bool)
    }

    /// One record and where it starts.
    struct Record {
        /// 1-based line of its first byte.
        var line: Int
        /// 1-based byte column, for array elements.
        var column: Int?
        /// 0-based position among the array's elements (lines: among all lines).
        var index: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The input's name, for errors.
    let name: String
    private(set) var framing: Framing?
    private var buffer: [UInt8] = []
    /// Bytes at the front of ``buffer`` already cut into records, dropped on the next push.
    private var consumed = 0
    private var lineCount = 0
    private var framer = JSONArrayFramer()
    private var arrayOpen = false
    /// Where the member locator resumes: the start of the first member not yet skipped.
    private var memberPosition: Int?
    /// Whether a ``ArrayStart/member(_:)`` array was not found (the object ended, or was not one).
    private(set) var arrayMissing = false
    /// The most bytes held at once.
    private(set) var peakBufferedBytes = 0

    init(name: String) {
        self.name = name
    }

    /// The bytes buffered and not yet cut (before ``frame(as:)``: everything pushed so far).
    var buffered: ArraySlice<UInt8> { buffer[consumed...] }

    /// Sets how the bytes divide; the bytes buffered so far are cut by the next ``cut(isEOF:)``.
    mutating func frame(as framing: Framing) {
        precondition(self.framing == nil, "the framing is set once")
        self.framing = framing
    }

    /// Appends the next piece, dropping the bytes already cut.
    ///
    /// - Throws: ``IngestError/Code/recordTooLarge`` when one record (or a document) passes 1 GiB.
    mutating func append(_ chunk: [UInt8]) throws {
        if consumed > 0 {
            buffer.removeSubrange(0..<consumed)
            framer.rebase(consumed)
            memberPosition = memberPosition.map { $0 - consumed }
            consumed = 0
        }
        buffer += chunk
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        if buffer.count > InputFile.maxDocumentBytes {
            let what = if case .document = framing { "JSON document" } else { "record" }
            throw IngestError(.recordTooLarge, "a \(what) is larger than 1 GiB; split the input", path: name)
        }
    }

    /// The complete records in the buffer; at end of input, the last one too.
    ///
    /// - Throws: ``IngestError`` `.truncated` when a JSON array is not closed at the end,
    ///   `.unknownFormat` when there is no `[` for ``ArrayStart/firstBracket``.
    mutating func cut(isEOF: Bool) throws -> [Record] {
        switch framing {
        case nil: return []
        case .lines: return cutLines(isEOF: isEOF)
        case .document:
            guard isEOF, consumed < buffer.count else { return [] }
            defer { consumed = buffer.count }
            return [Record(line: 1, column: nil, index: 0, bytes: buffer[consumed...])]
        case .jsonArray(let start): return try cutElements(start, isEOF: isEOF)
        }
    }

    // MARK: - Lines

    private mutating func cutLines(isEOF: Bool) -> [Record] {
        var records: [Record] = []
        var start = consumed
        while start < buffer.count {
            let newline = LineFramer.firstNewline(buffer, from: start)
            if newline == buffer.count, !isEOF { break }
            var slice = buffer[start..<newline]
            if slice.last == 0x0D { slice = slice.dropLast() }
            if lineCount == 0, slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            records.append(Record(line: lineCount + 1, column: nil, index: lineCount, bytes: slice))
            lineCount += 1
            start = newline < buffer.count ? newline + 1 : newline
        }
        consumed = start
        return records
    }

    // MARK: - JSON arrays

    private mutating func cutElements(_ start: ArrayStart, isEOF: Bool) throws -> [Record] {
        if arrayMissing {
            consumed = buffer.count
            return []
        }
        if !arrayOpen {
            let open: Int?
            switch start {
            case .firstBracket:
                open = buffer[consumed...].firstIndex(of: UInt8(ascii: "["))
                if open == nil, isEOF { throw IngestError(.unknownFormat, "expected a JSON array", path: name) }
            case .member(let matches):
                open = locateMember(matches, isEOF: isEOF)
            }
            guard let open else { return [] }
            // Blank what precedes the array but keep its newlines, so the framer counts lines and
            // columns from the start of the input.
            for i in consumed..<open where buffer[i] != 0x0A { buffer[i] = 0x20 }
            arrayOpen = true
        }
        var spans: [RecordSpan] = []
        consumed = try framer.scan(buffer, from: consumed, isEOF: isEOF, limit: .max, into: &spans)
        if isEOF, !framer.isComplete {
            throw IngestError(.truncated, "the JSON array is not closed; the input may be cut short", path: name)
        }
        return spans.map { Record(line: $0.line, column: $0.column, index: $0.index, bytes: buffer[$0.start..<$0.end]) }
    }

    /// The position of the `[` opening the first matching member's array, or `nil` when more bytes
    /// are needed (or, with ``arrayMissing`` set, when there is none).
    private mutating func locateMember(_ matches: (String) -> Bool, isEOF: Bool) -> Int? {
        let count = buffer.count
        var p = memberPosition ?? consumed
        func skipSpace() {
            while p < count, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[p]) { p += 1 }
        }
        func missing() -> Int? {
            arrayMissing = true
            consumed = count
            return nil
        }
        if memberPosition == nil {
            if buffer[consumed...].starts(with: [0xEF, 0xBB, 0xBF]) { p += 3 }
            skipSpace()
            guard p < count else { return isEOF ? missing() : nil }
            guard buffer[p] == UInt8(ascii: "{") else { return missing() }
            p += 1
            memberPosition = p
        }
        while true {
            skipSpace()
            guard p < count else { break }
            if buffer[p] == UInt8(ascii: ",") {
                p += 1
                continue
            }
            guard buffer[p] == UInt8(ascii: "\"") else { return missing() }
            guard let keyEnd = JSONArrayFramer.valueEnd(buffer, from: p) else { break }
            let key =
                (try? JSONSerialization.jsonObject(with: Data(buffer[p..<keyEnd.end]), options: .fragmentsAllowed))
                as? String
            p = keyEnd.end
            skipSpace()
            guard p < count else { break }
            guard buffer[p] == UInt8(ascii: ":") else { return missing() }
            p += 1
            skipSpace()
            guard p < count else { break }
            if let key, matches(key), buffer[p] == UInt8(ascii: "[") { return p }
            guard let valueEnd = JSONArrayFramer.valueEnd(buffer, from: p) else { break }
            p = valueEnd.end
            memberPosition = p
        }
        return isEOF ? missing() : nil
    }
}
