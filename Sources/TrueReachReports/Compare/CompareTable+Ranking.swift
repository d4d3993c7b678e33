import TrueReachCore

extension CompareTable {
    /// The shortlist's lines (`compare --rank`): the ranks with their scores and what each rests on,
    /// then each component's figure, normalised value and contribution per account, best first.
    static func ranking(_ ranking: ShortlistRanking) -> [String] {
        var out = ["", "Shortlist: weighted figures, unknown counted as 0 (docs/metrics.md, \"Shortlist ranking\")"]
        var ranks = [["rank", "account", "score", "rests on"]]
        for entry in ranking.entries {
            ranks.append([
                String(entry.rank), TerminalText.truncate(entry.account, width: 24), ShortlistText.score(entry.score),
                ShortlistText.basis(entry),
            ])
        }
        out += grid(ranks, rightAligned: [0, 2])
        out.append("")
        var parts = [
            ["figure", "weight"] + ranking.entries.map { "#\($0.rank) " + TerminalText.truncate($0.account, width: 20) }
        ]
        for (index, component) in ranking.used.enumerated() {
            let weight = ranking.entries.first?.parts[index].weight ?? 0
            parts.append(
                [component.label, NumberText.fixed(weight, decimals: 2)]
                    + ranking.entries.map {
                        ShortlistText.figure($0.parts[index]) + ": " + ShortlistText.value($0.parts[index])
                    })
        }
        out += grid(parts, rightAligned: [1])
        if let notUsed = ShortlistText.notUsed(ranking) { out.append("Not used: " + notUsed + ".") }
        return out
    }
}
