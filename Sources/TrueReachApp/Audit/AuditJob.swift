public import Foundation
public import Logging
public import TrueReachCore
public import TrueReachIngest
public import TrueReachStore

/// Where an audit reads its followers from.
public enum AudienceSource: Sendable {
    /// Profile inputs (files, standard input, upload bodies, HTTP responses), read with the reader's
    /// configuration and issue policy.
    case inputs([IngestInput], ProfileFileReader)
    /// The audience stored under `name`.
    case stored(any AudienceStore, name: String)

    /// Profile files; `-` is standard input.
    public static func files(_ paths: [String], _ reader: ProfileFileReader) -> AudienceSource {
        .inputs(paths.map(IngestInput.path), reader)
    }
}

/// What an audit produced: the report and what posts, series and snapshots added to it.
public struct AuditResult: Sendable {
    /// The audience report (with the engagement ratio already applied when posts were given).
    public var report: AudienceReport
    /// The engagement object, HTML sections and JSON keys from the extra inputs.
    public var extras: AuditExtras
}

/// The audit job shared by `audit`, `demo` and the server: read, score (all or a sample), accumulate, report.
///
/// One pass over the followers: accounts that the extra inputs name (engagers, snapshot members) are
/// picked out and scored during that pass, so a stream that can be read once (standard input, an
/// upload) still has them.
///
/// ```swift
/// let job = AuditJob(scorer: try loadScorer(modelPath: nil), asOf: now)
/// let result = try await job.run(source: .files(["followers.jsonl"], ProfileFileReader()), account: "acme")
/// print(result.report.estimatedFakeShare)
/// ```
public struct AuditJob: Sendable {
    /// Scores every follower.
    public var scorer: any Scorer
    /// The reference date for accounts without a capture time.
    public var asOf: Date
    /// A seeded uniform sample instead of a census, when set.
    public var sample: SampleInfo?
    /// Batches in flight at once.
    public var width: Int
    /// Where the job logs what it did (start, source, counts, duration).
    public var logger: Logger

    /// Creates an audit job.
    public init(
        scorer: any Scorer, asOf: Date, sample: SampleInfo? = nil, width: Int = defaultPipelineWidth,
        logger: Logger = Logger(label: "truereach.audit")
    ) {
        precondition(width > 0, "width must be positive")
        self.logger = logger
        self.scorer = scorer
        self.asOf = asOf
        self.sample = sample
        self.width = width
    }

    /// Audits the followers in `source`.
    ///
    /// - Parameters:
    ///   - source: Files or a stored audience.
    ///   - account: The audited account's name (the name its audit history is kept under).
    ///   - inputs: Posts, series and snapshots read beforehand (``AuditExtraInputs/read(posts:series:snapshots:policy:events:)``).
    ///   - events: Progress and skipped records, from the consuming task.
    /// - Returns: The report and its extras.
    /// - Throws: ``AppError`` `.notFound` (no such stored audience), `.badInput` (no followers, or posts
    ///   without engagement); `IngestError` from the readers (with the reader's issue policy); `StoreError`.
    public func run(
        source: AudienceSource, account: String?, extras inputs: AuditExtraInputs = AuditExtraInputs(),
        events: JobEvents? = nil
    ) async throws -> AuditResult {
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification)
        var totals = analyzer.makeAccumulator()
        var drawn = sample.map { AudienceSample(size: $0.size, seed: $0.seed) }
        var named: [ProfileID: Double] = [:]
        var records = 0
        let (scorer, now, sample) = (self.scorer, asOf, self.sample)
        let wanted = inputs.namedAccounts
        let started = ContinuousClock.now
        logger.debug(
            "audit started",
            metadata: [
                "account": "\(account ?? "")", "scorer": "\(scorer.name)", "sample": "\(sample?.size ?? 0)",
                "named_accounts": "\(wanted.count)",
            ])

        // Decoding (for files) and scoring in the same child task: both spread over the cores.
        let work: @Sendable (Batch) -> Partial = { batch in
            let (profiles, issues) = batch.decoded()
            var out = Partial(
                issues: issues, count: profiles.count, bytesRead: batch.bytesRead,
                totalBytes: batch.totalBytes)
            if let sample {
                var part = AudienceSample(size: sample.size, seed: sample.seed)
                for account in profiles { part.insert(account) }
                out.part = .sample(part)
                out.named = Self.scores(of: wanted, in: profiles, scorer: scorer, asOf: now, scored: nil)
            } else {
                var part = analyzer.makeAccumulator()
                let scores = scorer.score(profiles, asOf: now)
                part.add(profiles, scores: scores, asOf: now)
                out.part = .totals(part)
                out.named = Self.scores(of: wanted, in: profiles, scorer: scorer, asOf: now, scored: scores)
            }
            return out
        }
        func merge(_ output: Partial) {
            switch output.part {
            case .totals(let part): totals.merge(part)
            case .sample(let part): drawn?.merge(part)
            case nil: break
            }
            named.merge(output.named) { first, _ in first }
            records += output.count
            if !output.issues.isEmpty { events?(.skipped(output.issues)) }
            events?(.progress(records: records, bytesRead: output.bytesRead, totalBytes: output.totalBytes))
        }

