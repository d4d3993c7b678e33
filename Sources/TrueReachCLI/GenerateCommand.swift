import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore

/// `truereach generate`: writes a synthetic follower audience as JSON lines, for demos and benchmarks.
///
/// The accounts come from ``SyntheticAudience`` and are invented (see its documentation); the same
/// options always give the same bytes. Generation is spread over the cores in chunks that are
/// written in order, so memory stays flat for any `--count`.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic follower audience (invented accounts) for demos and benchmarks.",
        discussion: """
            Every account is synthetic: realistic heavy-tailed counts, several languages, a block of
            bought followers (--bought-share) and a few hostile profile texts. The same options give
            byte-identical output.

            Formats: twitter-v1 writes X API v1.1 user objects, one per line (with a `status` holding
            the last post's created_at where the account has posted, and by default the fields readers
            skip, so lines are as long as real ones); canonical-jsonl writes
            TrueReach's canonical JSON lines (ISO 8601 dates, absent fields omitted).
            """,
        shouldDisplay: false
    )

    typealias Format = GenerateJob.Format

    @Option(help: "Number of accounts to write.")
    var count: Int

    @Option(help: "Seed of the generator; the same seed gives the same accounts.")
    var seed: UInt64 = 1

    @Option(help: "Output format: twitter-v1 or canonical-jsonl.")
    var format: Format = .twitterV1

    @Option(help: "Share of bought followers, from 0 to 1.")
    var boughtShare: Double = SyntheticAudience.defaultBoughtShare

    @Option(help: "Platform of the accounts (twitter-v1 needs twitter).")
    var platform: Platform = .twitter

    @Option(
        help: ArgumentHelp(
            "Capture time of the snapshot (ISO 8601 date or timestamp, UTC).",
            discussion: "A fixed default keeps the output identical from day to day."
        )
    )
    var asOf: String = "2026-11-01T00:00:00Z"

    @Flag(help: "twitter-v1 only: write just the fields TrueReach reads (about 520 bytes a line, not 1.3 kB).")
    var lean = false

    @Option(help: "Output file; standard output when omitted or '-'.")
    var output: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be zero or more.") }
        guard boughtShare >= 0, boughtShare <= 1 else {
            throw ValidationError("--bought-share must be between 0 and 1.")
        }
        guard Self.parseDate(asOf) != nil else {
            throw ValidationError("--as-of must be an ISO 8601 date such as 2026-11-01 or 2026-11-01T00:00:00Z.")
        }
        if format == .twitterV1, platform != .twitter {
            throw ValidationError("--format twitter-v1 writes X user objects; use --platform twitter.")
        }
    }

    func run() async throws {
        guard let now = Self.parseDate(asOf) else { throw ValidationError("--as-of is not a date.") }
        let audience = SyntheticAudience(
            count: count,
            boughtShare: boughtShare,
            platform: platform,
            now: now,
            seed: seed
        )
        do {
            let sink = try OutputSink(path: output)
            try await GenerateJob(format: format, lean: lean).run(audience) { try sink.write($0) }
            try sink.close()
        } catch let error as CLIError {
            throw TrueReachExit.fail(error)
        } catch {
            throw TrueReachExit.fail(CLIError(message: "cannot write the output: \(error)", exitCode: 3))
        }
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}

extension GenerateJob.Format: ExpressibleByArgument {}
