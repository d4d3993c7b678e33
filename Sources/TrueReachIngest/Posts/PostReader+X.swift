import Foundation
import TrueReachCore

extension PostReader {
    /// One element of an X archive `tweets.js` (`{"tweet": {...}}`); the author is the archive's owner.
    static func addArchiveTweet(_ value: Any?, line: Int, owner: ProfileID?, file: String, to batch: inout PostBatch) {
        guard let wrapper = JSONValue.object(value), let tweet = JSONValue.object(wrapper["tweet"] ?? wrapper) else {
            batch.issues.append(issue(file, line, "tweet", "expected an object with a \"tweet\" object"))
            return
        }
        switch tweetPost(tweet, author: owner) {
        case .success(let post): batch.add(post, file: file, line: line)
        case .failure(let failure): batch.issues.append(issue(file, line, failure.field, failure.reason))
        }
    }

    /// One X API v1.1 tweet object, with its `user` as the author's snapshot.
    static func addAPITweet(_ value: Any?, line: Int, file: String, to batch: inout PostBatch) {
        guard let tweet = JSONValue.object(value) else {
            batch.issues.append(issue(file, line, nil, "not a JSON object"))
            return
        }
        let user = JSONValue.object(tweet["user"])
        let author = (JSONValue.string(user?["id_str"]) ?? JSONValue.string(user?["id"])).map { ProfileID($0) }
        switch tweetPost(tweet, author: author) {
        case .success(let post):
            let snapshot = author.flatMap { author in
                user.map { user in
                    Profile(
                        platform: .twitter, id: author, handle: JSONValue.string(user["screen_name"]),
                        followersCount: JSONValue.int(user["followers_count"]),
                        followingCount: JSONValue.int(user["friends_count"]))
                }
            }
            batch.add(post, author: snapshot, authorField: "user", file: file, line: line)
        case .failure(let failure):
            batch.issues.append(issue(file, line, failure.field, failure.reason))
        }
    }

    /// An X API v1.1 input that is neither an array nor JSON lines with a complete first line: one
    /// tweet object (a pretty-printed `statuses/show`), or else lines after all.
    static func addAPIDocument(_ bytes: ArraySlice<UInt8>, file: String, to batch: inout PostBatch) {
        if let whole = try? JSONSerialization.jsonObject(with: Data(bytes)) {
            addAPITweet(whole, line: 1, file: file, to: &batch)
            return
        }
        var line = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            addAPITweet(try? JSONSerialization.jsonObject(with: Data(raw)), line: line, file: file, to: &batch)
        }
    }

    struct RecordFailure: Error {
        var field: String
        var reason: String
    }

    /// One v1.1-shaped tweet (API or archive) as a post.
    static func tweetPost(_ t: [String: Any], author: ProfileID?) -> Result<Post, RecordFailure> {
        guard let id = JSONValue.string(t["id_str"]) ?? JSONValue.string(t["id"]) else {
            return .failure(RecordFailure(field: "id_str", reason: "missing tweet id"))
        }
        guard let author else { return .failure(RecordFailure(field: "user", reason: "missing author")) }
        let text = JSONValue.string(t["full_text"]) ?? JSONValue.string(t["text"])
        var kind = PostKind.original
        if t["retweeted_status"] != nil && !JSONValue.isNull(t["retweeted_status"])
            || (text?.hasPrefix("RT @") ?? false)
        {
            kind = .repost
        } else if !JSONValue.isNull(t["in_reply_to_status_id_str"]) || !JSONValue.isNull(t["in_reply_to_status_id"]) {
            kind = .reply
        } else if JSONValue.bool(t["is_quote_status"]) == true || !JSONValue.isNull(t["quoted_status_id_str"]) {
            kind = .quote
        }
        let entities = JSONValue.object(t["entities"])
        let extended = JSONValue.object(t["extended_entities"])
        let media = JSONValue.array(extended?["media"]) ?? JSONValue.array(entities?["media"]) ?? []
        let links = (JSONValue.array(entities?["urls"]) ?? []).compactMap {
            JSONValue.string(JSONValue.object($0)?["expanded_url"]) ?? JSONValue.string(JSONValue.object($0)?["url"])
        }
        let types = Set(media.compactMap { JSONValue.string(JSONValue.object($0)?["type"]) })
        var format: PostFormat = .text
        if types.count > 1 || media.count > 1 && types.contains("video") {
            format = .mixed
        } else if types.contains("video") || types.contains("animated_gif") {
            format = .video
        } else if types.contains("photo") {
            format = .photo
        } else if !links.isEmpty {
            format = .link
        }
        var created: Date?
        if let s = JSONValue.string(t["created_at"]) {
            guard let d = TimestampParser.parse(s) else {
                return .failure(RecordFailure(field: "created_at", reason: "unrecognised date"))
            }
            created = d
        }
        for key in ["favorite_count", "retweet_count"] where t[key] != nil && !JSONValue.isNull(t[key]) {
            if JSONValue.int(t[key]) == nil {
                return .failure(RecordFailure(field: key, reason: "expected a whole number"))
            }
        }
        return .success(
            Post(
                platform: .twitter, id: PostID(id), author: author, createdAt: created, kind: kind, text: text,
                links: links, mediaCount: media.count, likes: JSONValue.int(t["favorite_count"]),
                replies: JSONValue.int(t["reply_count"]), reposts: JSONValue.int(t["retweet_count"]),
                quotes: JSONValue.int(t["quote_count"]), format: format))
    }

    /// The `accountId` in `account.js` next to an archive file.
    static func archiveOwner(besides path: String) -> String? {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let candidate = dir.appendingPathComponent("account.js").path
        guard FileManager.default.fileExists(atPath: candidate), let bytes = try? InputFile.bytes(candidate),
            let elements = try? InputFile.arrayElements(bytes, path: candidate),
            let account = JSONValue.object(JSONValue.object(elements.first?.value)?["account"])
        else { return nil }
        return JSONValue.string(account["accountId"])
    }
}
