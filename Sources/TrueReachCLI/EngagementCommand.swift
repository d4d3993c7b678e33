import ArgumentParser
import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachReports

/// `truereach engagement POSTS...`: engagement rates, weighted and authentic engagement, like spread,
/// comment authenticity, content comparison and benchmarks.
struct EngagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement",
        abstract: "Measure engagement of posts: rates, weighted and authentic engagement, what engages.",
        discussion: """
            POSTS are X archive tweets.js, X API v1.1 tweets, Mastodon statuses, Bluesky getAuthorFeed pages, \
            the UCI Facebook page table, Live.csv, InstaFake automated-v1.0, or canonical posts/interactions \
            (JSON lines or CSV); the format is recognised from the content. Interaction files add who engaged.
            Exit codes: 0 ok; 1 failure; 2 bad input data; 3 a file cannot be opened.
            """
    )

    @Argument(help: "Post and interaction files.")
    var posts: [String]

    @Option(help: "A follower list (any snapshot format): share of engagers who follow.")
    var followers: String?

    @Option(help: "CSV of account,probability (bot / fake scores of engagers).")
    var scores: String?

    @Option(help: "Operating threshold: a score at or above it is suspicious.")
    var threshold: Double = 0.5

    @Option(help: "Follower count to use for posts whose source gives none.")
    var followerCount: Int?

    @Option(help: "Posts in the 'last N posts' summary (HypeAuditor uses 12).")
    var last: Int = 12

    @Option(help: "Period for engagement over time: week or month.")
    var period: EngagementPeriod = .month

    @Option(help: "Group posts for content comparison: kind, format or tag.")
    var groupBy: ContentComparison.Grouping = .format

    @Option(help: "With --group-by tag: only these comma-separated tags form groups (e.g. personal,curated).")
    var tags: String?

    @Option(help: "Baseline group for content comparison (default: the largest).")
    var baseline: String?

    @Option(help: "Seed of the bootstrap resampling.")
    var seed: UInt64 = 42

    @Option(help: "Bootstrap resamples.")
    var resamples: Int = 2_000

    @Option(help: "Weights as like=1,save=2,click=2,comment=3,share=4,quote=4 (any subset).")
    var weights: String?

    @Flag(help: "Count reposts (whose counts belong to the original author).")
    var includeReposts = false

    @OptionGroup var out: AnalyticsOutputOptions

    func validate() throws {
        guard !posts.isEmpty else { throw ValidationError("Give at least one posts file.") }
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1.") }
        guard last > 0 else { throw ValidationError("--last must be positive.") }
        guard resamples > 0 else { throw ValidationError("--resamples must be positive.") }
        if let weights { _ = try EngagementCommand.parseWeights(weights) }
    }

    func run() async throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    func execute() throws {
        let batch = try PostReader.read(paths: posts)
        try AnalyticsIO.checkIssues(batch.issues, records: batch.records, maxErrors: out.maxErrors)
        let w = try weights.map(EngagementCommand.parseWeights) ?? .socialCascade
        let measured = EngagementReport.measure(
            batch, followerCount: followerCount, weights: w, includeReposts: includeReposts)
        let tagFilter = tags.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        guard !measured.isEmpty || !batch.interactions.isEmpty else {
            throw CLIError(message: "no posts with engagement counts were found", exitCode: TrueReachExit.badInput)
        }
        let probabilities = try scores.map(AnalyticsIO.readScores) ?? [:]
        var rng = SeededGenerator(seed: seed)
        let report = EngagementReport.build(
            measured: measured, tagFilter: tagFilter, posts: batch.posts, interactions: batch.interactions,
            followers: try followers.map {
                Set(try FollowerSnapshotReader.read(path: $0).snapshot.entries.map(\.account))
            },
            probabilities: probabilities, threshold: threshold, last: last, period: period, grouping: groupBy,
            baseline: baseline, resamples: resamples, weights: w, rng: &rng, issues: batch.issues.count)
        let sink = try OutputSink(path: out.output)
        defer { try? sink.close() }
        switch out.format {
        case .json: try sink.write(AnalyticsIO.json(report))
        case .csv: try sink.write(EngagementReport.csv(measured))
        case .table: try sink.write(report.table())
        }
        if let html = out.html {
            let page = AnalyticsIO.page(title: "Engagement", body: EngagementSections.render(report.htmlInput))
            try AnalyticsIO.writeFile(html, page)
        }
    }

    static func parseWeights(_ text: String) throws -> EngagementWeights {
        var w = EngagementWeights()
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, let value = Double(kv[1]), value >= 0 else {
                throw ValidationError("--weights: expected name=number pairs, e.g. like=1,comment=3.")
            }
            switch kv[0] {
            case "like": w.like = value
            case "save": w.save = value
            case "click": w.click = value
            case "comment": w.comment = value
            case "share": w.share = value
            case "quote": w.quote = value
            default:
                throw ValidationError(
                    "--weights: unknown action '\(kv[0])' (like, save, click, comment, share, quote).")
            }
        }
        return w
    }
}

