/// Small inline SVG charts: no script, no external files, text escaped.
///
/// Every chart is a function of plain values returning ``HTML`` (an `<svg>` element with a
/// `<title>` for screen readers) that scales to its container's width. Colours are CSS hex
/// strings (`#2f9e6b`); anything else falls back to the palette, so a caller cannot inject
/// attributes through a colour either.
///
/// ```swift
/// let chart = SVGChart.bars(
///     [.init(label: "no bio", value: 40), .init(label: "default avatar", value: 81)],
///     title: "Signals among suspicious followers")
/// ```
public enum SVGChart {
    /// One labelled value: a bar, a column or a segment of a composition.
    public struct Datum: Sendable, Hashable {
        /// The label (escaped).
        public var label: String
        /// The value; negative values are drawn as zero.
        public var value: Double
        /// The text shown at the bar's end; defaults to the value with separators.
        public var valueLabel: String?
        /// A hex colour; `nil` picks from the palette by position.
        public var color: String?

        /// Creates a datum.
        public init(label: String, value: Double, valueLabel: String? = nil, color: String? = nil) {
            self.label = label
            self.value = value
            self.valueLabel = valueLabel
            self.color = color
        }
    }

    /// A point of a line or scatter series.
    public struct Point: Sendable, Hashable {
        /// Horizontal position in data units.
        public var x: Double
        /// Vertical position in data units.
        public var y: Double

        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A named series of points for ``line(series:markers:title:xTicks:yLabel:width:height:)`` and
    /// ``scatter(_:title:xLabel:yLabel:logScale:width:height:)``.
    public struct Series: Sendable, Hashable {
        /// The legend name (escaped).
        public var name: String
        /// A hex colour; `nil` picks from the palette by position.
        public var color: String?
        /// The points, in drawing order.
        public var points: [Point]

        /// Creates a series.
        public init(name: String, color: String? = nil, points: [Point]) {
            self.name = name
            self.color = color
            self.points = points
        }
    }

    /// A highlighted point on a line chart (an anomaly, an event), with its label.
    public struct Marker: Sendable, Hashable {
        /// Horizontal position in data units.
        public var x: Double
        /// Vertical position in data units.
        public var y: Double
        /// A short label drawn beside it (escaped).
        public var label: String
        /// A hex colour; defaults to red.
        public var color: String?

        /// Creates a marker.
        public init(x: Double, y: Double, label: String, color: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
            self.color = color
        }
    }

    /// A labelled position on an axis.
    public struct Tick: Sendable, Hashable {
        /// Position in data units.
        public var value: Double
        /// The text (escaped).
        public var label: String

        /// Creates a tick.
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// The default colours, in order.
    public static let palette = ["#3d7dd8", "#2f9e6b", "#e8a33d", "#d64545", "#8a63d2", "#9aa5b1", "#1aa3a3"]

    static let axisColor = "#9aa5b1"
    static let gridColor = "#e6e9ee"
    static let textColor = "#3c4550"

    /// `color` when it is a hex colour, else the palette entry for `index`.
    static func safeColor(_ color: String?, index: Int) -> String {
        if let color, isHexColor(color) { return color }
        return palette[((index % palette.count) + palette.count) % palette.count]
    }

    static func isHexColor(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.first == UInt8(ascii: "#"), [4, 7, 9].contains(utf8.count) else { return false }
        return utf8.dropFirst().allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102)
        }
    }

    /// The opening `<svg>` tag and its accessible title.
    static func open(width: Int, height: Int, title: String) -> HTML {
        """
        <svg class="chart" viewBox="0 0 \(width) \(height)" width="100%" preserveAspectRatio="xMidYMid meet" \
        role="img" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, Segoe UI, sans-serif" \
        font-size="12" fill="\(textColor)"><title>\(title)</title>
        """
    }

    static let close: HTML = "</svg>"

    /// Round tick values (1, 2, 5 × 10^k) covering 0…`maximum`, about `count` of them.
    static func niceTicks(maximum: Double, count: Int = 5) -> [Double] {
        guard maximum.isFinite, maximum > 0 else { return [0, 1] }
        let raw = maximum / Double(max(1, count))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var ticks: [Double] = []
        var value = 0.0
        while value < maximum + step * 0.999 {
            ticks.append(value)
            value += step
        }
        return ticks
    }

    /// A short axis label: `950`, `1.2k`, `48k`, `3.1M`.
    static func shortNumber(_ value: Double) -> String {
        let v = abs(value)
        let sign = value < 0 ? "-" : ""
        if v >= 1_000_000 { return sign + NumberText.compact(roundTo(v / 1_000_000)) + "M" }
        if v >= 1_000 { return sign + NumberText.compact(roundTo(v / 1_000)) + "k" }
        return sign + NumberText.compact(roundTo(v))
    }

    private static func roundTo(_ v: Double) -> Double {
        v >= 10 ? v.rounded() : (v * 10).rounded() / 10
    }
}
