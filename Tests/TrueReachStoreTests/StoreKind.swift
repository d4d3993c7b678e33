import Foundation
import Logging
import Testing
import TrueReachPostgres
import TrueReachStore

/// The stores the conformance suite runs against.
///
/// SQLite (a temporary file and in memory) always; PostgreSQL when `TRUEREACH_TEST_POSTGRES_URL`
/// names an admin URL (`scripts/with-postgres` sets it), each case in a fresh database
/// `truereach_test_<random>` dropped afterwards.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqliteFile
    case sqliteMemory
    case postgres

    var testDescription: String { rawValue }

    /// The kinds this run can test: PostgreSQL only when configured (``TestPostgres/url``).
    static let available: [StoreKind] = TestPostgres.url == nil ? [.sqliteFile, .sqliteMemory] : allCases

    /// The kinds that keep their data when reopened.
    static let persistent: [StoreKind] = available.filter { $0 != .sqliteMemory }
}

/// The PostgreSQL server for tests, from the environment.
enum TestPostgres {
    static let variable = "TRUEREACH_TEST_POSTGRES_URL"
    static let skipNote: Comment =
        "PostgreSQL store cases skipped: TRUEREACH_TEST_POSTGRES_URL is not set (run scripts/with-postgres scripts/check.sh)"

    /// The admin URL, or `nil` when unset (an unparsable value fails the run rather than skipping).
    static let url: PostgresURL? = {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        guard case .postgres(let url)? = try? StoreLocation(parsing: value) else {
            fatalError("\(variable) is not a postgres:// URL")
        }
        return url
    }()

    /// Whether this is a CI run, where a missing server is a failure, not a skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let logger = Logger(label: "truereach.test.postgres") { _ in SwiftLogNoOpLogHandler() }
}

/// A store under test, and how to open the same database again.
struct StoreFixture {
    let kind: StoreKind
    let store: any AudienceStore
    /// Opens the same database again (`nil` for an in-memory store).
    ///
    /// The caller closes what it opens.
    let reopen: (@Sendable () async throws -> any AudienceStore)?
}

/// Runs `body` against a fresh store of `kind`, then closes it and removes its data, even on failure.
func withStore(
    _ kind: StoreKind,
    configuration: StoreConfiguration = StoreConfiguration(),
    _ body: (StoreFixture) async throws -> Void
) async throws {
    switch kind {
    case .sqliteMemory:
        let store = try SQLiteStore.inMemory(configuration: configuration)
        try await body(StoreFixture(kind: kind, store: store, reopen: nil))
    case .sqliteFile:
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let store = try SQLiteStore(path: path, configuration: configuration)
        try await body(
            StoreFixture(kind: kind, store: store) { try SQLiteStore(path: path, configuration: configuration) }
        )
    case .postgres:
        let admin = try #require(TestPostgres.url, "\(TestPostgres.variable) is not set")
        let name = "truereach_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresStore.createDatabase(name, admin: admin, logger: TestPostgres.logger)
        let url = admin.withDatabase(name)
        var failure: (any Error)?
        do {
            let store = try await PostgresStore.connect(
                url: url, configuration: configuration, logger: TestPostgres.logger)
            do {
                try await body(
                    StoreFixture(kind: kind, store: store) {
                        try await PostgresStore.connect(
                            url: url, configuration: configuration, logger: TestPostgres.logger)
                    }
                )
            } catch {
                failure = error
            }
            try await store.close()
        } catch {
            failure = failure ?? error
        }
        try await PostgresStore.dropDatabase(name, admin: admin, logger: TestPostgres.logger)
        if let failure { throw failure }
    }
}

/// Whether PostgreSQL cases run: skipped (and said) without a server, a failure on CI.
@Suite struct StorePostgresAvailability {
    @Test(.enabled(if: TestPostgres.url != nil || TestPostgres.isCI, TestPostgres.skipNote))
    func postgresServerIsConfigured() {
        #expect(
            TestPostgres.url != nil,
            "CI=true but TRUEREACH_TEST_POSTGRES_URL is unset: .ci/run must start a server (scripts/with-postgres)"
        )
    }
}
