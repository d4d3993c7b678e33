/// A fitted ensemble of binary decision trees, stored as flat parallel arrays.
///
/// The layout is scikit-learn's `tree_`: node `i` splits on `feature[i]` at `threshold[i]`;
/// a value `x <= threshold` goes to `left[i]`, a larger one to `right[i]`, and a missing value
/// (`NaN`) to `left[i]` when `defaultLeft[i]`, else `right[i]`. A leaf has `feature[i] == -1`.
/// `value[i]` is the node's output (for internal nodes, the value it would have had as a leaf),
/// which is what path attribution reads. The margin (log-odds) is
/// `baseMargin + Σ value[leaf reached in tree t]`; the probability is its logistic.
///
/// Create one with ``fit(_:parameters:using:)``; there is no unfitted state.
public struct TreeEnsemble: Sendable, Hashable, Codable {
    /// Number of feature columns the model reads.
    public let featureCount: Int
    /// The margin before any tree (log-odds of the weighted class prior).
    public let baseMargin: Double
    /// Index of each tree's root node.
    public let roots: [Int32]
    /// Split feature per node; `-1` for a leaf.
    public let feature: [Int32]
    /// Split threshold per node (`x <= threshold` goes left).
    public let threshold: [Float]
    /// Left child per node (`-1` for a leaf).
    public let left: [Int32]
    /// Right child per node (`-1` for a leaf).
    public let right: [Int32]
    /// Where a missing value goes, per node.
    public let defaultLeft: [Bool]
    /// Output per node (leaf value, or the node's value had it been a leaf).
    public let value: [Float]

    /// Creates an ensemble from flat arrays; validates the structure.
    ///
    /// - Throws: ``ModelError`` with code `.invalidModelFile` when arrays disagree or a child
    ///   index is out of range or not after its parent.
    public init(
        featureCount: Int,
        baseMargin: Double,
        roots: [Int32],
        feature: [Int32],
        threshold: [Float],
        left: [Int32],
        right: [Int32],
        defaultLeft: [Bool],
        value: [Float]
    ) throws {
        let n = feature.count
        guard threshold.count == n, left.count == n, right.count == n, defaultLeft.count == n, value.count == n
        else { throw ModelError(.invalidModelFile, "Tree arrays have different lengths.") }
        for r in roots where r < 0 || Int(r) >= n {
            throw ModelError(.invalidModelFile, "A tree root is out of range.")
        }
        for i in 0..<n {
            if feature[i] >= 0 {
                guard Int(feature[i]) < featureCount,
                    left[i] > Int32(i), right[i] > Int32(i), Int(left[i]) < n, Int(right[i]) < n
                else { throw ModelError(.invalidModelFile, "Tree node \(i) has an invalid split or child.") }
            } else if feature[i] != -1 {
                throw ModelError(.invalidModelFile, "Tree node \(i) has an invalid feature index.")
            }
        }
        self.featureCount = featureCount
        self.baseMargin = baseMargin
        self.roots = roots
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.defaultLeft = defaultLeft
        self.value = value
    }

    /// Number of trees.
    public var treeCount: Int { roots.count }

