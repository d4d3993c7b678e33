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
public enum CountSeriesReader {
    /// Reads one file; one file may hold several series (one per channel or profile).
    ///
    /// - Throws: ``IngestError`` when the file cannot be opened, is empty or has an unknown header, and
    ///   `.noReadableRecords` when it has rows but not one could be read.
    public static func read(path: String) throws -> CountSeriesBatch {
        var header: String?
        try InputFile.forEachLine(path) { _, text in
            if header == nil, !text.trimmingCharacters(in: .whitespaces).isEmpty { header = text }
        }
        guard let header else { throw IngestError(.emptyInput, "the file is empty", path: path) }
        let h = header.lowercased()
        let format: CountSeriesFormat
        if h.contains("followers") && h.contains("evolution") {
            format = .iconosquare
        } else if h.contains("subscribers") && h.contains("deltasubscriber") {
            format = .socialBlade
        } else if h.contains("follower_count") && h.contains("platform") {
            format = .multiPlatform
        } else if h.contains("date") && h.contains("followers") {
            format = .canonical
        } else {
            throw IngestError(
                .unknownFormat,
                "not a recognised count series (Iconosquare, Social Blade, multi-platform, "
                    + "or canonical date,followers[,following])", path: path)
        }
        let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var points: [String: (Platform?, [CountPoint])] = [:]
        var order: [String] = []
        var issues: [IngestIssue] = []
        var records = 0
        func add(_ name: String, _ platform: Platform?, _ p: CountPoint) {
            if points[name] == nil { order.append(name) }
            points[name, default: (platform, [])].1.append(p)
            records += 1
        }
        try CSVTable.forEachRow(path) { r in
            do {
                switch format {
                case .iconosquare:
                    let day = try parseDay(r["Date"], field: "Date", order: .dayMonthYear)
                    let estimated = r["Estimated data"] != nil
                    add(
                        fileName, .instagram,
                        CountPoint(day: day, followers: try r.int("Followers"), estimated: estimated))
                case .socialBlade:
                    let day = try parseDay(r["Date"], field: "Date", order: .monthDayYear)
                    let channel = r.fields.count > 4 ? r.fields[4].trimmingCharacters(in: .whitespaces) : ""
                    add(
                        channel.isEmpty ? fileName : channel, .twitch,
                        CountPoint(day: day, followers: try r.int("Subscribers")))
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
                    add(name, platform, CountPoint(day: day, followers: try r.int("Follower_Count")))
                case .canonical:
                    let day = try parseDay(r["date"], field: "date", order: .any)
                    let estimated = ["1", "true", "yes"].contains((r["estimated"] ?? "").lowercased())
                    let platform = r["platform"].flatMap(Platform.init(rawValue:))
                    add(
                        r["account"] ?? r["name"] ?? fileName, platform,
                        CountPoint(
                            day: day, followers: try r.int("followers"), following: try r.int("following"),
                            estimated: estimated))
                }
            } catch let e as CSVFieldError {
                issues.append(IngestIssue(file: path, line: r.line, field: e.field, reason: e.reason))
            }
        } malformed: { line in
            issues.append(IngestIssue(file: path, line: line, reason: "malformed CSV record"))
        }
        try IngestError.requireReadable(records: records, issues: issues, path: path)
        let series = order.compactMap { name in
            points[name].map { CountSeries(name: name, platform: $0.0, points: $0.1) }
        }
        return CountSeriesBatch(series: series, issues: issues, format: format, records: records)
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
