import Foundation
import Logging
import Synchronization
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// The audit and import jobs, called as the server will call them: values in, values and events out.
@Suite struct AuditJobTests {
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A synthetic audience written as canonical JSON lines.
    static func audienceFile(in directory: URL, count: Int = 300) throws -> (path: String, profiles: [Profile]) {
        let profiles = Array(SyntheticAudience(count: count, boughtShare: 0.3, now: now, seed: 7))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var text = ""
        for account in profiles { text += String(decoding: try encoder.encode(account), as: UTF8.self) + "\n" }
        let path = directory.appendingPathComponent("followers.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, profiles)
    }

    /// Collects events from any task.
    final class Recorder: Sendable {
        private let events = Mutex<[JobEvent]>([])
        var handler: JobEvents { { [self] event in events.withLock { $0.append(event) } } }
        var progress: [Int] {
            events.withLock { list in
                list.compactMap { if case .progress(let records, _, _) = $0 { records } else { nil } }
            }
        }
        var skipped: Int {
            events.withLock { list in
                list.reduce(0) { if case .skipped(let issues) = $1 { $0 + issues.count } else { $0 } }
            }
        }
    }

    @Test func aFileAndTheSameAudienceStoredGiveTheSameReport() async throws {
        // Given an audience file, imported into a SQLite store
        let directory = try Self.directory()
        let (path, profiles) = try Self.audienceFile(in: directory)
        let store = try SQLiteStore(path: directory.appendingPathComponent("db.sqlite").path)
        let imported = Recorder()
        let summary = try await ImportJob().run(
            inputs: [.path(path)], account: "shop", platform: nil, into: store, events: imported.handler)
        #expect(summary.followersSaved == profiles.count)
        #expect(imported.progress.last == profiles.count)
        // When both are audited
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now, width: 3)
        let events = Recorder()
        let fromFile = try await job.run(
            source: .files([path], ProfileFileReader()), account: "shop", events: events.handler)
        let fromStore = try await job.run(source: .stored(store, name: "shop"), account: "shop")
        // Then the reports agree, and progress counted every follower in order
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(fromFile.report) == encoder.encode(fromStore.report))
        #expect(fromFile.report.followersTotal == profiles.count)
        #expect(events.progress == events.progress.sorted())
        #expect(events.progress.last == profiles.count)
        // And the audit is recorded with its history
        let history = try await AuditJob.record(fromStore.report, account: "shop", in: store)
        #expect(history.count == 1)
    }

    @Test func aByteStreamIsAuditedAsTheFileItCameFrom() async throws {
        // Given an audience file and the same bytes arriving in 1,000-byte chunks (an upload body)
        let directory = try Self.directory()
        let (path, _) = try Self.audienceFile(in: directory, count: 120)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let chunks = AsyncThrowingStream<[UInt8], any Error> { continuation in
            var start = 0
            while start < bytes.count {
                continuation.yield(Array(bytes[start..<min(start + 1_000, bytes.count)]))
                start += 1_000
            }
            continuation.finish()
        }
        // When both are audited and the stream is also imported
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        let fromFile = try await job.run(source: .files([path], ProfileFileReader()), account: "shop")
        let fromStream = try await job.run(
            source: .inputs([.chunks(chunks, name: "upload.jsonl")], ProfileFileReader()), account: "shop")
        // Then the reports are the same
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(fromFile.report) == encoder.encode(fromStream.report))
    }

    @Test func anInputWithNoReadableRecordIsAnErrorNotAnEmptyAudit() async throws {
        let directory = try Self.directory()
        let path = directory.appendingPathComponent("bad.jsonl").path
        try Data("not json\nstill not json\n".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: IngestError.self) {
            try await AuditJob(scorer: RuleScorer(), asOf: Self.now).run(
                source: .files([path], ProfileFileReader()), account: "x")
        }
    }

    @Test func aMissingStoredAudienceIsNotFound() async throws {
        let store = try SQLiteStore.inMemory()
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        await #expect(
            throws: AppError(
                .notFound, "no stored audience named 'nobody'; import one with `truereach import FILE --account nobody`"
            )
        ) {
            try await job.run(source: .stored(store, name: "nobody"), account: "nobody")
        }
    }

    @Test func skippedRecordsArriveAsEvents() async throws {
        let directory = try Self.directory()
        let path = directory.appendingPathComponent("mixed.jsonl").path
        try Data("{\"platform\":\"twitter\",\"id\":\"1\",\"followers_count\":5}\nnot json\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let events = Recorder()
        let result = try await AuditJob(scorer: RuleScorer(), asOf: Self.now).run(
            source: .files([path], ProfileFileReader()), account: "x", events: events.handler)
        #expect(result.report.followersTotal == 1)
        #expect(events.skipped == 1)
    }

    @Test func namedAccountsAreScoredInTheSamePassAsTheAudit() async throws {
        // Given interactions by two followers (one by handle, one by id) and one stranger
        let directory = try Self.directory()
        let (path, profiles) = try Self.audienceFile(in: directory, count: 50)
        let byHandle = try #require(profiles.first { $0.handle != nil })
        let byID = try #require(profiles.last)
        var posts = PostBatch()
        posts.posts = [
            Post(platform: .twitter, id: PostID("p1"), author: ProfileID("shop"), likes: 3, replies: 3)
        ]
        posts.interactions = [
            Interaction(platform: .twitter, post: PostID("p1"), profile: ProfileID(byHandle.handle!), kind: .reply),
            Interaction(platform: .twitter, post: PostID("p1"), profile: byID.id, kind: .reply),
            Interaction(platform: .twitter, post: PostID("p1"), profile: ProfileID("stranger"), kind: .reply),
        ]
        // When audited with them, census and sample alike
        for sample in [nil, SampleInfo(size: 10, seed: 1)] {
            let job = AuditJob(scorer: RuleScorer(), asOf: Self.now, sample: sample)
            let result = try await job.run(
                source: .files([path], ProfileFileReader()), account: "shop", extras: AuditExtraInputs(posts: posts))
            // Then the two followers were scored and the stranger was not
            let authentic = try #require(result.extras.engagement?.authenticEngagement)
            #expect(authentic.scored == 2)
            #expect(authentic.unscored == 1)
        }
    }
}

