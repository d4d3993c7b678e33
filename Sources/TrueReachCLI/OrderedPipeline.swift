import Foundation

/// Batches in flight between reading and writing: two per core, so the cores stay busy scoring
/// while the reader does its serial part (reading and framing the next chunk).
var pipelineWidth: Int {
    if let text = ProcessInfo.processInfo.environment["TRUEREACH_PIPELINE_WIDTH"], let width = Int(text), width > 0 {
        return width
    }
    return 2 * ProcessInfo.processInfo.activeProcessorCount
}

/// Runs `transform` over the elements of a stream on up to `width` child tasks at once and
/// hands the results to `consume` in stream order.
///
/// Results are consumed in order, so output is byte-identical to a serial run; at most
/// `width` elements and results are in flight, so memory stays flat however long the stream.
func forEachInOrder<Input: Sendable, Output: Sendable>(
    _ stream: AsyncThrowingStream<Input, any Error>,
    width: Int,
    transform: @escaping @Sendable (Input) throws -> Output,
    consume: (Output) async throws -> Void
) async throws {
    precondition(width > 0, "width must be positive")
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var iterator = stream.makeAsyncIterator()
        var nextIndex = 0
        var nextToConsume = 0
        var ready: [Int: Output] = [:]
        var exhausted = false

        func fill() async throws {
            while !exhausted && nextIndex - nextToConsume < width {
                guard let input = try await iterator.next() else {
                    exhausted = true
                    return
                }
                let index = nextIndex
                nextIndex += 1
                group.addTask { (index, try transform(input)) }
            }
        }

        try await fill()
        while let (index, output) = try await group.next() {
            ready[index] = output
            while let output = ready.removeValue(forKey: nextToConsume) {
                try await consume(output)
                nextToConsume += 1
            }
            try Task.checkCancellation()
            try await fill()
        }
    }
}
