import Foundation

/// A platform's data export as the user downloaded it: a folder or a zip, its files named by their
/// path inside the export (`data/follower.js`), wherever the export's root sits in the zip.
///
/// ```swift
/// let export = try ExportArchive(path: "twitter-2024-05-01.zip", marker: "data/manifest.js")
/// let follower = export.input("data/follower.js")
/// ```
public struct ExportArchive: Sendable {
    enum Storage: Sendable {
        case folder(String)
        case zip(ZipArchive, prefix: String)
    }

    /// The export's path, as given.
    public let path: String
    let storage: Storage
    /// Every file, by its path inside the export, sorted.
    public let files: [String]

    /// Opens the export at `path`, a folder or a zip.
    ///
    /// - Parameters:
    ///   - path: The folder or zip.
    ///   - markers: Paths that identify the export's root (the first found wins): a zip whose files
    ///     sit under a top folder is read from that folder.
    /// - Throws: ``IngestError`` `.fileNotFound`, `.unreadable`, `.unknownFormat` (neither a folder nor a
    ///   zip, or a zip holding none of `markers`).
    public init(path: String, markers: [String]) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(.fileNotFound, "no such file or folder", path: path)
        }
        if isDirectory.boolValue {
            storage = .folder(path)
            let root = URL(fileURLWithPath: path).standardizedFileURL.path
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let relative = enumerator?.nextObject() as? String {
                var directory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &directory),
                    !directory.boolValue
                {
                    found.append(relative)
                }
            }
            files = found.sorted()
            return
        }
        guard ZipArchive.isZip(path: path) else {
            throw IngestError(.unknownFormat, "neither a folder nor a zip archive", path: path)
        }
        let zip = try ZipArchive(path: path)
        let names = zip.entries.filter { !$0.isDirectory }.map(\.name)
        // The root is where a marker sits: "" or a top folder such as "twitter-2024-05-01-abc/".
        var prefix: String?
        for marker in markers {
            if let hit = names.filter({ $0 == marker || $0.hasSuffix("/" + marker) }).min(by: { $0.count < $1.count }) {
                prefix = String(hit.dropLast(marker.count))
                break
            }
        }
        guard let prefix else {
            throw IngestError(
                .unknownFormat, "the zip holds none of \(markers.joined(separator: ", ")): not this kind of export",
                path: path)
        }
        storage = .zip(zip, prefix: prefix)
        files = names.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    /// Whether the export holds `file`.
    public func contains(_ file: String) -> Bool { files.contains(file) }

    /// How issues name `file`: its path in the folder, or `archive.zip:path/in/zip`.
    public func name(of file: String) -> String {
        switch storage {
        case .folder(let root): return root.hasSuffix("/") ? root + file : root + "/" + file
        case .zip(let zip, let prefix): return "\(zip.path):\(prefix)\(file)"
        }
    }

    /// `file` as an input for the readers (a path, or the zip entry inflated as it is read).
    ///
    /// - Precondition: the export contains `file`.
    public func input(_ file: String) -> IngestInput {
        switch storage {
        case .folder: return .path(name(of: file))
        case .zip(let zip, let prefix):
            guard let entry = zip.entry(named: prefix + file) else { preconditionFailure("no \(file) in the export") }
            return .chunks(zip.chunks(of: entry), name: name(of: file))
        }
    }

    /// All the bytes of a small file (a manifest, an account record).
    ///
    /// - Throws: ``IngestError`` when it cannot be read, or is larger than `limit`.
    public func data(_ file: String, limit: Int = 64 << 20) async throws -> [UInt8] {
        let chunks = try InputChunks(input(file))
        defer { chunks.close() }
        var out: [UInt8] = []
        while let piece = try await chunks.next() {
            out += piece
            if out.count > limit {
                throw IngestError(.recordTooLarge, "larger than \(limit) bytes", path: name(of: file))
            }
        }
        return out
    }
}
