import Foundation
import Testing

@testable import TrueReachIngest

@Suite struct TimestampParserTests {
    @Test(arguments: [
        ("Wed Jun 05 20:09:15 +0000 2019", 1_559_765_355.0),
        ("Wed Jun 05 20:09:15 +0000 2019  ", 1_559_765_355.0),
        ("Wed Jun 05 22:09:15 +0200 2019", 1_559_765_355.0),
        ("2019-06-05T20:09:15Z", 1_559_765_355.0),
        ("2019-06-05T20:09:15.500Z", 1_559_765_355.5),
        ("2019-06-05T21:09:15+01:00", 1_559_765_355.0),
        ("2019-06-05 20:09:15", 1_559_765_355.0),
        ("2019-06-05", 1_559_692_800.0),
        ("1970-01-01", 0.0),
    ])
    func parsesExportTimestamps(_ text: String, _ seconds: Double) {
        #expect(TimestampParser.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["", "None", "yesterday", "2019-13-01", "Wed Foo 05 20:09:15 +0000 2019", "2019-06-05T20:09"])
    func rejectsAnythingElse(_ text: String) {
        #expect(TimestampParser.parse(text) == nil)
    }

    /// A field that ends inside its zone offset, in a buffer whose next bytes happen to be digits (as in
    /// a CSV line): the parser must not read the offset from beyond the field's end.
    @Test(arguments: [
        "2019-06-05T20:09:15+", "2019-06-05T20:09:15+01:", "2019-06-05T20:09:15+01", "2019-06-05T20:09:15-0",
    ])
    func aTruncatedZoneOffsetIsNoDate(_ field: String) {
        let line = Array((field + "0000,12").utf8)
        let date = line.withUnsafeBufferPointer { TimestampParser.parse($0, 0, field.utf8.count) }
        #expect(date == nil)
        #expect(TimestampParser.parse(field) == nil)
    }
}
