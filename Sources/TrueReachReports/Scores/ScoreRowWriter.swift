public import TrueReachCore

/// Writes one row per scored account for `truereach score`, into a reusable byte buffer.
///
/// Columns, in order: `platform,id,handle,bot_probability,category,signals`. The probability has
/// exactly four decimals (`0.9731`); `signals` is the signal texts joined with `"; "`. In CSV, text
/// cells are quoted as RFC 4180 asks and neutralised against formula injection like ``CSVField``;
/// in JSON lines every string is escaped (control characters as `\u00XX`) and a missing handle is
/// `null`. Rows end with `\n`.
///
/// This is the hottest path of the tool: no `Foundation` formatting, no intermediate `String`s,
/// only appends to the caller's buffer, which is meant to be reused (`removeAll(keepingCapacity:)`)
/// for each batch.
///
/// ```swift
/// let writer = ScoreRowWriter(format: .csv)
/// var buffer: [UInt8] = []
/// writer.appendHeader(to: &buffer)
/// for (account, score, category) in rows { writer.appendRow(account: account, score: score, category: category, to: &buffer) }
/// try output.write(contentsOf: buffer)
/// ```
public struct ScoreRowWriter: Sendable, Hashable {
    /// The row formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Comma-separated values with a header line.
        case csv
        /// One JSON object per line, no header.
        case jsonl
    }

    /// The column names (CSV header, JSON keys), in order.
    public static let columns = ["platform", "id", "handle", "bot_probability", "category", "signals"]

    /// The format written.
    public var format: Format

    /// Creates a writer for `format`.
    public init(format: Format) {
        self.format = format
    }

    /// Appends the CSV header line (nothing for JSON lines).
    public func appendHeader(to buffer: inout [UInt8]) {
        guard format == .csv else { return }
        buffer.append(contentsOf: Self.csvHeader)
    }

    private static let csvHeader: [UInt8] = Array((columns.joined(separator: ",") + "\n").utf8)
    private static let keys: [[UInt8]] = [
        Array("{\"platform\":".utf8), Array(",\"id\":".utf8), Array(",\"handle\":".utf8),
        Array(",\"bot_probability\":".utf8), Array(",\"category\":".utf8), Array(",\"signals\":".utf8),
    ]
    private static let separator: [UInt8] = Array("; ".utf8)

    /// Appends one row.
    ///
    /// - Parameters:
    ///   - account: The scored account (platform, id and handle are written).
    ///   - score: Its probability and signals.
    ///   - category: Its audience category.
    ///   - buffer: The output buffer, appended to.
    /// - Complexity: O(*n*) in the row's text length.
    public func appendRow(
        account: Profile,
        score: ProfileScore,
        category: AudienceCategory,
        to buffer: inout [UInt8]
    ) {
        switch format {
        case .csv: appendCSV(account, score, category, &buffer)
        case .jsonl: appendJSON(account, score, category, &buffer)
        }
    }

    // MARK: - CSV

    private func appendCSV(_ a: Profile, _ s: ProfileScore, _ c: AudienceCategory, _ buffer: inout [UInt8]) {
        Self.appendASCII(a.platform.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        CSVField.appendText(a.id.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        if let handle = a.handle { CSVField.appendText(handle, to: &buffer) }
        buffer.append(UInt8(ascii: ","))
        Self.appendProbability(s.probability, to: &buffer, missing: [])
        buffer.append(UInt8(ascii: ","))
        Self.appendASCII(c.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        appendCSVSignals(s.signals, to: &buffer)
        buffer.append(0x0A)
    }

    /// The joined signal texts as one CSV cell, without building the joined string.
    private func appendCSVSignals(_ signals: [Signal], to buffer: inout [UInt8]) {
        guard !signals.isEmpty else { return }
        if signals.count == 1 {
            CSVField.appendText(signals[0].text, to: &buffer)
            return
        }
        // Two or more texts are joined by "; "; quote only if a text needs it.
        var first: UInt8?
        var needsQuotes = false
        for (i, signal) in signals.enumerated() {
            var text = signal.text
            text.withUTF8 { utf8 in
                // An empty first text makes the cell start with the "; " separator.
                if i == 0 { first = utf8.first ?? UInt8(ascii: ";") }
                if !needsQuotes {
                    for byte in utf8
                    where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                        needsQuotes = true
                        break
                    }
                }
            }
        }
        let neutralise = CSVField.isFormulaTrigger(first ?? UInt8(ascii: ";"))
        needsQuotes = needsQuotes || neutralise
        if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
        if neutralise { buffer.append(UInt8(ascii: "'")) }
        for (i, signal) in signals.enumerated() {
            if i > 0 { buffer.append(contentsOf: Self.separator) }
            var text = signal.text
            text.withUTF8 { utf8 in
                if needsQuotes {
                    CSVField.appendDoublingQuotes(utf8, to: &buffer)
                } else {
                    buffer.append(contentsOf: utf8)
                }
            }
        }
        if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
    }

    // MARK: - JSON lines

    private func appendJSON(_ a: Profile, _ s: ProfileScore, _ c: AudienceCategory, _ buffer: inout [UInt8]) {
        buffer.append(contentsOf: Self.keys[0])
        buffer.append(UInt8(ascii: "\""))
        Self.appendASCII(a.platform.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
        buffer.append(contentsOf: Self.keys[1])
        JSONString.append(a.id.rawValue, to: &buffer)
        buffer.append(contentsOf: Self.keys[2])
        if let handle = a.handle {
            JSONString.append(handle, to: &buffer)
        } else {
            buffer.append(contentsOf: "null".utf8)
        }
        buffer.append(contentsOf: Self.keys[3])
        Self.appendProbability(s.probability, to: &buffer, missing: Array("null".utf8))
        buffer.append(contentsOf: Self.keys[4])
        buffer.append(UInt8(ascii: "\""))
        Self.appendASCII(c.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
        buffer.append(contentsOf: Self.keys[5])
        buffer.append(UInt8(ascii: "\""))
        for (i, signal) in s.signals.enumerated() {
            if i > 0 { buffer.append(contentsOf: Self.separator) }
            var text = signal.text
            text.withUTF8 { JSONString.appendContent(utf8: $0, to: &buffer) }
        }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: "}"))
        buffer.append(0x0A)
    }

    // MARK: - Numbers

    /// Appends a short string of our own (an enum's raw value) in one copy.
    @inline(__always)
    static func appendASCII(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Appends `p` clamped to [0, 1] with exactly four decimals (`0.0420`, `1.0000`); `missing` if NaN.
    static func appendProbability(_ p: Double, to buffer: inout [UInt8], missing: [UInt8]) {
        guard !p.isNaN else {
            buffer.append(contentsOf: missing)
            return
        }
        let scaled = Int((min(1, max(0, p)) * 10_000).rounded())
        buffer.append(UInt8(ascii: "0") + UInt8(scaled / 10_000))
        buffer.append(UInt8(ascii: "."))
        let fraction = scaled % 10_000
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / 1_000))
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / 100 % 10))
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        buffer.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }
}
