/// A reader that takes an input's bytes piece by piece and, at the end, returns what it read.
///
/// The post, series and snapshot readers are written this way so that one implementation serves
/// the synchronous path-taking entry points and the `async` ``IngestInput`` ones.
protocol ChunkConsumer {
    associatedtype Output

    /// Takes the next piece of input (any size, records may span pieces).
    mutating func push(_ chunk: [UInt8]) throws

    /// Ends the input and returns what was read.
    mutating func finish() throws -> Output
}

extension ChunkConsumer {
    /// Reads the file at `path` (`-`: standard input) synchronously.
    ///
    /// - Throws: ``IngestError`` from opening, reading or the consumer.
    mutating func read(path: String) throws -> Output {
        let chunks = try InputChunks(.path(path))
        defer { chunks.close() }
        while let chunk = try chunks.nextFromFile() { try push(chunk) }
        return try finish()
    }

    /// Reads any input; a file is read as ``read(path:)`` reads it, a stream with `await`.
    ///
    /// - Throws: ``IngestError`` from opening, reading or the consumer; `CancellationError`.
    mutating func read(_ input: IngestInput, isolation: isolated (any Actor)? = #isolation) async throws -> Output {
        let chunks = try InputChunks(input)
        defer { chunks.close() }
        while let chunk = try await chunks.next(isolation: isolation) { try push(chunk) }
        return try finish()
    }
}
