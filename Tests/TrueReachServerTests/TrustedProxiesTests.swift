import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TrueReachApp
import TrueReachStore

@testable import TrueReachServer

/// Whose `X-Forwarded-For` is believed, and the visitor it gives.
@Suite struct TrustedProxiesTests {
    @Test func networksMatchTheirLeadingBitsAsABitByBitReferenceDoes() throws {
        // The reference: the addresses' bits as text, compared for the prefix's length.
        func bits(_ address: IPAddress) -> String {
            address.bytes.map { byte in
                let text = String(byte, radix: 2)
                return String(repeating: "0", count: 8 - text.count) + text
            }.joined()
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let v6 = Bool.random(using: &generator)
            let width = v6 ? 128 : 32
            let base = (0..<(width / 8)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var other = base
            // Flip one bit somewhere, or none, so that matches and misses both occur.
            let flip = Int.random(in: 0...width, using: &generator)
            if flip < width { other[flip / 8] ^= 0x80 >> UInt8(flip % 8) }
            let prefix = Int.random(in: 0...width, using: &generator)
            let text = v6 ? Self.v6Text(base) : base.map(String.init).joined(separator: ".")
            let otherText = v6 ? Self.v6Text(other) : other.map(String.init).joined(separator: ".")
            let proxies = try TrustedProxies(["\(text)/\(prefix)"])
            let a = try #require(IPAddress(text))
            let b = try #require(IPAddress(otherText))
            #expect(a.bytes == base && b.bytes == other)
            let expected = bits(a).prefix(prefix) == bits(b).prefix(prefix)
            #expect(proxies.trusts(b) == expected, "\(text)/\(prefix) against \(otherText)")
        }
        // Families never match each other, even at /0.
        #expect(!(try TrustedProxies(["0.0.0.0/0"])).trusts(try #require(IPAddress("::1"))))
        #expect((try TrustedProxies(["::/0"])).trusts(try #require(IPAddress("2001:db8::1"))))
    }

    static func v6Text(_ bytes: [UInt8]) -> String {
        stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    @Test func badValuesAreRefusedByName() {
        for value in ["proxy.example", "10.0.0.0/33", "::1/129", "10.0.0.1/", "10.0.0.1/-1", "", "1.2.3"] {
            #expect {
                try TrustedProxies([value])
            } throws: { error in
                (error as? ServerError)?.message.contains("--trusted-proxy \(value):") == true
            }
        }
    }

    @Test func theVisitorIsTheRightmostAddressNoTrustedProxyStandsFor() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "127.0.0.1", "fd00::/8"])
        let none = try TrustedProxies([])
        // No trusted proxy, or a peer that is not one: the header is ignored.
        #expect(none.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "127.0.0.1")
        #expect(proxies.client(peer: "198.51.100.2", forwardedFor: ["203.0.113.7"]) == "198.51.100.2")
        #expect(proxies.client(peer: nil, forwardedFor: ["203.0.113.7"]) == nil)
        // Through two proxies: the address the first proxy saw.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, 10.1.2.3"]) == "203.0.113.7")
        // A client that writes its own header cannot choose its address: the proxy appended the real one.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, 203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["1.1.1.1", "203.0.113.7"]) == "203.0.113.7")
        // Ports, brackets, spaces and IPv6 in canonical form.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: [" 203.0.113.7:5123 "]) == "203.0.113.7")
        #expect(
            proxies.client(peer: "127.0.0.1", forwardedFor: ["[2001:DB8:0:0::1]:443"]) == "2001:db8::1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["2001:db8::7, fd12::1"]) == "2001:db8::7")
        // Every hop trusted: the leftmost. A peer's own header missing: the peer.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.9.9.9, 10.1.1.1"]) == "10.9.9.9")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        // Something not an address ends the walk at the last address read.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, unknown, 10.0.0.5"]) == "10.0.0.5")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["<script>"]) == "127.0.0.1")
    }

    @Test func behindATrustedProxyVisitorsAreToldApartAndElseTheHeaderIsIgnored() async throws {
        let fixture = try await ServerFixture()
        let link = try await Outcomes(store: fixture.store).createLink(
            url: "https://shop.example/", account: "acme", campaign: nil, post: nil, cost: nil, currency: nil,
            at: ServerFixture.now)
        func classes(trusting proxies: [String], forwardedFor: [String]) async throws -> [String] {
            let app = try await fixture.application(trustedProxies: proxies)
            return try await app.test(.live) { client in
                var found: [String] = []
                for address in forwardedFor {
                    var headers: HTTPFields = [.userAgent: OutcomeRouteTests.chrome]
                    if let name = HTTPField.Name("X-Forwarded-For") { headers[name] = address }
                    let response = try await client.execute(uri: "/r/\(link.slug)", method: .get, headers: headers)
                    let id = try OutcomeRouteTests.clickID(response, leadsTo: "https://shop.example/")
                    found.append(try #require(try await fixture.store.fetchClick(id: id)).clickClass)
                }
                return found
            }
        }
        // The test client connects from 127.0.0.1: trusted, two visitors and a repeat.
        #expect(
            try await classes(trusting: ["127.0.0.1"], forwardedFor: ["203.0.113.7", "198.51.100.9", "203.0.113.7"])
                == ["human", "human", "duplicate"])
        // Not trusted: one address for all, so the header cannot make a repeat look new.
        #expect(
            try await classes(trusting: [], forwardedFor: ["192.0.2.1", "192.0.2.2"]) == ["human", "duplicate"])
    }
}
