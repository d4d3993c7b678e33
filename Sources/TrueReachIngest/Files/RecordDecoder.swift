import Foundation
import TrueReachCore

/// Turns the records of a batch into accounts for one format.
///
/// A value type shared by the parsing
/// tasks; each call makes its own `JSONDecoder`.
struct RecordDecoder: Sendable {
    var format: ProfileFormat
    /// The path as the user gave it, for issues.
    var file: String
    /// The file name without directory and extension, for synthetic ids.
    var fileStem: String
    /// Added to line and row numbers (``IngestInput/lineOffset``).
    var lineOffset = 0
    var framing: RecordFraming
    /// CSV header cells, in order.
    var header: [String] = []
    /// Label columns to report, first present wins (for labelled datasets).
    var labelColumns: [String] = []
    /// Use the byte-level scanner for X v1.1 records (falls back to Codable per record when unsure).
    var usesScanner = true

    func decode(_ batch: RawBatch) -> DecodedBatch {
        var output = DecodedBatch(bytesRead: batch.bytesRead)
        output.profiles.reserveCapacity(batch.spans.count)
        switch format {
        case .twitterV1, .twitterV1BotRepository:
            decodeTwitterV1(batch, into: &output)
        case .twitterV2:
            decodeJSON(batch, TwitterV2Record.self, into: &output) { $0.profiles }
        case .mastodonAccount:
            decodeJSON(batch, MastodonAccount.self, into: &output) { [.success($0.account)] }
        case .blueskyProfile:
            decodeJSON(batch, BlueskyRecord.self, into: &output) { $0.profiles }
        case .canonicalJSONL:
            decodeCanonical(batch, into: &output)
        case .instafakeJSON:
            decodeJSONTable(batch, into: &output)
        case .twitterUsersCSV, .tweetbotornotCSV, .instagramKaggleCSV, .instagramSeraphimCSV,
            .instagramInfluencersCSV, .canonicalCSV:
            decodeCSV(batch, into: &output)
        }
        return output
    }

    // MARK: - JSON

    private func decodeTwitterV1(_ batch: RawBatch, into output: inout DecodedBatch) {
        guard usesScanner else {
            decodeJSON(batch, TwitterV1Record.self, into: &output) { $0.profiles }
            return
        }
        let decoder = JSONDecoder()
        for span in batch.spans {
            if let account = TwitterV1Scanner.scan(batch.bytes, span.start, span.end) {
                output.profiles.append(account)
                if !labelColumns.isEmpty { output.labels.append(nil) }
                continue
            }
            decodeOne(batch, span, TwitterV1Record.self, decoder, into: &output) { $0.profiles }
        }
    }

    private func decodeJSON<Record: Decodable>(
        _ batch: RawBatch,
        _ type: Record.Type,
        into output: inout DecodedBatch,
        profiles: (Record) -> [Result<Profile, any Error>]
    ) {
        let decoder = JSONDecoder()
        for span in batch.spans {
            decodeOne(batch, span, type, decoder, into: &output, profiles: profiles)
        }
    }

    private func decodeOne<Record: Decodable>(
        _ batch: RawBatch,
        _ span: RecordSpan,
        _ type: Record.Type,
        _ decoder: JSONDecoder,
        into output: inout DecodedBatch,
        profiles: (Record) -> [Result<Profile, any Error>]
    ) {
        do {
            let record = try decoder.decode(type, from: Data(batch.bytes[span.start..<span.end]))
            for result in profiles(record) {
                switch result {
                case .success(let account):
                    output.profiles.append(account)
                    if !labelColumns.isEmpty { output.labels.append(nil) }
                case .failure(let error):
                    output.issues.append(issue(for: error, batch, span))
                }
            }
        } catch {
            output.issues.append(issue(for: error, batch, span))
        }
    }

    private func decodeCanonical(_ batch: RawBatch, into output: inout DecodedBatch) {
        let decoder = CanonicalRecord.makeDecoder()
        for span in batch.spans {
            if usesScanner, let record = CanonicalScanner.scan(batch.bytes, span.start, span.end) {
                output.profiles.append(record.account)
                if !labelColumns.isEmpty { output.labels.append(record.label) }
                continue
            }
            do {
                let record = try decoder.decode(CanonicalRecord.self, from: Data(batch.bytes[span.start..<span.end]))
                output.profiles.append(record.account)
                if !labelColumns.isEmpty { output.labels.append(record.label) }
            } catch {
                output.issues.append(issue(for: error, batch, span))
            }
        }
    }

