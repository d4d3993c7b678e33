import Foundation
import Testing

/// `score` and `audit` on the parts of one input, as the Spark job runs them (real processes, parts on
/// standard input), against one run over the whole file.
@Suite struct PartCommandTests {
    /// 600 generated followers with bad lines at 100 and 450, and the parts split at lines 200 and 400.
    static func input(_ runner: CommandRunner) async throws -> (whole: String, parts: [(text: String, offset: Int)]) {
        let generated = runner.path("generated.jsonl")
        #expect(await runner.run(["generate", "--count", "598", "--as-of", "2025-06-01", "--output", generated]) == 0)
        var lines = try runner.read("generated.jsonl").split(separator: "\n").map(String.init)
        lines.insert(#"{"platform":"twitter","id":"#, at: 99)
        lines.insert("not json", at: 449)
        let whole = try runner.write("followers.jsonl", lines.joined(separator: "\n") + "\n")
        let cuts = [0, 200, 400, lines.count]
        let parts = zip(cuts, cuts.dropFirst()).map { start, end in
            (lines[start..<end].joined(separator: "\n") + "\n", start)
        }
        return (whole, parts)
    }

    @Test func auditPartsMergeIntoTheReportOfOneRun() async throws {
        // Given an input and its three parts
        let runner = try CommandRunner()
        let (whole, parts) = try await Self.input(runner)
        let common = ["--as-of", "2025-06-01", "--quiet"]
        // When the whole is audited, and each part on standard input then merged
        #expect(
            await runner.run(
                [
                    "audit", whole, "--format", "json", "--output", runner.path("one.json"),
                    "--database", runner.path("one.sqlite"),
                ] + common) == 0)
        var partials: [String] = []
        for (index, part) in parts.enumerated() {
            let (status, stdout, stderr) = try CommandRunner.runProcess(
                ["audit", "-", "--partial", "--input-name", whole, "--line-offset", "\(part.offset)"] + common,
                stdin: part.text)
            #expect(status == 0, "\(stderr)")
            partials.append(try runner.write("part\(index).json", stdout))
        }
        let merged = await runner.run(
            ["audit", "--merge"] + partials + [
                "--format", "json", "--output", runner.path("merged.json"),
                "--database", runner.path("merged.sqlite"),
            ] + common)
        // Then the reports are byte-identical, under the same account name
        #expect(merged == 0)
        #expect(try runner.read("merged.json") == runner.read("one.json"))
        #expect(try runner.read("merged.json").contains(#""account" : "followers""#))
        // And a merge with --max-errors 1 fails with the one-run message (exit 2)
        let (_, _, single) = try CommandRunner.runProcess(
            ["audit", whole, "--max-errors", "1", "--database", runner.path("one.sqlite")] + common, stdin: "")
        let (status, _, fromParts) = try CommandRunner.runProcess(
            ["audit", "--merge"] + partials + ["--max-errors", "1", "--database", runner.path("merged.sqlite")]
                + common, stdin: "")
        #expect(status == 2)
        #expect(fromParts == single)
        #expect(fromParts.contains("\(whole):450"))
    }

    @Test func scoredPartsGiveTheRowsAndIssuesOfOneRun() async throws {
        // Given an input and its three parts, each scored with its issues collected
        let runner = try CommandRunner()
        let (whole, parts) = try await Self.input(runner)
        let (_, one, _) = try CommandRunner.runProcess(["score", whole, "--as-of", "2025-06-01", "--quiet"], stdin: "")
        var rows: [Substring] = []
        var summaries: [String] = []
        for (index, part) in parts.enumerated() {
            let summary = runner.path("issues\(index).json")
            let (status, stdout, _) = try CommandRunner.runProcess(
                [
                    "score", "-", "--input-name", whole, "--line-offset", "\(part.offset)", "--issues-file", summary,
                    "--as-of", "2025-06-01", "--quiet", "--max-errors", "0",
                ], stdin: part.text)
            #expect(status == 0)
            rows += stdout.split(separator: "\n").dropFirst()
            summaries.append(summary)
        }
        // Then the rows are those of one run
        #expect(rows.sorted() == one.split(separator: "\n").dropFirst().sorted())
        // And the issue policy applied over the summaries passes or fails as one run does
        #expect(try CommandRunner.runProcess(["score", "--merge-issues"] + summaries, stdin: "").0 == 0)
        let (status, _, fromParts) = try CommandRunner.runProcess(
            ["score", "--merge-issues"] + summaries + ["--strict"], stdin: "")
        let (_, _, single) = try CommandRunner.runProcess(["score", whole, "--strict", "--quiet"], stdin: "")
        #expect(status == 2)
        #expect(fromParts == single)
        #expect(fromParts.contains("\(whole):100"))
    }
}
