import Foundation
import TrueReachCore

/// The fields of an X API v1.1 user object that ``Profile`` needs (the Codable path and the oracle
/// for ``TwitterV1Scanner``).
struct TwitterV1User: Decodable {
    var account: Profile

    init(from decoder: any Decoder) throws {
        try self.init(container: decoder.container(keyedBy: AnyKey.self))
    }

    /// Reads the user from an already opened container (JSONDecoder builds a key table per container).
    init(container c: KeyedDecodingContainer<AnyKey>) throws {
        // TwiBot files stringify every value with a trailing space ("False ", "692 ").
        let padded = c.isText(AnyKey("protected")) || c.isText(AnyKey("verified"))
        guard let id = try c.lenientID(AnyKey("id_str")) ?? c.lenientID(AnyKey("id")) else {
            throw DecodingError.keyNotFound(
                AnyKey("id_str"),
                .init(codingPath: c.codingPath, debugDescription: "missing required field")
            )
        }
        var account = Profile(platform: .twitter, id: ProfileID(id))
        account.handle = try c.lenientString(AnyKey("screen_name"), padded: padded)
        account.displayName = try c.lenientString(AnyKey("name"), padded: padded)
        account.bio = try c.lenientString(AnyKey("description"), padded: padded)
        account.followersCount = try c.lenientCount(AnyKey("followers_count"))
        account.followingCount = try c.lenientCount(AnyKey("friends_count"))
        account.postsCount = try c.lenientCount(AnyKey("statuses_count"))
        account.likesCount = try c.lenientCount(AnyKey("favourites_count"))
        account.listsCount = try c.lenientCount(AnyKey("listed_count"))
        account.createdAt = try c.lenientDate(AnyKey("created_at"))
        account.verified = try c.lenientBool(AnyKey("verified"))
        account.defaultAvatar = try c.lenientBool(AnyKey("default_profile_image"))
        account.defaultProfile = try c.lenientBool(AnyKey("default_profile"))
        account.backgroundImage = try c.lenientBool(AnyKey("profile_use_background_image"))
        account.private = try c.lenientBool(AnyKey("protected"))
        account.location = try c.lenientString(AnyKey("location"), padded: padded)
        account.language = try c.lenientString(AnyKey("lang"), padded: padded)
        let plainURL = try c.lenientString(AnyKey("url"), padded: padded)
        account.url = nonEmpty(Self.expandedURL(c)) ?? nonEmpty(plainURL)
        if c.contains(AnyKey("status")),
            let status = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("status"))
        {
            account.lastPostAt = try status.lenientDate(AnyKey("created_at"))
        }
        self.account = account
    }

    /// `entities.url.urls[0].expanded_url`, from the object or from TwiBot's Python-repr string.
    static func expandedURL(_ c: KeyedDecodingContainer<AnyKey>) -> String? {
        let key = AnyKey("entities")
        if let entities = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: key) {
            guard let url = try? entities.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("url")),
                var urls = try? url.nestedUnkeyedContainer(forKey: AnyKey("urls")), !urls.isAtEnd,
                let first = try? urls.nestedContainer(keyedBy: AnyKey.self)
            else { return nil }
            return (try? first.decodeIfPresent(String.self, forKey: AnyKey("expanded_url"))) ?? nil
        }
        guard let repr = try? c.decode(String.self, forKey: key), repr.hasPrefix("{'url': {'urls': [{"),
            let marker = repr.range(of: "'expanded_url': '")
        else { return nil }
        let rest = repr[marker.upperBound...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }
}

/// `nil` for `nil` or empty text.
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}
