import ArgumentParser
import Foundation
import TrueReachApp
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

    @Option(help: "CSV of profile,probability (bot / fake scores of engagers).")
    var scores: String?

    @Option(
        help: "Operating threshold: a score at or above it is suspicious. Default: the model's (as score and audit).")
    var threshold: Double?

    @Option(help: "The model whose operating threshold is the default --threshold. Default: the shipped model.")
    var model: String?

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
        if let threshold, !(0...1).contains(threshold) {
            throw ValidationError("--threshold must be between 0 and 1.")
        }
        guard last > 0 else { throw ValidationError("--last must be positive.") }
        guard resamples > 0 else { throw ValidationError("--resamples must be positive.") }
        if let weights { _ = try EngagementCommand.parseWeights(weights) }
    }

    func run() async throws {
        let console = ConsoleEvents(label: "engagement", quiet: true)
        do {
            try execute(console)
            console.finish()
        } catch let error as ExitCode {
            throw error
        } catch {
            console.finish(succeeded: false)
            throw TrueReachExit.fail(error)
        }
    }

    func execute(_ console: ConsoleEvents) throws {
        let policy = IssuePolicy(maxErrors: out.maxErrors)
        let batch = try AnalyticsInputs.posts(posts, policy: policy, events: console.handler)
        var job = EngagementJob(
            threshold: try AnalyticsInputs.suspicionThreshold(explicit: threshold, modelPath: model))
        job.followerCount = followerCount
        job.last = last
        job.period = period
        job.grouping = groupBy
        job.tagFilter = tags.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        job.baseline = baseline
        job.seed = seed
        job.resamples = resamples
        job.weights = try weights.map(EngagementCommand.parseWeights) ?? .socialCascade
        job.includeReposts = includeReposts
        let (report, measured) = try job.run(
            batch,
            followers: try followers.map {
                Set(
                    try FollowerSnapshotReader.read(path: $0, configuration: policy.configuration).snapshot.entries.map(
                        \.profile))
            },
            probabilities: try scores.map { try AnalyticsInputs.scores(path: $0) } ?? [:])
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

/// Rendering of the engagement job's result for the terminal and CSV.
extension EngagementReport {
    static func csv(_ measured: [PostEngagement]) -> String {
        var out =
            "post,author,created_at,kind,format,tags,engagements,weighted_engagements,followers,follower_basis,"
            + "rate_by_followers,rate_by_reach,rate_by_impressions,weighted_rate,likes,comments\n"
        for r in measured {
            let cells: [String] = [
                CSVField.text(r.post.rawValue), CSVField.text(r.author.rawValue),
                r.createdAt.map(AnalyticsText.iso) ?? "", r.kind.rawValue, r.format?.rawValue ?? "",
                CSVField.text(r.tags.joined(separator: "|")), String(r.engagements),
                AnalyticsText.number(r.weightedEngagements), r.followers.map(String.init) ?? "",
                r.followerBasis?.rawValue ?? "", AnalyticsText.number(r.rateByFollowers),
                AnalyticsText.number(r.rateByReach), AnalyticsText.number(r.rateByImpressions),
                AnalyticsText.number(r.weightedRate), r.likes.map(String.init) ?? "", r.comments.map(String.init) ?? "",
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
                AnalyticsText.percent(a.lastPosts.meanRateByFollowers),
                AnalyticsText.percent(a.lastPosts.medianRateByFollowers),
                AnalyticsText.percent(a.lastPosts.meanRateByReach), AnalyticsText.percent(a.lastPosts.meanWeightedRate),
                a.likeSpread.coefficientOfVariation.map { "\(CountText.percent($0)) \(a.likeSpread.verdict.rawValue)" }
                    ?? a.likeSpread.verdict.rawValue,
                a.benchmark?.ratioToTierAverage.map { AnalyticsText.number($0, digits: 2) + "×" } ?? "",
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
                    AnalyticsText.metric(group.mean, content.metric),
                    group.lower.map {
                        "\(AnalyticsText.metric($0, content.metric)) – \(AnalyticsText.metric(group.upper, content.metric))"
                    } ?? "",
                    AnalyticsText.metric(group.median, content.metric), group.smallSample ? "small sample" : "",
                ])
            }
            out += AnalyticsIO.grid(g)
            for c in content.contrasts {
                let p = c.pValue.map { $0 < 0.001 ? "< 0.001" : "= " + AnalyticsText.number($0, digits: 3) } ?? "n/a"
                out +=
                    "  \(TerminalText.sanitize(c.group)) vs \(TerminalText.sanitize(c.baseline)): "
                    + "\(c.verdict.rawValue.replacingOccurrences(of: "_", with: " ")) (Mann–Whitney p \(p))\n"
            }
        }
        if let a = authenticEngagement {
            out +=
                "\nAuthentic engagement: \(AnalyticsText.percent(a.share)) of \(a.scored) scored interactions "
                + "(\(a.unscored) unscored)\n"
        }
        if let f = followShare {
            out += "Engagers who follow: \(f.followers) of \(f.engagers) (\(AnalyticsText.percent(f.share)))\n"
        }
        if !communityCore.isEmpty {
            out +=
                "Community core (3+ posts): \(communityCore.count) accounts; top: "
                + communityCore.prefix(5).map { "\(TerminalText.sanitize($0.profile.rawValue)) (\($0.posts))" }
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
    static func json(_ value: some Encodable) throws -> String {
        try JSONOutput.document(value)
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
