import Foundation
public import TrueReachCore

/// The count-series shapes the reader recognises from the header.
public enum CountSeriesFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Iconosquare export: `"Date";"Followers";"Evolution";"Estimated data"`, BOM, `198,282`, dd/mm/yyyy.
    case iconosquare
    /// Social Blade table: `Date,Day,Subscribers,Views,<channel>,...`, M/D/YYYY, one block per channel.
    case socialBlade = "social-blade"
    /// Multi-platform table: `Date,Timestamp,Idol_Name,Platform,Username,Follower_Count`.
    case multiPlatform = "multi-platform"
    /// Canonical `date,followers[,following][,estimated][,account][,platform]`.
    case canonical
}

/// What a series file held.
public struct CountSeriesBatch: Sendable {
    public var series: [CountSeries]
    public var issues: [IngestIssue]
    public var format: CountSeriesFormat?
    /// Rows read.
    public var records: Int
}

/// Reads follower (and following) count series as analytics tools export them.
///
/// Tables are read line by line from a file or any stream; the header decides the format. A row that
/// cannot be read becomes an ``IngestIssue`` (file, line, column name) and is skipped under the policy of
/// an ``IngestConfiguration`` (`maxErrors`, `strict`), as the account reader applies it.
public enum CountSeriesReader {
    /// Reads one file (`-`: standard input); one file may hold several series (one per channel or profile).
    ///
    /// - Throws: ``IngestError``, as ``read(_:configuration:)`` does.
    public static func read(path: String, configuration: IngestConfiguration = .init()) throws -> CountSeriesBatch {
        var stream = SeriesStream(name: path, configuration: configuration)
        return try stream.read(path: path)
    }

    /// Reads any input (a file, standard input, a stream of chunks), row by row.
    ///
    /// - Parameters:
    ///   - input: what to read; issues, errors and a series without a name column use ``IngestInput/name``.
    ///   - configuration: the issue policy (``IngestConfiguration/maxErrors``, ``IngestConfiguration/strict``).
    /// - Returns: the series in the order they first appear, the rows skipped, and the format.
    /// - Throws: ``IngestError``: `.fileNotFound`, `.unreadable`, `.emptyInput`, `.unknownFormat` (the
    ///   header), `.invalidRecord` when strict, `.tooManyIssues` past `maxErrors`, and `.noReadableRecords`
    ///   when the input has rows but not one could be read.
    /// - Complexity: O(n) in the input size; memory O(points kept).
    public static func read(
        _ input: IngestInput,
        configuration: IngestConfiguration = .init()
    ) async throws -> CountSeriesBatch {
        var stream = SeriesStream(name: input.name, configuration: configuration)
        return try await stream.read(input)
    }

    /// The format a header line names.
    static func format(header: String, name path: String) throws -> CountSeriesFormat {
        let h = header.lowercased()
        if h.contains("followers") && h.contains("evolution") { return .iconosquare }
        if h.contains("subscribers") && h.contains("deltasubscriber") { return .socialBlade }
        if h.contains("follower_count") && h.contains("platform") { return .multiPlatform }
        if h.contains("date") && h.contains("followers") { return .canonical }
        throw IngestError(
            .unknownFormat,
            "not a recognised count series (Iconosquare, Social Blade, multi-platform, "
                + "or canonical date,followers[,following])", path: path)
    }

    /// One row's point, with the name of the series it belongs to.
    static func point(
        _ r: CSVRow,
        format: CountSeriesFormat,
        fileName: String
    ) throws(CSVFieldError) -> (name: String, platform: Platform?, point: CountPoint) {
        switch format {
        case .iconosquare:
            let day = try parseDay(r["Date"], field: "Date", order: .dayMonthYear)
            let estimated = r["Estimated data"] != nil
            return (fileName, .instagram, CountPoint(day: day, followers: try r.int("Followers"), estimated: estimated))
        case .socialBlade:
            let day = try parseDay(r["Date"], field: "Date", order: .monthDayYear)
            let channel = r.fields.count > 4 ? r.fields[4].trimmingCharacters(in: .whitespaces) : ""
            return (
                channel.isEmpty ? fileName : channel, .twitch, CountPoint(day: day, followers: try r.int("Subscribers"))
            )
        case .multiPlatform:
            let day = try parseDay(r["Date"], field: "Date", order: .iso)
            let platformText = r["Platform"] ?? ""
            let platform: Platform? =
                switch platformText.lowercased() {
                case "x", "twitter": .twitter
                case "instagram": .instagram
                case "facebook": .facebook
                case "tiktok": .tiktok
                default: .other
                }
            let name = "\(r["Idol_Name"] ?? "?")/\(platformText)/\(r["Username"] ?? "?")"
            return (name, platform, CountPoint(day: day, followers: try r.int("Follower_Count")))
        case .canonical:
            let day = try parseDay(r["date"], field: "date", order: .any)
            let estimated = ["1", "true", "yes"].contains((r["estimated"] ?? "").lowercased())
            let platform = r["platform"].flatMap(Platform.init(rawValue:))
            return (
                r["account"] ?? r["name"] ?? fileName, platform,
                CountPoint(
                    day: day, followers: try r.int("followers"), following: try r.int("following"),
                    estimated: estimated)
            )
        }
    }

    enum DateOrder { case dayMonthYear, monthDayYear, iso, any }

    static func parseDay(_ text: String?, field: String, order: DateOrder) throws(CSVFieldError) -> CalendarDay {
        guard let text else { throw CSVFieldError(field: field, reason: "missing date") }
        if order == .iso || order == .any, let d = CalendarDay(iso: text) { return d }
        let parts = text.split(separator: " ").first?.split(separator: "/").compactMap { Int($0) } ?? []
        if parts.count == 3 {
            let (d, m) = order == .monthDayYear ? (parts[1], parts[0]) : (parts[0], parts[1])
            if order != .iso, let day = CalendarDay(year: parts[2], month: m, day: d) { return day }
        }
        throw CSVFieldError(
            field: field,
            reason: order == .dayMonthYear
                ? "expected dd/mm/yyyy" : order == .monthDayYear ? "expected M/D/YYYY" : "expected yyyy-mm-dd")
    }
}
