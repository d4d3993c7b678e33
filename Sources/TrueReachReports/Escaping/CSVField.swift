/// Writes CSV cells (RFC 4180) that spreadsheets will not run as formulas.
///
/// A text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, the
/// OWASP advice against CSV injection, so `=HYPERLINK(…)` shows as text in Excel, LibreOffice and
/// Google Sheets. A cell containing a comma, quote, newline or carriage return (or a neutralised
/// one) is quoted, with quotes doubled. Numbers we format ourselves go through ``number(_:)``,
/// so `-3.5` stays a number.
public enum CSVField {
    /// A text cell, neutralised and quoted as needed.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func text(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        appendText(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A number cell, written verbatim (it must be text we produced, such as `-3.5`).
    public static func number(_ formatted: String) -> String { formatted }

    /// One CSV line of text cells (no line terminator).
    public static func row(_ cells: [String]) -> String {
        cells.map(text).joined(separator: ",")
    }

    /// Whether a cell starting with `byte` could be run as a formula.
    @inline(__always)
    static func isFormulaTrigger(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }

    /// Appends `text` as one CSV cell to `buffer`.
    ///
    /// - Complexity: O(*n*); no allocation beyond the buffer's growth.
    public static func appendText(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendText(utf8: $0, to: &buffer) }
    }

    /// Appends the UTF-8 bytes `utf8` as one CSV cell to `buffer`.
    static func appendText(utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        let neutralise = utf8.first.map(isFormulaTrigger) ?? false
        var needsQuotes = neutralise
        if !needsQuotes {
            for byte in utf8
            where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        if neutralise { buffer.append(UInt8(ascii: "'")) }
        appendDoublingQuotes(utf8, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with every `"` doubled, copying the runs between quotes in bulk.
    static func appendDoublingQuotes(_ utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        var runStart = 0
        for index in 0..<utf8.count where utf8[index] == UInt8(ascii: "\"") {
            // The run includes this quote; the next run starts with it again, doubling it.
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...index]))
            runStart = index
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
}
