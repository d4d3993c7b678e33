import Foundation
import TrueReachCore

/// A typed value for one ``Profile`` field, set by key.
enum FieldValue: Sendable, Hashable {
    case text(String)
    case int(Int)
    case bool(Bool)
    case date(Date)
}

extension Profile {
    /// Sets the field named by `key`; a value of the wrong kind for that field is ignored (a mapping bug,
    /// caught by the mapping tests).
    mutating func assign(_ value: FieldValue, to key: Profile.CodingKeys) {
        switch (key, value) {
        case (.handle, .text(let v)): handle = v
        case (.displayName, .text(let v)): displayName = v
        case (.bio, .text(let v)): bio = v
        case (.url, .text(let v)): url = v
        case (.location, .text(let v)): location = v
        case (.language, .text(let v)): language = v
        case (.id, .text(let v)): id = ProfileID(v)
        case (.followersCount, .int(let v)): followersCount = v
        case (.followingCount, .int(let v)): followingCount = v
        case (.postsCount, .int(let v)): postsCount = v
        case (.likesCount, .int(let v)): likesCount = v
        case (.listsCount, .int(let v)): listsCount = v
        case (.handleLength, .int(let v)): handleLength = v
        case (.handleDigits, .int(let v)): handleDigits = v
        case (.displayNameLength, .int(let v)): displayNameLength = v
        case (.displayNameDigits, .int(let v)): displayNameDigits = v
        case (.bioLength, .int(let v)): bioLength = v
        case (.createdAt, .date(let v)): createdAt = v
        case (.capturedAt, .date(let v)): capturedAt = v
        case (.lastPostAt, .date(let v)): lastPostAt = v
        case (.verified, .bool(let v)): verified = v
        case (.defaultAvatar, .bool(let v)): defaultAvatar = v
        case (.defaultProfile, .bool(let v)): defaultProfile = v
        case (.backgroundImage, .bool(let v)): backgroundImage = v
        case (.private, .bool(let v)): self.private = v
        case (.bot, .bool(let v)): bot = v
        case (.hasURL, .bool(let v)): hasURL = v
        default: break
        }
    }
}
