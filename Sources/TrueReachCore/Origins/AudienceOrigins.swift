/// Tells a follower's language and country from the profile, offline.
///
/// The country comes from the free-text location matched against a ``PlaceTable``; the language from
/// ``LanguageGuesser``. Either is nil when the profile does not tell.
public struct OriginGuesser: Sendable {
    /// The place names.
    public var places: PlaceTable
    /// The language guesser.
    public var languages: LanguageGuesser
    /// English names of the codes, shown beside them in reports.
    public var names: OriginNames

    /// Creates a guesser.
    public init(places: PlaceTable, languages: LanguageGuesser, names: OriginNames = .none) {
        self.places = places
        self.languages = languages
        self.names = names
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
    ///
    /// - Parameters:
    ///   - counts: Followers per code.
    ///   - followers: All the followers counted, unknown included.
    ///   - limit: How many codes to name.
    ///   - name: The English name of a code, if known.
    public init(
        counts: [String: Int], followers: Int, limit: Int = AudienceOrigins.topCount,
        name: (String) -> String? = { _ in nil }
    ) {
        let ranked = counts.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let known = ranked.reduce(0) { $0 + $1.value }
        let kept = ranked.prefix(limit).map {
            OriginShare(
                code: $0.key, name: name($0.key), count: $0.value,
                share: followers > 0 ? Double($0.value) / Double(followers) : 0)
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
    /// Its English name (CLDR), when known.
    public var name: String?
    /// Followers with it.
    public var count: Int
    /// ``count`` over all followers analysed, unknown included.
    public var share: Double

    /// Creates the record.
    public init(code: String, name: String? = nil, count: Int, share: Double) {
        self.code = code
        self.name = name
        self.count = count
        self.share = share
    }

    /// The name, else the code: what a page or a terminal shows.
    public var label: String { name ?? code }
}

/// English names of country and language codes, read from a tab-separated file.
///
/// ## File format
/// UTF-8 text, built by `scripts/build-places` from Unicode CLDR. Lines starting with `#` and blank lines are
/// ignored; the first other line is the header `kind code name`; every later line is `country` or
/// `language`, a code and its name, TAB-separated.
public struct OriginNames: Sendable {
    var countries: [String: String] = [:]
    var languages: [String: String] = [:]

    /// No names: reports show codes alone.
    public static let none = OriginNames()

    private init() {}

    /// Reads names in the file format above.
    ///
    /// - Throws: ``OriginDataError`` naming the file, line and field of a bad line.
    public init(parsing text: String, source: String) throws(OriginDataError) {
        try readOriginTableRows(text, source: source, header: ["kind", "code", "name"]) {
            (line, fields) throws(OriginDataError) in
            guard !fields[2].isEmpty else {
                throw OriginDataError(source: source, line: line, field: "name", reason: "is empty")
            }
            switch fields[0] {
            case "country" where CountryCode(fields[1]) != nil: countries[String(fields[1])] = String(fields[2])
            case "language" where LanguageCode(fields[1]) != nil: languages[String(fields[1])] = String(fields[2])
            case "country", "language":
                throw OriginDataError(
                    source: source, line: line, field: "code", reason: "'\(fields[1])' is not a \(fields[0]) code")
            default:
                throw OriginDataError(
                    source: source, line: line, field: "kind", reason: "'\(fields[0])' is not country or language")
            }
        }
    }

    /// The English name of a country code.
    public func country(_ code: String) -> String? { countries[code] }
    /// The English name of a language code.
    public func language(_ code: String) -> String? { languages[code] }
}
