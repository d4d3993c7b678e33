import TrueReachCore

/// Makes untrusted text safe and tidy for a terminal.
///
/// ``sanitize(_:)`` is `UntrustedText.sanitize` from TrueReachCore, the one definition shared with
/// ingest issue snippets. It removes what could drive the terminal or disguise text: C0 and C1 control
/// characters (including ESC, so no colour codes, cursor moves or title changes), DEL, bidi
/// embedding/override/isolate controls and marks, and zero-width characters used for spoofing
/// (U+200B–U+200D, U+2060, U+FEFF, U+180E, U+2028, U+2029). Tabs and line breaks become one space,
/// so a bio cannot break the table layout.
public enum TerminalText {
    /// `text` without control, bidi or zero-width characters, line breaks as spaces.
    ///
    /// - Complexity: O(*n*).
    public static func sanitize(_ text: String) -> String {
        UntrustedText.sanitize(text)
    }

    /// Sanitises `text` and shortens it to at most `width` terminal columns, ending in `…` when cut.
    ///
    /// Wide (East Asian, emoji) characters count two columns, combining marks none; a grapheme is
    /// never split.
    public static func truncate(_ text: String, width: Int) -> String {
        let text = sanitize(text)
        guard width > 0 else { return "" }
        if displayWidth(text) <= width { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = displayWidth(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// Sanitises, truncates and pads `text` to exactly `width` columns.
    public static func pad(_ text: String, width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, width: width)
        let fill = String(repeating: " ", count: max(0, width - displayWidth(cut)))
        return alignRight ? fill + cut : cut + fill
    }

    /// The number of terminal columns `text` takes.
    public static func displayWidth(_ text: String) -> Int {
        text.reduce(0) { $0 + displayWidth($1) }
    }

    static func displayWidth(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if isStripped(first) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if character.unicodeScalars.count > 1 && character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) {
            return 2
        }
        return isWide(first.value) ? 2 : 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Characters removed outright.
    static func isStripped(_ scalar: Unicode.Scalar) -> Bool {
        UntrustedText.isStripped(scalar)
    }
}
