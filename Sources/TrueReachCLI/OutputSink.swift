import Foundation

/// Where a command writes its main output: a file (written atomically at the end is not
/// possible for streams, so it is created up front) or standard output.
final class OutputSink {
    private let handle: FileHandle
    private let closesHandle: Bool
    let path: String?

    /// Opens `path` for writing (truncating it), or standard output when nil or "-".
    init(path: String?) throws {
        if let path, path != "-" {
            let url = URL(fileURLWithPath: path)
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else {
                throw CLIError(message: "cannot write \(path)", exitCode: TrueReachExit.cannotOpen)
            }
            self.handle = handle
            closesHandle = true
            self.path = path
        } else {
            handle = FileHandle.standardOutput
            closesHandle = false
            self.path = nil
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    func close() throws {
        if closesHandle { try handle.close() }
    }
}
