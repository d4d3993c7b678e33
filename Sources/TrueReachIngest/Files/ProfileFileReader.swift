import TrueReachCore

/// Reads account profiles from a file or standard input, in any supported ``ProfileFormat``.
///
/// The format is detected from the content unless ``IngestConfiguration/format`` is set. Input is
/// read in 4 MiB chunks and parsed in batches spread over the cores, so memory stays flat however
/// large the file. Bad records become ``IngestIssue``s (see ``IngestConfiguration``).
///
/// ```swift
/// let reader = ProfileFileReader()
/// for try await batch in reader.batches(path: "followers.jsonl") {
///     score(batch.accounts)
/// }
/// ```
public struct ProfileFileReader: Sendable {
    /// How inputs are read.
    public var configuration: IngestConfiguration

    /// Creates a reader.
    public init(configuration: IngestConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Streams batches of accounts in file order; `"-"` reads standard input.
    ///
    /// Reading is driven by the consumer: the next batches are read and parsed (in parallel, up to
    /// ``IngestConfiguration/parallelism`` at a time) when the consumer asks for them.
    ///
    /// - Parameter path: a file path, or `-` for standard input.
    /// - Returns: a stream that finishes at the end of input or throws an ``IngestError``
    ///   (`.fileNotFound`, `.unreadable`, `.emptyInput`, `.unknownFormat`, `.truncated`,
    ///   `.invalidRecord` in strict mode, `.tooManyIssues`).
    /// - Complexity: O(n) in the input size; memory O(parallelism × batchSize) records.
    public func batches(path: String) -> AsyncThrowingStream<ProfileBatch, any Error> {
        batches(.path(path))
    }

    /// Streams batches of accounts from any input (a file, standard input, a stream of chunks), in
    /// input order; issues name the input by ``IngestInput/name``.
    ///
    /// - Returns: a stream as ``batches(path:)`` returns; a failing chunk stream ends it with
    ///   `.unreadable`.
    /// - Complexity: O(n) in the input size; memory O(parallelism × batchSize) records.
    public func batches(_ input: IngestInput) -> AsyncThrowingStream<ProfileBatch, any Error> {
        let producer = ProfileBatchProducer(input: input, configuration: configuration)
        return AsyncThrowingStream {
            guard let batch = try await producer.next() else { return nil }
            let format = await producer.format ?? .canonicalJSONL
            return ProfileBatch(
                profiles: batch.profiles,
                issues: batch.issues,
                bytesRead: batch.bytesRead,
                totalBytes: await producer.totalBytes,
                format: format
            )
        }
    }

    /// Streams batches read and framed but not decoded, in file order; `"-"` reads standard input.
    ///
    /// For consumers that spread work over the cores themselves: decode each batch in a child
    /// task (``UndecodedProfileBatch/decode()``), then apply an ``IssueLimit`` made from this
    /// reader's configuration to the decoded batches in file order.
    ///
    /// ```swift
    /// var limit = IssueLimit(configuration: reader.configuration, path: path)
    /// for try await pending in reader.undecodedBatches(path: path) {
    ///     let batch = pending.decode()  // in a child task
    ///     try limit.admit(batch.issues)  // in file order
    /// }
    /// ```
    ///
    /// - Returns: a stream that finishes at the end of input or throws an ``IngestError``
    ///   (`.fileNotFound`, `.unreadable`, `.emptyInput`, `.unknownFormat`, `.truncated`).
    /// - Complexity: O(n) in the input size, without the decoding; memory O(batchSize) records
    ///   per batch the caller holds.
    public func undecodedBatches(path: String) -> AsyncThrowingStream<UndecodedProfileBatch, any Error> {
        undecodedBatches(.path(path))
    }

    /// Streams undecoded batches from any input, as ``undecodedBatches(path:)`` does from a path.
    public func undecodedBatches(_ input: IngestInput) -> AsyncThrowingStream<UndecodedProfileBatch, any Error> {
        let producer = ProfileBatchProducer(input: input, configuration: configuration)
        return AsyncThrowingStream { try await producer.nextUndecoded() }
    }

    /// Reads a whole input into memory: for small files and tests (use ``batches(path:)`` for large ones).
    ///
    /// - Returns: every account in file order and every issue found.
    /// - Throws: ``IngestError``, as ``batches(path:)`` does.
    public func readAll(path: String) async throws -> (profiles: [Profile], issues: [IngestIssue]) {
        try await readAll(.path(path))
    }

    /// Reads a whole input of any kind into memory (see ``readAll(path:)``).
    public func readAll(_ input: IngestInput) async throws -> (profiles: [Profile], issues: [IngestIssue]) {
        var profiles: [Profile] = []
        var issues: [IngestIssue] = []
        for try await batch in batches(input) {
            profiles += batch.profiles
            issues += batch.issues
        }
        return (profiles, issues)
    }

    /// Reads a whole input with the raw value of the first present label column for each account.
    func readLabeled(
        path: String,
        labelColumns: [String]
    ) async throws
        -> (profiles: [Profile], labels: [String?], issues: [IngestIssue], format: ProfileFormat?)
    {
        let producer = ProfileBatchProducer(
            input: .path(path), configuration: configuration, labelColumns: labelColumns)
        var profiles: [Profile] = []
        var labels: [String?] = []
        var issues: [IngestIssue] = []
        while let batch = try await producer.next() {
            profiles += batch.profiles
            labels += batch.labels
            issues += batch.issues
        }
        return (profiles, labels, issues, await producer.format)
    }
}
