import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TrueReachCore
import TrueReachServer
import TrueReachStore

/// Uploads and jobs over a ``ServerFixture``'s database: a fast scorer, short intervals, and helpers
/// to build forms and wait for jobs.
struct UploadFixture {
    /// A well-formed CSRF token (the middleware accepts any 43 base64url characters as the cookie's).
    static let csrf = String(repeating: "A", count: 43)
    static let boundary = "----TrueReachTestBoundary7MA4YWxkTrZu0gW"

    let server: ServerFixture
    var maxUploadBytes = 1 << 20
    var willRun: (@Sendable (Job) async throws -> Void)?

    var uploadsDirectory: String { server.directory.appendingPathComponent("uploads").path }

    var jobConfiguration: JobConfiguration {
        var configuration = JobConfiguration(
            maxUploadBytes: maxUploadBytes, progressInterval: .milliseconds(20), pollInterval: .milliseconds(50),
            scorer: { RuleScorer() }, referenceDate: { _ in ServerFixture.now })
        configuration.willRun = willRun
        return configuration
    }

    /// The application over `store` (default: the fixture's), with jobs.
    func application(store: SQLiteStore? = nil) async throws -> some ApplicationProtocol {
        try await buildApplication(
            configuration: ServerConfiguration(
                port: 0, database: .sqlite(path: server.path),
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }),
            store: store ?? server.store, jobs: jobConfiguration)
    }

    /// Files left in the uploads directory.
    func leftoverUploads() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: uploadsDirectory)) ?? []
    }

    /// A `multipart/form-data` body of `fields` in order; a field with a file name is a file.
    static func form(_ fields: [(name: String, filename: String?, content: String)]) -> ByteBuffer {
        var body = ""
        for field in fields {
            body += "--\(boundary)\r\n"
            if let filename = field.filename {
                body += "Content-Disposition: form-data; name=\"\(field.name)\"; filename=\"\(filename)\"\r\n"
                body += "Content-Type: application/octet-stream\r\n\r\n"
            } else {
                body += "Content-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n"
            }
            body += field.content + "\r\n"
        }
        body += "--\(boundary)--\r\n"
        return ByteBuffer(string: body)
    }

    /// Headers of an API form upload: the multipart content type and the fixture's token.
    var formHeaders: HTTPFields { api([.contentType: "multipart/form-data; boundary=\(Self.boundary)"]) }

    /// `headers` with the fixture's `Authorization: Bearer` token added.
    func api(_ headers: HTTPFields = [:]) -> HTTPFields {
        var headers = headers
        headers.append(contentsOf: server.auth)
        return headers
    }

    /// Headers of a page form post carrying the CSRF cookie (pages on loopback need no token).
    static var pageFormHeaders: HTTPFields {
        [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "truereach_csrf=\(csrf)"]
    }

    /// Canonical JSON lines of `count` followers.
    static func followers(_ count: Int, prefix: String = "u") -> String {
        (1...count).map { i in
            #"{"platform": "twitter", "id": "\#(prefix)\#(i)", "handle": "\#(prefix)_\#(i)", "followers_count": \#(i * 7), "following_count": \#(i * 3 % 500), "posts_count": \#(i % 40)}"#
        }.joined(separator: "\n") + "\n"
    }

    /// The API's answer for job `id`, as JSON.
    func job(_ client: some TestClientProtocol, _ id: Int) async throws -> [String: Any] {
        try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: api()) { response in
            #expect(response.status == .ok)
            return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        }
    }

    /// Waits until job `id` has finished (or `state` is reached) and returns its JSON.
    func wait(
        for id: Int, _ client: some TestClientProtocol, until states: Set<String> = ["succeeded", "failed"]
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let job = try await job(client, id)
            if let state = job["state"] as? String, states.contains(state) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("job \(id) did not reach \(states)")
        return [:]
    }
}
