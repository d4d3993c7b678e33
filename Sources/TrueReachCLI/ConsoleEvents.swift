import Foundation
import Synchronization
import TrueReachApp
import TrueReachReports

/// Turns a job's events into the CLI's progress display and, at the end, its summary of skipped records.
final class ConsoleEvents: Sendable {
    private struct State {
        var progress: ProgressReporter
        var issues = SkippedRecordsReport()
        var records = 0
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - label: The job's name on the progress line.
    ///   - quiet: No progress (skipped records are still summarised).
    init(label: String, quiet: Bool) {
        state = Mutex(State(progress: ProgressReporter(label: label, quiet: quiet)))
    }

    /// The handler to pass to a job.
    var handler: JobEvents {
        { [self] event in self.handle(event) }
    }

    func handle(_ event: JobEvent) {
        state.withLock { state in
            switch event {
            case .progress(let records, let bytesRead, let totalBytes):
                state.records = records
                state.progress.update(records: records, bytesRead: bytesRead, totalBytes: totalBytes)
            case .fetch(let progress):
                state.records = progress.staged
                state.progress.update(fetch: progress)
            case .skipped(let issues):
                state.issues.add(issues)
            case .notice(let message):
                FileHandle.standardError.write(Data(("truereach: " + TerminalText.sanitize(message) + "\n").utf8))
            }
        }
    }

    /// Ends the display: the progress summary when the job succeeded, then the skipped records.
    func finish(succeeded: Bool = true) {
        state.withLock { state in
            if succeeded { state.progress.finish(records: state.records) }
            state.issues.report()
        }
    }
}
