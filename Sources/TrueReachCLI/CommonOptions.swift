import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import Logging
import TrueReachStore

/// Flags shared by every command that reads profile files.
struct InputOptions: ParsableArguments {
    @Option(
        name: .customLong("input-format"),
        help:
            "Input format; detected from the content when omitted. One of: \(ProfileFormat.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var inputFormat: String?

    @Option(help: "Unreadable records to skip (each is reported) before the run fails.")
    var maxErrors: Int = 100

    @Flag(help: "Stop at the first unreadable record.")
    var strict = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if let inputFormat, ProfileFormat(rawValue: inputFormat) == nil {
            throw ValidationError(
                "Unknown --input-format '\(inputFormat)'. Use one of: \(ProfileFormat.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more.") }
    }

    var configuration: IngestConfiguration {
        var configuration = IngestConfiguration()
        configuration.format = inputFormat.flatMap(ProfileFormat.init(rawValue:))
        configuration.maxErrors = maxErrors
        configuration.strict = strict
        return configuration
    }
}

/// Flags that choose the scorer.
struct ScorerOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case model
        case rules
    }

    @Option(help: "Scorer: the learned model (default) or the published-rules baseline.")
    var scorer: Kind = .model

    @Option(help: "A model file to score with instead of the shipped one.")
    var model: String?

    @Option(
        name: .customLong("as-of"),
        help: "Reference date (YYYY-MM-DD or ISO 8601) for accounts without a capture time. Default: today, 00:00 UTC.")
    var asOf: String?

    func validate() throws {
        if model != nil && scorer == .rules {
            throw ValidationError("--model and --scorer rules cannot be combined.")
        }
        _ = try referenceDate()
    }

    func makeScorer() throws -> any Scorer {
        switch scorer {
        case .rules: RuleScorer()
        case .model: try loadScorer(modelPath: model)
        }
    }

    /// The audit's reference date: `--as-of`, else the start of today (UTC), so that reruns
    /// on the same day give byte-identical output.
    func referenceDate(now: Date = Date()) throws -> Date {
        guard let asOf else {
            let seconds = (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
            return Date(timeIntervalSince1970: seconds)
        }
        return try DateArgument.parse(asOf, flag: "--as-of")
    }
}

/// Flags that choose the database.
struct StoreOptions: ParsableArguments {
    @Option(
        help:
            "SQLite database file, or a PostgreSQL URL (postgres://user@host:port/db). Default: $TRUEREACH_DATABASE, else $XDG_DATA_HOME/truereach/truereach.sqlite, else ~/.local/share/truereach/truereach.sqlite."
    )
    var database: String?

    /// Opens the database: a SQLite file or a `postgres://` URL.
    ///
    /// A write that has to wait for another process says so on standard error. Prefer ``withStore(_:)``,
    /// which closes it.
    func open() async throws -> any AudienceStore & AccessStore {
        let configuration = StoreConfiguration(onWait: {
            FileHandle.standardError.write(
                Data("truereach: the database is busy (another import is writing); waiting for it to finish\n".utf8))
        })
        return try await openStore(
            StoreLocation(parsing: databasePath()), configuration: configuration, logger: Logger(label: "truereach"))
    }

    /// Opens the database, runs `body`, and closes the database whether `body` succeeded or not.
    func withStore<T>(_ body: (any AudienceStore & AccessStore) async throws -> T) async throws -> T {
        let store = try await open()
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// What to show for the database in messages: the path, or the URL without its password.
    var displayName: String {
        (try? StoreLocation(parsing: databasePath()).description) ?? databasePath()
    }

    /// The database path after applying the documented defaults.
    func databasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let database { return database }
        if let path = environment["TRUEREACH_DATABASE"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/truereach/truereach.sqlite"
    }
}

/// Parses dates given on the command line.
enum DateArgument {
    static func parse(_ text: String, flag: String) throws -> Date {
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        if let date = try? Date(full, strategy: .iso8601) { return date }
        throw ValidationError("\(flag) '\(text)' is not a date; use YYYY-MM-DD or ISO 8601 (2024-06-01T12:00:00Z).")
    }
}
