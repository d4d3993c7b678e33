import Foundation
import TrueReachCore

extension PostReader {
    /// A row of the UCI Facebook page metrics table; rows have no date, so ids are row numbers in file
    /// order (newest first), and the page is named after the file.
    static func addFacebookPageRow(_ r: CSVRow, row: Int, page: ProfileID, file path: String, to batch: inout PostBatch)
    {
        do throws(CSVFieldError) {
            var tags: [String] = []
            if let paid = try r.int("Paid") { tags.append(paid == 1 ? "paid" : "organic") }
            if let category = r["Category"] { tags.append("category-\(category)") }
            let format: PostFormat? =
                switch r["Type"]?.lowercased() {
                case "photo": .photo
                case "video": .video
                case "link": .link
                case "status": .text
                default: nil
                }
            guard let followers = try r.int("Page total likes") else {
                throw CSVFieldError(field: "Page total likes", reason: "missing follower count")
            }
            batch.add(
                Post(
                    platform: .facebook, id: PostID("row-\(pad(row))"), author: page, kind: .original,
                    tags: tags, likes: try r.int("like"), replies: try r.int("comment"),
                    reposts: try r.int("share"),
                    impressions: try r.int("Lifetime Post Total Impressions"),
                    reach: try r.int("Lifetime Post Total Reach"), followersAtPosting: followers, format: format,
                    engagedUsers: try r.int("Lifetime Engaged Users")), file: path, line: r.line)
        } catch let e {
            batch.issues.append(issue(path, r.line, e.field, e.reason))
        }
    }

    /// A row of `Live.csv`: reactions, comments and shares of Thai sellers' posts; the page id prefixes `status_id`.
    static func addLiveSellersRow(_ r: CSVRow, file path: String, to batch: inout PostBatch) {
        do throws(CSVFieldError) {
            guard let status = r["status_id"] else { throw CSVFieldError(field: "status_id", reason: "missing id") }
            let page = status.split(separator: "_").first.map(String.init) ?? status
            guard let published = r["status_published"], let created = usDate(published) else {
                throw CSVFieldError(field: "status_published", reason: "expected M/D/YYYY H:MM")
            }
            let format: PostFormat? =
                switch r["status_type"] {
                case "photo": .photo
                case "video": .video
                case "link": .link
                case "status": .text
                default: nil
                }
            batch.add(
                Post(
                    platform: .facebook, id: PostID(status), author: ProfileID(page), createdAt: created,
                    likes: try r.int("num_reactions"), replies: try r.int("num_comments"),
                    reposts: try r.int("num_shares"), format: format), file: path, line: r.line)
        } catch let e {
            batch.issues.append(issue(path, r.line, e.field, e.reason))
        }
    }

    /// One InstaFake `automated-v1.0` account object with per-post arrays; accounts are numbered in
    /// input order (`index` is 0-based).
    static func addInstafakeAccount(_ value: Any?, index: Int, line: Int, file path: String, to batch: inout PostBatch)
    {
        guard let a = JSONValue.object(value) else {
            batch.issues.append(issue(path, line, nil, "not a JSON object"))
            return
        }
        let author = ProfileID("instafake-\(index + 1)")
        let likes = (JSONValue.array(a["mediaLikeNumbers"]) ?? []).map(JSONValue.int)
        let comments = (JSONValue.array(a["mediaCommentNumbers"]) ?? []).map(JSONValue.int)
        let disabled = (JSONValue.array(a["mediaCommentsAreDisabled"]) ?? []).map(JSONValue.int)
        let times = (JSONValue.array(a["mediaUploadTimes"]) ?? []).map(JSONValue.int)
        guard likes.count == times.count, comments.count == times.count else {
            batch.issues.append(issue(path, line, "mediaUploadTimes", "per-post arrays differ in length"))
            return
        }
        let followers = JSONValue.int(a["userFollowerCount"])
        let account = Profile(
            platform: .instagram, id: author, followersCount: followers,
            followingCount: JSONValue.int(a["userFollowingCount"]),
            postsCount: JSONValue.int(a["userMediaCount"]))
        if PostBatch.negativeCount(account) != nil {
            let field = ["userFollowerCount", "userFollowingCount", "userMediaCount"].first {
                (JSONValue.int(a[$0]) ?? 0) < 0
            }
            batch.issues.append(issue(path, line, field, "negative count"))
            return
        }
        batch.authors.append(account)
        for j in times.indices {
            let commentsOff = j < disabled.count && disabled[j] == 1
            batch.add(
                Post(
                    platform: .instagram, id: PostID("\(author.rawValue)-\(pad(j + 1))"), author: author,
                    createdAt: times[j].map { Date(timeIntervalSince1970: Double($0)) },
                    likes: likes[j], replies: commentsOff ? nil : comments[j]), file: path, line: line)
        }
    }

    /// One canonical post (a JSON line or array element).
    static func addCanonicalPost(
        _ data: Data, line: Int, decoder: JSONDecoder, file path: String, to batch: inout PostBatch
    ) {
        do {
            batch.add(try decoder.decode(Post.self, from: data), file: path, line: line)
        } catch {
            batch.issues.append(issue(path, line, decodingField(error), "not a valid post record"))
        }
    }

