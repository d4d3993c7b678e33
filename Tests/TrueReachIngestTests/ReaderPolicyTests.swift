import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// `strict`, `maxErrors` and the "no readable record" rule behave the same in every reader, from a
/// path and from a stream.
@Suite struct ReaderPolicyTests {
    enum Reader: Sendable { case posts, series, snapshot }

    /// An input of one good record and two bad ones, laid out as `prefix`, records joined by
    /// `separator`, `suffix`.
    struct Case: Sendable, CustomTestStringConvertible {
        var reader: Reader
        var name: String
        var prefix = ""
        var separator = "\n"
        var suffix = "\n"
        var good: String
        var bad: [String]
        var testDescription: String { name }

        func text(good includesGood: Bool) -> String {
            prefix + ((includesGood ? [good] : []) + bad).joined(separator: separator) + suffix
        }
    }

    static let cases: [Case] = [
        Case(
            reader: .posts, name: "posts.jsonl", good: #"{"platform":"instagram","id":"p1","author":"a"}"#,
            bad: [#"{"platform":"instagram","id":"p2","author":"a","likes":"x"}"#, #"{"platform":"instagram"}"#]),
        Case(
            reader: .posts, name: "posts.csv", prefix: "platform,id,author,likes\n", good: "instagram,p1,a,1",
            bad: ["instagram,p2,a,x", "instagram,,a,1"]),
        Case(
            reader: .posts, name: "tweets.json", prefix: "[\n", separator: ",\n", suffix: "\n]\n",
            good: #"{"id_str":"1","user":{"id_str":"9"},"favorite_count":1}"#,
            bad: [#"{"id_str":"2","user":{"id_str":"9"},"favorite_count":"many"}"#, #"{"user":{"id_str":"9"}}"#]),
        Case(
            reader: .posts, name: "statuses.json", prefix: "[", separator: ",\n", suffix: "]",
            good:
                #"{"id":"1","created_at":"2024-05-01T10:00:00Z","account":{"id":"9"},"favourites_count":1,"reblogs_count":0}"#,
            bad: [#"{"id":"2","account":{"id":"9"},"favourites_count":1,"reblogs_count":0}"#, #"{"id":"3"}"#]),
        Case(
            reader: .posts, name: "feed.json", prefix: #"{"feed": ["# + "\n", separator: ",\n",
            suffix: "\n], \"cursor\": \"app.bsky\"}",
            good: #"{"post": {"uri": "at://x/1", "author": {"did": "did:a"}}}"#,
            bad: [#"{"post": {"author": {"did": "did:a"}}}"#, #"{"post": {"uri": "at://x/3"}}"#]),
        Case(
            reader: .series, name: "series.csv", prefix: "date,followers\n", good: "2024-01-01,100",
            bad: ["yesterday,100", "2024-01-03,-5"]),
        Case(
            reader: .snapshot, name: "followers_1.json", prefix: "[\n", separator: ",\n", suffix: "\n]",
            good: #"{"string_list_data": [{"value": "a"}]}"#, bad: [#"{"title": ""}"#, #"{"string_list_data": []}"#]),
        Case(
            reader: .snapshot, name: "followers.csv", prefix: "account,followed_at\n", good: "a,2024-01-01",
            bad: ["b,someday", ",2024-01-01"]),
    ]

    /// Reads `input` with the reader of `kind`; returns the issues skipped and how many records were read.
    static func read(
        _ kind: Reader,
        _ input: IngestInput,
        _ configuration: IngestConfiguration
    ) async throws -> (issues: [IngestIssue], records: Int) {
        switch kind {
        case .posts:
            let name = input.name
            let format: PostSourceFormat? = name.hasSuffix("feed.json") ? .blueskyFeed : nil
            let batch = try await PostReader.read(input, format: format, configuration: configuration)
            return (batch.issues, batch.records)
        case .series:
            let batch = try await CountSeriesReader.read(input, configuration: configuration)
            return (batch.issues, batch.records)
        case .snapshot:
            let (snapshot, issues) = try await FollowerSnapshotReader.read(input, configuration: configuration)
            return (issues, snapshot.entries.count)
        }
    }

    /// Makers of the same input from a path and as a stream of 7-byte chunks (a stream is read once).
    static func inputs(_ text: String, name: String) throws -> [@Sendable () -> IngestInput] {
        let path = try temporaryFile(text, name: name)
        return [
            { .path(path) },
            { .chunks(ReaderStreamTests.chunks(Array(text.utf8), size: 7), name: path) },
        ]
    }

    @Test(arguments: cases)
    func strictAndMaxErrorsBehaveAlikeInEveryReader(_ c: Case) async throws {
        for input in try Self.inputs(c.text(good: true), name: c.name) {
            let name = input().name
            // Given the lenient read: one record, two issues naming the input, each with a line
            let lenient = try await Self.read(c.reader, input(), IngestConfiguration(maxErrors: 2))
            #expect(lenient.records == 1, "\(c.name)")
            try #require(lenient.issues.count == 2, "\(c.name): \(lenient.issues)")
            #expect(lenient.issues.allSatisfy { $0.file == name && $0.line > 1 })
            // When strict, then the read stops at the first issue
            let strict = await #expect(throws: IngestError.self) {
                try await Self.read(c.reader, input(), IngestConfiguration(strict: true))
            }
            #expect(strict?.code == .invalidRecord, "\(c.name)")
            #expect(strict?.issue == lenient.issues[0])
            #expect(strict?.path == name)
            // When one issue is allowed, then the second is one too many
            let tooMany = await #expect(throws: IngestError.self) {
                try await Self.read(c.reader, input(), IngestConfiguration(maxErrors: 1))
            }
            #expect(tooMany?.code == .tooManyIssues, "\(c.name)")
            #expect(tooMany?.issue == lenient.issues[1])
        }
    }

    @Test(arguments: cases)
    func anInputWithNoReadableRecordIsAnErrorInEveryReader(_ c: Case) async throws {
        for input in try Self.inputs(c.text(good: false), name: c.name) {
            let name = input().name
            let error = await #expect(throws: IngestError.self) {
                try await Self.read(c.reader, input(), IngestConfiguration())
            }
            #expect(error?.code == .noReadableRecords, "\(c.name)")
            #expect(error?.path == name)
            #expect(error?.issue?.file == name)
        }
    }

    @Test(arguments: [Reader.posts, .series, .snapshot])
    func anEmptyStreamIsEmptyInput(_ kind: Reader) async throws {
        let input = IngestInput.chunks(ReaderStreamTests.chunks(Array(" \n\n".utf8), size: 1), name: "empty")
        let error = await #expect(throws: IngestError.self) { try await Self.read(kind, input, IngestConfiguration()) }
        #expect(error?.code == .emptyInput)
    }

    @Test func aTruncatedArrayStreamIsTruncated() async throws {
        let text = #"[{"platform":"instagram","id":"p1","author":"a"}, {"platform":"#
        let input = IngestInput.chunks(ReaderStreamTests.chunks(Array(text.utf8), size: 7), name: "cut.json")
        let error = await #expect(throws: IngestError.self) { try await PostReader.read(input) }
        #expect(error?.code == .truncated)
    }
}
