import FoundationEssentials
import Testing
import TrueReachCore

/// Countries from free-text locations, languages from profiles, and their tallies in an audit.
@Suite struct AudienceOriginsTests {
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    /// A small table in the shipped file's format.
    static let places = """
        # a test table
        kind\tname\tcountry\tpopulation
        country\tgermany\tDE\t0
        country\tdeutschland\tDE\t0
        country\tfrance\tFR\t0
        country\tgeorgia\tGE\t0
        country\tnigeria\tNG\t0
        country\tuk\tGB\t0
        country\tu.s.a.\tUS\t0
        country\tus\tUS\t0
        region\tgeorgia\tUS\t0
        region\ttexas\tUS\t0
        region_code\ttx\tUS\t0
        region_code\tga\tUS\t0
        city\tberlin\tDE\t3426354
        city\tparis\tFR\t2138551
        city\tparis\tUS\t24782
        city\tlondon\tGB\t8961989
        city\tlondon\tCA\t422324
        city\tatlanta\tUS\t463878
        city\tlagos\tNG\t9000482
        city\tsan jose\tUS\t1026908
        city\tsan josé\tCR\t335007
        city\tsan jose\tCR\t335007
        city\thyderabad\tIN\t6809970
        city\thyderabad\tPK\t1386330
        city\tvalencia\tES\t792492
        city\tvalencia\tVE\t1385223
        city\tparma\tIT\t198292
        city_alt\tparma\tRU\t982419
        country_alt\tisland\tIS\t0
        city\tarco\tIT\t17000
        """

    static func table() throws -> PlaceTable { try PlaceTable(parsing: places, source: "test.tsv") }

    @Test(
        arguments: [
            ("Berlin", "DE"), ("berlin, germany", "DE"), ("Paris", "FR"), ("Paris, TX", "US"), ("Paris, Texas", "US"),
            ("Atlanta, GA", "US"), ("Atlanta, Georgia", "US"), ("London", "GB"), ("London, UK", "GB"),
            ("Lagos Nigeria", "NG"), ("🇧🇷 São Paulo", "BR"), ("somewhere 🇯🇵", "JP"), ("Berlin | Paris", nil),
            ("Georgia", nil), ("Valencia", nil), ("Earth", nil), ("", nil), ("worldwide ✈️", nil),
            ("  BERLIN  ", "DE"), ("Berlin - Deutschland", "DE"), ("U.S.A.", "US"), ("follow us on ig", nil),
            ("TX", nil), ("San Jose", "US"), ("Hyderabad", "IN"), ("Parma", "IT"), ("Monkey Island", nil),
            ("Island", "IS"), ("Arco (TX)", "IT"), ("Arco, TX", "US"),
        ] as [(String, String?)])
    func locationsNameTheirCountryOrNone(location: String, expected: String?) throws {
        #expect(try Self.table().country(of: location)?.rawValue == expected, "\(location)")
    }

    @Test func aBadPlaceLineIsRefusedNamingTheLineAndField() {
        let bad = "kind\tname\tcountry\tpopulation\ncity\tberlin\tde\t10\n"
        let error = #expect(throws: OriginDataError.self) { try PlaceTable(parsing: bad, source: "p.tsv") }
        #expect(error?.description == "p.tsv, line 2, field 'country': 'de' is not two upper-case letters")
        let kind = "kind\tname\tcountry\tpopulation\ntown\tberlin\tDE\t10\n"
        #expect(throws: OriginDataError.self) { try PlaceTable(parsing: kind, source: "p.tsv") }
        #expect(throws: OriginDataError.self) { try PlaceTable(parsing: "city\tberlin\tDE\t1\n", source: "p.tsv") }
    }

    static let words = """
        language\tword
        en\tthe
        en\tand
        en\tof
        en\tmy
        es\tel
        es\tla
        es\ty
        es\tde
        fr\tla
        fr\tle
        fr\tet
        fr\tde
        pt\tde
        pt\tdo
        pt\te
        ru\tи
        ru\tв
        uk\tі
        """

    static func guesser() throws -> LanguageGuesser { try LanguageGuesser(parsing: words, source: "w.tsv") }

    @Test(
        arguments: [
            ("The best of the coffee and my cats", "en"), ("El perro y la casa de mi madre", "es"),
            ("Le chat et la maison de ma mère", "fr"), ("東京で働いています", "ja"), ("我喜欢咖啡和猫", "zh"),
            ("커피를 좋아합니다", "ko"), ("Я люблю кофе и книги", "ru"), ("Я люблю каву і книжки", "uk"),
            ("Καλημέρα κόσμε", "el"), ("אני אוהב קפה", "he"), ("ฉันชอบกาแฟ", "th"), ("میں کافی پسند کرتا ہوں", "ur"),
            ("من چای دوست دارم", "fa"), ("أحب القهوة", "ar"), ("☕️🐈", nil), ("coffee", nil), ("de la", nil),
        ] as [(String, String?)])
    func textNamesItsLanguageOrNone(text: String, expected: String?) throws {
        #expect(try Self.guesser().language(ofText: text)?.rawValue == expected, "\(text)")
    }

