import Foundation
import Testing
import TrueReachCore

@Suite struct CohortTests {
    func at(_ y: Int, _ m: Int, _ d: Int) -> Date {
        guard let day = CalendarDay(year: y, month: m, day: d) else {
            Issue.record("invalid test date \(y)-\(m)-\(d)")
            return Date(timeIntervalSince1970: 0)
        }
        return day.date
    }

    @Test func followDateCohortsWithSuspiciousShareEngagementAndDepartures() {
        // Given two exports: March followers (two bots), April adds one; one March bot has left by the second.
        let first = FollowerSnapshot(
            name: "jan",
            entries: [
                FollowerEntry(profile: "old", followedAt: at(2024, 1, 5)),
                FollowerEntry(profile: "bot1", followedAt: at(2024, 3, 2)),
                FollowerEntry(profile: "bot2", followedAt: at(2024, 3, 2)),
                FollowerEntry(profile: "fan", followedAt: at(2024, 3, 20)),
            ])
        let second = FollowerSnapshot(
            name: "may",
            entries: [
                FollowerEntry(profile: "old", followedAt: at(2024, 1, 5)),
                FollowerEntry(profile: "bot2", followedAt: at(2024, 3, 2)),
                FollowerEntry(profile: "fan", followedAt: at(2024, 3, 20)),
                FollowerEntry(profile: "new", followedAt: at(2024, 4, 9)),
            ])
        let interactions = [Interaction(platform: .instagram, post: "p", profile: "fan", kind: .like)]
        // When
        let r = FollowerCohorts.analyze(
            [first, second], probabilities: ["bot1": 0.9, "bot2": 0.8, "fan": 0.1], interactions: interactions)
        // Then
        #expect(r.cohorts.map(\.label) == ["2024-01", "2024-03", "2024-04"])
        let march = r.cohorts[1]
        #expect(march.members == 3)
        #expect(march.suspicious == 2 && march.scored == 3)
        #expect(march.left == 1)
        #expect(march.engaged == 1)
        #expect(r.flows.map(\.joined) == [1])
        #expect(r.flows.map(\.left) == [1])
    }

    @Test func snapshotDifferenceWithoutTimestamps() {
        let a = FollowerSnapshot(name: "a", entries: ["x", "y"].map { FollowerEntry(profile: ProfileID($0)) })
        let b = FollowerSnapshot(name: "b", entries: ["y", "z", "w"].map { FollowerEntry(profile: ProfileID($0)) })
        let r = FollowerCohorts.analyze([a, b])
        #expect(r.cohorts.map(\.basis) == [.beforeFirstSnapshot, .snapshotDifference])
        #expect(r.cohorts.map(\.members) == [2, 2])
        #expect(r.cohorts[0].left == 1)
        #expect(r.cohorts[1].left == 0)
    }
}
