import Foundation
public import TrueReachCore

/// Reads follower lists: Instagram "Download your information" followers files (the
/// `relationships_followers` wrapper, the bare list, `followers_1.json`, entries with `value` or only
/// `title`/`href`), the X archive `follower.js`, Mastodon account arrays, Bluesky `getFollowers` pages,
/// and a canonical CSV `account[,followed_at]` (or a plain list, one account a line).
///
/// Every shape streams from a file or any stream: arrays element by element (a wrapper object's list
/// is the array of its first member named `relationships_…`, `followers` or `accounts`, framed inside
/// the object), tables line by line. An entry that cannot be read becomes an ``IngestIssue`` and is
/// skipped under the policy of an ``IngestConfiguration`` (`maxErrors`, `strict`).
public enum FollowerSnapshotReader {
    /// Reads one snapshot file (`-`: standard input).
    ///
    /// - Returns: the snapshot (named after the file) and the entries that could not be read.
    /// - Throws: ``IngestError``, as ``read(_:configuration:)`` does.
    public static func read(
        path: String,
        configuration: IngestConfiguration = .init()
    ) throws -> (snapshot: FollowerSnapshot, issues: [IngestIssue]) {
        var stream = SnapshotStream(name: path, configuration: configuration)
        return try stream.read(path: path)
    }

    /// Reads any input (a file, standard input, a stream of chunks), entry by entry.
    ///
    /// - Parameters:
    ///   - input: what to read; the snapshot is named after ``IngestInput/name`` (its last two path
    ///     components), as are issues and errors.
    ///   - configuration: the issue policy (``IngestConfiguration/maxErrors``, ``IngestConfiguration/strict``).
    /// - Returns: the snapshot and the entries that could not be read.
    /// - Throws: ``IngestError``: `.fileNotFound`, `.unreadable`, `.emptyInput`, `.unknownFormat` (a JSON
    ///   object without a follower list), `.truncated`, `.invalidRecord` when strict, `.tooManyIssues`
    ///   past `maxErrors`, and `.noReadableRecords` when it has entries but not one could be read.
    /// - Complexity: O(n) in the input size; memory O(entries kept).
    public static func read(
        _ input: IngestInput,
        configuration: IngestConfiguration = .init()
    ) async throws -> (snapshot: FollowerSnapshot, issues: [IngestIssue]) {
        var stream = SnapshotStream(name: input.name, configuration: configuration)
        return try await stream.read(input)
    }

    /// One follower from any of the JSON shapes.
    static func entry(_ value: Any?) -> FollowerEntry? {
        guard let object = JSONValue.object(value) else { return nil }
        if let follower = JSONValue.object(object["follower"]), let id = JSONValue.string(follower["accountId"]) {
            return FollowerEntry(profile: ProfileID(id))
        }
        if let data = JSONValue.array(object["string_list_data"]), let first = JSONValue.object(data.first) {
            let title = JSONValue.string(object["title"]).flatMap { $0.isEmpty ? nil : $0 }
            let fromHref = JSONValue.string(first["href"]).flatMap { href -> String? in
                let last = href.split(separator: "/").last.map(String.init)
                return last?.isEmpty == false ? last : nil
            }
            guard let name = JSONValue.string(first["value"]) ?? title ?? fromHref else { return nil }
            let timestamp = JSONValue.int(first["timestamp"]).map { Date(timeIntervalSince1970: Double($0)) }
            return FollowerEntry(profile: ProfileID(name), followedAt: timestamp)
        }
        if let did = JSONValue.string(object["did"]) { return FollowerEntry(profile: ProfileID(did)) }
        if let id = JSONValue.string(object["id"]) { return FollowerEntry(profile: ProfileID(id)) }
        return nil
    }
}
