import TrueReachCore

// The shortlist of `compare --rank` in `truereach.compare.v1` (an object added to it; `null` without
// `--rank`):
//
// "ranking" : {
//   "weights" : { "aqs" : 0.25, "authentic" : 0.2, … },          (as configured, every key)
//   "used" : [ "aqs", "authentic", … ],                           (the components the scores use)
//   "not_used" : [ { "component" : "outcomes", "reason" : "unknown for every account" } ],
//   "unknown_counts_as" : 0,
//   "entries" : [ { "rank" : 1, "account" : "a", "score" : 0.85, "known_weight" : 1, "unknown" : [ ],
//                   "components" : [ { "component" : "aqs", "figure" : 80, "value" : 0.8,
//                                      "weight" : 0.5, "contribution" : 0.4 }, … ] } ]
// }
//
// `weight` is the component's share of the weights used; `value` the figure normalised to [0, 1] (`null`
// when unknown, contributing 0); uniqueness parts add `method` and, when estimated, `standard_error`.

extension CompareJSON {
    struct Ranking: Encodable {
        var weights: [String: Double]
        var used: [String]
        var notUsed: [Unused]
        var unknownCountsAs = 0
        var entries: [Entry]

        enum CodingKeys: String, CodingKey {
            case weights, used, entries
            case notUsed = "not_used"
            case unknownCountsAs = "unknown_counts_as"
        }

        init(_ ranking: ShortlistRanking) {
            var weights: [String: Double] = [:]
            for component in ShortlistComponent.allCases {
                weights[component.key] = AuditJSON.share(ranking.weights[component])
            }
            self.weights = weights
            used = ranking.used.map(\.key)
            notUsed = ranking.notUsed.map { Unused(component: $0.component.key, reason: $0.reason) }
            entries = ranking.entries.map(Entry.init)
        }
    }

    struct Unused: Encodable {
        var component: String
        var reason: String
    }

    struct Entry: Encodable {
        var rank: Int
        var account: String
        var score: Double
        var knownWeight: Double
        var unknown: [String]
        var components: [Part]

        enum CodingKeys: String, CodingKey {
            case rank, account, score, unknown, components
            case knownWeight = "known_weight"
        }

        init(_ entry: ShortlistRanking.Entry) {
            rank = entry.rank
            account = entry.account
            score = AuditJSON.share(entry.score)
            knownWeight = AuditJSON.share(entry.knownWeight)
            unknown = entry.unknown.map(\.key)
            components = entry.parts.map(Part.init)
        }
    }

    struct Part: Encodable {
        var component: String
        var figure: Nullable<Double>
        var value: Nullable<Double>
        var weight: Double
        var contribution: Double
        var method: String?
        var standardError: Double?

        enum CodingKeys: String, CodingKey {
            case component, figure, value, weight, contribution, method
            case standardError = "standard_error"
        }

        init(_ part: ShortlistRanking.Part) {
            component = part.component.key
            figure = Nullable(part.figure.map(AuditJSON.share))
            value = Nullable(part.value.map(AuditJSON.share))
            weight = AuditJSON.share(part.weight)
            contribution = AuditJSON.share(part.contribution)
            method = part.method?.rawValue
            standardError = part.standardError.map(AuditJSON.share)
        }
    }
}
