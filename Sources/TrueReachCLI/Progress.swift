import Foundation
import TrueReachApp

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Progress on standard error: a bar with rate and ETA on a terminal, a line every few seconds otherwise.
///
/// Owned by the single consumer loop of a command, so it needs no locking.
struct ProgressReporter {
    private let enabled: Bool
    private let isTerminal: Bool
    private let label: String
    private let start = ContinuousClock.now
    private var lastUpdate = ContinuousClock.now
    private var printedBar = false

    init(label: String, quiet: Bool) {
        self.label = label
        enabled = !quiet
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Reports `records` processed and, when known, bytes read out of a total.
    mutating func update(records: Int, bytesRead: Int, totalBytes: Int?) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        guard now - lastUpdate >= interval else { return }
        lastUpdate = now
        let elapsed = max(1e-3, seconds(now - start))
        let rate = Double(records) / elapsed
        var line = "\(label): \(records) records, \(Int(rate))/s"
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytesRead) / Double(totalBytes))
            let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            if isTerminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                line = "\r[\(bar)] \(Int(fraction * 100))% \(records) records, \(Int(rate))/s, ETA \(Int(eta))s"
            } else {
                line += ", \(Int(fraction * 100))%, ETA \(Int(eta))s"
            }
        }
        write(isTerminal ? line : line + "\n")
        printedBar = isTerminal
    }

    /// Reports a fetch's progress: followers staged of those expected, pages, and the ETA.
    mutating func update(fetch: FetchProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        guard now - lastUpdate >= interval else { return }
        lastUpdate = now
        var line = "\(label): \(fetch.staged)"
        if let expected = fetch.expected { line += " of \(expected)" }
        line += " followers, \(fetch.pages) pages"
        if let eta = fetch.etaSeconds { line += ", ETA \(Self.duration(eta))" }
        write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
        printedBar = isTerminal
    }

    /// `95s` as `1m35s`, `3700s` as `1h01m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3_600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3_600)h\(String(format: "%02d", (total % 3_600) / 60))m"
    }

    /// Ends the progress display with a summary line.
    mutating func finish(records: Int) {
        guard enabled else { return }
        let elapsed = max(1e-3, seconds(ContinuousClock.now - start))
        let prefix = printedBar ? "\r\u{1B}[K" : ""
        write(
            prefix
                + "\(label): \(records) records in \(String(format: "%.1f", elapsed))s (\(Int(Double(records) / elapsed))/s)\n"
        )
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
