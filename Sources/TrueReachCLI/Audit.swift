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
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold)
        let width = pipelineWidth
        var totals = analyzer.makeAccumulator()
        var drawn = sample.map { AudienceSample(size: $0.size, seed: $0.seed) }
        var progress = ProgressReporter(label: "audit", quiet: quiet)
        var issues = IssueSummary()
        var records = 0
        let scorer = self.scorer
        let now = self.now
        let sample = self.sample

        for stream in batchStreams(source) {
            try await forEachInOrder(stream, width: width) { batch in
                if let sample {
                    var part = AudienceSample(size: sample.size, seed: sample.seed)
                    for account in batch.accounts { part.insert(account) }
                    return (
                        PartialAudit.sample(part), batch.issues, batch.accounts.count, batch.bytesRead, batch.totalBytes
                    )
                }
                var part = analyzer.makeAccumulator()
                part.add(batch.accounts, scores: scorer.score(batch.accounts, asOf: now), asOf: now)
                return (
                    PartialAudit.totals(part), batch.issues, batch.accounts.count, batch.bytesRead, batch.totalBytes
                )
            } consume: { part, batchIssues, count, bytesRead, totalBytes in
                switch part {
                case .totals(let part): totals.merge(part)
                case .sample(let part): drawn?.merge(part)
                }
                records += count
                issues.add(batchIssues)
                progress.update(records: records, bytesRead: bytesRead, totalBytes: totalBytes)
            }
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

    /// A batch of followers from a file or the database, with what progress reporting needs.
    struct Batch: Sendable {
        var accounts: [Account]
        var issues: [IngestIssue] = []
        var bytesRead = 0
        var totalBytes: Int?
    }

    private func batchStreams(_ source: AudienceSource) -> [AsyncThrowingStream<Batch, any Error>] {
        switch source {
        case .files(let files, let reader):
            return files.map { file in
                let batches = reader.batches(path: file)
                return AsyncThrowingStream { continuation in
                    // Bridge: adapts the reader's stream element; cancelled with the consumer.
                    let task = Task {
                        do {
                            for try await batch in batches {
                                continuation.yield(
                                    Batch(
                                        accounts: batch.accounts, issues: batch.issues, bytesRead: batch.bytesRead,
                                        totalBytes: batch.totalBytes))
                            }
                            continuation.finish()
                        } catch {
                            continuation.finish(throwing: error)
                        }
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
            }
        case .stored(let store, let name):
            return [storedBatches(store, name: name)]
        }
    }

    private func storedBatches(_ store: SQLiteStore, name: String) -> AsyncThrowingStream<Batch, any Error> {
        AsyncThrowingStream { continuation in
            // Bridge: the store's batches become the same stream type as a file's.
            let task = Task {
                do {
                    guard try await store.fetchAudienceNames().contains(name) else {
                        throw CLIError(
                            message:
                                "no stored audience named '\(name)'; import one with `truereach import FILE --account \(name)`",
                            exitCode: TrueReachExit.badInput)
                    }
                    for try await accounts in store.fetchAudienceAccounts(name: name, batchSize: 8_192) {
                        continuation.yield(Batch(accounts: accounts))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
