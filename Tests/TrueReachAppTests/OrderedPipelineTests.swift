import Testing

import TrueReachApp

/// `forEachInOrder`: parallel transforms, results consumed in stream order.
@Suite struct OrderedPipelineTests {
    struct Broken: Error {}

    /// A stream of `0..<count`, then `Broken` when `failing`.
    static func numbers(_ count: Int, failing: Bool) -> AsyncThrowingStream<Int, any Error> {
        AsyncThrowingStream { continuation in
            for n in 0..<count { continuation.yield(n) }
            continuation.finish(throwing: failing ? Broken() : nil)
        }
    }

    @Test(arguments: [1, 3, 8])
    func consumesEveryResultInStreamOrder(width: Int) async throws {
        // Given 200 elements whose transforms finish in scrambled order
        var seen: [Int] = []
        try await forEachInOrder(Self.numbers(200, failing: false), width: width) { n in
            var spin = 0
            for _ in 0..<((n * 7_919) % 2_000) { spin &+= 1 }
            return (n * n, spin)
        } consume: { square, _ in
            seen.append(square)
        }
        // Then every result is consumed once, in order
        #expect(seen == (0..<200).map { $0 * $0 })
    }

    @Test func aStreamErrorComesAfterTheResultsBeforeIt() async {
        // Given a stream that fails after 50 elements, with 8 transforms in flight
        var seen: [Int] = []
        // When it is run, then all 50 results are consumed before the error is raised
        await #expect(throws: Broken.self) {
            try await forEachInOrder(Self.numbers(50, failing: true), width: 8) {
                $0
            } consume: {
                seen.append($0)
            }
        }
        #expect(seen == Array(0..<50))
    }

    @Test func aConsumeErrorStopsAtOnce() async {
        var seen: [Int] = []
        await #expect(throws: Broken.self) {
            try await forEachInOrder(Self.numbers(100, failing: false), width: 4) {
                $0
            } consume: { n in
                if n == 10 { throw Broken() }
                seen.append(n)
            }
        }
        #expect(seen == Array(0..<10))
    }
}
