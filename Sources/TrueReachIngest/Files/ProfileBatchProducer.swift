import Foundation
import TrueReachCore

/// Reads one input in chunks and frames its records into batches, handing them out in file order.
///
/// Two ways to take batches:
/// - ``next()`` decodes `parallelism` batches at a time in a task group and hands them out one by
///   one (for `import`, `readAll` and labelled reads);
/// - ``nextUndecoded()`` only reads and frames, so the caller decodes each batch in its own child
///   task while it works on earlier ones (`score` and `audit`, through `forEachInOrder`).
///
/// Pull-driven (the consumer's calls drive reading), so memory stays bounded by about
/// `parallelism × batchSize` records however large the input.
actor ProfileBatchProducer {
    private enum Framer {
        case lines(LineFramer)
        case array(JSONArrayFramer)
        case csv(CSVFramer)
        case document
    }

    /// The largest single JSON document (non-array, non-lines) read in one piece.
    static let maxDocumentBytes = 256 << 20

    /// The input's name in issues and errors (the path as given, `-`, or a stream's name).
    private let path: String
    private let input: IngestInput
    private let configuration: IngestConfiguration
    private let labelColumns: [String]
    private let usesScanner: Bool

    private var source: ByteSource?
    private var started = false
    private var carry: [UInt8] = []
    private var scanPosition = 0
    private var isEOF = false
    private var consumedBefore = 0
    private var framer = Framer.document
    private var documentDone = false
    private(set) var decoder: RecordDecoder?
    private(set) var totalBytes: Int?
    private var limit: IssueLimit
    /// Decoded batches not yet handed out, in file order.
    private var pending: [DecodedBatch] = []
    /// Buffers of decoded batches, read into again.
    private let buffers: ReadBufferPool
    /// The capacity given to every read buffer: the most a batch has needed so far.
    private var bufferCapacity = 0
    /// An error met while reading ahead, raised once the batches read before it are handed out.
    private var deferredError: (any Error)?
    private var finished = false

    init(input: IngestInput, configuration: IngestConfiguration, labelColumns: [String] = []) {
        self.input = input
        let path = input.name
        self.path = path
        self.configuration = configuration
        self.labelColumns = labelColumns
        self.usesScanner = configuration.usesByteScanner
        self.limit = IssueLimit(configuration: configuration, path: path)
        // Enough for the batches a consumer keeps in flight (two per core) to hand their buffers
        // back without any being freed and allocated again (measured: 22 fresh 17 MB buffers per
        // million profiles with room for 3; page faults per million 160,000-200,000 -> 130,000-150,000).
        self.buffers = ReadBufferPool(capacity: 2 * configuration.parallelism + 2)
    }

    /// The format being read (after the first call to ``next()``).
    var format: ProfileFormat? { decoder?.format }

    /// The next decoded batch in file order, or `nil` at the end.
    ///
    /// - Throws: ``IngestError`` for operational failures, strict-mode issues and too many issues,
    ///   each after the batches before it.
    func next() async throws -> DecodedBatch? {
        if pending.isEmpty, !finished {
            try Task.checkCancellation()
            await fill()
        }
        guard !pending.isEmpty else {
            if let deferredError {
                self.deferredError = nil
                throw deferredError
            }
            try limit.finish()
            return nil
        }
        let batch = pending.removeFirst()
        do {
            try limit.admit(batch.issues, readable: batch.profiles.count)
        } catch {
            finish()
            pending = []
            throw error
        }
        return batch
    }

    /// The next batch read and framed but not decoded, in file order, or `nil` at the end.
    ///
    /// The caller decodes it (``UndecodedProfileBatch/decode()``) and applies an ``IssueLimit``
    /// to the decoded batches in file order.
    ///
    /// - Throws: ``IngestError`` for operational failures (`.truncated` after the last batch).
    func nextUndecoded() async throws -> UndecodedProfileBatch? {
        if !finished, let raw = await readRaw(), let decoder {
            return UndecodedProfileBatch(raw: raw, decoder: decoder, totalBytes: totalBytes, buffers: buffers)
        }
        if let deferredError {
            self.deferredError = nil
            throw deferredError
        }
        return nil
    }

    /// Reads `parallelism` raw batches and decodes them together in a task group.
    private func fill() async {
        var raw: [RawBatch] = []
        while raw.count < configuration.parallelism, let batch = await readRaw() {
            raw.append(batch)
        }
        guard let decoder, !raw.isEmpty else { return }
        if raw.count == 1 {
            pending.append(decoder.decode(raw[0]))
        } else {
            let decoded = await withTaskGroup(of: (Int, DecodedBatch).self) { group in
                for (index, batch) in raw.enumerated() {
                    group.addTask { (index, decoder.decode(batch)) }
                }
                var results = [DecodedBatch?](repeating: nil, count: raw.count)
                for await (index, batch) in group { results[index] = batch }
                return results.compactMap { $0 }
            }
            pending += decoded
        }
        for batch in raw { buffers.put(batch.bytes) }
    }

    /// The next raw batch, or `nil` at the end or on an error, which is kept for after the
    /// batches already read.
    private func readRaw() async -> RawBatch? {
        guard !finished else { return nil }
        do {
            if !started { try await start() }
            if decoder != nil, let raw = try await nextRawBatch() { return raw }
            if case .array(let array) = framer, !array.isComplete {
                deferredError = IngestError(.truncated, "the input ends before the JSON array is closed", path: path)
            }
        } catch {
            deferredError = error
        }
        finish()
        return nil
    }

    private func finish() {
        finished = true
        source?.close()
        source = nil
        carry = []
    }

    // MARK: - Start

    private func start() async throws {
        started = true
        let source = try ByteSource(input)
        self.source = source
        totalBytes = source.totalBytes
        while carry.count < 1 << 20, !isEOF {
            try await readMore()
        }
        if carry.starts(with: [0xEF, 0xBB, 0xBF]) {
            carry.removeFirst(3)
            consumedBefore = 3
        }
        guard carry.contains(where: { !ProfileFormat.isSpace($0) }) else {
            throw IngestError(.emptyInput, "the input is empty; nothing to read", path: path)
        }
        let significant = carry.lazy.filter { !ProfileFormat.isSpace($0) }.prefix(2)
        if Array(significant) == [UInt8(ascii: "["), UInt8(ascii: "]")] {
            throw IngestError(.emptyInput, "the input is an empty JSON array; nothing to read", path: path)
        }
        let format: ProfileFormat
        if let configured = configuration.format {
            format = configured
        } else if let detected = ProfileFormat.detect(prefix: carry) {
            format = detected
        } else {
            throw IngestError(
                .unknownFormat,
                "the format could not be recognised from the content; pass --input-format (see docs/formats.md)",
                path: path
            )
        }
        // A part after a file's first line (a Spark partition) was cut between lines: it is read as lines
        // whatever its first lines look like, so bad records at its start cannot turn it into one document.
        let framing =
            input.lineOffset > 0 && !format.isTabular ? .lines : ProfileFormat.framing(prefix: carry, format: format)
        let stem = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var decoder = RecordDecoder(
            format: format,
            file: path,
            fileStem: stem,
            framing: framing,
            labelColumns: labelColumns,
            usesScanner: usesScanner
        )
        decoder.lineOffset = input.lineOffset
        switch framing {
        case .lines: framer = .lines(LineFramer())
        case .jsonArray: framer = .array(JSONArrayFramer())
        case .document: framer = .document
        case .csv(let delimiter):
            var csv = CSVFramer()
            var spans: [RecordSpan] = []
            while true {
                scanPosition = try csv.scan(carry, from: 0, isEOF: isEOF, limit: 1, into: &spans)
                if !spans.isEmpty || isEOF { break }
                try await readMore()
            }
            guard let span = spans.first else {
                throw IngestError(.emptyInput, "the table has no header", path: path)
            }
            do {
                decoder.header = try CSVRecordParser.fields(
                    carry,
                    start: span.start,
                    end: span.end,
                    delimiter: delimiter
                )
                .map { $0.trimmingCharacters(in: .whitespaces) }
            } catch {
                throw IngestError(.unknownFormat, "the header row is not valid UTF-8", path: path)
            }
            framer = .csv(csv)
        }
        self.decoder = decoder
    }

    private func readMore() async throws {
        guard let source else {
            isEOF = true
            return
        }
        // An actor's property cannot be passed inout across a suspension: swap the buffer out and back
        // (no copy), so a file read still goes straight into the reused buffer.
        var buffer: [UInt8] = []
        swap(&buffer, &carry)
        defer { swap(&buffer, &carry) }
        if !(try await source.read(name: path, appendingTo: &buffer)) { isEOF = true }
    }

    // MARK: - Batches

    private func nextRawBatch() async throws -> RawBatch? {
        var spans: [RecordSpan] = []
        let limit = configuration.batchSize
        if case .document = framer {
            guard !documentDone else { return nil }
            while !isEOF {
                try await readMore()
                if carry.count > Self.maxDocumentBytes {
                    throw IngestError(
                        .recordTooLarge,
                        "a single JSON document over 256 MiB; convert it to JSON lines",
                        path: path
                    )
                }
            }
            documentDone = true
            let line = 1
            spans = [RecordSpan(start: 0, end: carry.count, line: line, column: nil, index: 0)]
            scanPosition = carry.count
            return cut(spans)
        }
        while true {
            switch framer {
            case .lines(var lines):
                scanPosition = lines.scan(carry, from: scanPosition, isEOF: isEOF, limit: limit, into: &spans)
                framer = .lines(lines)
            case .array(var array):
                scanPosition = try array.scan(carry, from: scanPosition, isEOF: isEOF, limit: limit, into: &spans)
                framer = .array(array)
            case .csv(var csv):
                do {
                    scanPosition = try csv.scan(carry, from: scanPosition, isEOF: isEOF, limit: limit, into: &spans)
                } catch var error as IngestError {
                    error.path = path
                    throw error
                }
                framer = .csv(csv)
            case .document:
                return nil
            }
            if spans.count >= limit || isEOF || (!spans.isEmpty && scanPosition >= configuration.batchByteBudget) {
                break
            }
            try await readMore()
        }
        if spans.isEmpty {
            if isEOF, case .array(let array) = framer, array.isComplete, scanPosition < carry.count {
                return nil
            }
            return nil
        }
        return cut(spans)
    }

    private func cut(_ spans: [RecordSpan]) -> RawBatch {
        // Hand the whole buffer to the batch (spans index into it) and keep only the unread tail:
        // one small copy instead of copying the batch out.
        let bytes = carry
        carry = buffers.take()
        // Every buffer gets the largest capacity a batch has needed so far, so recycled buffers fit
        // the next batch and grow at most once, instead of doubling while chunks arrive.
        bufferCapacity = max(bufferCapacity, max(bytes.count, ByteSource.chunkSize) + ByteSource.chunkSize)
        carry.reserveCapacity(bufferCapacity)
        carry.append(contentsOf: bytes[scanPosition...])
        if case .array(var array) = framer {
            array.rebase(scanPosition)
            framer = .array(array)
        }
        consumedBefore += scanPosition
        scanPosition = 0
        return RawBatch(bytes: bytes, spans: spans, bytesRead: consumedBefore)
    }
}