extension EngagementPeriod: ExpressibleByArgument {}
extension ContentComparison.Grouping: ExpressibleByArgument {}

/// Output formats shared by the engagement, growth and cohorts commands.
enum AnalyticsFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The engagement command's result, encoded as its JSON output.
struct EngagementReport: Encodable {
    struct Author: Encodable {
        var author: AccountID
        var posts: Int
        var followers: Int?
        var lastPosts: EngagementSummary
        var allPosts: EngagementSummary
        var overTime: [PeriodEngagement]
        var likeSpread: LikeSpread
        var benchmark: EngagementBenchmarkResult?

        enum CodingKeys: String, CodingKey {
            case author, posts, followers
            case lastPosts = "last_posts"
            case allPosts = "all_posts"
            case overTime = "over_time"
            case likeSpread = "like_spread"
            case benchmark
        }
    }

    var posts: Int
    var interactions: Int
    var issues: Int
    var lastN: Int
    var period: EngagementPeriod
    var weights: EngagementWeights
    var authors: [Author]
    var content: ContentComparison?
    var authenticEngagement: AuthenticEngagement?
    var followShare: EngagerFollowShare?
    var communityCore: [CoreMember]
    var comments: [PostCommentAuthenticity]

    enum CodingKeys: String, CodingKey {
        case posts, interactions, issues
        case lastN = "last_n"
        case period, weights, authors, content
        case authenticEngagement = "authentic_engagement"
        case followShare = "follow_share"
        case communityCore = "community_core"
        case comments
    }

    static func build<G: RandomNumberGenerator>(
        measured: [PostEngagement], tagFilter: Set<String>?, posts: [Post], interactions: [Interaction],
        followers: Set<AccountID>?,
        probabilities: [AccountID: Double], threshold: Double, last: Int, period: EngagementPeriod,
        grouping: ContentComparison.Grouping, baseline: String?, resamples: Int, weights: EngagementWeights,
        rng: inout G, issues: Int
    ) -> EngagementReport {
        var byAuthor: [AccountID: [PostEngagement]] = [:]
        for row in measured { byAuthor[row.author, default: []].append(row) }
        var platforms: [AccountID: Platform] = [:]
        for p in posts { platforms[p.author] = p.platform }
        let authors = byAuthor.keys.sorted().map { id -> Author in
            let rows = byAuthor[id] ?? []
            let lastSummary = EngagementMetrics.summary(rows, lastPosts: last)
            let followers = rows.sorted(by: EngagementMetrics.newestFirst).first(where: { $0.followers != nil })?
                .followers
            let benchmark = lastSummary.meanRateByFollowers.map {
                EngagementBenchmark.compare(rate: $0, followers: followers, platform: platforms[id])
            }
            return Author(
                author: id, posts: rows.count, followers: followers, lastPosts: lastSummary,
                allPosts: EngagementMetrics.summary(rows), overTime: EngagementMetrics.overTime(rows, period: period),
                likeSpread: LikeSpread.measure(likes: rows.compactMap(\.likes)), benchmark: benchmark)
        }
        var compared = measured
        if let tagFilter, grouping == .tag {
            compared = measured.compactMap { row in
                var r = row
                r.tags = row.tags.filter(tagFilter.contains)
                return r.tags.isEmpty ? nil : r
            }
        }
        let content =
            compared.count >= 2
            ? ContentComparison.compare(compared, by: grouping, baseline: baseline, resamples: resamples, using: &rng)
            : nil
        let comments = CommentAuthenticity.assess(interactions, probabilities: probabilities, threshold: threshold)
        return EngagementReport(
            posts: measured.count, interactions: interactions.count, issues: issues, lastN: last, period: period,
            weights: weights, authors: authors, content: content,
            authenticEngagement: probabilities.isEmpty || interactions.isEmpty
                ? nil
                : EngagerAnalysis.authenticEngagement(
                    interactions, probabilities: probabilities, threshold: threshold, weights: weights),
            followShare: followers.flatMap {
                interactions.isEmpty ? nil : EngagerAnalysis.followShare(interactions, followers: $0)
            },
            communityCore: EngagerAnalysis.communityCore(interactions, weights: weights, limit: 50),
            comments: comments)
    }

