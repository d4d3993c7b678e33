import Foundation

/// Reads a file, standard input or a stream of chunks in large pieces, never all at once.
///
/// Files and standard input are read with read(2) straight into the caller's buffer; a stream's
/// chunks are appended as they come. Owned by one reader at a time (not `Sendable`).
final class ByteSource {
    /// The size of each read.
    static let chunkSize = 4 << 20
    #if DEBUG
        private static let zeros = [UInt8](repeating: 0, count: chunkSize)
    #endif

    private let handle: FileHandle
    /// The chunks of a streamed input (then ``handle`` is unused).
    private var chunks: (any AsyncIteratorProtocol<[UInt8], any Error>)?
    /// The file's size, when it is a regular file.
    let totalBytes: Int?

    /// Opens `input`.
    ///
    /// - Throws: ``IngestError`` `.fileNotFound` or `.unreadable` for a path.
    convenience init(_ input: IngestInput) throws {
        switch input.storage {
        case .file(let path): try self.init(path: path)
        case .standardInput: try self.init(path: "-")
        case .chunks(let sequence): self.init(chunks: sequence.makeAsyncIterator())
        }
    }

    private init(chunks: any AsyncIteratorProtocol<[UInt8], any Error>) {
        handle = FileHandle.standardInput
        self.chunks = chunks
        totalBytes = nil
    }

    /// Appends the next chunk of any input to `buffer`; returns `false` at end of input.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error or a failing stream.
    func read(
        name: String,
        appendingTo buffer: inout [UInt8],
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Bool {
        guard chunks != nil else { return try read(path: name, appendingTo: &buffer) }
        do {
            while let chunk = try await chunks?.next(isolation: isolation) {
                if chunk.isEmpty { continue }
                buffer.append(contentsOf: chunk)
                return true
            }
        } catch {
            throw IngestError(.unreadable, "reading the stream failed: \(error)", path: name)
        }
        return false
    }

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

    /// The next chunk of a file or standard input, or `nil` at end of input (used by the post, series and
    /// snapshot readers).
    ///
    /// Reads straight into fresh, uninitialised storage. Going through ``read(path:appendingTo:)`` would
    /// zero-fill 4 MiB first, which costs about a second per chunk in debug builds (tests); the bytes
    /// read are the same.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error.
    func read(path: String) throws -> [UInt8]? {
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: Self.chunkSize) { bytes, initialized in
            guard let base = bytes.baseAddress else { return }
            while initialized < Self.chunkSize {
                let count = Foundation.read(descriptor, base + initialized, Self.chunkSize - initialized)
                if count > 0 {
                    initialized += count
                } else if count == 0 {
                    return
                } else if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        if failure != 0 {
            throw IngestError(.unreadable, "reading failed: \(String(cString: strerror(failure)))", path: path)
        }
        return chunk.isEmpty ? nil : chunk
    }

    /// Appends the next chunk to `buffer`; returns `false` at end of input.
    ///
    /// - Throws: ``IngestError/Code/unreadable`` on an I/O error.
    func read(path: String, appendingTo buffer: inout [UInt8]) throws -> Bool {
        // read(2) straight into the caller's buffer: no intermediate `Data` to allocate, fault in
        // and copy (that copy and its page faults were a tenth of `score`'s time in a profile).
        let start = buffer.count
        #if DEBUG
            // An unoptimised build appends a repeated element one generic step at a time (seconds per
            // 4 MiB); appending a zeroed array is one copy.
            buffer.append(contentsOf: Self.zeros)
        #else
            buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        #endif
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
        chunks = nil
        if handle !== FileHandle.standardInput { try? handle.close() }
    }
}
