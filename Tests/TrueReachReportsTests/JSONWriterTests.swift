import Foundation
import Testing
import TrueReachReports

/// The compact writer's commas, nesting and values, against what `JSONSerialization` reads back.
@Suite struct JSONWriterTests {
    @Test func nestsAndSeparates() throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("a")
        json.beginArray()
        json.integer(1)
        json.beginObject()
        json.endObject()
        json.beginArray()
        json.endArray()
        try json.number(2.5)
        json.null()
        json.bool(true)
        json.bool(false)
        json.string("x\"y")
        json.endArray()
        json.key("b")
        json.string(nil as String?)
        json.key("c")
        json.integer(nil as Int?)
        json.key("d")
        json.integer(Int64.min)
        json.endObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(text == #"{"a":[1,{},[],2.5,null,true,false,"x\"y"],"b":null,"c":null,"d":-9223372036854775808}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(json.bytes)) is NSDictionary)
    }

    @Test func aBareValue() throws {
        var json = JSONWriter()
        try json.number(3)
        #expect(json.bytes == Array("3".utf8))
    }

    @Test func keysAreEscaped() throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("k\n\"")
        json.integer(0)
        json.endObject()
        let back = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Int]
        #expect(back == ["k\n\"": 0])
    }
}
