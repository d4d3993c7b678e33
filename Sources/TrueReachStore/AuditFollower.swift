public import TrueReachCore

/// One follower's result in a stored audit: who it is, its score, category and signals.
///
/// An audit of a stored audience (`truereach audit --account NAME`, a census) stores one per
/// follower under the audit's id (``AudienceStore/saveAuditFollowers(audit:batches:)``), so the
/// dashboard's follower explorer can page, filter, sort and search them
/// (``AudienceStore/fetchAuditFollowerPage(_:)``). The fields are those of a `truereach score` row
/// plus what the explorer shows and sorts by.
public struct AuditFollower: Sendable, Hashable {
    /// The follower's place in the audit, 1-based, in the audience's import order.
    public var position: Int
    /// The follower's platform.
    public var platform: Platform
    /// The follower's id on the platform.
    public var profile: ProfileID
    /// The follower's handle, when known (untrusted text: escape it wherever it is shown).
    public var handle: String?
    /// The follower's display name, when known (untrusted text: escape it wherever it is shown).
    public var displayName: String?
    /// The bot / fake probability, in [0, 1].
    public var probability: Double
    /// The follower's audience category at the audit's threshold.
    public var category: AudienceCategory
    /// How many followers the follower has, when known.
    public var followersCount: Int?
    /// The signals behind the score, strongest first.
    public var signals: [Signal]

    /// Creates a follower result.
    public init(
        position: Int,
        platform: Platform,
        profile: ProfileID,
        handle: String?,
        displayName: String?,
        probability: Double,
        category: AudienceCategory,
        followersCount: Int?,
        signals: [Signal]
    ) {
        self.position = position
        self.platform = platform
        self.profile = profile
        self.handle = handle
        self.displayName = displayName
        self.probability = probability
        self.category = category
        self.followersCount = followersCount
        self.signals = signals
    }
}

// MARK: - Stored keys (the same in every store)

extension AuditFollower {
    /// The largest position a follower can have (positions share a 64-bit key with the audit id).
    package static let maximumPosition = (1 << 32) - 1

    /// How many of an account's audits keep their follower results: publishing one removes those of
    /// the account's older audits past this many (the newest, and the one before it, which a reader
    /// may still be paging).
    public static let listsKeptPerAccount = 2

    /// The ascending key of the probability order: higher probabilities first.
    ///
    /// Stored as `sort_probability`, so one ascending index serves "probability, highest first, ties
    /// by position" and its keyset condition `(sort_probability, position) > (…)`.
    package var probabilityKey: Double { probability == 0 ? 0 : -probability }

    /// The ascending key of the follower-count order: more followers first, unknown counts last.
    package var followersKey: Int64 { -Int64(followersCount ?? -1) }

    /// What a search matches against: the handle and the display name, lowercased, without NULs, cut
    /// at ``searchTextLength`` characters (it is part of an index, and PostgreSQL index entries are small).
    package var searchText: String {
        let key = Self.searchKey((handle ?? "") + "\n" + (displayName ?? ""))
        return key.unicodeScalars.count <= Self.searchTextLength
            ? key : String(String.UnicodeScalarView(key.unicodeScalars.prefix(Self.searchTextLength)))
    }

    /// How many Unicode scalars of the handle and name a search looks at (at most 1 KiB of UTF-8).
    package static let searchTextLength = 256

    /// Lowercases `text` and drops U+0000, as stored in `search_text` and applied to the needle.
    package static func searchKey(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0 != "\u{0}" }))
    }
}
