/// An input to read: a file, standard input, or any stream of byte chunks, with the name that
/// issues and errors use for it.
///
/// Paths are one case (read with read(2) into reused buffers, the fast path), standard input
/// another; ``chunks(_:name:)`` reads anything else, such as an upload body or an HTTP response.
/// Chunks may be of any size: records may span chunk boundaries.
///
/// ```swift
/// let body: some AsyncSequence<[UInt8], any Error> & Sendable = upload.chunks
/// for try await batch in ProfileFileReader().batches(.chunks(body, name: "upload.jsonl")) { ... }
/// ```
public struct IngestInput: Sendable {
    enum Storage: Sendable {
        case file(String)
        case standardInput
        case chunks(any AsyncSequence<[UInt8], any Error> & Sendable)
    }

    /// The name used in issues and errors: the path as given, `-` for standard input, or the
    /// caller's name for a stream.
    public let name: String
    /// Added to every line (and table row) number in issues and synthetic ids: the input is a part
    /// of the file ``name``, starting after this many of its lines (a Spark partition, say).
    public let lineOffset: Int
    let storage: Storage

    init(name: String, lineOffset: Int = 0, storage: Storage) {
        self.name = name
        self.lineOffset = lineOffset
        self.storage = storage
    }

    /// The same bytes, read as a part of the file `name` whose line 1 is this input's line
    /// 1 + `lineOffset`: issues name that file and line, and table rows without ids get that
    /// file's synthetic ids.
    public func part(of name: String, lineOffset: Int) -> IngestInput {
        IngestInput(name: name, lineOffset: lineOffset, storage: storage)
    }

    /// The file at `path`; `-` means standard input.
    public static func path(_ path: String) -> IngestInput {
        path == "-" ? .standardInput : IngestInput(name: path, storage: .file(path))
    }

    /// Standard input, named `-`.
    public static var standardInput: IngestInput { IngestInput(name: "-", storage: .standardInput) }

    /// Any stream of byte chunks, named `name` in issues (an upload's file name, a URL).
    public static func chunks(_ chunks: some AsyncSequence<[UInt8], any Error> & Sendable, name: String) -> IngestInput
    {
        IngestInput(name: name, storage: .chunks(chunks))
    }
}
