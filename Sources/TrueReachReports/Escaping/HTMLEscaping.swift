/// Escapes text for HTML element content and quoted attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become character references, so text can never open a tag, close
/// an attribute or start an entity. Bidirectional embedding, override and isolate controls
/// (U+202A–U+202E, U+2066–U+2069), which can make `exe.gpj` display as `jpg.exe`, and other C0/C1
/// control characters are replaced by U+FFFD (shown as �): a numeric reference would be decoded
/// back into the same control by the browser, so it would not neutralise anything.
///
/// Renderers also wrap each piece of profile text in `<bdi>`, so a right-to-left name cannot
/// reorder the text around it. Prefer building markup with ``HTML`` interpolation, which calls
/// this for every `String`.
public enum HTMLEscaping {
    /// Returns `text` safe for element content and for a double- or single-quoted attribute.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where replacement(for: scalar) != nil {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = String.UnicodeScalarView()
        result.reserveCapacity(text.unicodeScalars.count + 16)
        for scalar in text.unicodeScalars {
            if let replacement = replacement(for: scalar) {
                result.append(contentsOf: replacement.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether `scalar` is a bidi embedding, override or isolate control.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    private static func replacement(for scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&#39;"
        case "\t", "\n", "\r": return nil
        default:
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || isBidiControl(scalar) { return "\u{FFFD}" }
            return nil
        }
    }
}
