public import TrueReachCore

/// The web dashboard's pages (`truereach serve`), server-rendered with no script and no inline style.
///
/// Pages share one stylesheet, ``stylesheet``, served as a file (`/static/app.css`), so they can be
/// sent with `Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self' data:`.
/// Charts are inline SVG; every filter, sort, search and next page is a plain link or GET form, so the
/// dashboard works without JavaScript. The account overview is the HTML report's sections
/// (``AuditHTML/sections(_:options:)``): the same view models and charts. All profile text goes
/// through ``HTML`` interpolation (escaped, bidi controls neutralised) and sits in `<bdi>`; links
/// carry it percent-encoded, then escaped.
public enum DashboardHTML {
    /// The dashboard's stylesheet: the report's, plus navigation, forms and the explorer's table.
    public static let stylesheet: String =
        AuditHTML.stylesheet.markup + "\n" + CompareHTML.stylesheet.markup + "\n" + """
            nav.top{display:flex;gap:16px;align-items:baseline;margin-bottom:18px;font-size:14px}
            nav.top a{color:var(--accent);text-decoration:none}
            nav.top .brand{font-weight:700;color:var(--ink)}
            a{color:var(--accent)}
            form.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:end;margin-bottom:12px}
            form.filters label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
            form.filters input,form.filters select,form.filters button{font:inherit;padding:4px 8px}
            .pager{display:flex;gap:16px;margin-top:12px}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:var(--line)}
            .badge.suspicious{background:#fdecec}.badge.real{background:#e8f6ef}
            nav.top form.signout{margin-left:auto}
            nav.top form.signout button{font:inherit;background:none;border:0;color:var(--accent);cursor:pointer;padding:0}
            form.inline{margin:6px 0 0}
            form.stacked{display:flex;flex-direction:column;gap:10px;max-width:360px}
            form.stacked label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
            form.stacked input,form.stacked button{font:inherit;padding:6px 8px}
            p.error{color:#b42318}
            form.compare fieldset{border:0;padding:0;margin:0 0 10px;display:flex;flex-wrap:wrap;gap:6px 18px}
            form.compare legend{font-size:13px;color:var(--muted);padding:0;margin-bottom:6px}
            form.compare label.choice{display:inline-flex;gap:6px;align-items:baseline}
            form.compare button{font:inherit;padding:4px 12px;margin-top:10px}
            """

