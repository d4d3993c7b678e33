import FoundationEssentials
import Testing
import TrueReachCore

/// The state of an audit accumulator, written out and read back, merges as the accumulator does.
@Suite struct AccumulatorStateTests {
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    @Test func stateReadBackMergesToTheSameReportInAnySplit() throws {
        // Given an audience scored by the rules
        let profiles = Array(SyntheticAudience(count: 1_200, boughtShare: 0.4, now: Self.now, seed: 5))
        let scorer = RuleScorer()
        let scores = scorer.score(profiles, asOf: Self.now)
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold)
        var whole = analyzer.makeAccumulator()
        whole.add(profiles, scores: scores, asOf: Self.now)
        // When it is accumulated in three parts whose states go through JSON
        var merged = analyzer.makeAccumulator()
        for range in [0..<1, 1..<700, 700..<1_200] {
            var part = analyzer.makeAccumulator()
            part.add(Array(profiles[range]), scores: Array(scores[range]), asOf: Self.now)
            let data = try JSONEncoder().encode(part.state)
            let state = try JSONDecoder().decode(AudienceAccumulator.State.self, from: data)
            merged.merge(try AudienceAccumulator(analyzer: analyzer, state: state))
        }
        // Then the state and the report are those of one pass
        #expect(merged.state == whole.state)
        let report = { (a: AudienceAccumulator) in
            analyzer.report(from: a, account: "x", asOf: Self.now, scorer: "rules")
        }
        #expect(report(merged) == report(whole))
    }

    @Test func aDamagedStateIsRefusedNamingTheField() throws {
        let analyzer = AudienceAnalyzer(threshold: 0.5)
        var state = analyzer.makeAccumulator().state
        state.histogram = [1]
        let short = #expect(throws: AudienceAccumulator.StateError.self) {
            try AudienceAccumulator(analyzer: analyzer, state: state)
        }
        #expect(short?.description.contains("histogram") == true)
        state = analyzer.makeAccumulator().state
        state.count = 3
        #expect(throws: AudienceAccumulator.StateError.self) {
            try AudienceAccumulator(analyzer: analyzer, state: state)
        }
    }
}
