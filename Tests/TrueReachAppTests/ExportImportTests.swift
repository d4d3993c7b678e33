import Foundation
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachStore
import TrueReachTestSupport

/// `import x-archive` and `import instagram-export`: real exports from ../shared/data (as folders, and
/// zipped as users download them) and a synthetic split archive, stored and read back.
@Suite struct ExportImportTests {
    static let formats = SharedData.root.appendingPathComponent("formats")

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-export-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Zips `folder` (its name as the zip's top folder, as X names its archives) with Python's zipfile.
    static func zip(_ folder: URL, into directory: URL) throws -> String {
        let path = directory.appendingPathComponent(folder.lastPathComponent + ".zip").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import os, sys, zipfile
            src, out = sys.argv[1], sys.argv[2]
            base = os.path.dirname(src)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for root, _, files in os.walk(src):
                    for f in sorted(files):
                        full = os.path.join(root, f)
                        z.write(full, os.path.relpath(full, base))
            """,
            folder.path, path,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return path
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
    func anXArchiveFolderAndItsZipStoreTheSameAudienceSnapshotAndPosts() async throws {
        // Given a real X archive, as a folder and zipped under its top folder
        let folder = Self.formats.appendingPathComponent("x-archive/andreruffert-2022-11")
        let directory = try Self.directory()
        let zipped = try Self.zip(folder, into: directory)
        for path in [folder.path, zipped] {
            // When it is imported
            let store = try SQLiteStore.inMemory()
            let summary = try await ExportImportJob(kind: .xArchive).run(
                path: path, account: nil, profiles: [], into: store)
            // Then the account is named by the archive, and its followers, snapshot and posts are stored
            #expect(summary.account == "andreruffert")
            #expect(summary.followers == 420 && summary.withProfiles == 0)
            #expect(summary.posts > 0)
            #expect(try await store.fetchCount(audience: "andreruffert") == 420)
            let records = try await store.fetchAccountRecords(account: "andreruffert")
            #expect(records.snapshots.count == 1)
            #expect(records.snapshots.first?.entries.count == 420)
            #expect(records.snapshots.first?.takenAt == summary.generatedAt)
            #expect(records.posts.count == summary.posts)
            #expect(records.posts.allSatisfy { $0.author == "112769581" })
        }
    }

    @Test func aSplitArchiveIsReadPartByPartAndASecondExportAddsASnapshot() async throws {
        // Given a synthetic archive whose followers and tweets are split into parts by its manifest
        let directory = try Self.directory()
        func archive(_ name: String, date: String, followers: [Int]) throws -> URL {
            let root = directory.appendingPathComponent(name)
            let data = root.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            func write(_ file: String, _ text: String) throws {
                try Data(text.utf8).write(to: data.appendingPathComponent(file))
            }
            let half = followers.count / 2
            func followerJS(_ part: Int, _ ids: ArraySlice<Int>) -> String {
                "window.YTD.follower.part\(part) = [\n"
                    + ids.map { #"{ "follower" : { "accountId" : "\#($0)", "userLink" : "x" } }"# }
                    .joined(separator: ",\n") + "\n]"
            }
            try write("follower.js", followerJS(0, followers[..<half]))
            try write("follower-part1.js", followerJS(1, followers[half...]))
            try write(
                "account.js",
                #"window.YTD.account.part0 = [ { "account" : { "username" : "shop", "accountId" : "99" } } ]"#)
            try write(
                "manifest.js",
                """
                window.__THAR_CONFIG = { "archiveInfo" : { "generationDate" : "\(date)" }, "dataTypes" : {
                  "follower" : { "files" : [ { "fileName" : "data/follower.js" }, { "fileName" : "data/follower-part1.js" } ] }
                } }
                """)
            return root
        }
        let first = try archive("a", date: "2024-01-10T00:00:00.000Z", followers: Array(1...10))
        let second = try Self.zip(
            try archive("b", date: "2024-06-10T00:00:00.000Z", followers: Array(5...14)), into: directory)
        // And a profile table for some of the followers
        let table = directory.appendingPathComponent("profiles.jsonl")
        try Data(
            #"""
            {"platform":"twitter","id":"12","handle":"twelve","followers_count":30,"following_count":40,"posts_count":5}
            {"platform":"twitter","id":"13","handle":"thirteen","followers_count":1,"following_count":4000,"posts_count":0}
            """#.utf8
        ).write(to: table)
        // When both are imported, the second joined to the table
        let store = try SQLiteStore.inMemory()
        let job = ExportImportJob(kind: .xArchive)
        let one = try await job.run(path: first.path, account: nil, profiles: [], into: store)
        let two = try await job.run(path: second, account: nil, profiles: [.path(table.path)], into: store)
        // Then every part was read, the audience is the newest list, and both lists are snapshots in date order
        #expect(one.followers == 10 && two.followers == 10 && two.withProfiles == 2 && two.replacedExisting)
        let records = try await store.fetchAccountRecords(account: "shop")
        #expect(records.snapshots.map(\.name) == ["x-archive 2024-01-10", "x-archive 2024-06-10"])
        let cohorts = FollowerCohorts.analyze(records.snapshots)
        #expect(cohorts.flows.map(\.joined) == [4])
        #expect(cohorts.flows.map(\.left) == [4])
        var handles: [String] = []
        for try await batch in store.fetchAudienceProfiles(account: "shop") { handles += batch.compactMap(\.handle) }
        #expect(handles == ["twelve", "thirteen"])
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
    func everyInstagramExportShapeIsRead() async throws {
        let expected = [
            "export-2023-01_relationships-wrapper": 200, "export-2023-07_bare-list": 200, "export-2024-12": 200,
            "export-2026-05": 10,
        ]
        for (name, count) in expected {
            let store = try SQLiteStore.inMemory()
            let path = Self.formats.appendingPathComponent("instagram/\(name)").path
            // An export that does not name its account needs --account
            let unnamed = await #expect(throws: AppError.self) {
                try await ExportImportJob(kind: .instagramExport).run(
                    path: path, account: nil, profiles: [], into: store)
            }
            #expect(unnamed?.message.contains("--account") == true)
            let summary = try await ExportImportJob(kind: .instagramExport).run(
                path: path, account: "me", profiles: [], into: store)
            #expect(summary.followers == count, "\(name)")
            let snapshot = try #require(try await store.fetchAccountRecords(account: "me").snapshots.first)
            #expect(snapshot.entries.allSatisfy { $0.followedAt != nil }, "\(name)")
            // Usernames are both id and handle
            var profiles: [Profile] = []
            for try await batch in store.fetchAudienceProfiles(account: "me") { profiles += batch }
            #expect(profiles.allSatisfy { $0.handle == $0.id.rawValue && $0.platform == .instagram })
        }
    }

    @Test func aFolderThatIsNoExportIsAnUnknownFormat() async throws {
        let directory = try Self.directory()
        let error = await #expect(throws: IngestError.self) {
            try await ExportImportJob(kind: .xArchive).run(
                path: directory.path, account: nil, profiles: [], into: try SQLiteStore.inMemory())
        }
        #expect(error?.code == .unknownFormat)
    }
}
