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
        // read(2) straight into the caller's buffer: no intermediate `Data` to allocate, fault in
        // and copy (that copy and its page faults were a tenth of `score`'s time in a profile).
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let descriptor = handle.fileDescriptor
        var filled = 0
        var failure: Int32 = 0
        buffer.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            while filled < Self.chunkSize {
                let count = Foundation.read(descriptor, base + start + filled, Self.chunkSize - filled)
                if count > 0 {
                    filled += count
                } else if count == 0 {
                    return
                } else if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        buffer.removeLast(Self.chunkSize - filled)
        if failure != 0 {
            throw IngestError(.unreadable, "reading failed: \(String(cString: strerror(failure)))", path: path)
        }
        return filled > 0
    }

    func close() {
        if handle !== FileHandle.standardInput { try? handle.close() }
    }
}
