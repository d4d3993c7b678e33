import TrueReachCore

extension CompareCSV {
    /// The shortlist's rows (`compare --rank`), in the layout of ``columns``, best first.
    ///
    /// ```
    /// rank,acme,,position,1,,,,,
    /// rank,acme,,score,0.850000,,,,,
    /// rank,acme,,known_weight,1.000000,,,,,
    /// rank,acme,aqs,figure,80,,,,,
    /// rank,acme,aqs,value,0.800000,,,,,
    /// rank,acme,aqs,weight,0.500000,,,,,
    /// rank,acme,aqs,contribution,0.400000,,,,,
    /// rank,acme,uniqueness,figure,0.700000,0.004000,,,hyperloglog,
    /// rank,,outcomes,not_used,,,,,,unknown for every account
    /// ```
    ///
    /// An unknown figure or value is an empty cell with the reason `unknown, counted as 0`.
    static func ranking(_ ranking: ShortlistRanking) -> [String] {
        var lines: [String] = []
        func line(
            _ a: String, _ b: String, _ name: String, _ value: String, error: String = "", method: String = "",
            reason: String = ""
        ) {
            lines.append(
                [
                    "rank", CSVField.text(a), CSVField.text(b), CSVField.text(name), value, error, "", "",
                    CSVField.text(method), CSVField.text(reason),
                ].joined(separator: ","))
        }
        func number(_ value: Double?) -> String { value.map { NumberText.fixed($0, decimals: 6) } ?? "" }
        let unknown = "unknown, counted as 0"
        for entry in ranking.entries {
            let n = entry.account
            line(n, "", "position", String(entry.rank))
            line(n, "", "score", number(entry.score))
            line(n, "", "known_weight", number(entry.knownWeight))
            for part in entry.parts {
                let key = part.component.key
                line(
                    n, key, "figure", number(part.figure), error: number(part.standardError),
                    method: part.method?.rawValue ?? "", reason: part.figure == nil ? unknown : "")
                line(n, key, "value", number(part.value), reason: part.value == nil ? unknown : "")
                line(n, key, "weight", number(part.weight))
                line(n, key, "contribution", number(part.contribution))
            }
        }
        for unused in ranking.notUsed {
            line("", unused.component.key, "not_used", "", reason: unused.reason)
        }
        return lines
    }
}
