import Foundation
import TrueReachCore

/// One CSV data row with its header, for readers that look fields up by name.
struct CSVRow {
    var line: Int
    var header: [String: Int]
    var fields: [String]

    subscript(_ name: String) -> String? {
        guard let i = header[name], i < fields.count else { return nil }
        let v = fields[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty || v == "NULL" || v == "N/A" ? nil : v
    }

    /// A count: a whole number, tolerating `198,282` thousands separators; throws the field name when
    /// malformed or negative (a negative count is not a count, `docs/formats.md`).
    func int(_ name: String) throws(CSVFieldError) -> Int? {
        guard let text = self[name] else { return nil }
        let digits = text.replacingOccurrences(of: ",", with: "")
        var number: Int?
        if let n = Int(digits) {
            number = n
        } else if let d = Double(digits), d.rounded() == d, abs(d) < 9e15 {
            number = Int(d)
        }
        guard let number else { throw CSVFieldError(field: name, reason: "expected a whole number") }
        guard number >= 0 else { throw CSVFieldError(field: name, reason: "negative count") }
        return number
    }
}

struct CSVFieldError: Error {
    var field: String
    var reason: String
}

enum CSVTable {
    /// Streams the rows of a delimited file with a header; the delimiter (`,`, `;` or tab) is taken from the header.
    static func forEachRow(_ path: String, _ body: (CSVRow) throws -> Void, malformed: (Int) -> Void) throws {
        var header: [String: Int]?
        var delimiter: Character = ","
        var pending = ""
        var pendingLine = 0
        try InputFile.forEachLine(path) { number, text in
            if header == nil {
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return }
                let counts = [",", ";", "\t"].map { d in (d, text.filter { String($0) == d }.count) }
                delimiter = Character(counts.max(by: { $0.1 < $1.1 })?.0 ?? ",")
                let names = InputFile.csvFields(text, delimiter: delimiter) ?? []
                var map: [String: Int] = [:]
                for (i, n) in names.enumerated() where map[n.trimmingCharacters(in: .whitespaces)] == nil {
                    map[n.trimmingCharacters(in: .whitespaces)] = i
                }
                header = map
                return
            }
            let record = pending.isEmpty ? text : pending + "\n" + text
            if pending.isEmpty { pendingLine = number }
            // A quoted field may hold a newline: keep reading until the quotes balance.
            if record.filter({ $0 == "\"" }).count % 2 == 1 {
                pending = record
                return
            }
            pending = ""
            if record.trimmingCharacters(in: .whitespaces).isEmpty { return }
            guard let header, let fields = InputFile.csvFields(record, delimiter: delimiter) else {
                malformed(pendingLine)
                return
            }
            try body(CSVRow(line: pendingLine, header: header, fields: fields))
        }
        if !pending.isEmpty { malformed(pendingLine) }
    }
}

