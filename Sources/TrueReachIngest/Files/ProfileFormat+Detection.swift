import Foundation

extension ProfileFormat {
    /// Detects the format of an input from its first bytes (at least the first record, ideally).
    ///
    /// JSON (`[` or `{` first) is classified by the keys of its first object: `screen_name` is X v1.1
    /// (`{"created_at", "user"}` wrappers are the Bot Repository), `username` with `public_metrics` is
    /// X v2, `acct` is Mastodon, `did` with `handle` is Bluesky, `userFollowerCount` is InstaFake,
    /// `platform` with `id` is canonical. Anything else is read as a delimited table and classified by
    /// its header.
    ///
    /// - Parameter prefix: the first bytes of the input (a UTF-8 BOM is allowed).
    /// - Returns: the format, or `nil` when nothing matches.
    public static func detect(prefix: [UInt8]) -> ProfileFormat? {
        let bytes = Self.strippingBOM(prefix)
        guard let first = bytes.firstIndex(where: { !Self.isSpace($0) }) else { return nil }
        if bytes[first] == UInt8(ascii: "[") || bytes[first] == UInt8(ascii: "{") {
            return detectJSON(bytes, from: first)
        }
        guard let header = csvHeader(bytes) else { return nil }
        return classify(header: header.fields)
    }

    /// How the input's records are framed, given its format.
    static func framing(prefix: [UInt8], format: ProfileFormat) -> RecordFraming {
        let bytes = strippingBOM(prefix)
        if format.isTabular {
            return .csv(delimiter: csvHeader(bytes)?.delimiter ?? UInt8(ascii: ","))
        }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return .lines }
        if bytes[first] == UInt8(ascii: "[") { return .jsonArray }
        let lineEnd = bytes[first...].firstIndex(of: 0x0A) ?? bytes.endIndex
        let firstLine = Data(bytes[first..<lineEnd])
        if (try? JSONSerialization.jsonObject(with: firstLine)) != nil { return .lines }
        // A broken first line of JSON lines: the next non-empty line starts another object.
        if lineEnd < bytes.endIndex,
            let next = bytes[(lineEnd + 1)...].firstIndex(where: { !isSpace($0) }),
            bytes[next] == UInt8(ascii: "{")
        {
            let nextEnd = bytes[next...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if (try? JSONSerialization.jsonObject(with: Data(bytes[next..<nextEnd]))) != nil { return .lines }
        }
        return .document
    }

    static func strippingBOM(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        return bytes
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func detectJSON(_ bytes: [UInt8], from first: Int) -> ProfileFormat? {
        var record: [UInt8]?
        if bytes[first] == UInt8(ascii: "[") {
            var position = first + 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            if position < bytes.count, let end = JSONArrayFramer.valueEnd(bytes, from: position)?.end {
                record = Array(bytes[position..<end])
            }
        } else if let end = JSONArrayFramer.valueEnd(bytes, from: first)?.end {
            record = Array(bytes[first..<end])
        }
        if let record, let object = try? JSONSerialization.jsonObject(with: Data(record)) as? [String: Any] {
            return classify(object: object)
        }
        return classify(text: String(decoding: bytes.prefix(1 << 20), as: UTF8.self))
    }

    private static func classify(object: [String: Any]) -> ProfileFormat? {
        if let user = object["user"] as? [String: Any], classify(object: user) == .twitterV1 {
            return object["created_at"] != nil ? .twitterV1BotRepository : .twitterV1
        }
        if let profile = object["profile"] as? [String: Any], classify(object: profile) == .twitterV1 {
            return .twitterV1
        }
        for wrapper in ["users", "data", "profiles", "followers", "follows"] {
            if object["screen_name"] == nil, object["username"] == nil, object["did"] == nil,
                let list = object[wrapper] as? [Any]
            {
                guard let first = list.first as? [String: Any] else { return nil }
                return classify(object: first)
            }
        }
        if let data = object["data"] as? [String: Any] { return classify(object: data) }
        let keys = Set(object.keys)
        if keys.contains("screen_name") || keys.contains("id_str") { return .twitterV1 }
        if keys.contains("username"), keys.contains("public_metrics") || keys.contains("id"), !keys.contains("acct") {
            return .twitterV2
        }
        if keys.contains("acct") { return .mastodonAccount }
        if keys.contains("did"), keys.contains("handle") { return .blueskyProfile }
        if keys.contains("userFollowerCount") || keys.contains("usernameLength") { return .instafakeJSON }
        if keys.contains("platform"), keys.contains("id") { return .canonicalJSONL }
        return nil
    }

    /// A fallback for a first object too large for the prefix: look for telling keys.
    private static func classify(text: String) -> ProfileFormat? {
        if text.contains("\"screen_name\"") || text.contains("\"id_str\"") {
            let compact = text.replacingOccurrences(of: " ", with: "")
            return compact.hasPrefix("[{\"created_at\"") && compact.contains("\"user\":{")
                ? .twitterV1BotRepository : .twitterV1
        }
        if text.contains("\"public_metrics\"") { return .twitterV2 }
        if text.contains("\"acct\"") { return .mastodonAccount }
        if text.contains("\"did\"") { return .blueskyProfile }
        if text.contains("\"userFollowerCount\"") { return .instafakeJSON }
        if text.contains("\"platform\"") { return .canonicalJSONL }
        return nil
    }

    /// Classifies a table by its header (names compared as written, after trimming).
    static func classify(header: [String]) -> ProfileFormat? {
        let columns = Set(header.map { $0.trimmingCharacters(in: .whitespaces) })
        if columns.contains("platform"), columns.contains("id") { return .canonicalCSV }
        if columns.contains("screen_name"), columns.contains("account_created_at") || columns.contains("user_id") {
            return .tweetbotornotCSV
        }
        if columns.contains("screen_name"), columns.contains("id") { return .twitterUsersCSV }
        if columns.contains("profile pic"), columns.contains("#followers") { return .instagramKaggleCSV }
        if columns.contains("ID"), columns.contains("Followers"), columns.contains("Following") {
            return .instagramSeraphimCSV
        }
        if columns.contains("channel_info"), columns.contains("followers") { return .instagramInfluencersCSV }
        return nil
    }

    /// The first record of a delimited text, split with the most frequent of `,` `;` tab.
    static func csvHeader(_ bytes: [UInt8]) -> (fields: [String], delimiter: UInt8)? {
        var framer = CSVFramer()
        var spans: [RecordSpan] = []
        guard (try? framer.scan(bytes, from: 0, isEOF: true, limit: 1, into: &spans)) != nil,
            let span = spans.first
        else { return nil }
        let record = bytes[span.start..<span.end]
        let delimiter =
            [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].max { a, b in
                record.count(where: { $0 == a }) < record.count(where: { $0 == b })
            } ?? UInt8(ascii: ",")
        guard let fields = try? CSVRecordParser.fields(bytes, start: span.start, end: span.end, delimiter: delimiter)
        else { return nil }
        return (fields, delimiter)
    }
}
