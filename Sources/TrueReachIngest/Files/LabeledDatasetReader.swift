import Foundation
import TrueReachCore

/// Reads a labelled dataset (a folder or one file) into ``LabeledProfile``s for training and evaluation.
///
/// Labels come from the dataset's own source, found from the files present:
/// - a Bot Repository folder: `NAME.tsv` (`id<TAB>bot|human`, no header) joined on the user id of
///   `NAME_tweets.json`; TSV ids without a user object are counted in ``LabeledDataset/labelsWithoutProfile``;
/// - the TwiBot annotation study: `annotation_combine.csv` (three 0–4 expert ratings per id), mean
///   ≤ 1.5 → human, > 2.5 → bot, otherwise undecided; joined with the v2 JSON files
///   (`label_manual.csv` ids have no profiles here, so it is not used);
/// - a label column in the data: `label`, `isFake`, `IsFake`, `fake`, `bot`, `dataset` (cresci-2015:
///   `E13` human, `INT` bot), `automatedBehaviour` (values read by ``ProfileLabel``'s rules);
/// - overrides: ``labelColumn`` (a column or JSON key of the data) and ``labelsFile`` (a TSV or CSV of
///   `id,label`, header optional), which win over the dataset's own source.
///
/// Files whose format is not recognised (label tables, derived-feature tables, notes) are skipped.
///
/// ```swift
/// let dataset = try await LabeledDatasetReader().read(path: "../shared/data/botrepo-verified-2019")
/// print(dataset.name, dataset.labelCounts)
/// ```
public struct LabeledDatasetReader: Sendable {
    /// How each account file is read.
    public var configuration: IngestConfiguration
    /// A column (CSV) or key (flat JSON) holding the label, instead of the dataset's own source.
    public var labelColumn: String?
    /// A TSV or CSV of `id,label` rows, joined on account id.
    public var labelsFile: String?
    /// The dataset's name; by default the folder's name (for a file, its folder's name).
    public var datasetName: String?

    /// The label columns looked for when no ``labelColumn`` is given, first present wins.
    static let defaultLabelColumns = ["label", "isFake", "IsFake", "fake", "bot", "dataset", "automatedBehaviour"]

    /// Creates a reader.
    public init(
        configuration: IngestConfiguration = .init(),
        labelColumn: String? = nil,
        labelsFile: String? = nil,
        datasetName: String? = nil
    ) {
        self.configuration = configuration
        self.labelColumn = labelColumn
        self.labelsFile = labelsFile
        self.datasetName = datasetName
    }

    /// Reads every account file under `path` (a directory, searched recursively, or one file).
    ///
    /// - Returns: the labelled accounts, issues and the counts of what could not be labelled.
    /// - Throws: ``IngestError`` when a file cannot be read or has too many bad records.
    /// - Complexity: O(n) in the total input size; holds the labelled accounts in memory.
    public func read(path: String) async throws -> LabeledDataset {
        let root = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(.fileNotFound, "no such file or directory; check the path", path: path)
        }
        let name =
            datasetName
            ?? (isDirectory.boolValue ? root.lastPathComponent : root.deletingLastPathComponent().lastPathComponent)
        let files = isDirectory.boolValue ? try Self.listFiles(root) : [root]

        var labelSources: [URL] = []
        var labels: [String: ProfileLabel] = [:]
        var undecidedIDs: Set<String> = []
        if let labelsFile {
            labels = try Self.readLabelTable(URL(fileURLWithPath: labelsFile))
        } else {
            for file in files where file.pathExtension == "tsv" {
                let stem = file.deletingPathExtension().lastPathComponent
                if files.contains(where: { $0.lastPathComponent == "\(stem)_tweets.json" }) {
                    labels.merge(try Self.readLabelTable(file)) { first, _ in first }
                    labelSources.append(file)
                }
            }
            if let ratings = files.first(where: { $0.lastPathComponent == "annotation_combine.csv" }) {
                let (decided, undecided) = try Self.readRatings(ratings)
                labels.merge(decided) { first, _ in first }
                undecidedIDs = undecided
                labelSources.append(ratings)
            }
        }

