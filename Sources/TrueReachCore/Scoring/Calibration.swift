/// Maps a tree ensemble's raw margin to a calibrated bot probability.
///
/// Fitted on out-of-fold margins (never on the rows the trees were trained on). Both classes
/// are weighted to equal total weight, so a calibrated probability answers "how likely is a
/// bot, if bots and humans were equally common"; the operating threshold, not the probability,
/// carries the base-rate decision.
public enum Calibration: Sendable, Hashable, Codable {
    /// The logistic of the margin, unchanged.
    case logistic
    /// Platt scaling: `1 / (1 + e^−(a·margin + b))`.
    case platt(a: Double, b: Double)
    /// Isotonic regression: a non-decreasing step function through `(margins[i], probabilities[i])`,
    /// interpolated linearly between knots and constant beyond the ends.
    case isotonic(margins: [Double], probabilities: [Double])

    /// The calibrated probability for a margin.
    public func probability(margin: Double) -> Double {
        switch self {
        case .logistic:
            return TreeEnsemble.logistic(margin)
        case let .platt(a, b):
            return TreeEnsemble.logistic(a * margin + b)
        case let .isotonic(xs, ys):
            guard let first = xs.first, let last = xs.last else { return TreeEnsemble.logistic(margin) }
            if margin <= first { return ys[0] }
            if margin >= last { return ys[ys.count - 1] }
            var lo = 0
            var hi = xs.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if xs[mid] <= margin { lo = mid } else { hi = mid }
            }
            let span = xs[hi] - xs[lo]
            if span <= 0 { return ys[hi] }
            let t = (margin - xs[lo]) / span
            return ys[lo] + t * (ys[hi] - ys[lo])
        }
    }

    /// Fits Platt scaling by Newton's method on the class-balanced log loss.
    ///
    /// Uses Platt's smoothed targets `(N₊+1)/(N₊+2)` and `1/(N₋+2)` to avoid overconfidence.
    public static func fitPlatt(margins: [Double], labels: [Bool]) -> Calibration {
        let positives = Double(labels.filter { $0 }.count)
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return .logistic }
        let tPos = (positives + 1) / (positives + 2)
        let tNeg = 1 / (negatives + 2)
        let wPos = Double(labels.count) / (2 * positives)
        let wNeg = Double(labels.count) / (2 * negatives)
        var a = 1.0
        var b = 0.0
        for _ in 0..<100 {
            var g0 = 0.0
            var g1 = 0.0
            var h00 = 1e-9
            var h01 = 0.0
            var h11 = 1e-9
            for (x, y) in zip(margins, labels) {
                let w = y ? wPos : wNeg
                let t = y ? tPos : tNeg
                let p = TreeEnsemble.logistic(a * x + b)
                let d = w * (p - t)
                g0 += d * x
                g1 += d
                let s = w * p * (1 - p)
                h00 += s * x * x
                h01 += s * x
                h11 += s
            }
            let det = h00 * h11 - h01 * h01
            guard det > 0 else { break }
            let da = (h11 * g0 - h01 * g1) / det
            let db = (h00 * g1 - h01 * g0) / det
            a -= da
            b -= db
            if abs(da) < 1e-10 && abs(db) < 1e-10 { break }
        }
        return .platt(a: a, b: b)
    }

    /// Fits isotonic regression by pool-adjacent-violators on class-balanced weights.
    ///
    /// Knots are the weighted mean margin of each pooled block, so the result is a
    /// non-decreasing piecewise-linear map.
    /// - Complexity: O(n log n).
    public static func fitIsotonic(margins: [Double], labels: [Bool]) -> Calibration {
        let positives = Double(labels.filter { $0 }.count)
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return .logistic }
        let wPos = Double(labels.count) / (2 * positives)
        let wNeg = Double(labels.count) / (2 * negatives)
        let order = margins.indices.sorted { margins[$0] < margins[$1] }
        // Blocks: (sum w·x, sum w·y, sum w).
        var sx: [Double] = []
        var sy: [Double] = []
        var sw: [Double] = []
        var i = 0
        while i < order.count {
            // Equal margins form one block from the start.
            var j = i
            var bx = 0.0
            var by = 0.0
            var bw = 0.0
            while j < order.count && margins[order[j]] == margins[order[i]] {
                let y = labels[order[j]]
                let w = y ? wPos : wNeg
                bx += w * margins[order[j]]
                by += w * (y ? 1 : 0)
                bw += w
                j += 1
            }
            sx.append(bx)
            sy.append(by)
            sw.append(bw)
            while sy.count >= 2 && sy[sy.count - 2] / sw[sw.count - 2] >= sy[sy.count - 1] / sw[sw.count - 1] {
                let x = sx.removeLast()
                let y = sy.removeLast()
                let w = sw.removeLast()
                sx[sx.count - 1] += x
                sy[sy.count - 1] += y
                sw[sw.count - 1] += w
            }
            i = j
        }
        let xs = zip(sx, sw).map { $0 / $1 }
        let ys = zip(sy, sw).map { $0 / $1 }
        return .isotonic(margins: xs, probabilities: ys)
    }
}
