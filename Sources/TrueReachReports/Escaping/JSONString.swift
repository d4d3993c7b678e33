/// Writes JSON string literals byte by byte (for the per-row hot path).
///
/// Escapes `"` and `\`, writes `\n`, `\r`, `\t`, `\b`, `\f` in short form and every other control
/// character below U+0020 as `\u00XX`. U+2028 and U+2029 are written as `\u2028` / `\u2029` so the
/// output is also valid JavaScript. Everything else is copied as UTF-8.
enum JSONString {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a quoted JSON string.
    static func append(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(utf8: $0, to: &buffer) }
    }

    /// Appends UTF-8 bytes as a quoted JSON string.
    static func append(utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        appendContent(utf8: utf8, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends the escaped content of a JSON string, without quotes.
    ///
    /// Copies runs of bytes that need no escaping in one `append` each: appending byte by byte
    /// (a uniqueness check per byte) was the row writer's main cost.
    static func appendContent(utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        let count = utf8.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
                index += 1
                continue
            }
            let isLineSeparator =
                byte == 0xE2 && index + 2 < count && utf8[index + 1] == 0x80
                && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
            if byte == 0xE2 && !isLineSeparator {
                index += 1
                continue
            }
            if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(byte)
            case 0x0A:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "n"))
            case 0x0D:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "r"))
            case 0x09:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "t"))
            case 0x08:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "b"))
            case 0x0C:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "f"))
            case 0xE2:
                // U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR
                buffer.append(contentsOf: lineSeparatorPrefix)
                buffer.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                index += 2
            default:
                buffer.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0x0F)],
                ])
            }
            index += 1
            runStart = index
        }
        if runStart < count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
    }

    private static let lineSeparatorPrefix: [UInt8] = Array("\\u202".utf8)
}
