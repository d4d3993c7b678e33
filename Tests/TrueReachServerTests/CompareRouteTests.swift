import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachServer
import TrueReachStore

/// `GET /api/compare` and the dashboard's `/compare` page.
@Suite(.timeLimit(.minutes(5))) struct CompareRouteTests {
    /// The fixture with two more audited census accounts: `rival` (sharing 30 followers with `acme`) and
    /// one named `<script>alert(1)</script>`.
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture()
        let acme = Array(SyntheticAudience(count: 117, now: ServerFixture.now, seed: 7))
        let own = Array(SyntheticAudience(count: 50, now: ServerFixture.now, seed: 99)).map { profile in
            var profile = profile
            profile.id = ProfileID("rival-\(profile.id.rawValue)")
            return profile
        }
        for (name, profiles) in [("rival", Array(acme.prefix(30)) + own), (ServerFixture.hostileName, own)] {
            try await fixture.store.saveAudience(
                account: name, platform: .twitter, profiles: profiles, createdAt: ServerFixture.now)
            let job = AuditJob(scorer: RuleScorer(), asOf: ServerFixture.now)
            let source = AudienceSource.stored(fixture.store, name: name)
            let result = try await job.run(source: source, account: name)
            try await job.record(result, source: source, account: name, in: fixture.store, at: ServerFixture.now)
        }
        return fixture
    }

    static func object(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }

    static let hostileQuery = DashboardPath.encode(ServerFixture.hostileName)

    @Test func theAPIAnswersTheCompareDocumentOfTheTokensAccounts() async throws {
        let fixture = try await Self.fixture()
        try await fixture.application().test(.router) { client in
            let body = try await client.execute(
                uri: "/api/compare?account=acme&account=rival", method: .get, headers: fixture.auth
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                return response.body
            }
            let document = try Self.object(body)
            #expect(document["schema"] as? String == "truereach.compare.v1")
            let accounts = try #require(document["accounts"] as? [[String: Any]])
            #expect(accounts.map { $0["account"] as? String } == ["acme", "rival"])
            let overlap = try #require(document["overlap"] as? [[String: Any]])
            #expect(overlap.first?["method"] as? String == "exact")
            #expect((overlap.first?["shared"] as? Int ?? 0) > 0)
            #expect(document["ranking"] is NSNull)

            // Ranked, with a weight changed: the shortlist with each component
            let ranked = try await client.execute(
                uri: "/api/compare?account=acme&account=rival&account=sampled&rank=true&weight=uniqueness%3D0.5",
                method: .get, headers: fixture.auth
            ) { response in
                #expect(response.status == .ok)
                return response.body
            }
            let ranking = try #require(try Self.object(ranked)["ranking"] as? [String: Any])
            let entries = try #require(ranking["entries"] as? [[String: Any]])
            #expect(Set(entries.compactMap { $0["account"] as? String }) == ["acme", "rival", "sampled"])
            #expect(entries.map { $0["rank"] as? Int } == [1, 2, 3])
            #expect((ranking["weights"] as? [String: Double])?["uniqueness"] == 0.5)
            #expect((entries.first?["components"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test func theAPIRefusesBadParametersNamingThem() async throws {
        let fixture = try await Self.fixture()
        let many = (0..<11).map { "account=a\($0)" }.joined(separator: "&")
        let cases: [(String, String)] = [
            ("/api/compare", "account"), ("/api/compare?account=acme", "account"),
            ("/api/compare?account=acme&account=acme", "account"), ("/api/compare?\(many)", "account"),
            ("/api/compare?account=acme&account=rival&weight=reach%3D1", "weight"),
            ("/api/compare?account=acme&account=rival&weight=aqs%3D-1", "weight"),
            ("/api/compare?account=acme&account=rival&rank=maybe", "rank"),
        ]
        try await fixture.application().test(.router) { client in
            for (uri, parameter) in cases {
                let body = try await client.execute(uri: uri, method: .get, headers: fixture.auth) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    return response.body
                }
                let error = try #require(try Self.object(body)["error"] as? [String: Any])
                #expect(error["code"] as? String == "bad_request")
                #expect((error["message"] as? String)?.hasPrefix(parameter) == true, "\(uri): \(error)")
            }
            try await client.execute(uri: "/api/compare?account=acme&account=rival", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anotherWorkspacesAccountIsNotFoundAsOneThatDoesNotExist() async throws {
        let fixture = try await Self.fixture()
        let workspaces = Workspaces(store: fixture.store)
        _ = try await workspaces.create("agency")
        try await workspaces.claim("brand", platform: .instagram, for: "agency", exists: false)
        let agency = try await APITokens(store: fixture.store).create(workspace: "agency", label: "").token
        let agencyAuth: HTTPFields = [.authorization: "Bearer \(agency)"]
        try await fixture.application().test(.router) { client in
            let other = try await client.execute(
                uri: "/api/compare?account=acme&account=rival", method: .get, headers: agencyAuth
            ) { response in
                #expect(response.status == .notFound)
                return String(buffer: response.body)
            }
            let absent = try await client.execute(
                uri: "/api/compare?account=nobody&account=rival", method: .get, headers: agencyAuth
            ) { response in
                #expect(response.status == .notFound)
                return String(buffer: response.body)
            }
            #expect(other == absent)
            // The default token: an unknown account and one without an audit are 404 too
            for uri in ["/api/compare?account=acme&account=nobody", "/api/compare?account=acme&account=quiet"] {
                try await client.execute(uri: uri, method: .get, headers: fixture.auth) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }

    @Test func thePageShowsTheFormAndTheComparisonEscaped() async throws {
        let fixture = try await Self.fixture()
        try await fixture.application().test(.router) { client in
            // The account list links to the page
            let list = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(list.contains("<a href=\"/compare\">Compare accounts</a>"))
            // The form alone: a checkbox per audited account, none for the unaudited one
            let form = try await client.execute(uri: "/compare", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(form.contains("<form class=\"compare\" method=\"get\" action=\"/compare\">"))
            #expect(form.contains("name=\"account\" value=\"acme\""))
            #expect(form.contains("name=\"account\" value=\"rival\""))
            #expect(!form.contains("value=\"quiet\""))
            #expect(form.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!form.contains("<script>"))

            // Two accounts, one named like a tag, ranked
            let page = try await client.execute(
                uri: "/compare?account=acme&account=\(Self.hostileQuery)&rank=true", method: .get
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(!page.contains("<script>"))
            #expect(!page.contains("style=\""))
            #expect(page.contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>"))
            for heading in ["Side by side", "Shortlist", "Audience overlap", "Unique real followers"] {
                #expect(page.contains("<h2>\(heading)</h2>"), "\(heading)")
            }
            #expect(page.contains("name=\"account\" value=\"acme\" checked"))
            #expect(page.contains("name=\"rank\" value=\"true\" checked"))

            // Too few accounts: the form again with the reason, 400
            let few = try await client.execute(uri: "/compare?account=acme", method: .get) { response in
                #expect(response.status == .badRequest)
                return String(buffer: response.body)
            }
            #expect(few.contains("<p class=\"error\">account: give 2 to 10 accounts"))
            #expect(few.contains("<form class=\"compare\""))
        }
    }
}

/// Percent-encoding for a query value in tests.
enum DashboardPath {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