    static func csv(_ measured: [PostEngagement]) -> String {
        var out =
            "post,author,created_at,kind,format,tags,engagements,weighted_engagements,followers,follower_basis,"
            + "rate_by_followers,rate_by_reach,rate_by_impressions,weighted_rate,likes,comments\n"
        for r in measured {
            let cells: [String] = [
                CSVField.text(r.post.rawValue), CSVField.text(r.author.rawValue),
                r.createdAt.map(AnalyticsIO.iso) ?? "", r.kind.rawValue, r.format?.rawValue ?? "",
                CSVField.text(r.tags.joined(separator: "|")), String(r.engagements),
                AnalyticsIO.number(r.weightedEngagements), r.followers.map(String.init) ?? "",
                r.followerBasis?.rawValue ?? "", AnalyticsIO.number(r.rateByFollowers),
                AnalyticsIO.number(r.rateByReach), AnalyticsIO.number(r.rateByImpressions),
                AnalyticsIO.number(r.weightedRate), r.likes.map(String.init) ?? "", r.comments.map(String.init) ?? "",
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    func table() -> String {
        var out = "Posts measured: \(posts)   interactions: \(interactions)   unreadable records: \(issues)\n\n"
        var rows: [[String]] = [
            [
                "author", "posts", "followers", "ER last \(lastN)", "median ER", "ER by reach", "weighted",
                "like spread",
                "vs tier avg",
            ]
        ]
        for a in authors.prefix(40) {
            rows.append([
                TerminalText.sanitize(a.author.rawValue), String(a.posts), a.followers.map(CountText.grouped) ?? "?",
                AnalyticsIO.percent(a.lastPosts.meanRateByFollowers),
                AnalyticsIO.percent(a.lastPosts.medianRateByFollowers),
                AnalyticsIO.percent(a.lastPosts.meanRateByReach), AnalyticsIO.percent(a.lastPosts.meanWeightedRate),
                a.likeSpread.coefficientOfVariation.map { "\(CountText.percent($0)) \(a.likeSpread.verdict.rawValue)" }
                    ?? a.likeSpread.verdict.rawValue,
                a.benchmark?.ratioToTierAverage.map { AnalyticsIO.number($0, digits: 2) + "×" } ?? "",
            ])
        }
        out += AnalyticsIO.grid(rows)
        if authors.count > 40 { out += "… \(authors.count - 40) more authors (use --format json)\n" }
        if let content {
            out +=
                "\nContent comparison by \(content.metric) (\(Int(content.confidence * 100))% bootstrap, "
                + "\(content.resamples) resamples):\n"
            var g: [[String]] = [["group", "posts", "mean", "interval", "median", ""]]
            for group in content.groups {
                g.append([
                    TerminalText.sanitize(group.key), String(group.posts),
                    AnalyticsIO.metric(group.mean, content.metric),
                    group.lower.map {
                        "\(AnalyticsIO.metric($0, content.metric)) – \(AnalyticsIO.metric(group.upper, content.metric))"
                    } ?? "",
                    AnalyticsIO.metric(group.median, content.metric), group.smallSample ? "small sample" : "",
                ])
            }
            out += AnalyticsIO.grid(g)
            for c in content.contrasts {
                let p = c.pValue.map { $0 < 0.001 ? "< 0.001" : "= " + AnalyticsIO.number($0, digits: 3) } ?? "n/a"
                out +=
                    "  \(TerminalText.sanitize(c.group)) vs \(TerminalText.sanitize(c.baseline)): "
                    + "\(c.verdict.rawValue.replacingOccurrences(of: "_", with: " ")) (Mann–Whitney p \(p))\n"
            }
        }
        if let a = authenticEngagement {
            out +=
                "\nAuthentic engagement: \(AnalyticsIO.percent(a.share)) of \(a.scored) scored interactions "
                + "(\(a.unscored) unscored)\n"
        }
        if let f = followShare {
            out += "Engagers who follow: \(f.followers) of \(f.engagers) (\(AnalyticsIO.percent(f.share)))\n"
        }
        if !communityCore.isEmpty {
            out +=
                "Community core (3+ posts): \(communityCore.count) accounts; top: "
                + communityCore.prefix(5).map { "\(TerminalText.sanitize($0.account.rawValue)) (\($0.posts))" }
                .joined(separator: ", ") + "\n"
        }
        let flagged = comments.filter(\.flagged)
        if !comments.isEmpty {
            out += "Comments: \(flagged.count) of \(comments.count) posts have ≥ 50% inauthentic comments\n"
        }
        return out
    }

    var htmlInput: EngagementSections.Input {
        EngagementSections.Input(
            overTime: authors.count == 1 ? authors[0].overTime : [], period: period, content: content,
            likeSpread: authors.count == 1 ? authors[0].likeSpread : nil,
            flaggedComments: comments.filter(\.flagged))
    }
}

/// Reading side inputs and writing outputs for the analytics commands.
enum AnalyticsIO {
    /// Exit 2 when every record was bad or more than `maxErrors` were; issues go to standard error.
    static func checkIssues(_ issues: [IngestIssue], records: Int, maxErrors: Int) throws {
        for issue in issues.prefix(20) {
            FileHandle.standardError.write(Data("truereach: \(issue.description)\n".utf8))
        }
        if issues.count > 20 { FileHandle.standardError.write(Data("truereach: … \(issues.count - 20) more\n".utf8)) }
        if issues.count > maxErrors || (records == 0 && !issues.isEmpty) {
            throw CLIError(
                message: "\(issues.count) unreadable records (limit \(maxErrors)); fix the input or raise --max-errors",
                exitCode: TrueReachExit.badInput)
        }
    }

    /// `account,probability` (header optional; also `id`/`score` columns).
    static func readScores(_ path: String) throws -> [AccountID: Double] {
        guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "\(path): cannot open the scores file", exitCode: TrueReachExit.cannotOpen)
        }
        var out: [AccountID: Double] = [:]
        var accountIndex = 0
        var scoreIndex = 1
        for (n, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if n == 0, cells.count >= 2, Double(cells[1]) == nil {
                let lower = cells.map { $0.lowercased() }
                accountIndex = lower.firstIndex(where: { ["account", "id", "account_id", "handle"].contains($0) }) ?? 0
                scoreIndex = lower.firstIndex(where: { ["probability", "score", "bot_probability"].contains($0) }) ?? 1
                continue
            }
            guard cells.count > max(accountIndex, scoreIndex), let p = Double(cells[scoreIndex]), (0...1).contains(p)
            else {
                throw CLIError(
                    message: "\(path):\(n + 1): probability: expected a number between 0 and 1",
                    exitCode: TrueReachExit.badInput)
            }
            out[AccountID(cells[accountIndex])] = p
        }
        return out
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func writeFile(_ path: String, _ text: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CLIError(message: "cannot write \(path)", exitCode: TrueReachExit.cannotOpen)
        }
    }

    static func page(title: StaticString, body: HTML) -> String {
        let doc: HTML = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>TrueReach</title>\
            <style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}\
            td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}</style></head><body>\
            \(body)</body></html>
            """
        _ = title
        return doc.markup + "\n"
    }

    static func iso(_ date: Date) -> String {
        let s = date.timeIntervalSince1970
        let day = CalendarDay(date)
        let rem = Int(s - Double(day.daysSinceEpoch) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60))Z"
    }

    static func number(_ value: Double?, digits: Int = 6) -> String {
        guard let value, value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        if text.contains("e") { text = String(format: "%.\(digits)f", rounded) }
        return text
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.2f%%", value * 100)
    }

    static func metric(_ value: Double?, _ metric: String) -> String {
        metric.hasPrefix("rate") ? percent(value) : number(value, digits: 1)
    }

    /// Left-aligned columns separated by two spaces.
    static func grid(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
