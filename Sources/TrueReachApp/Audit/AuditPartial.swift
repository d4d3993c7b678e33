public import Foundation
public import TrueReachCore
public import TrueReachIngest

/// The mergeable state of an audit of one part of an audience (`truereach audit --partial`).
///
/// Parts audited anywhere (Spark executors, say) merge with ``AuditJob/merge(_:account:configuration:)``
/// into the report one audit of the whole gives, byte for byte: a census carries the accumulated
/// totals, a sample the part's draw (its profiles with the smallest keys under the seed). The JSON
/// shape is documented in `docs/scale-out.md` and versioned by ``schema``.
public struct AuditPartial: Sendable, Codable {
    /// The version of this JSON shape.
    public static let currentSchema = "truereach.audit.partial/1"

    /// ``currentSchema`` when written by this build.
    public var schema: String
    /// The scorer's name (the model's name and version): a merge must score with the same one.
    public var scorer: String
    /// The scorer's threshold.
    public var threshold: Double
    /// The reference date the part was scored at.
    public var asOf: Date
    /// The sample asked for; `nil` for a census.
    public var sample: SampleInfo?
    /// The part's readable records and skipped-record issues, per input.
    public var issues: IssueSummary
    /// The accumulated totals (empty for a sample: the draw is scored when merged).
    public var totals: AudienceAccumulator.State
    /// The part's draw, for a sample.
    public var draw: Draw?

    /// A part's sample draw.
    public struct Draw: Sendable, Codable {
        /// Profiles the part offered to the draw.
        public var population: Int
        /// The profiles it kept, in key order.
        public var profiles: [Profile]
    }

    /// Creates a partial audit.
    public init(
        scorer: String, threshold: Double, asOf: Date, sample: SampleInfo?, issues: IssueSummary,
        totals: AudienceAccumulator.State, draw: Draw?
    ) {
        schema = Self.currentSchema
        self.scorer = scorer
        self.threshold = threshold
        self.asOf = asOf
        self.sample = sample
        self.issues = issues
        self.totals = totals
        self.draw = draw
    }

    enum CodingKeys: String, CodingKey {
        case schema, scorer, threshold
        case asOf = "as_of"
        case sample, issues, totals, draw
    }

    /// The JSON of this partial: sorted keys, dates as Foundation's seconds since 2001-01-01 so they
    /// read back bit for bit.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a partial written by ``encoded()``.
    ///
    /// - Throws: ``AppError`` `.badInput` naming `name` and what is wrong.
    public static func decode(_ data: Data, name: String) throws -> AuditPartial {
        do {
            return try JSONDecoder().decode(AuditPartial.self, from: data)
        } catch let error as DecodingError {
            throw AppError(.badInput, "\(name): not a partial audit (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(path(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context.codingPath))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not JSON" : "bad value at '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}
