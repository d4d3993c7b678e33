import Foundation
import Testing
import TrueReachStore

/// What only the SQLite store has: its file, its open errors.
@Suite struct SQLiteStoreTests {
    @Test func migrationsAreNamedAndOrdered() {
        let names = SQLiteStore.migrationNames
        #expect(Array(names.prefix(3)) == ["store.v1.audiences", "store.v1.accounts", "store.v1.audits"])
        #expect(names.contains("store.v2.audits_unknown_headline"))
        #expect(Set(names).count == names.count)
    }

    @Test func unopenablePathThrowsOpenFailed() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("not-a-dir")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: StoreError.self) {
            _ = try SQLiteStore(path: file.appendingPathComponent("db.sqlite").path)
        }
        #expect(error?.code == .openFailed)
    }
}
