import Foundation
import Logging
import Testing
import TrueReachCLI
import TrueReachPostgres
import TrueReachStore

/// Real `truereach` processes on one database at once.
///
/// An import while audits read, and two imports at once: all succeed, and nothing half-written is seen.
@Suite(.serialized) struct ConcurrencyTests {
    /// The PostgreSQL server of `scripts/with-postgres`, when one runs.
    static var postgres: PostgresURL? {
        ProcessInfo.processInfo.environment["TRUEREACH_TEST_POSTGRES_URL"].flatMap { try? PostgresURL(parsing: $0) }
    }

    /// `url` as a `--database` value (the test server trusts loopback: there is no password to write).
    static func argument(_ url: PostgresURL, database: String) -> String {
        "postgres://\(url.username)@\(url.host):\(url.port)/\(database)?sslmode=\(url.tlsMode.rawValue)"
    }

    /// Starts the executable; the caller waits.
    static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let executable = try #require(CommandRunner.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output, error)
    }

    /// Waits for a started process; returns (status, stdout, stderr).
    static func finish(_ started: (Process, Pipe, Pipe)) -> (Int32, String, String) {
        let (process, output, error) = started
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    static func generate(_ runner: CommandRunner, _ name: String, count: Int, seed: Int) throws -> String {
        let path = runner.path(name)
        let result = finish(
            try start([
                "generate", "--count", "\(count)", "--seed", "\(seed)", "--format", "canonical-jsonl", "--output", path,
            ]))
        #expect(result.0 == 0, "generate failed: \(result.2)")
        return path
    }

    static func followersTotal(_ json: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return nil
        }
        return object["followers_total"] as? Int
    }

    static func audit(_ database: String, _ account: String) throws -> (Process, Pipe, Pipe) {
        try start([
            "audit", "--account", account, "--scorer", "rules", "--format", "json", "--quiet", "--as-of", "2026-11-01",
            "--database", database,
        ])
    }

    @Test func onOneSQLiteFile() throws {
        let runner = try CommandRunner()
        try Self.importsAndAuditsAtOnce(runner, database: runner.path("shared.sqlite"))
    }

    @Test func onOnePostgreSQLDatabase() async throws {
        guard let admin = Self.postgres else {
            #expect(
                ProcessInfo.processInfo.environment["CI"] != "true",
                "CI=true but TRUEREACH_TEST_POSTGRES_URL is unset: .ci/run must start a server (scripts/with-postgres)")
            print("PostgreSQL concurrency case skipped: TRUEREACH_TEST_POSTGRES_URL is not set")
            return
        }
        let name = "truereach_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let logger = Logger(label: "test")
        try await PostgresStore.createDatabase(name, admin: admin, logger: logger)
        do {
            try Self.importsAndAuditsAtOnce(try CommandRunner(), database: Self.argument(admin, database: name))
        } catch {
            try? await PostgresStore.dropDatabase(name, admin: admin, logger: logger)
            throw error
        }
        try await PostgresStore.dropDatabase(name, admin: admin, logger: logger)
    }

    static func importsAndAuditsAtOnce(_ runner: CommandRunner, database: String) throws {
        guard CommandRunner.executable != nil else {
            Issue.record("the truereach executable is not built next to the tests")
            return
        }
        let small = try Self.generate(runner, "small.jsonl", count: 20_000, seed: 1)
        let large = try Self.generate(runner, "large.jsonl", count: 60_000, seed: 2)
        do {
            // Given the small audience stored as "shop"
            let first = Self.finish(
                try Self.start(["import", small, "--account", "shop", "--quiet", "--database", database]))
            #expect(first.0 == 0, "\(first.2)")
            // When the large one replaces it, another import runs at the same time, and audits read meanwhile
            let replacing = try Self.start(["import", large, "--account", "shop", "--quiet", "--database", database])
            let other = try Self.start(["import", small, "--account", "other", "--quiet", "--database", database])
            let audits = try (0..<3).map { _ in try Self.audit(database, "shop") }
            let results = [Self.finish(replacing), Self.finish(other)] + audits.map(Self.finish)
            // Then every process succeeded
            for (status, _, error) in results { #expect(status == 0, "\(error)") }
            // And each audit saw one whole import, the old or the new, never a mixture
            for (_, output, _) in results.suffix(3) {
                let total = Self.followersTotal(output)
                #expect(total == 20_000 || total == 60_000, "an audit saw \(total.map(String.init) ?? "no report")")
            }
            // And afterwards both audiences are whole
            #expect(Self.followersTotal(Self.finish(try Self.audit(database, "shop")).1) == 60_000)
            #expect(Self.followersTotal(Self.finish(try Self.audit(database, "other")).1) == 20_000)
        }
    }
}
