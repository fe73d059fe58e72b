import Foundation

/// One series of a grouped bar chart: a value (and optional error) per category.
public struct BarSeries: Sendable, Equatable {
    /// Legend name.
    public var name: String
    /// One value per category (NaN: no bar).
    public var values: [Double]
    /// Optional half-height of an error bar per category (e.g. std over seeds).
    public var errors: [Double]?
    /// CSS colour; nil picks the palette colour of the series' position.
    public var color: String?

    /// Usage: `BarSeries("GNN2GNN", values: [31, 45, 60, 88, 97], errors: [2, 3, 2, 1, 0.5])`.
    public init(_ name: String, values: [Double], errors: [Double]? = nil, color: String? = nil) {
        self.name = name
        self.values = values
        self.errors = errors
        self.color = color
    }
}

/// Grouped bars: categories along x, one bar per series in each group, optional error bars and value labels.
///
///     let svg = BarChart(title: "Share of generated cells in the top k%",
///                        categories: ["top 5%", "top 10%", "top 20%"], y: Axis("Share", format: .percent(0)),
///                        series: [BarSeries("GNN2GNN", values: [20, 35, 52]),
///                                 BarSeries("Random", values: [0.1, 0.3, 1.2])]).svg()
public struct BarChart: Sendable, Equatable {
    /// Chart title (optional).
    public var title: String?
    /// Category labels along x.
    public var categories: [String]
    /// Title under the categories (optional).
    public var xTitle: String
    /// Value axis (always includes zero; log scale is not supported and is treated as linear).
    public var yAxis: Axis
    /// The series; each has one value per category.
    public var series: [BarSeries]
    /// Write each bar's value above it.
    public var valueLabels: Bool
    /// Format of value labels (defaults to the axis format).
    public var valueFormat: NumberFormat?
    /// Size in CSS pixels.
    public var width: Double
    public var height: Double

