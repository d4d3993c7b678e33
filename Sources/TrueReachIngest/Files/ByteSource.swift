import Foundation

/// Reads a file or standard input in large chunks, never all at once.
struct ByteSource {
    /// The size of each read.
    static let chunkSize = 4 << 20

    private let handle: FileHandle
    /// The file's size, when it is a regular file.
    let totalBytes: Int?

    /// Opens `path`, or standard input for `-`.
    ///
    /// - Throws: ``IngestError`` `.fileNotFound` or `.unreadable`.
    init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            totalBytes = nil
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(.fileNotFound, "no such file; check the path", path: path)
        }
        guard !isDirectory.boolValue else {
            throw IngestError(.unreadable, "this is a directory; pass a file", path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(.unreadable, "the file cannot be opened for reading; check its permissions", path: path)
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        totalBytes = (attributes?[.size] as? NSNumber)?.intValue
    }

    /// The next chunk, or `nil` at end of input (used by the post readers).
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error.
    func read(path: String) throws -> [UInt8]? {
        var chunk: [UInt8] = []
        return try read(path: path, appendingTo: &chunk) ? chunk : nil
    }

    /// Appends the next chunk to `buffer`; returns `false` at end of input.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error.
    func read(path: String, appendingTo buffer: inout [UInt8]) throws -> Bool {
        do {
            guard let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty else { return false }
            buffer.append(contentsOf: data)
            return true
        } catch {
            throw IngestError(.unreadable, "reading failed: \(error.localizedDescription)", path: path)
        }
    }

    /// Closes the file (standard input is left open).
    func close() {
        if handle !== FileHandle.standardInput { try? handle.close() }
    }
}
