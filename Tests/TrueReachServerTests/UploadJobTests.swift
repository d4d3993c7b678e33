import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachServer
import TrueReachStore

/// Uploads streamed to disk, imported and audited as background jobs that survive a restart.
@Suite(.timeLimit(.minutes(5))) struct UploadJobTests {
    // MARK: - Upload, import, audit

    @Test func anAPIUploadToANewAccountIsImportedThenAudited() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            // Given a form with a followers file, sent to an account that does not exist yet
            let body = UploadFixture.form([
                ("format", nil, "canonical-jsonl"), ("file", "followers.jsonl", UploadFixture.followers(60)),
            ])
            // When it is uploaded
            let queued = try await client.execute(
                uri: "/api/accounts/new%20one/uploads", method: .post, headers: fixture.formHeaders, body: body
            ) { response in
                #expect(response.status == .accepted)
                let job = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(response.headers[.location] == "/api/jobs/\(job["id"] as? Int ?? 0)")
                return job
            }
            #expect(queued["kind"] as? String == "import")
            #expect(queued["account"] as? String == "new one")
            let input = try #require(queued["input"] as? [String: Any])
            #expect(input["name"] as? String == "followers.jsonl")
            #expect(input["path"] == nil, "the server's disk path is not shown")
            // Then the import succeeds and queues the audit, which stores an audit the API serves
            let imported = try await fixture.wait(for: try #require(queued["id"] as? Int), client)
            #expect(imported["state"] as? String == "succeeded")
            #expect((imported["progress"] as? [String: Any])?["records"] as? Int == 60)
            let auditJobID = try #require(imported["follow_up_id"] as? Int)
            let audited = try await fixture.wait(for: auditJobID, client)
            #expect(audited["state"] as? String == "succeeded")
            #expect(audited["kind"] as? String == "audit")
            let auditID = try #require(audited["audit_id"] as? Int)
            try await client.execute(uri: "/api/accounts/new%20one", method: .get, headers: fixture.api()) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"followers_total\" : 60"))
            }
            try await client.execute(
                uri: "/api/accounts/new%20one/followers?limit=1", method: .get, headers: fixture.api()
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"audit_id\":\(auditID)"))
            }
            // And the account lists both jobs, newest first
            let list = try await client.execute(
                uri: "/api/accounts/new%20one/jobs", method: .get, headers: fixture.api()
            ) { response in
                #expect(response.status == .ok)
                return try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            let ids = (list["jobs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
            #expect(ids == [auditJobID, queued["id"] as? Int ?? 0])
        }
        #expect(fixture.leftoverUploads().isEmpty, "the uploaded file is deleted once imported")
    }

    @Test func aRawBodyUploadAndAQueuedAuditWork() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            let id = try await client.execute(
                uri: "/api/accounts/quiet/uploads?format=canonical-jsonl&name=quiet.jsonl", method: .post,
                headers: fixture.api([.contentType: "application/x-ndjson"]),
                body: ByteBuffer(string: UploadFixture.followers(12))
            ) { response in
                #expect(response.status == .accepted)
                return try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"]
                        as? Int)
            }
            let imported = try await fixture.wait(for: id, client)
            #expect(imported["state"] as? String == "succeeded")
            _ = try await fixture.wait(for: try #require(imported["follow_up_id"] as? Int), client)
            // An audit of the stored audience is queued on its own
            let audit = try await client.execute(
                uri: "/api/accounts/quiet/audits", method: .post, headers: fixture.api()
            ) { response in
                #expect(response.status == .accepted)
                return try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"]
                        as? Int)
            }
            let done = try await fixture.wait(for: audit, client)
            #expect(done["state"] as? String == "succeeded")
            #expect(done["audit_id"] is Int)
            // An account without stored followers cannot be audited; an unknown job is 404
            try await client.execute(uri: "/api/accounts/nobody/audits", method: .post, headers: fixture.api()) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/jobs/99999", method: .get, headers: fixture.api()) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("\"code\":\"not_found\""))
            }
            try await client.execute(
                uri: "/api/accounts/quiet/uploads?format=no-such-format", method: .post, headers: fixture.api(),
                body: ByteBuffer(string: "x")
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func thePageFormUploadsRedirectsToTheJobAndTheOverviewListsIt() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            // The form carries the CSRF token first, and posts multipart to the uploads route
            let form = try await client.execute(
                uri: "/accounts/acme/upload", method: .get, headers: [.cookie: "truereach_csrf=\(UploadFixture.csrf)"]
            ) { String(buffer: $0.body) }
            #expect(form.contains("enctype=\"multipart/form-data\""))
            #expect(form.contains("action=\"/accounts/acme/uploads?workspace=default\""))
            let token = try #require(form.range(of: "name=\"csrf_token\" value=\"\(UploadFixture.csrf)\""))
            let file = try #require(form.range(of: "type=\"file\""))
            #expect(token.lowerBound < file.lowerBound)
            // Posting it answers 303 to the job's page
            let body = UploadFixture.form([
                ("csrf_token", nil, UploadFixture.csrf), ("format", nil, "auto"), ("platform", nil, "twitter"),
                ("file", "acme <img src=x onerror=alert(1)>.jsonl", UploadFixture.followers(30, prefix: "n")),
            ])
            let location = try await client.execute(
                uri: "/accounts/acme/uploads", method: .post, headers: UploadFixture.pageFormHeaders, body: body
            ) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/jobs/"))
            let id = try #require(Int(location.dropFirst("/jobs/".count)))
            let done = try await fixture.wait(for: id, client)
            _ = try await fixture.wait(for: try #require(done["follow_up_id"] as? Int), client)
            // The finished job's page does not refresh; it names the file, escaped
            let page = try await client.execute(uri: location, method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("succeeded"))
            #expect(page.contains("acme &lt;img src=x onerror=alert(1)&gt;.jsonl"))
            #expect(!page.contains("<img"))
            #expect(!page.contains("http-equiv=\"refresh\""))
            #expect(!page.contains("<script"))
            // The overview lists the account's recent jobs and links the upload form
            let overview = try await client.execute(uri: "/accounts/acme", method: .get) { String(buffer: $0.body) }
            #expect(overview.contains("Recent jobs"))
            #expect(overview.contains("href=\"/jobs/\(id)\""))
            #expect(overview.contains("href=\"/accounts/acme/upload\""))
        }
    }

    @Test func aJobPageRefreshesItselfWhileTheJobRuns() async throws {
        var configured = UploadFixture(server: try await ServerFixture(followers: 10))
        configured.willRun = { _ in try await Task.sleep(for: .seconds(600)) }
        let fixture = configured
        try await fixture.application().test(.router) { client in
            let id = try await client.execute(
                uri: "/api/accounts/acme/audits", method: .post, headers: fixture.api()
            ) {
                try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])?["id"] as? Int)
            }
            _ = try await fixture.wait(for: id, client, until: ["running"])
            let page = try await client.execute(uri: "/jobs/\(id)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
            #expect(page.contains("running"))
        }
    }

    // MARK: - Unreadable, too large, forged

    @Test func anUnreadableUploadFailsNamingFileLineAndFieldAndLeavesTheAccountAsItWas() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        let store = fixture.server.store
        let before = try await store.fetchAudience(account: "acme")
        let audits = try await store.fetchAudits(account: "acme").count
        try await fixture.application().test(.router) { client in
            // Given a file whose every record has an object where a count belongs (line 1 is blank)
            let lines =
                "\n"
                + (1...3).map { #"{"id_str": "\#($0)", "screen_name": "s\#($0)", "followers_count": {"n": 1}}"# }
                .joined(separator: "\n")
            let body = UploadFixture.form([("format", nil, "twitter-v1"), ("file", "broken.jsonl", lines)])
            let id = try await client.execute(
                uri: "/api/accounts/acme/uploads", method: .post, headers: fixture.formHeaders, body: body
            ) {
                try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])?["id"] as? Int)
            }
            // Then the job fails, naming the uploaded file, the line and the field
            let failed = try await fixture.wait(for: id, client)
            #expect(failed["state"] as? String == "failed")
            #expect(failed["follow_up_id"] is NSNull, "no audit is queued")
            let failure = try #require(failed["failure"] as? [String: Any])
            #expect(failure["file"] as? String == "broken.jsonl")
            #expect(failure["line"] as? Int == 2)
            #expect(failure["field"] as? String == "followers_count")
            #expect((failure["message"] as? String)?.isEmpty == false)
            // And the page shows the same
            let page = try await client.execute(uri: "/jobs/\(id)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("Why it failed"))
            #expect(page.contains("<tr><th>Line</th><td>2</td></tr>"))
            #expect(page.contains("<tr><th>Field</th><td><bdi>followers_count</bdi></td></tr>"))
        }
        // And the stored account is exactly as it was
        let after = try await store.fetchAudience(account: "acme")
        #expect(after == before)
        #expect(try await store.fetchAudits(account: "acme").count == audits)
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func anImportThatFailsAfterStoringBatchesRollsThemBack() async throws {
        var configured = UploadFixture(server: try await ServerFixture(followers: 10))
        configured.maxUploadBytes = 8 << 20
        let fixture = configured
        let store = fixture.server.store
        let before = try await store.fetchAudience(account: "acme")
        var profiles: [Profile] = []
        for try await batch in store.fetchAudienceProfiles(account: "acme") { profiles += batch }
        try await fixture.application().test(.router) { client in
            // Given more good records than one batch holds (8,192), then more bad ones than the 100 skipped
            let bad = (1...101).map { #"{"platform": "twitter", "id": "b\#($0)", "followers_count": "many"}"# }
            let file = UploadFixture.followers(9_000) + bad.joined(separator: "\n")
            let id = try await client.execute(
                uri: "/api/accounts/acme/uploads?format=canonical-jsonl&name=big.jsonl", method: .post,
                headers: fixture.api(),
                body: ByteBuffer(string: file)
            ) {
                try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])?["id"] as? Int)
            }
            // Then the job fails at the first record past the limit
            let failed = try await fixture.wait(for: id, client)
            #expect(failed["state"] as? String == "failed")
            let failure = try #require(failed["failure"] as? [String: Any])
            #expect(failure["file"] as? String == "big.jsonl")
            #expect(failure["field"] as? String == "followers_count")
            #expect((failure["line"] as? Int ?? 0) > 9_000)
        }
        // And the batches it had stored in its transaction are gone
        #expect(try await store.fetchAudience(account: "acme") == before)
        var after: [Profile] = []
        for try await batch in store.fetchAudienceProfiles(account: "acme") { after += batch }
        #expect(after == profiles)
    }

    @Test func anUploadPastTheLimitIs413AndLeavesNoFile() async throws {
        var configured = UploadFixture(server: try await ServerFixture(followers: 10))
        configured.maxUploadBytes = 4_096
        let fixture = configured
        try await fixture.application().test(.router) { client in
            let big = UploadFixture.followers(200)
            #expect(big.utf8.count > 4_096)
            // A form whose file grows past the limit while it streams
            try await client.execute(
                uri: "/api/accounts/acme/uploads", method: .post, headers: fixture.formHeaders,
                body: UploadFixture.form([("file", "big.jsonl", big)])
            ) { response in
                #expect(response.status == .contentTooLarge)
                let text = String(buffer: response.body)
                #expect(text.contains("\"code\":\"payload_too_large\""))
                #expect(text.contains("--max-upload-mb"))
            }
            // A raw body, and a page form
            try await client.execute(
                uri: "/api/accounts/acme/uploads", method: .post, headers: fixture.api(), body: ByteBuffer(string: big)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(
                uri: "/accounts/acme/uploads", method: .post, headers: UploadFixture.pageFormHeaders,
                body: UploadFixture.form([("csrf_token", nil, UploadFixture.csrf), ("file", "big.jsonl", big)])
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).hasPrefix("<!DOCTYPE html>"))
            }
            // Nothing was queued
            try await client.execute(uri: "/api/accounts/acme/jobs", method: .get, headers: fixture.api()) { response in
                #expect(String(buffer: response.body).contains("\"jobs\":[]"))
            }
        }
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func aPageUploadWithoutItsCSRFTokenBeforeTheFileIs403AndWritesNothing() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            let file = ("file", "f.jsonl" as String?, UploadFixture.followers(5))
            let cases: [[(name: String, filename: String?, content: String)]] = [
                [file],  // no token
                [("csrf_token", nil, String(repeating: "B", count: 43)), file],  // a token that is not the cookie's
                [file, ("csrf_token", nil, UploadFixture.csrf)],  // the right token, after the file
            ]
            for fields in cases {
                try await client.execute(
                    uri: "/accounts/acme/uploads", method: .post, headers: UploadFixture.pageFormHeaders,
                    body: UploadFixture.form(fields)
                ) { response in
                    #expect(response.status == .forbidden)
                }
            }
            try await client.execute(uri: "/api/accounts/acme/jobs", method: .get, headers: fixture.api()) { response in
                #expect(String(buffer: response.body).contains("\"jobs\":[]"))
            }
        }
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func aBodyThatIsNotAFormOrHasNoFileIsRefused() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            // Cut short before the closing delimiter
            var truncated = UploadFixture.form([("file", "f.jsonl", UploadFixture.followers(5))])
            truncated.moveWriterIndex(to: truncated.writerIndex - 10)
            try await client.execute(
                uri: "/api/accounts/acme/uploads", method: .post, headers: fixture.formHeaders, body: truncated
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/accounts/acme/uploads", method: .post, headers: fixture.formHeaders,
                body: UploadFixture.form([("format", nil, "auto")])
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func theOverviewsAuditNowButtonQueuesAnAuditBehindItsCSRFToken() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        try await fixture.application().test(.router) { client in
            let cookie: HTTPFields = [.cookie: "truereach_csrf=\(UploadFixture.csrf)"]
            let overview = try await client.execute(uri: "/accounts/quiet", method: .get, headers: cookie) {
                String(buffer: $0.body)
            }
            #expect(overview.contains(#"<form class="inline" method="post" action="/accounts/quiet/audits">"#))
            #expect(overview.contains(#"name="csrf_token" value="\#(UploadFixture.csrf)""#))
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            // Without the token the form is refused and nothing is queued
            try await client.execute(
                uri: "/accounts/quiet/audits", method: .post, headers: form, body: ByteBuffer(string: "csrf_token=")
            ) { #expect($0.status == .forbidden) }
            let none = try await fixture.server.store.fetchJobs(account: "quiet", limit: 5)
            #expect(none.isEmpty)
            // With it, an audit is queued and the browser is sent to its page
            let location = try await client.execute(
                uri: "/accounts/quiet/audits", method: .post, headers: form,
                body: ByteBuffer(string: "csrf_token=\(UploadFixture.csrf)")
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            let id = try #require(Int(location.replacingOccurrences(of: "/jobs/", with: "")))
            let done = try await fixture.wait(for: id, client)
            #expect(done["kind"] as? String == "audit")
            #expect(done["state"] as? String == "succeeded")
        }
    }

    // MARK: - Workspaces

    @Test func anUploadWritesIntoItsTokensWorkspaceAndJobsStayThere() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        let store = fixture.server.store
        _ = try await Workspaces(store: store).create("client-b")
        let other = try await APITokens(store: store).create(workspace: "client-b", label: "b").token
        let otherAuth: HTTPFields = [.authorization: "Bearer \(other)"]
        let acmeBefore = try await store.fetchAudience(account: "acme")
        try await fixture.application().test(.router) { client in
            var headers = otherAuth
            headers[.contentType] = "application/x-ndjson"
            // Given client-b's token, an upload to the default workspace's account is refused
            try await client.execute(
                uri: "/api/accounts/acme/uploads?format=canonical-jsonl", method: .post, headers: headers,
                body: ByteBuffer(string: UploadFixture.followers(5))
            ) { response in
                #expect(response.status == .conflict)
                #expect(!String(buffer: response.body).contains("default"), "the holder is not named")
            }
            try await client.execute(uri: "/api/accounts/acme/audits", method: .post, headers: otherAuth) {
                #expect($0.status == .notFound)
            }
            // When it uploads to a new name, the account is client-b's
            let id = try await client.execute(
                uri: "/api/accounts/b-brand/uploads?format=canonical-jsonl", method: .post, headers: headers,
                body: ByteBuffer(string: UploadFixture.followers(8))
            ) { response in
                #expect(response.status == .accepted)
                return try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"]
                        as? Int)
            }
            let finished = try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: otherAuth) {
                #expect($0.status == .ok)
                return String(buffer: $0.body)
            }
            #expect(finished.contains("\"account\":\"b-brand\""))
            let holder = try await store.fetchWorkspace(ofAccount: "b-brand")
            #expect(holder == "client-b")
            // Then the default workspace's token sees neither the job nor the account
            try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: fixture.api()) {
                #expect($0.status == .notFound)
                #expect(String(buffer: $0.body).contains("There is no job with this id."))
            }
            try await client.execute(uri: "/api/accounts/b-brand/jobs", method: .get, headers: fixture.api()) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/accounts/b-brand/uploads?format=canonical-jsonl", method: .post,
                headers: fixture.api([.contentType: "application/x-ndjson"]),
                body: ByteBuffer(string: UploadFixture.followers(3))
            ) { #expect($0.status == .conflict) }
            // And on loopback the page user, who sees every workspace, can follow the job
            try await client.execute(uri: "/jobs/\(id)", method: .get) { #expect($0.status == .ok) }
        }
        let acmeAfter = try await store.fetchAudience(account: "acme")
        #expect(acmeAfter == acmeBefore, "the refused upload changed nothing")
        #expect(fixture.leftoverUploads().isEmpty)
    }

    @Test func theAccountListLeadsToANewAccountsUploadInTheChosenWorkspace() async throws {
        let fixture = UploadFixture(server: try await ServerFixture(followers: 10))
        let store = fixture.server.store
        _ = try await Workspaces(store: store).create("client-b")
        try await fixture.application().test(.router) { client in
            // Given the account list, it offers a form for a new account with the workspaces to choose
            let list = try await client.execute(uri: "/?workspace=client-b", method: .get) { String(buffer: $0.body) }
            #expect(list.contains(#"<form class="filters" method="get" action="/upload">"#))
            #expect(list.contains(#"<option value="client-b" selected>client-b</option>"#))
            // When it is sent, the browser goes to the new account's upload form in that workspace
            let location = try await client.execute(
                uri: "/upload?account=new%20brand&workspace=client-b", method: .get
            ) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location == "/accounts/new%20brand/upload?workspace=client-b")
            let form = try await client.execute(uri: location, method: .get) { String(buffer: $0.body) }
            #expect(form.contains(#"action="/accounts/new%20brand/uploads?workspace=client-b""#))
            // And the upload registers the account there
            let body = UploadFixture.form([
                ("csrf_token", nil, UploadFixture.csrf), ("file", "f.jsonl", UploadFixture.followers(6)),
            ])
            try await client.execute(
                uri: "/accounts/new%20brand/uploads?workspace=client-b", method: .post,
                headers: UploadFixture.pageFormHeaders, body: body
            ) { #expect($0.status == .seeOther) }
            let holder = try await store.fetchWorkspace(ofAccount: "new brand")
            #expect(holder == "client-b")
            // A name that is empty, a workspace that does not exist, or an account another holds are refused
            try await client.execute(uri: "/upload?account=&workspace=default", method: .get) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/upload?account=x&workspace=nowhere", method: .get) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/upload?account=acme&workspace=client-b", method: .get) {
                #expect($0.status == .conflict)
            }
        }
    }

    // MARK: - Restart

    @Test func aJobInterruptedByAStopRunsAfterTheRestartAndFinishedJobsStayListed() async throws {
        let server = try await ServerFixture(followers: 10)
        // Given a server whose jobs hang once they start
        var hanging = UploadFixture(server: server)
        hanging.willRun = { job in
            if job.kind == .audit { try await Task.sleep(for: .seconds(600)) }
        }
        let first = hanging
        let ids = try await first.application().test(.router) { client in
            let body = UploadFixture.form([("file", "f.jsonl", UploadFixture.followers(25))])
            let upload = try await client.execute(
                uri: "/api/accounts/restart/uploads", method: .post, headers: first.formHeaders, body: body
            ) {
                try #require(
                    (try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])?["id"] as? Int)
            }
            let imported = try await first.wait(for: upload, client)
            let audit = try #require(imported["follow_up_id"] as? Int)
            _ = try await first.wait(for: audit, client, until: ["running"])
            // When the server stops while the audit runs (the test's end shuts it down gracefully)
            return (upload: upload, audit: audit)
        }
        // Then the interrupted audit is back in the queue, the finished import kept
        let stored = try await server.store.fetchJob(id: Int64(ids.audit))
        #expect(stored?.state == .queued)
        // When a new server opens the same database file
        let reopened = try SQLiteStore(path: server.path)
        let second = UploadFixture(server: server)
        try await second.application(store: reopened).test(.router) { client in
            // Then it runs the audit to the end, and both jobs are listed
            let audit = try await second.wait(for: ids.audit, client)
            #expect(audit["state"] as? String == "succeeded")
            #expect(audit["audit_id"] is Int)
            let upload = try await second.job(client, ids.upload)
            #expect(upload["state"] as? String == "succeeded")
            let list = try await client.execute(uri: "/api/accounts/restart/jobs", method: .get, headers: second.api())
            { response in
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            let states = (list["jobs"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
            #expect(states == ["succeeded", "succeeded"])
        }
    }
}
