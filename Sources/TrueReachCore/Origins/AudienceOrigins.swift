/// Tells a follower's language and country from the profile, offline.
///
/// The country comes from the free-text location matched against a ``PlaceTable``; the language from
/// ``LanguageGuesser``. Either is nil when the profile does not tell.
public struct OriginGuesser: Sendable {
    /// The place names.
    public var places: PlaceTable
    /// The language guesser.
    public var languages: LanguageGuesser

    /// Creates a guesser.
    public init(places: PlaceTable, languages: LanguageGuesser) {
        self.places = places
        self.languages = languages
    }

    /// The follower's language and country, each nil when unknown.
    public func origin(of profile: Profile) -> (language: LanguageCode?, country: CountryCode?) {
        let country = profile.location.flatMap { $0.isEmpty ? nil : places.country(of: $0) }
        return (languages.language(of: profile), country)
    }
}

/// Who an audience is: its top languages and countries, with the share that is unknown.
public struct AudienceOrigins: Sendable, Hashable, Codable {
    /// Languages (ISO 639-1 codes).
    public var languages: OriginBreakdown
    /// Countries (ISO 3166-1 alpha-2 codes).
    public var countries: OriginBreakdown

    /// Creates the record.
    public init(languages: OriginBreakdown, countries: OriginBreakdown) {
        self.languages = languages
        self.countries = countries
    }

    /// How many languages and countries a report lists by name; the rest are summed as other.
    public static let topCount = 5
}

/// One kind of origin over the followers analysed: the most common values, the rest, and the unknown.
public struct OriginBreakdown: Sendable, Hashable, Codable {
    /// The followers counted (all those analysed).
    public var followers: Int
    /// The most common values, most followers first (ties by code).
    public var top: [OriginShare]
    /// Followers with a known value not in ``top``.
    public var otherCount: Int
    /// Followers whose value the profile does not tell.
    public var unknownCount: Int

    /// Creates the record.
    public init(followers: Int, top: [OriginShare], otherCount: Int, unknownCount: Int) {
        self.followers = followers
        self.top = top
        self.otherCount = otherCount
        self.unknownCount = unknownCount
    }

    /// ``otherCount`` as a share of ``followers`` (0 when there are none).
    public var otherShare: Double { followers > 0 ? Double(otherCount) / Double(followers) : 0 }
    /// ``unknownCount`` as a share of ``followers`` (0 when there are none).
    public var unknownShare: Double { followers > 0 ? Double(unknownCount) / Double(followers) : 0 }

    /// The breakdown of `counts` over `followers`, keeping the `limit` largest.
    public init(counts: [String: Int], followers: Int, limit: Int = AudienceOrigins.topCount) {
        let ranked = counts.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let known = ranked.reduce(0) { $0 + $1.value }
        let kept = ranked.prefix(limit).map {
            OriginShare(code: $0.key, count: $0.value, share: followers > 0 ? Double($0.value) / Double(followers) : 0)
        }
        self.init(
            followers: followers, top: Array(kept), otherCount: known - kept.reduce(0) { $0 + $1.count },
            unknownCount: max(0, followers - known))
    }
}

/// One language or country and its followers.
public struct OriginShare: Sendable, Hashable, Codable {
    /// The ISO code.
    public var code: String
    /// Followers with it.
    public var count: Int
    /// ``count`` over all followers analysed, unknown included.
    public var share: Double

    /// Creates the record.
    public init(code: String, count: Int, share: Double) {
        self.code = code
        self.count = count
        self.share = share
    }
}
