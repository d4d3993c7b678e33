import Foundation
import Testing
import TrueReachApp
import TrueReachCLI
import TrueReachStore

/// `user`, `workspace` and `token` commands, and `--workspace` on the commands that write accounts.
@Suite(.timeLimit(.minutes(3))) struct AccessCommandTests {
    @Test func userCreateReadsThePasswordFromStandardInputAndStoresOnlyAHash() async throws {
        let runner = try CommandRunner()
        let database = runner.path("db.sqlite")
        let (status, _, errors) = try CommandRunner.runProcess(
            ["user", "create", "alice", "--database", database], stdin: "correct horse battery\n")
        #expect(status == 0, "\(errors)")
        #expect(errors.contains("Created user alice"))
        let store = try SQLiteStore(path: database)
        let hash = try #require(try await store.fetchPasswordHash(user: "alice"))
        #expect(hash.hasPrefix("$2"))
        #expect(!hash.contains("correct horse"))
        #expect(try await Users(store: store).verify("alice", password: "correct horse battery"))
        #expect(try await !Users(store: store).verify("alice", password: "correct horse batter"))
        try await store.close()
        // The same name again, a short password, a bad name: refused, nothing changed.
        for (arguments, stdin) in [
            (["user", "create", "alice"], "another long password\n"), (["user", "create", "bob"], "short\n"),
            (["user", "create", "Bob Smith"], "long enough password\n"), (["user", "create", "carol"], ""),
        ] {
            let (code, _, message) = try CommandRunner.runProcess(arguments + ["--database", database], stdin: stdin)
            #expect(code == 2, "\(arguments): \(message)")
        }
        let reopened = try SQLiteStore(path: database)
        #expect(try await reopened.fetchUserCount() == 1)
        try await reopened.close()
    }

    @Test func tokensAreCreatedListedAndRevokedPerWorkspace() async throws {
        let runner = try CommandRunner()
        let database = ["--database", runner.path("db.sqlite")]
        #expect(try CommandRunner.runProcess(["token", "create", "--workspace", "acme"] + database, stdin: "").0 == 2)
        #expect(await runner.run(["workspace", "create", "acme"] + database) == 0)
        #expect(await runner.run(["workspace", "create", "acme"] + database) == 2)
        #expect(await runner.run(["workspace", "create", "Not Valid"] + database) == 2)
        let (status, token, _) = try CommandRunner.runProcess(
            ["token", "create", "--workspace", "acme", "--name", "ci \u{1B}[31m"] + database, stdin: "")
        #expect(status == 2, "a control character in the name is refused")
        #expect(token.isEmpty)
        let created = try CommandRunner.runProcess(
            ["token", "create", "--workspace", "acme", "--name", "ci"] + database, stdin: "")
        #expect(created.0 == 0)
        let secret = created.1.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("trk_") && secret.count == 47)
        let listed = try CommandRunner.runProcess(["token", "list", "--workspace", "acme"] + database, stdin: "")
        #expect(listed.1.hasPrefix("1\t\(secret.prefix(10))…\t"))
        #expect(listed.1.contains("\tci"))
        #expect(!listed.1.contains(secret), "the token itself is never shown again")
        // Revoking needs the token's own workspace.
        #expect(await runner.run(["token", "revoke", "1", "--workspace", "default"] + database) == 2)
        #expect(await runner.run(["token", "revoke", "1", "--workspace", "acme"] + database) == 0)
        let store = try SQLiteStore(path: runner.path("db.sqlite"))
        #expect(try await APITokens(store: store).authenticate(secret) == nil)
        try await store.close()
        let workspaces = try CommandRunner.runProcess(["workspace", "list"] + database, stdin: "")
        #expect(workspaces.1.split(separator: "\n").map { $0.split(separator: "\t")[0] } == ["acme", "default"])
    }

    @Test func aWorkspaceCannotWriteOrReadAnotherWorkspacesAccount() async throws {
        let runner = try CommandRunner()
        let database = ["--database", runner.path("db.sqlite")]
        let file = try runner.write("acme.jsonl", Audiences.small)
        #expect(await runner.run(["workspace", "create", "agency"] + database) == 0)
        #expect(
            await runner.run(["import", file, "--account", "brand", "--workspace", "agency", "--quiet"] + database) == 0
        )
        #expect(await runner.run(["import", file, "--account", "house", "--quiet"] + database) == 0)
        // Another workspace's account: refused before anything is written.
        let other = try runner.write(
            "other.jsonl", Audiences.small.split(separator: "\n").prefix(2).joined(separator: "\n"))
        #expect(await runner.run(["import", other, "--account", "brand", "--quiet"] + database) == 2)
        #expect(
            await runner.run(["import", other, "--account", "house", "--workspace", "agency", "--quiet"] + database)
                == 2)
        #expect(
            await runner.run(["import", file, "--account", "x", "--workspace", "nowhere", "--quiet"] + database) == 2)
        let store = try SQLiteStore(path: runner.path("db.sqlite"))
        let total = Audiences.small.split(separator: "\n").count
        #expect(try await store.fetchAudience(account: "brand")?.followerCount == total)
        #expect(try await store.fetchAudience(account: "house")?.followerCount == total)
        #expect(try await store.fetchWorkspace(ofAccount: "brand") == "agency")
        #expect(try await store.fetchWorkspace(ofAccount: "house") == "default")
        #expect(try await store.fetchAudience(account: "x") == nil)
        try await store.close()
        // Auditing, growth and cohorts read only their workspace's accounts.
        let output = ["--format", "json", "--output", runner.path("out.json")]
        #expect(await runner.run(["audit", "--account", "brand", "--quiet"] + output + database) == 2)
        #expect(
            await runner.run(["audit", "--account", "brand", "--workspace", "agency", "--quiet"] + output + database)
                == 0)
        #expect(await runner.run(["growth", "--account", "brand"] + database) == 2)
        #expect(await runner.run(["cohorts", "--account", "house", "--workspace", "agency"] + database) == 2)
    }
}
