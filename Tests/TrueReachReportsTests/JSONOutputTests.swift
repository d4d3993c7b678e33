import Foundation
import Testing
import TrueReachReports

/// Every JSON document is written one way: sorted keys, ISO dates, non-finite numbers as one set of strings.
@Suite struct JSONOutputTests {
    struct Values: Codable, Equatable {
        var ratio: Double
        var low: Double
        var undefined: Double
        var when: Date
        var link: String
    }

    @Test func nonFiniteNumbersAreWrittenOneWayAndReadBack() throws {
        let values = Values(
            ratio: .infinity, low: -.infinity, undefined: .nan, when: Date(timeIntervalSince1970: 0), link: "a/b")
        let text = String(decoding: try JSONOutput.encoder(pretty: false).encode(values), as: UTF8.self)
        #expect(
            text == #"{"link":"a/b","low":"-inf","ratio":"inf","undefined":"nan","when":"1970-01-01T00:00:00Z"}"#)
        let back = try JSONOutput.decoder().decode(Values.self, from: Data(text.utf8))
        #expect(back.ratio == .infinity && back.low == -.infinity && back.undefined.isNaN)
    }
}