    public init(
        title: String? = nil, categories: [String], xTitle: String = "", y: Axis = Axis(), series: [BarSeries],
        valueLabels: Bool = true, valueFormat: NumberFormat? = nil, width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.categories = categories
        self.xTitle = xTitle
        self.yAxis = y
        self.series = series
        self.valueLabels = valueLabels
        self.valueFormat = valueFormat
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var axis = yAxis
        axis.scale = .linear
        axis.includeZero = true
        let nCat = categories.count
        let nSer = max(1, series.count)
        var values: [Double] = []
        var top = 0.0, bottom = 0.0
        for s in series {
            for c in 0..<min(nCat, s.values.count) where s.values[c].isFinite {
                let e = s.errors.flatMap { c < $0.count && $0[c].isFinite ? abs($0[c]) : nil } ?? 0
                values.append(s.values[c] + e)
                values.append(s.values[c] - e)
                top = max(top, s.values[c] + e)
                bottom = min(bottom, s.values[c] - e)
            }
        }
        func label(_ v: Double) -> String {
            if let valueFormat { return valueFormat.string(v) }
            switch yAxis.format {
            case .percent: return formatAutomaticShort(v) + "%"
            case .fractionAsPercent: return formatAutomaticShort(v * 100) + "%"
            case .automatic: return formatAutomaticShort(v)
            default: return yAxis.format.string(v)
            }
        }
        let legend = series.count > 1 || (series.count == 1 && !series[0].name.isEmpty)
            ? series.enumerated().map { LegendItem(name: $1.name, swatch: .box(color: $1.color ?? Palette.color($0), opacity: 1)) }
            : []

        // Category labels wrap onto up to three lines, or are slanted when they still do not fit.
        let provisional = ChartLayout(width: width, height: height, title: title, legend: legend, yLabels: ["000.0"],
                                      yTitle: yAxis.title, xLabels: [], xTitle: xTitle)
        let groupWidth = nCat > 0 ? provisional.plotWidth / Double(nCat) : provisional.plotWidth
        let wrapped = categories.map { wrap($0, width: groupWidth - 6, fontSize: 12) }
        let widestLine = wrapped.flatMap { $0 }.map { textWidth($0, fontSize: 12) }.max() ?? 0
        let slanted = nCat > 0 && (widestLine > groupWidth - 4 || wrapped.contains { $0.count > 3 })
        let slantedText = categories.map { $0.count > 32 ? String($0.prefix(31)) + "…" : $0 }
        let slantWidth = slantedText.map { textWidth($0, fontSize: 12) }.max() ?? 0
        let angle = 40.0 * .pi / 180
        let lines = slanted ? 1 : min(3, wrapped.map(\.count).max() ?? 1)
        let xLabelHeight: Double? = slanted ? 16 + slantWidth * sin(angle) + 12 * cos(angle) : nil
        let minLeft = slanted ? slantWidth * cos(angle) - groupWidth / 2 + 10 : 0
        let barWidth = min(groupWidth * 0.8 / Double(nSer), 72)
        let showValues = valueLabels && barWidth >= 8
        let longestLabel = values.isEmpty ? 0 : series.flatMap { $0.values.filter(\.isFinite).map { textWidth(label($0), fontSize: 10.5) } }.max() ?? 0
        let rotateLabels = showValues && longestLabel + 2 > barWidth

        struct Bar { let series: Int; let category: Int; let value: Double; let error: Double; let text: String }
        var bars: [Bar] = []
        for (si, s) in series.enumerated() {
            for c in 0..<min(nCat, s.values.count) where s.values[c].isFinite {
                let e = s.errors.flatMap { c < $0.count && $0[c].isFinite ? abs($0[c]) : nil } ?? 0
                bars.append(Bar(series: si, category: c, value: s.values[c], error: e, text: label(s.values[c])))
            }
        }
        /// Whether a rotated label fits inside its bar (beyond the error bar's inner end).
        func inside(_ b: Bar, _ layout: ChartLayout, _ yr: ResolvedAxis) -> Bool {
            guard rotateLabels, b.value != 0, let zero = layout.py(yr, 0),
                  let inner = layout.py(yr, b.value > 0 ? b.value - b.error : b.value + b.error) else { return false }
            return abs(zero - inner) >= textWidth(b.text, fontSize: 10.5) + 10 && (b.value > 0) == (inner < zero)
        }
        func makeLayout(_ yr: ResolvedAxis) -> ChartLayout {
            ChartLayout(width: width, height: height, title: title, legend: legend, yLabels: yr.labels, yTitle: yAxis.title,
                        xLabels: [], xTitle: xTitle, xLabelLines: lines, xLabelHeight: xLabelHeight, minLeft: minLeft)
        }

        // Fit the y axis, then widen it until labels outside the bars fit inside the plot.
        var yr = ResolvedAxis(axis, values: values, target: 6)
        var layout = makeLayout(yr)
        if yAxis.range == nil {
            for _ in 0..<4 {
                var extra: [Double] = []
                for b in bars {
                    let extent = showValues && !inside(b, layout, yr) ? (rotateLabels ? textWidth(b.text, fontSize: 10.5) + 8 : 16) : 0
                    let per = (yr.hi - yr.lo) / layout.plotHeight
                    if b.value >= 0 {
                        let t = b.value + b.error
                        if let py = layout.py(yr, t), py - layout.plotTop < extent { extra.append(t + per * extent) }
                    } else {
                        let t = b.value - b.error
                        if let py = layout.py(yr, t), layout.plotBottom - py < extent { extra.append(t - per * extent) }
                    }
                }
                guard !extra.isEmpty else { break }
                yr = ResolvedAxis(axis, values: values + extra, target: 6)
                layout = makeLayout(yr)
            }
        }
        var w = SVGWriter()
        layout.drawTitleAndLegend(&w)
        layout.drawAxes(&w, x: nil, y: yr)
        if !xTitle.isEmpty {
            w.text(xTitle, x: (layout.plotLeft + layout.plotRight) / 2, y: layout.height - 12, size: 13.5, anchor: "middle")
        }
        guard nCat > 0, !values.isEmpty else {
            emptyNote(&w, layout)
            return w.document(width: layout.width, height: layout.height, title: title)
        }
        let gw = layout.plotWidth / Double(nCat)
        let bw = min(gw * 0.8 / Double(nSer), 72)
        let zero = layout.py(yr, 0) ?? layout.plotBottom
        for c in 0..<nCat {
            let cx = layout.plotLeft + (Double(c) + 0.5) * gw
            if slanted {
                w.text(slantedText[c], x: cx + 4, y: layout.plotBottom + 14, size: 12, anchor: "end", fill: Palette.text, rotate: -40)
            } else {
                for (k, line) in wrapped[c].prefix(3).enumerated() {
                    w.text(line, x: cx, y: layout.plotBottom + 18 + Double(k) * 15, size: 12, anchor: "middle", fill: Palette.text)
                }
            }
        }
        var overlay = SVGWriter()
        for si in series.indices {
            let color = series[si].color ?? Palette.color(si)
            var rects = ""
            for b in bars where b.series == si {
                let v = b.value
                guard let py = layout.py(yr, v) else { continue }
                let x = layout.plotLeft + Double(b.category) * gw + (gw - bw * Double(nSer)) / 2 + Double(si) * bw
                let mx = x + bw / 2
                let y0 = min(py, zero), h = abs(zero - py)
                let inset = bw > 6 ? 0.75 : 0
                rects += "<rect x=\"\(coord(x + inset))\" y=\"\(coord(y0))\" width=\"\(coord(bw - 2 * inset))\" height=\"\(coord(max(h, 0.5)))\"/>\n"
                var outerY = py, innerY = py
                // Error bars end at the axis range (a share's mean + std can pass 100%).
                if b.error > 0, let eTop = layout.py(yr, min(v + b.error, yr.hi)), let eBottom = layout.py(yr, max(v - b.error, yr.lo)) {
                    let cap = min(5, bw * 0.3)
                    overlay.raw("<path d=\"M\(coord(mx)) \(coord(eTop))V\(coord(eBottom))M\(coord(mx - cap)) \(coord(eTop))h\(coord(2 * cap))M\(coord(mx - cap)) \(coord(eBottom))h\(coord(2 * cap))\" stroke=\"#24292f\" stroke-width=\"1.2\" fill=\"none\"/>")
                    outerY = v >= 0 ? eTop : eBottom
                    innerY = v >= 0 ? eBottom : eTop
                }
                guard showValues else { continue }
                if inside(b, layout, yr) {
                    if v > 0 {
                        overlay.text(b.text, x: mx + 3.7, y: innerY + 6, size: 10.5, anchor: "end", fill: textColor(on: color), rotate: -90)
                    } else {
                        overlay.text(b.text, x: mx + 3.7, y: innerY - 6, size: 10.5, fill: textColor(on: color), rotate: -90)
                    }
                } else if rotateLabels {
                    if v >= 0 {
                        overlay.text(b.text, x: mx + 3.7, y: outerY - 4, size: 10.5, fill: Palette.mutedText, rotate: -90)
                    } else {
                        overlay.text(b.text, x: mx + 3.7, y: outerY + 4, size: 10.5, anchor: "end", fill: Palette.mutedText, rotate: -90)
                    }
                } else {
                    overlay.text(b.text, x: mx, y: v >= 0 ? outerY - 4 : outerY + 13, size: 10.5, anchor: "middle", fill: Palette.mutedText)
                }
            }
            if !rects.isEmpty { w.raw("<g fill=\"\(color)\">\n" + rects + "</g>") }
        }
        if bottom < 0 { w.line(layout.plotLeft, zero, layout.plotRight, zero, stroke: Palette.axis) }
        w.raw(overlay.body)
        return w.document(width: layout.width, height: layout.height, title: title)
    }
}

/// Short automatic label for bar values: up to 3 significant digits.
func formatAutomaticShort(_ v: Double) -> String {
    let a = abs(v)
    if a >= 10_000 { return formatCompact(v, decimals: nil) }
    if v == v.rounded() { return formatFixed(v, decimals: 0) }
    let d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
    var s = formatFixed(v, decimals: d)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}

/// Splits `text` into lines no wider than `width` (words longer than a line stay whole).
func wrap(_ text: String, width: Double, fontSize: Double) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if textWidth(candidate, fontSize: fontSize) <= width || current.isEmpty {
            current = candidate
        } else {
            lines.append(current)
            current = String(word)
        }
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
}

/// White or near-black text, whichever reads better on the CSS hex colour `background`.
func textColor(on background: String) -> String {
    let hex = background.hasPrefix("#") ? String(background.dropFirst()) : background
    guard hex.count == 6, let v = Int(hex, radix: 16) else { return "#ffffff" }
    func lin(_ c: Int) -> Double {
        let s = Double(c) / 255
        return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }
    let l = 0.2126 * lin(v >> 16 & 255) + 0.7152 * lin(v >> 8 & 255) + 0.0722 * lin(v & 255)
    return l > 0.3 ? "#1f2328" : "#ffffff"
}
