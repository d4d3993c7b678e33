import Foundation

extension SVGChart {
    /// A line chart of one or more series, with highlighted markers and a legend.
    ///
    /// The x axis is numeric (pass days, timestamps or indices) and labelled with `xTicks`, so dates
    /// are formatted by the caller; the y axis starts at zero unless values are negative.
    ///
    /// - Parameters:
    ///   - series: The lines; points are drawn in the given order.
    ///   - markers: Points to highlight with a ring and a label (e.g. a follower spike).
    ///   - title: The accessible title.
    ///   - xTicks: Labelled positions on the x axis; `nil` labels the data range's ends.
    ///   - yLabel: The y axis caption.
    ///   - width: Drawing width.
    ///   - height: Drawing height.
    /// - Returns: An `<svg>` element.
    public static func line(
        series: [Series],
        markers: [Marker] = [],
        title: String,
        xTicks: [Tick]? = nil,
        yLabel: String = "",
        width: Int = 560,
        height: Int = 260
    ) -> HTML {
        let left = 52.0
        let right = 16.0
        let top = 20.0
        let bottom = series.count > 1 ? 52.0 : 34.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let all = series.flatMap(\.points) + markers.map { Point(x: $0.x, y: $0.y) }
        let finite = all.filter { $0.x.isFinite && $0.y.isFinite }
        let minX = finite.map(\.x).min() ?? 0
        let maxX = finite.map(\.x).max() ?? 1
        let minY = min(0, finite.map(\.y).min() ?? 0)
        let ticks = niceTicks(maximum: (finite.map(\.y).max() ?? 1) - minY, count: 4).map { $0 + minY }
        let maxY = max(ticks.last ?? 1, minY + 1e-9)
        let spanX = maxX > minX ? maxX - minX : 1
        func px(_ x: Double) -> Double { left + (x - minX) / spanX * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - minY) / (maxY - minY) * plotHeight }