    @Test func theDeclaredLanguageComesFirstAndUndeterminedIsUnknown() throws {
        let guesser = try Self.guesser()
        func profile(_ language: String?, bio: String? = "The best of the coffee and my cats") -> Profile {
            Profile(platform: .twitter, id: "1", bio: bio, language: language)
        }
        #expect(guesser.language(of: profile("pt-BR"))?.rawValue == "pt")
        #expect(guesser.language(of: profile("und"))?.rawValue == "en")
        #expect(guesser.language(of: profile("und", bio: nil)) == nil)
        #expect(guesser.language(of: profile("xx-lc", bio: "☕️"))?.rawValue == nil)
        #expect(guesser.language(of: profile("en_GB", bio: nil))?.rawValue == "en")
    }

    @Test func anAuditCountsOriginsWithTheUnknownAndMergesThemExactly() throws {
        // Given followers with and without locations and languages
        let guesser = OriginGuesser(places: try Self.table(), languages: try Self.guesser())
        let profiles = (0..<300).map { i in
            Profile(
                platform: .twitter, id: ProfileID("\(i)"), followersCount: 10, followingCount: 10, postsCount: 5,
                location: i % 3 == 0 ? "Berlin" : (i % 3 == 1 ? "Paris, TX" : nil),
                language: i % 2 == 0 ? "de" : nil)
        }
        let scorer = RuleScorer()
        let scores = scorer.score(profiles, asOf: Self.now)
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold, origins: guesser)
        var whole = analyzer.makeAccumulator()
        whole.add(profiles, scores: scores, asOf: Self.now)
        // When the report is built
        let report = analyzer.report(from: whole, account: "a", asOf: Self.now, scorer: "rules")
        // Then countries and languages count every follower, the rest unknown
        let origins = try #require(report.origins)
        #expect(origins.countries.top.map(\.code) == ["DE", "US"])
        #expect(origins.countries.top.map(\.count) == [100, 100])
        #expect(origins.countries.unknownCount == 100)
        #expect(abs(origins.countries.unknownShare - 1.0 / 3) < 1e-12)
        #expect(origins.languages.top.map(\.code) == ["de"])
        #expect(origins.languages.unknownCount == 150)
        // And a split through the partial state gives the same totals
        var merged = analyzer.makeAccumulator()
        for range in [0..<120, 120..<300] {
            var part = analyzer.makeAccumulator()
            part.add(Array(profiles[range]), scores: Array(scores[range]), asOf: Self.now)
            let data = try JSONEncoder().encode(part.state)
            merged.merge(
                try AudienceAccumulator(
                    analyzer: analyzer, state: try JSONDecoder().decode(AudienceAccumulator.State.self, from: data)))
        }
        #expect(analyzer.report(from: merged, account: "a", asOf: Self.now, scorer: "rules") == report)
        // And without a guesser there is no origins section, rather than an all-unknown one
        let plain = AudienceAnalyzer(threshold: scorer.threshold)
        var totals = plain.makeAccumulator()
        totals.add(profiles, scores: scores, asOf: Self.now)
        #expect(plain.report(from: totals, account: "a", asOf: Self.now, scorer: "rules").origins == nil)
    }

    @Test func namesAreReadAndABadNameLineIsRefused() throws {
        let names = try OriginNames(
            parsing: "kind\tcode\tname\ncountry\tDE\tGermany\nlanguage\tde\tGerman\n", source: "n.tsv")
        #expect(names.country("DE") == "Germany")
        #expect(names.language("de") == "German")
        #expect(names.country("FR") == nil)
        let error = #expect(throws: OriginDataError.self) {
            try OriginNames(parsing: "kind\tcode\tname\ncountry\tde\tGermany\n", source: "n.tsv")
        }
        #expect(error?.description == "n.tsv, line 2, field 'code': 'de' is not a country code")
    }

    @Test func topListsKeepFiveAndSumTheRestAsOther() {
        let counts = ["a1": 1, "b2": 9, "c3": 8, "d4": 7, "e5": 6, "f6": 5, "g7": 4]
        let breakdown = OriginBreakdown(counts: counts, followers: 50)
        #expect(breakdown.top.map(\.code) == ["b2", "c3", "d4", "e5", "f6"])
        #expect(breakdown.otherCount == 5)
        #expect(breakdown.unknownCount == 10)
        #expect(breakdown.top.map(\.count).reduce(0, +) + breakdown.otherCount + breakdown.unknownCount == 50)
    }
}
