public import Hummingbird
import Logging
import HummingbirdAuth
import Prometheus
import ServiceLifecycle
import TrueReachApp
import TrueReachCore
public import TrueReachStore

/// The application `truereach serve` runs: the store at `configuration.database`, the router, and a
/// service that closes the store after the server has stopped.
///
/// Built the way Hummingbird's template builds one, so tests drive the same application the CLI runs:
///
/// ```swift
/// let app = try await buildApplication(configuration: ServerConfiguration(database: .sqlite(path: path)))
/// try await app.runService()   // graceful shutdown on SIGTERM and SIGINT
/// ```
///
/// - Parameters:
///   - configuration: Address, port, database and logger.
///   - jobs: Uploads and background jobs (``JobRunner`` runs in the application's services).
/// - Returns: The application, not yet running.
/// - Throws: ``ServerError`` `.nonLoopbackAddress` or `.invalidConfiguration` (see
///   ``ServerConfiguration/validate()``), before anything is opened; `StoreError` when the database
///   cannot be opened.
public func buildApplication(
    configuration: ServerConfiguration, jobs: JobConfiguration = JobConfiguration()
) async throws -> some ApplicationProtocol {
    try configuration.validate()
    try jobs.validate()
    let rules = try ClickAgentFile.rules(extra: configuration.clickAgentsPath)
    let proxies = try TrustedProxies(configuration.trustedProxies)
    // The click writer's commits must not wait for SQLite's checkpoints: a service runs them instead.
    let store = try await openStore(
        configuration.database, configuration: StoreConfiguration(checkpointsInBackground: true),
        logger: configuration.logger)
    do {
        try await checkUsers(configuration: configuration, store: store)
    } catch {
        try? await store.close()
        throw error
    }
    var services: [any Service] = [StoreService(store: store)]
    if let sqlite = store as? SQLiteStore { services.append(CheckpointService(store: sqlite)) }
    return makeApplication(
        configuration: configuration, jobs: jobs, store: store, rules: rules, proxies: proxies,
        services: services)
}

/// The application over a store the caller opened and will close (tests, embedding).
///
/// - Throws: ``ServerError`` as ``buildApplication(configuration:)`` does.
public func buildApplication(
    configuration: ServerConfiguration, store: any AudienceStore & AccessStore,
    jobs: JobConfiguration = JobConfiguration()
) async throws -> some ApplicationProtocol {
    try configuration.validate()
    try jobs.validate()
    let rules = try ClickAgentFile.rules(extra: configuration.clickAgentsPath)
    let proxies = try TrustedProxies(configuration.trustedProxies)
    try await checkUsers(configuration: configuration, store: store)
    return makeApplication(
        configuration: configuration, jobs: jobs, store: store, rules: rules, proxies: proxies,
        services: [])
}

/// Refuses a bind beyond loopback while the database has no user: such a server would have nobody
/// who could sign in, and nothing else to guard its pages.
private func checkUsers(configuration: ServerConfiguration, store: any AccessStore) async throws {
    guard !configuration.bindsLoopback else { return }
    guard try await Users(store: store).any() else {
        throw ServerError(
            .needsUser,
            """
            truereach serve binds \(configuration.host), beyond loopback, only once a user exists: its pages then \
            need a signed-in session. Create one with `truereach user create NAME` (the password is read from \
            standard input), or bind 127.0.0.1.
            """)
    }
}

private func makeApplication(
    configuration: ServerConfiguration, jobs: JobConfiguration, store: any AudienceStore & AccessStore,
    rules: ClickAgentRules, proxies: TrustedProxies, services: [any Service]
) -> some ApplicationProtocol {
    var services = services
    // Clicks are stored by their own writer; it is added after the store's service, so it stores the
    // last clicks and stops after the server has answered its last request and before the store closes.
    let outcomes = (store as? any OutcomeStore & AudienceStore).map { outcomeStore in
        let recorder = ClickRecorder(store: outcomeStore, duplicateWindow: configuration.duplicateWindow)
        services.append(ClickRecorderService(recorder: recorder))
        return OutcomeRouting(
            store: outcomeStore, classifier: ClickClassifier(rules: rules), recorder: recorder, proxies: proxies)
    }
    // Both stores keep jobs; the runner goes after the store's service, so it stops before the store closes.
    let queue = (store as? any JobStore).map {
        JobQueue(jobs: $0, uploadsDirectory: jobs.uploadsDirectory(for: configuration.database))
    }
    if let queue {
        services.append(JobRunner(queue: queue, store: store, configuration: jobs, logger: configuration.logger))
    }
    let receiver = UploadReceiver(
        directory: jobs.uploadsDirectory(for: configuration.database), maxBytes: jobs.maxUploadBytes)
    let sessions = StoreSessionDriver(store: store)
    services.append(sessions)
    return Application(
        router: buildRouter(
            store: store, loopback: configuration.bindsLoopback, sessions: sessions,
            jobs: queue.map { (queue: $0, receiver: receiver) }, outcomes: outcomes, logger: configuration.logger),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "TrueReach"),
        services: services,
        logger: configuration.logger
    )
}

