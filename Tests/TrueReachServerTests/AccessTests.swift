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

/// Tokens, workspaces, users, sessions and CSRF, through the application `serve` runs.
@Suite(.timeLimit(.minutes(5))) struct AccessTests {
    /// Every `/api` route of the document, with a method and a path that reaches it.
    static let apiRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/workspace"), (.post, "/api/workspaces"), (.get, "/api/accounts"), (.post, "/api/accounts"),
        (.get, "/api/accounts/acme"), (.get, "/api/accounts/acme/followers"),
        (.get, "/api/compare?account=acme&account=sampled"),
    ]

    @Test func everyAPIRouteRefusesARequestWithoutAValidToken() async throws {
        let fixture = try await ServerFixture()
        let revoked = try await APITokens(store: fixture.store).create(workspace: Workspace.defaultName, label: "old")
        try await APITokens(store: fixture.store).revoke(id: revoked.record.id, workspace: Workspace.defaultName)
        let refused: [HTTPFields] = [
            [:], [.authorization: "Bearer"], [.authorization: "Bearer trk_nope"],
            [.authorization: "Basic \(fixture.token)"],
            [.authorization: "Bearer \(revoked.token)"], [.authorization: "Bearer \(fixture.token)x"],
        ]
        try await fixture.application().test(.router) { client in
            for (method, uri) in Self.apiRoutes {
                for headers in refused {
                    try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "{}"))
                    {
                        response in
                        #expect(response.status == .unauthorized, "\(method) \(uri) \(headers)")
                        #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="truereach""#)
                        #expect(!String(buffer: response.body).contains("acme\""))
                    }
                }
            }
            // The same token in lower-case scheme is accepted.
            try await client.execute(
                uri: "/api/accounts", method: .get, headers: [.authorization: "bearer \(fixture.token)"]
            ) { #expect($0.status == .ok) }
        }
    }

    @Test func aTokenReachesItsOwnWorkspaceOnly() async throws {
        let fixture = try await ServerFixture()
        let workspaces = Workspaces(store: fixture.store)
        _ = try await workspaces.create("agency")
        try await workspaces.claim("brand", platform: .instagram, for: "agency", exists: false)
        let agency = try await APITokens(store: fixture.store).create(workspace: "agency", label: "").token
        let agencyAuth: HTTPFields = [.authorization: "Bearer \(agency)"]
        try await fixture.application().test(.router) { client in
            let listed = try await client.execute(uri: "/api/accounts", method: .get, headers: agencyAuth) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            let accounts = try #require(listed?["accounts"] as? [[String: Any]])
            #expect(accounts.compactMap { $0["account"] as? String } == ["brand"])
            #expect(accounts.first?["workspace"] as? String == "agency")
            #expect(accounts.first?["platform"] as? String == "instagram")
            // The default workspace's accounts are not found for the agency's token, as if absent.
            let missing = String(buffer: try await Self.missing(client, agencyAuth))
            for uri in ["/api/accounts/acme", "/api/accounts/acme/followers", "/api/accounts/quiet"] {
                try await client.execute(uri: uri, method: .get, headers: agencyAuth) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(String(buffer: response.body) == missing)
                }
            }
            // And the default token does not see the agency's account.
            let mine = try await client.execute(uri: "/api/accounts", method: .get, headers: fixture.auth) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            let names = (mine?["accounts"] as? [[String: Any]])?.compactMap { $0["account"] as? String }
            #expect(names == ["acme", "quiet", "sampled"])
            try await client.execute(uri: "/api/accounts/brand", method: .get, headers: fixture.auth) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/workspace", method: .get, headers: agencyAuth) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["name"] as? String == "agency")
                #expect(body?["accounts"] as? Int == 1)
            }
        }
    }

    /// The 404 body of an account that exists nowhere.
    static func missing(_ client: some TestClientProtocol, _ auth: HTTPFields) async throws -> ByteBuffer {
        try await client.execute(uri: "/api/accounts/nobody-at-all", method: .get, headers: auth) { $0.body }
    }

    @Test func theAPICreatesAccountsInItsWorkspaceAndWorkspacesWithTheirOwnToken() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: fixture.auth.merging(json),
                body: ByteBuffer(string: #"{"account": "newbrand", "platform": "tiktok"}"#)
            ) { response in
                #expect(response.status == .created)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["account"] as? String == "newbrand")
                #expect(body?["workspace"] as? String == Workspace.defaultName)
                #expect(body?["latest_audit"] is NSNull)
            }
            for (body, status) in [
                (#"{"account": "newbrand"}"#, HTTPResponse.Status.conflict), (#"{"account": "acme"}"#, .conflict),
                (#"{"account": ""}"#, .badRequest), (#"{"account": "x", "platform": "myspace"}"#, .badRequest),
                (#"{"platform": "x"}"#, .badRequest), ("not json", .badRequest),
            ] {
                try await client.execute(
                    uri: "/api/accounts", method: .post, headers: fixture.auth.merging(json),
                    body: ByteBuffer(string: body)
                ) { #expect($0.status == status, "\(body)") }
            }
            let created = try await client.execute(
                uri: "/api/workspaces", method: .post, headers: fixture.auth.merging(json),
                body: ByteBuffer(string: #"{"name": "client-b"}"#)
            ) { response in
                #expect(response.status == .created)
                return try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            let token = try #require(created?["token"] as? String)
            #expect((created?["workspace"] as? [String: Any])?["name"] as? String == "client-b")
            try await client.execute(
                uri: "/api/workspace", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(String(buffer: response.body).contains(#""name":"client-b""#))
            }
            for name in ["client-b", "Bad Name", ""] {
                try await client.execute(
                    uri: "/api/workspaces", method: .post, headers: fixture.auth.merging(json),
                    body: ByteBuffer(string: #"{"name": "\#(name)"}"#)
                ) { #expect($0.status == (name == "client-b" ? .conflict : .badRequest), "\(name)") }
            }
        }
    }

    // MARK: - Beyond loopback: users and sessions

    static func publicApplication(_ fixture: ServerFixture) async throws -> some ApplicationProtocol {
        try await Users(store: fixture.store, cost: 4).create("alice", password: "correct horse battery")
        return try await buildApplication(
            configuration: ServerConfiguration(
                host: "0.0.0.0", port: 0, database: .sqlite(path: fixture.path),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }),
            store: fixture.store)
    }

    @Test func beyondLoopbackPagesNeedASessionAndSigningInGivesOne() async throws {
        let fixture = try await ServerFixture()
        try await Self.publicApplication(fixture).test(.router) { client in
            var jar = CookieJar()
            // Without a session: pages go to the login page, forms are refused, the login page opens.
            try await client.execute(uri: "/accounts/acme?x=1", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=/accounts/acme%3Fx%3D1")
            }
            try await client.execute(uri: "/", method: .get) { #expect($0.headers[.location] == "/login") }
            let login = try await client.execute(uri: "/login?next=/accounts/acme", method: .get) { response in
                #expect(response.status == .ok)
                jar.take(response)
                return String(buffer: response.body)
            }
            #expect(login.contains(#"name="next" value="/accounts/acme""#))
            let csrf = try #require(jar["truereach_csrf"])
            #expect(login.contains(#"name="csrf_token" value="\#(csrf)""#))
            // A wrong password, and an unknown user, get the same answer.
            for (name, password) in [("alice", "wrong password"), ("mallory", "correct horse battery")] {
                try await client.execute(
                    uri: "/login", method: .post, headers: jar.headers(form: true),
                    body: Self.form(["csrf_token": csrf, "name": name, "password": password])
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains("do not match a user"))
                    #expect(response.headers[.setCookie]?.contains("truereach_session") != true)
                }
            }
            try await client.execute(
                uri: "/login", method: .post, headers: jar.headers(form: true),
                body: Self.form([
                    "csrf_token": csrf, "name": "alice", "password": "correct horse battery", "next": "/accounts/acme",
                ])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/accounts/acme")
                jar.take(response)
            }
            #expect(jar["truereach_session"] != nil)
            let page = try await client.execute(uri: "/accounts/acme", method: .get, headers: jar.headers()) {
                response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("Sign out"))
            #expect(page.contains(">alice<"))
            // Signing out ends the session.
            try await client.execute(
                uri: "/logout", method: .post, headers: jar.headers(form: true), body: Self.form(["csrf_token": csrf])
            ) { response in
                #expect(response.status == .seeOther)
                jar.take(response)
            }
            try await client.execute(uri: "/accounts/acme", method: .get, headers: jar.headers()) {
                #expect($0.status == .seeOther)
            }
            // The API still takes its token, and only its token.
            try await client.execute(uri: "/api/accounts", method: .get, headers: fixture.auth) {
                #expect($0.status == .ok)
            }
            // No Host guard beyond loopback: the server answers for the name it is reached by.
            try await client.execute(uri: "/login", method: .get, headers: [.hostHeaderName: "truereach.example"]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func aSessionOutlivesARestartAndTheDatabaseHoldsOnlyItsHash() async throws {
        let fixture = try await ServerFixture()
        // Given alice signed in on one server
        let jar = try await Self.publicApplication(fixture).test(.router) { client in
            var jar = CookieJar()
            try await client.execute(uri: "/login", method: .get) { jar.take($0) }
            let csrf = try #require(jar["truereach_csrf"])
            try await client.execute(
                uri: "/login", method: .post, headers: jar.headers(form: true),
                body: Self.form(["csrf_token": csrf, "name": "alice", "password": "correct horse battery"])
            ) { response in
                #expect(response.status == .seeOther)
                jar.take(response)
            }
            return jar
        }
        let session = try #require(jar["truereach_session"])
        // When a new server opens the same database
        let reopened = try SQLiteStore(path: fixture.path)
        let restarted = try await buildApplication(
            configuration: ServerConfiguration(
                host: "0.0.0.0", port: 0, database: .sqlite(path: fixture.path),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }),
            store: reopened)
        // Then she is still signed in there
        try await restarted.test(.router) { client in
            let page = try await client.execute(uri: "/accounts/acme", method: .get, headers: jar.headers()) {
                response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains(">alice<"))
            // And signing out there ends it
            try await client.execute(
                uri: "/logout", method: .post, headers: jar.headers(form: true),
                body: Self.form(["csrf_token": try #require(jar["truereach_csrf"])])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/accounts/acme", method: .get, headers: jar.headers()) {
                #expect($0.status == .seeOther)
            }
        }
        try await reopened.close()
        // The database files hold the session key's SHA-256, never the cookie's value
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: fixture.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data(session.utf8)) == nil, "the cookie's value is in truereach.sqlite\(suffix)")
        }
    }

    @Test(arguments: ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
    func signingInNeverReturnsToAnotherSite(next: String) async throws {
        let fixture = try await ServerFixture()
        try await Self.publicApplication(fixture).test(.router) { client in
            var jar = CookieJar()
            try await client.execute(uri: "/login", method: .get) { jar.take($0) }
            try await client.execute(
                uri: "/login", method: .post, headers: jar.headers(form: true),
                body: Self.form([
                    "csrf_token": jar["truereach_csrf"] ?? "", "name": "alice", "password": "correct horse battery",
                    "next": next,
                ])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
            }
        }
    }

    // MARK: - CSRF

    @Test func formsNeedTheirCSRFTokenAndASameSiteOrigin() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            var jar = CookieJar()
            let page = try await client.execute(uri: "/workspaces", method: .get) { response in
                jar.take(response)
                return String(buffer: response.body)
            }
            let csrf = try #require(jar["truereach_csrf"])
            #expect(csrf.count == 43)
            #expect(page.contains(#"<input type="hidden" name="csrf_token" value="\#(csrf)">"#))
            let cases: [(HTTPFields, [String: String], HTTPResponse.Status)] = [
                (jar.headers(form: true), ["name": "one"], .forbidden),  // no field
                (jar.headers(form: true), ["name": "one", "csrf_token": String(csrf.reversed())], .forbidden),
                ([.contentType: "application/x-www-form-urlencoded"], ["name": "one", "csrf_token": csrf], .forbidden),
                (
                    jar.headers(form: true).merging([.origin: "http://evil.example"]),
                    ["name": "one", "csrf_token": csrf], .forbidden
                ),
                (
                    jar.headers(form: true).merging([.secFetchSiteName: "cross-site"]),
                    ["name": "one", "csrf_token": csrf], .forbidden
                ),
            ]
            for (headers, fields, status) in cases {
                try await client.execute(uri: "/workspaces", method: .post, headers: headers, body: Self.form(fields)) {
                    #expect($0.status == status, "\(headers) \(fields)")
                }
            }
            #expect(try await Workspaces(store: fixture.store).all().map(\.name) == [Workspace.defaultName])
            // The token, from the same origin: created.
            try await client.execute(
                uri: "/workspaces", method: .post,
                headers: jar.headers(form: true).merging([.origin: "http://localhost", .hostHeaderName: "localhost"]),
                body: Self.form(["name": "one", "csrf_token": csrf])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/workspaces")
            }
            try await client.execute(
                uri: "/workspaces", method: .post, headers: jar.headers(form: true),
                body: Self.form(["name": "one", "csrf_token": csrf])
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("exists already"))
            }
            #expect(try await Workspaces(store: fixture.store).all().map(\.name) == [Workspace.defaultName, "one"])
            let list = try await client.execute(uri: "/workspaces", method: .get, headers: jar.headers()) {
                String(buffer: $0.body)
            }
            #expect(list.contains(#"<a href="/?workspace=one">one</a>"#))
        }
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.subtracting(CharacterSet(charactersIn: "^"))
        let text = fields.sorted { $0.key < $1.key }.map { key, value in
            key + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }
}

/// The cookies a browser would keep from the responses, sent back as `Cookie`.
struct CookieJar {
    private var cookies: [String: String] = [:]

    subscript(_ name: String) -> String? { cookies[name] }

    mutating func take(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let expired = header.lowercased().contains("max-age=0") || header.contains("1970")
            if expired || pair[1].isEmpty { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
    }

    func headers(form: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [:]
        if !cookies.isEmpty {
            fields[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        return fields
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var out = self
        for field in other { out[field.name] = field.value }
        return out
    }
}

extension HTTPField.Name {
    static let hostHeaderName = named("Host")
    static let secFetchSiteName = named("Sec-Fetch-Site")
}
