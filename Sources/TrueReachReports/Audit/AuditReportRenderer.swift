public import TrueReachCore

/// Renders an audit in any ``AuditReportFormat``: the one entry point for `truereach audit --format`.
public enum AuditReportRenderer {
    /// The report in `format`, as text ending with a line break.
    ///
    /// - Parameters:
    ///   - report: The audit.
    ///   - format: Table, JSON, CSV or HTML.
    ///   - options: Used by HTML only (history, extra sections, synthetic-data note).
    ///   - width: Used by the table only (terminal columns).
    /// - Returns: The rendered report.
    /// - Throws: Only if JSON encoding fails (not expected).
    public static func render(
        _ report: AudienceReport,
        as format: AuditReportFormat,
        options: HTMLReportOptions = HTMLReportOptions(),
        width: Int = 100
    ) throws -> String {
        switch format {
        case .table: AuditTable.render(report, width: width)
        case .json: try AuditJSON.render(report)
        case .csv: AuditCSV.render(report)
        case .html: AuditHTML.render(report, options: options)
        }
    }
}
