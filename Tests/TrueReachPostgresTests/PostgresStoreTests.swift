import Foundation
import Logging
import Testing
import TrueReachCore
import TrueReachPostgres
import TrueReachStore

/// What only the PostgreSQL store has: connecting, its error messages, opening a fresh database at once.
@Suite(.timeLimit(.minutes(10))) struct PostgresStoreTests {
    static let logger = Logger(label: "truereach.test.postgres") { _ in SwiftLogNoOpLogHandler() }
    static let admin: PostgresURL? = {
        guard let value = ProcessInfo.processInfo.environment["TRUEREACH_TEST_POSTGRES_URL"],
            case .postgres(let url)? = try? StoreLocation(parsing: value)
        else { return nil }
        return url
    }()

    @Test func migrationNamesAreSQLites() {
        #expect(PostgresStore.migrationNames == SQLiteStore.migrationNames)
    }

    @Test func refusedConnectionNamesHostAndPortButNotThePassword() async throws {
        // Given a loopback port nothing listens on (bound, then released)
        let port = try freeLoopbackPort()
        let url = PostgresURL(
            host: "127.0.0.1",
            port: port,
            username: "someone",
            password: "s3cret-pa55",
            database: "db",
            tlsMode: .disable
        )
        // When connecting
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresStore.connect(url: url, logger: Self.logger)
        }
        // Then the error says where, and never shows the password
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        #expect(error?.message.contains("refused") == true)
        #expect(error.map { !"\($0)".contains("s3cret-pa55") } == true)
        #expect(error.map { !$0.message.contains("s3cret-pa55") } == true)
    }

    @Test(.enabled(if: admin != nil, "TRUEREACH_TEST_POSTGRES_URL is not set: PostgreSQL cases skipped"))
    func missingDatabaseIsAConnectionError() async throws {
        let admin = try #require(Self.admin)
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresStore.connect(url: admin.withDatabase("truereach_test_missing"), logger: Self.logger)
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test(.enabled(if: admin != nil, "TRUEREACH_TEST_POSTGRES_URL is not set: PostgreSQL cases skipped"))
    func openingAFreshDatabaseFromSeveralClientsAtOnceMigratesOnce() async throws {
        // Given a fresh, empty database
        let admin = try #require(Self.admin)
        let name = "truereach_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresStore.createDatabase(name, admin: admin, logger: Self.logger)
        let url = admin.withDatabase(name)
        do {
            // When four clients open (and so migrate) it at the same moment
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store = try await PostgresStore.connect(url: url, logger: Self.logger)
                        #expect(try await store.fetchAudienceAccounts().isEmpty)
                        try await store.close()
                    }
                }
                try await group.waitForAll()
            }
            // Then every one opened, and the schema works
            let store = try await PostgresStore.connect(url: url, logger: Self.logger)
            try await store.saveAudience(
                account: "a", platform: .twitter, profiles: [.init(platform: .twitter, id: "1")])
            #expect(try await store.fetchCount(audience: "a") == 1)
            // And a closed store says so
            try await store.close()
            try await store.close()
            let closed = await #expect(throws: StoreError.self) { _ = try await store.fetchAudienceAccounts() }
            #expect(closed?.code == .connectionFailed)
        } catch {
            try await PostgresStore.dropDatabase(name, admin: admin, logger: Self.logger)
            throw error
        }
        try await PostgresStore.dropDatabase(name, admin: admin, logger: Self.logger)
    }

    @Test(.enabled(if: admin != nil, "TRUEREACH_TEST_POSTGRES_URL is not set: PostgreSQL cases skipped"))
    func aStoreV3DatabaseKeepsItsAudienceProfilesAndInteractions() async throws {
        // Given a database as store.v3 left it, holding an audience of two profiles and an interaction
        let admin = try #require(Self.admin)
        let name = "truereach_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresStore.createDatabase(name, admin: admin, logger: Self.logger)
        let url = admin.withDatabase(name)
        do {
            try await PostgresStore.makeEarlierDatabase(
                url: url, through: "store.v3.account_records",
                sql: """
                    INSERT INTO audiences (id, name, platform, created_at, account_count) VALUES (1, 'shop', 'twitter', 0, 2);
                    INSERT INTO accounts (row_key, audience_id, platform, id, handle, followers_count)
                        VALUES (4294967297, 1, 'twitter', '1', 'ann', 10), (4294967298, 1, 'twitter', '2', 'bob', 20);
                    INSERT INTO interactions (platform, post, account, kind) VALUES ('twitter', 'p1', '2', 'like')
                    """, logger: Self.logger)
            // When this build opens it
            let store = try await PostgresStore.connect(url: url, logger: Self.logger)
            // Then everything is there under the new names
            let info = try #require(try await store.fetchAudience(account: "shop"))
            #expect(info.account == "shop" && info.followerCount == 2)
            var handles: [String?] = []
            for try await batch in store.fetchAudienceProfiles(account: "shop") { handles += batch.map(\.handle) }
            #expect(handles == ["ann", "bob"])
            #expect(try await store.fetchInteractions(platform: .twitter, post: "p1").map(\.profile) == ["2"])
            // And a re-import of the same account replaces it under the renamed unique index
            try await store.saveAudience(
                account: "shop", platform: .twitter, profiles: [.init(platform: .twitter, id: "1")])
            #expect(try await store.fetchCount(audience: "shop") == 1)
            try await store.close()
        } catch {
            try await PostgresStore.dropDatabase(name, admin: admin, logger: Self.logger)
            throw error
        }
        try await PostgresStore.dropDatabase(name, admin: admin, logger: Self.logger)
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
private func freeLoopbackPort() throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", "-c",
        "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()",
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
}
