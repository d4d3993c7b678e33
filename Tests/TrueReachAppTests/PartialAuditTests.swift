import Foundation
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports

/// `audit --partial` and `--merge`: parts of one input, audited apart, merge into the one-pass report.
@Suite struct PartialAuditTests {
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    /// A synthetic audience as canonical JSON lines, with unreadable lines at `bad` (1-based).
    static func lines(count: Int, bad: Set<Int> = []) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var profiles = SyntheticAudience(count: count, boughtShare: 0.3, now: now, seed: 11).makeIterator()
        var out: [String] = []
        while out.count < count + bad.count {
            if bad.contains(out.count + 1) {
                out.append(#"{"platform":"twitter","id":"#)
            } else if let profile = profiles.next() {
                out.append(String(decoding: try encoder.encode(profile), as: UTF8.self))
            }
        }
        return out
    }

    /// Writes `lines` whole and split at `cuts` (line counts), returning the whole file and the parts
    /// with their line offsets.
    static func files(_ lines: [String], cuts: [Int]) throws -> (whole: String, parts: [(String, Int)]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-part-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ name: String, _ slice: ArraySlice<String>) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try Data((slice.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let whole = try write("followers.jsonl", lines[...])
        var parts: [(String, Int)] = []
        let bounds = [0] + cuts + [lines.count]
        for (index, (start, end)) in zip(bounds, bounds.dropFirst()).enumerated() {
            parts.append((try write("part\(index)", lines[start..<end]), start))
        }
        return (whole, parts)
    }

    static func json(_ report: AudienceReport) throws -> String {
        try AuditJSON.render(report)
    }

    /// Each part audited apart, written and read back as JSON, then merged.
    static func merged(
        _ parts: [(String, Int)], whole: String, job: AuditJob, configuration: IngestConfiguration
    ) async throws -> AudienceReport {
        var partials: [AuditPartial] = []
        for (path, offset) in parts {
            let input = IngestInput.path(path).part(of: whole, lineOffset: offset)
            let partial = try await job.partial(
                source: .inputs([input], ProfileFileReader(configuration: configuration)))
            partials.append(try AuditPartial.decode(try partial.encoded(), name: path))
        }
        return try job.merge(partials, account: "shop", configuration: configuration)
    }

    @Test(arguments: [nil, SampleInfo(size: 400, seed: 9)])
    func partsMergeIntoTheReportOfOnePass(sample: SampleInfo?) async throws {
        // Given 3,000 followers with two unreadable lines, split in three unequal parts
        let (whole, parts) = try Self.files(try Self.lines(count: 3_000, bad: [10, 2_500]), cuts: [700, 1_900])
        let job = AuditJob(scorer: try loadScorer(modelPath: nil), asOf: Self.now, sample: sample, width: 2)
        let configuration = IngestConfiguration(maxErrors: 5)
        // When audited in one pass and in parts
        let single = try await job.run(
            source: .files([whole], ProfileFileReader(configuration: configuration)), account: "shop")
        let merged = try await Self.merged(parts, whole: whole, job: job, configuration: configuration)
        // Then the reports are the same, byte for byte
        #expect(try Self.json(merged) == Self.json(single.report))
        #expect(merged.followersTotal == 3_000)
    }

    @Test func theIssuePolicyFailsTheMergeWithTheMessageOfOnePass() async throws {
        // Given bad lines in two different parts
        let (whole, parts) = try Self.files(try Self.lines(count: 400, bad: [50, 120, 300]), cuts: [100, 250])
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        for configuration in [IngestConfiguration(maxErrors: 1), IngestConfiguration(strict: true)] {
            // When one pass and the merge both apply the policy
            let reader = ProfileFileReader(configuration: configuration)
            let single = await #expect(throws: IngestError.self) {
                try await job.run(source: .files([whole], reader), account: "shop")
            }
            let merged = await #expect(throws: IngestError.self) {
                try await Self.merged(parts, whole: whole, job: job, configuration: configuration)
            }
            // Then they fail alike, naming the same file and line
            #expect(merged?.description == single?.description)
            #expect(merged?.issue == single?.issue)
            #expect(merged?.issue?.line == (configuration.strict ? 50 : 120))
        }
    }

    @Test func aPartWithOnlyBadLinesIsFineWhenOthersAreReadable() async throws {
        // Given a part that holds nothing readable
        let lines = try Self.lines(count: 100, bad: [1, 2, 3])
        let (whole, parts) = try Self.files(lines, cuts: [3])
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        // When merged, the whole input is judged, as one pass judges it
        let merged = try await Self.merged(parts, whole: whole, job: job, configuration: IngestConfiguration())
        #expect(merged.followersTotal == 100)
        // And an input with no readable record at all fails as one pass does
        let (allBad, badParts) = try Self.files(try Self.lines(count: 0, bad: [1, 2, 3, 4]), cuts: [2])
        let error = await #expect(throws: IngestError.self) {
            try await Self.merged(badParts, whole: allBad, job: job, configuration: IngestConfiguration())
        }
        #expect(error?.code == .noReadableRecords)
    }

    @Test func partialsThatDisagreeAreRefused() async throws {
        // Given parts scored by the rules and by the model, or at different dates
        let (whole, parts) = try Self.files(try Self.lines(count: 60), cuts: [30])
        let rules = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        let input = IngestInput.path(parts[0].0).part(of: whole, lineOffset: 0)
        let byRules = try await rules.partial(source: .inputs([input], ProfileFileReader()))
        let later = AuditJob(scorer: RuleScorer(), asOf: Self.now.addingTimeInterval(86_400))
        let byLater = try await later.partial(source: .inputs([input], ProfileFileReader()))
        let model = AuditJob(scorer: try loadScorer(modelPath: nil), asOf: Self.now)
        // Then the merge names what does not match
        for (job, partials) in [(model, [byRules]), (rules, [byRules, byLater])] {
            let error = #expect(throws: AppError.self) {
                try job.merge(partials, account: nil, configuration: IngestConfiguration())
            }
            #expect(error?.code == .badInput)
        }
        // And a damaged partial is a bad-input error naming the file
        let error = #expect(throws: AppError.self) {
            try AuditPartial.decode(Data(#"{"schema":"truereach.audit.partial/1"}"#.utf8), name: "p.json")
        }
        #expect(error?.message.contains("p.json") == true)
    }
}
