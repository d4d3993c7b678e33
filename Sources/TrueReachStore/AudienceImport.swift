import Foundation
import TrueReachCore

/// Options for ``AudienceStore/saveAudience(account:platform:batches:options:createdAt:)``.
public struct AudienceImportOptions: Sendable, Hashable {
    /// Stop at the first invalid or duplicate account and roll the whole import back.
    ///
    /// When `false` (the default), such accounts are skipped and counted in the summary.
    public var strict: Bool
    /// How many problems the summary lists individually (all are counted).
    public var maxListedProblems: Int

    /// Creates options; every field defaults.
    public init(strict: Bool = false, maxListedProblems: Int = 100) {
        self.strict = strict
        self.maxListedProblems = maxListedProblems
    }
}

/// One account an import skipped.
public struct AudienceImportProblem: Sendable, Hashable {
    /// Why an account was skipped.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The account's id is empty.
        case emptyID = "empty_id"
        /// A count or length is negative.
        case negativeCount = "negative_count"
        /// The same platform and id appeared earlier in this import (the first one was kept).
        case duplicate
    }

    /// The 1-based position of the account in the import.
    public var recordIndex: Int
    /// Why it was skipped.
    public var kind: Kind

    /// Creates a problem record.
    public init(recordIndex: Int, kind: Kind) {
        self.recordIndex = recordIndex
        self.kind = kind
    }
}

/// What an import did.
public struct AudienceImportSummary: Sendable, Hashable {
    /// The audited account whose audience this is.
    public var account: String
    /// Profiles read from the input.
    public var followersRead: Int
    /// Profiles stored.
    public var followersSaved: Int
    /// Profiles skipped because they were invalid.
    public var invalidSkipped: Int
    /// Profiles skipped because they repeated an earlier profile of this import.
    public var duplicatesSkipped: Int
    /// Whether an audience of the same name existed and was replaced.
    public var replacedExisting: Bool
    /// The first skipped profiles (up to ``AudienceImportOptions/maxListedProblems``).
    public var problems: [AudienceImportProblem]

    /// Creates a summary.
    public init(
        account: String,
        followersRead: Int = 0,
        followersSaved: Int = 0,
        invalidSkipped: Int = 0,
        duplicatesSkipped: Int = 0,
        replacedExisting: Bool = false,
        problems: [AudienceImportProblem] = []
    ) {
        self.account = account
        self.followersRead = followersRead
        self.followersSaved = followersSaved
        self.invalidSkipped = invalidSkipped
        self.duplicatesSkipped = duplicatesSkipped
        self.replacedExisting = replacedExisting
        self.problems = problems
    }
}

/// A stored audience: the followers of one named account.
public struct AudienceInfo: Sendable, Hashable {
    /// The audited account whose followers these are (unique; usually its handle).
    public var account: String
    /// The platform of the audited account.
    public var platform: Platform
    /// When the audience was imported.
    public var createdAt: Date
    /// How many followers are stored for it.
    public var followerCount: Int

    /// Creates an audience description.
    public init(account: String, platform: Platform, createdAt: Date, followerCount: Int) {
        self.account = account
        self.platform = platform
        self.createdAt = createdAt
        self.followerCount = followerCount
    }
}

// MARK: - Shared import rules (every store applies them the same way)

extension AudienceImportProblem.Kind {
    /// Why `account` cannot be stored, or `nil` when it can: an empty id, or a negative count or length.
    package init?(validating account: Profile) {
        if account.id.rawValue.isEmpty {
            self = .emptyID
            return
        }
        let counts = [
            account.followersCount, account.followingCount, account.postsCount, account.likesCount,
            account.listsCount, account.handleLength, account.handleDigits, account.displayNameLength,
            account.displayNameDigits, account.bioLength,
        ]
        for case let count? in counts where count < 0 {
            self = .negativeCount
            return
        }
        return nil
    }
}

extension AudienceImportSummary {
    /// Counts a skipped account at position ``followersRead`` and lists it while there is room.
    package mutating func recordSkipped(_ kind: AudienceImportProblem.Kind, options: AudienceImportOptions) {
        switch kind {
        case .duplicate: duplicatesSkipped += 1
        case .emptyID, .negativeCount: invalidSkipped += 1
        }
        if problems.count < options.maxListedProblems {
            problems.append(AudienceImportProblem(recordIndex: followersRead, kind: kind))
        }
    }
}

extension StoreError {
    /// The error of a strict import stopped by account `recordIndex` (1-based) for `kind`.
    package static func strictImportStopped(at recordIndex: Int, _ kind: AudienceImportProblem.Kind) -> StoreError {
        switch kind {
        case .duplicate:
            return StoreError(
                code: .duplicateProfile,
                message: "Profile \(recordIndex) of the import repeats an earlier profile "
                    + "(same platform and id); nothing was stored.",
                recordIndex: recordIndex
            )
        case .emptyID, .negativeCount:
            return StoreError(
                code: .invalidRecord,
                message: "Profile \(recordIndex) of the import is invalid (\(kind.rawValue)); "
                    + "nothing was stored. Fix the input or import without strict mode.",
                recordIndex: recordIndex
            )
        }
    }
}
