import Foundation
import TrueReachCore

/// Reads one input in chunks, frames records, and parses batches in parallel, handing them out in
/// file order.
///
/// A pipeline: up to `parallelism` batches are being decoded on background tasks while the
/// consumer works on earlier ones, and each `next()` hands out the oldest and reads the next raw
/// batch. Reading stays pull-driven, so memory stays bounded by about `parallelism × batchSize`
/// records however large the input.
actor AccountBatchProducer {
    private enum Framer {
        case lines(LineFramer)
        case array(JSONArrayFramer)
        case csv(CSVFramer)
        case document
    }

    /// The largest single JSON document (non-array, non-lines) read in one piece.
    static let maxDocumentBytes = 256 << 20

    private let path: String
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
    private var issueCount = 0
    /// Batches being decoded, oldest first, each with its raw buffer to reuse once decoded.
    private var inFlight: [Task<(DecodedBatch, [UInt8]), Never>] = []
    /// Buffers of batches already decoded, reused for the next reads: a fresh multi-megabyte buffer
    /// per batch cost a page fault per 4 KiB (a tenth of `score`'s time in a profile).
    private var spareBuffers: [[UInt8]] = []
    /// An error met while reading ahead, raised once the batches before it are handed out.
    private var deferredError: (any Error)?
    private var finished = false

    init(path: String, configuration: IngestConfiguration, labelColumns: [String] = []) {
        self.path = path
        self.configuration = configuration
        self.labelColumns = labelColumns
        self.usesScanner = configuration.usesByteScanner
    }

    /// The format being read (after the first call to ``next()``).
    var format: AccountFormat? { decoder?.format }

    /// The next batch in file order, or `nil` at the end.
    ///
    /// - Throws: ``IngestError`` for operational failures, strict-mode issues and too many issues.
    func next() async throws -> DecodedBatch? {
        try Task.checkCancellation()
        readAhead()
        guard !inFlight.isEmpty else {
            if let deferredError {
                self.deferredError = nil
                throw deferredError
            }
            return nil
        }
        let (batch, buffer) = await inFlight.removeFirst().value
        if spareBuffers.count <= configuration.parallelism { spareBuffers.append(buffer) }
        do {
            try admit(batch)
        } catch {
            finish()
            for task in inFlight { task.cancel() }
            inFlight = []
            throw error
        }
        // Start on the next batch before handing this one out, so it decodes while the consumer works.
        readAhead()
        return batch
    }

    /// Counts a decoded batch's issues against the limits.
    private func admit(_ batch: DecodedBatch) throws {
        if configuration.strict, let first = batch.issues.first {
            throw IngestError(
                .invalidRecord,
                "stopped at the first bad record (strict): \(first)",
                path: path,
                issue: first
            )
        }
        issueCount += batch.issues.count
        if issueCount > configuration.maxErrors, let last = batch.issues.last {
            throw IngestError(
                .tooManyIssues,
                "more than \(configuration.maxErrors) bad records (last: \(last)); fix the input or raise --max-errors",
                path: path,
                issue: last
            )
        }
    }

    /// Reads raw batches and starts decoding them until `parallelism` are in flight or the input
    /// ends; a read error is kept for after the batches already read.
    private func readAhead() {
        while !finished, inFlight.count < configuration.parallelism {
            do {
                if !started { try start() }
                guard let decoder, let raw = try nextRawBatch() else {
                    if case .array(let array) = framer, !array.isComplete {
                        deferredError = IngestError(
                            .truncated,
                            "the input ends before the JSON array is closed",
                            path: path
                        )
                    }
                    finish()
                    return
                }
                // Detached: a task created here would run on this actor, one decode at a time.
                inFlight.append(Task.detached { (decoder.decode(raw), raw.bytes) })
            } catch {
                deferredError = error
                finish()
            }
        }
    }

    private func finish() {
        finished = true
        source?.close()
        source = nil
        carry = []
    }

    // MARK: - Start

    private func start() throws {
        started = true
        let source = try ByteSource(path: path)
        self.source = source
        totalBytes = source.totalBytes
        while carry.count < 1 << 20, !isEOF {
            if !(try source.read(path: path, appendingTo: &carry)) { isEOF = true }
        }
        if carry.starts(with: [0xEF, 0xBB, 0xBF]) {
            carry.removeFirst(3)
            consumedBefore = 3
        }
        guard carry.contains(where: { !AccountFormat.isSpace($0) }) else {
            throw IngestError(.emptyInput, "the input is empty; nothing to read", path: path)
        }
        let significant = carry.lazy.filter { !AccountFormat.isSpace($0) }.prefix(2)
        if Array(significant) == [UInt8(ascii: "["), UInt8(ascii: "]")] {
            throw IngestError(.emptyInput, "the input is an empty JSON array; nothing to read", path: path)
        }
        let format: AccountFormat
        if let configured = configuration.format {
            format = configured
        } else if let detected = AccountFormat.detect(prefix: carry) {
            format = detected
        } else {
            throw IngestError(
                .unknownFormat,
                "the format could not be recognised from the content; pass --input-format (see docs/formats.md)",
                path: path
            )
        }
        let framing = AccountFormat.framing(prefix: carry, format: format)
        let stem = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var decoder = RecordDecoder(
            format: format,
            file: path,
            fileStem: stem,
            framing: framing,
            labelColumns: labelColumns,
            usesScanner: usesScanner
        )
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
                try readMore()
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

    private func readMore() throws {
        guard let source else {
            isEOF = true
            return
        }
        if !(try source.read(path: path, appendingTo: &carry)) { isEOF = true }
    }

    // MARK: - Batches

    private func nextRawBatch() throws -> RawBatch? {
        var spans: [RecordSpan] = []
        let limit = configuration.batchSize
        if case .document = framer {
            guard !documentDone else { return nil }
            while !isEOF {
                try readMore()
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
            if spans.count >= limit || isEOF { break }
            try readMore()
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
        carry = spareBuffers.popLast() ?? []
        carry.removeAll(keepingCapacity: true)
        // At most one allocation per batch (none once buffers are recycled) instead of repeated
        // doubling while chunks arrive.
        carry.reserveCapacity(max(bytes.count, ByteSource.chunkSize) + ByteSource.chunkSize)
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
