import Foundation
import Logging
import Synchronization
import Testing
import TrueReachApp
import TrueReachConnectors
import TrueReachStore

/// Log lines, captured.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var handler: @Sendable (String) -> any LogHandler {
        { [self] label in Handler(label: label, log: self) }
    }

    struct Handler: LogHandler {
        let label: String
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
        }
    }
}

@Suite("Outbound safety")
struct SafetyTests {
    @Test func plainHTTPIsAcceptedOnlyForThisMachine() throws {
        #expect(throws: ConnectorError.self) {
            _ = try OutboundPolicy(baseURL: "http://social.example", explicit: true)
        }
        #expect(throws: ConnectorError.self) { _ = try OutboundPolicy(baseURL: "ftp://social.example", explicit: true) }
        #expect(throws: ConnectorError.self) {
            _ = try OutboundPolicy(baseURL: "https://user:pw@social.example", explicit: true)
        }
        _ = try OutboundPolicy(baseURL: "http://127.0.0.1:8080", explicit: true)
        _ = try OutboundPolicy(baseURL: "http://[::1]:8080", explicit: true)
        _ = try OutboundPolicy(baseURL: "http://localhost:8080", explicit: true)
        _ = try OutboundPolicy(baseURL: "https://social.example", explicit: false)
    }

    @Test func namesThatResolveToPrivateLoopbackOrLinkLocalAddressesAreRefused() async throws {
        func check(_ host: String, resolvesTo addresses: [String], explicit: Bool = false) async -> ConnectorError? {
            let resolved = addresses.compactMap(NetworkAddress.init(literal:))
            do {
                let policy = try OutboundPolicy(baseURL: "https://\(host)", explicit: explicit) { _ in resolved }
                try await policy.check(URL(string: "https://\(host)/api/v1/instance")!)
                return nil
            } catch let error as ConnectorError {
                return error
            } catch {
                return ConnectorError(.unexpected, "\(error)")
            }
        }
        #expect(await check("social.example", resolvesTo: ["93.184.216.34"]) == nil)
        #expect(await check("social.example", resolvesTo: ["10.0.0.8"])?.code == .refused)
        #expect(await check("social.example", resolvesTo: ["93.184.216.34", "192.168.1.2"])?.code == .refused)
        #expect(await check("metadata.example", resolvesTo: ["169.254.169.254"])?.code == .refused)
        #expect(await check("social.example", resolvesTo: ["fd00::1"])?.code == .refused)
        #expect(await check("social.example", resolvesTo: ["::ffff:127.0.0.1"])?.code == .refused)
        let loopback = await check("social.example", resolvesTo: ["127.0.0.1"])
        #expect(loopback?.code == .refused)
        #expect(loopback?.message.contains("--base-url") == true)
        // Named on purpose (--base-url), loopback is allowed; private never is.
        #expect(await check("mirror.example", resolvesTo: ["127.0.0.1"], explicit: true) == nil)
        #expect(await check("mirror.example", resolvesTo: ["10.1.2.3"], explicit: true)?.code == .refused)
    }

    @Test func anInstanceNameThatIsThisMachineIsRefusedWithoutBaseURL() async throws {
        // The real resolver: localhost and literals, no network needed.
        for name in ["@alice@localhost", "@alice@127.0.0.1", "@alice@10.1.2.3", "@alice@169.254.169.254"] {
            let source = try MastodonSource(account: name)
            let error = await #expect(throws: ConnectorError.self) { _ = try await source.lookUp() }
            #expect(error?.code == .refused)
            await source.shutdown()
        }
    }

    @Test func aNextLinkToAnotherOriginIsRefused() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 200, clock: clock)
        fake.update { $0.foreignNext = "http://127.0.0.2:9" }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let error = await #expect(throws: ConnectorError.self) {
                    _ = try await fetch(try mastodon(server, clock: clock), into: store)
                }
                #expect(error?.code == .refused)
                #expect(error?.message.contains("is not on http://127.0.0.1:\(server.port)") == true)
                // The first page stays staged.
                let staged = try await store.fetchCheckpoint(account: "@alice@social.example")?.stagedCount
                #expect(staged == 80)
            }
        }
    }

    @Test func answersLargerThanTheLimitAreNotRead() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 80, clock: clock)
        var limits = testLimits()
        limits.maxResponseBytes = 4_096
        try await withServer(fake.handler) { server in
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(
                    try mastodon(server, clock: clock, limits: limits), into: try SQLiteStore.inMemory())
            }
            #expect(error?.code == .tooLarge)
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 3, clock: clock)
        fake.update {
            $0.lookupReply = .answer(status: 302, headers: [("Location", "http://169.254.169.254/")], body: "")
        }
        try await withServer(fake.handler) { server in
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(try mastodon(server, clock: clock), into: try SQLiteStore.inMemory())
            }
            #expect(error?.code == .unexpected)
            #expect(error?.message.contains("redirects are not followed") == true)
            #expect(!server.requests.contains { $0.path != "/api/v1/accounts/lookup" })
        }
    }

    @Test func slowAnswersTimeOutAndPersistentFailuresEndAsUnavailable() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 3, clock: clock)
        fake.update { $0.lookupReply = .slow(seconds: 20, .json("{}")) }
        var limits = testLimits(attempts: 2)
        limits.readTimeout = 0.3
        limits.requestTimeout = 0.5
        try await withServer(fake.handler) { server in
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(
                    try mastodon(server, clock: clock, limits: limits), into: try SQLiteStore.inMemory())
            }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("timed out") == true)
            #expect(error?.message.contains("2 times") == true)
        }
    }

    @Test func aServersErrorTextCannotDriveTheTerminal() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 3, clock: clock)
        fake.update {
            $0.lookupReply = .answer(
                status: 403, headers: [], body: #"{"error":"\u001b]0;pwned\u0007denied\n\u001b[2Jok"}"#)
        }
        try await withServer(fake.handler) { server in
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(try mastodon(server, clock: clock), into: try SQLiteStore.inMemory())
            }
            let message = try #require(error?.message)
            #expect(message.contains("denied"))
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test func theTokenIsSentButNeverLogged() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 90, clock: clock)
        fake.update { $0.faults = [3: .status(503)] }
        let captured = CapturedLog()
        let token = "secret-token-\(UUID().uuidString)"
        try await withServer(fake.handler) { server in
            let logger = Logger(label: "test.fetch", factory: captured.handler)
            let source = try MastodonSource(
                account: "@alice@social.example", baseURL: server.baseURL, token: token, limits: testLimits(),
                clock: clock, logger: logger)
            _ = try await fetch(source, into: try SQLiteStore.inMemory())
            #expect(server.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(token)" })
        }
        let lines = captured.lines.withLock { $0 }
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.contains(token) })
    }
}
