import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// Bad input is named by file, line and field; operational failures throw an `IngestError` code.
@Suite struct BadInputTests {
    @Test func skipsBadLinesAndNamesLineAndField() async throws {
        // Given lines that are malformed, of the wrong type and missing the id
        let path = try fixturePath("bad-lines.jsonl")
        // When read leniently
        let (profiles, issues) = try await ProfileFileReader(configuration: .init(format: .twitterV1)).readAll(
            path: path
        )
        // Then the good lines are kept and each bad one is an issue at its line
        #expect(profiles.map(\.id) == ["1", "5"])
        #expect(profiles[1].followersCount == 12)
        #expect(issues.map(\.line) == [2, 3, 4])
        #expect(issues[0].reason == "malformed JSON")
        #expect(issues[1].field == "followers_count")
        #expect(issues[2].field == "id_str")
        #expect(issues[2].reason == "missing required field")
        #expect(issues[1].description.hasPrefix("\(path):3: followers_count: "))
    }

    @Test func aBrokenFirstLineDoesNotHideTheRest() async throws {
        let path = try temporaryFile(
            "{\"id_str\": \"1\", \"screen_name\": \n{\"id_str\": \"2\", \"screen_name\": \"b\"}\n"
        )
        let (profiles, issues) = try await ProfileFileReader().readAll(path: path)
        #expect(profiles.map(\.id) == ["2"])
        #expect(issues.map(\.line) == [1])
    }

