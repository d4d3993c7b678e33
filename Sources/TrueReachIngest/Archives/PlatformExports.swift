import Foundation
import TrueReachCore

/// What a platform export holds that TrueReach uses: who the account is, its followers (ids or
/// usernames, with follow times where given), and for X its posts.
///
/// Exports carry no follower profiles (no counts, dates or bios), so an audit of an export alone can
/// measure who joined and left and the engagement of the account's posts, but not the fake share or
/// true reach; those need profiles, fetched or joined from a profile table.
public struct PlatformExport: Sendable {
    /// The platform.
    public var platform: Platform
    /// The account's handle (username), when the export names it.
    public var handle: String?
    /// The account's id on the platform, when the export gives it.
    public var id: ProfileID?
    /// When the export was made, when it says (else the newest follow time stands in).
    public var generatedAt: Date?
    /// The follower list, as a snapshot of the export's time.
    public var followers: FollowerSnapshot
    /// The account's posts (X archives; `nil` when the export has none).
    public var posts: PostBatch?
    /// Entries and posts that could not be read.
    public var issues: [IngestIssue]
}

/// Reads X (Twitter) "Download an archive of your data" exports.
public enum XArchiveReader {
    /// Files that mark an X archive's root.
    static let markers = ["data/manifest.js", "data/account.js", "data/follower.js"]

    /// Reads the archive at `path` (its folder or zip): `data/manifest.js` for the parts and date,
    /// `data/account.js` for who it is, every `follower` part, and every `tweets` (or older `tweet`) part.
    ///
    /// - Throws: ``IngestError``: `.fileNotFound`, `.unknownFormat` (not an X archive, or one without a
    ///   follower list), and the readers' errors under the issue policy of `configuration`.
    public static func read(path: String, configuration: IngestConfiguration = .init()) async throws -> PlatformExport {
        let export = try ExportArchive(path: path, markers: markers)
        var manifest: [String: Any] = [:]
        if export.contains("data/manifest.js") {
            manifest = JSONValue.object(try jsonAfterAssignment(try await export.data("data/manifest.js"))) ?? [:]
        }
        func parts(_ types: [String], default name: String) -> [String] {
            let dataTypes = JSONValue.object(manifest["dataTypes"])
            for type in types {
                let files = JSONValue.array(JSONValue.object(dataTypes?[type])?["files"]) ?? []
                let names = files.compactMap { JSONValue.string(JSONValue.object($0)?["fileName"]) }
                let present = names.filter(export.contains)
                if !present.isEmpty { return present }
            }
            // No manifest (or it lists none): data/NAME.js and data/NAME-partN.js, in part order.
            let stem = "data/\(name)"
            let found = export.files.filter {
                $0 == stem + ".js" || ($0.hasPrefix(stem + "-part") && $0.hasSuffix(".js"))
            }
            return found.sorted { partNumber($0) < partNumber($1) }
        }

        var handle: String?
        var id: ProfileID?
        if export.contains("data/account.js"),
            let first = JSONValue.array(try jsonAfterAssignment(try await export.data("data/account.js")))?.first,
            let account = JSONValue.object(JSONValue.object(first)?["account"])
        {
            handle = JSONValue.string(account["username"])
            id = JSONValue.string(account["accountId"]).map { ProfileID($0) }
        }
        let user = JSONValue.object(manifest["userInfo"])
        handle = handle ?? JSONValue.string(user?["userName"])
        id = id ?? JSONValue.string(user?["accountId"]).map { ProfileID($0) }
        let generatedAt = JSONValue.string(JSONValue.object(manifest["archiveInfo"])?["generationDate"])
            .flatMap(TimestampParser.parse)

        let followerFiles = parts(["follower"], default: "follower")
        guard !followerFiles.isEmpty else {
            throw IngestError(.unknownFormat, "the X archive holds no follower list (data/follower.js)", path: path)
        }
        var (entries, issues) = try await export.followers(in: followerFiles, configuration: configuration)
        var posts: PostBatch?
        var tweetFiles = parts(["tweets", "tweet"], default: "tweets")
        if tweetFiles.isEmpty { tweetFiles = parts([], default: "tweet") }
        for file in tweetFiles {
            let batch = try await PostReader.read(
                export.input(file), format: .xArchive, archiveOwner: id, configuration: configuration)
            issues += batch.issues
            if posts == nil { posts = batch } else { posts?.append(batch) }
        }
        return PlatformExport(
            platform: .twitter, handle: handle, id: id, generatedAt: generatedAt,
            followers: FollowerSnapshot(name: "x-archive", takenAt: generatedAt, entries: entries), posts: posts,
            issues: issues)
    }

