import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming parser of `multipart/form-data` bodies (RFC 7578 over RFC 2046's multipart syntax).
///
/// Feed it the body's chunks as they arrive; it hands back, in order, each part's headers, the part's
/// content in slices of the chunks (no copy, never more than one chunk plus a delimiter held back) and
/// the end of each part. Memory stays bounded whatever the body's size: a part's header block may hold
/// at most ``maxHeaderBytes``.
///
/// ```swift
/// var parser = try MultipartParser(contentType: "multipart/form-data; boundary=xyz")
/// for try await chunk in request.body {
///     for event in try parser.feed(chunk) { … }
/// }
/// try parser.finish()
/// ```
///
/// Written here rather than taken from `vapor/multipart-kit` (whose `MultipartParser` streams too):
/// that one does not bound a part's header block, reports every error as one private case, cannot
/// tell a body cut short from a complete one, and would bring swift-collections' whole `Collections`
/// product into the server (docs/dashboard.md, "Uploads").
struct MultipartParser {
    /// What the parser found, in body order.
    enum Event: Equatable {
        /// A part begins, with its headers.
        case part(MultipartPartHeaders)
        /// Some of the current part's content.
        case content(ByteBuffer)
        /// The current part's content is complete.
        case partEnd
    }

    /// Why a body cannot be read as `multipart/form-data`.
    struct Failure: Error, Equatable {
        /// What is wrong.
        enum Code: Equatable {
            /// The `Content-Type` is not `multipart/form-data` with a usable boundary.
            case notMultipart
            /// A delimiter line or a header is malformed.
            case malformed
            /// A part's header block is larger than ``MultipartParser/maxHeaderBytes``.
            case headersTooLarge
            /// The body ended before the closing delimiter.
            case truncated
        }
        var code: Code
        var message: String
    }

    /// The most bytes one part's header block may hold.
    static let maxHeaderBytes = 8_192

    private enum State {
        /// Before the first delimiter (the preamble is ignored).
        case preamble
        /// Just after a delimiter: `--` (the close delimiter) or optional padding and CRLF follow.
        case afterDelimiter
        /// In a part's header block.
        case headers
        /// In a part's content.
        case content
        /// After the close delimiter: the epilogue is ignored.
        case done
    }

    /// `CRLF--boundary`.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var pending = ByteBuffer()

    /// Creates a parser for a body whose boundary is `boundary`.
    ///
    /// - Throws: ``Failure`` `.notMultipart` for an empty boundary or one longer than 70 bytes.
    init(boundary: String) throws {
        guard (1...70).contains(boundary.utf8.count), !boundary.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
            throw Failure(code: .notMultipart, message: "The multipart boundary must be 1 to 70 characters.")
        }
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter has no CRLF before it: start as if the body began with one.
        pending.writeBytes([13, 10])
    }

    /// Creates a parser from a request's `Content-Type`.
    ///
    /// - Throws: ``Failure`` `.notMultipart` unless it is `multipart/form-data` with a boundary.
    init(contentType: String?) throws {
        guard let contentType, let value = HeaderValue(contentType), value.value.lowercased() == "multipart/form-data",
            let boundary = value.parameters["boundary"]
        else {
            throw Failure(
                code: .notMultipart, message: "The body must be multipart/form-data with a boundary parameter.")
        }
        try self.init(boundary: boundary)
    }

    /// Whether the close delimiter has been read.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Parses one more chunk of the body.
    ///
    /// - Returns: What the chunk completed, in order.
    /// - Throws: ``Failure``.
    /// - Complexity: O(*n*) in the chunk's length.
    mutating func feed(_ chunk: ByteBuffer) throws -> [Event] {
        if case .done = state { return [] }
        var chunk = chunk
        pending.writeBuffer(&chunk)
        var events: [Event] = []
        while try step(&events) {}
        // Don't keep consumed bytes around: compact when what is pending is small.
        if pending.readerIndex > 0, pending.readableBytes < 4_096 { pending.discardReadBytes() }
        return events
    }

    /// Checks that the body ended after its close delimiter.
    ///
    /// - Throws: ``Failure`` `.truncated` when it did not.
    func finish() throws {
        guard isComplete else {
            throw Failure(code: .truncated, message: "The upload ended before the end of the multipart body.")
        }
    }

    /// One step of the state machine; `false` when it needs more bytes.
    private mutating func step(_ events: inout [Event]) throws -> Bool {
        switch state {
        case .preamble:
            guard let index = firstIndex(of: delimiter) else {
                // Keep what could be the start of the delimiter.
                pending.moveReaderIndex(forwardBy: max(0, pending.readableBytes - (delimiter.count - 1)))
                return false
            }
            pending.moveReaderIndex(to: index + delimiter.count)
            state = .afterDelimiter
            return true
        case .afterDelimiter:
            let view = pending.readableBytesView
            guard view.count >= 2 else { return false }
            if view.starts(with: [45, 45]) {  // "--": the close delimiter
                state = .done
                pending.clear()
                return false
            }
            // Transport padding (spaces and tabs), then CRLF.
            guard let lineEnd = view.firstIndex(of: 10) else {
                if view.count > 256 { throw malformed("A multipart delimiter line is malformed.") }
                return false
            }
            let line = view[view.startIndex..<lineEnd]
            guard line.last == 13, line.dropLast().allSatisfy({ $0 == 32 || $0 == 9 }) else {
                throw malformed("A multipart delimiter line is malformed.")
            }
            pending.moveReaderIndex(to: lineEnd + 1)
            state = .headers
            return true
        case .headers:
            let view = pending.readableBytesView
            let end: Int
            let skip: Int
            if view.starts(with: [13, 10]) {
                (end, skip) = (view.startIndex, 2)  // no headers at all
            } else if let index = firstIndex(of: [13, 10, 13, 10]) {
                (end, skip) = (index, 4)
            } else {
                if view.count > Self.maxHeaderBytes {
                    throw Failure(code: .headersTooLarge, message: "A multipart part's headers are too large.")
                }
                return false
            }
            guard end - view.startIndex <= Self.maxHeaderBytes else {
                throw Failure(code: .headersTooLarge, message: "A multipart part's headers are too large.")
            }
            let headers = try MultipartPartHeaders(block: Array(view[view.startIndex..<end]))
            pending.moveReaderIndex(to: end + skip)
            events.append(.part(headers))
            state = .content
            return true
        case .content:
            if let index = firstIndex(of: delimiter) {
                let length = index - pending.readerIndex
                if length > 0, let slice = pending.readSlice(length: length) { events.append(.content(slice)) }
                pending.moveReaderIndex(forwardBy: delimiter.count)
                events.append(.partEnd)
                state = .afterDelimiter
                return true
            }
            // All but what could be the start of a delimiter is content.
            let safe = pending.readableBytes - (delimiter.count - 1)
            if safe > 0, let slice = pending.readSlice(length: safe) { events.append(.content(slice)) }
            return false
        case .done:
            return false
        }
    }

    /// The absolute index of the first occurrence of `needle` in the pending bytes.
    ///
    /// The one unsafe function of the parser: `memchr` finds the candidates for the needle's first byte
    /// (CR) at memory speed and `memcmp` checks the rest, where a generic `firstIndex(of:)` costs
    /// about 0.7 µs a byte in a debug build (5 MiB/s uploads, measured). The parser's tests (every
    /// chunk size, Python's `email` package on random forms) are its reference.
    private func firstIndex(of needle: [UInt8]) -> Int? {
        pending.withUnsafeReadableBytes { haystack -> Int? in
            guard let base = haystack.baseAddress, let first = needle.first, haystack.count >= needle.count else {
                return nil
            }
            let last = haystack.count - needle.count
            var start = 0
            while start <= last {
                guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + offset, needle, needle.count) == 0 { return pending.readerIndex + offset }
                start = offset + 1
            }
            return nil
        }
    }

    private func malformed(_ message: String) -> Failure { Failure(code: .malformed, message: message) }
}

