extension IssueLimit {
    /// Admits the issues appended to `issues` since the last call (`admitted` counts those already
    /// admitted), so a reader that collects issues in a list applies the limit record by record.
    ///
    /// - Throws: as ``admit(_:)-([IngestIssue])``.
    mutating func admit(newIn issues: [IngestIssue], admitted: inout Int) throws {
        guard issues.count > admitted else { return }
        let new = Array(issues[admitted...])
        admitted = issues.count
        try admit(new)
    }
}
