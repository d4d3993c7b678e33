import TrueReachCore

extension CompareHTML {
    /// Each account's top languages and countries, with the share its profiles do not tell.
    static func origins(_ report: CompareReport) -> HTML {
        func cell(_ breakdown: OriginBreakdown?) -> HTML {
            guard let breakdown else { return unknown }
            let top = breakdown.top.map { "\($0.label) \(NumberText.percent($0.share))" }.joined(separator: ", ")
            return "\(top.isEmpty ? "none known" : top)"
        }
        func unknownShare(_ breakdown: OriginBreakdown?) -> HTML {
            breakdown.map { "\(NumberText.percent($0.unknownShare))" } ?? unknown
        }
        let rows = report.accounts.map { a -> HTML in
            """
            <tr><th scope="row"><bdi>\(a.account)</bdi></th>\
            <td>\(cell(a.origins?.languages))</td><td class="num">\(unknownShare(a.origins?.languages))</td>\
            <td>\(cell(a.origins?.countries))</td><td class="num">\(unknownShare(a.origins?.countries))</td></tr>
            """
        }
        return """
            <section class="card">
            <h2>Who the audiences are</h2>
            <div class="wide"><table class="data"><thead><tr><th>Account</th><th>Top languages</th>\
            <th class="num">Language unknown</th><th>Top countries</th><th class="num">Country unknown</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="muted">Shares of each audience. Languages come from the declared language, else the script and \
            common words of the name and bio; countries from the free-text location, matched offline against \
            GeoNames place names. Unknown: the profile does not tell, or names several places.</p>
            </section>
            """
    }
}
