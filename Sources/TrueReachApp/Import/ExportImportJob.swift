public import Foundation
import TrueReachCore
public import TrueReachIngest
public import TrueReachStore

/// Imports a platform's data export (an X archive, an Instagram export) as an account's audience.
///
/// Exports list followers by id or username only. Each follower is stored as a bare profile, or as
/// the matching row of a profile table when one is given (matched by id, then by handle). The
/// follower list is added to the account's snapshots (so a later export shows who joined and who
/// left), and an X archive's posts replace the stored posts.
///
/// ```swift
/// let summary = try await ExportImportJob(kind: .xArchive).run(
///     path: "twitter-2024-05-01.zip", account: nil, profiles: [], into: store)
/// print(summary.account, summary.followers)
/// ```
public struct ExportImportJob: Sendable {
    /// The kinds of export read.
    public enum Kind: String, Sendable, CaseIterable {
        case xArchive = "x-archive"
        case instagramExport = "instagram-export"
    }

    /// What kind of export to read.
    public var kind: Kind
    /// The issue policy for the export's files and the profile tables.
    public var configuration: IngestConfiguration

    /// Creates a job.
    public init(kind: Kind, configuration: IngestConfiguration = .init()) {
        self.kind = kind
        self.configuration = configuration
    }

    /// What an import stored.
    public struct Summary: Sendable {
        /// The account the audience is stored under.
        public var account: String
        /// Followers stored (distinct).
        public var followers: Int
        /// Of those, followers with a profile from the tables given.
        public var withProfiles: Int
        /// Posts stored (X archives).
        public var posts: Int
        /// When the export was made, when it says.
        public var generatedAt: Date?
        /// Whether an earlier audience of the account was replaced.
        public var replacedExisting: Bool
    }

    /// Reads the export at `path` and stores it.
    ///
    /// - Parameters:
    ///   - path: The export's folder or zip.
    ///   - account: The name to store under; `nil` takes the handle the export names.
    ///   - profiles: Profile tables to join to the follower list (any profile format).
    ///   - store: Where to store.
    ///   - events: Skipped records, from the export and the tables.
    ///   - beforeWrite: Called with the account's name and platform once they are known and before
    ///     anything is written; throwing stops the import (the CLI checks the workspace here).
    /// - Returns: What was stored.
    /// - Throws: ``AppError`` `.badInput` (no account name, no followers); `IngestError`; `StoreError`.
    public func run(
        path: String, account: String?, profiles: [IngestInput], into store: any AudienceStore,
        events: JobEvents? = nil, beforeWrite: (@Sendable (String, Platform) async throws -> Void)? = nil
    ) async throws -> Summary {
        let export =
            switch kind {
            case .xArchive: try await XArchiveReader.read(path: path, configuration: configuration)
            case .instagramExport: try await InstagramExportReader.read(path: path, configuration: configuration)
            }
        if !export.issues.isEmpty { events?(.skipped(export.issues)) }
        guard let name = account ?? export.handle, !name.isEmpty else {
            throw AppError(.badInput, "\(path): the export does not name its account; pass --account NAME")
        }
        guard !export.followers.entries.isEmpty else {
            throw AppError(.badInput, "\(path): the export lists no followers")
        }
        try await beforeWrite?(name, export.platform)

        var byID: [String: Profile] = [:]
        var byHandle: [String: Profile] = [:]
        let reader = ProfileFileReader(configuration: configuration)
        for table in profiles {
            let (rows, issues) = try await reader.readAll(table)
            if !issues.isEmpty { events?(.skipped(issues)) }
            for profile in rows {
                if byID[profile.id.rawValue] == nil { byID[profile.id.rawValue] = profile }
                if let handle = profile.handle?.lowercased(), byHandle[handle] == nil { byHandle[handle] = profile }
            }
        }
        var followers: [Profile] = []
        var seen = Set<ProfileID>()
        var withProfiles = 0
        for entry in export.followers.entries where seen.insert(entry.profile).inserted {
            let key = entry.profile.rawValue
            if let known = byID[key] ?? byHandle[key.lowercased()] {
                followers.append(known)
                withProfiles += 1
            } else {
                // Instagram lists usernames: the username is both id and handle.
                let handle = export.platform == .instagram ? key : nil
                followers.append(Profile(platform: export.platform, id: entry.profile, handle: handle))
            }
        }
        let saved = try await store.saveAudience(account: name, platform: export.platform, profiles: followers)

        // The new snapshot joins the stored ones (one per export date), oldest first.
        let snapshotName =
            "\(kind.rawValue) \(export.generatedAt.map(Self.day) ?? URL(fileURLWithPath: path).lastPathComponent)"
        var snapshot = export.followers
        snapshot.name = snapshotName
        let stored = try await store.fetchAccountRecords(account: name)
        var snapshots = stored.snapshots.filter { $0.name != snapshotName } + [snapshot]
        snapshots.sort { ($0.effectiveDate ?? .distantPast) < ($1.effectiveDate ?? .distantPast) }
        var records = AccountRecords(snapshots: snapshots)
        if let posts = export.posts {
            records.posts = posts.posts
            records.interactions = posts.interactions
            records.authors = posts.authors
        }
        try await store.saveAccountRecords(records, account: name)
        return Summary(
            account: name, followers: saved.followersSaved, withProfiles: withProfiles,
            posts: export.posts?.posts.count ?? 0, generatedAt: export.generatedAt,
            replacedExisting: saved.replacedExisting)
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
