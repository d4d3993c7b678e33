/// Cleans untrusted text (handles, bios, post text, file content) before it is shown to a person.
///
/// ``sanitize(_:)`` removes what could drive a terminal or disguise text: C0 and C1 control
/// characters (including ESC, so no colour codes, cursor moves or title changes), DEL, bidi
/// embedding/override/isolate controls and marks (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), and zero-width characters used for spoofing (U+200B–U+200D, U+2060–U+2064,
/// U+FEFF, U+180E). Tabs, line breaks and U+2028/U+2029 become one space, so a bio cannot break a
/// one-line layout. This is the one definition: terminal tables (`TerminalText` in TrueReachReports)
/// and ingest issue snippets both use it.
public enum UntrustedText {
    /// `text` without control, bidi or zero-width characters, line breaks as spaces.
    ///
    /// Returns `text` itself, without copying, when there is nothing to remove.
    ///
    /// - Complexity: O(*n*) in the number of Unicode scalars.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isStripped($0) || isSpaced($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSpaced(scalar) {
                result.append(" ")
            } else if !isStripped(scalar) {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether ``sanitize(_:)`` removes `scalar` outright.
    public static func isStripped(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return !(v == 0x09 || v == 0x0A || v == 0x0D) }
        if (0x7F...0x9F).contains(v) { return true }
        switch v {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0x180E, 0x061C:
            return true
        default:
            return false
        }
    }

    /// Whether ``sanitize(_:)`` replaces `scalar` by one space (tab, CR, LF, line and paragraph separators).
    public static func isSpaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
