import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachIngest

/// Flags for running `score` or `audit --partial` on one part of a larger input (a Spark
/// partition); see docs/scale-out.md.
struct PartOptions: ParsableArguments {
    @Option(
        name: .customLong("input-name"),
        help: "The input is a part of this file: issues and synthetic ids name it instead of the input.")
    var inputName: String?

    @Option(
        name: .customLong("line-offset"),
        help: "Lines of --input-name before this part: line L of the input is reported as line L + K.")
    var lineOffset: Int = 0

    @Option(
        name: .customLong("issues-file"),
        help:
            "Write the issue summary (JSON) here and leave --max-errors and --strict to `score --merge-issues` over every part."
    )
    var issuesFile: String?

    func validate() throws {
        guard lineOffset >= 0 else { throw ValidationError("--line-offset must be 0 or more.") }
        if lineOffset != 0 && inputName == nil { throw ValidationError("--line-offset needs --input-name.") }
    }

    /// The inputs for `files`, the one file read as a part of `--input-name` when given.
    func inputs(_ files: [String]) throws -> [IngestInput] {
        let inputs = files.map(IngestInput.path)
        guard let inputName else { return inputs }
        guard inputs.count == 1 else {
            throw ValidationError("--input-name names the part of one input; give one FILE.")
        }
        return [inputs[0].part(of: inputName, lineOffset: lineOffset)]
    }

    /// Writes `summary` to `--issues-file`.
    func write(_ summary: IssueSummary) throws {
        guard let issuesFile else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let sink = try OutputSink(path: issuesFile)
        try sink.write(Array(try encoder.encode(summary)) + [0x0A])
        try sink.close()
    }

    /// Reads issue summaries written by `--issues-file` (or the `issues` of partial audits).
    static func readSummaries(_ paths: [String]) throws -> [IssueSummary] {
        try paths.map { path in
            let data = try readWhole(path)
            do {
                return try JSONDecoder().decode(IssueSummary.self, from: data)
            } catch is DecodingError {
                throw AppError(.badInput, "\(path): not an issue summary (write one with --issues-file)")
            }
        }
    }

    /// The bytes of `path` (`-` is standard input).
    static func readWhole(_ path: String) throws -> Data {
        do {
            return path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AppError(.cannotOpen, "\(path): cannot be read (\(error.localizedDescription))")
        }
    }
}
