import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// Reading from a stream of chunks gives exactly what reading the file gives.
@Suite struct StreamInputTests {
    /// `bytes` as a stream of `size`-byte chunks, so record boundaries fall mid-chunk.
    static func chunks(_ bytes: [UInt8], size: Int) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            var start = 0
            while start < bytes.count {
                continuation.yield(Array(bytes[start..<min(bytes.count, start + size)]))
                start += size
            }
            continuation.finish()
        }
    }

    static let fixtures = [
        "canonical.jsonl", "canonical.csv", "twitter-v1-users.jsonl", "twitter-v2-users.json", "bad-lines.jsonl",
        "users.csv", "bluesky-followers.json", "mastodon-account.json", "kaggle.csv",
    ]

    @Test(arguments: fixtures, [1, 7, 4096])
    func accountsFromChunksEqualAccountsFromThePath(_ fixture: String, _ size: Int) async throws {
        // Given a fixture, read from its path
        let path = try fixturePath(fixture)
        let reader = ProfileFileReader(configuration: IngestConfiguration(batchSize: 3))
        let expected = try await reader.readAll(path: path)
        // When the same bytes arrive as chunks named like the file
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let streamed = try await reader.readAll(.chunks(Self.chunks(bytes, size: size), name: path))
        // Then accounts and issues are identical
        #expect(streamed.profiles == expected.profiles)
        #expect(streamed.issues == expected.issues)
        #expect(!expected.profiles.isEmpty)
    }

    @Test(arguments: [1, 7, 4096])
    func strictAndMaxErrorsBehaveTheSameOnAStream(_ size: Int) async throws {
        let path = try fixturePath("bad-lines.jsonl")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for configuration in [IngestConfiguration(strict: true), IngestConfiguration(maxErrors: 0)] {
            let reader = ProfileFileReader(configuration: configuration)
            let fromPath = await #expect(throws: IngestError.self) { try await reader.readAll(path: path) }
            let fromStream = await #expect(throws: IngestError.self) {
                try await reader.readAll(.chunks(Self.chunks(bytes, size: size), name: path))
            }
            #expect(fromPath?.code == fromStream?.code)
            #expect(fromPath?.issue == fromStream?.issue)
            #expect(fromPath?.code == (configuration.strict ? .invalidRecord : .tooManyIssues))
        }
    }

    @Test func aFailingStreamIsUnreadableAndNamesTheInput() async throws {
        let failing = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield(Array(#"{"platform":"twitter","id":"1"}"#.utf8) + [0x0A])
            continuation.finish(throwing: CancellationError())
        }
        let error = await #expect(throws: IngestError.self) {
            try await ProfileFileReader().readAll(.chunks(failing, name: "upload.jsonl"))
        }
        #expect(error?.code == .unreadable)
        #expect(error?.path == "upload.jsonl")
    }
}
