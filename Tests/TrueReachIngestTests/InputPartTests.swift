import Foundation
import Testing
import TrueReachCore
import TrueReachIngest

/// An input read as a part of a larger file (`IngestInput.part(of:lineOffset:)`) reports that file's
/// names, lines and synthetic ids, and issue summaries apply the policy over the parts.
@Suite struct InputPartTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-parts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func read(_ input: IngestInput) async throws -> (ids: [String], issues: [IngestIssue]) {
        let (profiles, issues) = try await ProfileFileReader(configuration: IngestConfiguration(maxErrors: 50))
            .readAll(input)
        return (profiles.map(\.id.rawValue), issues)
    }

    @Test func aCSVPartWithTheHeaderRepeatedReadsAsThatStretchOfTheFile() async throws {
        // Given an Instagram table without ids (ids are synthesised from the file name and row)
        let header = "profile pic,#followers,#follows,#posts,description length,private,external URL"
        var rows: [String] = []
        for n in 0..<40 { rows.append(n == 25 ? "1,x,3,4,5,0,0" : "1,\(n * 10),\(n),3,10,0,0") }
        let whole = try Self.write(([header] + rows).joined(separator: "\n") + "\n", "train.csv")
        let expected = try await Self.read(.path(whole))
        // When rows 21… (file lines 22…) are read as a part, with the header line put first
        let partText = ([header] + rows[20...]).joined(separator: "\n") + "\n"
        let part = IngestInput.path(try Self.write(partText, "part-00001")).part(of: whole, lineOffset: 22 - 2)
        let read = try await Self.read(part)
        // Then ids, issue file and line are those of the whole file
        #expect(read.ids == Array(expected.ids.suffix(read.ids.count)))
        #expect(read.ids.first == "train:21")
        #expect(read.issues == expected.issues)
        #expect(read.issues.first?.line == 27)
        #expect(read.issues.first?.file == whole)
    }

    @Test func aLaterPartThatStartsWithTwoBadLinesIsStillReadAsLines() async throws {
        // Given a part of a JSON-lines file whose first two lines are unreadable
        let good = #"{"platform":"twitter","id":"7","followers_count":3}"#
        let text = ["not json", #"{"broken"#, good, good.replacingOccurrences(of: "7", with: "8")]
        let part = IngestInput.path(try Self.write(text.joined(separator: "\n") + "\n", "part-00003"))
        // When read as lines 101… of the file
        // (with the file's format, as the Spark job passes it to every part but the first)
        let reader = ProfileFileReader(configuration: IngestConfiguration(format: .canonicalJSONL, maxErrors: 50))
        let (profiles, issues) = try await reader.readAll(part.part(of: "f.jsonl", lineOffset: 100))
        // Then the two good records are read and the two bad ones reported at their lines
        #expect(profiles.map(\.id.rawValue) == ["7", "8"])
        #expect(issues.map(\.line) == [101, 102])
        #expect(issues.allSatisfy { $0.file == "f.jsonl" })
    }

    @Test func summariesOfPartsApplyThePolicyAsOnePassDoes() throws {
        // Given the issues of three parts of one file, and of a second file
        func issue(_ line: Int, _ file: String = "a.jsonl") -> IngestIssue {
            IngestIssue(file: file, line: line, reason: "malformed JSON")
        }
        let parts = [
            IssueSummary(inputs: [.init(name: "a.jsonl", records: 10, issueCount: 1, issues: [issue(3)])]),
            IssueSummary(inputs: [.init(name: "a.jsonl", records: 0, issueCount: 2, issues: [issue(12), issue(13)])]),
            IssueSummary(inputs: [.init(name: "b.jsonl", records: 0, issueCount: 1, issues: [issue(1, "b.jsonl")])]),
        ]
        // Then --max-errors counts over every part of a file and names the record past the limit
        let tooMany = #expect(throws: IngestError.self) {
            try IssueSummary.enforce(parts, configuration: IngestConfiguration(maxErrors: 2))
        }
        #expect(tooMany?.code == .tooManyIssues)
        #expect(tooMany?.issue == issue(13))
        // And --strict stops at the first, in input order
        let strict = #expect(throws: IngestError.self) {
            try IssueSummary.enforce(parts.reversed(), configuration: IngestConfiguration(strict: true))
        }
        #expect(strict?.issue == issue(1, "b.jsonl"))
        // And a file with no readable record in any part fails; a part with none does not
        let none = #expect(throws: IngestError.self) {
            try IssueSummary.enforce(parts, configuration: IngestConfiguration(maxErrors: 10))
        }
        #expect(none?.code == .noReadableRecords)
        #expect(none?.path == "b.jsonl")
        try IssueSummary.enforce(Array(parts.prefix(2)), configuration: IngestConfiguration(maxErrors: 10))
        // And a summary claiming fewer issues than it lists is refused
        let damaged = IssueSummary(inputs: [.init(name: "a", records: 1, issueCount: 0, issues: [issue(1)])])
        #expect(throws: IngestError.self) { try IssueSummary.enforce([damaged], configuration: IngestConfiguration()) }
    }
}
