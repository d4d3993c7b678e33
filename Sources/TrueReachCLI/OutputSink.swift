import Foundation

/// Where a command writes its main output: a file or standard output.
///
/// A regular file (or a new path) is written to a temporary file beside it and renamed over it in
/// ``close()``, so readers never see half a file. Anything else that already exists at the path (a
/// device such as `/dev/null`, a FIFO, a socket, a symlink) is opened and written through: renaming
/// over it would replace the device or the link with a regular file, which as root breaks the system.
final class OutputSink {
    private let handle: FileHandle
    private let closesHandle: Bool
    /// The temporary file renamed over ``path`` on close; nil when writing through.
    private var pendingRename: String?
    let path: String?

    /// Opens `path` for writing, or standard output when nil or "-".
    init(path: String?) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            closesHandle = false
            self.path = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var info = stat()
        let exists = lstat(path, &info) == 0
        let descriptor: Int32
        if exists && info.st_mode & S_IFMT != S_IFREG {
            descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            pendingRename = nil
        } else {
            var template = Array(
                url.deletingLastPathComponent().appendingPathComponent(
                    ".\(url.lastPathComponent).truereach-XXXXXX"
                ).path.utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { mkstemp($0) } ?? -1
            }
            if descriptor >= 0 {
                pendingRename = String(
                    decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                // mkstemp creates 0600; keep an existing file's permissions, give a new one the usual 0644.
                _ = fchmod(descriptor, exists ? info.st_mode & 0o7777 : 0o644)
            }
        }
        guard descriptor >= 0 else {
            throw CLIError(message: "cannot write \(path)", exitCode: TrueReachExit.cannotOpen)
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        closesHandle = true
        self.path = path
    }

    deinit {
        if let pendingRename { unlink(pendingRename) }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Flushes and closes the file; a regular file is then moved into place.
    func close() throws {
        guard closesHandle else { return }
        try handle.close()
        guard let temporary = pendingRename, let path else { return }
        pendingRename = nil
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError(message: "cannot write \(path)", exitCode: TrueReachExit.cannotOpen)
        }
    }
}
