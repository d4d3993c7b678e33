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
    /// The same trees padded to complete binary trees of one depth, for branch-free batch prediction.
    let compiled: CompleteTrees

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
        self.compiled = CompleteTrees(
            roots: roots,
            feature: feature,
            threshold: threshold,
            left: left,
            right: right,
            defaultLeft: defaultLeft,
            value: value
        )
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
    /// The hot path: no allocation; trees padded to one depth are walked without branches, a block
    /// of rows per tree so the tree stays in cache and the rows' walks overlap in the pipeline.
    public func predictMargins(_ values: [Float], rowCount: Int, into out: inout [Double]) {
        precondition(values.count >= rowCount * featureCount && out.count >= rowCount)
        compiled.predict(values, featureCount: featureCount, rowCount: rowCount, base: baseMargin, into: &out)
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

    /// Path-attribution contributions for `rowCount` rows at once: the scorer's hot path.
    ///
    /// Row `i`'s contributions land in `contributions[i × featureCount ..< (i + 1) × featureCount]`
    /// and are bit-for-bit those of ``contributions(_:at:into:)``; the bias is the same for every row.
    ///
    /// - Parameters:
    ///   - values: Row-major features, at least `rowCount × featureCount` of them.
    ///   - rowCount: How many rows.
    ///   - contributions: Receives `rowCount × featureCount` values (overwritten; must be at least that long).
    /// - Returns: The bias term, `baseMargin + Σ value[root]`.
    /// - Complexity: O(rows × trees × depth), no allocation; trees are walked padded to one depth,
    ///   without data-dependent branches.
    @discardableResult
    public func contributions(_ values: [Float], rowCount: Int, into contributions: inout [Double]) -> Double {
        precondition(values.count >= rowCount * featureCount && contributions.count >= rowCount * featureCount)
        compiled.contributions(values, featureCount: featureCount, rowCount: rowCount, into: &contributions)
        return bias
    }

    /// `baseMargin + Σ value[root]`, summed in tree order as ``contributions(_:at:into:)`` does.
    var bias: Double {
        var bias = baseMargin
        for root in roots { bias += Double(value[Int(root)]) }
        return bias
    }

    /// The logistic function `1 / (1 + e^−x)`.
    public static func logistic(_ x: Double) -> Double {
        1 / (1 + _exp(-x))
    }
}

/// Trees padded to complete binary trees of equal depth `D`, in level order.
///
/// Internal node `i` of a tree has children `2i+1` and `2i+2`; its `2^D` leaves follow. A leaf reached above depth `D`
/// becomes a chain of always-left splits (threshold `+∞`, missing left) over copies of its value,
/// so every walk takes exactly `D` steps and no data-dependent branch.
struct CompleteTrees: Sendable, Hashable {
    let depth: Int
    let treeCount: Int
    /// Per tree, `2^D − 1` internal nodes.
    let feature: [Int32]
    let threshold: [Float]
    let defaultLeft: [UInt8]
    /// Per tree, `2^D` leaf values.
    let leaves: [Float]
    /// Per tree, the value of every position (`2^(D+1) − 1`: internal nodes, then leaves), for path
    /// attribution; a padded position has its source node's value, so padding contributes zero.
    let positionValue: [Float]

