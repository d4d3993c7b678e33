import Foundation
public import TrueReachCore

/// Reads follower lists: Instagram "Download your information" followers files (the
/// `relationships_followers` wrapper, the bare list, `followers_1.json`, entries with `value` or only
/// `title`/`href`), the X archive `follower.js`, Mastodon account arrays, Bluesky `getFollowers` pages,
/// and a canonical CSV `account[,followed_at]` (or a plain list, one account a line).
public enum FollowerSnapshotReader {
    /// Reads one snapshot file.
    ///
    /// - Returns: the snapshot (named after the file) and the entries that could not be read.
    /// - Throws: ``IngestError`` when the file cannot be opened, is empty or is not a follower list, and
    ///   `.noReadableRecords` when it has entries but not one could be read.
    public static func read(path: String) throws -> (snapshot: FollowerSnapshot, issues: [IngestIssue]) {
        let bytes = try InputFile.bytes(path)
        guard let (first, offset) = InputFile.firstSignificantByte(bytes) else {
            throw IngestError(.emptyInput, "the file is empty", path: path)
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
            .lastPathComponent
        let label = parent.isEmpty ? name : "\(parent)/\(name)"
        var issues: [IngestIssue] = []
        var entries: [FollowerEntry] = []
        if bytes[offset...].starts(with: Array("window.YTD.".utf8)) || first == UInt8(ascii: "[") {
            for (line, value) in try InputFile.arrayElements(bytes, path: path) {
                if let entry = entry(value) {
                    entries.append(entry)
                } else {
                    issues.append(
                        IngestIssue(
                            file: path, line: line, field: "string_list_data", reason: "no account name in entry"))
                }
            }
        } else if first == UInt8(ascii: "{") {
            guard let root = JSONValue.object(try? JSONSerialization.jsonObject(with: Data(bytes))) else {
                throw IngestError(.unknownFormat, "not valid JSON", path: path)
            }
            let list =
                root.first(where: { $0.key.hasPrefix("relationships_") })?.value ?? root["followers"]
                ?? root["accounts"]
            guard let array = JSONValue.array(list) else {
                throw IngestError(.unknownFormat, "no follower list in this JSON object", path: path)
            }
            for (index, value) in array.enumerated() {
                if let entry = entry(value) {
                    entries.append(entry)
                } else {
                    issues.append(
                        IngestIssue(file: path, line: 1, field: "[\(index)]", reason: "no account name in entry"))
                }
            }
        } else {
            var header: [String]?
            try InputFile.forEachLine(path) { line, text in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { return }
                let fields = InputFile.csvFields(trimmed, delimiter: ",") ?? [trimmed]
                if header == nil {
                    let lower = fields.map { $0.lowercased() }
                    if lower.contains("account") || lower.contains("username") || lower.contains("id") {
                        header = lower
                        return
                    }
                    header = ["account"]
                }
                let cols = header ?? ["account"]
                let accountIndex =
                    cols.firstIndex(of: "account") ?? cols.firstIndex(of: "username") ?? cols.firstIndex(of: "id") ?? 0
                guard accountIndex < fields.count, !fields[accountIndex].isEmpty else {
                    issues.append(
                        IngestIssue(file: path, line: line, field: cols[accountIndex], reason: "missing account"))
                    return
                }
                var followedAt: Date?
                if let i = cols.firstIndex(of: "followed_at"), i < fields.count, !fields[i].isEmpty {
                    followedAt =
                        TimestampParser.parse(fields[i]) ?? Double(fields[i]).map { Date(timeIntervalSince1970: $0) }
                    if followedAt == nil {
                        issues.append(
                            IngestIssue(file: path, line: line, field: "followed_at", reason: "unrecognised date"))
                        return
                    }
                }
                entries.append(FollowerEntry(account: AccountID(fields[accountIndex]), followedAt: followedAt))
            }
        }
        try IngestError.requireReadable(records: entries.count, issues: issues, path: path)
        return (FollowerSnapshot(name: label, entries: entries), issues)
    }

    /// One follower from any of the JSON shapes.
    static func entry(_ value: Any?) -> FollowerEntry? {
        guard let object = JSONValue.object(value) else { return nil }
        if let follower = JSONValue.object(object["follower"]), let id = JSONValue.string(follower["accountId"]) {
            return FollowerEntry(account: AccountID(id))
        }
        if let data = JSONValue.array(object["string_list_data"]), let first = JSONValue.object(data.first) {
            let title = JSONValue.string(object["title"]).flatMap { $0.isEmpty ? nil : $0 }
            let fromHref = JSONValue.string(first["href"]).flatMap { href -> String? in
                let last = href.split(separator: "/").last.map(String.init)
                return last?.isEmpty == false ? last : nil
            }
            guard let name = JSONValue.string(first["value"]) ?? title ?? fromHref else { return nil }
            let timestamp = JSONValue.int(first["timestamp"]).map { Date(timeIntervalSince1970: Double($0)) }
            return FollowerEntry(account: AccountID(name), followedAt: timestamp)
        }
        if let did = JSONValue.string(object["did"]) { return FollowerEntry(account: AccountID(did)) }
        if let id = JSONValue.string(object["id"]) { return FollowerEntry(account: AccountID(id)) }
        return nil
    }
}
