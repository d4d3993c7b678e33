/// Guesses a follower's language from the profile: the declared language where given, else the script
/// and the function words of the name and bio, else unknown.
///
/// ## Word file format
/// UTF-8 text, built by `scripts/build-places` from stopwords-iso (MIT). Lines starting with `#` and blank
/// lines are ignored; the first other line is the header `language word`; every later line is an ISO 639-1
/// code and a lowercased word, TAB-separated.
public struct LanguageGuesser: Sendable {
    /// For each word, the languages whose function words include it.
    var words: [String: [LanguageCode]] = [:]
    /// Letters in a script other than Latin, at least this many and this share of all letters, decide by script.
    static let scriptLetters = 3
    static let scriptShare = 0.3
    /// A guess from words needs this score (one point per word, shared among the languages that have it)
    /// and this lead over the next language.
    static let wordScore = 1.5
    static let wordLead = 2.0

    /// A guesser with no words: it uses the declared language and the script only.
    public static let scriptOnly = LanguageGuesser()

    private init() {}

    /// Reads the function words in the file format above.
    ///
    /// - Throws: ``OriginDataError`` naming the file, line and field of a bad line.
    public init(parsing text: String, source: String) throws(OriginDataError) {
        try readOriginTableRows(text, source: source, header: ["language", "word"]) {
            (line, fields) throws(OriginDataError) in
            guard let language = LanguageCode(fields[0]) else {
                throw OriginDataError(
                    source: source, line: line, field: "language",
                    reason: "'\(fields[0])' is not a two- or three-letter lower-case code")
            }
            guard !fields[1].isEmpty else {
                throw OriginDataError(source: source, line: line, field: "word", reason: "is empty")
            }
            let word = String(fields[1])
            if !(words[word]?.contains(language) ?? false) { words[word, default: []].append(language) }
        }
    }

    /// The profile's language, or nil when unknown.
    ///
    /// - Parameter profile: The follower.
    /// - Returns: The declared language (its primary subtag; `und`, `zxx`, `mul` and `xx` are unknown),
    ///   else the one the script and words of the display name and bio point to.
    public func language(of profile: Profile) -> LanguageCode? {
        if let declared = profile.language.flatMap(Self.primaryLanguage(of:)) { return declared }
        switch (profile.displayName, profile.bio) {
        case (nil, nil): return nil
        case (let name?, nil): return language(ofText: name)
        case (nil, let bio?): return language(ofText: bio)
        case (let name?, let bio?): return language(ofText: name + "\n" + bio)
        }
    }

    /// The primary subtag of a declared language tag (`pt-BR` is `pt`), or nil when it says nothing.
    public static func primaryLanguage(of tag: String) -> LanguageCode? {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard !["und", "zxx", "mul", "mis", "xx"].contains(primary) else { return nil }
        return LanguageCode(primary)
    }

