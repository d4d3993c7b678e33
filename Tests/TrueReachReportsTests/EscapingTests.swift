import Foundation
import Testing
import TrueReachReports

@Suite struct HTMLEscapingTests {
    @Test func escapesMarkupCharacters() {
        #expect(
            HTMLEscaping.escape("<a href=\"x\" title='y'>&</a>")
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        )
        #expect(HTMLEscaping.escape("plain text, ünïcödé 日本") == "plain text, ünïcödé 日本")
    }

    @Test(arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x1B, 0x00, 0x9B])
    func neutralisesControls(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let escaped = HTMLEscaping.escape("a\(Character(scalar))b")
        #expect(!escaped.unicodeScalars.contains(scalar))
        #expect(escaped == "a\u{FFFD}b")
    }

    @Test func interpolationEscapesStringsButNotHTML() {
        let name = "<script>alert(1)</script>"
        let inner: HTML = "<b>\(name)</b>"
        let outer: HTML = "<p>\(inner) \(42) \(1.5)</p>"
        #expect(outer.markup == "<p><b>&lt;script&gt;alert(1)&lt;/script&gt;</b> 42 1.5</p>")
        let optional: String? = nil
        #expect(("<i>\(optional)</i>" as HTML).markup == "<i></i>")
    }
}

@Suite struct CSVFieldTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=1+1", "\"'=1+1\""),
        ("+cmd", "\"'+cmd\""),
        ("-3.5", "\"'-3.5\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tx", "\"'\tx\""),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"u\",\"c\")", "\"'=HYPERLINK(\"\"u\"\",\"\"c\"\")\""),
        ("", ""),
    ])
    func neutralisesAndQuotes(input: String, expected: String) {
        #expect(CSVField.text(input) == expected)
    }

    @Test func numbersWeWriteStayNumbers() {
        #expect(CSVField.number("-3.5") == "-3.5")
    }

    @Test func hostileCellsParseBackToNeutralisedText() throws {
        let line = CSVField.row(Hostile.strings)
        let parsed = try #require(CSVParser.parse(line + "\r\n").first)
        #expect(parsed.count == Hostile.strings.count)
        for (cell, original) in zip(parsed, Hostile.strings) {
            let trigger = original.first.map { "=+-@\t\r".contains($0) } ?? false
            #expect(cell == (trigger ? "'" + original : original))
            #expect(!(cell.first.map { "=+-@\t\r".contains($0) } ?? false))
        }
    }
}

@Suite struct TerminalTextTests {
    @Test func stripsControlBidiAndZeroWidth() {
        for hostile in Hostile.strings {
            let clean = TerminalText.sanitize(hostile)
            #expect(clean.unicodeScalars.allSatisfy(TerminalTextTests.isPrintable), "\(clean.debugDescription)")
        }
        #expect(TerminalText.sanitize("\u{1B}[31mred\u{1B}[0m") == "[31mred[0m")
        #expect(TerminalText.sanitize("a\nb\tc") == "a b c")
        #expect(TerminalText.sanitize("ren\u{202E}gpj.exe") == "rengpj.exe")
    }

    @Test func truncatesByDisplayWidth() {
        #expect(TerminalText.truncate("abcdef", width: 4) == "abc…")
        #expect(TerminalText.truncate("abc", width: 4) == "abc")
        #expect(TerminalText.truncate("日本語テキスト", width: 7) == "日本語…")
        #expect(TerminalText.displayWidth(TerminalText.truncate("日本語テキスト", width: 7)) <= 7)
        #expect(TerminalText.truncate("e\u{301}e\u{301}e\u{301}", width: 2) == "e\u{301}…")
        #expect(TerminalText.pad("ab", width: 4) == "ab  ")
        #expect(TerminalText.pad("ab", width: 4, alignRight: true) == "  ab")
    }

    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return false }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return false }
        if (0x200B...0x200F).contains(v) || v == 0xFEFF || v == 0x2060 { return false }
        return true
    }
}

/// A strict RFC 4180 parser for tests (quoted fields, doubled quotes, CRLF or LF records).
enum CSVParser {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var wasQuoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" {
                        chars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw Malformed() }
                inQuotes = true
                wasQuoted = true
            case ",":
                record.append(field)
                field = ""
                wasQuoted = false
            case "\r":
                guard chars.first == "\n" else { throw Malformed() }
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                wasQuoted = false
            default:
                guard !wasQuoted else { throw Malformed() }
                field.unicodeScalars.append(c)
            }
        }
        guard !inQuotes else { throw Malformed() }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
