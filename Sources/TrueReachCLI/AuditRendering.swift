import ArgumentParser
import TrueReachCore
import TrueReachReports
import TrueReachStore

extension AuditReportFormat: ExpressibleByArgument {}

/// Renders audit reports for the `audit` and `demo` commands.
///
/// `sections` are added to HTML only; `extraJSON` adds top-level keys to JSON only (e.g. `engagement`).
enum AuditRendering {
    static func render(
        _ report: AudienceReport,
        format: AuditReportFormat,
        history: [StoredAudit],
        synthetic: Bool,
        sections: [ReportSection] = [],
        extraJSON: [String: any Encodable & Sendable] = [:]
    ) throws -> String {
        if format == .json { return try AuditJSON.render(report, extra: extraJSON) }
        let entries = history.map {
            AuditHistoryEntry(
                asOf: $0.asOf, createdAt: $0.createdAt, audienceQualityScore: $0.audienceQualityScore,
                trueReach: $0.trueReach, followersTotal: $0.followersTotal)
        }
        let options = HTMLReportOptions(history: entries, sections: sections, syntheticData: synthetic)
        return try AuditReportRenderer.render(report, as: format, options: options)
    }
}
