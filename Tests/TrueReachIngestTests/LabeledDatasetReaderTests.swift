import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachIngest

@Suite struct LabeledDatasetReaderTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var name: String
        var bots: Int
        var humans: Int
        var labelsWithoutProfile: Int
        var unlabeled: Int = 0
        var testDescription: String { name }
    }

    /// Label counts from each folder's PROVENANCE.md.
    static let expectations: [Expectation] = [
        .init(name: "botrepo-verified-2019", bots: 0, humans: 1_063, labelsWithoutProfile: 4),
        .init(name: "botrepo-cresci-stock-2018", bots: 7_102, humans: 6_174, labelsWithoutProfile: 12_711),
        .init(name: "botrepo-botwiki-2019", bots: 698, humans: 0, labelsWithoutProfile: 6),
        .init(name: "botrepo-political-bots-2019", bots: 62, humans: 0, labelsWithoutProfile: 0),
        .init(name: "botrepo-pronbots-2019", bots: 17_882, humans: 0, labelsWithoutProfile: 4_082),
        .init(name: "cresci-2015-fame-for-sale", bots: 1_337, humans: 1_481, labelsWithoutProfile: 0),
        .init(name: "tweetbotornot-kearney", bots: 1_604 + 799, humans: 1_604 + 2_426, labelsWithoutProfile: 0),
        .init(name: "twibot-annotation-study", bots: 63, humans: 784, labelsWithoutProfile: 0, unlabeled: 153),
        .init(name: "instafake", bots: 200, humans: 994, labelsWithoutProfile: 0),
        .init(name: "kaggle-instagram-fake-spammer-genuine", bots: 288 + 60, humans: 288 + 60, labelsWithoutProfile: 0),
        .init(name: "instagram-seraphim-labeled-followers", bots: 66, humans: 203, labelsWithoutProfile: 0),
    ]

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"), arguments: expectations)
    func readsEachDevelopmentDatasetWithItsLabels(_ expectation: Expectation) async throws {
        // Given the dataset as listed by DevelopmentData
        let entry = try #require(
            DevelopmentData.labelledDatasets(root: SharedData.root).first { $0.name == expectation.name }
        )
        // When it is read with its own label source
        let dataset = try await LabeledDatasetReader(datasetName: entry.name).read(path: entry.path)
        // Then the label counts match the provenance notes
        #expect(dataset.name == expectation.name)
        #expect(dataset.issues.map(\.description) == [])
        #expect(dataset.labelCounts[.bot, default: 0] == expectation.bots)
        #expect(dataset.labelCounts[.human, default: 0] == expectation.humans)
        #expect(dataset.labelsWithoutProfile == expectation.labelsWithoutProfile)
        #expect(dataset.unlabeledProfiles == expectation.unlabeled)
        #expect(dataset.profiles.allSatisfy { $0.dataset == expectation.name })
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
    func listsEveryLabelledFolder() {
        #expect(DevelopmentData.labelledDatasets(root: SharedData.root).count == Self.expectations.count)
    }

    @Test(arguments: [
        ("bot", ProfileLabel.bot), ("human", .human), ("1", .bot), ("0", .human), ("True", .bot),
        ("False", .human), ("E13", .human), ("INT", .bot),
    ])
    func parsesLabelCells(_ raw: String, _ expected: ProfileLabel) {
        #expect(ProfileLabel(labelValue: raw) == expected)
    }

    @Test func undecidedLabelCellsAreNotLabels() {
        #expect(ProfileLabel(labelValue: "not sure") == nil)
        #expect(ProfileLabel(labelValue: "") == nil)
    }

    @Test func readsALabelColumnOfCanonicalData() async throws {
        // Given a canonical CSV with a label column
        let dataset = try await LabeledDatasetReader(datasetName: "mine").read(path: try fixturePath("canonical.csv"))
        // Then each row carries its label and the given dataset name
        #expect(dataset.profiles.map(\.label) == [.human, .bot])
        #expect(dataset.profiles.map(\.dataset) == ["mine", "mine"])
    }

    @Test func labelsFileOverridesAndCountsUnmatchedIds() async throws {
        // Given a labels file with one matching id, one unknown id and a header
        let labels = try temporaryFile("id\tlabel\n1002\tbot\n9999\thuman\n", name: "labels.tsv")
        let reader = LabeledDatasetReader(labelsFile: labels)
        // When the v1.1 fixture is read with it
        let dataset = try await reader.read(path: try fixturePath("twitter-v1-users.jsonl"))
        // Then only the matched account is labelled, and the unmatched label is counted
        #expect(dataset.profiles.map(\.profile.id) == ["1002"])
        #expect(dataset.profiles.first?.label == .bot)
        #expect(dataset.unlabeledProfiles == 3)
        #expect(dataset.labelsWithoutProfile == 1)
    }

    @Test func labelColumnOverrideReadsAnotherColumn() async throws {
        let path = try temporaryFile("platform,id,is_spam\ntwitter,1,yes\ntwitter,2,no\n", name: "own.csv")
        let dataset = try await LabeledDatasetReader(labelColumn: "is_spam").read(path: path)
        #expect(dataset.profiles.map(\.label) == [.bot, .human])
    }
}
