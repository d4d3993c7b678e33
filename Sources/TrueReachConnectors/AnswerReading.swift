import Foundation
import TrueReachCore
import TrueReachIngest

/// One byte buffer as the chunk stream ``IngestInput/chunks(_:name:)`` reads.
struct SingleChunk: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let bytes: [UInt8]

    struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: [UInt8]?
        mutating func next() async throws -> [UInt8]? {
            defer { bytes = nil }
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}

/// Reading answers with the same readers files go through, so a profile from the API and one from
/// an export of the same API are read alike.
enum AnswerReading {
    /// The profiles of an answer holding `format` records (an array, or wrapped under a key the
    /// format detector knows), with the records that could not be read.
    ///
    /// - Throws: `IngestError` when the body as a whole cannot be read (truncated, not JSON).
    static func profiles(_ answer: FetchedAnswer, format: ProfileFormat) async throws -> (
        profiles: [Profile], issues: [IngestIssue]
    ) {
        let input = IngestInput.chunks(SingleChunk(bytes: answer.body), name: OutboundPolicy.redacted(answer.url))
        return try await ProfileFileReader(configuration: IngestConfiguration(format: format, maxErrors: 1_000_000))
            .readAll(input)
    }

    /// The posts of an answer in `format`.
    static func posts(_ answer: FetchedAnswer, format: PostSourceFormat) async throws -> PostBatch {
        let input = IngestInput.chunks(SingleChunk(bytes: answer.body), name: OutboundPolicy.redacted(answer.url))
        return try await PostReader.read(
            input, format: format, configuration: IngestConfiguration(maxErrors: 1_000_000))
    }

    /// Decodes a JSON body as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ answer: FetchedAnswer) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(answer.body))
    }

    /// Whether the body is a JSON array with nothing in it.
    static func isEmptyArray(_ answer: FetchedAnswer) -> Bool {
        let text = answer.body.filter { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }
        return text == Array("[]".utf8)
    }
}
