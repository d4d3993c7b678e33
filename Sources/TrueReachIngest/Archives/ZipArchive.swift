import CZlib
import Foundation

/// A zip file read in place: its entries by name, and each entry's bytes as a stream of chunks.
///
/// Platform exports (an X archive, an Instagram "Download your information" file) arrive as zips.
/// This reads what they use: stored and deflated entries, with zip64 sizes and offsets, one disk.
/// Entries inflate chunk by chunk through zlib, so a large `follower.js` never sits whole in memory;
/// sizes are capped and checked against the directory, and the CRC-32 is checked at the end, so a
/// damaged or hostile archive ends in an error naming the entry rather than in a runaway read.
///
/// ```swift
/// let archive = try ZipArchive(path: "twitter-2024.zip")
/// if let entry = archive.entry(named: "data/follower.js") {
///     let input = IngestInput.chunks(archive.chunks(of: entry), name: archive.name(of: entry))
/// }
/// ```
public struct ZipArchive: Sendable {
    /// One file in the archive.
    public struct Entry: Sendable, Hashable {
        /// The path inside the archive, `/`-separated.
        public var name: String
        /// 0 (stored) or 8 (deflate); others are refused when read.
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        /// Bytes in the archive.
        public var compressedSize: UInt64
        /// Bytes once inflated, as the directory states.
        public var size: UInt64
        var localHeaderOffset: UInt64

        /// Whether this is a directory entry (a name ending in `/`).
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The archive's path, as given.
    public let path: String
    /// Every entry, in directory order.
    public let entries: [Entry]
    /// The largest entry this reader inflates (1 GiB unless set).
    public let maximumEntrySize: UInt64

    /// Reads the archive's central directory.
    ///
    /// - Throws: ``IngestError`` `.fileNotFound`, `.unreadable`, or `.unknownFormat` for a file that
    ///   is not a zip (or spans several disks).
    public init(path: String, maximumEntrySize: UInt64 = 1 << 30) throws {
        self.path = path
        self.maximumEntrySize = maximumEntrySize
        let file = try ArchiveFile(path: path)
        defer { file.close() }
        entries = try Self.readDirectory(file)
    }

    /// Whether the file at `path` starts like a zip (a local file header or an empty archive).
    public static func isZip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }

    /// The entry at `name` (exact, `/`-separated), if any.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// How issues name an entry: `archive.zip:data/follower.js`.
    public func name(of entry: Entry) -> String { "\(path):\(entry.name)" }

    /// The bytes of `entry`, inflated chunk by chunk as they are read.
    public func chunks(of entry: Entry) -> Chunks {
        Chunks(path: path, entry: entry, maximumEntrySize: maximumEntrySize)
    }

    // MARK: - Directory

    private static let endOfDirectory: UInt32 = 0x0605_4B50
    private static let zip64Locator: UInt32 = 0x0706_4B50
    private static let zip64End: UInt32 = 0x0606_4B50
    private static let directoryHeader: UInt32 = 0x0201_4B50
    static let localHeader: UInt32 = 0x0403_4B50