/// The shipped model loads from the application library, and training-data hashes are SHA-256.
@Suite struct ModelLoadingTests {
    @Test func theShippedModelLoads() throws {
        let scorer = try loadScorer(modelPath: nil)
        #expect(scorer.threshold > 0.5 && scorer.threshold < 1)
        #expect(try AnalyticsInputs.suspicionThreshold(explicit: nil, modelPath: nil) == scorer.threshold)
        #expect(try AnalyticsInputs.suspicionThreshold(explicit: 0.3, modelPath: nil) == 0.3)
    }

    @Test func anUnreadableModelFileIsCannotOpen() {
        #expect(throws: AppError.self) { try loadModel(path: "/nonexistent/model.json") }
    }

    /// Issue 8, defect 10: the hand-written SHA-256 is gone; swift-crypto's gives the FIPS 180-4 vectors.
    @Test func trainingDataHashesAreSHA256() throws {
        let directory = try AuditJobTests.directory()
        let vectors = [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
        var datasets: [LoadedDataset] = []
        for (n, (text, _)) in vectors.enumerated() {
            let path = directory.appendingPathComponent("f\(n).csv").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            datasets.append(LoadedDataset(dataset: LabeledDataset(name: "f\(n)", profiles: []), path: path))
        }
        let hashes = try trainingDataHashes(datasets)
        #expect(hashes.map(\.sha256) == vectors.map(\.1))
        #expect(hashes.map(\.bytes) == vectors.map(\.0.utf8.count))
    }
}

/// Jobs log through the logger they are given, never by printing.
@Suite struct JobLoggingTests {
    /// Keeps every record it is handed.
    struct Capture: LogHandler {
        let box: Box
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let followers = event.metadata?["followers"].map { " followers=\($0)" } ?? ""
            box.records.withLock { $0.append("\(event.level) \(event.message)\(followers)") }
        }
    }

    final class Box: Sendable {
        let records = Mutex<[String]>([])
    }

    @Test func theAuditLogsThroughTheGivenLogger() async throws {
        let box = Box()
        let logger = Logger(label: "test") { _ in Capture(box: box) }
        let store = try SQLiteStore.inMemory()
        let profiles = Array(SyntheticAudience(count: 40, now: AuditJobTests.now, seed: 2))
        try await store.saveAudience(account: "shop", platform: .twitter, profiles: profiles)
        _ = try await AuditJob(scorer: RuleScorer(), asOf: AuditJobTests.now, logger: logger)
            .run(source: .stored(store, name: "shop"), account: "shop")
        let records = box.records.withLock { $0 }
        #expect(records.contains("debug audit started"))
        #expect(records.contains("info audit finished followers=40"))
    }
}
