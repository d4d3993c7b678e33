extension SVGChart {
    /// Horizontal bars with the label on the left and the value at the bar's end.
    ///
    /// - Parameters:
    ///   - data: The bars, top to bottom.
    ///   - title: The accessible title.
    ///   - width: The drawing width in user units (the chart scales to its container).
    ///   - maxValue: The value of a full-length bar; defaults to the largest value.
    /// - Returns: An `<svg>` element.
    public static func bars(_ data: [Datum], title: String, width: Int = 560, maxValue: Double? = nil) -> HTML {
        let rowHeight = 26
        let labelWidth = Int(Double(width) * 0.38)
        let valueWidth = 64
        let barArea = Double(width - labelWidth - valueWidth)
        let height = max(rowHeight, data.count * rowHeight) + 8
        let top = max(maxValue ?? 0, data.map(\.value).max() ?? 0)
        var body: [HTML] = []
        for (i, datum) in data.enumerated() {
            let y = i * rowHeight + 4
            let length = top > 0 ? max(0, datum.value) / top * barArea : 0
            let color = safeColor(datum.color, index: i)
            let valueText = datum.valueLabel ?? NumberText.grouped(datum.value)
            body.append(
                """
                <text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end">\(TerminalText.truncate(datum.label, width: max(8, labelWidth / 7)))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(max(length, 1))" height="\(rowHeight - 8)" rx="3" fill="\(color)"/>\
                <text x="\(Double(labelWidth) + length + 6)" y="\(y + 17)">\(valueText)</text>
                """
            )
        }
        return open(width: width, height: height, title: title) + body.joined() + close
    }

    /// Vertical columns with labels below, an optional marker line and a value axis.
    ///
    /// - Parameters:
    ///   - data: The columns, left to right.
    ///   - title: The accessible title.
    ///   - width: Drawing width.
    ///   - height: Drawing height.
    ///   - marker: A vertical line at a fractional column position (0 = left edge, `data.count` = right
    ///     edge) with its label, e.g. the operating threshold on a histogram.
    ///   - showValues: Print each column's value above it.
    /// - Returns: An `<svg>` element.
    public static func columns(
        _ data: [Datum],
        title: String,
        width: Int = 560,
        height: Int = 240,
        marker: (position: Double, label: String)? = nil,
        showValues: Bool = true
    ) -> HTML {
        let left = 44.0
        let right = 12.0
        let top = 18.0
        let bottom = 34.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let ticks = niceTicks(maximum: data.map(\.value).max() ?? 0, count: 4)
        let maximum = ticks.last ?? 1
        var body: [HTML] = []
        for tick in ticks {
            let y = top + plotHeight - tick / maximum * plotHeight
            body.append(
                """
                <line x1="\(left)" x2="\(Double(width) - right)" y1="\(y)" y2="\(y)" stroke="\(gridColor)"/>\
                <text x="\(left - 6)" y="\(y + 4)" text-anchor="end" font-size="11">\(shortNumber(tick))</text>
                """
            )
        }
        let slot = data.isEmpty ? plotWidth : plotWidth / Double(data.count)
        for (i, datum) in data.enumerated() {
            let h = maximum > 0 ? max(0, datum.value) / maximum * plotHeight : 0
            let x = left + Double(i) * slot
            let color = safeColor(datum.color, index: 0)
            body.append(
                """
                <rect x="\(x + slot * 0.1)" y="\(top + plotHeight - h)" width="\(slot * 0.8)" height="\(h)" rx="2" fill="\(color)"/>\
                <text x="\(x + slot / 2)" y="\(Double(height) - bottom + 16)" text-anchor="middle" font-size="11">\(datum.label)</text>
                """
            )
            if showValues && datum.value > 0 {
                body.append(
                    """
                    <text x="\(x + slot / 2)" y="\(top + plotHeight - h - 4)" text-anchor="middle" font-size="10">\
                    \(datum.valueLabel ?? shortNumber(datum.value))</text>
                    """
                )
            }
        }
        if let marker, !data.isEmpty {
            let x = left + marker.position * slot
            // Past the middle the label goes left of the line, so it is not cut at the chart's edge.
            let labelOnLeft = marker.position > Double(data.count) / 2
            let labelX = labelOnLeft ? x - 4 : x + 4
            let anchor = labelOnLeft ? "end" : "start"
            body.append(
                """
                <line x1="\(x)" x2="\(x)" y1="\(top - 6)" y2="\(top + plotHeight)" stroke="#d64545" stroke-width="2" \
                stroke-dasharray="5 3"/><text x="\(labelX)" y="\(top + 4)" text-anchor="\(anchor)" fill="#d64545" \
                font-size="11">\(marker.label)</text>
                """
            )
        }
        body.append(
            """
            <line x1="\(left)" x2="\(Double(width) - right)" y1="\(top + plotHeight)" y2="\(top + plotHeight)" \
            stroke="\(axisColor)"/>
            """
        )
        return open(width: width, height: height, title: title) + body.joined() + close
    }

    /// A histogram of counts over equal bins from `lower` to `upper`.
    ///
    /// - Parameters:
    ///   - counts: One count per bin.
    ///   - lower: The first bin's lower edge.
    ///   - upper: The last bin's upper edge.
    ///   - title: The accessible title.
    ///   - marker: A value to mark with a dashed line (e.g. the threshold) and its label.
    ///   - width: Drawing width.
    ///   - height: Drawing height.
    /// - Returns: An `<svg>` element.
    public static func histogram(
        counts: [Int],
        lower: Double = 0,
        upper: Double = 1,
        title: String,
        marker: (value: Double, label: String)? = nil,
        width: Int = 560,
        height: Int = 240
    ) -> HTML {
        let step = counts.isEmpty ? 1 : (upper - lower) / Double(counts.count)
        let data = counts.enumerated().map { i, count in
            Datum(
                label: NumberText.fixed(lower + Double(i) * step, decimals: 1) + "–"
                    + NumberText.fixed(lower + Double(i + 1) * step, decimals: 1),
                value: Double(count),
                color: "#8a63d2"
            )
        }
        let position = marker.map { (position: ($0.value - lower) / step, label: $0.label) }
        return columns(data, title: title, width: width, height: height, marker: position)
    }

    /// A single 100% bar split into segments (composition), with a legend below.
    ///
    /// - Parameters:
    ///   - segments: The parts, left to right; values are counts or shares.
    ///   - title: The accessible title.
    ///   - width: Drawing width.
    /// - Returns: An `<svg>` element.
    public static func stackedBar(_ segments: [Datum], title: String, width: Int = 560) -> HTML {
        let total = segments.reduce(0) { $0 + max(0, $1.value) }
        let barHeight = 28.0
        let legendRows = (segments.count + 2) / 3
        let height = Int(barHeight) + 16 + legendRows * 20
        var body: [HTML] = []
        var x = 0.0
        for (i, segment) in segments.enumerated() {
            let w = total > 0 ? max(0, segment.value) / total * Double(width) : 0
            body.append(
                """
                <rect x="\(x)" y="0" width="\(w)" height="\(barHeight)" fill="\(safeColor(segment.color, index: i))"/>
                """
            )
            x += w
        }
        let column = Double(width) / 3
        for (i, segment) in segments.enumerated() {
            let lx = Double(i % 3) * column
            let ly = barHeight + 16 + Double(i / 3) * 20
            let share = total > 0 ? max(0, segment.value) / total : 0
            body.append(
                """
                <rect x="\(lx)" y="\(ly - 10)" width="12" height="12" rx="2" fill="\(safeColor(segment.color, index: i))"/>\
                <text x="\(lx + 18)" y="\(ly)">\(segment.label) \(segment.valueLabel ?? NumberText.percent(share))</text>
                """
            )
        }
        return open(width: width, height: height, title: title) + body.joined() + close
    }

    /// A donut of segments with a headline in the middle and a legend beside it.
    ///
    /// - Parameters:
    ///   - segments: The parts, clockwise from the top.
    ///   - title: The accessible title.
    ///   - centerText: Large text in the hole (e.g. `"1,000"`).
    ///   - centerSubtext: Small text under it (e.g. `"followers"`).
    /// - Returns: An `<svg>` element.
    public static func donut(
        _ segments: [Datum],
        title: String,
        centerText: String = "",
        centerSubtext: String = ""
    ) -> HTML {
        let width = 460
        let height = 200
        let (cx, cy, radius, stroke) = (100.0, 100.0, 72.0, 30.0)
        let circumference = 2 * Double.pi * radius
        let total = segments.reduce(0) { $0 + max(0, $1.value) }
        var body: [HTML] = [
            """
            <circle cx="\(cx)" cy="\(cy)" r="\(radius)" fill="none" stroke="\(gridColor)" stroke-width="\(stroke)"/>
            """
        ]
        var offset = 0.0
        for (i, segment) in segments.enumerated() where total > 0 && segment.value > 0 {
            let length = segment.value / total * circumference
            body.append(
                """
                <circle cx="\(cx)" cy="\(cy)" r="\(radius)" fill="none" stroke="\(safeColor(segment.color, index: i))" \
                stroke-width="\(stroke)" stroke-dasharray="\(length) \(circumference - length)" \
                stroke-dashoffset="\(-offset)" transform="rotate(-90 \(cx) \(cy))"/>
                """
            )
            offset += length
        }
        body.append(
            """
            <text x="\(cx)" y="\(cy + 2)" text-anchor="middle" font-size="24" font-weight="700">\(centerText)</text>\
            <text x="\(cx)" y="\(cy + 22)" text-anchor="middle" font-size="12">\(centerSubtext)</text>
            """
        )
        let legendTop = cy - Double(segments.count) * 24 / 2 + 12
        for (i, segment) in segments.enumerated() {
            let y = legendTop + Double(i) * 24
            let share = total > 0 ? max(0, segment.value) / total : 0
            body.append(
                """
                <rect x="220" y="\(y - 11)" width="14" height="14" rx="3" fill="\(safeColor(segment.color, index: i))"/>\
                <text x="242" y="\(y)">\(segment.label)</text>\
                <text x="450" y="\(y)" text-anchor="end" font-weight="600">\
                \(segment.valueLabel ?? NumberText.percent(share))</text>
                """
            )
        }
        return open(width: width, height: height, title: title) + body.joined() + close
    }
}
