import Foundation
import TrueReachCore

/// Reads one post or interaction input piece by piece.
///
/// The format is detected on the first 64 KiB (buffered, then cut like the rest); records are cut as
/// the format's framing says (``framing(for:head:)``) and each goes to its format's reader as soon as
/// it is complete, with the issue policy applied record by record.
struct PostStream: ChunkConsumer {
    /// The input's name, used in issues and errors.
    let name: String
    private(set) var format: PostSourceFormat?
    /// The X archive owner, when known; else looked up in `account.js` beside ``ownerSearchPath``.
    private var owner: ProfileID?
    private let ownerSearchPath: String?
    private var limit: IssueLimit
    private var admitted = 0
    /// Cuts the records (test-visible: its framing and peak buffer size).
    private(set) var splitter: RecordSplitter
    private var batch = PostBatch()
    private var csv = CSVRowAssembler()
    private var rows = 0
    private let decoder = PostReader.canonicalDecoder()

    /// Creates a reader for the input named `name`.
    ///
    /// - Parameters:
    ///   - name: the input's name, for issues and errors.
    ///   - format: the format, or `nil` to detect it.
    ///   - owner: the X archive owner, for archives read from a stream.
    ///   - ownerSearchPath: a file path whose folder may hold the archive's `account.js`.
    ///   - configuration: the issue policy.
    init(
        name: String,
        format: PostSourceFormat?,
        owner: ProfileID?,
        ownerSearchPath: String?,
        configuration: IngestConfiguration
    ) {
        self.name = name
        self.format = format
        self.owner = owner
        self.ownerSearchPath = ownerSearchPath
        limit = IssueLimit(configuration: configuration, path: name)
        splitter = RecordSplitter(name: name)
    }

    mutating func push(_ chunk: [UInt8]) throws {
        try splitter.append(chunk)
        if splitter.framing == nil {
            guard splitter.buffered.count >= InputFile.detectionBytes else { return }
            try begin()
        }
        try handle(splitter.cut(isEOF: false))
    }

    mutating func finish() throws -> PostBatch {
        if splitter.framing == nil { try begin() }
        try handle(splitter.cut(isEOF: true))
        if let event = csv.finish() { try handle(event) }
        if format == .blueskyFeed, splitter.arrayMissing {
            batch.issues.append(PostReader.issue(name, 1, "feed", "expected an object with a \"feed\" array"))
            try limit.admit(newIn: batch.issues, admitted: &admitted)
        }
        try IngestError.requireReadable(records: batch.records, issues: batch.issues, path: name)
        return batch
    }

    // MARK: - Framing

    /// Detects the format (unless given) and sets the framing from the first bytes.
    private mutating func begin() throws {
        let head = Array(splitter.buffered.prefix(InputFile.detectionBytes))
        guard InputFile.firstSignificantByte(head) != nil else {
            throw IngestError(.emptyInput, "the input is empty", path: name)
        }
        let format = try self.format ?? PostReader.detectFormat(head: head, name: name)
        self.format = format
        if format == .xArchive, owner == nil, let ownerSearchPath {
            owner = PostReader.archiveOwner(besides: ownerSearchPath).map { ProfileID($0) }
        }
        splitter.frame(as: Self.framing(for: format, head: head))
    }

    /// How records of `format` are cut, given the input's first bytes.
    ///
    /// Arrays are framed element by element (an X archive after its `window.YTD.… =` prefix, a Bluesky
    /// page's `feed` inside its object). Only an X API or Mastodon input that is one JSON object (a single
    /// tweet or status, or a first line that is not a complete JSON value) is read whole.
    static func framing(for format: PostSourceFormat, head: [UInt8]) -> RecordSplitter.Framing {
        let significant = InputFile.firstSignificantByte(head)
        let isArray = significant?.0 == UInt8(ascii: "[")
        switch format {
        case .xArchive, .instafakeAutomated: return .jsonArray(.firstBracket)
        case .blueskyFeed: return .jsonArray(.member { $0 == "feed" })
        case .mastodon: return isArray ? .jsonArray(.firstBracket) : .document
        case .xAPI:
            if isArray { return .jsonArray(.firstBracket) }
            guard let offset = significant?.1, let first = JSONArrayFramer.valueEnd(head, from: offset),
                first.newlines == 0
            else { return .document }
            return .lines
        case .canonicalJSON, .interactionsJSON: return isArray ? .jsonArray(.firstBracket) : .lines
        case .facebookPageMetrics, .facebookLiveSellers, .canonicalCSV, .interactionsCSV: return .lines
        }
    }

    // MARK: - Records

    private mutating func handle(_ records: [RecordSplitter.Record]) throws {
        guard let format, let framing = splitter.framing else { return }
        for record in records {
            let line = record.line
            switch (format, framing) {
            case (.xArchive, _):
                PostReader.addArchiveTweet(Self.json(record.bytes), line: line, owner: owner, file: name, to: &batch)
            case (.xAPI, .document):
                PostReader.addAPIDocument(record.bytes, file: name, to: &batch)
            case (.xAPI, _):
                if Self.isBlank(record.bytes) { continue }
                PostReader.addAPITweet(Self.json(record.bytes), line: line, file: name, to: &batch)
            case (.mastodon, _):
                PostReader.addMastodonStatus(Self.json(record.bytes), line: line, file: name, to: &batch)
            case (.blueskyFeed, _):
                PostReader.addBlueskyItem(
                    Self.json(record.bytes), index: record.index, line: line, file: name, to: &batch)
            case (.instafakeAutomated, _):
                PostReader.addInstafakeAccount(
                    Self.json(record.bytes), index: record.index, line: line, file: name, to: &batch)
            case (.canonicalJSON, _), (.interactionsJSON, _):
                let data: Data
                if case .lines = framing {
                    let text = String(decoding: record.bytes, as: UTF8.self)
                    if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    data = Data(text.utf8)
                } else {
                    data = Data(record.bytes)
                }
                if format == .canonicalJSON {
                    PostReader.addCanonicalPost(data, line: line, decoder: decoder, file: name, to: &batch)
                } else {
                    PostReader.addCanonicalInteraction(data, line: line, decoder: decoder, file: name, to: &batch)
                }
            case (.facebookPageMetrics, _), (.facebookLiveSellers, _), (.canonicalCSV, _), (.interactionsCSV, _):
                if let event = csv.line(line, String(decoding: record.bytes, as: UTF8.self)) { try handle(event) }
                continue
            }
            try limit.admit(newIn: batch.issues, admitted: &admitted)
        }
    }

    private mutating func handle(_ event: CSVRowAssembler.Event) throws {
        switch event {
        case .header: return
        case .malformed(let line):
            batch.issues.append(PostReader.issue(name, line, nil, "malformed CSV record"))
        case .row(let r):
            switch format {
            case .facebookPageMetrics:
                rows += 1
                let page = ProfileID(URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent)
                PostReader.addFacebookPageRow(r, row: rows, page: page, file: name, to: &batch)
            case .facebookLiveSellers: PostReader.addLiveSellersRow(r, file: name, to: &batch)
            case .canonicalCSV: PostReader.addCanonicalCSVRow(r, file: name, to: &batch)
            case .interactionsCSV: PostReader.addInteractionsCSVRow(r, file: name, to: &batch)
            default: return
            }
        }
        try limit.admit(newIn: batch.issues, admitted: &admitted)
    }

    /// One JSON value, or `nil` when it does not parse.
    static func json(_ bytes: ArraySlice<UInt8>) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }
    }
}
