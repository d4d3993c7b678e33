import TrueReachCore

/// The dashboard's compare page: the accounts the viewer may see as a GET form, and the comparison.
public struct CompareFormView: Sendable, Hashable {
    /// The accounts that can be compared (audited, visible to the viewer), in list order.
    public var choices: [String]
    /// The accounts asked for, in the order given.
    public var selected: [String]
    /// Whether the shortlist was asked for.
    public var rank: Bool
    /// Why the request cannot be answered (too few accounts, one unknown), shown above the form.
    public var error: String?
    /// The comparison, when there is one.
    public var report: CompareReport?
    /// The most accounts one comparison takes.
    public var maximum: Int

    /// Creates the page's view.
    ///
    /// - Parameters:
    ///   - choices: The accounts offered.
    ///   - selected: The accounts asked for.
    ///   - rank: Whether to rank.
    ///   - error: What is wrong with the request.
    ///   - report: The comparison.
    ///   - maximum: The most accounts one comparison takes.
    public init(
        choices: [String], selected: [String] = [], rank: Bool = false, error: String? = nil,
        report: CompareReport? = nil, maximum: Int = 10
    ) {
        self.maximum = maximum
        self.choices = choices
        self.selected = selected
        self.rank = rank
        self.error = error
        self.report = report
    }
}

extension DashboardHTML {
    /// The compare page: a GET form (checkboxes of ``CompareFormView/choices``, the shortlist box)
    /// and, once 2 to 10 accounts are chosen, the HTML compare report's sections.
    ///
    /// - Parameter view: The page's view.
    /// - Returns: The page body.
    public static func compare(_ view: CompareFormView) -> HTML {
        let boxes = view.choices.map { name -> HTML in
            let checked: HTML = view.selected.contains(name) ? " checked" : ""
            return """
                <label class="choice"><input type="checkbox" name="account" value="\(name)"\(checked)> \
                <bdi>\(name)</bdi></label>
                """
        }
        let rank: HTML = view.rank ? " checked" : ""
        let error: HTML = view.error.map { e -> HTML in "<p class=\"error\">\(e)</p>" } ?? .empty
        let none: HTML =
            view.choices.count < 2
            ? "<p class=\"muted\">Compare needs at least two audited accounts; audit another with <code>truereach audit --account NAME</code>.</p>"
            : .empty
        let heading: HTML = view.report.map { CompareHTML.heading($0) } ?? "Compare accounts"
        return """
            <header>
            <p class="eyebrow">Compare</p>
            <h1>\(heading)</h1>
            <p class="sub">Each account's latest audit side by side, with their audience overlap · <a href="/">Accounts</a></p>
            </header>
            <section class="card">
            <form class="compare" method="get" action="/compare">
            <fieldset><legend>Accounts (2 to \(view.maximum))</legend>\(boxes)</fieldset>
            <label class="choice"><input type="checkbox" name="rank" value="true"\(rank)> Rank them as a shortlist</label>
            <button type="submit">Compare</button>
            </form>
            \(error)\(none)
            <p class="muted">Only audited accounts are listed.</p>
            </section>
            \(view.report.map(CompareHTML.sections) ?? .empty)
            """
    }
}
