import Foundation
public import TrueReachCore
public import TrueReachIngest

/// Reads the side inputs of the analytics jobs (posts, series, snapshots, scores) under one issue policy.
public enum AnalyticsInputs {
    /// Posts and interactions from every file, merged.
    ///
    /// - Throws: `IngestError` when a file cannot be read; ``AppError`` `.badInput` past the policy.
    public static func posts(_ paths: [String], policy: IssuePolicy, events: JobEvents? = nil) throws -> PostBatch {
        let batch = try PostReader.read(paths: paths, configuration: policy.configuration)
        try policy.check(batch.issues, records: batch.records, events: events)
        return batch
    }

    /// Count series from every file, and how many records were unreadable.
    ///
    /// - Throws: as ``posts(_:policy:events:)``, and `.badInput` when no series was found.
    public static func series(
        _ paths: [String], policy: IssuePolicy, events: JobEvents? = nil
    ) throws -> (series: [CountSeries], issues: Int) {
        var all: [CountSeries] = []
        var issues: [IngestIssue] = []
        var records = 0
        for path in paths {
            let batch = try CountSeriesReader.read(path: path, configuration: policy.configuration)
            all += batch.series
            issues += batch.issues
            records += batch.records
        }
        try policy.check(issues, records: records, events: events)
        guard !all.isEmpty else { throw AppError(.badInput, "no count series found") }
        return (all, issues.count)
    }

    /// Follower snapshots, in the order given.
    ///
    /// - Throws: as ``posts(_:policy:events:)``, and `.badInput` when the snapshots hold no followers.
    public static func snapshots(
        _ paths: [String], policy: IssuePolicy, events: JobEvents? = nil
    ) throws -> [FollowerSnapshot] {
        var list: [FollowerSnapshot] = []
        var issues: [IngestIssue] = []
        for path in paths {
            let (snapshot, bad) = try FollowerSnapshotReader.read(path: path, configuration: policy.configuration)
            list.append(snapshot)
            issues += bad
        }
        let records = list.reduce(0) { $0 + $1.entries.count }
        try policy.check(issues, records: records, events: events)
        guard records > 0 else { throw AppError(.badInput, "the snapshots hold no followers") }
        return list
    }

    /// A scores file: `account,probability` (header optional; `id`/`handle` and `score`/`bot_probability`
    /// columns are recognised), as `truereach score` writes it.
    ///
    /// - Throws: ``AppError`` `.cannotOpen`, or `.badInput` naming the line of a probability outside 0…1.
    public static func scores(path: String) throws -> [ProfileID: Double] {
        guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.cannotOpen, "\(path): cannot open the scores file")
        }
        var out: [ProfileID: Double] = [:]
        var accountIndex = 0
        var scoreIndex = 1
        for (n, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if n == 0, cells.count >= 2, Double(cells[1]) == nil {
                let lower = cells.map { $0.lowercased() }
                accountIndex =
                    lower.firstIndex(where: { ["profile", "account", "id", "account_id", "handle"].contains($0) }) ?? 0
                scoreIndex = lower.firstIndex(where: { ["probability", "score", "bot_probability"].contains($0) }) ?? 1
                continue
            }
            guard cells.count > max(accountIndex, scoreIndex), let p = Double(cells[scoreIndex]), (0...1).contains(p)
            else {
                throw AppError(.badInput, "\(path):\(n + 1): probability: expected a number between 0 and 1")
            }
            out[ProfileID(cells[accountIndex])] = p
        }
        return out
    }

    /// The score at or above which an account is suspicious: `explicit` when given, else the operating
    /// threshold of the model at `modelPath` (the shipped model when `nil`).
    ///
    /// One definition for every job: `score` and `audit` flag by the same threshold that `engagement`
    /// and `cohorts` count by.
    ///
    /// - Throws: ``AppError`` from loading the model.
    public static func suspicionThreshold(explicit: Double?, modelPath: String?) throws -> Double {
        if let explicit { return explicit }
        return try loadScorer(modelPath: modelPath).threshold
    }
}
