import Foundation
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachTestSupport

/// The shipped place and language-word tables: they load, and on real profiles from `../shared/data`
/// they agree with what the profiles declare.
@Suite struct OriginTablesTests {
    @Test func theShippedTablesLoadAndNamePlacesInManyLanguages() throws {
        let guesser = try OriginFiles.loadShipped()
        #expect(OriginFiles.shippedError == nil)
        #expect(guesser.places.count > 100_000)
        #expect(guesser.names.country("DE") == "Germany")
        #expect(guesser.names.language("pt") == "Portuguese")
        let cases: [(String, String?)] = [
            ("Berlin", "DE"), ("München", "DE"), ("Munchen", "DE"), ("Deutschland", "DE"), ("Rome, Italy", "IT"),
            ("Milano, Lombardia, Italia", "IT"), ("Austin, TX", "US"), ("São Paulo, Brasil", "BR"), ("東京都", "JP"),
            ("Москва", "RU"), ("Lagos, Nigeria", "NG"), ("Mumbai, Maharashtra", "IN"), ("Toronto, Ontario", "CA"),
            ("Paris", "FR"), ("England", "GB"), ("In your house!", nil), ("Earth", nil), ("Internets", nil),
        ]
        for (location, expected) in cases {
            #expect(guesser.places.country(of: location)?.rawValue == expected, "\(location)")
        }
    }

    /// Profiles of a real file, read as they are.
    static func profiles(_ path: String) async throws -> [Profile] {
        var profiles: [Profile] = []
        for try await batch in ProfileFileReader().batches(path: SharedData.url(path).path) {
            profiles += batch.profiles
        }
        return profiles
    }

    /// The guesses from name and bio against the labels of real bios on which langid.py and Lingua
    /// agree, written by `scripts/measure-origins` (which sets `TRUEREACH_LANGUAGE_REFERENCE`); skipped
    /// otherwise.
    ///
    /// Twitter's own `lang` field is no reference: it is the interface language (Arabic bios under `en`).
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["TRUEREACH_LANGUAGE_REFERENCE"] != nil,
            "run scripts/measure-origins to label real bios with langid.py and Lingua"))
    func languageGuessesAgainstAReference() throws {
        let path = try #require(ProcessInfo.processInfo.environment["TRUEREACH_LANGUAGE_REFERENCE"])
        let guesser = try OriginFiles.loadShipped().languages
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var (total, guessed, right) = (0, 0, 0)
        var perLanguage: [String: (total: Int, guessed: Int, right: Int)] = [:]
        var confusions: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { continue }
            let reference = String(fields[0])
            total += 1
            perLanguage[reference, default: (0, 0, 0)].total += 1
            guard let guess = guesser.language(ofText: String(fields[1])) else { continue }
            guessed += 1
            perLanguage[reference, default: (0, 0, 0)].guessed += 1
            if guess.rawValue == reference {
                right += 1
                perLanguage[reference, default: (0, 0, 0)].right += 1
            } else {
                confusions[reference + "→" + guess.rawValue, default: 0] += 1
            }
        }
        let precision = Double(right) / Double(max(guessed, 1))
        let coverage = Double(guessed) / Double(max(total, 1))
        var lines = [
            "\(total) bios; guessed \(guessed) (\(percent(coverage))); right \(right) (precision \(percent(precision)))"
        ]
        for (language, counts) in perLanguage.sorted(by: { $0.value.total > $1.value.total }).prefix(12) {
            lines.append(
                "\(language): \(counts.total) bios, guessed \(counts.guessed), right \(counts.right) "
                    + "(precision \(percent(Double(counts.right) / Double(max(counts.guessed, 1)))))")
        }
        let top = confusions.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) \($0.value)" }
        lines.append("most confused: " + top.joined(separator: ", "))
        print("origins/language against langid and Lingua:\n  " + lines.joined(separator: "\n  "))
        #expect(precision > 0.95)
        #expect(coverage > 0.5)
    }

    /// The Italian election accounts of Cresci and others (2015): a matched location is mostly Italy.
    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
    func locationsOfItalianAccountsAreMatchedToItaly() async throws {
        let places = try OriginFiles.loadShipped().places
        let profiles = try await Self.profiles("cresci-2015-fame-for-sale/E13_users.csv")
        let located = profiles.filter { !($0.location ?? "").isEmpty }
        var countries: [String: Int] = [:]
        for profile in located {
            if let country = places.country(of: profile.location ?? "") { countries[country.rawValue, default: 0] += 1 }
        }
        let matched = countries.values.reduce(0, +)
        let italy = countries["IT", default: 0]
        let top = countries.sorted { $0.value > $1.value }.prefix(6).map { "\($0.key) \($0.value)" }
        print(
            "origins/country: E13 \(located.count) locations, \(matched) matched (\(percent(Double(matched) / Double(located.count)))), "
                + "Italy \(italy) (\(percent(Double(italy) / Double(max(matched, 1)))) of matched); top \(top)")
        #expect(Double(matched) > 0.5 * Double(located.count))
        #expect(Double(italy) > 0.85 * Double(matched))
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