    init(
        roots: [Int32],
        feature f: [Int32],
        threshold thresholds: [Float],
        left l: [Int32],
        right r: [Int32],
        defaultLeft d: [Bool],
        value v: [Float]
    ) {
        func depthOf(_ node: Int) -> Int {
            f[node] < 0 ? 0 : 1 + max(depthOf(Int(l[node])), depthOf(Int(r[node])))
        }
        let depth = roots.map { depthOf(Int($0)) }.max() ?? 0
        let internalCount = (1 << depth) - 1
        var feature = [Int32](repeating: 0, count: internalCount * roots.count)
        var threshold = [Float](repeating: .infinity, count: internalCount * roots.count)
        var defaultLeft = [UInt8](repeating: 1, count: internalCount * roots.count)
        var leaves = [Float](repeating: 0, count: (1 << depth) * roots.count)
        let positionCount = 2 * internalCount + 1
        var positionValue = [Float](repeating: 0, count: positionCount * roots.count)
        for (t, root) in roots.enumerated() {
            // (position in the complete tree, source node, level)
            var stack: [(Int, Int, Int)] = [(0, Int(root), 0)]
            while let (position, node, level) = stack.popLast() {
                positionValue[t * positionCount + position] = v[node]
                if level == depth {
                    leaves[t << depth + (position - internalCount)] = v[node]
                    continue
                }
                if f[node] >= 0 {
                    feature[t * internalCount + position] = f[node]
                    threshold[t * internalCount + position] = thresholds[node]
                    defaultLeft[t * internalCount + position] = d[node] ? 1 : 0
                    stack.append((2 * position + 1, Int(l[node]), level + 1))
                    stack.append((2 * position + 2, Int(r[node]), level + 1))
                } else {
                    // Always left; the right subtree is never reached but gets the same value.
                    stack.append((2 * position + 1, node, level + 1))
                    stack.append((2 * position + 2, node, level + 1))
                }
            }
        }
        self.depth = depth
        self.treeCount = roots.count
        self.feature = feature
        self.threshold = threshold
        self.defaultLeft = defaultLeft
        self.leaves = leaves
        self.positionValue = positionValue
    }

