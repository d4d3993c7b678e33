import ArgumentParser
import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// `truereach import`: store account files as the audience of a named account.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store follower files as the audience of an account, for later audits.",
        discussion: """
            The whole import is one database transaction: if any file cannot be read (or --strict meets
            a bad record, or more than --max-errors records are unreadable) nothing is stored and the
            database is left exactly as it was. Importing again under the same name replaces that
            audience.
            """
    )

    @Argument(help: "Follower files; - reads standard input.")
    var files: [String]

    @Option(help: "The name to store the audience under (the account whose followers these are).")
    var account: String

    @OptionGroup var input: InputOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one follower file.") }
        guard !account.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--account must not be empty.")
        }
    }

    func run() async throws {
        do {
            try await execute()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    @Option(help: "Platform of the account whose audience this is. Default: the first follower's platform.")
    var platform: Platform?

    private func execute() async throws {
        let database = try SQLiteStore(path: store.databasePath())
        let reader = AccountFileReader(configuration: input.configuration)
        let tally = Tally(quiet: input.quiet)
        let batches = FileBatches(files: files, reader: reader) { tally.observe($0) }

        // Peek at the first batch for the platform, then feed it back in front of the rest.
        var iterator = batches.makeAsyncIterator()
        let first = try await iterator.next() ?? []
        let platform = self.platform ?? first.first?.platform ?? .other
        let summary = try await database.saveAudience(
            name: account, platform: platform, batches: Prepended(first: first, rest: iterator),
            options: AudienceImportOptions(strict: input.strict))
        tally.progress.finish(records: tally.records)
        tally.issues.report()
        var message =
            "Stored \(summary.accountsSaved) accounts as the audience of '\(account)' in \(store.databasePath())"
        if summary.replacedExisting { message += ", replacing the earlier import" }
        if summary.duplicatesSkipped > 0 { message += "; skipped \(summary.duplicatesSkipped) repeated accounts" }
        if summary.invalidSkipped > 0 { message += "; skipped \(summary.invalidSkipped) invalid accounts" }
        FileHandle.standardError.write(Data((message + ".\n").utf8))
    }

    /// Progress and issue counts, updated from the consuming task only.
    private final class Tally {
        var progress: ProgressReporter
        var issues = IssueSummary()
        var records = 0

        init(quiet: Bool) { progress = ProgressReporter(label: "import", quiet: quiet) }

        func observe(_ batch: AccountBatch) {
            records += batch.accounts.count
            issues.add(batch.issues)
            progress.update(records: records, bytesRead: batch.bytesRead, totalBytes: batch.totalBytes)
        }
    }

    /// One already-read batch followed by the rest of an iterator.
    private struct Prepended: AsyncSequence, AsyncIteratorProtocol {
        var first: [Account]?
        var rest: FileBatches.Iterator

        init(first: [Account], rest: FileBatches.Iterator) {
            self.first = first.isEmpty ? nil : first
            self.rest = rest
        }

        mutating func next() async throws -> [Account]? {
            if let first {
                self.first = nil
                return first
            }
            return try await rest.next()
        }

        func makeAsyncIterator() -> Prepended { self }
    }
}

extension Platform: ExpressibleByArgument {}
