import Foundation
import Testing
import TrueReachCore
import TrueReachReports
import TrueReachTestSupport

/// Row-writing throughput, printed; runs only with `TRUEREACH_BENCH_ROWS=<rows>` (use a release build).
///
/// `TRUEREACH_BENCH_ROWS=2000000 swift test -c release --filter ScoreRowWriterBenchmark`
@Suite struct ScoreRowWriterBenchmark {
    static let count = Int(ProcessInfo.processInfo.environment["TRUEREACH_BENCH_ROWS"] ?? "") ?? 0

    @Test(.enabled(if: count > 0), arguments: ScoreRowWriter.Format.allCases)
    func rowsPerSecond(format: ScoreRowWriter.Format) {
        let profiles = (0..<1_000).map { i in
            Profile.fixture(id: ProfileID(String(100_000_000 + i * 7_919)), handle: "user_\(i)_name")
        }
        let scores = (0..<1_000).map { i in
            ProfileScore(
                probability: Double(i % 997) / 997,
                signals: i % 3 == 0
                    ? []
                    : [
                        Signal(code: "ratio", contribution: 0.4, text: "follows 4,800, followed by 12"),
                        Signal(code: "digits", contribution: 0.2, text: "handle is mostly digits"),
                    ]
            )
        }
        let writer = ScoreRowWriter(format: format)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var bytes = 0
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        while written < Self.count {
            buffer.removeAll(keepingCapacity: true)
            for i in 0..<1_000 {
                writer.appendRow(account: profiles[i], score: scores[i], category: .real, to: &buffer)
            }
            bytes += buffer.count
            written += 1_000
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "score rows (\(format.rawValue)): \(written) rows, \(bytes / written) B/row, \(Int(Double(written) / seconds)) rows/s on one core"
        )
        #expect(bytes > 0)
    }
}
