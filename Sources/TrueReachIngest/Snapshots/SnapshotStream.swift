import Foundation
import TrueReachCore

/// Reads one follower list piece by piece: JSON arrays (bare, after `window.YTD.… =`, or inside a
/// wrapper object) element by element, tables and plain lists line by line.
struct SnapshotStream: ChunkConsumer {
    /// The shape, decided from the first significant byte.
    private enum Shape { case array, wrapped, table }

    let name: String
    private var limit: IssueLimit
    private var admitted = 0
    private(set) var splitter: RecordSplitter
    private var shape: Shape?
    private var header: [String]?
    private var entries: [FollowerEntry] = []
    private var issues: [IngestIssue] = []

    init(name: String, configuration: IngestConfiguration) {
        self.name = name
        limit = IssueLimit(configuration: configuration, path: name)
        splitter = RecordSplitter(name: name)
    }

    mutating func push(_ chunk: [UInt8]) throws {
        try splitter.append(chunk)
        if shape == nil {
            guard splitter.buffered.count >= InputFile.detectionBytes else { return }
            try begin()
        }
        try handle(splitter.cut(isEOF: false))
    }

    mutating func finish() throws -> (snapshot: FollowerSnapshot, issues: [IngestIssue]) {
        if shape == nil { try begin() }
        try handle(splitter.cut(isEOF: true))
        if splitter.arrayMissing {
            throw IngestError(.unknownFormat, "no follower list in this JSON object (or not valid JSON)", path: name)
        }
        try IngestError.requireReadable(records: entries.count, issues: issues, path: name)
        let url = URL(fileURLWithPath: name)
        let parent = url.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
        let label = parent.isEmpty ? url.lastPathComponent : "\(parent)/\(url.lastPathComponent)"
        return (FollowerSnapshot(name: label, entries: entries), issues)
    }

    private mutating func begin() throws {
        let head = Array(splitter.buffered.prefix(InputFile.detectionBytes))
        guard let (first, offset) = InputFile.firstSignificantByte(head) else {
            throw IngestError(.emptyInput, "the input is empty", path: name)
        }
        if head[offset...].starts(with: Array("window.YTD.".utf8)) || first == UInt8(ascii: "[") {
            shape = .array
            splitter.frame(as: .jsonArray(.firstBracket))
        } else if first == UInt8(ascii: "{") {
            shape = .wrapped
            splitter.frame(
                as: .jsonArray(.member { $0.hasPrefix("relationships_") || $0 == "followers" || $0 == "accounts" }))
        } else {
            shape = .table
            splitter.frame(as: .lines)
        }
    }

    private mutating func handle(_ records: [RecordSplitter.Record]) throws {
        for record in records {
            switch shape {
            case .array, .wrapped:
                let value = try? JSONSerialization.jsonObject(with: Data(record.bytes), options: [.fragmentsAllowed])
                if let entry = FollowerSnapshotReader.entry(value) {
                    entries.append(entry)
                } else {
                    let field = shape == .array ? "string_list_data" : "[\(record.index)]"
                    issues.append(
                        IngestIssue(file: name, line: record.line, field: field, reason: "no account name in entry"))
                }
            case .table, nil:
                tableLine(record.line, String(decoding: record.bytes, as: UTF8.self))
            }
            try limit.admit(newIn: issues, admitted: &admitted)
        }
    }

    /// One line of a canonical CSV `account[,followed_at]` (header optional) or a plain list.
    private mutating func tableLine(_ line: Int, _ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        let fields = InputFile.csvFields(trimmed, delimiter: ",") ?? [trimmed]
        if header == nil {
            let lower = fields.map { $0.lowercased() }
            if ["profile", "account", "username", "id"].contains(where: lower.contains) {
                header = lower
                return
            }
            header = ["profile"]
        }
        let cols = header ?? ["profile"]
        let profileIndex =
            ["profile", "account", "username", "id"].lazy.compactMap { cols.firstIndex(of: $0) }.first ?? 0
        guard profileIndex < fields.count, !fields[profileIndex].isEmpty else {
            issues.append(IngestIssue(file: name, line: line, field: cols[profileIndex], reason: "missing profile"))
            return
        }
        var followedAt: Date?
        if let i = cols.firstIndex(of: "followed_at"), i < fields.count, !fields[i].isEmpty {
            followedAt = TimestampParser.parse(fields[i]) ?? Double(fields[i]).map { Date(timeIntervalSince1970: $0) }
            if followedAt == nil {
                issues.append(IngestIssue(file: name, line: line, field: "followed_at", reason: "unrecognised date"))
                return
            }
        }
        entries.append(FollowerEntry(profile: ProfileID(fields[profileIndex]), followedAt: followedAt))
    }
}
