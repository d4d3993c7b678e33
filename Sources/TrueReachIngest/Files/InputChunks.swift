/// An input's bytes in pieces, for the post, series and snapshot readers.
///
/// Files and standard input are read with read(2) in 4 MiB pieces, synchronously (``nextFromFile()``),
/// so the path-taking readers stay synchronous. A stream's chunks are gathered into pieces of at
/// least ``minimumStreamPiece`` bytes (the last may be shorter): framing then never rescans a record
/// that spans many one-byte chunks once per chunk, and format detection sees the same first 64 KiB
/// it sees in a file. Owned by one reader at a time (not `Sendable`).
final class InputChunks {
    /// The smallest piece handed on from a stream, except the last.
    static let minimumStreamPiece = 64 << 10

    private let source: ByteSource
    /// The input's name, for errors.
    let name: String
    /// Whether the input is a stream of chunks (read with `await`), not a file or standard input.
    let isStream: Bool

    /// Opens `input`.
    ///
    /// - Throws: ``IngestError`` `.fileNotFound` or `.unreadable` for a path.
    init(_ input: IngestInput) throws {
        source = try ByteSource(input)
        name = input.name
        if case .chunks = input.storage { isStream = true } else { isStream = false }
    }

    /// The next piece of any input, or `nil` at its end; checks for cancellation once per piece.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error or a failing stream; `CancellationError`.
    func next(isolation: isolated (any Actor)? = #isolation) async throws -> [UInt8]? {
        try Task.checkCancellation()
        guard isStream else { return try nextFromFile() }
        var piece: [UInt8] = []
        while piece.count < Self.minimumStreamPiece,
            try await source.read(name: name, appendingTo: &piece, isolation: isolation)
        {}
        return piece.isEmpty ? nil : piece
    }

    /// The next piece of a file or standard input, or `nil` at its end.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error.
    func nextFromFile() throws -> [UInt8]? {
        precondition(!isStream, "a stream of chunks is read with next()")
        return try source.read(path: name)
    }

    func close() { source.close() }
}
