import Foundation

/// One named series of a line chart, with an optional band (e.g. mean ± std over seeds).
public struct LineSeries: Sendable, Equatable {
    /// Legend name.
    public var name: String
    /// x values.
    public var x: [Double]
    /// y values (NaN breaks the line).
    public var y: [Double]
    /// Lower edge of the band, same length as `x`, or nil.
    public var lower: [Double]?
    /// Upper edge of the band, same length as `x`, or nil.
    public var upper: [Double]?
    /// CSS colour; nil picks the palette colour of the series' position.
    public var color: String?
    /// Dashed stroke.
    public var dashed: Bool
    /// Draw a dot on every point (default: only when there are at most 30 points).
    public var markers: Bool?

    /// A series from x and y values. Usage: `LineSeries("loss D", x: [1, 2, 3], y: [0.7, 0.6, 0.65])`.
    public init(
        _ name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
        color: String? = nil, dashed: Bool = false, markers: Bool? = nil
    ) {
        self.name = name
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.color = color
        self.dashed = dashed
        self.markers = markers
    }

    /// A series with x = 1, 2, 3, … (e.g. epochs). Usage: `LineSeries("top-10", y: top10PerEpoch)`.
    public init(_ name: String, y: [Double], color: String? = nil, dashed: Bool = false) {
        self.init(name, x: y.indices.map { Double($0 + 1) }, y: y, color: color, dashed: dashed)
    }

    /// Mean ± one standard deviation over several runs (one array per seed, aligned on `x`; NaN entries and
    /// runs shorter than `x` are skipped point by point).
    /// Usage: `LineSeries(meanOf: "GNN2GNN", x: queries, runs: bestPerSeed)`.
    public init(meanOf name: String, x: [Double], runs: [[Double]], color: String? = nil, dashed: Bool = false) {
        var mean: [Double] = [], lo: [Double] = [], hi: [Double] = []
        for i in x.indices {
            let values = runs.compactMap { i < $0.count && $0[i].isFinite ? $0[i] : nil }
            guard !values.isEmpty else {
                mean.append(.nan); lo.append(.nan); hi.append(.nan)
                continue
            }
            let m = values.reduce(0, +) / Double(values.count)
            let sd = values.count > 1
                ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
            mean.append(m); lo.append(m - sd); hi.append(m + sd)
        }
        self.init(name, x: x, y: mean, lower: runs.count > 1 ? lo : nil, upper: runs.count > 1 ? hi : nil,
                  color: color, dashed: dashed)
    }
}

/// A horizontal reference line with a label, e.g. the benchmark optimum.
public struct ReferenceLine: Sendable, Equatable {
    /// Value on the y axis.
    public var y: Double
    /// Label drawn at the right end of the line.
    public var label: String
    /// CSS colour.
    public var color: String

    /// Usage: `ReferenceLine(y: 94.37, label: "benchmark optimum 94.37%")`.
    public init(y: Double, label: String, color: String = "#444c56") {
        self.y = y
        self.label = label
        self.color = color
    }
}

/// A line chart of named series with optional seed bands and reference lines.
///
///     let svg = LineChart(title: "Losses", x: Axis("Epoch"), y: Axis("Loss"),
///                         series: [LineSeries("G", y: lossG), LineSeries("D", y: lossD)]).svg()
public struct LineChart: Sendable, Equatable {
    /// Chart title (optional).
    public var title: String?
    /// Horizontal axis.
    public var xAxis: Axis
    /// Vertical axis.
    public var yAxis: Axis
    /// The series, drawn in order (first in the legend first).
    public var series: [LineSeries]
    /// Horizontal reference lines.
    public var references: [ReferenceLine]
    /// Size in CSS pixels (the SVG scales with its `viewBox`).
    public var width: Double
    public var height: Double

