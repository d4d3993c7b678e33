import Crypto
import Foundation
public import TrueReachCore
public import TrueReachIngest

/// The scorer for `score`, `audit` and `demo`: a model file, or the shipped default model.
///
/// - Parameter modelPath: A model JSON written by `truereach train`; `nil` loads the shipped
///   `Resources/default-model.json`.
/// - Returns: A ``TreeEnsembleScorer`` for the model.
/// - Throws: ``AppError`` `.cannotOpen` when the file cannot be read, `.unusableModel` when it was trained
///   on another feature schema, has an unsupported format version or is not a model file.
public func loadScorer(modelPath: String?) throws -> any Scorer {
    TreeEnsembleScorer(model: try loadModel(path: modelPath))
}

/// Reads and checks a model file (`nil`: the shipped default).
///
/// - Throws: ``AppError`` as ``loadScorer(modelPath:)``.
public func loadModel(path: String?) throws -> AuthenticityModel {
    let data: Data
    if let path {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw AppError(.cannotOpen, "cannot read model file \(path)")
        }
        data = contents
    } else {
        guard
            let url = Bundle.module.url(forResource: "default-model", withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "default-model", withExtension: "json"),
            let contents = FileManager.default.contents(atPath: url.path)
        else {
            throw AppError(
                .unusableModel, "the shipped model (Resources/default-model.json) is missing from this build")
        }
        data = contents
    }
    do {
        return try AuthenticityModel.decode(from: data)
    } catch let error as ModelError {
        throw AppError(.unusableModel, "\(path ?? "shipped model"): \(error.message)")
    }
}

// MARK: - Labelled data

/// One labelled dataset as read for `train` and `evaluate`, with the files it came from.
public struct LoadedDataset: Sendable {
    /// The accounts and labels.
    public var dataset: LabeledDataset
    /// The file or folder it was read from.
    public var path: String

    /// Creates a loaded dataset.
    public init(dataset: LabeledDataset, path: String) {
        self.dataset = dataset
        self.path = path
    }
}

/// Reads labelled datasets.
///
/// A path that is the development-data root (`../shared/data`) expands
/// to every labelled dataset under it; any other path is one dataset named after its folder.
public func readLabelledData(
    paths: [String],
    labelColumn: String?,
    labelsFile: String?,
    configuration: IngestConfiguration
) async throws -> [LoadedDataset] {
    var out: [LoadedDataset] = []
    for path in paths {
        let url = URL(fileURLWithPath: path)
        let known = DevelopmentData.labelledDatasets(root: url)
        let entries: [(name: String?, path: String)] =
            known.isEmpty ? [(nil, path)] : known.map { (Optional($0.name), $0.path) }
        for entry in entries {
            let reader = LabeledDatasetReader(
                configuration: configuration,
                labelColumn: labelColumn,
                labelsFile: labelsFile,
                datasetName: entry.name
            )
            let dataset = try await reader.read(path: entry.path)
            out.append(LoadedDataset(dataset: dataset, path: entry.path))
        }
    }
    return out
}

/// SHA-256 of every regular file under the datasets' paths (labels included), sorted by path.
public func trainingDataHashes(_ datasets: [LoadedDataset]) throws -> [TrainingDataFile] {
    var files: [String] = []
    for loaded in datasets {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: loaded.path, isDirectory: &isDirectory) else { continue }
        if isDirectory.boolValue {
            let root = URL(fileURLWithPath: loaded.path)
            let names = (FileManager.default.subpaths(atPath: loaded.path) ?? []).sorted()
            for name in names where !name.hasSuffix(".md") {
                let full = root.appendingPathComponent(name).path
                var dir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue {
                    files.append(full)
                }
            }
        } else {
            files.append(loaded.path)
        }
    }
    let cwd = FileManager.default.currentDirectoryPath + "/"
    return try Set(files).sorted().map { path in
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.cannotOpen, "cannot read \(path)")
        }
        let shown = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
        return TrainingDataFile(
            path: shown,
            sha256: SHA256.hash(data: data).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined(), bytes: data.count)
    }
}
