import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct ExplanationTests {
    @Test func contributionsSumToTheMargin() throws {
        let data = randomData(rows: 600, columns: 5, seed: 12)
        var rng = SplitMix64(seed: 3)
        let model = try TreeEnsemble.fit(
            data,
            parameters: TreeEnsembleParameters(treeCount: 30, maxDepth: 4),
            using: &rng
        )
        var contributions = [Double](repeating: 0, count: 5)
        for i in 0..<data.features.rowCount {
            let bias = model.contributions(data.features.values, at: i * 5, into: &contributions)
            let margin = model.predictMargin(data.features.row(i))
            #expect(abs(bias + contributions.reduce(0, +) - margin) < 1e-9)
        }
    }

    @Test(arguments: [1, 3, 4, 6])
    func batchContributionsEqualTheRowByRowWalkBitForBit(maxDepth: Int) throws {
        // 603 rows: not a multiple of the four rows walked together; a tenth of values missing.
        let data = randomData(rows: 603, columns: 5, seed: 21)
        var rng = SplitMix64(seed: 8)
        let model = try TreeEnsemble.fit(
            data,
            parameters: TreeEnsembleParameters(treeCount: 25, maxDepth: maxDepth),
            using: &rng
        )
        var batch = [Double](repeating: .nan, count: data.features.rowCount * 5)
        let batchBias = model.contributions(data.features.values, rowCount: data.features.rowCount, into: &batch)
        var single = [Double](repeating: 0, count: 5)
        for i in 0..<data.features.rowCount {
            let bias = model.contributions(data.features.values, at: i * 5, into: &single)
            #expect(bias == batchBias)
            #expect(Array(batch[(i * 5)..<(i * 5 + 5)]) == single, "row \(i)")
        }
    }

    @Test func contributionsCreditTheSplitFeature() throws {
        // One informative feature, one constant: all credit goes to feature 0.
        let rows = (0..<100).map { FeatureRow(values: [Float($0), 1]) }
        let data = TrainingSet(features: FeatureMatrix(rows: rows, columnCount: 2), labels: (0..<100).map { $0 >= 50 })
        var rng = SplitMix64(seed: 1)
        let model = try TreeEnsemble.fit(
            data,
            parameters: TreeEnsembleParameters(treeCount: 5, maxDepth: 2),
            using: &rng
        )
        var c = [0.0, 0.0]
        model.contributions([90, 1], at: 0, into: &c)
        #expect(c[0] > 0)
        #expect(c[1] == 0)
    }

    @Test func signalsReadInPlainWordsWithTheAccountsValues() {
        let account = Profile.fixture(handle: "x83920174", bio: nil, followers: 12, following: 4_800, verified: true)
        let row = FeatureExtractor().extract(account, asOf: Profile.fixtureNow).values
        #expect(SignalGroup.followBalance.text(account: account, row: row, at: 0) == "follows 4,800, followed by 12")
        #expect(SignalGroup.handle.text(account: account, row: row, at: 0) == "handle is mostly digits (8 of 9)")
        #expect(SignalGroup.bio.text(account: account, row: row, at: 0) == "no bio")
        #expect(SignalGroup.verified.text(account: account, row: row, at: 0) == "verified account")
        let young = Profile.fixture(createdAt: Profile.fixtureNow.addingTimeInterval(-3 * 86_400 - 100))
        let youngRow = FeatureExtractor().extract(young, asOf: Profile.fixtureNow).values
        #expect(SignalGroup.accountAge.text(account: young, row: youngRow, at: 0) == "account is 3 days old")
    }

    @Test func everyFeatureBelongsToAGroup() {
        for f in ProfileFeature.allCases {
            #expect(SignalGroup.allCases.contains(SignalGroup.of(f)))
        }
    }
}
