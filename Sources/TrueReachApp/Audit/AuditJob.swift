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
    /// The stored audience the audit read (for a stored source), to tell later whether it is still
    /// the one stored (``AuditJob/record(_:source:account:in:at:)``).
    public var audience: AudienceInfo?
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
    /// Tells each follower's language and country (the shipped tables unless given); nil leaves them out.
    public var origins: OriginGuesser?

    /// Creates an audit job.
    public init(
        scorer: any Scorer, asOf: Date, sample: SampleInfo? = nil, width: Int = defaultPipelineWidth,
        logger: Logger = Logger(label: "truereach.audit"), origins: OriginGuesser? = OriginFiles.shipped
    ) {
        precondition(width > 0, "width must be positive")
        self.logger = logger
        self.origins = origins
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
        let started = ContinuousClock.now
        logger.debug(
            "audit started",
            metadata: [
                "account": "\(account ?? "")", "scorer": "\(scorer.name)", "sample": "\(sample?.size ?? 0)",
                "named_accounts": "\(inputs.namedAccounts.count)",
            ])
        let read = try await accumulateRereading(source, wanted: inputs.namedAccounts, events: events)
        var report = try report(
            read.totals, drawn: read.drawn, sample: sample, records: read.records, account: account, asOf: asOf)
        var extras = AuditExtras()
        if !inputs.isEmpty {
            let wanted = inputs.namedAccounts
            extras = try AuditExtras.build(
                inputs, report: report, probabilities: read.named,
                audienceMembers: wanted.isEmpty ? nil : Set(read.named.keys), threshold: scorer.threshold)
            if inputs.posts != nil { report = report.withEngagementRatio(extras.engagementRatio) }
        }
        logger.info(
            "audit finished",
            metadata: [
                "account": "\(account ?? "")", "followers": "\(read.records)",
                "seconds": "\(ContinuousClock.now - started)",
            ])
        return AuditResult(report: report, extras: extras, audience: read.audience)
    }

    /// How many times an audit reads a stored audience that is re-imported while it is being read.
    public static let readAttempts = 3

    /// ``accumulate(_:wanted:enforcingIssueLimits:events:)`` with issue limits, reading a stored
    /// audience again (up to ``readAttempts`` times in all) when it is re-imported during the read, so
    /// the audit counts one whole import, the old or the new.
    private func accumulateRereading(
        _ source: AudienceSource, wanted: Set<ProfileID>, events: JobEvents?
    ) async throws -> Accumulated {
        var attempt = 1
        while true {
            do {
                return try await accumulate(source, wanted: wanted, enforcingIssueLimits: true, events: events)
            } catch let error as StoreError where error.code == .concurrentModification && attempt < Self.readAttempts {
                attempt += 1
                logger.notice(
                    "the audience was re-imported while it was read; reading it again",
                    metadata: ["attempt": "\(attempt)"])
            }
        }
    }

    /// Reads and scores `source` into a partial audit: the mergeable state of one part of an audience.
    ///
    /// The reader's issue limits are not applied (the part's issues are collected into the partial,
    /// and ``merge(_:account:configuration:)`` applies them over every part), and nothing is stored.
    ///
    /// - Throws: `IngestError` for unreadable input, `StoreError`, ``AppError`` `.notFound`.
    public func partial(source: AudienceSource, events: JobEvents? = nil) async throws -> AuditPartial {
        let read = try await accumulate(source, wanted: [], enforcingIssueLimits: false, events: events)
        return AuditPartial(
            scorer: scorer.name, threshold: scorer.threshold, asOf: asOf, sample: sample, issues: read.issues,
            totals: read.totals.state,
            draw: read.drawn.map { AuditPartial.Draw(population: $0.populationCount, profiles: $0.profiles) })
    }

    /// Merges partial audits of the parts of one audience into the report a single audit of the
    /// whole gives, byte for byte.
    ///
    /// - Parameters:
    ///   - partials: The parts, in input order (each input's parts in line order).
    ///   - account: The audited account's name.
    ///   - configuration: The issue policy, applied over all the parts' issues as one pass would.
    /// - Returns: The report; its reference date and sample are the partials' (they must agree).
    /// - Throws: ``AppError`` `.badInput` (partials that disagree, another scorer, no followers);
    ///   `IngestError` when the issue policy is exceeded.
    public func merge(
        _ partials: [AuditPartial], account: String?, configuration: IngestConfiguration
    ) throws -> AudienceReport {
        guard let first = partials.first else { throw AppError(.badInput, "no partial audits to merge") }
        for (index, part) in partials.enumerated() {
            let n = index + 1
            guard part.schema == AuditPartial.currentSchema else {
                throw AppError(
                    .badInput,
                    "partial \(n) is of schema '\(part.schema)'; this build reads \(AuditPartial.currentSchema)")
            }
            guard part.scorer == scorer.name, part.threshold == scorer.threshold else {
                throw AppError(
                    .badInput,
                    "partial \(n) was scored by '\(part.scorer)' at threshold \(part.threshold); merge with the same --scorer and --model"
                )
            }
            guard part.asOf == first.asOf, part.sample == first.sample, (part.draw == nil) == (first.sample == nil)
            else {
                throw AppError(.badInput, "partial \(n) has another --as-of, --sample or --seed than partial 1")
            }
        }
        try IssueSummary.enforce(partials.map(\.issues), configuration: configuration)
        let analyzer = AudienceAnalyzer(
            threshold: scorer.threshold, quantification: scorer.quantification, origins: origins)
        var totals = analyzer.makeAccumulator()
        var drawn = first.sample.map { AudienceSample(size: $0.size, seed: $0.seed) }
        for (index, part) in partials.enumerated() {
            do {
                totals.merge(try AudienceAccumulator(analyzer: analyzer, state: part.totals))
            } catch {
                throw AppError(.badInput, "partial \(index + 1): \(error)")
            }
            if let sample = first.sample, let draw = part.draw {
                drawn?.merge(
                    AudienceSample(
                        size: sample.size, seed: sample.seed, populationCount: draw.population, profiles: draw.profiles)
                )
            }
        }
        let records = drawn?.populationCount ?? totals.count
        return try report(
            totals, drawn: drawn, sample: first.sample, records: records, account: account, asOf: first.asOf)
    }

    /// What one pass over a source gathered.
    private struct Accumulated {
        var totals: AudienceAccumulator
        var drawn: AudienceSample?
        var named: [ProfileID: Double]
        var records: Int
        var issues: IssueSummary
        var audience: AudienceInfo?
    }

    /// One pass over `source`: every follower scored into totals (a census) or offered to the draw.
    private func accumulate(
        _ source: AudienceSource, wanted: Set<ProfileID>, enforcingIssueLimits: Bool, events: JobEvents?
    ) async throws -> Accumulated {
        let analyzer = AudienceAnalyzer(
            threshold: scorer.threshold, quantification: scorer.quantification, origins: origins)
        var read = Accumulated(
            totals: analyzer.makeAccumulator(), drawn: sample.map { AudienceSample(size: $0.size, seed: $0.seed) },
            named: [:], records: 0, issues: IssueSummary())
        let (scorer, now, sample) = (self.scorer, asOf, self.sample)

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
            case .totals(let part): read.totals.merge(part)
            case .sample(let part): read.drawn?.merge(part)
            case nil: break
            }
            read.named.merge(output.named) { first, _ in first }
            read.records += output.count
            if !output.issues.isEmpty { events?(.skipped(output.issues)) }
            events?(.progress(records: read.records, bytesRead: output.bytesRead, totalBytes: output.totalBytes))
        }

        // Both sources are pulled batch by batch, so reading never runs ahead of the work.
        switch source {
        case .inputs(let inputs, let reader):
            for input in inputs {
                var limit = IssueLimit(
                    configuration: reader.configuration, path: input.name, enforcing: enforcingIssueLimits)
                let batches = reader.undecodedBatches(input).map { pending in
                    Batch(records: .undecoded(pending), bytesRead: pending.bytesRead, totalBytes: pending.totalBytes)
                }
                try await forEachInOrder(batches, width: width, transform: work) { output in
                    try limit.admit(output.issues, readable: output.count)
                    merge(output)
                }
                try limit.finish()
                read.issues.inputs.append(limit.summary)
            }
        case .stored(let store, let name):
            read.audience = try await store.fetchAudience(account: name)
            guard read.audience != nil else {
                throw AppError(
                    .notFound,
                    "no stored audience named '\(name)'; import one with `truereach import FILE --account \(name)`")
            }
            let batches = store.fetchAudienceProfiles(account: name, batchSize: 8_192).map { profiles in
                Batch(records: .profiles(profiles))
            }
            try await forEachInOrder(batches, width: width, transform: work) { merge($0) }
        }
        return read
    }

    /// The report from gathered totals, scoring the drawn sample first when there is one.
    private func report(
        _ totals: AudienceAccumulator, drawn: AudienceSample?, sample: SampleInfo?, records: Int, account: String?,
        asOf now: Date
    ) throws -> AudienceReport {
        let analyzer = totals.analyzer
        var totals = totals
        if let drawn, let sample {
            let profiles = drawn.profiles
            totals.add(profiles, scores: scorer.score(profiles, asOf: now), asOf: now)
            return analyzer.report(
                from: totals, account: account, asOf: now, scorer: scorer.name, sample: sample,
                populationCount: drawn.populationCount)
        }
        if records == 0 { throw AppError(.badInput, "no followers to audit") }
        return analyzer.report(from: totals, account: account, asOf: now, scorer: scorer.name)
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