/// The headers of one part: its form field name, file name and content type.
struct MultipartPartHeaders: Equatable {
    /// The form field (`Content-Disposition: form-data; name=…`).
    var name: String?
    /// The file name, for a file field (`filename=…`, or RFC 5987's `filename*=`).
    var filename: String?
    /// The part's `Content-Type`.
    var contentType: String?

    init(name: String?, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Parses a header block (lines separated by CRLF, without the blank line).
    init(block: [UInt8]) throws {
        var lines: [String] = []
        for raw in block.split(separator: 10, omittingEmptySubsequences: false) {
            var line = raw
            if line.last == 13 { line = line.dropLast() }
            let text = String(decoding: line, as: UTF8.self)
            // A folded line (obsolete, RFC 5322 §2.2.3) continues the previous header.
            if let first = text.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += " " + text.trimmingSpaces()
            } else {
                lines.append(text)
            }
        }
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartParser.Failure(code: .malformed, message: "A multipart part has a malformed header.")
            }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            switch name {
            case "content-disposition":
                guard let disposition = HeaderValue(value) else { continue }
                self.name = disposition.parameters["name"]
                self.filename = disposition.parameters["filename*"] ?? disposition.parameters["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
    }
}

/// A header value with parameters: `type; key=value; key="quoted \"value\""`.
struct HeaderValue {
    /// The part before the first `;`, trimmed.
    var value: String
    /// Parameters by lowercased name; `key*` (RFC 5987 `charset'lang'percent-encoded`) is decoded.
    var parameters: [String: String]

    init?(_ text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        func skipSpaces() { while let c = scalars.first, c == " " || c == "\t" { scalars.removeFirst() } }
        var head = ""
        while let c = scalars.first, c != ";" {
            head.unicodeScalars.append(c)
            scalars.removeFirst()
        }
        value = head.trimmingSpaces()
        parameters = [:]
        while scalars.first == ";" {
            scalars.removeFirst()
            skipSpaces()
            var key = ""
            while let c = scalars.first, c != "=", c != ";" {
                key.unicodeScalars.append(c)
                scalars.removeFirst()
            }
            key = key.trimmingSpaces().lowercased()
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            skipSpaces()
            var parameter = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                var closed = false
                while let c = scalars.popFirst() {
                    if c == "\\", let escaped = scalars.popFirst() {
                        parameter.unicodeScalars.append(escaped)
                    } else if c == "\"" {
                        closed = true
                        break
                    } else {
                        parameter.unicodeScalars.append(c)
                    }
                }
                guard closed else { return nil }
                while let c = scalars.first, c != ";" { scalars.removeFirst() }
            } else {
                while let c = scalars.first, c != ";" {
                    parameter.unicodeScalars.append(c)
                    scalars.removeFirst()
                }
                parameter = parameter.trimmingSpaces()
            }
            if key.hasSuffix("*") {
                guard let decoded = Self.extendedValue(parameter) else { continue }
                parameter = decoded
            }
            if !key.isEmpty, parameters[key] == nil { parameters[key] = parameter }
        }
    }

    /// RFC 5987's `charset'language'value`, UTF-8 (or ASCII) only.
    private static func extendedValue(_ text: String) -> String? {
        let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, ["utf-8", "us-ascii"].contains(pieces[0].lowercased()) else { return nil }
        var bytes: [UInt8] = []
        var utf8 = pieces[2].utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start...end])
        return String(result)
    }
}
