extension TreeEnsemble {
    /// Fits gradient-boosted histogram trees on the logistic loss.
    ///
    /// Features are cut into at most `maxBins` quantile bins (thresholds halfway between
    /// neighbouring distinct values) plus one bin for missing values. Every split learns where
    /// missing values go: both directions are tried and the better kept; when a node saw no
    /// missing value for the feature, they follow the child with more training weight. Bots
    /// and humans are weighted to balance (or by `positiveClassWeight`), times any row weights.
    /// Row and feature subsampling draw from `rng`, so the same data, parameters and seed give
    /// the same model on every run.
    ///
    /// - Parameters:
    ///   - data: Labelled rows.
    ///   - parameters: Hyperparameters.
    ///   - rng: The source of randomness for subsampling.
    /// - Returns: The fitted ensemble.
    /// - Throws: ``ModelError`` `.invalidTrainingData` (empty, one class, mismatched lengths,
    ///   non-finite or negative weights) or `.invalidParameters`.
    /// - Complexity: O(trees × depth × rows × features) plus O(rows log rows × features) to bin.
    public static func fit(
        _ data: TrainingSet,
        parameters: TreeEnsembleParameters = TreeEnsembleParameters(),
        using rng: inout some RandomNumberGenerator
    ) throws -> TreeEnsemble {
        try validate(data, parameters)
        var builder = GradientBoostingBuilder(data: data, parameters: parameters)
        return try builder.run(using: &rng)
    }

    private static func validate(_ data: TrainingSet, _ p: TreeEnsembleParameters) throws {
        let n = data.features.rowCount
        guard n > 0 else { throw ModelError(.invalidTrainingData, "The training set is empty.") }
        guard data.features.columnCount > 0 else { throw ModelError(.invalidTrainingData, "There are no features.") }
        guard data.labels.count == n else {
            throw ModelError(.invalidTrainingData, "There are \(data.labels.count) labels for \(n) rows.")
        }
        guard data.labels.contains(true), data.labels.contains(false) else {
            throw ModelError(.invalidTrainingData, "Training needs both bots and humans.")
        }
        if let w = data.weights {
            guard w.count == n, w.allSatisfy({ $0.isFinite && $0 >= 0 }), w.contains(where: { $0 > 0 }) else {
                throw ModelError(.invalidTrainingData, "Row weights must be finite, non-negative, one per row.")
            }
        }
        if let u = data.usableFeatures, u.count != data.features.columnCount {
            throw ModelError(.invalidTrainingData, "usableFeatures must have one flag per column.")
        }
        guard p.treeCount >= 1, p.maxDepth >= 0, p.maxDepth <= 16, p.learningRate > 0, p.learningRate <= 1,
            p.maxBins >= 2, p.maxBins <= 255, p.l2Regularization >= 0, p.minChildWeight >= 0, p.minSamplesLeaf >= 1,
            p.rowSubsample > 0, p.rowSubsample <= 1, p.featureSubsample > 0, p.featureSubsample <= 1,
            (p.positiveClassWeight ?? 1) > 0
        else { throw ModelError(.invalidParameters, "A tree-ensemble parameter is out of range.") }
    }
}

/// Quantile bin edges of one feature: bin `b` holds values `<= edges[b]` (and above `edges[b-1]`).
struct FeatureBins {
    /// Upper edges; the last one is `+∞`.
    var edges: [Float]

    static let missingBin = 255

    init(values: [Float], maxBins: Int) {
        var present = values.filter { !$0.isNaN }
        present.sort()
        var distinct: [Float] = []
        distinct.reserveCapacity(min(present.count, 1024))
        for v in present where distinct.last != v { distinct.append(v) }
        guard distinct.count > 1 else {
            edges = [.infinity]
            return
        }
        var cuts: [Float] = []
        if distinct.count <= maxBins {
            for i in 0..<(distinct.count - 1) { cuts.append(Self.midpoint(distinct[i], distinct[i + 1])) }
        } else {
            // Quantiles of the present values; each cut is halfway to the next distinct value.
            var lastIndex = -1
            for k in 1..<maxBins {
                let q = present[min(present.count - 1, k * present.count / maxBins)]
                // Index of q among the distinct values.
                var lo = 0
                var hi = distinct.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if distinct[mid] < q { lo = mid + 1 } else { hi = mid }
                }
                if lo > lastIndex && lo < distinct.count - 1 {
                    cuts.append(Self.midpoint(distinct[lo], distinct[lo + 1]))
                    lastIndex = lo
                }
            }
        }
        cuts.append(.infinity)
        edges = cuts
    }

    private static func midpoint(_ a: Float, _ b: Float) -> Float {
        let m = a + (b - a) / 2
        // `m` may round up to `b` for adjacent floats; keep `a` in the lower bin and `b` above.
        return m < b ? m : a
    }

    /// The bin of a value (`missingBin` for NaN).
    func bin(_ v: Float) -> UInt8 {
        if v.isNaN { return UInt8(Self.missingBin) }
        var lo = 0
        var hi = edges.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if v <= edges[mid] { hi = mid } else { lo = mid + 1 }
        }
        return UInt8(lo)
    }
}

