import Foundation
import Testing
import TrueReachApp
@testable import TrueReachConnectors

@Suite("Addresses, links, rate-limit headers and the ETA")
struct HeaderParsingTests {
    @Test(arguments: [
        ("93.184.216.34", NetworkAddress.Scope.global), ("8.8.8.8", .global), ("10.0.0.1", .private),
        ("172.16.0.1", .private), ("172.31.255.255", .private), ("172.32.0.1", .global), ("192.168.0.1", .private),
        ("100.64.0.1", .private), ("100.128.0.1", .global), ("127.0.0.1", .loopback), ("127.8.9.10", .loopback),
        ("169.254.169.254", .linkLocal), ("0.0.0.0", .unspecified), ("224.0.0.1", .multicast),
        ("255.255.255.255", .multicast), ("240.0.0.1", .reserved), ("192.0.2.5", .reserved),
        ("198.51.100.7", .reserved), ("203.0.113.9", .reserved), ("198.18.0.1", .reserved),
        ("::1", .loopback), ("::", .unspecified), ("fe80::1", .linkLocal), ("fd12:3456::1", .private),
        ("fc00::1", .private), ("fec0::1", .private), ("ff02::1", .multicast), ("2001:db8::1", .reserved),
        ("2606:4700::1111", .global), ("::ffff:10.0.0.1", .private), ("::ffff:8.8.8.8", .global),
        ("::ffff:169.254.1.1", .linkLocal), ("64:ff9b::7f00:1", .loopback), ("[::1]", .loopback),
    ])
    func scopes(_ literal: String, _ scope: NetworkAddress.Scope) throws {
        let address = try #require(NetworkAddress(literal: literal))
        #expect(address.scope == scope)
    }

    @Test func literalsRoundTrip() throws {
        #expect(NetworkAddress(literal: "10.1.2.3")?.description == "10.1.2.3")
        #expect(NetworkAddress(literal: "2001:db8::1")?.description == "2001:db8::1")
        #expect(NetworkAddress(literal: "social.example") == nil)
        #expect(NetworkAddress(literal: "999.1.1.1") == nil)
    }

    @Test func linkHeaderNextAsMastodonSendsIt() throws {
        // The header a real fosstodon.org followers page carried (formats/mastodon).
        let header =
            #"<https://fosstodon.org/api/v1/accounts/109302436954721982/followers?limit=3&max_id=5122703>; rel="next", <https://fosstodon.org/api/v1/accounts/109302436954721982/followers?limit=3&since_id=5127706>; rel="prev""#
        #expect(
            LinkHeader.target(header, relation: "next")?.absoluteString
                == "https://fosstodon.org/api/v1/accounts/109302436954721982/followers?limit=3&max_id=5122703")
        #expect(LinkHeader.target(header, relation: "prev")?.absoluteString.hasSuffix("since_id=5127706") == true)
        #expect(LinkHeader.target(#"<https://a.example/p?x=1>; rel="prev""#, relation: "next") == nil)
        #expect(LinkHeader.target(#"<https://a.example/p>; title="a, b"; rel="next""#, relation: "next") != nil)
        #expect(LinkHeader.target(#"<https://a.example/p>; rel="prev next""#, relation: "next") != nil)
        #expect(LinkHeader.target(nil, relation: "next") == nil)
        #expect(LinkHeader.target("garbage", relation: "next") == nil)
    }

    @Test func rateLimitHeadersOfBothPlatforms() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let mastodon: [String: String] = [
            "x-ratelimit-limit": "300", "x-ratelimit-remaining": "12", "x-ratelimit-reset": "2026-09-21T14:20:00.123Z",
        ]
        let m = try #require(RateLimitStatus(header: { mastodon[$0.lowercased()] }, now: now))
        #expect(m.limit == 300 && m.remaining == 12)
        #expect(m.resetAt.map { abs($0.timeIntervalSince1970 - 1_790_000_400.123) < 0.01 } == true)
        let bluesky: [String: String] = [
            "ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": "1790000300",
            "ratelimit-policy": "3000;w=300", "retry-after": "120",
        ]
        let b = try #require(RateLimitStatus(header: { bluesky[$0.lowercased()] }, now: now))
        #expect(b.limit == 3000 && b.remaining == 0 && b.window == 300)
        #expect(b.resetAt == Date(timeIntervalSince1970: 1_790_000_300))
        #expect(b.retryAt == now.addingTimeInterval(120))
        let http: [String: String] = ["retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"]
        #expect(RateLimitStatus(header: { http[$0.lowercased()] }, now: now)?.retryAt != nil)
        #expect(RateLimitStatus(header: { _ in nil }, now: now) == nil)
    }

    /// The ETA against a simple reference: the requests simulated one by one, in fixed windows.
    @Test(arguments: [
        (0, 10, 10), (5, 3, 10), (100, 0, 30), (1_000, 299, 300), (601, 300, 300), (7, 7, 3), (12_500, 40, 300),
        (250, 100, 160),
    ])
    func etaMatchesARequestByRequestSimulation(requests: Int, remaining: Int, limit: Int) {
        let now = Date(timeIntervalSince1970: 0)
        let budget = FetchBudget(limit: limit, remaining: remaining, resetAt: now.addingTimeInterval(40), window: 900)
        let pace = 0.25
        var clock = 0.0
        var left = remaining
        var reset = 40.0
        for _ in 0..<requests {
            if clock >= reset {
                left = limit
                while reset <= clock { reset += 900 }
            }
            if left <= 0 {
                clock = reset
                left = limit
                reset += 900
            }
            clock += pace
            left -= 1
        }
        #expect(abs(budget.secondsFor(requests: requests, secondsPerRequest: pace, now: now) - clock) < 1e-6)
    }

    @Test func accountNames() throws {
        #expect(try MastodonSource.parse("@Gargron@mastodon.social") == ("Gargron", "mastodon.social"))
        #expect(try MastodonSource.parse("gargron@Mastodon.Social") == ("gargron", "mastodon.social"))
        #expect(try MastodonSource.parse("https://fosstodon.org/@schochastics") == ("schochastics", "fosstodon.org"))
        for bad in ["gargron", "@gargron", "@a@b@c", "@<script>@x.example", "@a@x.example/path", ""] {
            #expect(throws: ConnectorError.self) { _ = try MastodonSource.parse(bad) }
        }
    }
}