    /// Path-attribution contributions of `rowCount` rows of row-major `values`, written to
    /// `out[row × m + feature]` (overwritten).
    ///
    /// Per row, each feature's contributions are summed in the order of
    /// ``TreeEnsemble/contributions(_:at:into:)`` (tree by tree, root to leaf), so the results are
    /// bit-for-bit equal to it; padded levels add `+0.0`, which changes no sum.
    func contributions(_ values: [Float], featureCount m: Int, rowCount: Int, into out: inout [Double]) {
        let internalCount = (1 << depth) - 1
        let positionCount = 2 * internalCount + 1
        let depth = depth
        let treeCount = treeCount
        // Unsafe buffers only to drop bounds checks in this loop; `TreeEnsemble.contributions(_:at:into:)`
        // is the safe implementation the tests compare it with.
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                feature.withUnsafeBufferPointer { f in
                    threshold.withUnsafeBufferPointer { th in
                        defaultLeft.withUnsafeBufferPointer { d in
                            positionValue.withUnsafeBufferPointer { pv in
                                // One step of one row's walk: the position reached and the value added to
                                // the split feature's contribution. NaN fails both comparisons: `!(x > t)`
                                // sends it left, `x <= t` right.
                                @inline(__always) func step(
                                    _ p: inout Int, _ v: inout Double, _ n0: Int, _ v0: Int, _ r: Int
                                ) {
                                    let n = n0 &+ p
                                    let fi = r &+ Int(f[n])
                                    let xv = x[fi]
                                    let t = th[n]
                                    let goLeft = d[n] != 0 ? !(xv > t) : xv <= t
                                    p = 2 &* p &+ (goLeft ? 1 : 2)
                                    let child = Double(pv[v0 &+ p])
                                    o[fi] += child - v
                                    v = child
                                }
                                for j in 0..<(rowCount &* m) { o[j] = 0 }
                                // Four rows walk each tree together: a row's sums run in a chain through
                                // its contribution slots, but the four chains are independent, so the CPU
                                // overlaps them.
                                var row = 0
                                while row &+ 4 <= rowCount {
                                    let r0 = row &* m
                                    let r1 = r0 &+ m
                                    let r2 = r1 &+ m
                                    let r3 = r2 &+ m
                                    var nodeBase = 0
                                    var valueBase = 0
                                    for _ in 0..<treeCount {
                                        let root = Double(pv[valueBase])
                                        var p0 = 0
                                        var p1 = 0
                                        var p2 = 0
                                        var p3 = 0
                                        var v0 = root
                                        var v1 = root
                                        var v2 = root
                                        var v3 = root
                                        for _ in 0..<depth {
                                            step(&p0, &v0, nodeBase, valueBase, r0)
                                            step(&p1, &v1, nodeBase, valueBase, r1)
                                            step(&p2, &v2, nodeBase, valueBase, r2)
                                            step(&p3, &v3, nodeBase, valueBase, r3)
                                        }
                                        nodeBase &+= internalCount
                                        valueBase &+= positionCount
                                    }
                                    row &+= 4
                                }
                                while row < rowCount {
                                    let r0 = row &* m
                                    var nodeBase = 0
                                    var valueBase = 0
                                    for _ in 0..<treeCount {
                                        var p0 = 0
                                        var v0 = Double(pv[valueBase])
                                        for _ in 0..<depth { step(&p0, &v0, nodeBase, valueBase, r0) }
                                        nodeBase &+= internalCount
                                        valueBase &+= positionCount
                                    }
                                    row &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func predict(_ values: [Float], featureCount m: Int, rowCount: Int, base: Double, into out: inout [Double]) {
        let internalCount = (1 << depth) - 1
        let depth = depth
        let treeCount = treeCount
        // Unsafe buffers only to drop bounds checks in this loop; `TreeEnsemble.predictMarginReference`
        // is the safe implementation the tests compare it with.
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                feature.withUnsafeBufferPointer { f in
                    threshold.withUnsafeBufferPointer { th in
                        defaultLeft.withUnsafeBufferPointer { d in
                            leaves.withUnsafeBufferPointer { leaf in
                                // The whole ensemble fits in L1 cache. Four rows walk each tree together:
                                // their walks are independent, so the CPU overlaps them.
                                @inline(__always) func step(_ position: Int, _ n0: Int, _ row: Int) -> Int {
                                    let n = n0 &+ position
                                    let xv = x[row &+ Int(f[n])]
                                    let t = th[n]
                                    // NaN fails both comparisons: `!(x > t)` sends it left, `x <= t` right.
                                    let goLeft = d[n] != 0 ? !(xv > t) : xv <= t
                                    return 2 &* position &+ (goLeft ? 1 : 2)
                                }
                                let leafCount = 1 << depth
                                var i = 0
                                while i &+ 4 <= rowCount {
                                    let r0 = i &* m
                                    let r1 = r0 &+ m
                                    let r2 = r1 &+ m
                                    let r3 = r2 &+ m
                                    var s0 = base
                                    var s1 = base
                                    var s2 = base
                                    var s3 = base
                                    var nodeBase = 0
                                    var leafBase = -internalCount
                                    for _ in 0..<treeCount {
                                        var p0 = 0
                                        var p1 = 0
                                        var p2 = 0
                                        var p3 = 0
                                        for _ in 0..<depth {
                                            p0 = step(p0, nodeBase, r0)
                                            p1 = step(p1, nodeBase, r1)
                                            p2 = step(p2, nodeBase, r2)
                                            p3 = step(p3, nodeBase, r3)
                                        }
                                        s0 += Double(leaf[leafBase &+ p0])
                                        s1 += Double(leaf[leafBase &+ p1])
                                        s2 += Double(leaf[leafBase &+ p2])
                                        s3 += Double(leaf[leafBase &+ p3])
                                        nodeBase &+= internalCount
                                        leafBase &+= leafCount
                                    }
                                    o[i] = s0
                                    o[i &+ 1] = s1
                                    o[i &+ 2] = s2
                                    o[i &+ 3] = s3
                                    i &+= 4
                                }
                                while i < rowCount {
                                    let r0 = i &* m
                                    var s0 = base
                                    var nodeBase = 0
                                    var leafBase = -internalCount
                                    for _ in 0..<treeCount {
                                        var p0 = 0
                                        for _ in 0..<depth { p0 = step(p0, nodeBase, r0) }
                                        s0 += Double(leaf[leafBase &+ p0])
                                        nodeBase &+= internalCount
                                        leafBase &+= leafCount
                                    }
                                    o[i] = s0
                                    i &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
