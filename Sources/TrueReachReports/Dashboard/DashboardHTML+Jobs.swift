public import FoundationEssentials

/// One background job as the dashboard shows it (an upload's import, an audit).
public struct DashboardJob: Sendable, Hashable {
    /// Where in a file a failed import found a record it could not read.
    public struct Failure: Sendable, Hashable {
        /// The file as the user named it (untrusted text).
        public var file: String?
        /// The 1-based line.
        public var line: Int?
        /// The field (JSON key or CSV column; untrusted text).
        public var field: String?
        /// What went wrong (may quote the file name: untrusted text).
        public var message: String

        /// Creates a failure.
        public init(file: String?, line: Int?, field: String?, message: String) {
            self.file = file
            self.line = line
            self.field = field
            self.message = message
        }
    }

    /// The job's id.
    public var id: Int64
    /// `import` or `audit`.
    public var kind: String
    /// The account (untrusted text).
    public var account: String
    /// `queued`, `running`, `succeeded` or `failed`.
    public var state: String
    /// When it was queued.
    public var createdAt: Date
    /// When it finished.
    public var finishedAt: Date?
    /// Records done, of how many when known.
    public var records: Int
    /// Records to do, when known.
    public var recordsTotal: Int?
    /// Bytes read, of how many when known.
    public var bytesRead: Int
    /// The input's size, when known.
    public var bytesTotal: Int?
    /// The job's message (untrusted text: it names the uploaded file).
    public var message: String?
    /// Why it failed.
    public var failure: Failure?
    /// The uploaded file's name (untrusted text).
    public var inputName: String?
    /// The job it queued (the audit after an import).
    public var followUpID: Int64?

    /// Whether the page should refresh itself to show progress.
    public var isActive: Bool { state == "queued" || state == "running" }

    /// Creates a job row.
    public init(
        id: Int64, kind: String, account: String, state: String, createdAt: Date, finishedAt: Date?, records: Int,
        recordsTotal: Int?, bytesRead: Int, bytesTotal: Int?, message: String?, failure: Failure?,
        inputName: String?, followUpID: Int64?
    ) {
        self.id = id
        self.kind = kind
        self.account = account
        self.state = state
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.records = records
        self.recordsTotal = recordsTotal
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
        self.message = message
        self.failure = failure
        self.inputName = inputName
        self.followUpID = followUpID
    }
}

extension DashboardHTML {
    /// The upload form of an account: a followers file, its format and the account's platform, sent
    /// as `multipart/form-data` with the CSRF token as the first field.
    ///
    /// - Parameters:
    ///   - account: The account (it is created by the upload when it does not exist).
    ///   - workspace: The workspace the upload writes into (the account's, or the one chosen for a new
    ///     account), sent as the form's `?workspace=`.
    ///   - csrfToken: The request's CSRF token.
    ///   - formats: The format names to offer besides automatic detection.
    ///   - platforms: The platform names to offer besides "the first follower's".
    ///   - maxMegabytes: The size limit to state.
    /// - Returns: The page body.
    public static func uploadForm(
        account: String, workspace: String, csrfToken: String, formats: [String], platforms: [String],
        maxMegabytes: Int
    ) -> HTML {
        let path = pathComponent(account)
        let query = "?workspace=\(pathComponent(workspace))"
        let formatOptions = formats.map { f -> HTML in "<option value=\"\(f)\">\(f)</option>" }
        let platformOptions = platforms.map { p -> HTML in "<option value=\"\(p)\">\(p)</option>" }
        return """
            <header><p class="eyebrow">Upload followers</p><h1><bdi>\(account)</bdi></h1>
            <p class="sub"><a href="/accounts/\(path)">Overview</a> · workspace \
            <a href="/?workspace=\(pathComponent(workspace))">\(workspace)</a></p></header>
            <section class="card">
            <p>The file replaces the account's stored followers once it has been read in full (a file that \
            cannot be read changes nothing), then the account is audited. At most \(maxMegabytes) MB.</p>
            <form class="filters" method="post" action="/accounts/\(path)/uploads\(query)" enctype="multipart/form-data">
            <input type="hidden" name="csrf_token" value="\(csrfToken)">
            <label>Format<select name="format"><option value="auto">Detect from the content</option>\(formatOptions)</select></label>
            <label>Platform<select name="platform"><option value="">The first follower's</option>\(platformOptions)</select></label>
            <label>Followers file<input type="file" name="file" required></label>
            <button type="submit">Upload</button>
            </form>
            </section>
            """
    }

