/// Plain-language number formatting for signals and reports, without Foundation formatters.
public enum CountText {
    /// Groups digits in threes: `4800` becomes `"4,800"`, `-1234567` becomes `"-1,234,567"`.
    public static func grouped(_ value: Int) -> String {
        // Written right to left into stack bytes: this runs for nearly every signal text of
        // `score`, and per-character `String` appends showed up in its profile.
        // 19 digits, 6 separators and a sign fit in 32 bytes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var magnitude = value.magnitude
            var start = buffer.count
            var digits = 0
            repeat {
                if digits > 0 && digits % 3 == 0 {
                    start -= 1
                    buffer[start] = UInt8(ascii: ",")
                }
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                digits += 1
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// A percentage with one decimal: `0.1234` becomes `"12.3%"`.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        let tenths = Int((fraction * 1000).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return "\(sign)\(magnitude / 10).\(magnitude % 10)%"
    }

    /// A non-negative number with two decimals: `0.875` becomes `"0.88"`.
    public static func fixed2(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(value < 0 ? "-" : "")\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
