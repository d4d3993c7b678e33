import Foundation
import Testing
import TrueReachCore

@testable import TrueReachIngest

/// A large JSON-array post input is framed element by element, never held whole.
@Suite struct PostStreamMemoryTests {
    static let count = 200_000

    /// A one-line JSON array of `count` small canonical posts (200,000: about 12 MB, three 4 MiB reads).
    static func largeArray(count: Int = count) throws -> (path: String, bytes: [UInt8]) {
        var text = "["
        text.reserveCapacity(count * 64)
        for i in 0..<count {
            if i > 0 { text += "," }
            text += #"{"platform":"twitter","id":"\#(i)","author":"a","likes":\#(i % 7)}"#
        }
        text += "]\n"
        let bytes = Array(text.utf8)
        return (try temporaryFile(bytes, name: "posts.json"), bytes)
    }

    @Test(.timeLimit(.minutes(1)))
    func aLargeArrayIsReadWithoutHoldingItWhole() async throws {
        // Given a file several times larger than one read
        let (path, bytes) = try Self.largeArray()
        #expect(bytes.count > 2 * ByteSource.chunkSize)
        // When read from its path
        var fromFile = PostStream(
            name: path, format: nil, owner: nil, ownerSearchPath: nil, configuration: IngestConfiguration())
        let batch = try fromFile.read(path: path)
        // Then every post is read, through the array framer, holding at most one read plus a partial element
        #expect(batch.posts.count == Self.count && batch.issues.isEmpty)
        #expect(batch.posts.last?.id == PostID("\(Self.count - 1)"))
        guard case .jsonArray = fromFile.splitter.framing else {
            Issue.record("not framed as a JSON array")
            return
        }
        #expect(fromFile.splitter.peakBufferedBytes <= ByteSource.chunkSize + 1024)
        // And from a stream of 64 KiB chunks (of a smaller array, 1.2 MB, to stay cheap) it holds about
        // one piece, not the input
        let (smallPath, small) = try Self.largeArray(count: 20_000)
        #expect(small.count > 8 * InputChunks.minimumStreamPiece)
        var fromStream = PostStream(
            name: smallPath, format: nil, owner: nil, ownerSearchPath: nil, configuration: IngestConfiguration())
        let streamed = try await fromStream.read(
            .chunks(ReaderStreamTests.chunks(small, size: 64 << 10), name: smallPath))
        #expect(streamed.posts == Array(batch.posts.prefix(20_000)))
        #expect(fromStream.splitter.peakBufferedBytes <= 2 * InputChunks.minimumStreamPiece)
    }
}