/// One boosting run: binned data, gradients, and the growing flat arrays.
private struct GradientBoostingBuilder {
    let parameters: TreeEnsembleParameters
    let rowCount: Int
    let columnCount: Int
    let labels: [Double]
    let weights: [Double]
    let bins: [FeatureBins]
    /// Column-major bin indices.
    let binned: [UInt8]
    let usable: [Int]

    var gradients: [Double]
    var hessians: [Double]
    var margins: [Double]
    var baseMargin: Double = 0

    var feature: [Int32] = []
    var threshold: [Float] = []
    var splitBin: [UInt8] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var defaultLeft: [Bool] = []
    var value: [Float] = []
    var roots: [Int32] = []

    init(data: TrainingSet, parameters: TreeEnsembleParameters) {
        self.parameters = parameters
        rowCount = data.features.rowCount
        columnCount = data.features.columnCount
        labels = data.labels.map { $0 ? 1 : 0 }
        let positives = data.labels.filter { $0 }.count
        let negatives = rowCount - positives
        let positiveWeight =
            parameters.positiveClassWeight ?? Double(negatives) / Double(positives)
        var w = data.weights ?? [Double](repeating: 1, count: rowCount)
        for i in 0..<rowCount where data.labels[i] { w[i] *= positiveWeight }
        // Normalise so the mean weight is 1 (keeps minChildWeight meaningful).
        let total = w.reduce(0, +)
        let scale = Double(rowCount) / total
        for i in w.indices { w[i] *= scale }
        weights = w

        var allBins: [FeatureBins] = []
        var binned = [UInt8](repeating: 0, count: rowCount * columnCount)
        var column = [Float](repeating: 0, count: rowCount)
        for j in 0..<columnCount {
            for i in 0..<rowCount { column[i] = data.features[i, j] }
            let b = FeatureBins(values: column, maxBins: parameters.maxBins)
            for i in 0..<rowCount { binned[j * rowCount + i] = b.bin(column[i]) }
            allBins.append(b)
        }
        bins = allBins
        self.binned = binned
        // A column can split when it has two distinct values, or both present and missing ones.
        let n = rowCount
        usable = (0..<columnCount).filter { j in
            guard data.usableFeatures?[j] ?? true else { return false }
            let column = binned[(j * n)..<((j + 1) * n)]
            let missing = column.contains(255)
            let present = column.contains { $0 != 255 }
            return allBins[j].edges.count > 1 || (missing && present)
        }
        gradients = [Double](repeating: 0, count: rowCount)
        hessians = [Double](repeating: 0, count: rowCount)
        margins = [Double](repeating: 0, count: rowCount)
    }

    mutating func run(using rng: inout some RandomNumberGenerator) throws -> TreeEnsemble {
        var wPos = 0.0
        var wNeg = 0.0
        for i in 0..<rowCount {
            if labels[i] == 1 { wPos += weights[i] } else { wNeg += weights[i] }
        }
        baseMargin = _log(wPos / wNeg)
        for i in 0..<rowCount { margins[i] = baseMargin }

        var rows = [Int32](repeating: 0, count: rowCount)
        for _ in 0..<parameters.treeCount {
            for i in 0..<rowCount {
                let p = TreeEnsemble.logistic(margins[i])
                gradients[i] = weights[i] * (p - labels[i])
                hessians[i] = max(weights[i] * p * (1 - p), 1e-12)
            }
            // Row subsample without replacement (a partial Fisher-Yates shuffle), kept in row order.
            var sampleCount = rowCount
            if parameters.rowSubsample < 1 {
                sampleCount = max(1, Int((Double(rowCount) * parameters.rowSubsample).rounded()))
                var all = Array(0..<Int32(rowCount))
                for i in 0..<sampleCount {
                    let j = i + Int(rng.next(upperBound: UInt64(rowCount - i)))
                    all.swapAt(i, j)
                }
                rows = Array(all[0..<sampleCount]).sorted()
            } else {
                rows = Array(0..<Int32(rowCount))
            }
            var features = usable
            if parameters.featureSubsample < 1, features.count > 1 {
                let k = max(1, Int((Double(features.count) * parameters.featureSubsample).rounded()))
                for i in 0..<k {
                    let j = i + Int(rng.next(upperBound: UInt64(features.count - i)))
                    features.swapAt(i, j)
                }
                features = Array(features[0..<k]).sorted()
            }
            let root = Int32(feature.count)
            roots.append(root)
            grow(rows: &rows, range: 0..<sampleCount, depth: 0, features: features)
            // Update every row's margin (sampled or not) by walking the new tree on bins.
            for i in 0..<rowCount {
                var node = Int(root)
                while feature[node] >= 0 {
                    let b = binned[Int(feature[node]) * rowCount + i]
                    let goLeft = b == 255 ? defaultLeft[node] : b <= splitBin[node]
                    node = Int(goLeft ? left[node] : right[node])
                }
                margins[i] += Double(value[node])
            }
        }
        return try TreeEnsemble(
            featureCount: columnCount,
            baseMargin: baseMargin,
            roots: roots,
            feature: feature,
            threshold: threshold,
            left: left,
            right: right,
            defaultLeft: defaultLeft,
            value: value
        )
    }

