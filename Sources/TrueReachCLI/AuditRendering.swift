import ArgumentParser
import TrueReachCore
import TrueReachReports
import TrueReachStore

extension AuditReportFormat: ExpressibleByArgument {}

/// Renders audit reports for the `audit` and `demo` commands.
enum AuditRendering {
    static func render(
        _ report: AudienceReport,
        format: AuditReportFormat,
        history: [StoredAudit],
        synthetic: Bool,
        sections: [ReportSection] = []
    ) throws -> String {
        let entries = history.map {
            AuditHistoryEntry(
                asOf: $0.asOf, createdAt: $0.createdAt, audienceQualityScore: $0.audienceQualityScore,
                trueReach: $0.trueReach, followersTotal: $0.followersTotal)
        }
        let options = HTMLReportOptions(history: entries, sections: sections, syntheticData: synthetic)
        return try AuditReportRenderer.render(report, as: format, options: options)
    }
}