    @Test func strictStopsAtTheFirstBadRecord() async throws {
        let reader = ProfileFileReader(configuration: .init(format: .twitterV1, strict: true))
        let error = await #expect(throws: IngestError.self) {
            _ = try await reader.readAll(path: try fixturePath("bad-lines.jsonl"))
        }
        #expect(error?.code == .invalidRecord)
        #expect(error?.issue?.line == 2)
    }

    @Test func strictHandsOutEveryBatchBeforeTheBadOne() async throws {
        // Given 40 good lines, a bad one, and more good lines, read two at a time with three in flight
        var lines = (1...40).map { "{\"id_str\": \"\($0)\", \"screen_name\": \"u\($0)\"}" }
        lines.append("{\"id_str\": 41, \"screen_name\": ")
        lines += (42...60).map { "{\"id_str\": \"\($0)\", \"screen_name\": \"u\($0)\"}" }
        let path = try temporaryFile(lines.joined(separator: "\n"))
        let reader = ProfileFileReader(
            configuration: .init(format: .twitterV1, strict: true, batchSize: 2, parallelism: 3))
        // When it is read in strict mode
        var ids: [String] = []
        let error = await #expect(throws: IngestError.self) {
            for try await batch in reader.batches(path: path) { ids += batch.profiles.map(\.id.rawValue) }
        }
        // Then the batches before line 41's come out in order, and nothing after it
        #expect(ids == (1...40).map(String.init))
        #expect(error?.code == .invalidRecord)
        #expect(error?.issue?.line == 41)
    }

    @Test func failsPastMaxErrors() async throws {
        let reader = ProfileFileReader(configuration: .init(format: .twitterV1, maxErrors: 2))
        let error = await #expect(throws: IngestError.self) {
            _ = try await reader.readAll(path: try fixturePath("bad-lines.jsonl"))
        }
        #expect(error?.code == .tooManyIssues)
    }

    @Test(arguments: ["", "  \n\n \t\n", "[]", " [ \n ] "])
    func emptyInputIsAClearError(_ text: String) async throws {
        let path = try temporaryFile(text)
        let error = await #expect(throws: IngestError.self) { _ = try await ProfileFileReader().readAll(path: path) }
        #expect(error?.code == .emptyInput)
        #expect(error?.path == path)
    }

    @Test func missingFileAndDirectoryAreErrors() async throws {
        let missing = await #expect(throws: IngestError.self) {
            _ = try await ProfileFileReader().readAll(path: "/nonexistent/followers.jsonl")
        }
        #expect(missing?.code == .fileNotFound)
        let directory = await #expect(throws: IngestError.self) {
            _ = try await ProfileFileReader().readAll(path: FileManager.default.temporaryDirectory.path)
        }
        #expect(directory?.code == .unreadable)
    }

    @Test(arguments: ["name,age\nann,3\n", "just some text\n", "{\"kind\": \"unknown\", \"x\": 1}\n"])
    func unknownFormatIsAnError(_ text: String) async throws {
        let path = try temporaryFile(text)
        let error = await #expect(throws: IngestError.self) { _ = try await ProfileFileReader().readAll(path: path) }
        #expect(error?.code == .unknownFormat)
    }

    @Test func truncatedArrayKeepsCompleteElementsThenThrows() async throws {
        let path = try temporaryFile("[{\"id_str\": \"1\", \"screen_name\": \"a\"}, {\"id_str\": \"2\", \"scr")
        var ids: [ProfileID] = []
        let error = await #expect(throws: IngestError.self) {
            for try await batch in ProfileFileReader().batches(path: path) { ids += batch.profiles.map(\.id) }
        }
        #expect(ids == ["1"])
        #expect(error?.code == .truncated)
    }

    @Test func truncatedLastLineIsAnIssue() async throws {
        let path = try temporaryFile("{\"id_str\": \"1\", \"screen_name\": \"a\"}\n{\"id_str\": \"2\", \"scr")
        let (profiles, issues) = try await ProfileFileReader().readAll(path: path)
        #expect(profiles.map(\.id) == ["1"])
        #expect(issues.map(\.line) == [2])
    }

    @Test func unterminatedCSVQuoteIsTruncated() async throws {
        let path = try temporaryFile("platform,id,bio\ntwitter,1,\"never closed\n")
        let error = await #expect(throws: IngestError.self) { _ = try await ProfileFileReader().readAll(path: path) }
        #expect(error?.code == .truncated)
    }

    @Test func invalidUTF8IsAnIssueNamingTheLine() async throws {
        var bytes = Array("{\"id_str\": \"1\", \"screen_name\": \"ok\"}\n{\"id_str\": \"2\", \"screen_name\": \"".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array("\"}\n".utf8)
        let path = try temporaryFile(bytes)
        let (profiles, issues) = try await ProfileFileReader().readAll(path: path)
        #expect(profiles.map(\.id) == ["1"])
        #expect(issues.map(\.line) == [2])
        #expect(issues.first?.reason == "invalid UTF-8")
    }

    @Test func invalidUTF8InCSVIsAnIssue() async throws {
        var bytes = Array("platform,id,handle\ntwitter,1,ok\ntwitter,2,".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n".utf8)
        let path = try temporaryFile(bytes)
        let (profiles, issues) = try await ProfileFileReader().readAll(path: path)
        #expect(profiles.map(\.id) == ["1"])
        #expect(issues.first?.line == 3)
        #expect(issues.first?.reason.hasPrefix("invalid UTF-8") == true)
    }

    @Test func wrongCellTypesInCSVNameTheColumn() async throws {
        let path = try temporaryFile(
            "platform,id,followers_count\ntwitter,1,many\nnowhere,2,3\ntwitter,,3\ntwitter,4\ntwitter,5,6\n"
        )
        let (profiles, issues) = try await ProfileFileReader().readAll(path: path)
        #expect(profiles.map(\.id) == ["5"])
        #expect(issues.map(\.field) == ["followers_count", "platform", "id", nil])
        #expect(issues.map(\.line) == [2, 3, 4, 5])
    }

    @Test func issueTextIsOneSanitisedLine() {
        let issue = IngestIssue(
            file: "f.jsonl",
            line: 3,
            field: "bio",
            reason: "bad",
            snippet: "\u{202E}evil\u{1B}[31m\n" + String(repeating: "a", count: 200)
        )
        #expect(issue.description == "f.jsonl:3: bio: bad")
        let snippet = issue.snippet
        #expect(snippet?.contains("\u{202E}") == false)
        #expect(snippet?.contains("\u{1B}") == false)
        #expect(snippet?.contains("\n") == false)
        #expect((snippet?.count ?? 0) <= IngestIssue.maxSnippetLength + 1)
    }

    @Test func issueSnippetDropsZeroWidthAndBidiCharacters() {
        // Given a snippet hiding zero-width characters and a bidi isolate
        let issue = IngestIssue(
            file: "f.jsonl", line: 1, reason: "bad", snippet: "a\u{200B}b\u{200C}c\u{2060}d\u{FEFF}e\u{2067}f")
        // Then none of them survive
        #expect(issue.snippet == "abcdef")
    }
}