    /// A whole page: the shell with the top navigation around `body`.
    ///
    /// - Parameters:
    ///   - title: The page title (escaped).
    ///   - body: The page's content.
    ///   - chrome: Who is signed in (a sign-out button then) and the forms' CSRF token.
    ///   - refreshSeconds: Reload the page after this many seconds (a running job's progress), with a
    ///     `<meta http-equiv="refresh">`, which needs no script.
    /// - Returns: The document, starting with `<!DOCTYPE html>`.
    public static func page(
        title: String, body: HTML, chrome: PageChrome = PageChrome(), refreshSeconds: Int? = nil
    ) -> String {
        let refresh: HTML = refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">\n" } ?? .empty
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh)<title>\(title) · TrueReach</title>
            <link rel="stylesheet" href="/static/app.css">
            </head>
            <body>
            <main>
            <nav class="top"><a class="brand" href="/">TrueReach</a><a href="/">Accounts</a>\
            <a href="/workspaces">Workspaces</a>\(signOut(chrome))</nav>
            \(body)
            </main>
            </body>
            </html>

            """
        return page.markup
    }

    /// The list of stored accounts, with their latest audit.
    ///
    /// - Parameters:
    ///   - accounts: The accounts to list.
    ///   - addAccount: The workspaces a new account may go into, and the one chosen (the listed
    ///     workspace), when uploads are served: a form then leads to a new account's upload page.
    /// - Returns: The page's body.
    public static func accountList(_ accounts: [DashboardAccount], addAccount: AddAccountForm? = nil) -> HTML {
        let add = addAccount.map(addAccountForm) ?? .empty
        guard !accounts.isEmpty else {
            return """
                <header><h1>Accounts</h1></header>
                <section class="card"><p>No account is stored yet. Upload its followers below, or import one with \
                <code>truereach import FILE --account NAME</code>, then audit it with \
                <code>truereach audit --account NAME</code>.</p></section>
                \(add)
                """
        }
        let rows = accounts.map { a -> HTML in
            let audit = a.latestAudit
            return """
                <tr><td><a href="/accounts/\(pathComponent(a.account))"><bdi>\(a.account)</bdi></a></td>\
                <td>\(a.platform?.rawValue ?? "unknown")</td><td class="num">\(NumberText.grouped(a.followers))</td>\
                <td class="num">\(audit.map { $0.audienceQualityScore.map { "\($0)" } ?? "n/a" } ?? "")</td>\
                <td class="num">\(audit.map { $0.trueReach.map { NumberText.grouped($0) } ?? "unknown" } ?? "")</td>\
                <td>\(audit.map { NumberText.date($0.createdAt) } ?? "not audited")</td>\
                <td><a href="/?workspace=\(pathComponent(a.workspace))">\(a.workspace)</a></td></tr>
                """
        }
        let compare: HTML =
            accounts.count(where: { $0.latestAudit != nil }) >= 2
            ? "<p class=\"sub\"><a href=\"/compare\">Compare accounts</a></p>" : .empty
        return """
            <header><h1>Accounts</h1>\(compare)</header>
            <section class="card">
            <table class="data"><thead><tr><th>Account</th><th>Platform</th><th class="num">Followers</th>\
            <th class="num">AQS</th><th class="num">True reach</th><th>Last audit</th><th>Workspace</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            \(add)
            """
    }

    /// A GET form (no CSRF token needed: it changes nothing) leading to a new account's upload page.
    static func addAccountForm(_ form: AddAccountForm) -> HTML {
        let options = form.workspaces.map { name -> HTML in
            let selected: HTML = name == form.selected ? " selected" : ""
            return "<option value=\"\(name)\"\(selected)>\(name)</option>"
        }
        return """
            <section class="card"><h2>Add an account</h2>
            <form class="filters" method="get" action="/upload">
            <label>Account name<input type="text" name="account" required maxlength="256"></label>
            <label>Workspace<select name="workspace">\(options)</select></label>
            <button type="submit">Upload its followers</button>
            </form>
            </section>
            """
    }

    /// The account overview: the latest audit's report sections, the audit history, and the sections
    /// the account's stored posts, series and snapshots add.
    ///
    /// - Parameters:
    ///   - account: The account's name.
    ///   - report: Its latest audit, or `nil` when it has none yet.
    ///   - history: Its audits.
    ///   - sections: Engagement, growth integrity and cohort sections, shown after the audience's.
    ///   - jobs: Its recent uploads and audits (``jobList(_:)``), shown after the header.
    ///   - auditCSRFToken: The request's CSRF token when an audit can be queued from the page (the
    ///     server runs jobs and the account has stored followers): an "Audit now" button then posts to
    ///     `/accounts/NAME/audits`.
    /// - Returns: The page body.
    public static func accountOverview(
        account: String, report: AudienceReport?, history: [AuditHistoryEntry], sections: [ReportSection] = [],
        jobs: [DashboardJob] = [], auditCSRFToken: String? = nil
    ) -> HTML {
        let path = pathComponent(account)
        let auditNow: HTML =
            auditCSRFToken.map { token -> HTML in
                """
                <form class="inline" method="post" action="/accounts/\(path)/audits">\
                <input type="hidden" name="csrf_token" value="\(token)"><button type="submit">Audit now</button></form>
                """
            } ?? .empty
        let links: HTML = """
            <p class="sub"><a href="/accounts/\(path)/followers">Followers</a> · \
            <a href="/accounts/\(path)/upload">Upload followers</a> · \
            <a href="/api/accounts/\(path)">JSON</a></p>\(auditNow)
            """
        guard let report else {
            return """
                <header><p class="eyebrow">Account</p><h1><bdi>\(account)</bdi></h1>\(links)</header>
                <section class="card"><p>This account has no audit yet. Run \
                <code>truereach audit --account NAME</code> with its name, or upload its followers.</p></section>
                \(jobList(jobs))
                """
        }
        return """
            <header>
            <p class="eyebrow">Account overview</p>
            <h1><bdi>\(account)</bdi></h1>
            <p class="sub">As of \(NumberText.date(report.asOf)) · \(report.coverageText)</p>
            \(links)
            </header>
            \(jobList(jobs))
            \(AuditHTML.sections(report, options: HTMLReportOptions(history: history, sections: sections)))
            """
    }

    /// The follower explorer: filter, sort and search as a GET form, one page of rows, a next link.
    public static func followerExplorer(_ view: FollowerExplorerView) -> HTML {
        let path = pathComponent(view.account)
        let categories = AudienceCategory.allCases.map { c -> HTML in
            "<option value=\"\(c.rawValue)\"\(view.category == c ? " selected" : "")>\(c.displayName)</option>"
        }
        let orders = FollowerExplorerView.Order.allCases.map { o -> HTML in
            "<option value=\"\(o.rawValue)\"\(view.order == o ? " selected" : "")>\(o.label)</option>"
        }
        let rows = view.rows.map { f -> HTML in
            let handle: HTML =
                f.handle.map { h -> HTML in "<bdi class=\"handle\">@\(h)</bdi>" }
                ?? "<bdi class=\"handle\">\(f.profile.rawValue)</bdi>"
            let name: HTML = f.displayName.map { n -> HTML in "<br><bdi class=\"name\">\(n)</bdi>" } ?? .empty
            let signals = f.signals.map { s -> HTML in "<li><bdi>\(s.text)</bdi></li>" }
            return """
                <tr><td class="num">\(f.position)</td><td>\(handle)\(name)</td>\
                <td class="num">\(NumberText.percent(f.probability, decimals: 1))</td>\
                <td><span class="badge \(f.category.rawValue)">\(f.category.displayName)</span></td>\
                <td class="num">\(f.followersCount.map(NumberText.grouped) ?? "?")</td>\
                <td>\(signals.isEmpty ? HTML("<span class=\"muted\">no single strong sign</span>") : "<ul class=\"signals\">\(signals)</ul>")</td></tr>
                """
        }
        var query = [("sort", view.order.rawValue), ("limit", String(view.limit))]
        if let category = view.category { query.append(("category", category.rawValue)) }
        if let search = view.search, !search.isEmpty { query.append(("q", search)) }
        let first = "/accounts/\(path)/followers?" + queryString(query)
        let next = view.next.map { "/accounts/\(path)/followers?" + queryString(query + [("after", $0)]) }
        let nextLink: HTML =
            next.map { n -> HTML in "<a rel=\"next\" href=\"\(n)\">Next page</a>" }
            ?? "<span class=\"muted\">Last page</span>"
        let empty: HTML = view.rows.isEmpty ? "<p class=\"muted\">No follower matches.</p>" : .empty
        return """
            <header>
            <p class="eyebrow">Follower explorer</p>
            <h1><bdi>\(view.account)</bdi></h1>
            <p class="sub">\(NumberText.grouped(view.total)) followers scored by the audit of \
            \(NumberText.date(view.auditDate)) · <a href="/accounts/\(path)">Overview</a></p>
            </header>
            <section class="card">
            <form class="filters" method="get" action="/accounts/\(path)/followers">
            <label>Category<select name="category"><option value="">All</option>\(categories)</select></label>
            <label>Sort by<select name="sort">\(orders)</select></label>
            <label>Handle or name contains<input type="search" name="q" value="\(view.search ?? "")" maxlength="100"></label>
            <input type="hidden" name="limit" value="\(view.limit)">
            <button type="submit">Show</button>
            </form>
            <table class="data"><thead><tr><th class="num">#</th><th>Follower</th><th class="num">Bot probability</th>\
            <th>Category</th><th class="num">Followers</th><th>Signals</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(empty)
            <nav class="pager"><a href="\(first)">First page</a>\(nextLink)</nav>
            </section>
            """
    }

    /// A short page body for an error or an empty state.
    public static func message(title: String, text: String) -> HTML {
        "<header><h1>\(title)</h1></header><section class=\"card\"><p>\(text)</p></section>"
    }

    // MARK: - URLs

    /// `text` percent-encoded as one path segment or query value: every byte but RFC 3986's
    /// unreserved characters becomes `%XX`.
    public static func pathComponent(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }

    static func queryString(_ items: [(String, String)]) -> String {
        items.map { pathComponent($0.0) + "=" + pathComponent($0.1) }.joined(separator: "&")
    }
}