    private static func readDirectory(_ file: ArchiveFile) throws -> [Entry] {
        let notZip = IngestError(.unknownFormat, "not a zip archive (no end of central directory)", path: file.path)
        let size = file.size
        guard size >= 22 else { throw notZip }
        // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
        let tailLength = Int(min(size, 22 + 65_535))
        let tail = try file.read(at: size - UInt64(tailLength), count: tailLength)
        guard let end = (0...(tailLength - 22)).reversed().first(where: { tail.uint32(at: $0) == endOfDirectory })
        else { throw notZip }
        var count = UInt64(tail.uint16(at: end + 10))
        var directorySize = UInt64(tail.uint32(at: end + 12))
        var directoryOffset = UInt64(tail.uint32(at: end + 16))
        guard tail.uint16(at: end + 4) == 0, tail.uint16(at: end + 6) == 0 else {
            throw IngestError(
                .unknownFormat, "a zip archive split over several disks is not supported", path: file.path)
        }
        if end >= 20, tail.uint32(at: end - 20) == zip64Locator {
            let record = try file.read(at: tail.uint64(at: end - 12), count: 56)
            guard record.uint32(at: 0) == zip64End else { throw notZip }
            count = record.uint64(at: 32)
            directorySize = record.uint64(at: 40)
            directoryOffset = record.uint64(at: 48)
        }
        guard directoryOffset + directorySize <= size, directorySize <= 1 << 30, count <= directorySize / 46 + 1
        else { throw IngestError(.unknownFormat, "the zip's central directory is damaged", path: file.path) }
        let directory = try file.read(at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, directory.uint32(at: at) == directoryHeader else {
                throw IngestError(.unknownFormat, "the zip's central directory is damaged", path: file.path)
            }
            let nameLength = Int(directory.uint16(at: at + 28))
            let extraLength = Int(directory.uint16(at: at + 30))
            let commentLength = Int(directory.uint16(at: at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else {
                throw IngestError(.unknownFormat, "the zip's central directory is damaged", path: file.path)
            }
            var entry = Entry(
                name: String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: directory.uint16(at: at + 10), flags: directory.uint16(at: at + 8),
                crc32: directory.uint32(at: at + 16), compressedSize: UInt64(directory.uint32(at: at + 20)),
                size: UInt64(directory.uint32(at: at + 24)), localHeaderOffset: UInt64(directory.uint32(at: at + 42)))
            readZip64(directory[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)], into: &entry)
            entries.append(entry)
            at = next
        }
        return entries
    }

    /// Replaces the 32-bit fields set to 0xFFFFFFFF with the zip64 extra field's 64-bit values.
    private static func readZip64(_ extra: ArraySlice<UInt8>, into entry: inout Entry) {
        var at = extra.startIndex
        while at + 4 <= extra.endIndex {
            let id = extra.uint16(at: at)
            let length = Int(extra.uint16(at: at + 2))
            let body = at + 4
            guard body + length <= extra.endIndex else { return }
            if id == 0x0001 {
                var field = body
                func next() -> UInt64? {
                    guard field + 8 <= body + length else { return nil }
                    defer { field += 8 }
                    return extra.uint64(at: field)
                }
                if entry.size == 0xFFFF_FFFF, let value = next() { entry.size = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                return
            }
            at = body + length
        }
    }

    // MARK: - Reading an entry

    /// An entry's bytes as chunks of up to 256 KiB, read and inflated on demand.
    public struct Chunks: AsyncSequence, Sendable {
        public typealias Element = [UInt8]
        let path: String
        let entry: Entry
        let maximumEntrySize: UInt64

        public func makeAsyncIterator() -> Iterator {
            Iterator(reader: EntryReader(path: path, entry: entry, maximumEntrySize: maximumEntrySize))
        }

        public struct Iterator: AsyncIteratorProtocol {
            let reader: EntryReader

            public mutating func next() async throws -> [UInt8]? {
                try reader.next()
            }
        }
    }
}

/// Reads one entry: opens the archive on the first chunk, closes it after the last or on an error.
final class EntryReader: @unchecked Sendable {
    // Used by one iterator at a time (AsyncIteratorProtocol values are not shared across tasks).
    private let path: String
    private let entry: ZipArchive.Entry
    private let maximumEntrySize: UInt64
    private var file: ArchiveFile?
    private var position: UInt64 = 0
    private var remaining: UInt64 = 0
    private var produced: UInt64 = 0
    private var crc: UInt = 0
    /// zlib keeps a pointer back to its stream, so the stream lives at one address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var inflating = false
    private var pending: [UInt8] = []
    private var finished = false
    private static let chunkSize = 256 << 10

    init(path: String, entry: ZipArchive.Entry, maximumEntrySize: UInt64) {
        self.path = path
        self.entry = entry
        self.maximumEntrySize = maximumEntrySize
        stream.initialize(to: z_stream())
    }

    deinit {
        if inflating { inflateEnd(stream) }
        file?.close()
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    private var name: String { "\(path):\(entry.name)" }

    private func fail(_ code: IngestError.Code, _ message: String) -> IngestError {
        finish()
        return IngestError(code, message, path: name)
    }

    private func finish() {
        finished = true
        if inflating {
            inflateEnd(stream)
            inflating = false
        }
        file?.close()
        file = nil
    }

    private func open() throws {
        guard entry.flags & 1 == 0 else { throw fail(.unreadable, "the entry is encrypted") }
        guard entry.method == 0 || entry.method == 8 else {
            throw fail(.unreadable, "compression method \(entry.method) is not supported (only stored and deflate)")
        }
        guard entry.size <= maximumEntrySize else {
            throw fail(.recordTooLarge, "the entry inflates to \(entry.size) bytes, over the \(maximumEntrySize) limit")
        }
        let file = try ArchiveFile(path: path)
        self.file = file
        let header = try file.read(at: entry.localHeaderOffset, count: 30)
        guard header.uint32(at: 0) == ZipArchive.localHeader else {
            throw fail(.unknownFormat, "the entry's local header is missing (a damaged zip)")
        }
        position = entry.localHeaderOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
        remaining = entry.compressedSize
        guard position + remaining <= file.size else {
            throw fail(.truncated, "the entry runs past the end of the zip")
        }
        if entry.method == 8 {
            guard truereach_inflate_init_raw(stream) == Z_OK else { throw fail(.unreadable, "zlib could not start") }
            inflating = true
        }
    }

    /// The next chunk of inflated bytes, or `nil` after the last (when the size and CRC-32 match).
    func next() throws -> [UInt8]? {
        if finished { return nil }
        if file == nil { try open() }
        guard let file else { return nil }
        while true {
            if entry.method == 0 {
                guard remaining > 0 else { return try end() }
                let count = Int(min(remaining, UInt64(Self.chunkSize)))
                let bytes = try file.read(at: position, count: count)
                position += UInt64(count)
                remaining -= UInt64(count)
                return try emit(bytes)
            }
            // Past the end of the deflate stream: check what was produced.
            guard inflating else { return try end() }
            if pending.isEmpty && remaining > 0 {
                let count = Int(min(remaining, UInt64(Self.chunkSize)))
                pending = try file.read(at: position, count: count)
                position += UInt64(count)
                remaining -= UInt64(count)
            }
            var output = [UInt8](repeating: 0, count: Self.chunkSize)
            var status: Int32 = Z_OK
            let consumed = pending.withUnsafeMutableBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_in = input.baseAddress
                    stream.pointee.avail_in = UInt32(input.count)
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    status = inflate(stream, Z_NO_FLUSH)
                    return input.count - Int(stream.pointee.avail_in)
                }
            }
            let written = Self.chunkSize - Int(stream.pointee.avail_out)
            pending.removeFirst(consumed)
            switch status {
            case Z_STREAM_END:
                let bytes = Array(output.prefix(written))
                finishInflating()
                return written > 0 ? try emit(bytes) : try end()
            case Z_OK, Z_BUF_ERROR:
                if written > 0 { return try emit(Array(output.prefix(written))) }
                if pending.isEmpty && remaining == 0 { throw fail(.truncated, "the entry's deflate data ends early") }
                if consumed == 0 { throw fail(.unreadable, "the entry's deflate data is damaged (no progress)") }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw fail(.unreadable, "the entry's deflate data is damaged (zlib: \(detail))")
            }
        }
    }

    private func finishInflating() {
        inflateEnd(stream)
        inflating = false
        remaining = 0
        pending = []
    }

    private func emit(_ bytes: [UInt8]) throws -> [UInt8] {
        produced += UInt64(bytes.count)
        guard produced <= entry.size else {
            throw fail(.unreadable, "the entry inflates to more than the \(entry.size) bytes its directory states")
        }
        crc = bytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, UInt32($0.count)) }
        return bytes
    }

    private func end() throws -> [UInt8]? {
        guard produced == entry.size else {
            throw fail(.truncated, "the entry holds \(produced) bytes, its directory states \(entry.size)")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw fail(.unreadable, "the entry's CRC-32 does not match (a damaged zip)")
        }
        finish()
        return nil
    }
}

/// An open archive file, read at offsets.
final class ArchiveFile: @unchecked Sendable {
    // Immutable after init but for `handle`, closed once by its owner.
    let path: String
    let size: UInt64
    private var handle: FileHandle?

    init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw IngestError(.fileNotFound, "no such file", path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(.unreadable, "cannot be opened for reading", path: path)
        }
        self.handle = handle
        do {
            size = try handle.seekToEnd()
        } catch {
            try? handle.close()
            throw IngestError(.unreadable, "cannot be read", path: path, underlying: error)
        }
    }

    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard let handle else { throw IngestError(.unreadable, "read after close", path: path) }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw IngestError(.truncated, "the zip ends early", path: path) }
            return [UInt8](data)
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(.unreadable, "cannot be read", path: path, underlying: error)
        }
    }

    func close() {
        try? handle?.close()
        handle = nil
    }
}

extension Collection<UInt8> where Index == Int {
    /// Little-endian integers at an offset (zip's byte order).
    func uint16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    func uint32(at offset: Int) -> UInt32 { UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16 }
    func uint64(at offset: Int) -> UInt64 { UInt64(uint32(at: offset)) | UInt64(uint32(at: offset + 4)) << 32 }
}
