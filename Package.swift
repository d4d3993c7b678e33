// swift-tools-version: 6.2
import PackageDescription

// Settings shared by every target, applied in one loop at the end (the swift-log habit).
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Warnings fail the build for this package's own targets only (not its dependencies).
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "TrueReach",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "truereach", targets: ["truereach"]),
        .library(name: "TrueReachCore", targets: ["TrueReachCore"]),
        .library(name: "TrueReachIngest", targets: ["TrueReachIngest"]),
        .library(name: "TrueReachStore", targets: ["TrueReachStore"]),
        .library(name: "TrueReachReports", targets: ["TrueReachReports"]),
        .library(name: "TrueReachPostgres", targets: ["TrueReachPostgres"]),
        .library(name: "TrueReachApp", targets: ["TrueReachApp"]),
        .library(name: "TrueReachConnectors", targets: ["TrueReachConnectors"]),
        .library(name: "TrueReachServer", targets: ["TrueReachServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // Pure core: models, features, scoring, analytics. No I/O, no clock, no randomness unless passed in.
        .target(name: "TrueReachCore"),
        // File formats and platform exports (zipped exports inflate through the system zlib).
        .target(name: "TrueReachIngest", dependencies: ["TrueReachCore", "CZlib"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Storage: SQLite through GRDB.
        .target(
            name: "TrueReachStore",
            dependencies: ["TrueReachCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Storage: PostgreSQL through PostgresNIO, behind the same `AudienceStore` protocol.
        .target(
            name: "TrueReachPostgres",
            dependencies: [
                "TrueReachCore", "TrueReachStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // PostgresNIO's closures run on the caller's executor (it builds in this mode); so do ours.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Reports: view models, HTML, CSV, JSON, terminal tables.
        .target(name: "TrueReachReports", dependencies: ["TrueReachCore"]),
        // The application: every job the CLI and the server run, as functions over values (no printing,
        // no exit codes, no argument parsing), and the shipped model.
        .target(
            name: "TrueReachApp",
            dependencies: [
                "TrueReachCore", "TrueReachIngest", "TrueReachStore", "TrueReachPostgres", "TrueReachReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("Resources")]
        ),
        // Live platform APIs (Mastodon, Bluesky) over AsyncHTTPClient: a guarded HTTP client (origins,
        // addresses, sizes, timeouts, rate limits), the platforms' paging, and the resumable fetch job.
        .target(
            name: "TrueReachConnectors",
            dependencies: [
                "TrueReachCore", "TrueReachIngest", "TrueReachStore", "TrueReachApp",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The web dashboard and JSON API (`truereach serve`): Hummingbird 2, built by `buildApplication` so
        // tests drive the same application the CLI runs.
        .target(
            name: "TrueReachServer",
            dependencies: [
                "TrueReachCore", "TrueReachStore", "TrueReachReports", "TrueReachApp", "TrueReachIngest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            // The OpenAPI document served at /openapi.json.
            resources: [.copy("Resources")]
        ),
        // The command-line tool's commands (parse, call a job, render, map errors to exit codes), as a
        // library so tests can run them in-process.
        .target(
            name: "TrueReachCLI",
            dependencies: [
                "TrueReachCore", "TrueReachIngest", "TrueReachStore", "TrueReachReports", "TrueReachApp",
                "TrueReachConnectors", "TrueReachServer", "CTrueReachMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "truereach", dependencies: ["TrueReachCLI"]),
        // One inline C function: glibc's mallopt, which Swift's Glibc module does not expose.
        .target(name: "CTrueReachMalloc"),
        // Fixtures, builders, seeded RNG and conformance suites for tests (not a product).
        .target(name: "TrueReachTestSupport", dependencies: ["TrueReachCore"]),

        .testTarget(name: "TrueReachCoreTests", dependencies: ["TrueReachCore", "TrueReachTestSupport"]),
        .testTarget(
            name: "TrueReachIngestTests",
            dependencies: ["TrueReachIngest", "TrueReachTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // The store conformance suite runs against SQLite and, when configured, PostgreSQL.
        .testTarget(
            name: "TrueReachStoreTests",
            dependencies: [
                "TrueReachStore", "TrueReachPostgres", "TrueReachCore", "TrueReachTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueReachPostgresTests",
            dependencies: [
                "TrueReachPostgres", "TrueReachStore", "TrueReachCore", "TrueReachTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueReachReportsTests",
            dependencies: ["TrueReachReports", "TrueReachTestSupport"],
            // Golden files are read through #filePath so RECORD_SNAPSHOTS=1 can rewrite them in place.
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "TrueReachAppTests",
            dependencies: [
                "TrueReachApp", "TrueReachStore", "TrueReachTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            // The labelled user-agent corpus is read through #filePath.
            exclude: ["Fixtures"]
        ),
        // Connectors against local HTTP servers (SwiftNIO) that speak the platforms' shapes and fail on cue.
        .testTarget(
            name: "TrueReachConnectorsTests",
            dependencies: [
                "TrueReachConnectors", "TrueReachCLI", "TrueReachApp", "TrueReachStore", "TrueReachPostgres",
                "TrueReachCore", "TrueReachTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueReachServerTests",
            dependencies: [
                "TrueReachServer", "TrueReachApp", "TrueReachStore", "TrueReachCore", "TrueReachReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueReachCLITests",
            dependencies: [
                "TrueReachCLI", "TrueReachTestSupport", "TrueReachPostgres", "TrueReachStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system && target.name != "CTrueReachMalloc" {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}
