import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// Where an audit reads its followers from.
enum AudienceSource {
    case files([String], AccountFileReader)
    case stored(SQLiteStore, name: String)
}

/// The audit pipeline shared by `audit` and `demo`: read, score (all or a sample), accumulate, report.
struct Audit {
    var scorer: any Scorer
    var now: Date
    var sample: SampleInfo?
    var quiet: Bool

    func run(source: AudienceSource, accountName: String?) async throws -> AudienceReport {
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification)
        let width = pipelineWidth
        var totals = analyzer.makeAccumulator()
        var drawn = sample.map { AudienceSample(size: $0.size, seed: $0.seed) }
        var progress = ProgressReporter(label: "audit", quiet: quiet)
        var issues = IssueSummary()
        var records = 0
        let scorer = self.scorer
        let now = self.now
        let sample = self.sample

        // Decoding (for files) and scoring in the same child task: both spread over the cores.
        let work: @Sendable (Batch) -> (PartialAudit, [IngestIssue], Int, Int, Int?) = { batch in
            let (accounts, batchIssues) = batch.decoded()
            if let sample {
                var part = AudienceSample(size: sample.size, seed: sample.seed)
                for account in accounts { part.insert(account) }
                return (.sample(part), batchIssues, accounts.count, batch.bytesRead, batch.totalBytes)
            }
            var part = analyzer.makeAccumulator()
            part.add(accounts, scores: scorer.score(accounts, asOf: now), asOf: now)
            return (.totals(part), batchIssues, accounts.count, batch.bytesRead, batch.totalBytes)
        }
        func merge(_ output: (PartialAudit, [IngestIssue], Int, Int, Int?)) {
            let (part, batchIssues, count, bytesRead, totalBytes) = output
            switch part {
            case .totals(let part): totals.merge(part)
            case .sample(let part): drawn?.merge(part)
            }
            records += count
            issues.add(batchIssues)
            progress.update(records: records, bytesRead: bytesRead, totalBytes: totalBytes)
        }

        // Both sources are pulled batch by batch, so reading never runs ahead of the work.
        switch source {
        case .files(let files, let reader):
            for file in files {
                var limit = IssueLimit(configuration: reader.configuration, path: file)
                let batches = reader.undecodedBatches(path: file).map { pending in
                    Batch(records: .undecoded(pending), bytesRead: pending.bytesRead, totalBytes: pending.totalBytes)
                }
                try await forEachInOrder(batches, width: width, transform: work) { output in
                    try limit.admit(output.1)
                    merge(output)
                }
            }
        case .stored(let store, let name):
            guard try await store.fetchAudienceNames().contains(name) else {
                throw CLIError(
                    message:
                        "no stored audience named '\(name)'; import one with `truereach import FILE --account \(name)`",
                    exitCode: TrueReachExit.badInput)
            }
            let batches = store.fetchAudienceAccounts(name: name, batchSize: 8_192).map { accounts in
                Batch(records: .accounts(accounts))
            }
            try await forEachInOrder(batches, width: width, transform: work) { merge($0) }
        }
        progress.finish(records: records)
        issues.report()

        if let drawn {
            let accounts = drawn.accounts
            totals.add(accounts, scores: scorer.score(accounts, asOf: now), asOf: now)
            return analyzer.report(
                from: totals, account: accountName, asOf: now, scorer: scorer.name, sample: sample,
                populationCount: drawn.populationCount)
        }
        if records == 0 {
            throw CLIError(message: "no followers to audit", exitCode: TrueReachExit.badInput)
        }
        return analyzer.report(from: totals, account: accountName, asOf: now, scorer: scorer.name)
    }

    private enum PartialAudit: Sendable {
        case totals(AudienceAccumulator)
        case sample(AudienceSample)
    }

    /// A batch of followers from a file (not yet decoded) or the database (decoded), with what
    /// progress reporting needs.
    struct Batch: Sendable {
        enum Records: Sendable {
            case accounts([Account])
            case undecoded(UndecodedAccountBatch)
        }
        var records: Records
        var bytesRead = 0
        var totalBytes: Int?

        /// The accounts and the issues of the records that could not be read.
        func decoded() -> (accounts: [Account], issues: [IngestIssue]) {
            switch records {
            case .accounts(let accounts): return (accounts, [])
            case .undecoded(let pending):
                let batch = pending.decode()
                return (batch.accounts, batch.issues)
            }
        }
    }
}
