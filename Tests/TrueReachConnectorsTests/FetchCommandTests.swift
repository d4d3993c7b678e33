import ArgumentParser
import Foundation
import Testing
import TrueReachCLI
import TrueReachCore
import TrueReachStore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a `truereach` command in-process; returns its exit code.
func runCLI(_ arguments: [String]) async -> Int32 {
    do {
        var command = try TrueReachCommand.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
        return 0
    } catch {
        return TrueReachCommand.exitCode(for: error).rawValue
    }
}

/// The built `truereach` executable, for tests that kill a real process.
var truereachExecutable: URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("truereach"),
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/truereach"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

@Suite("truereach fetch")
struct FetchCommandTests {
    @Test func fetchTwiceThenAuditTheStoredAccount() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 150, clock: clock)
        try await withServer(fake.handler) { server in
            try await withStoreFile { _, path in
                let fetch = [
                    "fetch", "mastodon", "@alice@social.example", "--base-url", server.baseURL, "--database", path,
                    "--quiet",
                ]
                #expect(await runCLI(fetch) == 0)
                fake.update { state in
                    state.followers.removeFirst(20)
                    state.followers.append(FakeFollower(id: "777", followID: 1))
                }
                #expect(await runCLI(fetch) == 0)
                let store = try SQLiteStore(path: path)
                #expect(try await store.fetchCount(audience: "@alice@social.example") == 131)
                let records = try await store.fetchAccountRecords(account: "@alice@social.example")
                #expect(records.snapshots.map(\.entries.count) == [150, 131])
                let output = path + ".json"
                #expect(
                    await runCLI([
                        "audit", "--account", "@alice@social.example", "--database", path, "--format", "json",
                        "--output", output, "--quiet",
                    ]) == 0)
                let json = try String(contentsOfFile: output, encoding: .utf8)
                #expect(json.contains("\"followers_total\" : 131") || json.contains("\"followers_total\":131"))
                // Who joined and who left, and the count series, from the stored fetches alone.
                let cohorts = path + ".cohorts.json"
                #expect(
                    await runCLI([
                        "cohorts", "--account", "@alice@social.example", "--database", path, "--format", "json",
                        "--output", cohorts,
                    ]) == 0)
                let flows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cohorts)))
                let flow = try #require(((flows as? [String: Any])?["flows"] as? [[String: Any]])?.first)
                #expect(flow["joined"] as? Int == 1)
                #expect(flow["left"] as? Int == 20)
                #expect(
                    await runCLI([
                        "growth", "--account", "@alice@social.example", "--database", path, "--format", "json",
                        "--output", path + ".growth.json",
                    ])
                        == 0)
                #expect(await runCLI(["growth", "--account", "@nobody", "--database", path]) == 2)
            }
        }
    }

    @Test func refusalsAndHiddenListsExitWithTheirCodes() async throws {
        // Plain http off loopback is refused before any request: bad input (2).
        #expect(
            await runCLI(["fetch", "mastodon", "@a@social.example", "--base-url", "http://social.example", "--quiet"])
                == 2)
        #expect(await runCLI(["fetch", "mastodon", "not-an-account", "--quiet"]) == 2)
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 10, clock: clock)
        fake.update { $0.hideCollections = true }
        try await withServer(fake.handler) { server in
            try await withStoreFile { _, path in
                #expect(
                    await runCLI([
                        "fetch", "mastodon", "@alice@social.example", "--base-url", server.baseURL, "--database", path,
                        "--quiet",
                    ]) == 2)
            }
        }
        // A server that keeps failing: 4, and the staged pages stay for the next run.
        let failing = FakeMastodon(followers: 200, clock: clock)
        failing.update { $0.failFollowersAfter = 1 }
        try await withServer(failing.handler) { server in
            try await withStoreFile { store, path in
                let code = await runCLI([
                    "fetch", "mastodon", "@alice@social.example", "--base-url", server.baseURL, "--database", path,
                    "--retries", "1", "--quiet",
                ])
                #expect(code == 4)
                let staged = try await store.fetchCheckpoint(account: "@alice@social.example")?.stagedCount
                #expect(staged == 80)
            }
        }
    }

    @Test(.enabled(if: truereachExecutable != nil, "needs the built truereach executable"))
    func aFetchKilledWithSIGKILLContinuesWithNoFollowerLostOrTwice() async throws {
        let executable = try #require(truereachExecutable)
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 800, clock: clock)
        fake.update { $0.holdFollowersAfter = 4 }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, path in
                let process = Process()
                process.executableURL = executable
                process.arguments = [
                    "fetch", "mastodon", "@alice@social.example", "--base-url", server.baseURL, "--database", path,
                    "--quiet",
                ]
                process.standardError = FileHandle.nullDevice
                try process.run()
                // Kill it once a few pages are staged, mid-walk: the fifth page is held.
                var staged = 0
                for _ in 0..<600 where staged < 240 {
                    try await Task.sleep(nanoseconds: 50_000_000)
                    staged = (try? await store.fetchCheckpoint(account: "@alice@social.example")?.stagedCount) ?? 0
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal)
                let left = try await store.fetchCheckpoint(account: "@alice@social.example")
                let stagedAtKill = try #require(left?.stagedCount)
                #expect(stagedAtKill >= 240 && stagedAtKill < 800)
                #expect(stagedAtKill % 80 == 0)  // whole pages only

                fake.update { $0.holdFollowersAfter = nil }
                #expect(
                    await runCLI([
                        "fetch", "mastodon", "@alice@social.example", "--base-url", server.baseURL, "--database", path,
                        "--quiet",
                    ]) == 0)
                var ids: [String] = []
                for try await batch in store.fetchAudienceProfiles(account: "@alice@social.example") {
                    ids += batch.map(\.id.rawValue)
                }
                #expect(ids == (0..<800).map { String(100_000 + $0) })
                let done = try await store.fetchCheckpoint(account: "@alice@social.example")
                #expect(done == nil)
            }
        }
    }
}
