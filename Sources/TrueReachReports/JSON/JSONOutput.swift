public import Foundation

/// The one JSON dialect of every document TrueReach writes: audit reports, analytics outputs,
/// evaluations and the API.
///
/// Keys are sorted and slashes are not escaped, so the same value always gives the same bytes;
/// dates are ISO 8601; a number that is not finite (a ratio over zero) is written as the string
/// `"inf"`, `"-inf"` or `"nan"`, and never as a made-up finite value. Quantities that are unknown
/// are `null` or absent, never 0.
public enum JSONOutput {
    /// The strings that stand for non-finite numbers.
    public static let positiveInfinity = "inf"
    public static let negativeInfinity = "-inf"
    public static let notANumber = "nan"

    /// An encoder for TrueReach's documents.
    ///
    /// - Parameter pretty: Indent (files and terminals) or not (HTTP bodies, JSON lines).
    /// - Returns: A new encoder.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: notANumber)
        return encoder
    }

    /// A decoder that reads what ``encoder(pretty:)`` writes.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: notANumber)
        return decoder
    }

    /// `value` as a document followed by a newline.
    public static func document(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self) + "\n"
    }
}
