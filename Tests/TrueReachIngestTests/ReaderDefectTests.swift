import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// Invalid UTF-8 in keys, negative counts and wholly unreadable inputs, across every reader.
@Suite struct ReaderDefectTests {
    // MARK: - Invalid UTF-8 in member keys

    static let badKeyLines: [(ProfileFormat, [UInt8])] = [
        (.twitterV1, Array(#"{"id_str":"2","screen_name":"b","x"#.utf8) + [0xFF] + Array(#"y":1}"#.utf8)),
        (
            .twitterV1,
            Array(#"{"id_str":"2","n"#.utf8) + [0xF0, 0x82, 0x82, 0xAC] + Array(#"":1,"screen_name":"b"}"#.utf8)
        ),
        (
            .canonicalJSONL,
            Array(#"{"platform":"twitter","id":"2","b"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"":2}"#.utf8)
        ),
    ]

    @Test(arguments: 0..<3)
    func invalidUTF8InAKeyIsTheIssueTheCodablePathReports(_ index: Int) async throws {
        // Given a good record, then one whose unknown key is not valid UTF-8
        let (format, bad) = Self.badKeyLines[index]
        let good: [UInt8] =
            format == .canonicalJSONL
            ? Array(#"{"platform":"twitter","id":"1"}"#.utf8) : Array(#"{"id_str":"1","screen_name":"a"}"#.utf8)
        let path = try temporaryFile(good + [0x0A] + bad + [0x0A], name: "keys.jsonl")
        // When the scanners see it, then they step aside
        if format == .canonicalJSONL {
            #expect(CanonicalScanner.scan(bad, 0, bad.count) == nil)
        } else {
            #expect(TwitterV1Scanner.scan(bad, 0, bad.count) == nil)
        }
        // And the fast read gives exactly the Codable path's verdict: file, line, field and reason
        var codable = IngestConfiguration(format: format)
        codable.usesByteScanner = false
        let fast = try await ProfileFileReader(configuration: IngestConfiguration(format: format)).readAll(path: path)
        let oracle = try await ProfileFileReader(configuration: codable).readAll(path: path)
        #expect(fast.profiles == oracle.profiles)
        #expect(fast.issues == oracle.issues)
        #expect(fast.profiles.map(\.id) == ["1"])
        let issue = try #require(fast.issues.first)
        #expect(issue.file == path && issue.line == 2 && issue.reason == "invalid UTF-8")
    }

    // MARK: - Negative counts: the record is an issue naming the field, and is skipped

    static let negativeAccounts: [(ProfileFormat, String, String)] = [
        (
            .twitterV1, #"{"id_str":"1","screen_name":"a","followers_count":5}"#,
            #"{"id_str":"2","screen_name":"b","followers_count":-5}"#
        ),
        (
            .twitterV2, #"{"id":"1","username":"a","public_metrics":{"followers_count":5}}"#,
            #"{"id":"2","username":"b","public_metrics":{"following_count":-5}}"#
        ),
        (
            .mastodonAccount, #"{"id":"1","acct":"a","followers_count":5}"#,
            #"{"id":"2","acct":"b","statuses_count":-5}"#
        ),
        (
            .blueskyProfile, #"{"did":"1","handle":"a","followersCount":5}"#,
            #"{"did":"2","handle":"b","followersCount":-5}"#
        ),
        (
            .canonicalJSONL, #"{"platform":"twitter","id":"1","followers_count":5}"#,
            #"{"platform":"twitter","id":"2","followers_count":-5}"#
        ),
        (.canonicalCSV, "platform,id,followers_count\ntwitter,1,5", "twitter,2,-5"),
        (.twitterUsersCSV, "id,screen_name,followers_count\n1,a,5", "2,b,-5.0"),
    ]

    @Test(arguments: 0..<7)
    func aNegativeAccountCountIsAnIssueAndTheRecordIsSkipped(_ index: Int) async throws {
        // Given a good record and one with a negative count
        let (format, good, bad) = Self.negativeAccounts[index]
        let path = try temporaryFile(good + "\n" + bad + "\n", name: "negative")
        for scanner in [true, false] {
            var configuration = IngestConfiguration(format: format)
            configuration.usesByteScanner = scanner
            // When read
            let (profiles, issues) = try await ProfileFileReader(configuration: configuration).readAll(path: path)
            // Then only the good record is kept and the issue names file, line and field
            #expect(profiles.map(\.id) == ["1"], "\(format)")
            let issue = try #require(issues.first)
            #expect(issues.count == 1)
            #expect(issue.file == path && issue.line == (format.isTabular ? 3 : 2), "\(format)")
            #expect(issue.field?.hasSuffix("_count") == true || issue.field?.hasSuffix("Count") == true, "\(issue)")
            #expect(issue.reason == "negative count", "\(issue)")
        }
    }

    static let negativePosts: [(String, String, Int, String)] = [
        (
            "posts.jsonl",
            #"{"platform":"instagram","id":"p1","author":"a","likes":3}"# + "\n"
                + #"{"platform":"instagram","id":"p2","author":"a","likes":-3}"# + "\n", 2, "likes"
        ),
        ("posts.csv", "platform,id,author,likes,replies\ninstagram,p1,a,3,1\ninstagram,p2,a,4,-1\n", 3, "replies"),
        (
            "statuses.json",
            #"[{"id":"1","created_at":"2024-05-01T10:00:00Z","account":{"id":"9"},"favourites_count":2,"reblogs_count":0},"#
                + "\n"
                + #"{"id":"2","created_at":"2024-05-01T10:00:00Z","account":{"id":"9","followers_count":-1},"favourites_count":2,"reblogs_count":0}]"#,
            2, "account.followers_count"
        ),
        (
            "tweets.jsonl",
            #"{"id_str":"1","user":{"id_str":"9"},"favorite_count":1,"retweet_count":0}"# + "\n"
                + #"{"id_str":"2","user":{"id_str":"9"},"favorite_count":-1,"retweet_count":0}"# + "\n", 2, "likes"
        ),
    ]

    @Test(arguments: 0..<4)
    func aNegativePostCountIsAnIssueAndThePostIsSkipped(_ index: Int) throws {
        // Given a good post and one with a negative count
        let (name, text, line, field) = Self.negativePosts[index]
        let path = try temporaryFile(text, name: name)
        // When read, then only the good post is kept and the issue names file, line and field
        let batch = try PostReader.read(path: path)
        #expect(batch.posts.count == 1)
        #expect(batch.records == 1)
        #expect(batch.issues.map(\.description) == ["\(path):\(line): \(field): negative count"])
    }

    @Test func aNegativeSeriesCountIsAnIssueAndTheRowIsSkipped() throws {
        let path = try temporaryFile("date,followers\n2024-01-01,100\n2024-01-02,-110\n", name: "series.csv")
        let batch = try CountSeriesReader.read(path: path)
        #expect(batch.records == 1)
        #expect(batch.issues.map(\.description) == ["\(path):3: followers: negative count"])
    }

    // MARK: - Every record unreadable: an error naming the file and the first issue

    @Test func anAccountFileWithNoReadableRecordIsAnError() async throws {
        // Given two records, neither readable
        let path = try temporaryFile(
            #"{"platform":"twitter"}"# + "\n" + #"{"platform":"twitter","id":"2","followers_count":-1}"# + "\n",
            name: "bad.jsonl")
        let reader = ProfileFileReader(configuration: IngestConfiguration(format: .canonicalJSONL))
        // When read through the decoded stream, then it fails with the first issue
        let error = await #expect(throws: IngestError.self) { try await reader.readAll(path: path) }
        #expect(error?.code == .noReadableRecords)
        #expect(error?.path == path)
        #expect(error?.issue?.line == 1)
        // And through the undecoded stream with an IssueLimit, the same
        var limit = IssueLimit(configuration: reader.configuration, path: path)
        for try await pending in reader.undecodedBatches(path: path) { try limit.admit(pending.decode()) }
        #expect(throws: IngestError.self) { try limit.finish() }
    }

    @Test func anAccountFileWithOneReadableRecordIsRead() async throws {
        let path = try temporaryFile(
            #"{"platform":"twitter"}"# + "\n" + #"{"platform":"twitter","id":"2"}"# + "\n", name: "half.jsonl")
        let reader = ProfileFileReader(configuration: IngestConfiguration(format: .canonicalJSONL))
        let (profiles, issues) = try await reader.readAll(path: path)
        #expect(profiles.count == 1 && issues.count == 1)
    }

    static let unreadable: [(String, String)] = [
        (
            "posts.jsonl",
            #"{"platform":"instagram","id":"p1"}"# + "\n" + #"{"platform":"instagram","likes":"x"}"# + "\n"
        ),
        ("posts.csv", "platform,id,author,likes\ninstagram,p1,a,x\ninstagram,,a,1\n"),
        ("interactions.csv", "platform,post,account,kind\ninstagram,p1,a,poke\n"),
        ("tweets.js", "window.YTD.tweets.part0 = [ {\"tweet\": {\"created_at\": \"x\"}}, 3 ]\n"),
    ]

    @Test(arguments: 0..<4)
    func aPostFileWithNoReadableRecordIsAnError(_ index: Int) throws {
        let (name, text) = Self.unreadable[index]
        let path = try temporaryFile(text, name: name)
        let error = #expect(throws: IngestError.self) { try PostReader.read(path: path) }
        #expect(error?.code == .noReadableRecords)
        #expect(error?.issue?.file == path)
    }

    @Test func aSeriesFileWithNoReadableRowIsAnError() throws {
        let path = try temporaryFile("date,followers\nyesterday,100\n2024-01-02,many\n", name: "series.csv")
        let error = #expect(throws: IngestError.self) { try CountSeriesReader.read(path: path) }
        #expect(error?.code == .noReadableRecords)
        #expect(error?.issue?.line == 2)
    }

    @Test func aSnapshotWithNoReadableEntryIsAnError() throws {
        let path = try temporaryFile(#"[{"title": ""}, {"string_list_data": []}]"#, name: "followers_1.json")
        let error = #expect(throws: IngestError.self) { try FollowerSnapshotReader.read(path: path) }
        #expect(error?.code == .noReadableRecords)
        #expect(error?.issue?.line == 1)
    }
}
