/// Place names for matching free-text profile locations to countries, offline.
///
/// ## File format
/// UTF-8 text, built by `scripts/build-places` from GeoNames (CC BY 4.0) and Unicode CLDR. Lines starting
/// with `#` and blank lines are ignored; the first other line is the header `kind name country population`;
/// every later line has those four TAB-separated fields:
///
/// | field | meaning |
/// |---|---|
/// | `kind` | `country`, `country_alt`, `region`, `region_code`, `city` or `city_alt` |
/// | `name` | the lookup key, lowercased, single spaces |
/// | `country` | ISO 3166-1 alpha-2, upper case |
/// | `population` | a whole number, 0 when unknown |
///
/// `country` and `city` rows are the GeoNames names; `country_alt` rows are names in other languages (CLDR) and
/// `city_alt` rows GeoNames alternate names, which collide with other cities' own names (Lomé is also "Rome").
/// A name may appear under several countries (there is a London in Canada): ``country(of:)`` weighs them.
public struct PlaceTable: Sendable {
    /// What a name stands for in one country.
    struct Entry: Sendable, Hashable {
        var country: CountryCode
        /// True for a country or region name, false for a city.
        var isArea: Bool
        /// True for a GeoNames name (`country`, `city`), false for another language's or an alternate one.
        var isPrimary: Bool
        /// The city's population, 0 for an area.
        var population: Int
    }

    /// Countries, regions and cities by name.
    var names: [String: [Entry]] = [:]
    /// US state codes such as `tx`, used only after a comma ("Austin, TX").
    var regionCodes: [String: CountryCode] = [:]
    /// Cities at least this large are matched as words inside a longer text ("Lagos Nigeria").
    static let wordCityPopulation = 500_000
    /// A single word inside a longer text is looked up only from this length: "us" and "per" are words
    /// before they are places.
    static let wordLength = 4

    /// The number of names in the table.
    public var count: Int { names.count + regionCodes.count }

    /// A table with no places: every location is unknown.
    public static let empty = PlaceTable()

    private init() {}

    /// Reads a table in the file format above.
    ///
    /// - Parameters:
    ///   - text: The file's text.
    ///   - source: The file's name, for errors.
    /// - Throws: ``OriginDataError`` naming the file, line and field of a bad line.
    public init(parsing text: String, source: String) throws(OriginDataError) {
        try readOriginTableRows(text, source: source, header: ["kind", "name", "country", "population"]) {
            (lineNumber, fields) throws(OriginDataError) in
            let name = Self.trimmed(String(fields[1]))
            guard !name.isEmpty else {
                throw OriginDataError(source: source, line: lineNumber, field: "name", reason: "is empty")
            }
            guard let country = CountryCode(fields[2]) else {
                throw OriginDataError(
                    source: source, line: lineNumber, field: "country",
                    reason: "'\(fields[2])' is not two upper-case letters")
            }
            guard let population = Int(fields[3]), population >= 0 else {
                throw OriginDataError(
                    source: source, line: lineNumber, field: "population",
                    reason: "'\(fields[3])' is not a whole number")
            }
            let entry: Entry
            switch fields[0] {
            case "country": entry = Entry(country: country, isArea: true, isPrimary: true, population: 0)
            case "country_alt", "region":
                entry = Entry(country: country, isArea: true, isPrimary: false, population: 0)
            case "city": entry = Entry(country: country, isArea: false, isPrimary: true, population: population)
            case "city_alt":
                entry = Entry(country: country, isArea: false, isPrimary: false, population: population)
            case "region_code":
                regionCodes[name] = country
                return
            default:
                throw OriginDataError(
                    source: source, line: lineNumber, field: "kind",
                    reason: "'\(fields[0])' is not country, country_alt, region, region_code, city or city_alt")
            }
            names[name, default: []].append(entry)
        }
    }

    // MARK: - Matching

    /// The country a free-text location names, or nil when it names none or is ambiguous.
    ///
    /// A flag emoji decides at once. Otherwise the text is cut at commas, slashes, bars, dashes and
    /// brackets, and each part is looked up whole: a country, region or city name, or a US state code
    /// right after a comma. Each country gets the number of parts that point at it, then how many of
    /// those are countries or regions, then how many are a city's own name (not an alternate name of
    /// another city), then its largest city's population; the first wins if it leads on any of the
    /// counts, or has at least twice the runner-up's population. So "Paris" is France, "Paris, TX" the
    /// United States, "Atlanta, Georgia" the United States, "Parma" Italy (Perm is also "Parma"), and
    /// "Georgia" alone unknown. When no part matches, pairs of words and single words of at least
    /// ``wordLength`` letters are looked up among English country names and the own names of cities of
    /// at least ``wordCityPopulation``.
    ///
    /// - Parameter location: A profile's location field.
    /// - Returns: The country, or nil for unknown.
    public func country(of location: String) -> CountryCode? {
        if let flag = Self.flagCountry(in: location) { return flag }
        let text = location.lowercased()
        var votes: [Vote] = []
        for part in Self.parts(of: text) {
            var seen: [Vote] = []
            for entry in names[part.text] ?? [] { Self.vote(for: entry, in: &seen) }
            if part.afterComma, let code = regionCodes[part.text] {
                Self.vote(for: Entry(country: code, isArea: true, isPrimary: false, population: 0), in: &seen)
            }
            Self.add(seen, to: &votes)
        }
        if votes.isEmpty {
            votes = wordVotes(in: text)
        }
        return Self.winner(of: votes)
    }

    /// One country's support from the parts of a location.
    struct Vote: Sendable, Hashable {
        var country: CountryCode
        var parts = 1
        var areas = 0
        var primaries = 0
        var population = 0

