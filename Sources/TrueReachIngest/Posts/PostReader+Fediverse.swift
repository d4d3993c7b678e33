import Foundation
import TrueReachCore

extension PostReader {
    /// One Mastodon `Status` entity (an element of a statuses page, or a single status).
    static func addMastodonStatus(_ value: Any?, line: Int, file path: String, to batch: inout PostBatch) {
        guard let s = JSONValue.object(value) else {
            batch.issues.append(issue(path, line, nil, "not a JSON object"))
            return
        }
        guard let id = JSONValue.string(s["id"]) else {
            batch.issues.append(issue(path, line, "id", "missing status id"))
            return
        }
        let account = JSONValue.object(s["account"])
        guard let author = JSONValue.string(account?["id"]) else {
            batch.issues.append(issue(path, line, "account.id", "missing author"))
            return
        }
        guard let created = date(s["created_at"]) else {
            batch.issues.append(issue(path, line, "created_at", "missing or unrecognised date"))
            return
        }
        var kind = PostKind.original
        if !JSONValue.isNull(s["reblog"]) {
            kind = .repost
        } else if !JSONValue.isNull(s["in_reply_to_id"]) || !JSONValue.isNull(s["in_reply_to_account_id"]) {
            kind = .reply
        } else if !JSONValue.isNull(s["quote"]) {
            kind = .quote
        }
        let media = JSONValue.array(s["media_attachments"]) ?? []
        let types = Set(media.compactMap { JSONValue.string(JSONValue.object($0)?["type"]) })
        let card = JSONValue.object(s["card"])
        var format: PostFormat = .text
        if types.count > 1 {
            format = .mixed
        } else if types.contains("video") || types.contains("gifv") {
            format = .video
        } else if types.contains("image") {
            format = .photo
        } else if card != nil {
            format = .link
        }
        let snapshot = account.map { account in
            Profile(
                platform: .mastodon, id: ProfileID(author), handle: JSONValue.string(account["acct"]),
                followersCount: JSONValue.int(account["followers_count"]),
                followingCount: JSONValue.int(account["following_count"]))
        }
        batch.add(
            Post(
                platform: .mastodon, id: PostID(id), author: ProfileID(author), createdAt: created, kind: kind,
                text: JSONValue.string(s["content"]).map(HTMLText.plainText),
                links: [JSONValue.string(card?["url"])].compactMap { $0 }, mediaCount: media.count,
                likes: JSONValue.int(s["favourites_count"]), replies: JSONValue.int(s["replies_count"]),
                reposts: JSONValue.int(s["reblogs_count"]), quotes: JSONValue.int(s["quotes_count"]),
                format: format), author: snapshot, authorField: "account", file: path, line: line)
    }

    /// One `feedViewPost` of a Bluesky `getAuthorFeed` page (`{"feed": [feedViewPost], "cursor": ...}`),
    /// the `index`-th of the feed array.
    static func addBlueskyItem(_ item: Any?, index: Int, line: Int, file path: String, to batch: inout PostBatch) {
        let where_ = "feed[\(index)]"
        guard let entry = JSONValue.object(item), let post = JSONValue.object(entry["post"]),
            let uri = JSONValue.string(post["uri"])
        else {
            batch.issues.append(issue(path, line, "\(where_).post.uri", "missing post or uri"))
            return
        }
        let record = JSONValue.object(post["record"]) ?? [:]
        let reason = JSONValue.object(entry["reason"])
        let isRepost = JSONValue.string(reason?["$type"])?.hasSuffix("reasonRepost") ?? false
        let authorDID =
            isRepost
            ? JSONValue.string(JSONValue.object(reason?["by"])?["did"])
            : JSONValue.string(JSONValue.object(post["author"])?["did"])
        guard let authorDID else {
            batch.issues.append(issue(path, line, "\(where_).post.author.did", "missing author"))
            return
        }
        let embedType = JSONValue.string(JSONValue.object(record["embed"])?["$type"]) ?? ""
        var kind = PostKind.original
        if isRepost {
            kind = .repost
        } else if record["reply"] != nil {
            kind = .reply
        } else if embedType.hasPrefix("app.bsky.embed.record") {
            kind = .quote
        }
        var format: PostFormat = .text
        switch embedType {
        case "app.bsky.embed.images": format = .photo
        case "app.bsky.embed.video": format = .video
        case "app.bsky.embed.external": format = .link
        case "app.bsky.embed.recordWithMedia": format = .mixed
        default: break
        }
        let external = JSONValue.object(JSONValue.object(record["embed"])?["external"])
        let images = JSONValue.array(JSONValue.object(record["embed"])?["images"]) ?? []
        let created = isRepost ? date(reason?["indexedAt"]) : date(record["createdAt"])
        batch.add(
            Post(
                platform: .bluesky, id: PostID(isRepost ? "\(uri)#repost-by-\(authorDID)" : uri),
                author: ProfileID(authorDID), createdAt: created, kind: kind,
                text: JSONValue.string(record["text"]),
                links: [JSONValue.string(external?["uri"])].compactMap { $0 },
                mediaCount: images.count, likes: JSONValue.int(post["likeCount"]),
                replies: JSONValue.int(post["replyCount"]), reposts: JSONValue.int(post["repostCount"]),
                quotes: JSONValue.int(post["quoteCount"]), format: format), file: path, line: line)
    }
}
