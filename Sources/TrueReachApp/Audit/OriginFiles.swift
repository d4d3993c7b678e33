import Foundation
public import TrueReachCore

/// The shipped tables that tell a follower's country and language: `Resources/places.tsv` (GeoNames,
/// CC BY 4.0, and Unicode CLDR), `Resources/language-words.tsv` (stopwords-iso, MIT) and
/// `Resources/origin-names.tsv` (English names, CLDR), all built by `scripts/build-places`.
public enum OriginFiles {
    /// The guesser over the shipped tables, read once per process; nil when they are missing from the
    /// build or unreadable (then audits report no origins, and ``shippedError`` says why).
    public static let shipped: OriginGuesser? = try? loadShipped()

    /// Why the shipped tables cannot be read, or nil when they can.
    public static var shippedError: AppError? {
        do {
            _ = try loadShipped()
            return nil
        } catch let error as AppError {
            return error
        } catch {
            return AppError(.cannotOpen, "\(error)")
        }
    }

    /// Reads both shipped tables.
    ///
    /// - Throws: ``AppError`` `.cannotOpen` when a file is missing from the build, `.badInput` naming the
    ///   file, line and field of a bad line.
    public static func loadShipped() throws -> OriginGuesser {
        do {
            let places = try PlaceTable(parsing: try text(of: "places"), source: "places.tsv (shipped)")
            let words = try LanguageGuesser(
                parsing: try text(of: "language-words"), source: "language-words.tsv (shipped)")
            let names = try OriginNames(
                parsing: try text(of: "origin-names"), source: "origin-names.tsv (shipped)")
            return OriginGuesser(places: places, languages: words, names: names)
        } catch let error as OriginDataError {
            throw AppError(.badInput, error.description)
        }
    }

    static func text(of name: String) throws -> String {
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "tsv"),
            let data = FileManager.default.contents(atPath: url.path)
        else { throw AppError(.cannotOpen, "the shipped Resources/\(name).tsv is missing from this build") }
        return String(decoding: data, as: UTF8.self)
    }
}
