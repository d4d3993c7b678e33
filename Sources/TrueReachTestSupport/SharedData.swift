import Foundation

/// Where the project's real development data lives (`../shared/data` beside the checkout).
///
/// Tests that need it use `.enabled(if: SharedData.isAvailable)`, so a fresh clone
/// without `../shared` skips them and says so instead of failing.
public enum SharedData {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TrueReachTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// `../shared/data`, or `TRUEREACH_SHARED_DATA` when set.
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["TRUEREACH_SHARED_DATA"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// Whether the shared data directory exists on this machine.
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path)
    }

    /// A path inside the shared data directory.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