    private func decodeJSONTable(_ batch: RawBatch, into output: inout DecodedBatch) {
        guard let mapping = ColumnMapping.builtIn(for: format) else { return }
        let decoder = JSONDecoder()
        for span in batch.spans {
            do {
                let object = try decoder.decode(
                    [String: JSONScalar].self,
                    from: Data(batch.bytes[span.start..<span.end])
                )
                var header: [String: Int] = [:]
                var values: [String?] = []
                for (key, value) in object {
                    header[key] = values.count
                    if case .text(let text) = value { values.append(text) } else { values.append(nil) }
                }
                appendRow(
                    TableRow(header: header, values: values), mapping, batch, span, row: span.index + 1 + lineOffset,
                    &output)
            } catch {
                output.issues.append(issue(for: error, batch, span))
            }
        }
    }

    // MARK: - CSV

    private func decodeCSV(_ batch: RawBatch, into output: inout DecodedBatch) {
        guard let mapping = ColumnMapping.builtIn(for: format), case .csv(let delimiter) = framing else { return }
        var headerIndex: [String: Int] = [:]
        for (index, name) in header.enumerated() where headerIndex[name] == nil {
            headerIndex[name] = index
        }
        for span in batch.spans {
            do {
                let fields = try CSVRecordParser.fields(
                    batch.bytes,
                    start: span.start,
                    end: span.end,
                    delimiter: delimiter
                )
                if fields.count != header.count {
                    output.issues.append(
                        makeIssue(
                            batch,
                            span,
                            field: nil,
                            reason: "expected \(header.count) fields, found \(fields.count)"
                        )
                    )
                    continue
                }
                appendRow(
                    TableRow(header: headerIndex, values: fields), mapping, batch, span, row: span.index + lineOffset,
                    &output)
            } catch {
                output.issues.append(
                    makeIssue(batch, span, field: nil, reason: "\(error.reason) at byte \(error.column) of the record")
                )
            }
        }
    }

    private func appendRow(
        _ row: TableRow,
        _ mapping: ColumnMapping,
        _ batch: RawBatch,
        _ span: RecordSpan,
        row number: Int,
        _ output: inout DecodedBatch
    ) {
        do {
            let account = try mapping.account(from: row, fileStem: fileStem, row: number)
            output.profiles.append(account)
            if !labelColumns.isEmpty {
                output.labels.append(labelColumns.lazy.compactMap { row.rawValue($0) }.first)
            }
        } catch {
            output.issues.append(makeIssue(batch, span, field: error.field, reason: error.reason))
        }
    }

    // MARK: - Issues

    private func makeIssue(_ batch: RawBatch, _ span: RecordSpan, field: String?, reason: String) -> IngestIssue {
        let snippetEnd = min(span.end, span.start + 240)
        return IngestIssue(
            file: file,
            line: span.line + lineOffset,
            column: span.column,
            field: field,
            reason: reason,
            snippet: String(decoding: batch.bytes[span.start..<snippetEnd], as: UTF8.self)
        )
    }

    /// Translates a decoding failure into an issue naming the field, without quoting the input.
    private func issue(for error: any Error, _ batch: RawBatch, _ span: RecordSpan) -> IngestIssue {
        guard let error = error as? DecodingError else {
            return makeIssue(batch, span, field: nil, reason: "unreadable record")
        }
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String? {
            let keys = (codingPath + (last.map { [$0] } ?? [])).filter { $0.intValue == nil }.map(\.stringValue)
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        if String(validating: batch.bytes[span.start..<span.end], as: UTF8.self) == nil {
            var field: String?
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                field = path(context.codingPath)
            default: break
            }
            return makeIssue(batch, span, field: field, reason: "invalid UTF-8")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return makeIssue(batch, span, field: path(context.codingPath, key), reason: "missing required field")
        case .valueNotFound(_, let context):
            return makeIssue(batch, span, field: path(context.codingPath), reason: "missing value (null)")
        case .typeMismatch(_, let context):
            return makeIssue(
                batch,
                span,
                field: path(context.codingPath),
                reason: "wrong type: \(context.debugDescription)"
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return makeIssue(batch, span, field: nil, reason: "malformed JSON")
            }
            return makeIssue(batch, span, field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return makeIssue(batch, span, field: nil, reason: "unreadable record")
        }
    }
}
