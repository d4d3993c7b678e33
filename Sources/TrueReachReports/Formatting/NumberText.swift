import FoundationEssentials
import TrueReachCore

/// Deterministic, locale-free number and date text for reports.
///
/// Reports must be byte-identical across machines, so nothing here reads the locale, time zone or
/// clock: thousands separators are `,`, decimals `.`, dates UTC.
enum NumberText {
    /// `12,345` (negative numbers with a leading `-`).
    static func grouped(_ value: Int) -> String {
        CountText.grouped(value)
    }

    /// A rounded whole number with separators (`12,346`); `n/a` when not finite.
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 9e18 else { return "n/a" }
        return grouped(Int(value.rounded()))
    }

    /// `value` with exactly `decimals` decimals (`-3.50`); `n/a` when not finite.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 9e15 else { return "n/a" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale
        let fraction = scaled % scale
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// A share in [0, 1] as a percentage: `12.3%`.
    static func percent(_ share: Double, decimals: Int = 1) -> String {
        guard share.isFinite else { return "n/a" }
        return fixed(share * 100, decimals: decimals) + "%"
    }

    /// Up to two decimals, trailing zeros dropped (`12`, `12.5`, `12.25`): SVG coordinates.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = fixed(value, decimals: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `2026-05-22` (UTC).
    static func date(_ date: Date) -> String {
        let (y, m, d, _, _, _) = civil(date)
        return pad4(y) + "-" + pad2(m) + "-" + pad2(d)
    }

    /// `2026-05-22T14:03:09Z` (UTC, whole seconds).
    static func timestamp(_ date: Date) -> String {
        let (y, m, d, hh, mm, ss) = civil(date)
        return pad4(y) + "-" + pad2(m) + "-" + pad2(d) + "T" + pad2(hh) + ":" + pad2(mm) + ":" + pad2(ss) + "Z"
    }

    private static func pad2(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }
    private static func pad4(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Civil UTC date and time from a `Date` (Howard Hinnant's days-from-civil inverse).
    private static func civil(_ date: Date) -> (Int, Int, Int, Int, Int, Int) {
        let t = date.timeIntervalSince1970
        let seconds = t.isFinite ? Int(t.rounded(.down)) : 0
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rest / 3_600, rest % 3_600 / 60, rest % 60)
    }
}
