import Foundation
import TrueReachCore

/// Reads posts and interactions from files in any ``PostSourceFormat``, recognised from the content.
///
/// CSV and JSON-lines files stream line by line; JSON arrays and documents (archives, API pages)
/// are read whole (up to 1 GiB) and split into elements with their line numbers. A record that
/// cannot be read becomes an ``IngestIssue`` naming file, line and field; the rest is kept.
///
/// ```swift
/// let batch = try PostReader.read(paths: ["data/tweets.js"])
/// let measured = EngagementMetrics.measure(batch.posts, followersNow: batch.followersNow)
/// ```
public enum PostReader {
    /// Reads every file and merges the results.
    ///
    /// - Throws: ``IngestError`` when a file cannot be opened (`.fileNotFound`, `.unreadable`), is empty,
    ///   or its format is not recognised (`.unknownFormat`).
    public static func read(paths: [String]) throws -> PostBatch {
        var out = PostBatch()
        for path in paths { out.append(try read(path: path)) }
        return out
    }

    /// Reads one file, recognising its format.
    public static func read(path: String) throws -> PostBatch {
        let format = try detectFormat(path: path)
        return try read(path: path, format: format)
    }

    /// Reads one file in a known format.
    ///
    /// - Throws: ``IngestError`` as ``read(paths:)`` does, and `.noReadableRecords` when the file holds
    ///   records but not one could be read.
    public static func read(path: String, format: PostSourceFormat) throws -> PostBatch {
        let batch: PostBatch
        switch format {
        case .xArchive: batch = try readXArchive(path)
        case .xAPI: batch = try readXAPI(path)
        case .mastodon: batch = try readMastodon(path)
        case .blueskyFeed: batch = try readBluesky(path)
        case .facebookPageMetrics: batch = try readFacebookPage(path)
        case .facebookLiveSellers: batch = try readLiveSellers(path)
        case .instafakeAutomated: batch = try readInstafake(path)
        case .canonicalJSON: batch = try readCanonicalJSON(path)
        case .canonicalCSV: batch = try readCanonicalCSV(path)
        case .interactionsJSON: batch = try readInteractionsJSON(path)
        case .interactionsCSV: batch = try readInteractionsCSV(path)
        }
        try IngestError.requireReadable(records: batch.records, issues: batch.issues, path: path)
        return batch
    }

    /// Recognises the format from the first bytes (and, for CSV, the header).
    public static func detectFormat(path: String) throws -> PostSourceFormat {
        let source = try ByteSource(path: path)
        let head = try source.read(path: path) ?? []
        source.close()
        guard let (first, offset) = InputFile.firstSignificantByte(head) else {
            throw IngestError(.emptyInput, "the file is empty", path: path)
        }
        let text = String(decoding: head.prefix(64 * 1024), as: UTF8.self)
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
        if columns.isSuperset(of: ["post", "account", "kind"]) { return .interactionsCSV }
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
