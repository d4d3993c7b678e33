import Foundation
import TrueReachCore

/// Reads one count-series table piece by piece, line by line, applying the issue policy row by row.
struct SeriesStream: ChunkConsumer {
    let name: String
    private let fileName: String
    private var limit: IssueLimit
    private var admitted = 0
    private(set) var splitter: RecordSplitter
    private var csv = CSVRowAssembler()
    private var format: CountSeriesFormat?
    private var points: [String: (Platform?, [CountPoint])] = [:]
    private var order: [String] = []
    private var issues: [IngestIssue] = []
    private var records = 0

    init(name: String, configuration: IngestConfiguration) {
        self.name = name
        fileName = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        limit = IssueLimit(configuration: configuration, path: name)
        splitter = RecordSplitter(name: name)
        splitter.frame(as: .lines)
    }

    mutating func push(_ chunk: [UInt8]) throws {
        try splitter.append(chunk)
        try handle(splitter.cut(isEOF: false))
    }

    mutating func finish() throws -> CountSeriesBatch {
        try handle(splitter.cut(isEOF: true))
        if let event = csv.finish() { try handle(event) }
        guard let format else { throw IngestError(.emptyInput, "the input is empty", path: name) }
        try IngestError.requireReadable(records: records, issues: issues, path: name)
        let series = order.compactMap { name in
            points[name].map { CountSeries(name: name, platform: $0.0, points: $0.1) }
        }
        return CountSeriesBatch(series: series, issues: issues, format: format, records: records)
    }

    private mutating func handle(_ lines: [RecordSplitter.Record]) throws {
        for line in lines {
            if let event = csv.line(line.line, String(decoding: line.bytes, as: UTF8.self)) { try handle(event) }
        }
    }

    private mutating func handle(_ event: CSVRowAssembler.Event) throws {
        switch event {
        case .header(let text):
            format = try CountSeriesReader.format(header: text, name: name)
        case .malformed(let line):
            issues.append(IngestIssue(file: name, line: line, reason: "malformed CSV record"))
        case .row(let r):
            guard let format else { return }
            do {
                let (series, platform, point) = try CountSeriesReader.point(r, format: format, fileName: fileName)
                if points[series] == nil { order.append(series) }
                points[series, default: (platform, [])].1.append(point)
                records += 1
            } catch {
                issues.append(IngestIssue(file: name, line: r.line, field: error.field, reason: error.reason))
            }
        }
        try limit.admit(newIn: issues, admitted: &admitted)
    }
}
