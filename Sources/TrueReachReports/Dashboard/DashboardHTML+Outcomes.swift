import TrueReachCore

extension DashboardHTML {
    /// The outcomes page's body: the account's tracked links and what they brought in.
    ///
    /// - Parameter report: The account's outcome report.
    /// - Returns: The page's body.
    public static func outcomes(_ report: OutcomeReport) -> HTML {
        let account = pathComponent(report.account)
        let campaign: HTML = report.campaign.map { c -> HTML in " · campaign <bdi>\(c)</bdi>" } ?? .empty
        return """
            <header>
            <p class="eyebrow">Outcomes</p>
            <h1><bdi>\(report.account)</bdi>\(campaign)</h1>
            <p class="sub">Tracked links, clicks by people and by machines, conversions · \
            <a href="/accounts/\(account)">Overview</a> · this page reloads every 2 seconds</p>
            </header>
            \(OutcomeRendering.sections(report))
            """
    }
}
