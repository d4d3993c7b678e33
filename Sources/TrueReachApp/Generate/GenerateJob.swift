import Foundation
public import TrueReachCore

/// The `generate` job: a synthetic follower audience (invented accounts) as JSON lines.
///
/// Generation is spread over the cores in chunks handed to `write` in order, so memory stays flat
/// for any count; the same audience gives the same bytes.
public struct GenerateJob: Sendable {
    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        /// X API v1.1 user objects, one per line.
        case twitterV1 = "twitter-v1"
        /// TrueReach's canonical JSON lines.
        case canonicalJSONL = "canonical-jsonl"
    }

    /// Profiles generated and encoded by one child task.
    public static let chunkSize = 4_096

    /// The output format.
    public var format: Format
    /// twitter-v1 only: just the fields TrueReach reads.
    public var lean: Bool

    /// Creates the job.
    public init(format: Format, lean: Bool = false) {
        self.format = format
        self.lean = lean
    }

    /// Encodes `audience` chunk by chunk on up to `activeProcessorCount` child tasks and hands the
    /// chunks to `write` in order.
    public func run(_ audience: SyntheticAudience, write: ([UInt8]) throws -> Void) async throws {
        let (format, lean) = (self.format, self.lean)
        let chunks = (audience.count + Self.chunkSize - 1) / Self.chunkSize
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var launched = 0
            var written = 0
            var finished: [Int: [UInt8]] = [:]
            while launched < min(width, chunks) {
                let chunk = launched
                group.addTask { (chunk, Self.encode(audience, chunk: chunk, format: format, lean: lean)) }
                launched += 1
            }
            while let (chunk, bytes) = try await group.next() {
                finished[chunk] = bytes
                while let bytes = finished.removeValue(forKey: written) {
                    try write(bytes)
                    written += 1
                }
                if launched < chunks {
                    let next = launched
                    group.addTask {
                        try Task.checkCancellation()
                        return (next, Self.encode(audience, chunk: next, format: format, lean: lean))
                    }
                    launched += 1
                }
            }
        }
    }

    /// The JSON lines of one chunk of the audience.
    static func encode(_ audience: SyntheticAudience, chunk: Int, format: Format, lean: Bool) -> [UInt8] {
        let start = chunk * chunkSize
        let end = min(start + chunkSize, audience.count)
        var line = JSONLineWriter()
        line.bytes.reserveCapacity((end - start) * (lean || format == .canonicalJSONL ? 560 : 1_400))
        for index in start..<end {
            switch format {
            case .twitterV1: line.appendTwitterV1User(audience[index], full: !lean)
            case .canonicalJSONL: line.appendCanonical(audience[index])
            }
        }
        return line.bytes
    }
}
