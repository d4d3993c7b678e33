import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request the test server received.
struct TestRequest: Sendable {
    var path: String
    var query: [String: [String]]
    var headers: [String: String]

    /// The first value of query parameter `name`.
    func parameter(_ name: String) -> String? { query[name]?.first }
}

/// What the test server answers.
indirect enum TestReply: Sendable {
    /// A complete answer.
    case answer(status: Int, headers: [(String, String)], body: String)
    /// Headers promising `declared` bytes, then only `body`, then the connection closes.
    case truncated(body: String, declared: Int)
    /// The connection closes without an answer.
    case reset
    /// Waits `seconds`, then answers `reply`.
    case slow(seconds: Double, TestReply)

    /// A 200 with a JSON body.
    static func json(_ body: String, headers: [(String, String)] = []) -> TestReply {
        .answer(status: 200, headers: headers, body: body)
    }

    /// A status with a small JSON error body.
    static func status(_ code: Int, headers: [(String, String)] = [], error: String = "error") -> TestReply {
        .answer(status: code, headers: headers, body: #"{"error":"\#(error)"}"#)
    }
}

/// An HTTP/1.1 server on 127.0.0.1 and a free port that answers each request with a handler.
///
/// The real sockets and parser a fetch meets, with failures on cue. It stops when `stop()` is called;
/// tests use ``withServer(_:_:)``, which always stops it.
final class TestHTTPServer: Sendable {
    let port: Int
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let task: Task<Void, Never>
    private let log = RequestLog()

    /// Every request received, in order.
    var requests: [TestRequest] { log.entries.withLock { $0 } }

    private init(
        channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        port: Int, handler: @escaping @Sendable (TestRequest) async -> TestReply
    ) {
        self.channel = channel
        self.port = port
        let log = self.log
        task = Task {
            try? await channel.executeThenClose { inbound in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in inbound {
                            group.addTask { await Self.serve(connection, handler: handler, log: log) }
                        }
                    } catch {}
                }
            }
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start(handler: @escaping @Sendable (TestRequest) async -> TestReply) async throws -> TestHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: child)
                }
            }
        let port = channel.channel.localAddress?.port ?? 0
        return TestHTTPServer(channel: channel, port: port, handler: handler)
    }

    func stop() async {
        try? await channel.channel.close()
        task.cancel()
        await task.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        handler: @Sendable (TestRequest) async -> TestReply, log: RequestLog
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let value): head = value
                case .body: continue
                case .end:
                    guard let head else { return }
                    let request = Self.request(head)
                    log.entries.withLock { $0.append(request) }
                    var reply = await handler(request)
                    while case .slow(let seconds, let next) = reply {
                        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                        reply = next
                    }
                    switch reply {
                    case .answer(let status, let extra, let body):
                        var headers = HTTPHeaders(extra)
                        if !headers.contains(name: "Content-Type") {
                            headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
                        }
                        headers.add(name: "Content-Length", value: String(body.utf8.count))
                        try await outbound.write(
                            .head(
                                HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)
                            ))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                        try await outbound.write(.end(nil))
                    case .truncated(let body, let declared):
                        let headers = HTTPHeaders([
                            ("Content-Type", "application/json"), ("Content-Length", String(declared)),
                        ])
                        try await outbound.write(
                            .head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                        return
                    case .reset, .slow:
                        return
                    }
                }
            }
        }
    }

    private static func request(_ head: HTTPRequestHead) -> TestRequest {
        let components = URLComponents(string: head.uri)
        var query: [String: [String]] = [:]
        for item in components?.queryItems ?? [] { query[item.name, default: []].append(item.value ?? "") }
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        return TestRequest(path: components?.path ?? head.uri, query: query, headers: headers)
    }
}

/// The requests a server received.
final class RequestLog: Sendable {
    let entries = Mutex<[TestRequest]>([])
}

/// Runs `body` with a started server and stops it afterwards, whatever happens.
func withServer<T>(
    _ handler: @escaping @Sendable (TestRequest) async -> TestReply, _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
    let server = try await TestHTTPServer.start(handler: handler)
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
