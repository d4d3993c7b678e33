import Foundation
import Hummingbird
import Testing

@testable import TrueReachServer

/// The streaming multipart parser: parts and content the same however the body is cut into chunks,
/// limits and malformed bodies refused, and the same parts as Python's `email` package finds.
@Suite struct MultipartParserTests {
    struct Part: Equatable, CustomStringConvertible {
        var name: String?
        var filename: String?
        var contentType: String?
        var content: [UInt8]
        var description: String { "\(name ?? "-")/\(filename ?? "-")/\(content.count) bytes" }
    }

    /// Parses `body` fed in chunks of the given sizes (cycled).
    static func parse(_ body: [UInt8], boundary: String, chunks sizes: [Int] = [1 << 20]) throws -> [Part] {
        var parser = try MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var offset = 0
        var index = 0
        while offset < body.count {
            let size = max(1, sizes[index % sizes.count])
            index += 1
            let end = min(body.count, offset + size)
            for event in try parser.feed(ByteBuffer(bytes: body[offset..<end])) {
                switch event {
                case .part(let headers):
                    parts.append(
                        Part(
                            name: headers.name, filename: headers.filename, contentType: headers.contentType,
                            content: []))
                case .content(let bytes): parts[parts.count - 1].content += bytes.readableBytesView
                case .partEnd: break
                }
            }
            offset = end
        }
        try parser.finish()
        return parts
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [[1], [2, 3, 5], [7], [64], [1 << 20]])
    func partsAreTheSameHoweverTheBodyIsChunked(sizes: [Int]) throws {
        let body = Self.bytes(
            "preamble to ignore\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                + "tok\r\n--XyZ   \r\n"  // transport padding after a delimiter
                + "content-disposition: FORM-DATA; name=file; filename=\"a \\\"q\\\".jsonl\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "line1\r\n-- not a delimiter\r\n--XyNot either\r\r\n\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
                + "\r\n--XyZ--\r\nepilogue to ignore --XyZ\r\n")
        let parts = try Self.parse(body, boundary: "XyZ", chunks: sizes)
        #expect(
            parts == [
                Part(name: "csrf_token", content: Self.bytes("tok")),
                Part(
                    name: "file", filename: "a \"q\".jsonl", contentType: "application/json",
                    content: Self.bytes("line1\r\n-- not a delimiter\r\n--XyNot either\r\r\n")),
                Part(name: "empty", content: []),
            ])
    }

    @Test func extendedFileNamesAreDecodedAndPreferred() throws {
        let body = Self.bytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plain.csv\"; "
                + "filename*=UTF-8''f%C3%BCr%20%E2%82%AC.csv\r\n\r\nx\r\n--b--")
        let parts = try Self.parse(body, boundary: "b")
        #expect(parts.first?.filename == "für €.csv")
    }

    @Test func aBodyCutShortIsTruncated() throws {
        for body in ["--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "--b\r\nContent-Dispo", ""] {
            let error = #expect(throws: MultipartParser.Failure.self) {
                _ = try Self.parse(Self.bytes(body), boundary: "b")
            }
            #expect(error?.code == .truncated, "\(body)")
        }
    }

    @Test func oversizedHeadersAndMalformedLinesAreRefused() throws {
        let huge =
            "--b\r\nContent-Disposition: form-data; name=\"" + String(repeating: "a", count: 10_000)
            + "\"\r\n\r\nx\r\n--b--"
        let large = #expect(throws: MultipartParser.Failure.self) {
            _ = try Self.parse(Self.bytes(huge), boundary: "b", chunks: [100])
        }
        #expect(large?.code == .headersTooLarge)
        let noColon = #expect(throws: MultipartParser.Failure.self) {
            _ = try Self.parse(Self.bytes("--b\r\nnot a header\r\n\r\nx\r\n--b--"), boundary: "b")
        }
        #expect(noColon?.code == .malformed)
        let badDelimiter = #expect(throws: MultipartParser.Failure.self) {
            _ = try Self.parse(Self.bytes("--bX\r\n\r\nx\r\n--b--"), boundary: "b")
        }
        #expect(badDelimiter?.code == .malformed)
    }

    @Test(arguments: [
        "text/plain", "multipart/form-data", "multipart/form-data; boundary=",
        "multipart/mixed; boundary=abc",
    ])
    func aContentTypeWithoutAFormBoundaryIsNotMultipart(contentType: String) {
        let error = #expect(throws: MultipartParser.Failure.self) { _ = try MultipartParser(contentType: contentType) }
        #expect(error?.code == .notMultipart)
    }

    @Test func aQuotedBoundaryIsRead() throws {
        var parser = try MultipartParser(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"")
        let events = try parser.feed(ByteBuffer(string: "--a b;c\r\n\r\nv\r\n--a b;c--"))
        #expect(events.count == 3)
        try parser.finish()
    }

    @Test(arguments: ["../../etc/passwd", "C:\\Users\\me\\f.csv", "a\u{202E}b\u{0}.csv", "", "..", nil] as [String?])
    func uploadedFileNamesAreCleaned(name: String?) {
        let clean = UploadReceiver.displayName(name)
        #expect(
            !clean.contains("/") && !clean.contains("\\") && !clean.contains("\u{202E}") && !clean.contains("\u{0}"))
        #expect(!clean.isEmpty && clean != "..")
    }

    // MARK: - Against Python's email package

    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Random forms: fields and files whose content holds CR, LF, dashes and near-misses of the
    /// delimiter, parsed in random chunks and by Python; both must find the same parts.
    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func randomFormsParseAsPythonsEmailPackageParsesThem() throws {
        let python = try #require(Self.python)
        let boundary = "----WebKitFormBoundaryQ3zTr9x"
        var random = LinearCongruential(seed: 13)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("multipart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var bodies: [[UInt8]] = []
        var expected: [[Part]] = []
        let alphabet = Self.bytes("ab-\r\n -=:;\"é") + [0, 255, 128]
        // The start of a delimiter, up to all but its last bytes (a whole one would end the part).
        let nearMisses = [Self.bytes("\r\n--"), Self.bytes("\r\n--" + boundary.dropLast(3)), Self.bytes("\r\n-")]
        for _ in 0..<60 {
            var body: [UInt8] = []
            var parts: [Part] = []
            for index in 0..<(1 + random.next(4)) {
                var content: [UInt8] = []
                for _ in 0..<random.next(300) {
                    if random.next(40) == 0, let miss = nearMisses.randomElement(using: &random) {
                        content += miss + Self.bytes("x")
                    } else {
                        content.append(alphabet[random.next(alphabet.count)])
                    }
                }
                let isFile = random.next(2) == 0
                let name = "field\(index)"
                let filename = isFile ? "file \(index).jsonl" : nil
                var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
                if let filename { head += "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream" }
                body += Self.bytes(head + "\r\n\r\n") + content + Self.bytes("\r\n")
                parts.append(
                    Part(
                        name: name, filename: filename, contentType: isFile ? "application/octet-stream" : nil,
                        content: content))
            }
            body += Self.bytes("--\(boundary)--\r\n")
            bodies.append(body)
            expected.append(parts)
        }
        var paths: [String] = []
        for (index, body) in bodies.enumerated() {
            let path = directory.appendingPathComponent("\(index).body").path
            try Data(body).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        // Python's parts
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/multipart-reference.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, boundary] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == bodies.count)
        for (index, line) in lines.enumerated() {
            let reference = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: Any]])
            let fromPython = reference.map { part in
                Part(
                    name: part["name"] as? String, filename: part["filename"] as? String,
                    contentType: part["content_type"] as? String,
                    content: Self.hex(part["content"] as? String ?? ""))
            }
            #expect(fromPython == expected[index], "Python, body \(index)")
            let sizes = (0..<5).map { _ in 1 + random.next(97) }
            let parsed = try Self.parse(bodies[index], boundary: boundary, chunks: sizes)
            #expect(parsed == fromPython, "body \(index) in chunks of \(sizes)")
        }
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while utf8.count >= 2 {
            bytes.append(UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) ?? 0)
            utf8 = utf8.dropFirst(2)
        }
        return bytes
    }
}

/// A small seeded generator (Knuth's MMIX constants), so the random forms are the same every run.
struct LinearCongruential: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