    /// A job's page: its state, progress, message or failure (file, line, field), and links.
    ///
    /// The shell should refresh while the job is queued or running (``page(title:body:refreshSeconds:)``).
    public static func jobPage(_ job: DashboardJob) -> HTML {
        let path = pathComponent(job.account)
        var rows: [HTML] = [
            "<tr><th>State</th><td><span class=\"badge \(job.state)\">\(job.state)</span></td></tr>",
            "<tr><th>Queued</th><td>\(timestamp(job.createdAt))</td></tr>",
        ]
        if let finished = job.finishedAt { rows.append("<tr><th>Finished</th><td>\(timestamp(finished))</td></tr>") }
        if let name = job.inputName { rows.append("<tr><th>File</th><td><bdi>\(name)</bdi></td></tr>") }
        rows.append("<tr><th>Progress</th><td>\(progressText(job))</td></tr>")
        if let message = job.message { rows.append("<tr><th>Message</th><td><bdi>\(message)</bdi></td></tr>") }
        var failure: HTML = .empty
        if let f = job.failure {
            var place: [HTML] = []
            if let file = f.file { place.append("<tr><th>File</th><td><bdi>\(file)</bdi></td></tr>") }
            if let line = f.line { place.append("<tr><th>Line</th><td>\(line)</td></tr>") }
            if let field = f.field { place.append("<tr><th>Field</th><td><bdi>\(field)</bdi></td></tr>") }
            failure = """
                <section class="card failure"><h2>Why it failed</h2><p><bdi>\(f.message)</bdi></p>
                <table class="data"><tbody>\(place)</tbody></table>
                <p>The account's stored data is as it was before this job.</p></section>
                """
        }
        var next: HTML = .empty
        if let followUp = job.followUpID {
            next = "<p><a href=\"/jobs/\(String(followUp))\">The audit this import queued</a></p>"
        }
        let refreshing: HTML = job.isActive ? "<p class=\"muted\">This page refreshes itself.</p>" : .empty
        return """
            <header><p class="eyebrow">Job \(String(job.id)) · \(job.kind)</p><h1><bdi>\(job.account)</bdi></h1>
            <p class="sub"><a href="/accounts/\(path)">Overview</a> · <a href="/accounts/\(path)/upload">Upload</a> · \
            <a href="/api/jobs/\(String(job.id))">JSON</a></p></header>
            <section class="card"><table class="data"><tbody>\(rows)</tbody></table>\(refreshing)\(next)</section>
            \(failure)
            """
    }

    /// The account overview's "Recent jobs" section.
    public static func jobList(_ jobs: [DashboardJob]) -> HTML {
        guard !jobs.isEmpty else { return .empty }
        let rows = jobs.map { job -> HTML in
            let detail: HTML =
                job.failure.map { f -> HTML in
                    let place = [f.file, f.line.map { "line \($0)" }, f.field.map { "field \($0)" }]
                        .compactMap { $0 }.joined(separator: ", ")
                    return "<bdi>\(place.isEmpty ? f.message : place + ": " + f.message)</bdi>"
                } ?? HTML("<bdi>\(job.message ?? "")</bdi>")
            return """
                <tr><td><a href="/jobs/\(String(job.id))">\(String(job.id))</a></td><td>\(job.kind)</td>\
                <td><span class="badge \(job.state)">\(job.state)</span></td><td>\(timestamp(job.createdAt))</td>\
                <td>\(detail)</td></tr>
                """
        }
        return """
            <section class="card"><h2>Recent jobs</h2>
            <table class="data"><thead><tr><th>Job</th><th>Kind</th><th>State</th><th>Queued</th><th>Outcome</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    static func progressText(_ job: DashboardJob) -> String {
        var parts: [String] = []
        if let total = job.recordsTotal {
            parts.append("\(NumberText.grouped(job.records)) of \(NumberText.grouped(total)) records")
        } else {
            parts.append("\(NumberText.grouped(job.records)) records")
        }
        if let total = job.bytesTotal, total > 0 {
            let percent = Int((Double(job.bytesRead) / Double(total) * 100).rounded(.down))
            parts.append("\(min(100, percent))% of \(NumberText.grouped(total)) bytes read")
        }
        return parts.joined(separator: ", ")
    }

    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let time = seconds % 86_400
        return NumberText.date(date) + " " + String(format2(time / 3_600)) + ":" + format2(time % 3_600 / 60) + ":"
            + format2(time % 60) + " UTC"
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
