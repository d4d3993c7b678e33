import Foundation
import Testing
import TrueReachIngest

/// The zip reader against Python's `zipfile` (the reference writer): stored, deflated and zip64
/// entries read back byte for byte; damaged archives end in errors naming the entry.
@Suite struct ZipArchiveTests {
    /// Writes a zip with Python's zipfile: `entries` as (name, bytes seed, size, compression).
    static func makeZip(_ script: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-zip-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("archive.zip").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zipfile, random\npath = sys.argv[1]\n" + script, path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 could not write the zip")
        return path
    }

    /// The same bytes Python wrote for entry `n` of size `size`.
    static func bytes(seed: Int, size: Int) -> [UInt8] {
        // A text-like pattern that deflates well but not trivially.
        (0..<size).map { i in UInt8(32 + (i * 7 + seed * 13 + (i / 97) * 5) % 90) }
    }

    static let pythonBytes = """
        def data(seed, size):
            return bytes(32 + (i * 7 + seed * 13 + (i // 97) * 5) % 90 for i in range(size))
        """

    static func read(_ archive: ZipArchive, _ name: String) async throws -> [UInt8] {
        let entry = try #require(archive.entry(named: name))
        var out: [UInt8] = []
        for try await chunk in archive.chunks(of: entry) { out += chunk }
        return out
    }

    @Test func storedDeflatedAndZip64EntriesReadBackByteForByte() async throws {
        // Given an archive of stored and deflated entries, one over a megabyte, and zip64 records
        let path = try Self.makeZip(
            Self.pythonBytes + """

                with zipfile.ZipFile(path, "w") as z:
                    z.writestr(zipfile.ZipInfo("export/data/"), b"")
                    z.writestr("export/data/empty.js", b"", compress_type=zipfile.ZIP_DEFLATED)
                    z.writestr("export/data/stored.js", data(1, 5000), compress_type=zipfile.ZIP_STORED)
                    z.writestr("export/data/follower.js", data(2, 1_300_000), compress_type=zipfile.ZIP_DEFLATED)
                    with z.open("export/data/big64.js", "w", force_zip64=True) as f:
                        f.write(data(3, 300_000))
                """)
        // When it is read
        let archive = try ZipArchive(path: path)
        // Then every entry is listed and reads back as written
        #expect(archive.entries.map(\.name).contains("export/data/"))
        #expect(try await Self.read(archive, "export/data/empty.js").isEmpty)
        #expect(try await Self.read(archive, "export/data/stored.js") == Self.bytes(seed: 1, size: 5000))
        #expect(try await Self.read(archive, "export/data/follower.js") == Self.bytes(seed: 2, size: 1_300_000))
        #expect(try await Self.read(archive, "export/data/big64.js") == Self.bytes(seed: 3, size: 300_000))
        #expect(ZipArchive.isZip(path: path))
    }

    @Test func aDamagedEntryFailsNamingIt() async throws {
        // Given a deflated entry whose data was overwritten in the middle
        let path = try Self.makeZip(
            Self.pythonBytes + """

                with zipfile.ZipFile(path, "w") as z:
                    z.writestr("data/follower.js", data(4, 200_000), compress_type=zipfile.ZIP_DEFLATED)
                raw = bytearray(open(path, "rb").read())
                for i in range(60, 200):
                    raw[i] ^= 0x5A
                open(path, "wb").write(bytes(raw))
                """)
        let archive = try ZipArchive(path: path)
        // When it is read, then the error names the archive and the entry
        let error = await #expect(throws: IngestError.self) { _ = try await Self.read(archive, "data/follower.js") }
        #expect(error?.path == "\(path):data/follower.js")
    }

    @Test func anEntryLargerThanTheLimitIsRefusedBeforeInflating() async throws {
        let path = try Self.makeZip(
            Self.pythonBytes + """

                with zipfile.ZipFile(path, "w") as z:
                    z.writestr("data/follower.js", data(5, 100_000), compress_type=zipfile.ZIP_DEFLATED)
                """)
        let archive = try ZipArchive(path: path, maximumEntrySize: 50_000)
        let error = await #expect(throws: IngestError.self) { _ = try await Self.read(archive, "data/follower.js") }
        #expect(error?.code == .recordTooLarge)
    }

    @Test func notAZipIsAnUnknownFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-zip-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("x.zip").path
        try Data("PK\u{3}\u{4} but then nothing of a zip".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: IngestError.self) { try ZipArchive(path: path) }
        #expect(error?.code == .unknownFormat)
    }
}
