import Foundation
public import Logging
public import TrueReachCore
public import TrueReachIngest
public import TrueReachStore

/// The `import` job: account files stored as the audience of a named account, in one transaction,
/// and the account's posts, series and snapshots stored with it.
///
/// If any file cannot be read (or the reader's issue policy is exceeded, or strict mode meets a bad
/// record) nothing is stored and the store is exactly as it was. Importing again under the same name
/// replaces that audience. The account's other records are read in full before anything is written
/// and stored after the followers, in a second short transaction; each kind given replaces the stored
/// one, kinds not given are kept.
public struct ImportJob: Sendable {
    /// Reads the files, with its issue policy.
    public var reader: ProfileFileReader
    /// Strictness of the store (invalid or repeated accounts).
    public var options: AudienceImportOptions
    /// Where the job logs what it stored.
    public var logger: Logger

    /// Creates the job.
    public init(
        reader: ProfileFileReader = ProfileFileReader(), options: AudienceImportOptions = .init(),
        logger: Logger = Logger(label: "truereach.import")
    ) {
        self.logger = logger
        self.reader = reader
        self.options = options
    }

    /// Stores the accounts of `inputs` as the audience of `account`.
    ///
    /// - Parameters:
    ///   - inputs: Profile files, standard input, or byte streams (an upload body).
    ///   - account: The audited account: the audience's name.
    ///   - platform: The audited account's platform; `nil` takes the first follower's.
    ///   - store: Where to store it.
    ///   - records: The account's posts, interactions, series and snapshots (``AuditExtraInputs/records``).
    ///   - events: Progress and skipped records, from the consuming task.
    /// - Returns: What was stored and skipped.
    /// - Throws: `IngestError` from the readers, `StoreError` from the store.
    public func run(
        inputs: [IngestInput], account: String, platform: Platform?, into store: any AudienceStore,
        records: AccountRecords = AccountRecords(), events: JobEvents? = nil
    ) async throws -> AudienceImportSummary {
        guard !inputs.isEmpty else {
            try await store.saveAccountRecords(records, account: account)
            logger.info("account records stored", metadata: ["account": "\(account)"])
            return AudienceImportSummary(account: account)
        }
        let counter = RecordCounter()
        let batches = InputBatches(inputs: inputs, reader: reader) { batch in
            let records = counter.add(batch.profiles.count)
            if !batch.issues.isEmpty { events?(.skipped(batch.issues)) }
            events?(.progress(records: records, bytesRead: batch.bytesRead, totalBytes: batch.totalBytes))
        }
        // Peek at the first batch for the platform, then feed it back in front of the rest.
        var iterator = batches.makeAsyncIterator()
        let first = try await iterator.next() ?? []
        let platform = platform ?? first.first?.platform ?? .other
        let summary = try await store.saveAudience(
            account: account, platform: platform, batches: Prepended(first: first, rest: iterator), options: options)
        try await store.saveAccountRecords(records, account: account)
        logger.info(
            "audience stored",
            metadata: [
                "account": "\(account)", "saved": "\(summary.followersSaved)", "invalid": "\(summary.invalidSkipped)",
                "duplicates": "\(summary.duplicatesSkipped)", "replaced": "\(summary.replacedExisting)",
            ])
        return summary
    }

    /// Counts records from the one consuming task.
    private final class RecordCounter {
        private var records = 0
        func add(_ count: Int) -> Int {
            records += count
            return records
        }
    }

    /// One already-read batch followed by the rest of an iterator.
    private struct Prepended: AsyncSequence, AsyncIteratorProtocol {
        var first: [Profile]?
        var rest: InputBatches.Iterator

        init(first: [Profile], rest: InputBatches.Iterator) {
            self.first = first.isEmpty ? nil : first
            self.rest = rest
        }

        mutating func next() async throws -> [Profile]? {
            if let first {
                self.first = nil
                return first
            }
            return try await rest.next()
        }

        func makeAsyncIterator() -> Prepended { self }
    }
}
