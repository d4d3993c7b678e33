import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct AudienceReportDecodingTests {
    /// The report as an earlier build stored it: no estimate, no true-reach share, no coverage, and a
    /// quality score without `restsOn` / `unmeasured`.
    static func earlierBuildJSON(_ report: AudienceReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = try encoder.encode(report)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            var quality = object["quality"] as? [String: Any]
        else {
            Issue.record("a report encodes as an object")
            return data
        }
        for key in ["estimatedFakeShare", "trueReachShare", "coverage"] {
            #expect(object.removeValue(forKey: key) != nil || key == "estimatedFakeShare", "\(key) was encoded")
        }
        quality.removeValue(forKey: "restsOn")
        quality.removeValue(forKey: "unmeasured")
        object["quality"] = quality
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func aReportStoredByAnEarlierBuildStillDecodes() throws {
        let report = AudienceReport.fixture()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let old = try decoder.decode(AudienceReport.self, from: Self.earlierBuildJSON(report))
        #expect(old.estimatedFakeShare == nil)
        #expect(old.trueReachShare == nil)
        #expect(old.coverage.trueReachBasis == AudienceReport.earlierBuildBasis)
        #expect(old.quality.score == report.quality.score)
        #expect(old.quality.restsOn == report.quality.components.map(\.name))
        #expect(old.categories == report.categories && old.followersTotal == report.followersTotal)
    }

    @Test func aCurrentReportRoundTripsUnchanged() throws {
        let report = AudienceReport.fixture()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(AudienceReport.self, from: encoder.encode(report)) == report)
    }
}
