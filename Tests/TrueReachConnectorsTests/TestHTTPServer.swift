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
/// The real sockets and parser a fetch meets, with failures on cue. Requests are answered on the
/// event loop itself, never in a Swift task: when other suites keep the cooperative pool busy with
/// long computations, a task-based server could not answer for seconds, the client timed out, and
/// a spurious retry changed the counts these tests check (seen in CI). It stops when `stop()` is
/// called; tests use ``withServer(_:_:)``, which always stops it.
final class TestHTTPServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let log: RequestLog
    private let connections: Connections

    /// Every request received, in order.
    var requests: [TestRequest] { log.entries.withLock { $0 } }

    private init(channel: any Channel, log: RequestLog, connections: Connections) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.log = log
        self.connections = connections
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start(handler: @escaping @Sendable (TestRequest) -> TestReply) async throws -> TestHTTPServer {
        let log = RequestLog()
        let connections = Connections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                connections.add(child)
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder(handler: handler, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestHTTPServer(channel: channel, log: log, connections: connections)
    }

    /// Closes the listening socket and every connection still open.
    func stop() async {
        try? await channel.close()
        for connection in connections.all() { try? await connection.close() }
    }
}

/// The connections a server accepted, to close when it stops.
private final class Connections: Sendable {
    private let open = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        open.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in _ = open.withLock { $0.removeValue(forKey: key) } }
    }

    func all() -> [any Channel] { open.withLock { Array($0.values) } }
}

/// Answers each request of one connection with the handler's reply, on the connection's event loop.
private final class Responder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: @Sendable (TestRequest) -> TestReply
    private let log: RequestLog
    private var head: HTTPRequestHead?
    /// Slow replies not sent yet, cancelled when the connection goes away.
    private var pending: [Scheduled<Void>] = []

    init(handler: @escaping @Sendable (TestRequest) -> TestReply, log: RequestLog) {
        self.handler = handler
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let value): head = value
        case .body: break
        case .end:
            guard let head else { return context.close(promise: nil) }
            self.head = nil
            let request = Self.request(head)
            log.entries.withLock { $0.append(request) }
            send(handler(request), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for task in pending { task.cancel() }
        pending = []
        context.fireChannelInactive()
    }

    private func send(_ reply: TestReply, context: ChannelHandlerContext) {
        switch reply {
        case .slow(let seconds, let next):
            pending.append(
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1_000_000_000))) {
                    self.send(next, context: context)
                })
        case .answer(let status, let extra, let body):
            var headers = HTTPHeaders(extra)
            if !headers.contains(name: "Content-Type") {
                headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            }
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .truncated(let body, let declared):
            let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(declared))])
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.close(promise: nil)
        case .reset:
            context.close(promise: nil)
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
    _ handler: @escaping @Sendable (TestRequest) -> TestReply, _ body: (TestHTTPServer) async throws -> T
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
