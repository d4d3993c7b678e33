/// A validated ISO code of a language or a country: compared, printed and coded as its text.
public protocol OriginCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The code's letters.
    var rawValue: String { get }
    /// The code, or nil when `text` is not one.
    init?(_ text: some StringProtocol)
    /// `language` or `country`, for errors.
    static var kind: String { get }
}

extension OriginCode {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a \(Self.kind) code"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
