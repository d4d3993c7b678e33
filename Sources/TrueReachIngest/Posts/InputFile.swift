import Foundation

/// Byte helpers for the post, series and snapshot readers (which stream through ``RecordSplitter``).
enum InputFile {
    /// The largest record or JSON document held at once.
    static let maxDocumentBytes = 1 << 30

    /// How much of an input's start format detection looks at (buffered from a stream before detecting).
    static let detectionBytes = 64 << 10

    /// Reads the whole file (a small side file such as an archive's `account.js`).
    static func bytes(_ path: String) throws -> [UInt8] {
        let source = try ByteSource(path: path)
        defer { source.close() }
        var out: [UInt8] = []
        while let chunk = try source.read(path: path) {
            out += chunk
            if out.count > maxDocumentBytes {
                throw IngestError(.recordTooLarge, "the JSON document is larger than 1 GiB; split it", path: path)
            }
        }
        return out
    }

    /// Splits one CSV line into fields (RFC 4180 quotes).
    static func csvFields(_ line: String, delimiter: Character) -> [String]? {
        var bytes = Array(line.utf8)
        if bytes.isEmpty { bytes = [] }
        guard let d = delimiter.asciiValue else { return nil }
        return try? CSVRecordParser.fields(bytes, start: 0, end: bytes.count, delimiter: d)
    }

    /// The first non-space byte after an optional BOM.
    static func firstSignificantByte(_ bytes: [UInt8]) -> (UInt8, Int)? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            let b = bytes[i]
            if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return (b, i) }
            i += 1
        }
        return nil
    }

    /// The elements of the top-level JSON array in `bytes` (bytes before `[` are ignored, lines kept),
    /// each parsed with `JSONSerialization`, with the line it starts on.
    static func arrayElements(_ bytes: [UInt8], path: String) throws -> [(line: Int, value: Any?)] {
        var buffer = bytes
        guard let open = buffer.firstIndex(of: UInt8(ascii: "[")) else {
            throw IngestError(.unknownFormat, "expected a JSON array", path: path)
        }
        for i in 0..<open where buffer[i] != 0x0A { buffer[i] = 0x20 }
        var framer = JSONArrayFramer()
        var spans: [RecordSpan] = []
        _ = try framer.scan(buffer, from: 0, isEOF: true, limit: Int.max, into: &spans)
        guard framer.isComplete else {
            throw IngestError(.truncated, "the JSON array is not closed; the file may be cut short", path: path)
        }
        return spans.map { span in
            let data = Data(buffer[span.start..<span.end])
            return (span.line, try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        }
    }
}

/// Loose accessors over `JSONSerialization` values: counts as numbers or strings, ids as either.
enum JSONValue {
    static func object(_ value: Any?) -> [String: Any]? { value as? [String: Any] }

    static func array(_ value: Any?) -> [Any]? { value as? [Any] }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let s as String:
            let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            return Int(t) ?? Double(t).flatMap { $0.rounded() == $0 && abs($0) < 9e15 ? Int($0) : nil }
        case let n as NSNumber:
            let d = n.doubleValue
            return d.rounded() == d && abs(d) < 9e15 ? Int(d) : nil
        default:
            return nil
        }
    }

    static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let b as Bool: return b
        case let n as NSNumber: return n.intValue != 0
        case let s as String: return ["true", "1"].contains(s.lowercased())
        default: return nil
        }
    }

    static func isNull(_ value: Any?) -> Bool { value == nil || value is NSNull }
}