    /// The language the script and function words of `text` point to, or nil.
    public func language(ofText text: String) -> LanguageCode? {
        var letters = 0
        var scripts: [Script: Int] = [:]
        var hints: Set<LanguageCode> = []
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            let script = Script(scalar)
            if script != .latin && script != .other { scripts[script, default: 0] += 1 }
            if let hint = Self.letterHint(scalar) { hints.insert(hint) }
        }
        guard letters > 0 else { return nil }
        if let (script, count) = scripts.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }),
            count >= Self.scriptLetters, Double(count) >= Self.scriptShare * Double(letters)
        {
            return language(script: script, hints: hints, text: text, scripts: scripts)
        }
        return languageByWords(in: text, among: nil)
    }

    func language(script: Script, hints: Set<LanguageCode>, text: String, scripts: [Script: Int]) -> LanguageCode? {
        switch script {
        case .han: return (scripts[.kana] ?? 0) > 0 ? LanguageCode("ja") : LanguageCode("zh")
        case .kana: return LanguageCode("ja")
        case .arabic:
            if hints.contains(LanguageCode.urdu) { return .urdu }
            if hints.contains(LanguageCode.persian) { return .persian }
            return languageByWords(in: text, among: ["ar", "fa", "ur"]) ?? LanguageCode("ar")
        case .cyrillic:
            for hint in [LanguageCode.ukrainian, .belarusian, .serbian] where hints.contains(hint) { return hint }
            return languageByWords(in: text, among: ["ru", "uk", "bg", "sr"]) ?? LanguageCode("ru")
        default: return script.language
        }
    }

    /// The language whose function words score highest in `text`, if it scores enough and leads enough.
    func languageByWords(in text: String, among allowed: Set<String>?) -> LanguageCode? {
        guard !words.isEmpty else { return nil }
        var scores: [LanguageCode: Double] = [:]
        for token in text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "'") }) {
            guard let languages = words[String(token)] else { continue }
            let candidates = allowed.map { set in languages.filter { set.contains($0.rawValue) } } ?? languages
            guard !candidates.isEmpty else { continue }
            let share = 1 / Double(candidates.count)
            for language in candidates { scores[language, default: 0] += share }
        }
        let ranked = scores.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }
        guard let best = ranked.first, best.value >= Self.wordScore else { return nil }
        if ranked.count > 1, best.value < Self.wordLead * ranked[1].value { return nil }
        return best.key
    }

    /// A language that a letter all but proves within its script.
    static func letterHint(_ scalar: Unicode.Scalar) -> LanguageCode? {
        switch scalar.value {
        case 0x0456, 0x0457, 0x0454, 0x0491, 0x0406, 0x0407, 0x0404, 0x0490: return .ukrainian  // і ї є ґ
        case 0x045E, 0x040E: return .belarusian  // ў
        case 0x0452, 0x0458, 0x0459, 0x045A, 0x045B, 0x045F: return .serbian  // ђ ј љ њ ћ џ
        case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2: return .urdu  // ٹ ڈ ڑ ں ے
        case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC: return .persian  // پ چ ژ گ ی
        default: return nil
        }
    }

    /// The writing systems the guesser tells apart.
    enum Script: String, Sendable, Hashable {
        case latin, cyrillic, greek, arabic, hebrew, devanagari, bengali, gurmukhi, gujarati, tamil, telugu
        case kannada, malayalam, sinhala, thai, lao, myanmar, khmer, georgian, armenian, ethiopic, hangul
        case kana, han, other

        // swift-format-ignore
        init(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x0041...0x024F, 0x1E00...0x1EFF: self = .latin
            case 0x0370...0x03FF, 0x1F00...0x1FFF: self = .greek
            case 0x0400...0x052F: self = .cyrillic
            case 0x0530...0x058F: self = .armenian
            case 0x0590...0x05FF: self = .hebrew
            case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
            case 0x0900...0x097F: self = .devanagari
            case 0x0980...0x09FF: self = .bengali
            case 0x0A00...0x0A7F: self = .gurmukhi
            case 0x0A80...0x0AFF: self = .gujarati
            case 0x0B80...0x0BFF: self = .tamil
            case 0x0C00...0x0C7F: self = .telugu
            case 0x0C80...0x0CFF: self = .kannada
            case 0x0D00...0x0D7F: self = .malayalam
            case 0x0D80...0x0DFF: self = .sinhala
            case 0x0E00...0x0E7F: self = .thai
            case 0x0E80...0x0EFF: self = .lao
            case 0x1000...0x109F: self = .myanmar
            case 0x10A0...0x10FF: self = .georgian
            case 0x1200...0x139F: self = .ethiopic
            case 0x1780...0x17FF: self = .khmer
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: self = .hangul
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: self = .kana
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: self = .han
            default: self = .other
            }
        }

        /// The language a script stands for when it is written mostly by one.
        var language: LanguageCode? {
            let code: String? =
                switch self {
                case .greek: "el"
                case .hebrew: "he"
                case .devanagari: "hi"
                case .bengali: "bn"
                case .gurmukhi: "pa"
                case .gujarati: "gu"
                case .tamil: "ta"
                case .telugu: "te"
                case .kannada: "kn"
                case .malayalam: "ml"
                case .sinhala: "si"
                case .thai: "th"
                case .lao: "lo"
                case .myanmar: "my"
                case .khmer: "km"
                case .georgian: "ka"
                case .armenian: "hy"
                case .ethiopic: "am"
                case .hangul: "ko"
                case .kana: "ja"
                case .han: "zh"
                case .latin, .cyrillic, .arabic, .other: nil
                }
            return code.flatMap { LanguageCode($0) }
        }
    }
}

/// An ISO 639 language code, lower case, such as `en` or `fil`.
public struct LanguageCode: OriginCode {
    /// The two or three letters.
    public let rawValue: String

    /// The code, or nil unless `text` is two or three ASCII lower-case letters.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard (2...3).contains(bytes.count), bytes.allSatisfy({ (97...122).contains($0) }) else { return nil }
        rawValue = String(text)
    }

    private init(known: String) { rawValue = known }

    public static let kind = "language"

    static let ukrainian = LanguageCode(known: "uk")
    static let belarusian = LanguageCode(known: "be")
    static let serbian = LanguageCode(known: "sr")
    static let urdu = LanguageCode(known: "ur")
    static let persian = LanguageCode(known: "fa")
}