        var rank: (Int, Int, Int, Int) { (parts, areas, primaries, population) }
    }

    /// Adds one part's entry to that part's votes (a part counts once per country).
    static func vote(for entry: Entry, in seen: inout [Vote]) {
        let at: Int
        if let found = seen.firstIndex(where: { $0.country == entry.country }) {
            at = found
        } else {
            seen.append(Vote(country: entry.country))
            at = seen.count - 1
        }
        if entry.isArea { seen[at].areas = 1 }
        if entry.isPrimary && !entry.isArea { seen[at].primaries = 1 }
        seen[at].population = max(seen[at].population, entry.population)
    }

    static func add(_ part: [Vote], to votes: inout [Vote]) {
        for vote in part {
            if let at = votes.firstIndex(where: { $0.country == vote.country }) {
                votes[at].parts += vote.parts
                votes[at].areas += vote.areas
                votes[at].primaries += vote.primaries
                votes[at].population = max(votes[at].population, vote.population)
            } else {
                votes.append(vote)
            }
        }
    }

    static func winner(of votes: [Vote]) -> CountryCode? {
        let ranked = votes.sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.country < $1.country }
        guard let first = ranked.first else { return nil }
        guard ranked.count > 1 else { return first.country }
        let second = ranked[1]
        if first.parts > second.parts || first.areas > second.areas || first.primaries > second.primaries {
            return first.country
        }
        if first.population > 0 && first.population >= 2 * second.population { return first.country }
        return nil
    }

    /// Votes from pairs of words and single words of a text that no part of matched.
    ///
    /// Only English country names (`country` rows) and the own names of cities of at least
    /// ``wordCityPopulation`` count. A word inside a matched pair is not looked up alone, nor one shorter
    /// than ``wordLength``.
    func wordVotes(in text: String) -> [Vote] {
        let words = text.split { !($0.isLetter || $0 == "." || $0 == "'") }.map { Self.trimmed(String($0)) }
        guard words.count > 1 else { return [] }
        var votes: [Vote] = []
        var covered = [Bool](repeating: false, count: words.count)
        func lookUp(_ phrase: String) -> Bool {
            var seen: [Vote] = []
            for entry in names[phrase] ?? []
            where entry.isPrimary && (entry.isArea || entry.population >= Self.wordCityPopulation) {
                Self.vote(for: entry, in: &seen)
            }
            Self.add(seen, to: &votes)
            return !seen.isEmpty
        }
        for start in 0..<(words.count - 1) where lookUp(words[start] + " " + words[start + 1]) {
            covered[start] = true
            covered[start + 1] = true
        }
        for index in words.indices where !covered[index] && words[index].count >= Self.wordLength {
            _ = lookUp(words[index])
        }
        return votes
    }

    /// A piece of a location between separators.
    struct Part: Sendable, Hashable {
        /// The piece, trimmed.
        var text: String
        /// Whether a comma comes right before it (where "TX" is a state, not "(TN)", an Italian province).
        var afterComma: Bool
    }

    /// The location cut into trimmed, non-empty parts (a dash between spaces also cuts).
    static func parts(of text: String) -> [Part] {
        let separators: Set<Character> = [",", "/", "|", ";", "·", "•", "(", ")", "\n", "、", "，"]
        var parts: [Part] = []
        var words: [Substring] = []
        var afterComma = false
        var separatorBefore: Character?
        func flush() {
            let trimmed = Self.trimmed(words.joined(separator: " "))
            if !trimmed.isEmpty { parts.append(Part(text: trimmed, afterComma: afterComma)) }
            words.removeAll()
            afterComma = separatorBefore == "," || separatorBefore == "，"
        }
        var word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            if word == "-" || word == "–" || word == "—" {
                separatorBefore = "-"
                flush()
            } else {
                words.append(Substring(word))
            }
            word = ""
        }
        for character in text {
            if separators.contains(character) {
                endWord()
                separatorBefore = character
                flush()
            } else if character.isWhitespace {
                endWord()
            } else {
                word.append(character)
            }
        }
        endWord()
        separatorBefore = nil
        flush()
        return parts
    }

    /// The part without surrounding punctuation and symbols.
    static func trimmed(_ part: String) -> String {
        var joined = Substring(part)
        while let last = joined.last, !(last.isLetter || last.isNumber) { joined.removeLast() }
        while let first = joined.first, !(first.isLetter || first.isNumber) { joined.removeFirst() }
        return String(joined)
    }

    /// The country of the first flag emoji (a pair of regional indicator symbols) in `text`.
    static func flagCountry(in text: String) -> CountryCode? {
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard (0x1F1E6...0x1F1FF).contains(value) else {
                previous = nil
                continue
            }
            if let first = previous {
                let letters = [first, value].map { Character(Unicode.Scalar(UInt8($0 - 0x1F1E6) + 65)) }
                return CountryCode(String(letters))
            }
            previous = value
        }
        return nil
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case, such as `DE`.
public struct CountryCode: OriginCode {
    /// The two letters.
    public let rawValue: String

    /// The code, or nil unless `text` is two ASCII upper-case letters.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ (65...90).contains($0) }) else { return nil }
        rawValue = String(text)
    }

    public static let kind = "country"
}

/// A line of a place or language-word file that cannot be read.
public struct OriginDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var source: String
    /// The 1-based line.
    public var line: Int
    /// The field at fault.
    public var field: String
    /// What is wrong.
    public var reason: String

    public var description: String { "\(source), line \(line), field '\(field)': \(reason)" }
}
