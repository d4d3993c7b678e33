import Foundation

/// Batches in flight between reading and writing: two per core, so the cores stay busy scoring
/// while the reader does its serial part (reading and framing the next chunk).
///
/// `TRUEREACH_PIPELINE_WIDTH` overrides it (benchmarks and tests).
public var defaultPipelineWidth: Int {
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
/// An error from the stream is raised after the results of the elements before it are consumed;
/// an error from `transform` or `consume` is raised at once.
public func forEachInOrder<Inputs: AsyncSequence, Output: Sendable>(
    _ stream: Inputs,
    width: Int,
    transform: @escaping @Sendable (Inputs.Element) throws -> Output,
    consume: (Output) async throws -> Void
) async throws where Inputs.Element: Sendable {
    precondition(width > 0, "width must be positive")
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var iterator = stream.makeAsyncIterator()
        var nextIndex = 0
        var nextToConsume = 0
        var ready: [Int: Output] = [:]
        var exhausted = false
        var streamError: (any Error)?

        func fill() async throws {
            while !exhausted && nextIndex - nextToConsume < width {
                let next: Inputs.Element?
                do {
                    next = try await iterator.next()
                } catch {
                    streamError = error
                    exhausted = true
                    return
                }
                guard let input = next else {
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
        if let streamError { throw streamError }
    }
}
