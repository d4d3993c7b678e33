import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// A fixture's path inside the test bundle.
func fixturePath(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return url.path
}

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "input") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

func temporaryFile(_ text: String, name: String = "input") throws -> String {
    try temporaryFile(Array(text.utf8), name: name)
}

@Suite struct ProfileFileReaderTests {
    // MARK: - Formats

    @Test(arguments: [
        ("twitter-v1-users.jsonl", ProfileFormat.twitterV1),
        ("twitter-v2-users.json", .twitterV2), ("users.csv", .twitterUsersCSV),
        ("tweetbotornot.csv", .tweetbotornotCSV),
        ("instafake.json", .instafakeJSON), ("kaggle.csv", .instagramKaggleCSV),
        ("seraphim.csv", .instagramSeraphimCSV),
        ("influencers.csv", .instagramInfluencersCSV), ("mastodon-account.json", .mastodonAccount),
        ("bluesky-followers.json", .blueskyProfile), ("canonical.jsonl", .canonicalJSONL),
        ("canonical.csv", .canonicalCSV),
    ])
    func detectsFormatFromContent(_ name: String, _ expected: ProfileFormat) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try fixturePath(name))))
        #expect(ProfileFormat.detect(prefix: bytes) == expected)
    }

    @Test func readsTwitterV1WithWrappersAndPadding() async throws {
        let (profiles, issues) = try await ProfileFileReader().readAll(path: try fixturePath("twitter-v1-users.jsonl"))
        #expect(issues.isEmpty)
        #expect(profiles.map(\.id) == ["1001", "1002", "1003", "1004"])
        let padded = profiles[3]
        #expect(padded.handle == "padded")
        #expect(padded.verified == true)
        #expect(padded.followersCount == 15)
        #expect(padded.language == nil)
        #expect(padded.url == "http://example.com")
        #expect(profiles[2].private == true)
    }

    @Test func readsTwitterV2AnnotationShape() async throws {
        let (profiles, _) = try await ProfileFileReader().readAll(path: try fixturePath("twitter-v2-users.json"))
        let account = try #require(profiles.first)
        #expect(account.id == "u480604244")
        #expect(account.handle == "matteo")
        #expect(account.followingCount == 513)
        #expect(account.postsCount == 542)
        #expect(account.listsCount == 7)
        #expect(account.verified == false)
        #expect(account.url == "http://example.it")
        #expect(account.createdAt == TimestampParser.parse("2012-02-01T17:49:30Z"))
    }

    @Test func readsUsersCSVWithNullsAndEmptyFlags() async throws {
        let (profiles, issues) = try await ProfileFileReader().readAll(path: try fixturePath("users.csv"))
        #expect(issues.isEmpty)
        let account = try #require(profiles.first)
        #expect(account.id == "42")
        #expect(account.url == nil)
        #expect(account.defaultProfile == true)
        #expect(account.defaultAvatar == false)
        #expect(account.likesCount == 40)
        #expect(account.capturedAt == TimestampParser.parse("2015-02-14T10:54:49Z"))
    }

    @Test func readsTweetbotornotCSV() async throws {
        let (profiles, _) = try await ProfileFileReader().readAll(path: try fixturePath("tweetbotornot.csv"))
        let account = try #require(profiles.first)
        #expect(account.id == "7")
        #expect(account.url == "http://example.com")
        #expect(account.defaultAvatar == true)
        #expect(account.location == nil)
        #expect(account.language == "es")
    }

    @Test func readsInstagramTablesThroughColumnMappings() async throws {
        let reader = ProfileFileReader()
        let instafake = try await reader.readAll(path: try fixturePath("instafake.json")).profiles
        #expect(instafake.map(\.id) == ["instafake:1", "instafake:2"])
        #expect(instafake[0].defaultAvatar == false)
        #expect(instafake[1].defaultAvatar == true)
        #expect(instafake[1].handleDigits == 4)
        #expect(instafake[1].bioLength == 33)
        let kaggle = try await reader.readAll(path: try fixturePath("kaggle.csv")).profiles
        #expect(kaggle.map(\.id) == ["kaggle:1", "kaggle:2"])
        #expect(kaggle[1].private == true)
        let seraphim = try await reader.readAll(path: try fixturePath("seraphim.csv")).profiles
        #expect(seraphim.map(\.id) == ["mike.rock.1", "zz_99"])
        #expect(seraphim[1].followingCount == 4000)
        let influencers = try await reader.readAll(path: try fixturePath("influencers.csv")).profiles
        #expect(influencers.first?.followersCount == 475_800_000)
        #expect(influencers.first?.postsCount == 3_300)
    }

    @Test func readsMastodonAccount() async throws {
        let (profiles, _) = try await ProfileFileReader().readAll(path: try fixturePath("mastodon-account.json"))
        let account = try #require(profiles.first)
        #expect(account.platform == .mastodon)
        #expect(account.handle == "alice@example.social")
        #expect(account.bio == "Hello & welcome\n\nsecond\nline")
        #expect(account.private == true)
        #expect(account.bot == false)
        #expect(account.defaultAvatar == true)
        #expect(account.lastPostAt == TimestampParser.parse("2025-07-13"))
    }

    /// glitch-soc instances that hide follower counts send -1: unknown, not a corrupt record.
    @Test func mastodonCountsOfMinusOneAreUnknown() async throws {
        let page =
            Array(
                #"[{"id":"1","acct":"a@b.example","followers_count":-1,"following_count":-1,"statuses_count":4},"#.utf8)
            + Array(#"{"id":"2","acct":"c","followers_count":-5}]"#.utf8)
        let (profiles, issues) = try await ProfileFileReader(
            configuration: IngestConfiguration(format: .mastodonAccount)
        )
        .readAll(.chunks(StreamInputTests.chunks(page, size: 64), name: "followers.json"))
        #expect(profiles.map(\.id) == ["1"])
        #expect(profiles.first?.followersCount == nil)
        #expect(profiles.first?.followingCount == nil)
        #expect(profiles.first?.postsCount == 4)
        // Any other negative count is still a bad record, named by field.
        #expect(issues.count == 1)
        #expect(issues.first?.field?.contains("followers_count") == true)
    }

    @Test func readsBlueskyFollowersWithoutTheSubject() async throws {
        let (profiles, _) = try await ProfileFileReader().readAll(path: try fixturePath("bluesky-followers.json"))
        #expect(profiles.map(\.id) == ["did:plc:one", "did:plc:two"])
        #expect(profiles[0].defaultAvatar == true)
        #expect(profiles[1].followingCount == 8)
        #expect(profiles[0].followersCount == nil)
    }

    @Test func readsCanonicalJSONLinesAndCSV() async throws {
        let reader = ProfileFileReader()
        let lines = try await reader.readAll(path: try fixturePath("canonical.jsonl")).profiles
        #expect(lines.map(\.platform) == [.twitter, .bluesky])
        #expect(lines[0].createdAt == TimestampParser.parse("2020-01-02T03:04:05Z"))
        let table = try await reader.readAll(path: try fixturePath("canonical.csv"))
        #expect(table.issues.isEmpty)
        #expect(table.profiles.count == 2)
        #expect(table.profiles[0].bio == "Line one\nline two, with \"quotes\"")
        #expect(table.profiles[0].verified == false)
        #expect(table.profiles[1].platform == .instagram)
        #expect(table.profiles[1].handle == nil)
        let labelled = try await reader.readLabeled(path: try fixturePath("canonical.csv"), labelColumns: ["label"])
        #expect(labelled.labels == ["human", "bot"])
    }

    @Test func keepsFileOrderAcrossManySmallBatches() async throws {
        let text = (1...2_000).map { "{\"id_str\": \"\($0)\", \"screen_name\": \"u\($0)\"}" }.joined(separator: "\n")
        let path = try temporaryFile(text)
        let reader = ProfileFileReader(configuration: .init(batchSize: 7, parallelism: 3))
        var ids: [String] = []
        var lastBytes = 0
        for try await batch in reader.batches(path: path) {
            ids += batch.profiles.map(\.id.rawValue)
            #expect(batch.bytesRead >= lastBytes)
            lastBytes = batch.bytesRead
            #expect(batch.totalBytes == text.utf8.count)
        }
        #expect(ids == (1...2_000).map(String.init))
        #expect(lastBytes == text.utf8.count)
    }

    @Test func longRecordsMakeSmallerBatchesInFileOrder() async throws {
        // Given 60,000 records of about 150 bytes (9 MB), read with no record limit to speak of
        let text = (1...60_000).map {
            "{\"id_str\": \"\($0)\", \"screen_name\": \"u\($0)\", \"description\": \"\(String(repeating: "x", count: 100))\"}"
        }
        .joined(separator: "\n")
        let path = try temporaryFile(text)
        var configuration = IngestConfiguration(batchSize: 1_000_000, parallelism: 2)
        configuration.batchByteBudget = 1 << 20
        // When it is read
        var ids: [String] = []
        var batches = 0
        for try await batch in ProfileFileReader(configuration: configuration).batches(path: path) {
            ids += batch.profiles.map(\.id.rawValue)
            batches += 1
        }
        // Then the byte budget, not the record count, ends the batches (one 4 MiB read each), and
        // every record comes out once, in order
        #expect(batches >= 3)
        #expect(ids == (1...60_000).map(String.init))
    }

    @Test func streamsALargeOneLineArrayAcrossChunks() async throws {
        // 6,000 elements of ~1 KB: larger than one 4 MiB chunk, on a single line
        let padding = String(repeating: "x", count: 1_000)
        let body = (1...6_000).map {
            "{\"created_at\": \"Wed Jun 05 20:09:15 +0000 2019\", \"user\": {\"id_str\": \"\($0)\", \"description\": \"\(padding)\"}}"
        }
        let path = try temporaryFile("[" + body.joined(separator: ", ") + "]")
        let (profiles, issues) = try await ProfileFileReader(configuration: .init(batchSize: 1_000)).readAll(path: path)
        #expect(issues.isEmpty)
        #expect(profiles.count == 6_000)
        #expect(profiles.last?.id == "6000")
        #expect(profiles.allSatisfy { $0.capturedAt != nil })
    }
}
