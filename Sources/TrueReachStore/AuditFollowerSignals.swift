import Foundation
import TrueReachCore

/// The stored form of an audit follower's signals, the same in every store: a JSON array of
/// `{code, contribution, text}` (keys sorted; NUL escaped as `\u0000`, so PostgreSQL text holds it).
package enum AuditFollowerSignals {
    /// The JSON text of `signals`.
    ///
    /// - Throws: ``StoreError`` `.databaseFailed` when a contribution cannot be encoded (not finite).
    package static func encode(_ signals: [Signal]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(signals), as: UTF8.self)
        } catch {
            throw StoreError(code: .databaseFailed, message: "Cannot encode a follower's signals.", underlying: error)
        }
    }

    /// The signals of a stored JSON text.
    ///
    /// The exact form ``encode(_:)`` writes is read by a one-pass reader (`JSONDecoder` cost an
    /// explorer page 15% of its time); any other JSON falls back to `JSONDecoder`.
    ///
    /// - Throws: ``StoreError`` `.corruptData`.
    package static func decode(_ text: String) throws -> [Signal] {
        var text = text
        if let signals = text.withUTF8({ bytes in
            var reader = StoredFormReader(bytes: bytes)
            return reader.read()
        }) {
            return signals
        }
        do {
            return try JSONDecoder().decode([Signal].self, from: Data(text.utf8))
        } catch {
            throw StoreError(
                code: .corruptData, message: "A stored follower's signals cannot be decoded.", underlying: error)
        }
    }
}

/// Reads the stored form that ``AuditFollowerSignals/encode(_:)`` writes, and nothing else.
///
/// The form: `[`, then objects with exactly the keys `code`, `contribution`, `text` in that order,
/// no whitespace. ``read()`` answers `nil` for anything else.
private struct StoredFormReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func read() -> [Signal]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var signals: [Signal] = []
        if take(UInt8(ascii: "]")) { return index == bytes.count ? signals : nil }
        repeat {
            guard take(Self.codeKey), let code = string(), take(Self.contributionKey), let contribution = number(),
                take(Self.textKey), let text = string(), take(UInt8(ascii: "}"))
            else { return nil }
            signals.append(Signal(code: code, contribution: contribution, text: text))
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")), index == bytes.count else { return nil }
        return signals
    }

    private static let codeKey = Array(#"{"code":"#.utf8)
    private static let contributionKey = Array(#","contribution":"#.utf8)
    private static let textKey = Array(#","text":"#.utf8)

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func take(_ literal: [UInt8]) -> Bool {
        guard bytes.count - index >= literal.count else { return false }
        for (offset, byte) in literal.enumerated() where bytes[index + offset] != byte { return false }
        index += literal.count
        return true
    }

    /// A number as JSON writes it, read by `Double(_:)` (which rounds as `JSONDecoder` does).
    private mutating func number() -> Double? {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                guard index > start else { return nil }
                return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            }
        }
        return nil
    }

    /// A quoted string; escapes are decoded, a raw control character or a lone surrogate is refused.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var decoded: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            guard byte >= 0x20 else { return nil }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(scalar) {
                    guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                        (0xDC00...0xDFFF).contains(low)
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                decoded.append(contentsOf: String(Character(unicode)).utf8)
            default: return nil
            }
            runStart = index
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

extension AuditFollowerPage {
    /// The page from `fetched`, the query's `limit` + 1 rows at most: the extra row only tells that
    /// another page follows.
    package init(query: AuditFollowerQuery, fetched: [AuditFollower], total: Int) {
        var followers = fetched
        var next: AuditFollowerCursor?
        if followers.count > query.limit {
            followers.removeLast(followers.count - query.limit)
            if let last = followers.last {
                next = AuditFollowerCursor(after: last, audit: query.audit, sort: query.sort)
            }
        }
        self.init(followers: followers, next: next, total: total)
    }
}
