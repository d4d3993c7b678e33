import ServiceLifecycle
import TrueReachStore

/// Closes the store when the application shuts down gracefully, after the server has stopped.
///
/// The application's service group shuts its services down in reverse order, and this one is added
/// before the server, so requests in flight finish first.
struct StoreService: Service {
    let store: any AudienceStore

    func run() async throws {
        // Cancellation (a hard stop) ends the wait as well; the store is closed either way.
        try? await gracefulShutdown()
        try await store.close()
    }
}
