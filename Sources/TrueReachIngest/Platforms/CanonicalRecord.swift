import Foundation
import TrueReachCore

/// One canonical JSON-lines record: a ``Profile`` in its own keys, plus optional `label` and `dataset`.
struct CanonicalRecord: Decodable {
    var account: Profile
    var label: String?
    var dataset: String?

    private enum ExtraKeys: String, CodingKey { case label, dataset }

    init(from decoder: any Decoder) throws {
        account = try Profile(from: decoder)
        let counts: [(Profile.CodingKeys, Int?)] = [
            (.followersCount, account.followersCount), (.followingCount, account.followingCount),
            (.postsCount, account.postsCount), (.likesCount, account.likesCount), (.listsCount, account.listsCount),
            (.handleLength, account.handleLength), (.handleDigits, account.handleDigits),
            (.displayNameLength, account.displayNameLength), (.displayNameDigits, account.displayNameDigits),
            (.bioLength, account.bioLength),
        ]
        // A negative count is not a count: the record is an issue naming the field (docs/formats.md).
        for (key, value) in counts where (value ?? 0) < 0 {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [key], debugDescription: "negative count"))
        }
        let extra = try decoder.container(keyedBy: ExtraKeys.self)
        label = try extra.decodeIfPresent(String.self, forKey: .label)
        dataset = try extra.decodeIfPresent(String.self, forKey: .dataset)
    }

    /// A decoder set up for canonical timestamps (ISO 8601, as ``TimestampParser`` reads them).
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = TimestampParser.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unrecognised timestamp")
            }
            return date
        }
        return decoder
    }
}