extension PostReader {
    /// The UCI Facebook page metrics table; rows have no date, so ids are row numbers in file order (newest first).
    static func readFacebookPage(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        let page = AccountID(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        var row = 0
        try CSVTable.forEachRow(path) { r in
            row += 1
            do {
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
            } catch let e as CSVFieldError {
                batch.issues.append(issue(path, r.line, e.field, e.reason))
            }
        } malformed: { line in
            batch.issues.append(issue(path, line, nil, "malformed CSV record"))
        }
        return batch
    }

    /// `Live.csv`: reactions, comments and shares of Thai sellers' posts; the page id prefixes `status_id`.
    static func readLiveSellers(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        try CSVTable.forEachRow(path) { r in
            do {
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
                        platform: .facebook, id: PostID(status), author: AccountID(page), createdAt: created,
                        likes: try r.int("num_reactions"), replies: try r.int("num_comments"),
                        reposts: try r.int("num_shares"), format: format), file: path, line: r.line)
            } catch let e as CSVFieldError {
                batch.issues.append(issue(path, r.line, e.field, e.reason))
            }
        } malformed: { line in
            batch.issues.append(issue(path, line, nil, "malformed CSV record"))
        }
        return batch
    }

    /// InstaFake `automated-v1.0`: one object per account with per-post arrays; accounts are numbered in file order.
    static func readInstafake(_ path: String) throws -> PostBatch {
        let bytes = try InputFile.bytes(path)
        var batch = PostBatch()
        for (index, element) in try InputFile.arrayElements(bytes, path: path).enumerated() {
            let line = element.line
            guard let a = JSONValue.object(element.value) else {
                batch.issues.append(issue(path, line, nil, "not a JSON object"))
                continue
            }
            let author = AccountID("instafake-\(index + 1)")
            let likes = (JSONValue.array(a["mediaLikeNumbers"]) ?? []).map(JSONValue.int)
            let comments = (JSONValue.array(a["mediaCommentNumbers"]) ?? []).map(JSONValue.int)
            let disabled = (JSONValue.array(a["mediaCommentsAreDisabled"]) ?? []).map(JSONValue.int)
            let times = (JSONValue.array(a["mediaUploadTimes"]) ?? []).map(JSONValue.int)
            guard likes.count == times.count, comments.count == times.count else {
                batch.issues.append(issue(path, line, "mediaUploadTimes", "per-post arrays differ in length"))
                continue
            }
            let followers = JSONValue.int(a["userFollowerCount"])
            let account = Account(
                platform: .instagram, id: author, followersCount: followers,
                followingCount: JSONValue.int(a["userFollowingCount"]),
                postsCount: JSONValue.int(a["userMediaCount"]))
            if PostBatch.negativeCount(account) != nil {
                let field = ["userFollowerCount", "userFollowingCount", "userMediaCount"].first {
                    (JSONValue.int(a[$0]) ?? 0) < 0
                }
                batch.issues.append(issue(path, line, field, "negative count"))
                continue
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
        return batch
    }

    /// Canonical posts as JSON lines (or one JSON array of posts).
    static func readCanonicalJSON(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        let decoder = canonicalDecoder()
        try forEachJSONRecord(path) { line, data in
            do {
                batch.add(
                    try decoder.decode(Post.self, from: data), file: path, line: line)
            } catch {
                batch.issues.append(issue(path, line, decodingField(error), "not a valid post record"))
            }
        }
        return batch
    }

    /// Canonical interactions as JSON lines.
    static func readInteractionsJSON(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        let decoder = canonicalDecoder()
        try forEachJSONRecord(path) { line, data in
            do {
                batch.interactions.append(try decoder.decode(Interaction.self, from: data))
                batch.records += 1
            } catch {
                batch.issues.append(issue(path, line, decodingField(error), "not a valid interaction record"))
            }
        }
        return batch
    }

    /// Canonical posts CSV: ``Post/CodingKeys`` as headers; `links` and `tags` hold `|`-separated lists.
    static func readCanonicalCSV(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        try CSVTable.forEachRow(path) { r in
            do {
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
                        platform: platform, id: PostID(id), author: AccountID(author), createdAt: created, kind: kind,
                        text: r["text"], links: list("links"), mediaCount: try r.int("media_count") ?? 0,
                        tags: list("tags"),
                        likes: try r.int("likes"), replies: try r.int("replies"), reposts: try r.int("reposts"),
                        quotes: try r.int("quotes"), saves: try r.int("saves"), clicks: try r.int("clicks"),
                        impressions: try r.int("impressions"), reach: try r.int("reach"),
                        followersAtPosting: try r.int("followers_at_posting"), format: format,
                        engagedUsers: try r.int("engaged_users")), file: path, line: r.line)
            } catch let e as CSVFieldError {
                batch.issues.append(issue(path, r.line, e.field, e.reason))
            }
        } malformed: { line in
            batch.issues.append(issue(path, line, nil, "malformed CSV record"))
        }
        return batch
    }

    /// Canonical interactions CSV: `platform,post,account,kind[,created_at,text]`.
    static func readInteractionsCSV(_ path: String) throws -> PostBatch {
        var batch = PostBatch()
        try CSVTable.forEachRow(path) { r in
            do {
                guard let platform = r["platform"].flatMap(Platform.init(rawValue:)) else {
                    throw CSVFieldError(field: "platform", reason: "missing or unknown platform")
                }
                guard let post = r["post"] else { throw CSVFieldError(field: "post", reason: "missing post id") }
                guard let account = r["account"] else {
                    throw CSVFieldError(field: "account", reason: "missing account")
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
                        platform: platform, post: PostID(post), account: AccountID(account), kind: kind,
                        createdAt: created, text: r["text"]))
                batch.records += 1
            } catch let e as CSVFieldError {
                batch.issues.append(issue(path, r.line, e.field, e.reason))
            }
        } malformed: { line in
            batch.issues.append(issue(path, line, nil, "malformed CSV record"))
        }
        return batch
    }

    // MARK: - Helpers

    static func forEachJSONRecord(_ path: String, _ body: (Int, Data) -> Void) throws {
        let source = try ByteSource(path: path)
        let head = try source.read(path: path) ?? []
        source.close()
        if InputFile.firstSignificantByte(head)?.0 == UInt8(ascii: "[") {
            let bytes = try InputFile.bytes(path)
            for (line, value) in try InputFile.arrayElements(bytes, path: path) {
                let data = value.flatMap { try? JSONSerialization.data(withJSONObject: $0) } ?? Data()
                body(line, data)
            }
            return
        }
        try InputFile.forEachLine(path) { line, text in
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            body(line, Data(text.utf8))
        }
    }

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