        // Both sources are pulled batch by batch, so reading never runs ahead of the work.
        switch source {
        case .inputs(let inputs, let reader):
            for input in inputs {
                var limit = IssueLimit(configuration: reader.configuration, path: input.name)
                let batches = reader.undecodedBatches(input).map { pending in
                    Batch(records: .undecoded(pending), bytesRead: pending.bytesRead, totalBytes: pending.totalBytes)
                }
                try await forEachInOrder(batches, width: width, transform: work) { output in
                    try limit.admit(output.issues, readable: output.count)
                    merge(output)
                }
                try limit.finish()
            }
        case .stored(let store, let name):
            guard try await store.fetchAudience(account: name) != nil else {
                throw AppError(
                    .notFound,
                    "no stored audience named '\(name)'; import one with `truereach import FILE --account \(name)`")
            }
            let batches = store.fetchAudienceProfiles(account: name, batchSize: 8_192).map { profiles in
                Batch(records: .profiles(profiles))
            }
            try await forEachInOrder(batches, width: width, transform: work) { merge($0) }
        }

        var report: AudienceReport
        if let drawn {
            let profiles = drawn.profiles
            totals.add(profiles, scores: scorer.score(profiles, asOf: now), asOf: now)
            report = analyzer.report(
                from: totals, account: account, asOf: now, scorer: scorer.name, sample: sample,
                populationCount: drawn.populationCount)
        } else {
            if records == 0 { throw AppError(.badInput, "no followers to audit") }
            report = analyzer.report(from: totals, account: account, asOf: now, scorer: scorer.name)
        }
        var extras = AuditExtras()
        if !inputs.isEmpty {
            extras = try AuditExtras.build(
                inputs, report: report, probabilities: named, audienceMembers: wanted.isEmpty ? nil : Set(named.keys),
                threshold: scorer.threshold)
            if inputs.posts != nil { report = report.withEngagementRatio(extras.engagementRatio) }
        }
        logger.info(
            "audit finished",
            metadata: [
                "account": "\(account ?? "")", "followers": "\(records)",
                "seconds": "\(ContinuousClock.now - started)",
            ])
        return AuditResult(report: report, extras: extras)
    }

    /// Stores the audit and returns the account's audit history, newest first, this one included.
    ///
    /// - Throws: `StoreError`.
    public static func record(
        _ report: AudienceReport, account: String, in store: any AudienceStore, at date: Date = Date()
    ) async throws -> [StoredAudit] {
        try await store.saveAudit(report, createdAt: date)
        return try await store.fetchAudits(account: account)
    }

    /// Audit scores of the accounts in `wanted` (matched by id or handle) among `profiles`.
    ///
    /// - Parameters:
    ///   - wanted: Ids and handles to find.
    ///   - profiles: A batch of followers.
    ///   - scorer: Scores the named ones when `scored` is `nil`.
    ///   - asOf: The reference date.
    ///   - scored: The scores of `profiles` when already computed; else only the named ones are scored.
    /// - Returns: Probability by the name used in `wanted`.
    static func scores(
        of wanted: Set<ProfileID>, in profiles: [Profile], scorer: any Scorer, asOf: Date, scored: [ProfileScore]?
    ) -> [ProfileID: Double] {
        guard !wanted.isEmpty else { return [:] }
        var out: [ProfileID: Double] = [:]
        func take(_ account: Profile, _ probability: Double) {
            if wanted.contains(account.id), out[account.id] == nil { out[account.id] = probability }
            if let handle = account.handle, wanted.contains(ProfileID(handle)), out[ProfileID(handle)] == nil {
                out[ProfileID(handle)] = probability
            }
        }
        let isNamed = { (a: Profile) in wanted.contains(a.id) || a.handle.map { wanted.contains(ProfileID($0)) } == true
        }
        if let scored {
            for (account, score) in zip(profiles, scored) where isNamed(account) { take(account, score.probability) }
        } else {
            let named = profiles.filter(isNamed)
            for (account, score) in zip(named, scorer.score(named, asOf: asOf)) { take(account, score.probability) }
        }
        return out
    }

    /// One batch's share of the work.
    private struct Partial: Sendable {
        var part: PartialAudit?
        var named: [ProfileID: Double] = [:]
        var issues: [IngestIssue]
        var count: Int
        var bytesRead: Int
        var totalBytes: Int?
    }

    private enum PartialAudit: Sendable {
        case totals(AudienceAccumulator)
        case sample(AudienceSample)
    }

    /// A batch of followers from a file (not yet decoded) or the database (decoded), with what
    /// progress reporting needs.
    struct Batch: Sendable {
        enum Records: Sendable {
            case profiles([Profile])
            case undecoded(UndecodedProfileBatch)
        }
        var records: Records
        var bytesRead = 0
        var totalBytes: Int?

        /// The accounts and the issues of the records that could not be read.
        func decoded() -> (profiles: [Profile], issues: [IngestIssue]) {
            switch records {
            case .profiles(let profiles): return (profiles, [])
            case .undecoded(let pending):
                let batch = pending.decode()
                return (batch.profiles, batch.issues)
            }
        }
    }
}
