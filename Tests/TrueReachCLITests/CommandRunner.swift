import ArgumentParser
import Foundation
import Testing
import TrueReachCLI

/// Runs `truereach` commands in-process against temporary directories.
struct CommandRunner {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("truereach-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A path inside the temporary directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a file into the temporary directory and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let path = path(name)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// Parses and runs a command; returns its exit code (0 when it returns normally).
    func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try TrueReachCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return TrueReachCommand.exitCode(for: error).rawValue
        }
    }

    /// The built `truereach` executable next to the test bundle, for pipeline tests.
    static var executable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "truereach"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/truereach"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the executable with standard input; returns (status, stdout, stderr).
    static func runProcess(_ arguments: [String], stdin: String) throws -> (Int32, String, String) {
        let executable = try #require(executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// Small canonical JSON-lines audiences for command tests (synthetic, human-readable).
enum Audiences {
    static let captured = "2024-06-01T00:00:00Z"

    static func line(
        id: String, handle: String, followers: Int, following: Int, posts: Int, bio: String = "Reader of books",
        avatar: Bool = true, lastPost: String? = "2024-05-20T10:00:00Z"
    ) -> String {
        var fields = [
            "\"platform\":\"twitter\"", "\"id\":\"\(id)\"", "\"handle\":\"\(handle)\"",
            "\"display_name\":\"\(handle)\"", "\"bio\":\(jsonString(bio))", "\"followers_count\":\(followers)",
            "\"following_count\":\(following)", "\"posts_count\":\(posts)", "\"likes_count\":10", "\"lists_count\":1",
            "\"created_at\":\"2015-03-01T00:00:00Z\"", "\"captured_at\":\"\(captured)\"",
            "\"default_avatar\":\(!avatar)", "\"verified\":false",
        ]
        if let lastPost { fields.append("\"last_post_at\":\"\(lastPost)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || (0x202A...0x202E).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Ten followers: six ordinary people, one mass follower, one influencer, two bought accounts.
    static var small: String {
        var lines: [String] = []
        for i in 1...6 {
            lines.append(line(id: "\(i)", handle: "person_\(i)", followers: 150 + i, following: 200, posts: 400))
        }
        lines.append(line(id: "7", handle: "followsall", followers: 900, following: 4_800, posts: 300))
        lines.append(line(id: "8", handle: "bigvoice", followers: 52_000, following: 300, posts: 9_000))
        lines.append(
            line(
                id: "9", handle: "user84736251", followers: 2, following: 1_900, posts: 0, bio: "", avatar: false,
                lastPost: nil))
        lines.append(
            line(
                id: "10", handle: "user19283746", followers: 1, following: 2_400, posts: 0, bio: "", avatar: false,
                lastPost: nil))
        return lines.joined(separator: "\n") + "\n"
    }
}