    /// The part number of `data/tweets-part2.js` (0 for `data/tweets.js`).
    static func partNumber(_ file: String) -> Int {
        guard let range = file.range(of: "-part", options: .backwards) else { return 0 }
        return Int(file[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// The JSON value after a `window.YTD.… =` or `window.__THAR_CONFIG =` assignment.
    static func jsonAfterAssignment(_ bytes: [UInt8]) throws -> Any {
        let start = bytes.firstIndex { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") } ?? bytes.startIndex
        return try JSONSerialization.jsonObject(with: Data(bytes[start...]))
    }
}

/// Reads Instagram "Download your information" exports (JSON).
public enum InstagramExportReader {
    /// Files that mark an Instagram export's root (newer exports nest under `connections/`).
    static let markers = [
        "connections/followers_and_following/followers_1.json", "followers_and_following/followers_1.json",
        "followers_and_following/followers.json",
    ]

    /// Reads the export at `path` (its folder or zip): every `followers_N.json` in number order, or
    /// the older `followers.json` (a bare list or `{"relationships_followers": [...]}`), with each
    /// follow's timestamp.
    ///
    /// - Throws: ``IngestError``: `.fileNotFound`, `.unknownFormat` (not an Instagram export), and the
    ///   snapshot reader's errors under the issue policy of `configuration`.
    public static func read(path: String, configuration: IngestConfiguration = .init()) async throws -> PlatformExport {
        let export = try ExportArchive(path: path, markers: markers)
        let folder =
            export.files.contains { $0.hasPrefix("connections/followers_and_following/followers") }
            ? "connections/followers_and_following/" : "followers_and_following/"
        let files = export.files.filter { file in
            guard file.hasPrefix(folder) else { return false }
            let name = file.dropFirst(folder.count)
            return name == "followers.json" || (name.hasPrefix("followers_") && name.hasSuffix(".json"))
        }.sorted { number($0) < number($1) }
        guard !files.isEmpty else {
            throw IngestError(.unknownFormat, "the Instagram export holds no follower list", path: path)
        }
        let (entries, issues) = try await export.followers(in: files, configuration: configuration)
        var handle: String?
        for file in [
            "personal_information/personal_information/personal_information.json",
            "personal_information/personal_information.json",
        ] where export.contains(file) && handle == nil {
            handle = username(in: try await export.data(file))
        }
        return PlatformExport(
            platform: .instagram, handle: handle, id: nil, generatedAt: nil,
            followers: FollowerSnapshot(name: "instagram-export", entries: entries), posts: nil, issues: issues)
    }

    /// The number of `followers_12.json` (0 for `followers.json`).
    static func number(_ file: String) -> Int {
        guard let underscore = file.lastIndex(of: "_") else { return 0 }
        return Int(file[file.index(after: underscore)...].prefix { $0.isNumber }) ?? 0
    }

    /// The username in `personal_information.json` (`profile_user[0].string_map_data.Username.value`).
    static func username(in bytes: [UInt8]) -> String? {
        guard let object = JSONValue.object(try? JSONSerialization.jsonObject(with: Data(bytes))),
            let user = JSONValue.object(JSONValue.array(object["profile_user"])?.first),
            let map = JSONValue.object(user["string_map_data"]),
            let name = JSONValue.object(map["Username"])
        else { return nil }
        return JSONValue.string(name["value"])
    }
}

extension ExportArchive {
    /// The follower entries of `files` (the parts of one list), in order, and the entries skipped.
    func followers(
        in files: [String], configuration: IngestConfiguration
    ) async throws -> (entries: [FollowerEntry], issues: [IngestIssue]) {
        var entries: [FollowerEntry] = []
        var issues: [IngestIssue] = []
        for file in files {
            let (snapshot, skipped) = try await FollowerSnapshotReader.read(input(file), configuration: configuration)
            entries += snapshot.entries
            issues += skipped
        }
        return (entries, issues)
    }
}
