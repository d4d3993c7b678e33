public import Foundation
import TrueReachCore

/// Numbers, shares and dates as the analytics outputs (tables, CSV, HTML) write them.
public enum AnalyticsText {
    /// An ISO 8601 UTC timestamp to the second (`2024-06-01T12:00:00Z`).
    public static func iso(_ date: Date) -> String {
        let s = date.timeIntervalSince1970
        let day = CalendarDay(date)
        let rem = Int(s - Double(day.daysSinceEpoch) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60))Z"
    }

    /// A number rounded to `digits` decimals, without a trailing `.0`; empty when unknown or not finite.
    public static func number(_ value: Double?, digits: Int = 6) -> String {
        guard let value, value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        if text.contains("e") { text = String(format: "%.\(digits)f", rounded) }
        return text
    }

    /// A share as a percentage with two decimals; an en dash when unknown.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.2f%%", value * 100)
    }

    /// A rate (a metric named `rate…`) as a percentage, anything else as a number with one decimal.
    public static func metric(_ value: Double?, _ metric: String) -> String {
        metric.hasPrefix("rate") ? percent(value) : number(value, digits: 1)
    }
}