        let reader = ProfileFileReader(configuration: configuration)
        let columns = labelColumn.map { [$0] } ?? Self.defaultLabelColumns
        var dataset = LabeledDataset(name: name, profiles: [])
        var matched: Set<String> = []
        for file in files where !labelSources.contains(file) && file.pathExtension != "md" {
            guard try Self.isProfileFile(file) else { continue }
            let result = try await reader.readLabeled(path: file.path, labelColumns: columns)
            dataset.files.append(Self.relativePath(file, to: root, isDirectory: isDirectory.boolValue))
            dataset.issues += result.issues
            for (index, account) in result.profiles.enumerated() {
                let id = account.id.rawValue
                var label: ProfileLabel?
                if let joined = labels[id] {
                    label = joined
                    matched.insert(id)
                } else if labelsFile == nil, index < result.labels.count, let raw = result.labels[index] {
                    label = ProfileLabel(labelValue: raw)
                }
                if undecidedIDs.contains(id) { matched.insert(id) }
                guard let label else {
                    dataset.unlabeledProfiles += 1
                    continue
                }
                dataset.profiles.append(LabeledProfile(profile: account, label: label, dataset: name))
            }
        }
        dataset.labelsWithoutProfile = labels.keys.count(where: { !matched.contains($0) })
        return dataset
    }

    // MARK: - Files

    private static func listFiles(_ root: URL) throws -> [URL] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: root,
                includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles]
            )
        else {
            throw IngestError(.unreadable, "the directory cannot be listed", path: root.path)
        }
        var files: [URL] = []
        for case let url as URL in enumerator {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(url.standardizedFileURL)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    private static func relativePath(_ file: URL, to root: URL, isDirectory: Bool) -> String {
        guard isDirectory else { return file.lastPathComponent }
        let base = root.standardizedFileURL.path
        let path = file.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// Whether the file's first bytes match a supported account format.
    private static func isProfileFile(_ file: URL) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return false }
        defer { try? handle.close() }
        let prefix = (try handle.read(upToCount: 1 << 20)).map { [UInt8]($0) } ?? []
        return ProfileFormat.detect(prefix: prefix) != nil
    }

    // MARK: - Label sources

    /// `id<sep>label` rows (tab, comma or semicolon); a first row whose label does not parse is a header.
    static func readLabelTable(_ file: URL) throws -> [String: ProfileLabel] {
        var labels: [String: ProfileLabel] = [:]
        for (index, fields) in try readTable(file).enumerated() {
            guard fields.count >= 2 else { continue }
            let id = fields[0].trimmingCharacters(in: .whitespaces)
            guard let label = ProfileLabel(labelValue: fields[1]) else {
                if index == 0 { continue }
                continue
            }
            if labels[id] == nil { labels[id] = label }
        }
        return labels
    }

    /// TwiBot `id,label,annotator` ratings (0–4): mean ≤ 1.5 human, > 2.5 bot, else undecided.
    static func readRatings(_ file: URL) throws -> (labels: [String: ProfileLabel], undecided: Set<String>) {
        var sums: [String: (total: Double, count: Int)] = [:]
        for fields in try readTable(file).dropFirst() where fields.count >= 2 {
            guard let rating = Double(fields[1].trimmingCharacters(in: .whitespaces)) else { continue }
            sums[fields[0], default: (0, 0)].total += rating
            sums[fields[0], default: (0, 0)].count += 1
        }
        var labels: [String: ProfileLabel] = [:]
        var undecided: Set<String> = []
        for (id, sum) in sums {
            let mean = sum.total / Double(sum.count)
            if mean <= 1.5 {
                labels[id] = .human
            } else if mean > 2.5 {
                labels[id] = .bot
            } else {
                undecided.insert(id)
            }
        }
        return (labels, undecided)
    }

    private static func readTable(_ file: URL) throws -> [[String]] {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw IngestError(.fileNotFound, "no such labels file; check the path", path: file.path)
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw IngestError(.unreadable, "the labels file cannot be read", path: file.path)
        }
        let bytes = ProfileFormat.strippingBOM([UInt8](data))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IngestError(.unreadable, "the labels file is not valid UTF-8", path: file.path)
        }
        return text.split(whereSeparator: \.isNewline).map { line in
            let separator: Character = line.contains("\t") ? "\t" : (line.contains(",") ? "," : ";")
            return line.split(separator: separator, omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            }
        }
    }
}