        var body: [HTML] = []
        for tick in ticks {
            body.append(
                """
                <line x1="\(left)" x2="\(Double(width) - right)" y1="\(py(tick))" y2="\(py(tick))" stroke="\(gridColor)"/>\
                <text x="\(left - 6)" y="\(py(tick) + 4)" text-anchor="end" font-size="11">\(shortNumber(tick))</text>
                """
            )
        }
        let xLabels =
            xTicks ?? [
                Tick(value: minX, label: shortNumber(minX)), Tick(value: maxX, label: shortNumber(maxX)),
            ]
        for tick in xLabels where tick.value >= minX && tick.value <= maxX {
            // Keep edge labels inside the drawing.
            let x = px(tick.value)
            let anchor: HTML = x < left + 40 ? "start" : x > left + plotWidth - 40 ? "end" : "middle"
            body.append(
                """
                <text x="\(x)" y="\(top + plotHeight + 16)" text-anchor="\(anchor)" font-size="11">\
                \(tick.label)</text>
                """
            )
        }
        body.append(
            """
            <line x1="\(left)" x2="\(Double(width) - right)" y1="\(top + plotHeight)" y2="\(top + plotHeight)" \
            stroke="\(axisColor)"/><text x="4" y="12" font-size="11">\(yLabel)</text>
            """
        )
        for (i, line) in series.enumerated() {
            let color = safeColor(line.color, index: i)
            let points = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            let path = points.map { HTML(trusted: NumberText.compact(px($0.x)) + "," + NumberText.compact(py($0.y))) }
            if points.count > 1 {
                body.append(
                    """
                    <polyline fill="none" stroke="\(color)" stroke-width="2" stroke-linejoin="round" \
                    points="\(path.joined(separator: " "))"/>
                    """
                )
            }
            if points.count <= 40 {
                for point in points {
                    body.append("<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"3\" fill=\"\(color)\"/>")
                }
            }
            if series.count > 1 {
                let lx = left + Double(i % 4) * (plotWidth / 4)
                let ly = Double(height) - 10 - Double(i / 4) * 16
                body.append(
                    """
                    <rect x="\(lx)" y="\(ly - 9)" width="12" height="4" fill="\(color)"/>\
                    <text x="\(lx + 16)" y="\(ly - 3)" font-size="11">\(line.name)</text>
                    """
                )
            }
        }
        for marker in markers where marker.x.isFinite && marker.y.isFinite {
            let color = safeColor(marker.color ?? "#d64545", index: 3)
            let x = px(marker.x)
            let anchor: HTML = x > left + plotWidth * 0.75 ? "end" : "start"
            let dx = x > left + plotWidth * 0.75 ? -9.0 : 9.0
            body.append(
                """
                <circle cx="\(x)" cy="\(py(marker.y))" r="6" fill="none" stroke="\(color)" stroke-width="2"/>\
                <text x="\(x + dx)" y="\(py(marker.y) - 8)" text-anchor="\(anchor)" fill="\(color)" font-size="11" \
                font-weight="600">\(marker.label)</text>
                """
            )
        }
        return open(width: width, height: height, title: title) + body.joined() + close
    }

    /// A scatter plot of one or more series, by default on log–log axes (followers vs following).
    ///
    /// On a log scale, values below 1 are drawn at 1; decades are labelled `1`, `10`, `100`, `1k`, ….
    ///
    /// - Parameters:
    ///   - series: The groups of points (e.g. one per audience category), drawn in order.
    ///   - title: The accessible title.
    ///   - xLabel: The x axis caption.
    ///   - yLabel: The y axis caption.
    ///   - logScale: Log-10 axes (`true`) or linear ones.
    ///   - width: Drawing width.
    ///   - height: Drawing height.
    /// - Returns: An `<svg>` element.
    public static func scatter(
        _ series: [Series],
        title: String,
        xLabel: String,
        yLabel: String,
        logScale: Bool = true,
        width: Int = 560,
        height: Int = 340
    ) -> HTML {
        let left = 52.0
        let right = 16.0
        let top = 16.0
        let bottom = 62.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        func transform(_ v: Double) -> Double { logScale ? log10(max(v, 1)) : v }
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let maxX = max(1, (points.map { transform($0.x) }.max() ?? 1).rounded(.up))
        let maxY = max(1, (points.map { transform($0.y) }.max() ?? 1).rounded(.up))
        let xTicks = logScale ? stride(from: 0.0, through: maxX, by: 1).map { $0 } : niceTicks(maximum: maxX)
        let yTicks = logScale ? stride(from: 0.0, through: maxY, by: 1).map { $0 } : niceTicks(maximum: maxY)
        let xMax = xTicks.last ?? maxX
        let yMax = yTicks.last ?? maxY
        func px(_ v: Double) -> Double { left + v / xMax * plotWidth }
        func py(_ v: Double) -> Double { top + plotHeight - v / yMax * plotHeight }
        func label(_ v: Double) -> String { logScale ? shortNumber(pow(10, v)) : shortNumber(v) }

        var body: [HTML] = []
        for tick in yTicks {
            body.append(
                """
                <line x1="\(left)" x2="\(Double(width) - right)" y1="\(py(tick))" y2="\(py(tick))" stroke="\(gridColor)"/>\
                <text x="\(left - 6)" y="\(py(tick) + 4)" text-anchor="end" font-size="11">\(label(tick))</text>
                """
            )
        }
        for tick in xTicks {
            body.append(
                """
                <line x1="\(px(tick))" x2="\(px(tick))" y1="\(top)" y2="\(top + plotHeight)" stroke="\(gridColor)"/>\
                <text x="\(px(tick))" y="\(top + plotHeight + 16)" text-anchor="middle" font-size="11">\(label(tick))</text>
                """
            )
        }
        body.append(
            """
            <text x="\(left + plotWidth / 2)" y="\(top + plotHeight + 32)" text-anchor="middle" font-size="11">\
            \(xLabel)</text><text transform="translate(12 \(top + plotHeight / 2)) rotate(-90)" text-anchor="middle" \
            font-size="11">\(yLabel)</text>
            """
        )
        for (i, group) in series.enumerated() {
            let color = safeColor(group.color, index: i)
            for point in group.points where point.x.isFinite && point.y.isFinite {
                body.append(
                    """
                    <circle cx="\(px(transform(point.x)))" cy="\(py(transform(point.y)))" r="3.5" fill="\(color)" \
                    fill-opacity="0.7"/>
                    """
                )
            }
            let lx = left + Double(i % 5) * (plotWidth / 5)
            body.append(
                """
                <circle cx="\(lx + 5)" cy="\(Double(height) - 10)" r="5" fill="\(color)"/>\
                <text x="\(lx + 14)" y="\(Double(height) - 6)" font-size="11">\(group.name)</text>
                """
            )
        }
        return open(width: width, height: height, title: title) + body.joined() + close
    }
}
