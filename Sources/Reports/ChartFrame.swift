import Foundation

/// Marker shapes for scatter groups and line markers.
public enum MarkerShape: Sendable, Equatable, CaseIterable {
    case circle, square, diamond, triangle

    /// SVG element for a marker centred on (x, y) with "radius" r.
    func svg(x: Double, y: Double, r: Double, attributes: String) -> String {
        let attributes = attributes.isEmpty ? "" : " " + attributes
        switch self {
        case .circle:
            return "<circle cx=\"\(coord(x))\" cy=\"\(coord(y))\" r=\"\(coord(r))\"\(attributes)/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(coord(x - s))\" y=\"\(coord(y - s))\" width=\"\(coord(2 * s))\" height=\"\(coord(2 * s))\"\(attributes)/>"
        case .diamond:
            let s = r * 1.25
            return "<path d=\"M\(coord(x)) \(coord(y - s))L\(coord(x + s)) \(coord(y))L\(coord(x)) \(coord(y + s))L\(coord(x - s)) \(coord(y))Z\"\(attributes)/>"
        case .triangle:
            let s = r * 1.3
            return "<path d=\"M\(coord(x)) \(coord(y - s))L\(coord(x + s * 0.95)) \(coord(y + s * 0.7))L\(coord(x - s * 0.95)) \(coord(y + s * 0.7))Z\"\(attributes)/>"
        }
    }
}

/// One legend entry.
struct LegendItem {
    enum Swatch {
        case line(color: String, dash: Bool, band: Bool, marker: Bool)
        case box(color: String, opacity: Double)
        case marker(MarkerShape, color: String)
    }
    let name: String
    let swatch: Swatch
    var width: Double { 22 + textWidth(name, fontSize: 12.5) + 16 }
}

