import Foundation
import Testing
import TrueReachApp
import TrueReachCore

/// The shipped click-agent rules against a corpus of real user-agent strings.
///
/// Each string of `Fixtures/click-corpus.tsv` is labelled and names its source; measured: precision
/// and recall for "human", and how many of each other class are kept out of the human count. The figures are printed and go in docs/outcomes.md.
@Suite struct ClickCorpusTests {
    struct Entry {
        var label: ClickClass
        var agent: String
        var line: Int
    }

    static func corpus() throws -> [Entry] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/click-corpus.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let label = ClickClass(rawValue: String(fields[0])), !fields[2].isEmpty else {
                Issue.record("click-corpus.tsv line \(index + 1): want label<TAB>user agent<TAB>source")
                continue
            }
            entries.append(Entry(label: label, agent: String(fields[1]), line: index + 1))
        }
        return entries
    }

    @Test func theShippedRulesTellPeopleFromMachinesOnTheCorpus() throws {
        let classifier = ClickClassifier(rules: try ClickAgentFile.rules())
        let entries = try Self.corpus()
        #expect(entries.count >= 150)
        var confusion: [ClickClass: [ClickClass: Int]] = [:]
        var misses: [String] = []
        for entry in entries {
            let verdict = classifier.classify(ClickRequest(method: "GET", userAgent: entry.agent))
            confusion[entry.label, default: [:]][verdict.clickClass, default: 0] += 1
            if verdict.clickClass != entry.label {
                misses.append("line \(entry.line): \(entry.label.rawValue) read as \(verdict.clickClass.rawValue)")
            }
        }
        let humans = confusion[.human, default: [:]]
        let truePositives = humans[.human] ?? 0
        let predictedHuman = confusion.values.reduce(0) { $0 + ($1[.human] ?? 0) }
        let precision = Double(truePositives) / Double(max(1, predictedHuman))
        let recall = Double(truePositives) / Double(max(1, humans.values.reduce(0, +)))
        print("click corpus: \(entries.count) user agents; human precision \(precision), recall \(recall)")
        for label in ClickClass.allCases {
            guard let row = confusion[label] else { continue }
            let cells = ClickClass.allCases.compactMap { c in row[c].map { "\(c.rawValue) \($0)" } }
            print("click corpus: \(label.rawValue) → \(cells.joined(separator: ", "))")
        }
        for miss in misses { print("click corpus: \(miss)") }
        #expect(precision >= 0.97, "human precision \(precision)")
        #expect(recall >= 0.97, "human recall \(recall)")
        // Machines of every kind are kept out of the human count, whatever class they get
        for label in [ClickClass.bot, .linkPreview, .emailScanner] {
            let row = confusion[label, default: [:]]
            let total = row.values.reduce(0, +)
            let notHuman = total - (row[.human] ?? 0)
            #expect(Double(notHuman) >= 0.9 * Double(total), "\(label.rawValue): \(notHuman) of \(total) kept out")
        }
    }

    @Test func aUserFileExtendsTheShippedRulesAndABadLineIsNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("click-agents-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("extra.tsv")
        try "# ours\nbot\tin-house\tAcmeLinkChecker\thttps://intranet.example/checker\n".write(
            to: good, atomically: true, encoding: .utf8)
        let classifier = ClickClassifier(rules: try ClickAgentFile.rules(extra: good.path))
        let verdict = classifier.classify(ClickRequest(method: "GET", userAgent: "AcmeLinkChecker/2.1"))
        #expect(verdict.clickClass == .bot)
        #expect(verdict.reason.contains("AcmeLinkChecker"))
        let bad = directory.appendingPathComponent("bad.tsv")
        try "bot\tin-house\tAcme\thttps://x.example\nrobot\tgroup\tX\thttps://x.example\n".write(
            to: bad, atomically: true, encoding: .utf8)
        #expect {
            _ = try ClickAgentFile.rules(extra: bad.path)
        } throws: { error in
            let message = (error as? AppError)?.message ?? ""
            return message.contains(bad.path) && message.contains("2")
        }
        #expect(throws: AppError.self) {
            _ = try ClickAgentFile.rules(extra: directory.appendingPathComponent("none").path)
        }
    }
}