    public init(
        title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), series: [LineSeries],
        references: [ReferenceLine] = [], width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.xAxis = x
        self.yAxis = y
        self.series = series
        self.references = references
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let xLog = xAxis.scale == .log, yLog = yAxis.scale == .log
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            let n = min(s.x.count, s.y.count)
            for i in 0..<n where s.x[i].isFinite && (!xLog || s.x[i] > 0) {
                let candidates = [s.y[i], s.lower.flatMap { i < $0.count ? $0[i] : nil } ?? .nan,
                                  s.upper.flatMap { i < $0.count ? $0[i] : nil } ?? .nan]
                var any = false
                for v in candidates where v.isFinite && (!yLog || v > 0) { ys.append(v); any = true }
                if any { xs.append(s.x[i]) }
            }
        }
        for r in references where r.y.isFinite { ys.append(r.y) }
        let xr = ResolvedAxis(xAxis, values: xs, target: 7)
        var yr = ResolvedAxis(yAxis, values: ys, target: 6)
        let legend = series.count > 1 || (series.count == 1 && !series[0].name.isEmpty)
            ? series.enumerated().map { i, s in
                LegendItem(name: s.name, swatch: .line(color: s.color ?? Palette.color(i), dash: s.dashed,
                                                       band: s.lower != nil && s.upper != nil, marker: false))
            } : []
        func makeLayout() -> ChartLayout {
            ChartLayout(width: width, height: height, title: title, legend: legend, yLabels: yr.labels,
                        yTitle: yAxis.displayTitle, xLabels: xr.labels, xTitle: xAxis.displayTitle)
        }
        var layout = makeLayout()
        // A labelled reference line near the top (e.g. a benchmark optimum above curves that approach it)
        // gets room above it for its label, rather than a label written over the curves below it.
        if yAxis.range == nil, yAxis.scale == .linear {
            let crowded = references.filter { !$0.label.isEmpty && $0.y.isFinite }.compactMap { r -> Double? in
                guard let y = layout.py(yr, r.y), y - layout.plotTop <= 16 else { return nil }
                return r.y + (yr.hi - yr.lo) / layout.plotHeight * 20
            }
            if !crowded.isEmpty {
                yr = ResolvedAxis(yAxis, values: ys + crowded, target: 6)
                layout = makeLayout()
            }
        }
        var w = SVGWriter()
        layout.drawTitleAndLegend(&w)
        layout.drawAxes(&w, x: xr, y: yr)

        var content = SVGWriter()
        // Bands first, then reference lines, then lines on top.
        for (i, s) in series.enumerated() {
            guard let lower = s.lower, let upper = s.upper else { continue }
            let color = s.color ?? Palette.color(i)
            let n = min(s.x.count, lower.count, upper.count)
            var runs: [[(Double, Double, Double)]] = [[]]
            for k in 0..<n {
                if let px = layout.px(xr, s.x[k]), let pl = layout.py(yr, lower[k]), let pu = layout.py(yr, upper[k]) {
                    runs[runs.count - 1].append((px, pl, pu))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            for run in runs where run.count >= 2 {
                var d = "M" + run.map { "\(coord($0.0)) \(coord($0.2))" }.joined(separator: "L")
                d += "L" + run.reversed().map { "\(coord($0.0)) \(coord($0.1))" }.joined(separator: "L") + "Z"
                content.raw("<path d=\"\(d)\" fill=\"\(color)\" fill-opacity=\"0.16\" stroke=\"none\"/>")
            }
        }
        for r in references {
            guard let y = layout.py(yr, r.y), y >= layout.plotTop - 0.5, y <= layout.plotBottom + 0.5 else { continue }
            content.line(layout.plotLeft, y, layout.plotRight, y, stroke: r.color, width: 1.5, extra: "stroke-dasharray=\"6 4\"")
        }
        for (i, s) in series.enumerated() {
            let color = s.color ?? Palette.color(i)
            let n = min(s.x.count, s.y.count)
            var d = ""
            var penDown = false
            var points: [(Double, Double)] = []
            for k in 0..<n {
                if let px = layout.px(xr, s.x[k]), let py = layout.py(yr, s.y[k]) {
                    d += (penDown ? "L" : "M") + "\(coord(px)) \(coord(py))"
                    penDown = true
                    points.append((px, py))
                } else {
                    penDown = false
                }
            }
            if !d.isEmpty {
                var attrs = "fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
                if s.dashed { attrs += " stroke-dasharray=\"6 6\"" }
                content.raw("<path d=\"\(d)\" \(attrs)/>")
            }
            // A dashed series has no markers by default, so that a solid series under it (e.g. validity
            // under "in benchmark", both at 100%) keeps its dots and shows through the dash gaps.
            let showMarkers = s.markers ?? (!s.dashed && points.count <= 30)
            // A lone point between gaps would be invisible without a marker.
            if showMarkers || points.count == 1 {
                for (px, py) in points {
                    content.raw("<circle cx=\"\(coord(px))\" cy=\"\(coord(py))\" r=\"3\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1\"/>")
                }
            }
        }
        if content.body.isEmpty {
            emptyNote(&w, layout)
        } else {
            let clip = "clip-" + fnv1a(content.body + (title ?? ""))
            w.raw("<defs><clipPath id=\"\(clip)\"><rect x=\"\(coord(layout.plotLeft - 4))\" y=\"\(coord(layout.plotTop - 4))\" width=\"\(coord(layout.plotWidth + 8))\" height=\"\(coord(layout.plotHeight + 8))\"/></clipPath></defs>")
            w.raw("<g clip-path=\"url(#\(clip))\">")
            w.raw(content.body)
            w.raw("</g>")
        }
        // Reference labels last, above everything, with a white halo.
        for r in references where !r.label.isEmpty {
            guard let y = layout.py(yr, r.y), y >= layout.plotTop - 0.5, y <= layout.plotBottom + 0.5 else { continue }
            let above = y - layout.plotTop > 16
            w.text(r.label, x: layout.plotRight - 4, y: above ? y - 5 : y + 14, size: 11.5, anchor: "end",
                   fill: r.color, halo: true)
        }
        return w.document(width: layout.width, height: layout.height, title: title)
    }
}
