import Foundation

/// The labelled datasets of the project's development data (`../shared/data`), for training and
/// evaluation tools.
public enum DevelopmentData {
    /// Known labelled folders and the path inside each that holds the labelled accounts.
    static let known: [(name: String, relativePath: String)] = [
        ("botrepo-verified-2019", "botrepo-verified-2019"),
        ("botrepo-cresci-stock-2018", "botrepo-cresci-stock-2018"),
        ("botrepo-botwiki-2019", "botrepo-botwiki-2019"),
        ("botrepo-political-bots-2019", "botrepo-political-bots-2019"),
        ("botrepo-pronbots-2019", "botrepo-pronbots-2019"),
        ("cresci-2015-fame-for-sale", "cresci-2015-fame-for-sale"),
        ("tweetbotornot-kearney", "tweetbotornot-kearney"),
        ("twibot-annotation-study", "twibot-annotation-study"),
        ("instafake", "instafake/fake-v1.0"),
        ("kaggle-instagram-fake-spammer-genuine", "kaggle-instagram-fake-spammer-genuine"),
        ("instagram-seraphim-labeled-followers", "instagram-seraphim-labeled-followers/labeled_data.csv"),
    ]

    /// Every labelled dataset present under `root`, as a name and a path for ``LabeledDatasetReader``.
    ///
    /// Pass the name as ``LabeledDatasetReader/datasetName`` (two paths point inside their folder).
    /// Unlabelled folders (twibot20-sample, growth and engagement sets) and the derived-feature table
    /// (cresci-stock-2018-derived-features, no raw profiles) are not listed.
    public static func labelledDatasets(root: URL) -> [(name: String, path: String)] {
        known.compactMap { entry in
            let url = root.appendingPathComponent(entry.relativePath)
            return FileManager.default.fileExists(atPath: url.path) ? (entry.name, url.path) : nil
        }
    }

    /// Reads every labelled dataset under `root`, in the order of ``labelledDatasets(root:)``.
    ///
    /// - Throws: ``IngestError`` from the first dataset that cannot be read.
    public static func readLabelledDatasets(
        root: URL,
        configuration: IngestConfiguration = .init()
    ) async throws -> [LabeledDataset] {
        var datasets: [LabeledDataset] = []
        for entry in labelledDatasets(root: root) {
            let reader = LabeledDatasetReader(configuration: configuration, datasetName: entry.name)
            datasets.append(try await reader.read(path: entry.path))
        }
        return datasets
    }
}
