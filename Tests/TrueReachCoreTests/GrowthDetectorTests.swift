import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct GrowthDetectorTests {
    /// A noisy organic series: ~+50/day with weekly rhythm and noise.
    func organic(days: Int = 60, start: Int = 10_000, seed: UInt64 = 5) -> [CountPoint] {
        var rng = SplitMix64(seed: seed)
        var count = start
        var points: [CountPoint] = []
        let day0 = CalendarDay(daysSinceEpoch: 19_723)  // 2024-01-01, a Monday
        for d in 0..<days {
            let day = day0.adding(days: d)
            points.append(CountPoint(day: day, followers: count, following: 300))
            count += 50 + (day.weekday >= 5 ? 20 : 0) + Int.random(in: -15...15, using: &rng)
        }
        return points
    }

    @Test func calendarDayRoundTrips() throws {
        let d = try #require(CalendarDay(year: 2024, month: 2, day: 29))
        #expect(d.description == "2024-02-29")
        #expect(CalendarDay(iso: "2024-02-29") == d)
        #expect(d.weekday == 3)  // Thursday
        #expect(CalendarDay(year: 2023, month: 2, day: 29) == nil)
    }

    @Test func cleanSeriesHasNoAnomalies() {
        let r = GrowthDetector.analyze(CountSeries(name: "s", points: organic()))
        #expect(r.anomalies.isEmpty)
    }

    @Test func injectedSpikeAndDropAreFoundWithDateAndSize() {
        var s = CountSeries(name: "s", points: organic())
        let spikeDay = s.points[30].day
        let dropDay = s.points[45].day
        s = GrowthBenchmark.inject(s, from: spikeDay, amount: 1_000)
        s = GrowthBenchmark.inject(s, from: dropDay, amount: -700)
        let r = GrowthDetector.analyze(s)
        let spike = r.anomalies.first { $0.date == spikeDay }
        #expect(spike?.kind == .roundJump)
        #expect(abs((spike?.size ?? 0) - 1_000) < 40)
        let drop = r.anomalies.first { $0.date == dropDay }
        #expect(drop?.kind == .drop)
        #expect(drop?.reason.contains("purge") == true)
        #expect(r.anomalies.count == 2)
    }

    @Test func followingSeeSawIsFlagged() {
        var points = organic()
        for i in 20..<30 { points[i].following = 300 + (i % 2 == 0 ? 2_000 : 0) }
        let r = GrowthDetector.analyze(CountSeries(name: "s", points: points))
        #expect(r.anomalies.contains { $0.kind == .seeSaw && $0.metric == .following })
    }

    @Test func spikeFollowedByFallingEngagementIsFlagged() {
        var s = CountSeries(name: "s", points: organic())
        let day = s.points[30].day
        s = GrowthBenchmark.inject(s, from: day, amount: 3_333)
        // Engagement per post stays at 100 while followers jump: the rate falls.
        let posts = (10..<50).map { d -> PostEngagement in
            let followers = d < 30 ? 11_000 : 16_000
            let p = Post(
                platform: .instagram, id: PostID("p\(d)"), author: "a", createdAt: s.points[d].day.date,
                likes: d < 30 ? 200 : 100, followersAtPosting: followers)
            return EngagementMetrics.measure(p)!
        }
        let r = GrowthDetector.analyze(s, engagement: posts)
        let spike = r.anomalies.first { $0.date == day }
        #expect((spike?.engagementRatio ?? 1) < 0.8)
        #expect(spike?.reason.contains("fell") == true)
    }

    @Test func benchmarkIsDeterministic() {
        let series = (0..<3).map { CountSeries(name: "s\($0)", points: organic(seed: UInt64($0))) }
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        let r1 = GrowthBenchmark.run(series, trials: 3, using: &a)
        let r2 = GrowthBenchmark.run(series, trials: 3, using: &b)
        #expect(r1 == r2)
        #expect(r1.total.injections == 3 * 3 * 4)
        #expect((r1.rows.last?.recall ?? 0) >= 0.9)
    }
}
