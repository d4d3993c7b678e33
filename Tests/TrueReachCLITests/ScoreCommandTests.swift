import Foundation
import Testing

@Suite struct ScoreCommandTests {
    @Test func writesOneCSVRowPerAccountWithTheRequiredColumns() async throws {
        // Given a small audience file
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        // When it is scored to a file
        let status = await runner.run([
            "score", input, "--scorer", "rules", "--output", runner.path("scores.csv"), "--quiet",
        ])
        // Then there is a header and one row per account, bought accounts flagged
        #expect(status == 0)
        let lines = try runner.read("scores.csv").split(separator: "\n").map(String.init)
        #expect(lines.count == 11)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(6)) == ["platform", "id", "handle", "bot_probability", "category", "signals"])
        let bought = try #require(lines.first { $0.contains("user84736251") })
        #expect(bought.contains(",suspicious,"))
        let person = try #require(lines.first { $0.contains("person_1") })
        #expect(person.contains(",real,"))
    }

    @Test func jsonlRowsParse() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let status = await runner.run([
            "score", input, "--scorer", "rules", "--format", "jsonl", "--output", runner.path("scores.jsonl"),
            "--quiet",
        ])
        #expect(status == 0)
        let rows = try runner.read("scores.jsonl").split(separator: "\n")
        #expect(rows.count == 10)
        for row in rows {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])
            let probability = try #require(object["bot_probability"] as? Double)
            #expect((0...1).contains(probability))
            #expect(object["category"] is String)
        }
    }

    @Test func sameInputSameBytes() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        _ = await runner.run(["score", input, "--output", runner.path("a.csv"), "--quiet"])
        _ = await runner.run(["score", input, "--output", runner.path("b.csv"), "--quiet"])
        #expect(try runner.read("a.csv") == runner.read("b.csv"))
    }

    @Test func readsStandardInputAndWritesStandardOutputAsAPipelineStage() throws {
        let (status, stdout, _) = try CommandRunner.runProcess(
            ["score", "-", "--scorer", "rules"], stdin: Audiences.small)
        #expect(status == 0)
        #expect(stdout.split(separator: "\n").count == 11)
        #expect(stdout.hasPrefix("platform,id,handle,bot_probability,category,signals"))
    }

    @Test func strictStopsAtTheFirstBadRecordWithExitCode2() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("bad.jsonl", Audiences.small + "{\"platform\":\"twitter\",\"id\":\n")
        let strict = await runner.run(["score", input, "--strict", "--output", runner.path("s.csv"), "--quiet"])
        #expect(strict == 2)
        let lenient = await runner.run(["score", input, "--output", runner.path("l.csv"), "--quiet"])
        #expect(lenient == 0)
        #expect(try runner.read("l.csv").split(separator: "\n").count == 11)
    }

    @Test func missingFileExitsWith3AndUnknownFlagWith64() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["score", runner.path("nope.jsonl"), "--quiet"]) == 3)
        #expect(await runner.run(["score", "x", "--no-such-flag"]) == 64)
        #expect(await runner.run(["score", "x", "--input-format", "nonsense"]) == 64)
    }

    /// A run that fails part way leaves the file at `--output` as it was: before, the partial output (the
    /// header at least) was renamed over it when the command's deferred close ran on the error path.
    @Test func aFailedRunLeavesTheOutputFileAsItWas() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small + "not a record\n")
        let output = try runner.write("scores.csv", "previous\n")
        let status = await runner.run(["score", input, "--scorer", "rules", "--strict", "--output", output, "--quiet"])
        #expect(status == 2)
        #expect(try runner.read("scores.csv") == "previous\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: runner.directory.path)
        #expect(left.sorted() == ["followers.jsonl", "scores.csv"])
    }
}
