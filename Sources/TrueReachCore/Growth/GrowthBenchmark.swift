/// Measures growth-anomaly detection by injecting spikes and drops of known date and size into real series.
///
/// Each trial takes one series, adds (or removes) `size` accounts from a random day onward (a step,
/// as a bought batch or a purge leaves it), runs the detector and matches detections to the injected
/// day (±`tolerance` days). Detections that the clean series already had (same metric, kind sign and
/// date ±`tolerance`) are pre-existing and neither true nor false positives; any other new detection
/// is a false positive. precision = TP ÷ (TP + FP), recall = detected injections ÷ injections.
public enum GrowthBenchmark {
    /// One size of injection and how detection fared.
    public struct Row: Sendable, Hashable, Codable {
        /// The injected size as a fraction of the count on that day.
        public var relativeSize: Double
        public var injections: Int
        public var detected: Int
        public var falsePositives: Int
        public var precision: Double?
        public var recall: Double?

        /// The canonical JSON keys (snake_case).
        public enum CodingKeys: String, CodingKey {
            case relativeSize = "relative_size"
            case injections, detected
            case falsePositives = "false_positives"
            case precision, recall
        }
    }

    /// The benchmark outcome.
    public struct Result: Sendable, Hashable, Codable {
        /// Series used (at least `minimumDays` follower values).
        public var series: Int
        /// Anomalies the detector reports on the clean series (not scored: no ground truth).
        public var cleanAnomalies: Int
        public var rows: [Row]
        /// All sizes together.
        public var total: Row

        /// The canonical JSON keys (snake_case).
        public enum CodingKeys: String, CodingKey {
            case series
            case cleanAnomalies = "clean_anomalies"
            case rows, total
        }
    }

    /// Runs the benchmark.
    ///
    /// - Parameters:
    ///   - series: real series (only followers are injected).
    ///   - relativeSizes: injection sizes as fractions of the count (default 0.5%, 1%, 2%, 5%).
    ///   - trials: injections per series and size.
    ///   - minimumDays: series shorter than this are skipped.
    ///   - tolerance: days of slack when matching a detection to an injection.
    ///   - parameters: detector tuning.
    ///   - rng: the seeded generator choosing days and signs.
    /// - Returns: the number of series used, the anomalies found on them before injection, one row of
    ///   detections, false positives, precision and recall per size, and the total over all sizes.
    public static func run<G: RandomNumberGenerator>(
        _ series: [CountSeries],
        relativeSizes: [Double] = [0.005, 0.01, 0.02, 0.05],
        trials: Int = 10,
        minimumDays: Int = 14,
        tolerance: Int = 1,
        parameters: GrowthParameters = GrowthParameters(),
        using rng: inout G
    ) -> Result {
        let usable = series.filter { $0.values(.followers).count >= minimumDays }
        var clean: [[GrowthAnomaly]] = []
        for s in usable { clean.append(GrowthDetector.detect(s, metric: .followers, parameters: parameters)) }
        var rows: [Row] = []
        for size in relativeSizes {
            var row = Row(relativeSize: size, injections: 0, detected: 0, falsePositives: 0)
            for (index, s) in usable.enumerated() {
                let values = s.values(.followers)
                for _ in 0..<trials {
                    // Leave room for a baseline on both sides of the injected day.
                    let position = Int.random(in: 3..<(values.count - 2), using: &rng)
                    let sign = Bool.random(using: &rng) ? 1 : -1
                    let day = values[position].day
                    let amount = sign * max(1, Int((Double(values[position - 1].value) * size).rounded()))
                    let injected = inject(s, from: day, amount: amount)
                    let found = GrowthDetector.detect(injected, metric: .followers, parameters: parameters)
                    row.injections += 1
                    var hit = false
                    for a in found where a.kind != .seeSaw {
                        let near = abs(a.date.daysSinceEpoch - day.daysSinceEpoch) <= tolerance
                        if near && (a.size > 0) == (amount > 0) {
                            hit = true
                            continue
                        }
                        let preExisting = clean[index].contains {
                            abs($0.date.daysSinceEpoch - a.date.daysSinceEpoch) <= tolerance
                                && ($0.size > 0) == (a.size > 0)
                        }
                        if !preExisting { row.falsePositives += 1 }
                    }
                    if hit { row.detected += 1 }
                }
            }
            row.finish()
            rows.append(row)
        }
        var total = Row(
            relativeSize: 0, injections: rows.reduce(0) { $0 + $1.injections },
            detected: rows.reduce(0) { $0 + $1.detected }, falsePositives: rows.reduce(0) { $0 + $1.falsePositives })
        total.finish()
        return Result(series: usable.count, cleanAnomalies: clean.reduce(0) { $0 + $1.count }, rows: rows, total: total)
    }

    /// Adds `amount` to the follower count of every point from `day` on.
    public static func inject(_ series: CountSeries, from day: CalendarDay, amount: Int) -> CountSeries {
        var out = series
        out.points = series.points.map { p in
            var q = p
            if p.day >= day, let f = p.followers { q.followers = f + amount }
            return q
        }
        return out
    }
}

extension GrowthBenchmark.Row {
    init(relativeSize: Double, injections: Int, detected: Int, falsePositives: Int) {
        self.init(
            relativeSize: relativeSize, injections: injections, detected: detected, falsePositives: falsePositives,
            precision: nil, recall: nil)
    }

    mutating func finish() {
        precision = detected + falsePositives > 0 ? Double(detected) / Double(detected + falsePositives) : nil
        recall = injections > 0 ? Double(detected) / Double(injections) : nil
    }
}
