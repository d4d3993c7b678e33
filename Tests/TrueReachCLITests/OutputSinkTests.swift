import Foundation
import Testing

/// `--output` must write through special files and symlinks and replace only regular files.
@Suite struct OutputSinkTests {
    // The limit guards against a writer blocked in open(2); it is generous because CI machines are shared.
    @Test(.timeLimit(.minutes(10)))
    func aFIFOIsWrittenThroughAndStaysAFIFO() async throws {
        // Given a FIFO with a reader already attached (so the writer's open does not block)
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let fifo = runner.path("scores.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        // When score writes to it
        let status = await runner.run(["score", input, "--scorer", "rules", "--output", fifo, "--quiet"])
        // Then the rows came through the pipe and the path is still a FIFO
        #expect(status == 0)
        let received = String(decoding: drain(reader), as: UTF8.self)
        #expect(received.hasPrefix("platform,id,handle,bot_probability,category,signals"))
        #expect(received.split(separator: "\n").count == 11)
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test func aSymlinkStaysASymlinkAndItsTargetGetsTheRows() async throws {
        // Given a symlink to an existing regular file
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let target = try runner.write("target.csv", "old contents, longer than nothing\n")
        let link = runner.path("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        // When score writes to the symlink
        let status = await runner.run(["score", input, "--scorer", "rules", "--output", link, "--quiet"])
        // Then the link is untouched and the target holds exactly the rows
        #expect(status == 0)
        #expect(fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        let written = try runner.read("target.csv")
        #expect(written.hasPrefix("platform,id,handle,bot_probability,category,signals"))
        #expect(written.split(separator: "\n").count == 11)
    }

    @Test func aRegularFileIsReplacedAndNoTemporaryFileIsLeft() async throws {
        // Given an existing regular output file
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let output = try runner.write("scores.csv", String(repeating: "stale\n", count: 1_000))
        // When score writes to it
        let status = await runner.run(["score", input, "--scorer", "rules", "--output", output, "--quiet"])
        // Then it holds only the new rows, is a regular file, and the directory has no leftovers
        #expect(status == 0)
        #expect(fileType(output) == S_IFREG)
        #expect(!(try runner.read("scores.csv").contains("stale")))
        let names = try FileManager.default.contentsOfDirectory(atPath: runner.directory.path).sorted()
        #expect(names == ["followers.jsonl", "scores.csv"])
    }

    /// The `S_IFMT` bits of `path` itself (not following a symlink), or 0 when it does not exist.
    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    /// Everything readable from a non-blocking descriptor whose writer has closed.
    private func drain(_ descriptor: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return result
    }
}
