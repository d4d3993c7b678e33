import Foundation
import TrueReachIngest

/// Collects the unreadable records of a run and summarises them on standard error.
struct SkippedRecordsReport {
    private(set) var count = 0
    private var shown: [IngestIssue] = []
    private let limit = 10

    mutating func add(_ issues: [IngestIssue]) {
        count += issues.count
        for issue in issues where shown.count < limit { shown.append(issue) }
    }

    /// Prints the summary (nothing when every record was read).
    func report() {
        guard count > 0 else { return }
        var text = "truereach: skipped \(count) unreadable record\(count == 1 ? "" : "s"):\n"
        for issue in shown { text += "  \(issue.description)\n" }
        if count > shown.count { text += "  … and \(count - shown.count) more\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
