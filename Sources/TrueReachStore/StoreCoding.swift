import Foundation
import TrueReachCore

/// How every store encodes what it keeps as text or JSON, so a value means the same in each.
package enum StoreCoding {
    /// The encoder for stored audit reports: keys sorted, dates as seconds since 1970, non-finite
    /// numbers as strings.
    package static func reportEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        return encoder
    }

    /// The decoder matching ``reportEncoder()``.
    package static func reportDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        return decoder
    }

    /// The encoder for stored account records (posts, series, snapshots): their canonical keys,
    /// dates as seconds since 1970 so they round-trip exactly.
    package static func recordEncoder() -> JSONEncoder {
        let encoder = reportEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The decoder matching ``recordEncoder()``.
    package static func recordDecoder() -> JSONDecoder { reportDecoder() }

    /// A list of strings as a JSON array (any character survives, NUL included, as `\u0000`).
    package static func encodeList(_ list: [String]) -> String {
        guard let data = try? JSONEncoder().encode(list) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The list stored by ``encodeList(_:)``; empty when `text` is missing or not a JSON array.
    package static func decodeList(_ text: String?) -> [String] {
        guard let text, let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return list
    }
}

extension StoreCoding {
    /// A staged profile as ``recordEncoder()`` wrote it.
    ///
    /// - Throws: ``StoreError`` `.corruptData`.
    package static func decodeStagedProfile(_ body: String) throws -> Profile {
        do {
            return try recordDecoder().decode(Profile.self, from: Data(body.utf8))
        } catch {
            throw StoreError(code: .corruptData, message: "A staged profile could not be decoded.", underlying: error)
        }
    }
}