    /// One canonical interaction (a JSON line or array element).
    static func addCanonicalInteraction(
        _ data: Data, line: Int, decoder: JSONDecoder, file path: String, to batch: inout PostBatch
    ) {
        do {
            batch.interactions.append(try decoder.decode(Interaction.self, from: data))
            batch.records += 1
        } catch {
            batch.issues.append(issue(path, line, decodingField(error), "not a valid interaction record"))
        }
    }

    /// A row of canonical posts CSV: ``Post/CodingKeys`` as headers; `links` and `tags` hold `|`-separated lists.
    static func addCanonicalCSVRow(_ r: CSVRow, file path: String, to batch: inout PostBatch) {
        do throws(CSVFieldError) {
            guard let platformText = r["platform"], let platform = Platform(rawValue: platformText) else {
                throw CSVFieldError(field: "platform", reason: "missing or unknown platform")
            }
            guard let id = r["id"] else { throw CSVFieldError(field: "id", reason: "missing id") }
            guard let author = r["author"] else { throw CSVFieldError(field: "author", reason: "missing author") }
            var created: Date?
            if let text = r["created_at"] {
                guard let d = TimestampParser.parse(text) else {
                    throw CSVFieldError(field: "created_at", reason: "unrecognised date")
                }
                created = d
            }
            var kind = PostKind.original
            if let text = r["kind"] {
                guard let k = PostKind(rawValue: text) else {
                    throw CSVFieldError(field: "kind", reason: "unknown kind")
                }
                kind = k
            }
            var format: PostFormat?
            if let text = r["format"] {
                guard let f = PostFormat(rawValue: text) else {
                    throw CSVFieldError(field: "format", reason: "unknown format")
                }
                format = f
            }
            func list(_ name: String) -> [String] {
                (r[name] ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
            batch.add(
                Post(
                    platform: platform, id: PostID(id), author: ProfileID(author), createdAt: created, kind: kind,
                    text: r["text"], links: list("links"), mediaCount: try r.int("media_count") ?? 0,
                    tags: list("tags"),
                    likes: try r.int("likes"), replies: try r.int("replies"), reposts: try r.int("reposts"),
                    quotes: try r.int("quotes"), saves: try r.int("saves"), clicks: try r.int("clicks"),
                    impressions: try r.int("impressions"), reach: try r.int("reach"),
                    followersAtPosting: try r.int("followers_at_posting"), format: format,
                    engagedUsers: try r.int("engaged_users")), file: path, line: r.line)
        } catch let e {
            batch.issues.append(issue(path, r.line, e.field, e.reason))
        }
    }

    /// A row of canonical interactions CSV: `platform,post,account,kind[,created_at,text]`.
    static func addInteractionsCSVRow(_ r: CSVRow, file path: String, to batch: inout PostBatch) {
        do throws(CSVFieldError) {
            guard let platform = r["platform"].flatMap(Platform.init(rawValue:)) else {
                throw CSVFieldError(field: "platform", reason: "missing or unknown platform")
            }
            guard let post = r["post"] else { throw CSVFieldError(field: "post", reason: "missing post id") }
            // `profile` names who acted; `account` is its earlier name, still read.
            guard let profile = r["profile"] ?? r["account"] else {
                throw CSVFieldError(field: "profile", reason: "missing profile")
            }
            guard let kind = r["kind"].flatMap(InteractionKind.init(rawValue:)) else {
                throw CSVFieldError(field: "kind", reason: "missing or unknown kind")
            }
            var created: Date?
            if let text = r["created_at"] {
                guard let d = TimestampParser.parse(text) else {
                    throw CSVFieldError(field: "created_at", reason: "unrecognised date")
                }
                created = d
            }
            batch.interactions.append(
                Interaction(
                    platform: platform, post: PostID(post), profile: ProfileID(profile), kind: kind,
                    createdAt: created, text: r["text"]))
            batch.records += 1
        } catch let e {
            batch.issues.append(issue(path, r.line, e.field, e.reason))
        }
    }

    // MARK: - Helpers

    static func canonicalDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            let c = try d.singleValueContainer()
            if let seconds = try? c.decode(Double.self) { return Date(timeIntervalSince1970: seconds) }
            let text = try c.decode(String.self)
            guard let date = TimestampParser.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "unrecognised date")
            }
            return date
        }
        return decoder
    }

    static func decodingField(_ error: any Error) -> String? {
        guard let e = error as? DecodingError else { return nil }
        switch e {
        case .keyNotFound(let key, _): return key.stringValue
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return c.codingPath.last?.stringValue
        @unknown default: return nil
        }
    }

    /// `M/D/YYYY H:MM` (US order, UTC).
    static func usDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard let datePart = parts.first else { return nil }
        let d = datePart.split(separator: "/").compactMap { Int($0) }
        guard d.count == 3, let day = CalendarDay(year: d[2], month: d[0], day: d[1]) else { return nil }
        var seconds = 0
        if parts.count > 1 {
            let t = parts[1].split(separator: ":").compactMap { Int($0) }
            guard t.count >= 2, (0..<24).contains(t[0]), (0..<60).contains(t[1]) else { return nil }
            seconds = t[0] * 3600 + t[1] * 60 + (t.count > 2 ? t[2] : 0)
        }
        return Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86_400 + seconds))
    }

    static func pad(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }
}
