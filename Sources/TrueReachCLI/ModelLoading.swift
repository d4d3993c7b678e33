import Foundation
import TrueReachCore
import TrueReachIngest

/// The scorer for `score`, `audit` and `demo`: a model file, or the shipped default model.
///
/// - Parameter modelPath: A model JSON written by `truereach train`; `nil` loads the shipped
///   `Resources/default-model.json`.
/// - Returns: A ``TreeEnsembleScorer`` for the model.
/// - Throws: ``ModelError`` (`.featureSchemaMismatch` when the file was trained on another feature
///   schema, `.unsupportedFormatVersion`, `.invalidModelFile`) or ``CLIError`` when it cannot be read.
func loadScorer(modelPath: String?) throws -> any Scorer {
    TreeEnsembleScorer(model: try loadModel(path: modelPath))
}

/// Reads and checks a model file (`nil`: the shipped default).
func loadModel(path: String?) throws -> AuthenticityModel {
    let data: Data
    if let path {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "cannot read model file \(path)", exitCode: TrueReachExit.cannotOpen)
        }
        data = contents
    } else {
        guard
            let url = Bundle.module.url(forResource: "default-model", withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "default-model", withExtension: "json"),
            let contents = FileManager.default.contents(atPath: url.path)
        else {
            throw CLIError(message: "the shipped model (Resources/default-model.json) is missing from this build")
        }
        data = contents
    }
    do {
        return try AuthenticityModel.decode(from: data)
    } catch let error as ModelError {
        throw CLIError(message: "\(path ?? "shipped model"): \(error.message)", exitCode: 1)
    }
}

// MARK: - Labelled data

/// One labelled dataset as read for `train` and `evaluate`, with the files it came from.
struct LoadedDataset {
    var dataset: LabeledDataset
    var path: String
}

/// Reads labelled datasets.
///
/// A path that is the development-data root (`../shared/data`) expands
/// to every labelled dataset under it; any other path is one dataset named after its folder.
func readLabelledData(
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
func trainingDataHashes(_ datasets: [LoadedDataset]) throws -> [TrainingDataFile] {
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
            throw CLIError(message: "cannot read \(path)", exitCode: TrueReachExit.cannotOpen)
        }
        let shown = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
        return TrainingDataFile(path: shown, sha256: SHA256.hex(data), bytes: data.count)
    }
}

// MARK: - SHA-256

/// FIPS 180-4 SHA-256 (no CryptoKit on Linux, and no new dependency for 40 lines).
enum SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Lower-case hex digest of `data`.
    static func hex(_ data: Data) -> String {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var message = [UInt8](data)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for i in (0..<8).reversed() { message.append(UInt8((bitLength >> (UInt64(i) * 8)) & 0xff)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] =
                    UInt32(message[b]) << 24 | UInt32(message[b + 1]) << 16 | UInt32(message[b + 2]) << 8
                    | UInt32(message[b + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
            h[5] &+= f
            h[6] &+= g
            h[7] &+= hh
        }
        let digits = Array("0123456789abcdef")
        var out = ""
        for word in h {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return out
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
