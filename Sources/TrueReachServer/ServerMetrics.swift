import Metrics
public import Prometheus

/// The process's Prometheus registry, which `/metrics` exposes.
///
/// Hummingbird's `MetricsMiddleware` records through swift-metrics' global factory, and
/// `MetricsSystem.bootstrap` may run only once per process. So the registry is made and bootstrapped
/// exactly once, on first use (a `static let`, initialised once and thread-safely by Swift): a CLI
/// process that serves, and a test process that builds many applications, share it and never
/// bootstrap twice. It is the one process-wide state of this module, like swift-log's bootstrap.
public enum ServerMetrics {
    /// The registry behind swift-metrics in this process, bootstrapped on first access.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
