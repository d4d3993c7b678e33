import Foundation
import TrueReachCore

/// Reads posts and interactions from files or streams in any ``PostSourceFormat``, recognised from the content.
///
/// Every format streams: CSV and JSON lines record by record, JSON arrays element by element (an X
/// archive `tweets.js` after its `window.YTD.tweets.part0 =` prefix, a Bluesky `getAuthorFeed` page's
/// `feed` array inside its object), so memory is bounded by the records kept, not by the input. Only
/// an X API or Mastodon input that is one JSON object (a single tweet or status) is read whole, up to
/// 1 GiB (``IngestError/Code/recordTooLarge`` beyond). A record that cannot be read becomes an
/// ``IngestIssue`` naming file, line and field, and is skipped under the policy of an
/// ``IngestConfiguration`` (`maxErrors`, `strict`), applied to each input as the account reader applies it.
///
/// ```swift
/// let batch = try PostReader.read(paths: ["data/tweets.js"])
/// let measured = EngagementMetrics.measure(batch.posts, followersNow: batch.followersNow)
/// let uploaded = try await PostReader.read(.chunks(body, name: "tweets.js"), archiveOwner: "4242")
/// ```
public enum PostReader {
    /// Reads every file and merges the results; the issue policy applies to each file.
    ///
    /// - Throws: ``IngestError`` when a file cannot be opened (`.fileNotFound`, `.unreadable`), is empty,
    ///   or its format is not recognised (`.unknownFormat`); see ``read(_:format:archiveOwner:configuration:)``.
    public static func read(paths: [String], configuration: IngestConfiguration = .init()) throws -> PostBatch {
        var out = PostBatch()
        for path in paths { out.append(try read(path: path, configuration: configuration)) }
        return out
    }

    /// Reads one file (`-`: standard input), recognising its format; an X archive's owner comes from
    /// `account.js` beside it.
    ///
    /// - Throws: ``IngestError``, as ``read(_:format:archiveOwner:configuration:)`` does.
    public static func read(path: String, configuration: IngestConfiguration = .init()) throws -> PostBatch {
        var stream = PostStream(
            name: path, format: nil, owner: nil, ownerSearchPath: path == "-" ? nil : path,
            configuration: configuration)
        return try stream.read(path: path)
    }

    /// Reads one file in a known format.
    ///
    /// - Throws: ``IngestError``, as ``read(_:format:archiveOwner:configuration:)`` does.
    public static func read(
        path: String,
        format: PostSourceFormat,
        configuration: IngestConfiguration = .init()
    ) throws -> PostBatch {
        var stream = PostStream(
            name: path, format: format, owner: nil, ownerSearchPath: path == "-" ? nil : path,
            configuration: configuration)
        return try stream.read(path: path)
    }

    /// Reads any input (a file, standard input, a stream of chunks), streaming it record by record.
    ///
    /// A file is read as ``read(path:configuration:)`` reads it. A stream's format is detected on its
    /// first 64 KiB as a file's is on its head.
    ///
    /// - Parameters:
    ///   - input: what to read; issues and errors name it by ``IngestInput/name``.
    ///   - format: the format, or `nil` to detect it from the content.
    ///   - archiveOwner: the account id of an X archive's owner (its `account.js` `accountId`), which the
    ///     archive's tweets do not carry; for a file input it defaults to the one in `account.js` beside it.
    ///   - configuration: the issue policy (``IngestConfiguration/maxErrors``, ``IngestConfiguration/strict``).
    /// - Returns: the posts, interactions and author snapshots read, and the issues skipped.
    /// - Throws: ``IngestError``: `.fileNotFound`, `.unreadable` (also a failing stream), `.emptyInput`,
    ///   `.unknownFormat`, `.truncated` (an unclosed JSON array), `.recordTooLarge`, `.invalidRecord` at
    ///   the first issue when strict, `.tooManyIssues` past `maxErrors`, and `.noReadableRecords` when the
    ///   input holds records but not one could be read.
    /// - Complexity: O(n) in the input size; memory O(records kept) plus one 4 MiB piece.
    public static func read(
        _ input: IngestInput,
        format: PostSourceFormat? = nil,
        archiveOwner: ProfileID? = nil,
        configuration: IngestConfiguration = .init()
    ) async throws -> PostBatch {
        var searchPath: String?
        if case .file(let path) = input.storage { searchPath = path }
        var stream = PostStream(
            name: input.name, format: format, owner: archiveOwner, ownerSearchPath: searchPath,
            configuration: configuration)
        return try await stream.read(input)
    }

    /// Recognises the format from the first bytes (and, for CSV, the header).
    ///
    /// - Throws: ``IngestError`` `.fileNotFound`, `.unreadable`, `.emptyInput`, `.unknownFormat`.
    public static func detectFormat(path: String) throws -> PostSourceFormat {
        let source = try ByteSource(path: path)
        let head = try source.read(path: path) ?? []
        source.close()
        return try detectFormat(head: Array(head.prefix(InputFile.detectionBytes)), name: path)
    }

    /// Recognises the format from an input's first bytes (up to 64 KiB).
    static func detectFormat(head: [UInt8], name path: String) throws -> PostSourceFormat {
        guard let (first, offset) = InputFile.firstSignificantByte(head) else {
            throw IngestError(.emptyInput, "the input is empty", path: path)
        }
        let text = String(decoding: head, as: UTF8.self)
        if head[offset...].starts(with: Array("window.YTD.".utf8)) { return .xArchive }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            let sample = text.prefix(20_000)
            if sample.contains("\"mediaLikeNumbers\"") { return .instafakeAutomated }
            if first == UInt8(ascii: "{") && sample.contains("\"feed\"") && sample.contains("app.bsky") {
                return .blueskyFeed
            }
            if sample.contains("\"favourites_count\"") && sample.contains("\"reblogs_count\"") { return .mastodon }
            if sample.contains("\"tweet\"") && first == UInt8(ascii: "[") { return .xArchive }
            if sample.contains("\"favorite_count\"") || sample.contains("\"retweet_count\"") { return .xAPI }
            let firstLine = sample.split(separator: "\n", maxSplits: 1).first ?? ""
            let keys =
                firstLine.contains("\"post\"") && firstLine.contains("\"account\"") && firstLine.contains("\"kind\"")
            return keys ? .interactionsJSON : .canonicalJSON
        }
        let header = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        if header.contains("Lifetime Post Total Reach") { return .facebookPageMetrics }
        if header.contains("status_id") && header.contains("num_reactions") { return .facebookLiveSellers }
        let columns = Set(
            header.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) })
        if columns.isSuperset(of: ["post", "kind"]), columns.contains("profile") || columns.contains("account") {
            return .interactionsCSV
        }
        if columns.isSuperset(of: ["platform", "id", "author"]) { return .canonicalCSV }
        throw IngestError(
            .unknownFormat,
            "not a recognised post or interaction format (X archive or API, Mastodon, Bluesky, Facebook tables, "
                + "InstaFake, canonical JSON lines or CSV)", path: path)
    }

    static func issue(_ path: String, _ line: Int, _ field: String?, _ reason: String) -> IngestIssue {
        IngestIssue(file: path, line: line, field: field, reason: reason)
    }

    static func date(_ value: Any?) -> Date? {
        guard let s = JSONValue.string(value) else { return nil }
        if let d = TimestampParser.parse(s) { return d }
        // Unix seconds as text.
        if let n = Double(s), n > 0 { return Date(timeIntervalSince1970: n) }
        return nil
    }
}
