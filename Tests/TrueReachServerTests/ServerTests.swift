import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TrueReachCore
import TrueReachServer
import TrueReachStore

@Suite(.timeLimit(.minutes(5))) struct ServerTests {
    // MARK: - Loopback and headers

    @Test(arguments: [
        "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.", "[::2]", "127.0.0.2",
    ])
    func aRequestForAnotherHostIsRefused(host: String) async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            for uri in ["/", "/api/accounts", "/metrics", "/no/such/page"] {
                try await client.execute(uri: uri, method: .get, headers: [.hostHeader: host]) { response in
                    #expect(response.status == .misdirectedRequest, "\(uri) for \(host)")
                    #expect(!String(buffer: response.body).contains("acme"))
                    #expect(response.headers[.contentSecurityPolicy] != nil)
                }
            }
        }
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]", "[::1]:65535"])
    func loopbackHostsAreServed(host: String) async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.hostHeader: host]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            for uri in ["/", "/accounts/acme", "/accounts/acme/followers", "/static/app.css", "/api/accounts", "/nope"]
            {
                try await client.execute(uri: uri, method: .get, headers: fixture.auth) { response in
                    #expect(
                        response.headers[.contentSecurityPolicy]
                            == "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
                    )
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.referrerPolicyHeader] == "same-origin")
                    #expect(response.headers[.frameOptionsHeader] == "DENY")
                }
            }
        }
    }

    @Test func pagesHaveNoInlineScriptOrStyle() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            for uri in ["/", "/accounts/acme", "/accounts/acme/followers", "/accounts/quiet", "/nope"] {
                let html = try await client.execute(uri: uri, method: .get, headers: fixture.auth) {
                    String(buffer: $0.body)
                }
                #expect(html.hasPrefix("<!DOCTYPE html>"))
                #expect(!html.contains("<script"), "\(uri)")
                #expect(!html.contains("<style"), "\(uri)")
                #expect(!html.contains("style="), "\(uri)")
                #expect(
                    Self.matches(of: #"(<[a-zA-Z][^>]*\son[a-z]+\s*=)"#, in: html).isEmpty, "\(uri): no event handler")
                #expect(html.contains("<link rel=\"stylesheet\" href=\"/static/app.css\">"))
            }
            try await client.execute(uri: "/static/app.css", method: .get, headers: fixture.auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains(".card{"))
            }
        }
    }

    // MARK: - Pages

    @Test func theAccountListLinksEveryStoredAccount() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            let html = try await client.execute(uri: "/", method: .get, headers: fixture.auth) {
                String(buffer: $0.body)
            }
            for name in ["acme", "quiet", "sampled"] { #expect(html.contains("href=\"/accounts/\(name)\"")) }
            #expect(html.contains("not audited"))
        }
    }

    @Test func hostileProfileTextIsEscapedInTheOverviewAndTheExplorer() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            var pages: [String] = []
            pages.append(
                try await client.execute(uri: "/accounts/acme", method: .get, headers: fixture.auth) {
                    String(buffer: $0.body)
                })
            // The hostile followers are mass followers and suspicious: find them by search and by filter.
            for query in ["q=mallory", "q=%3Cscript%3E", "q=svg+onload", "category=suspicious&limit=500", "limit=500"] {
                let html = try await client.execute(
                    uri: "/accounts/acme/followers?\(query)", method: .get, headers: fixture.auth
                ) {
                    response in
                    #expect(response.status == .ok, "\(query)")
                    return String(buffer: response.body)
                }
                pages.append(html)
            }
            let all = pages.joined()
            #expect(all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(all.contains("&quot;&gt;&lt;svg onload=alert(3)&gt;"))
            for page in pages {
                #expect(!page.contains(ServerFixture.hostileName))
                #expect(!page.contains(ServerFixture.hostileBio))
                #expect(!page.contains(ServerFixture.hostileHandle))
                #expect(!page.contains("<svg onload"))
                #expect(!page.contains("\u{202E}"), "bidi override neutralised")
            }
            // The search found the hostile display name
            #expect(pages[2].contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func theExplorerPagesWithNextLinksThroughEveryFollowerOnce() async throws {
        let fixture = try await ServerFixture(followers: 75)
        try await fixture.application().test(.router) { client in
            for sort in ["probability", "followers"] {
                var uri: String? = "/accounts/acme/followers?sort=\(sort)&limit=20"
                var positions: [Int] = []
                while let next = uri {
                    let html = try await client.execute(uri: next, method: .get, headers: fixture.auth) {
                        String(buffer: $0.body)
                    }
                    positions += Self.matches(of: #"<tr><td class="num">(\d+)</td>"#, in: html).compactMap(Int.init)
                    uri = Self.matches(of: #"<a rel="next" href="([^"]+)">"#, in: html).first.map {
                        $0.replacingOccurrences(of: "&amp;", with: "&")
                    }
                    #expect(positions.count <= 75)
                }
                #expect(positions.sorted() == Array(1...75), "\(sort)")
            }
        }
    }

    @Test func unknownAccountsAreNotFoundAndBadParametersAreBadRequests() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            for uri in [
                "/accounts/nobody", "/accounts/nobody/followers", "/api/accounts/nobody",
                "/api/accounts/nobody/followers",
            ] {
                try await client.execute(uri: uri, method: .get, headers: fixture.auth) {
                    #expect($0.status == .notFound, "\(uri)")
                }
            }
            // Imported but not audited, and audited only from a sample: no follower results
            for uri in ["/api/accounts/quiet", "/accounts/quiet/followers", "/api/accounts/sampled/followers"] {
                try await client.execute(uri: uri, method: .get, headers: fixture.auth) {
                    #expect($0.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/accounts/quiet", method: .get, headers: fixture.auth) {
                #expect($0.status == .ok)
            }
            for query in ["category=fake", "sort=name", "limit=0", "limit=501", "after=garbage", "limit=x"] {
                try await client.execute(
                    uri: "/api/accounts/acme/followers?\(query)", method: .get, headers: fixture.auth
                ) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(error.error.code == "bad_request")
                }
            }
        }
    }

    // MARK: - API

    @Test func theAPIAnswersWhatThePagesShow() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            let accounts = try await client.execute(uri: "/api/accounts", method: .get, headers: fixture.auth) {
                response in
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            let list = try #require(accounts?["accounts"] as? [[String: Any]])
            #expect(list.compactMap { $0["account"] as? String } == ["acme", "quiet", "sampled"])
            // The report is the CLI's --format json document
            let report = try await client.execute(uri: "/api/accounts/acme", method: .get, headers: fixture.auth) {
                response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            #expect(report?["account"] as? String == "acme")
            #expect(report?["followers_total"] as? Int == 120)
            #expect(report?["estimated_fake_share"] != nil)
            // Followers page through with the next cursor, every follower once
            var seen: [Int] = []
            var next: String? = nil
            repeat {
                let after = next.map { "&after=\($0)" } ?? ""
                let page = try await client.execute(
                    uri: "/api/accounts/acme/followers?sort=followers&limit=50\(after)", method: .get,
                    headers: fixture.auth
                ) { response in
                    #expect(response.status == .ok)
                    return try JSONDecoder().decode(PageBody.self, from: Data(buffer: response.body))
                }
                #expect(page.total == 120)
                seen += page.followers.map(\.position)
                next = page.next
            } while next != nil
            #expect(seen.sorted() == Array(1...120))
            // Search by handle
            let found = try await client.execute(
                uri: "/api/accounts/acme/followers?q=MALLORY", method: .get, headers: fixture.auth
            ) {
                try JSONDecoder().decode(PageBody.self, from: Data(buffer: $0.body))
            }
            #expect(found.followers.map(\.displayName) == [ServerFixture.hostileName])
        }
    }

    @Test func metricsExposeTheRequestCounter() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/accounts", method: .get, headers: fixture.auth) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: fixture.auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE hb_requests counter"))
                #expect(text.contains(#"http_route="/api/accounts""#))
                #expect(text.contains("http_server_request_duration"))
            }
        }
    }

    @Test func theOverviewShowsGrowthCohortsAndEngagementFromTheStoredRecords() async throws {
        let fixture = try await ServerFixture()
        let day = 86_400.0
        let points = (0..<60).map { i in
            CountPoint(
                day: CalendarDay(ServerFixture.now.addingTimeInterval(Double(i - 60) * day)),
                followers: 1_000 + i * 3 + (i == 40 ? 5_000 : 0) + (i > 40 ? 5_000 : 0))
        }
        let posts = (0..<6).map { i in
            Post(
                platform: .twitter, id: PostID("p\(i)"), author: "acme",
                createdAt: ServerFixture.now.addingTimeInterval(Double(-i) * 7 * day), likes: 20 + i, replies: 2,
                reposts: 1)
        }
        try await fixture.store.saveAccountRecords(
            AccountRecords(
                posts: posts,
                interactions: ["p0", "p1", "p2"].map {
                    Interaction(platform: .twitter, post: PostID($0), profile: "hostile1", kind: .like)
                } + [Interaction(platform: .twitter, post: "p0", profile: "outsider", kind: .reply)],
                series: [CountSeries(name: "acme", platform: .twitter, points: points)],
                snapshots: [
                    FollowerSnapshot(
                        name: "first", takenAt: ServerFixture.now.addingTimeInterval(-30 * day),
                        entries: [FollowerEntry(profile: "a"), FollowerEntry(profile: "b")]),
                    FollowerSnapshot(
                        name: "second", takenAt: ServerFixture.now,
                        entries: [FollowerEntry(profile: "b"), FollowerEntry(profile: "c")]),
                ]),
            account: "acme")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/accounts/acme", method: .get, headers: fixture.auth) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Growth integrity"))
                #expect(page.contains("Follower cohorts"))
                #expect(page.contains("Engagement"))
                #expect(!page.contains("style="))
                // Top engagers, looked up in the latest audit: the follower is scored, the outsider is not.
                #expect(page.contains("Top engagers"))
                #expect(page.contains("<bdi class=\"handle\">@mallory</bdi>"))
                #expect(page.contains("<bdi class=\"handle\">outsider</bdi>"))
                #expect(page.contains("not a scored follower"))
                #expect(page.contains("Authentic engagement"))
            }
            // An account without records shows the audience sections only.
            try await client.execute(uri: "/accounts/sampled", method: .get, headers: fixture.auth) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("Growth integrity"))
            }
        }
    }

    @Test func theOpenAPIDocumentIsServedAsCheckedIn() async throws {
        let checkedIn = try Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/TrueReachServer/Resources/openapi.json"))
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get, headers: fixture.auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(Data(String(buffer: response.body).utf8) == checkedIn)
                let document = try JSONSerialization.jsonObject(with: checkedIn) as? [String: Any]
                #expect(document?["openapi"] as? String == "3.1.0")
                // Every /api route the router serves is documented (scripts/openapi-check validates them).
                let paths = (document?["paths"] as? [String: Any]).map { Set($0.keys) } ?? []
                #expect(
                    paths.isSuperset(of: [
                        "/api/accounts", "/api/accounts/{account}", "/api/accounts/{account}/followers", "/metrics",
                    ]))
            }
        }
    }

    // MARK: - Configuration and a live server

    @Test(arguments: ["0.0.0.0", "192.168.1.10", "::", "example.org"])
    func aNonLoopbackAddressIsRefusedWhileNoUserExists(host: String) async throws {
        let fixture = try await ServerFixture()
        let error = await #expect(throws: ServerError.self) {
            _ = try await buildApplication(
                configuration: ServerConfiguration(host: host, port: 0, database: .sqlite(path: fixture.path)))
        }
        #expect(error?.code == .needsUser)
        #expect(error?.message.contains("truereach user create") == true)
    }

    @Test func aLiveServerOnPortZeroAnswersAndShutsDown() async throws {
        let fixture = try await ServerFixture()
        let app = try await buildApplication(
            configuration: ServerConfiguration(
                port: 0, database: .sqlite(path: fixture.path),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            #expect(client.port != nil && client.port != 0)
            try await client.execute(
                uri: "/accounts/acme/followers?category=suspicious", method: .get, headers: fixture.auth
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/api/accounts", method: .get, headers: fixture.auth) {
                #expect($0.status == .ok)
            }
        }
    }

    // MARK: - Helpers

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

struct ErrorBody: Decodable {
    struct Detail: Decodable { var code: String; var message: String }
    var error: Detail
}

struct PageBody: Decodable {
    struct Follower: Decodable {
        var position: Int
        var displayName: String?
        enum CodingKeys: String, CodingKey { case position, displayName = "display_name" }
    }
    var total: Int
    var followers: [Follower]
    var next: String?
}

extension HTTPField.Name {
    static let hostHeader = named("Host")
    static let referrerPolicyHeader = named("Referrer-Policy")
    static let frameOptionsHeader = named("X-Frame-Options")

    static func named(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("'\(name)' is not a field name") }
        return field
    }
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
