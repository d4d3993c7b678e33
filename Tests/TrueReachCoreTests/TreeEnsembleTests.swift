import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct TreeEnsembleTests {
    private func set(_ xs: [[Float]], _ ys: [Bool]) -> TrainingSet {
        TrainingSet(
            features: FeatureMatrix(rows: xs.map(FeatureRow.init(values:)), columnCount: xs[0].count),
            labels: ys
        )
    }

    @Test func stumpMatchesHandComputedValues() throws {
        // Given x = 1, 2, 3, 4 with labels 0, 0, 1, 1: base margin 0, p = 0.5, g = ±0.5, h = 0.25.
        let data = set([[1], [2], [3], [4]], [false, false, true, true])
        let p = TreeEnsembleParameters(
            treeCount: 1,
            maxDepth: 1,
            learningRate: 1,
            l2Regularization: 0,
            minChildWeight: 0,
            minSamplesLeaf: 1,
            rowSubsample: 1,
            featureSubsample: 1
        )
        var rng = SplitMix64(seed: 1)
        // When
        let model = try TreeEnsemble.fit(data, parameters: p, using: &rng)
        // Then: split halfway between 2 and 3; leaves −G/H = −(1)/(0.5) = −2 and +2.
        #expect(model.baseMargin == 0)
        #expect(model.feature[0] == 0)
        #expect(model.threshold[0] == 2.5)
        #expect(model.value[Int(model.left[0])] == -2)
        #expect(model.value[Int(model.right[0])] == 2)
        #expect(model.predictMargin(FeatureRow(values: [1])) == -2)
        #expect(model.predictMargin(FeatureRow(values: [3.5])) == 2)
    }

    @Test func l2RegularisationShrinksLeaves() throws {
        let data = set([[1], [2], [3], [4]], [false, false, true, true])
        let p = TreeEnsembleParameters(
            treeCount: 1,
            maxDepth: 1,
            learningRate: 0.5,
            l2Regularization: 1,
            minChildWeight: 0,
            minSamplesLeaf: 1,
            rowSubsample: 1,
            featureSubsample: 1
        )
        var rng = SplitMix64(seed: 1)
        let model = try TreeEnsemble.fit(data, parameters: p, using: &rng)
        // leaf = −η·G/(H+λ) = −0.5 · 1 / 1.5
        #expect(abs(Double(model.value[Int(model.left[0])]) - (-0.5 / 1.5)) < 1e-6)
    }

    @Test func learnsWhereMissingValuesGo() throws {
        // Bots have the feature missing; humans have it, with values that do not separate by themselves.
        var xs: [[Float]] = []
        var ys: [Bool] = []
        for i in 0..<40 {
            xs.append([i % 2 == 0 ? .nan : Float(i)])
            ys.append(i % 2 == 0)
        }
        let p = TreeEnsembleParameters(
            treeCount: 10,
            maxDepth: 1,
            learningRate: 0.5,
            minSamplesLeaf: 1,
            rowSubsample: 1,
            featureSubsample: 1
        )
        var rng = SplitMix64(seed: 3)
        let model = try TreeEnsemble.fit(set(xs, ys), parameters: p, using: &rng)
        #expect(model.predictProbability(FeatureRow(values: [.nan])) > 0.9)
        #expect(model.predictProbability(FeatureRow(values: [7])) < 0.1)
    }

    @Test func sameSeedSameModelDifferentSeedDifferentModel() throws {
        let data = randomData(rows: 300, columns: 5, seed: 11)
        let p = TreeEnsembleParameters(treeCount: 10, maxDepth: 3)
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        var c = SplitMix64(seed: 43)
        let m1 = try TreeEnsemble.fit(data, parameters: p, using: &a)
        let m2 = try TreeEnsemble.fit(data, parameters: p, using: &b)
        let m3 = try TreeEnsemble.fit(data, parameters: p, using: &c)
        #expect(m1 == m2)
        #expect(m1 != m3)
    }

    @Test func batchPredictionEqualsReference() throws {
        let data = randomData(rows: 500, columns: 6, seed: 5)
        var rng = SplitMix64(seed: 9)
        let model = try TreeEnsemble.fit(
            data,
            parameters: TreeEnsembleParameters(treeCount: 20, maxDepth: 4),
            using: &rng
        )
        let batch = model.predictMargins(data.features)
        for i in 0..<data.features.rowCount {
            #expect(batch[i] == model.predictMarginReference(data.features.row(i).values))
        }
    }

    @Test func agreesWithStraightforwardReferenceLearner() throws {
        // Given random data with missing values and no subsampling (the reference has none).
        let data = randomData(rows: 400, columns: 4, seed: 21)
        let p = TreeEnsembleParameters(
            treeCount: 8,
            maxDepth: 3,
            learningRate: 0.3,
            maxBins: 16,
            l2Regularization: 1,
            minChildWeight: 0.1,
            minSamplesLeaf: 5,
            rowSubsample: 1,
            featureSubsample: 1
        )
        var rng = SplitMix64(seed: 1)
        // When
        let fast = try TreeEnsemble.fit(data, parameters: p, using: &rng)
        let reference = ReferenceBoosting.fit(data, parameters: p)
        // Then the margins agree on every row.
        let margins = fast.predictMargins(data.features)
        for i in 0..<data.features.rowCount {
            #expect(abs(margins[i] - reference.margin(data.features.row(i).values)) < 1e-4)
        }
    }

    @Test func learnsASeparableProblem() throws {
        let data = randomData(rows: 2_000, columns: 6, seed: 8)
        var rng = SplitMix64(seed: 2)
        let model = try TreeEnsemble.fit(data, parameters: TreeEnsembleParameters(), using: &rng)
        let auc = ClassificationMetrics.rocAUC(labels: data.labels, scores: model.predictMargins(data.features))
        #expect((auc ?? 0) > 0.9)
    }

    @Test func rejectsBadInput() {
        var rng = SplitMix64(seed: 1)
        #expect(throws: ModelError.self) {
            _ = try TreeEnsemble.fit(set([[1], [2]], [true, true]), using: &rng)
        }
        do {
            _ = try TreeEnsemble.fit(set([[1], [2]], [true, false]), parameters: .init(treeCount: 0), using: &rng)
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect(error.code == .invalidParameters)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

/// Random data where the label depends on two features, with 10% missing values.
func randomData(rows: Int, columns: Int, seed: UInt64) -> TrainingSet {
    var rng = SplitMix64(seed: seed)
    var values: [Float] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
        var row: [Float] = []
        for _ in 0..<columns {
            let missing = Double.random(in: 0..<1, using: &rng) < 0.1
            row.append(missing ? .nan : Float(Double.random(in: -1..<1, using: &rng)))
        }
        let a = row[0].isNaN ? 0.5 : Double(row[0])
        let b = row[1].isNaN ? -0.2 : Double(row[1])
        let noise = Double.random(in: -0.3..<0.3, using: &rng)
        labels.append(a + 0.5 * b + noise > 0)
        values.append(contentsOf: row)
    }
    return TrainingSet(features: FeatureMatrix(rowCount: rows, columnCount: columns, values: values), labels: labels)
}

/// An obviously-correct, slow gradient-boosting learner: exhaustive search over the same candidate
/// thresholds, sums recomputed from scratch for every candidate, no histograms.
struct ReferenceBoosting {
    struct Node {
        var feature = -1
        var threshold: Float = 0
        var missingLeft = true
        var value = 0.0
        var left: Int = -1
        var right: Int = -1
    }
    var base = 0.0
    var trees: [[Node]] = []

    func margin(_ x: [Float]) -> Double {
        var total = base
        for tree in trees {
            var n = 0
            while tree[n].feature >= 0 {
                let v = x[tree[n].feature]
                let goLeft = v.isNaN ? tree[n].missingLeft : v <= tree[n].threshold
                n = goLeft ? tree[n].left : tree[n].right
            }
            total += tree[n].value
        }
        return total
    }

    static func fit(_ data: TrainingSet, parameters p: TreeEnsembleParameters) -> ReferenceBoosting {
        let n = data.features.rowCount
        let m = data.features.columnCount
        let pos = Double(data.labels.filter { $0 }.count)
        let wPos = (Double(n) - pos) / pos
        var w = data.labels.map { $0 ? wPos : 1.0 }
        let scale = Double(n) / w.reduce(0, +)
        w = w.map { $0 * scale }
        var sp = 0.0
        var sn = 0.0
        for i in 0..<n { if data.labels[i] { sp += w[i] } else { sn += w[i] } }
        var model = ReferenceBoosting()
        model.base = _log(sp / sn)
        // Candidate thresholds: the learner's bin edges (recomputed here the simple way).
        var edges: [[Float]] = []
        for j in 0..<m {
            let present = (0..<n).map { data.features[$0, j] }.filter { !$0.isNaN }.sorted()
            var distinct: [Float] = []
            for v in present where distinct.last != v { distinct.append(v) }
            var cuts: [Float] = []
            if distinct.count > 1 {
                if distinct.count <= p.maxBins {
                    for i in 0..<(distinct.count - 1) { cuts.append(mid(distinct[i], distinct[i + 1])) }
                } else {
                    var last = -1
                    for k in 1..<p.maxBins {
                        let q = present[min(present.count - 1, k * present.count / p.maxBins)]
                        let idx = distinct.firstIndex(of: q) ?? 0
                        if idx > last && idx < distinct.count - 1 {
                            cuts.append(mid(distinct[idx], distinct[idx + 1]))
                            last = idx
                        }
                    }
                }
            }
            edges.append(cuts + [.infinity])
        }
        var margins = [Double](repeating: model.base, count: n)
        for _ in 0..<p.treeCount {
            var g = [Double](repeating: 0, count: n)
            var h = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let prob = 1 / (1 + _exp(-margins[i]))
                g[i] = w[i] * (prob - (data.labels[i] ? 1 : 0))
                h[i] = max(w[i] * prob * (1 - prob), 1e-12)
            }
            var tree: [Node] = []
            func grow(_ rows: [Int], _ depth: Int) -> Int {
                let G = rows.reduce(0) { $0 + g[$1] }
                let H = rows.reduce(0) { $0 + h[$1] }
                let index = tree.count
                tree.append(Node(value: -p.learningRate * G / (H + p.l2Regularization)))
                guard depth < p.maxDepth else { return index }
                var best: (gain: Double, f: Int, t: Float, ml: Bool)?
                for j in 0..<m {
                    let missing = rows.filter { data.features[$0, j].isNaN }
                    for (b, t) in edges[j].enumerated() {
                        let isLast = b == edges[j].count - 1
                        for ml in [false, true] {
                            if isLast && (ml || missing.isEmpty) { continue }
                            if ml && missing.isEmpty { continue }
                            let goesLeft: (Int) -> Bool = { i in
                                let v = data.features[i, j]
                                return v.isNaN ? ml : v <= t
                            }
                            let l = rows.filter(goesLeft)
                            let r = rows.filter { !goesLeft($0) }
                            guard l.count >= p.minSamplesLeaf, r.count >= p.minSamplesLeaf else { continue }
                            let gl = l.reduce(0) { $0 + g[$1] }
                            let hl = l.reduce(0) { $0 + h[$1] }
                            let gr = G - gl
                            let hr = H - hl
                            guard hl >= p.minChildWeight, hr >= p.minChildWeight else { continue }
                            let lambda = p.l2Regularization
                            let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - G * G / (H + lambda)
                            guard gain > max(p.minSplitGain, 1e-12) else { continue }
                            let direction = missing.isEmpty ? hl >= hr : ml
                            if gain > (best?.gain ?? -Double.infinity) + 1e-9 { best = (gain, j, t, direction) }
                        }
                    }
                }
                guard let split = best else { return index }
                let goesLeft: (Int) -> Bool = { i in
                    let v = data.features[i, split.f]
                    return v.isNaN ? split.ml : v <= split.t
                }
                tree[index].feature = split.f
                tree[index].threshold = split.t
                tree[index].missingLeft = split.ml
                let l = grow(rows.filter(goesLeft), depth + 1)
                let r = grow(rows.filter { !goesLeft($0) }, depth + 1)
                tree[index].left = l
                tree[index].right = r
                return index
            }
            _ = grow(Array(0..<n), 0)
            model.trees.append(tree)
            for i in 0..<n {
                var node = 0
                while tree[node].feature >= 0 {
                    let v = data.features[i, tree[node].feature]
                    node =
                        (v.isNaN ? tree[node].missingLeft : v <= tree[node].threshold)
                        ? tree[node].left : tree[node].right
                }
                margins[i] += Double(Float(tree[node].value))
            }
        }
        return model
    }

    private static func mid(_ a: Float, _ b: Float) -> Float {
        let m = a + (b - a) / 2
        return m < b ? m : a
    }
}