    private struct Split {
        var gain: Double
        var feature: Int
        var bin: Int
        var missingLeft: Bool
    }

    /// Grows the subtree over `rows[range]` depth-first; returns its node index.
    @discardableResult
    private mutating func grow(rows: inout [Int32], range: Range<Int>, depth: Int, features: [Int]) -> Int32 {
        var g = 0.0
        var h = 0.0
        for k in range {
            let i = Int(rows[k])
            g += gradients[i]
            h += hessians[i]
        }
        let lambda = parameters.l2Regularization
        let nodeValue = Float(-parameters.learningRate * g / (h + lambda))
        let index = Int32(feature.count)
        feature.append(-1)
        threshold.append(0)
        splitBin.append(0)
        left.append(-1)
        right.append(-1)
        defaultLeft.append(true)
        value.append(nodeValue)

        guard depth < parameters.maxDepth, range.count >= 2 * parameters.minSamplesLeaf,
            let split = bestSplit(rows: rows, range: range, g: g, h: h, features: features)
        else { return index }

        // Partition rows[range] in place: left first, keeping relative order (stable).
        let column = split.feature * rowCount
        var leftRows: [Int32] = []
        var rightRows: [Int32] = []
        leftRows.reserveCapacity(range.count)
        rightRows.reserveCapacity(range.count)
        for k in range {
            let i = rows[k]
            let b = binned[column + Int(i)]
            let goLeft = b == 255 ? split.missingLeft : Int(b) <= split.bin
            if goLeft { leftRows.append(i) } else { rightRows.append(i) }
        }
        var k = range.lowerBound
        for i in leftRows {
            rows[k] = i
            k += 1
        }
        for i in rightRows {
            rows[k] = i
            k += 1
        }
        let mid = range.lowerBound + leftRows.count

        let node = Int(index)
        feature[node] = Int32(split.feature)
        // The "present | missing" split has an infinite edge; JSON cannot hold infinity.
        let edge = bins[split.feature].edges[split.bin]
        threshold[node] = edge.isInfinite ? .greatestFiniteMagnitude : edge
        splitBin[node] = UInt8(split.bin)
        defaultLeft[node] = split.missingLeft
        left[node] = grow(rows: &rows, range: range.lowerBound..<mid, depth: depth + 1, features: features)
        right[node] = grow(rows: &rows, range: mid..<range.upperBound, depth: depth + 1, features: features)
        return index
    }

    private func bestSplit(rows: [Int32], range: Range<Int>, g: Double, h: Double, features: [Int]) -> Split? {
        let lambda = parameters.l2Regularization
        let minChild = parameters.minChildWeight
        let minLeaf = parameters.minSamplesLeaf
        let parentScore = g * g / (h + lambda)
        var best: Split?
        var histG = [Double](repeating: 0, count: 256)
        var histH = [Double](repeating: 0, count: 256)
        var histN = [Int](repeating: 0, count: 256)
        for j in features {
            for b in 0..<256 {
                histG[b] = 0
                histH[b] = 0
                histN[b] = 0
            }
            let column = j * rowCount
            for k in range {
                let i = Int(rows[k])
                let b = Int(binned[column + i])
                histG[b] += gradients[i]
                histH[b] += hessians[i]
                histN[b] += 1
            }
            let binCount = bins[j].edges.count
            let gm = histG[255]
            let hm = histH[255]
            let nm = histN[255]
            var gl = 0.0
            var hl = 0.0
            var nl = 0
            // The last bin (b = binCount - 1) can only split "present | missing".
            for b in 0..<binCount {
                gl += histG[b]
                hl += histH[b]
                nl += histN[b]
                let isLast = b == binCount - 1
                if isLast && nm == 0 { break }
                // Option 1: missing goes right.
                if !isLast || nm > 0 {
                    let gr = g - gl
                    let hr = h - hl
                    let nr = range.count - nl
                    if nl >= minLeaf, nr >= minLeaf, hl >= minChild, hr >= minChild {
                        let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore
                        // Without missing values here, send future missing values to the heavier child.
                        let missingLeft = nm == 0 ? hl >= hr : false
                        consider(&best, Split(gain: gain, feature: j, bin: b, missingLeft: missingLeft))
                    }
                }
                // Option 2: missing goes left.
                if nm > 0 && !isLast {
                    let gL = gl + gm
                    let hL = hl + hm
                    let nL = nl + nm
                    let gr = g - gL
                    let hr = h - hL
                    let nr = range.count - nL
                    if nL >= minLeaf, nr >= minLeaf, hL >= minChild, hr >= minChild {
                        let gain = gL * gL / (hL + lambda) + gr * gr / (hr + lambda) - parentScore
                        consider(&best, Split(gain: gain, feature: j, bin: b, missingLeft: true))
                    }
                }
            }
        }
        return best
    }

    private func consider(_ best: inout Split?, _ candidate: Split) {
        guard candidate.gain > parameters.minSplitGain, candidate.gain > 1e-12 else { return }
        if let b = best, b.gain >= candidate.gain { return }
        best = candidate
    }
}