/// Layout of a chart: outer size, plot rectangle, title and legend placement.
struct ChartLayout {
    let width: Double
    let height: Double
    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double
    let title: String?
    let legendRows: [[(item: LegendItem, x: Double)]]
    let legendTop: Double

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }

    /// Lays out a chart whose y tick labels are `yLabels` and x tick labels `xLabels`.
    init(
        width: Double, height: Double, title: String?, legend: [LegendItem], yLabels: [String], yTitle: String,
        xLabels: [String], xTitle: String, xLabelLines: Int = 1, xLabelHeight: Double? = nil, minLeft: Double = 0,
        extraTop: Double = 0
    ) {
        self.width = max(width, 160)
        self.height = max(height, 120)
        self.title = (title?.isEmpty ?? true) ? nil : title
        let yLabelWidth = yLabels.map { textWidth($0, fontSize: 12) }.max() ?? 0
        let left = max(minLeft, 12 + (yTitle.isEmpty ? 0 : 22) + yLabelWidth + 8)
        let lastX = xLabels.last.map { textWidth($0, fontSize: 12) / 2 + 6 } ?? 0
        let right = self.width - max(18, lastX)
        var top: Double = 12
        if self.title != nil { top += 26 }
        // Legend rows, aligned with the plot's left edge.
        var rows: [[(LegendItem, Double)]] = []
        var current: [(LegendItem, Double)] = []
        var x = left
        for item in legend {
            if !current.isEmpty && x + item.width - 18 > self.width - 12 {
                rows.append(current)
                current = []
                x = left
            }
            current.append((item, x))
            x += item.width
        }
        if !current.isEmpty { rows.append(current) }
        self.legendRows = rows.map { $0.map { (item: $0.0, x: $0.1) } }
        self.legendTop = top
        top += Double(rows.count) * 20 + (rows.isEmpty ? 0 : 4)
        top += 8 + extraTop
        let bottomMargin = 10 + (xLabelHeight ?? 18 * Double(max(1, xLabelLines))) + (xTitle.isEmpty ? 0 : 22)
        self.plotLeft = left
        self.plotRight = max(right, left + 40)
        self.plotTop = top
        self.plotBottom = max(self.height - bottomMargin, top + 40)
    }

    /// Writes the title and legend.
    func drawTitleAndLegend(_ w: inout SVGWriter) {
        if let title {
            w.text(title, x: 12, y: 27, size: 15, fill: Palette.text, weight: "600")
        }
        for (r, row) in legendRows.enumerated() {
            let cy = legendTop + Double(r) * 20 + 10
            for (item, x) in row {
                switch item.swatch {
                case let .line(color, dash, band, marker):
                    if band { w.rect(x, cy - 6, 18, 12, fill: color, extra: "fill-opacity=\"0.18\"") }
                    w.line(x, cy, x + 18, cy, stroke: color, width: 2.5, extra: dash ? "stroke-dasharray=\"5 3\"" : "")
                    if marker { w.raw("<circle cx=\"\(coord(x + 9))\" cy=\"\(coord(cy))\" r=\"3\" fill=\"\(color)\"/>") }
                case let .box(color, opacity):
                    w.rect(x + 2, cy - 6, 14, 12, fill: color, extra: "rx=\"2\"" + (opacity < 1 ? " fill-opacity=\"\(coord(opacity))\"" : ""))
                case let .marker(shape, color):
                    w.raw(shape.svg(x: x + 9, y: cy, r: 4.5, attributes: "fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"0.8\""))
                }
                w.text(item.name, x: x + 24, y: cy + 4.4, size: 12.5, fill: Palette.text)
            }
        }
    }

    /// Writes grid lines, axis lines, ticks, tick labels and axis titles for numeric axes.
    func drawAxes(_ w: inout SVGWriter, x: ResolvedAxis?, y: ResolvedAxis) {
        // Horizontal grid + y labels.
        for (v, label) in zip(y.ticks, y.labels) {
            guard let u = y.unit(v) else { continue }
            let py = plotBottom - u * plotHeight
            if abs(py - plotBottom) > 0.5 { w.line(plotLeft, py, plotRight, py, stroke: Palette.grid) }
            w.text(label, x: plotLeft - 8, y: py + 4, size: 12, anchor: "end", fill: Palette.mutedText)
        }
        if let x {
            for (v, label) in zip(x.ticks, x.labels) {
                guard let u = x.unit(v) else { continue }
                let px = plotLeft + u * plotWidth
                if abs(px - plotLeft) > 0.5 { w.line(px, plotTop, px, plotBottom, stroke: Palette.grid) }
                w.line(px, plotBottom, px, plotBottom + 4, stroke: Palette.axis)
                w.text(label, x: px, y: plotBottom + 18, size: 12, anchor: "middle", fill: Palette.mutedText)
            }
            w.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: Palette.axis)
            if !x.axis.displayTitle.isEmpty {
                w.text(x.axis.displayTitle, x: (plotLeft + plotRight) / 2, y: height - 12, size: 13.5, anchor: "middle", fill: Palette.text)
            }
        }
        w.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: Palette.axis)
        if !y.axis.displayTitle.isEmpty {
            let cx: Double = 12 + 10
            w.text(y.axis.displayTitle, x: cx, y: (plotTop + plotBottom) / 2, size: 13.5, anchor: "middle", fill: Palette.text, rotate: -90)
        }
    }

    func px(_ axis: ResolvedAxis, _ v: Double) -> Double? { axis.unit(v).map { plotLeft + $0 * plotWidth } }
    func py(_ axis: ResolvedAxis, _ v: Double) -> Double? { axis.unit(v).map { plotBottom - $0 * plotHeight } }
}

/// A message drawn in the middle of an empty chart.
func emptyNote(_ w: inout SVGWriter, _ layout: ChartLayout, _ text: String = "No data") {
    w.text(text, x: (layout.plotLeft + layout.plotRight) / 2, y: (layout.plotTop + layout.plotBottom) / 2,
           size: 13, anchor: "middle", fill: Palette.mutedText)
}
