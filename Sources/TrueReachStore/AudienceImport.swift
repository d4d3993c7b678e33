import Foundation
import TrueReachCore

/// Options for ``AudienceStore/saveAudience(name:platform:batches:options:createdAt:)``.
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
    /// The audience name.
    public var audience: String
    /// Accounts read from the input.
    public var accountsRead: Int
    /// Accounts stored.
    public var accountsSaved: Int
    /// Accounts skipped because they were invalid.
    public var invalidSkipped: Int
    /// Accounts skipped because they repeated an earlier account of this import.
    public var duplicatesSkipped: Int
    /// Whether an audience of the same name existed and was replaced.
    public var replacedExisting: Bool
    /// The first skipped accounts (up to ``AudienceImportOptions/maxListedProblems``).
    public var problems: [AudienceImportProblem]

    /// Creates a summary.
    public init(
        audience: String,
        accountsRead: Int = 0,
        accountsSaved: Int = 0,
        invalidSkipped: Int = 0,
        duplicatesSkipped: Int = 0,
        replacedExisting: Bool = false,
        problems: [AudienceImportProblem] = []
    ) {
        self.audience = audience
        self.accountsRead = accountsRead
        self.accountsSaved = accountsSaved
        self.invalidSkipped = invalidSkipped
        self.duplicatesSkipped = duplicatesSkipped
        self.replacedExisting = replacedExisting
        self.problems = problems
    }
}

/// A stored audience: the followers of one named account.
public struct AudienceInfo: Sendable, Hashable {
    /// The unique audience name (usually the audited account's handle).
    public var name: String
    /// The platform of the audited account.
    public var platform: Platform
    /// When the audience was imported.
    public var createdAt: Date
    /// How many accounts are stored for it.
    public var accountCount: Int

    /// Creates an audience description.
    public init(name: String, platform: Platform, createdAt: Date, accountCount: Int) {
        self.name = name
        self.platform = platform
        self.createdAt = createdAt
        self.accountCount = accountCount
    }
}

// MARK: - Shared import rules (every store applies them the same way)

extension AudienceImportProblem.Kind {
    /// Why `account` cannot be stored, or `nil` when it can: an empty id, or a negative count or length.
    package init?(validating account: Account) {
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
    /// Counts a skipped account at position ``accountsRead`` and lists it while there is room.
    package mutating func recordSkipped(_ kind: AudienceImportProblem.Kind, options: AudienceImportOptions) {
        switch kind {
        case .duplicate: duplicatesSkipped += 1
        case .emptyID, .negativeCount: invalidSkipped += 1
        }
        if problems.count < options.maxListedProblems {
            problems.append(AudienceImportProblem(recordIndex: accountsRead, kind: kind))
        }
    }
}

extension StoreError {
    /// The error of a strict import stopped by account `recordIndex` (1-based) for `kind`.
    package static func strictImportStopped(at recordIndex: Int, _ kind: AudienceImportProblem.Kind) -> StoreError {
        switch kind {
        case .duplicate:
            return StoreError(
                code: .duplicateAccount,
                message: "Account \(recordIndex) of the import repeats an earlier account "
                    + "(same platform and id); nothing was stored.",
                recordIndex: recordIndex
            )
        case .emptyID, .negativeCount:
            return StoreError(
                code: .invalidRecord,
                message: "Account \(recordIndex) of the import is invalid (\(kind.rawValue)); "
                    + "nothing was stored. Fix the input or import without strict mode.",
                recordIndex: recordIndex
            )
        }
    }
}
