import Foundation
import Testing
import TrueReachCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite(.timeLimit(.minutes(2))) struct ServeCommandTests {
    @Test(arguments: ["0.0.0.0", "192.168.1.10", "::"])
    func aNonLoopbackHostIsRefusedUntilAUserExists(host: String) async throws {
        let (status, _, errors) = try CommandRunner.runProcess(
            ["serve", "--host", host, "--port", "0", "--database", try CommandRunner().path("db.sqlite")], stdin: "")
        #expect(status == 2)
        #expect(errors.contains("truereach user create NAME"))
    }

    @Test func servesUntilSIGTERMThenExitsCleanly() async throws {
        guard let executable = CommandRunner.executable else {
            Issue.record("the truereach executable is not built next to the tests")
            return
        }
        let runner = try CommandRunner()
        let database = runner.path("db.sqlite")
        // Given a stored, audited account
        let file = try runner.write("acme.jsonl", Audiences.small)
        #expect(await runner.run(["import", file, "--account", "acme", "--quiet", "--database", database]) == 0)
        // When the server runs on a free port
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--port", "0", "--database", database]
        var environment = ProcessInfo.processInfo.environment
        environment["TRUEREACH_LOG_LEVEL"] = "info"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(try Self.listeningPort(errors))
        // Then it answers a loopback request
        let (body, response) = try await URLSession.shared.data(
            from: try #require(URL(string: "http://127.0.0.1:\(port)/")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("<bdi>acme</bdi>"))
        // And SIGTERM stops it gracefully, with exit status 0
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// Reads standard error until Hummingbird logs the address it listens on.
    static func listeningPort(_ pipe: Pipe) throws -> Int? {
        var text = ""
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: "listening on 127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if text[range.upperBound...].dropFirst(digits.count).first != nil, let port = Int(digits) {
                    return port
                }
            }
        }
    }
}
