// The pages around the data: signing in and out, and workspaces.
extension DashboardHTML {
    /// The sign-out button of a signed-in user's pages (a POST form carrying the CSRF token), or nothing.
    static func signOut(_ chrome: PageChrome) -> HTML {
        guard let user = chrome.userName, let token = chrome.csrfToken else { return .empty }
        return """
            <form class="signout" method="post" action="/logout">\
            <input type="hidden" name="csrf_token" value="\(token)">\
            <span class="muted">\(user)</span> <button type="submit">Sign out</button></form>
            """
    }

    /// The sign-in form.
    ///
    /// - Parameters:
    ///   - next: The local path to return to after signing in (kept in a hidden field).
    ///   - csrfToken: The form's CSRF token.
    ///   - failed: Whether the last attempt failed (one message whichever part was wrong).
    /// - Returns: The page body.
    public static func login(next: String?, csrfToken: String, failed: Bool) -> HTML {
        let error: HTML = failed ? "<p class=\"error\">That name and password do not match a user.</p>" : .empty
        let back: HTML = next.map { n -> HTML in "<input type=\"hidden\" name=\"next\" value=\"\(n)\">" } ?? .empty
        return """
            <header><h1>Sign in</h1></header>
            <section class="card">
            \(error)
            <form class="stacked" method="post" action="/login">
            <input type="hidden" name="csrf_token" value="\(csrfToken)">\(back)
            <label>User<input name="name" autocomplete="username" required maxlength="64"></label>
            <label>Password<input name="password" type="password" autocomplete="current-password" required maxlength="72"></label>
            <button type="submit">Sign in</button>
            </form>
            <p class="muted">Users are created on the server: <code>truereach user create NAME</code>.</p>
            </section>
            """
    }

    /// The workspaces, each linking to its accounts, and a form creating one.
    ///
    /// - Parameters:
    ///   - workspaces: The workspaces.
    ///   - csrfToken: The form's CSRF token.
    ///   - error: Why the last creation failed, if it did.
    /// - Returns: The page body.
    public static func workspaceList(_ workspaces: [DashboardWorkspace], csrfToken: String, error: String? = nil)
        -> HTML
    {
        let rows = workspaces.map { w -> HTML in
            """
            <tr><td><a href="/?workspace=\(pathComponent(w.name))">\(w.name)</a></td>\
            <td class="num">\(NumberText.grouped(w.accounts))</td><td>\(NumberText.date(w.createdAt))</td></tr>
            """
        }
        let failure: HTML = error.map { e -> HTML in "<p class=\"error\">\(e)</p>" } ?? .empty
        return """
            <header><h1>Workspaces</h1>\
            <p class="sub">A workspace holds tracked accounts; API tokens reach one workspace each \
            (<code>truereach token create --workspace NAME</code>).</p></header>
            <section class="card">
            <table class="data"><thead><tr><th>Workspace</th><th class="num">Accounts</th><th>Created</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            <section class="card">
            <h2>New workspace</h2>
            \(failure)
            <form class="stacked" method="post" action="/workspaces">
            <input type="hidden" name="csrf_token" value="\(csrfToken)">
            <label>Name (a-z, 0-9, '.', '_', '-')<input name="name" required maxlength="64" pattern="[a-z0-9][a-z0-9._\\-]*"></label>
            <button type="submit">Create</button>
            </form>
            </section>
            """
    }
}
