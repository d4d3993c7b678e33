import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachServer
import TrueReachStore

/// Tracked links over real HTTP (a live server on a free loopback port): redirects, click classes,
/// HEAD, conversions through the API, the outcome report in JSON and the page.
@Suite(.timeLimit(.minutes(5))) struct OutcomeRouteTests {
    static let chrome =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    static let slackbot = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
    static let hostileCampaign = "<img src=x onerror=\"document.title='pwned'\">"

    /// The click id of a redirect's `Location`, after checking that it leads to `url`.
    static func clickID(_ response: TestResponse, leadsTo url: String) throws -> String {
        #expect(response.status == .found)
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix(url))
        let tail = try #require(location.components(separatedBy: "tr_click=").last)
        let id = String(tail.prefix { $0 != "#" })
        #expect(id.count == 22)
        return id
    }

    @Test func redirectsRecordClassifiedClicksAndConversionsAreAttributed() async throws {
        let fixture = try await ServerFixture()
        let outcomes = Outcomes(store: fixture.store)
        let link = try await outcomes.createLink(
            url: "https://shop.example/p?id=7#top", account: "acme", campaign: Self.hostileCampaign, post: "post-1",
            cost: 50, currency: "eur", at: ServerFixture.now)
        #expect(link.currency == "EUR")
        #expect(link.slug.count == 12)
        _ = try await fixture.store.createWorkspace("other", createdAt: ServerFixture.now)
        let other = try await APITokens(store: fixture.store).create(workspace: "other", label: "other").token
        let app = try await fixture.application()
        try await app.test(.live) { client in
            // A person's click: redirected to the destination with the click id before the fragment
            let first = try await client.execute(
                uri: "/r/\(link.slug)", method: .get, headers: [.userAgent: Self.chrome, .referer: "https://t.co/a"])
            let id = try Self.clickID(first, leadsTo: "https://shop.example/p?id=7&tr_click=")
            #expect(first.headers[.location]?.hasSuffix("#top") == true)
            #expect(first.headers[.cacheControl] == "no-store")
            let click = try #require(try await fixture.store.fetchClick(id: id))
            #expect(click.clickClass == "human")
            #expect(click.userAgent == Self.chrome)
            #expect(click.referrer == "https://t.co/a")
            #expect(click.visitor.count == 32 && !click.visitor.contains("127.0.0.1"))
            // The same visitor again within the hour: a duplicate
            let second = try await client.execute(
                uri: "/r/\(link.slug)", method: .get, headers: [.userAgent: Self.chrome])
            let repeated = try #require(
                try await fixture.store.fetchClick(id: try Self.clickID(second, leadsTo: "https")))
            #expect(repeated.clickClass == "duplicate")
            #expect(repeated.visitor == click.visitor)
            // A link preview, a prefetch, a missing user agent
            let preview = try await client.execute(
                uri: "/r/\(link.slug)", method: .get, headers: [.userAgent: Self.slackbot])
            let previewClick = try await fixture.store.fetchClick(id: try Self.clickID(preview, leadsTo: "https"))
            #expect(previewClick?.clickClass == "link_preview")
            var prefetchHeaders: HTTPFields = [.userAgent: Self.chrome]
            if let purpose = HTTPField.Name("Sec-Purpose") { prefetchHeaders[purpose] = "prefetch;prerender" }
            let prefetch = try await client.execute(uri: "/r/\(link.slug)", method: .get, headers: prefetchHeaders)
            #expect(
                try await fixture.store.fetchClick(id: try Self.clickID(prefetch, leadsTo: "https"))?.clickClass
                    == "prefetch")
            let bare = try await client.execute(uri: "/r/\(link.slug)", method: .get)
            #expect(
                try await fixture.store.fetchClick(id: try Self.clickID(bare, leadsTo: "https"))?.clickClass == "bot")
            // HEAD is answered and never a click
            let head = try await client.execute(
                uri: "/r/\(link.slug)", method: .head, headers: [.userAgent: Self.chrome])
            #expect(head.status == .found)
            #expect(head.headers[.location] == link.url)
            // A huge user agent is answered and stored cut to 1,024 bytes
            let huge = "curl/8.5.0 " + String(repeating: "x", count: 20_000)
            let long = try await client.execute(uri: "/r/\(link.slug)", method: .get, headers: [.userAgent: huge])
            let longClick = try await fixture.store.fetchClick(id: try Self.clickID(long, leadsTo: "https"))
            #expect(longClick?.userAgent?.utf8.count == 1_024)
            #expect(longClick?.clickClass == "bot")
            // Unknown and malformed slugs
            try await client.execute(uri: "/r/doesnotexist1", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/r/%27%3Cx%3E", method: .get) { #expect($0.status == .notFound) }

            // Conversions through the API
            func convert(_ body: String, auth: HTTPFields) async throws -> TestResponse {
                var headers = auth
                headers[.contentType] = "application/json"
                return try await client.execute(
                    uri: "/api/v1/conversions", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let sale =
                "{\"click_id\": \"\(id)\", \"kind\": \"sale\", \"value\": 49.9, \"currency\": \"EUR\", \"external_id\": \"o-1\"}"
            let created = try await convert(sale, auth: fixture.auth)
            #expect(created.status == .created)
            let stored = try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any]
            #expect(stored?["link"] as? String == link.slug)
            #expect(stored?["campaign"] as? String == Self.hostileCampaign)
            #expect(stored?["post"] as? String == "post-1")
            let again = try await convert(sale, auth: fixture.auth)
            #expect(again.status == .ok)
            let repeatedSale = try JSONSerialization.jsonObject(with: Data(buffer: again.body)) as? [String: Any]
            #expect(repeatedSale?["id"] as? Int == stored?["id"] as? Int)
            let missingKind = try await convert("{\"click_id\": \"\(id)\"}", auth: fixture.auth)
            #expect(missingKind.status == .badRequest)
            #expect(String(buffer: missingKind.body).contains("kind"))
            let badValue = try await convert(
                "{\"click_id\": \"\(id)\", \"kind\": \"sale\", \"value\": \"a\"}", auth: fixture.auth)
            #expect(badValue.status == .badRequest)
            #expect(String(buffer: badValue.body).contains("value"))
            let unknown = try await convert("{\"click_id\": \"nope\", \"kind\": \"lead\"}", auth: fixture.auth)
            #expect(unknown.status == .notFound)
            // Another workspace's token cannot see this click: the same 404
            let foreign = try await convert(sale, auth: [.authorization: "Bearer \(other)"])
            #expect(foreign.status == .notFound)
            #expect(String(buffer: foreign.body) == String(buffer: unknown.body))
            let anonymous = try await convert(sale, auth: [:])
            #expect(anonymous.status == .unauthorized)

            // The outcome report: JSON through the API, and the page
            let report = try await client.execute(
                uri: "/api/accounts/acme/outcomes", method: .get, headers: fixture.auth)
            #expect(report.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: report.body)) as? [String: Any]
            let links = try #require(json?["links"] as? [[String: Any]])
            #expect(links.count == 1)
            #expect(links.first?["slug"] as? String == link.slug)
            #expect(links.first?["url"] as? String == link.url)
            #expect(links.first?["campaign"] as? String == Self.hostileCampaign)
            let clicks = try #require(links.first?["clicks"] as? [String: Any])
            #expect(clicks["total"] as? Int == 6)
            #expect(clicks["human"] as? Int == 1)
            let filtered = try #require(clicks["filtered"] as? [String: Int])
            #expect(filtered == ["bot": 2, "link_preview": 1, "prefetch": 1, "email_scanner": 0, "duplicate": 1])
            let conversions = try #require(links.first?["conversions"] as? [String: Any])
            #expect(conversions["count"] as? Int == 1)
            #expect(conversions["value"] as? Double == 49.9)
            #expect(links.first?["cost_per_human_click"] as? Double == 50)
            try await client.execute(
                uri: "/api/accounts/acme/outcomes", method: .get, headers: [.authorization: "Bearer \(other)"]
            ) {
                #expect($0.status == .notFound)
            }
            let page = try await client.execute(uri: "/accounts/acme/outcomes", method: .get)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(link.slug))
            #expect(!html.contains(Self.hostileCampaign))
            #expect(html.contains("&lt;img src=x onerror="))
            #expect(html.contains("http-equiv=\"refresh\" content=\"2\""))
        }
        // After a graceful shutdown every answered redirect has its click (six GETs; HEAD is none)
        let counts = try await fixture.store.fetchLinkOutcomes(account: "acme", campaign: nil)
        #expect(counts.first?.clicksByClass.values.reduce(0, +) == 6)
    }

    @Test func linksAreCreatedAndListedThroughTheAPIWithinTheTokensWorkspace() async throws {
        let fixture = try await ServerFixture()
        _ = try await fixture.store.createWorkspace("other", createdAt: ServerFixture.now)
        let other = try await APITokens(store: fixture.store).create(workspace: "other", label: "other").token
        let app = try await fixture.application()
        try await app.test(.live) { client in
            func create(_ body: String, account: String = "acme", auth: HTTPFields? = nil) async throws -> TestResponse
            {
                var headers = auth ?? fixture.auth
                headers[.contentType] = "application/json"
                return try await client.execute(
                    uri: "/api/accounts/\(account)/links", method: .post, headers: headers,
                    body: ByteBuffer(string: body))
            }
            let fields: [String: Any] = [
                "url": "https://shop.example/a?x=1", "campaign": Self.hostileCampaign, "cost": 20, "currency": "eur",
            ]
            let made = try await create(
                String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self))
            #expect(made.status == .created)
            let link = try #require(try JSONSerialization.jsonObject(with: Data(buffer: made.body)) as? [String: Any])
            let slug = try #require(link["slug"] as? String)
            #expect(slug.count == 12)
            #expect(link["path"] as? String == "/r/\(slug)")
            #expect(link["currency"] as? String == "EUR")
            #expect(link["campaign"] as? String == Self.hostileCampaign)
            // The new link redirects and counts at once.
            let followed = try await client.execute(uri: "/r/\(slug)", method: .get, headers: [.userAgent: Self.chrome])
            let click = try await fixture.store.fetchClick(
                id: try Self.clickID(followed, leadsTo: "https://shop.example/a?x=1&tr_click="))
            #expect(click?.clickClass == "human")
            // Refused, naming the field; nothing stored.
            for (body, field) in [
                (#"{"url": "javascript:alert(1)"}"#, "url"), (#"{"campaign": "x"}"#, "url"),
                (#"{"url": "https://shop.example/", "cost": -3}"#, "cost"),
                (#"{"url": "https://shop.example/", "currency": "euro"}"#, "currency"),
            ] {
                let refused = try await create(body)
                #expect(refused.status == .badRequest, "\(body)")
                #expect(String(buffer: refused.body).contains(field), "\(body)")
            }
            #expect(try await create(#"{"url": "https://shop.example/"}"#, account: "nobody").status == .notFound)
            #expect(
                try await create(#"{"url": "https://shop.example/"}"#, auth: [.authorization: "Bearer \(other)"]).status
                    == .notFound)
            #expect(try await create(#"{"url": "https://shop.example/"}"#, auth: [:]).status == .unauthorized)
            // Listed, and by campaign.
            let listed = try await client.execute(uri: "/api/accounts/acme/links", method: .get, headers: fixture.auth)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [String: Any])
            #expect((list["links"] as? [[String: Any]])?.map { $0["slug"] as? String } == [slug])
            let none = try await client.execute(
                uri: "/api/accounts/acme/links?campaign=none", method: .get, headers: fixture.auth)
            #expect(String(buffer: none.body).contains(#""links":[]"#))
            let foreign = try await client.execute(
                uri: "/api/accounts/acme/links", method: .get, headers: [.authorization: "Bearer \(other)"])
            #expect(foreign.status == .notFound)
        }
    }

    @Test func concurrentRedirectsAreAllStored() async throws {
        let fixture = try await ServerFixture()
        let link = try await Outcomes(store: fixture.store).createLink(
            url: "https://example.org/", account: "acme", at: ServerFixture.now)
        let app = try await fixture.application()
        let answered = try await app.test(.live) { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var found = 0
                        for request in 0..<25 {
                            let agent = "\(Self.chrome) worker/\(worker) request/\(request)"
                            let response = try await client.execute(
                                uri: "/r/\(link.slug)", method: .get, headers: [.userAgent: agent])
                            if response.status == .found { found += 1 }
                        }
                        return found
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(answered == 200)
        let counts = try await fixture.store.fetchLinkOutcomes(account: "acme", campaign: nil)
        // Every user agent differs, so every visitor differs: 200 human clicks, none a duplicate
        #expect(counts.first?.clicksByClass == ["human": 200])
    }

    @Test func destinationsKeepTheirQueryAndFragment() {
        #expect(Outcomes.destination("https://a.example/", click: "X") == "https://a.example/?tr_click=X")
        #expect(Outcomes.destination("https://a.example/?q=1", click: "X") == "https://a.example/?q=1&tr_click=X")
        #expect(Outcomes.destination("https://a.example/?", click: "X") == "https://a.example/?tr_click=X")
        #expect(Outcomes.destination("https://a.example/p#f?g", click: "X") == "https://a.example/p?tr_click=X#f?g")
    }
}