    /// Decodes and validates an ensemble.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            featureCount: try c.decode(Int.self, forKey: .featureCount),
            baseMargin: try c.decode(Double.self, forKey: .baseMargin),
            roots: try c.decode([Int32].self, forKey: .roots),
            feature: try c.decode([Int32].self, forKey: .feature),
            threshold: try c.decode([Float].self, forKey: .threshold),
            left: try c.decode([Int32].self, forKey: .left),
            right: try c.decode([Int32].self, forKey: .right),
            defaultLeft: try c.decode([Bool].self, forKey: .defaultLeft),
            value: try c.decode([Float].self, forKey: .value)
        )
    }

    private enum CodingKeys: String, CodingKey {
        case featureCount = "feature_count"
        case baseMargin = "base_margin"
        case roots, feature, threshold, left, right
        case defaultLeft = "default_left"
        case value
    }

    // MARK: - Prediction

    /// The raw margin (log-odds) for one row of features.
    ///
    /// - Complexity: O(trees × depth).
    public func predictMargin(_ row: FeatureRow) -> Double {
        precondition(row.values.count == featureCount, "TreeEnsemble: row has the wrong number of features")
        return row.values.withUnsafeBufferPointer { margin(of: $0, at: 0) }
    }

    /// The probability of the positive class (bot) for one row: the logistic of the margin.
    public func predictProbability(_ row: FeatureRow) -> Double {
        Self.logistic(predictMargin(row))
    }

    /// Margins for every row of a matrix.
    ///
    /// - Complexity: O(rows × trees × depth).
    public func predictMargins(_ matrix: FeatureMatrix) -> [Double] {
        precondition(matrix.columnCount == featureCount, "TreeEnsemble: matrix has the wrong number of features")
        var out = [Double](repeating: 0, count: matrix.rowCount)
        predictMargins(matrix.values, rowCount: matrix.rowCount, into: &out)
        return out
    }

    /// Probabilities (logistic of the margin) for every row of a matrix.
    public func predictProbabilities(_ matrix: FeatureMatrix) -> [Double] {
        var out = predictMargins(matrix)
        for i in out.indices { out[i] = Self.logistic(out[i]) }
        return out
    }

    /// Margins for `rowCount` rows of row-major `values`, written to `out[0..<rowCount]`.
    ///
    /// The hot path: no allocation, one pass per tree over a block of rows so the tree's
    /// nodes stay in cache.
    public func predictMargins(_ values: [Float], rowCount: Int, into out: inout [Double]) {
        precondition(values.count >= rowCount * featureCount && out.count >= rowCount)
        // Unsafe buffers only to drop bounds checks in the inner loop; `predictMarginReference`
        // is the safe implementation the tests compare this against.
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                feature.withUnsafeBufferPointer { f in
                    threshold.withUnsafeBufferPointer { t in
                        left.withUnsafeBufferPointer { l in
                            right.withUnsafeBufferPointer { r in
                                defaultLeft.withUnsafeBufferPointer { d in
                                    value.withUnsafeBufferPointer { v in
                                        let m = featureCount
                                        let block = 64
                                        var start = 0
                                        while start < rowCount {
                                            let end = min(start + block, rowCount)
                                            for i in start..<end { o[i] = baseMargin }
                                            for root in roots {
                                                for i in start..<end {
                                                    let base = i * m
                                                    var node = Int(root)
                                                    while true {
                                                        let fi = Int(f[node])
                                                        if fi < 0 { break }
                                                        let xv = x[base + fi]
                                                        let goLeft = xv.isNaN ? d[node] : xv <= t[node]
                                                        node = Int(goLeft ? l[node] : r[node])
                                                    }
                                                    o[i] += Double(v[node])
                                                }
                                            }
                                            start = end
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The straightforward, safe margin computation the fast path is tested against.
    public func predictMarginReference(_ row: [Float]) -> Double {
        var total = baseMargin
        for root in roots {
            var node = Int(root)
            while feature[node] >= 0 {
                let x = row[Int(feature[node])]
                let goLeft = x.isNaN ? defaultLeft[node] : x <= threshold[node]
                node = Int(goLeft ? left[node] : right[node])
            }
            total += Double(value[node])
        }
        return total
    }

    private func margin(of x: UnsafeBufferPointer<Float>, at base: Int) -> Double {
        var total = baseMargin
        for root in roots {
            var node = Int(root)
            while feature[node] >= 0 {
                let xv = x[base + Int(feature[node])]
                let goLeft = xv.isNaN ? defaultLeft[node] : xv <= threshold[node]
                node = Int(goLeft ? left[node] : right[node])
            }
            total += Double(value[node])
        }
        return total
    }

    // MARK: - Explanation

    /// Exact per-feature contributions to the margin by path attribution (Saabas).
    ///
    /// Along each tree's decision path, the change of node value from parent to child is
    /// credited to the parent's split feature. `bias + Σ contributions == predictMargin(row)`
    /// (up to floating-point rounding), where `bias = baseMargin + Σ value[root]`.
    /// Positive contributions push towards the positive class (bot).
    ///
    /// - Parameters:
    ///   - values: Row-major features.
    ///   - offset: Where the row starts in `values`.
    ///   - contributions: Receives one value per feature (overwritten; must have `featureCount` elements).
    /// - Returns: The bias term.
    /// - Complexity: O(trees × depth), no allocation.
    @discardableResult
    public func contributions(_ values: [Float], at offset: Int, into contributions: inout [Double]) -> Double {
        precondition(contributions.count == featureCount)
        for j in contributions.indices { contributions[j] = 0 }
        var bias = baseMargin
        for root in roots {
            var node = Int(root)
            bias += Double(value[node])
            while feature[node] >= 0 {
                let fi = Int(feature[node])
                let x = values[offset + fi]
                let goLeft = x.isNaN ? defaultLeft[node] : x <= threshold[node]
                let child = Int(goLeft ? left[node] : right[node])
                contributions[fi] += Double(value[child]) - Double(value[node])
                node = child
            }
        }
        return bias
    }

    /// The logistic function `1 / (1 + e^−x)`.
    public static func logistic(_ x: Double) -> Double {
        1 / (1 + _exp(-x))
    }
}