/// The router: middleware, the dashboard's pages, the JSON API under `/api` and `/metrics`.
///
/// Middleware, outermost first: request metrics (Hummingbird's `MetricsMiddleware`, recorded into
/// ``ServerMetrics/registry``), request logs, ``SecurityHeadersMiddleware``, ``ErrorMiddleware``
/// (so refusals and errors carry the headers and are counted), ``LoopbackHostMiddleware`` (on a
/// loopback bind), ``CSRFMiddleware``, hummingbird-auth's `SessionMiddleware` (sessions kept in
/// the store by ``StoreSessionDriver``: a restart signs nobody out) and ``PageAccessMiddleware``. The `/api` group adds
/// ``APIAccessMiddleware``: every API request needs a token.
///
/// - Parameters:
///   - store: The store to serve.
///   - loopback: Whether the server is bound to loopback: the one local user needs no login there,
///     and only requests naming a loopback host are served.
/// - Returns: The router.
public func buildRouter(store: any AudienceStore & AccessStore, loopback: Bool = true) -> Router<ServerRequestContext> {
    buildRouter(
        store: store, loopback: loopback, sessions: StoreSessionDriver(store: store), jobs: nil, outcomes: nil,
        logger: Logger(label: "truereach.server"))
}

/// What the tracked links' routes need: the store, the classifier and the click writer.
struct OutcomeRouting {
    let store: any OutcomeStore & AudienceStore
    let classifier: ClickClassifier
    let recorder: ClickRecorder
    let proxies: TrustedProxies
}

/// Checkpoints a SQLite store's write-ahead log every half second while the server runs, and once more
/// at the end (the store is opened with `checkpointsInBackground`, so commits never checkpoint).
struct CheckpointService: Service {
    let store: SQLiteStore

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                try? await store.checkpoint()
            }
        }
        try? await store.checkpoint()
    }
}

/// Runs the click writer; on graceful shutdown it refuses new clicks and stores those queued.
struct ClickRecorderService: Service {
    let recorder: ClickRecorder

    func run() async throws {
        await withGracefulShutdownHandler {
            await recorder.run()
        } onGracefulShutdown: {
            recorder.close()
        }
    }
}

/// The router, with the upload and job routes when `jobs` is given.
func buildRouter(
    store: any AudienceStore & AccessStore, loopback: Bool, sessions: StoreSessionDriver,
    jobs: (queue: JobQueue, receiver: UploadReceiver)?, outcomes: OutcomeRouting?, logger: Logger
) -> Router<ServerRequestContext> {
    let registry = ServerMetrics.registry
    let router = Router(context: ServerRequestContext.self)
    router.addMiddleware {
        MetricsMiddleware()
        LogRequestsMiddleware(.info)
        SecurityHeadersMiddleware()
        ErrorMiddleware()
        if loopback { LoopbackHostMiddleware() }
        CSRFMiddleware()
        SessionMiddleware(
            storage: sessions,
            configuration: SessionMiddlewareConfiguration(
                sessionCookieParameters: SessionCookieParameters(name: "truereach_session", path: "/", sameSite: .lax),
                defaultSessionExpiration: .seconds(12 * 60 * 60)))
        PageAccessMiddleware(loopback: loopback)
    }
    let queries = AccountQueries(store: store)
    let jobService = jobs.map { JobService(queue: $0.queue, receiver: $0.receiver, queries: queries) }
    DashboardController(queries: queries, users: Users(store: store), jobs: jobService?.queue.jobs)
        .addRoutes(to: router)
    let api = router.group("api").add(middleware: APIAccessMiddleware(tokens: APITokens(store: store)))
    APIController(queries: queries).addRoutes(to: api)
    if let outcomes {
        OutcomesController(
            queries: queries, store: outcomes.store, classifier: outcomes.classifier, recorder: outcomes.recorder,
            proxies: outcomes.proxies, logger: logger
        ).addRoutes(to: router, api: api)
    }
    if let jobService {
        JobsController(service: jobService).addRoutes(to: router)
        JobsAPIController(service: jobService).addRoutes(to: api)
    }
    router.get("/openapi.json") { _, _ in try OpenAPIDocument.response() }
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    return router
}
