import Foundation

/// A named group of points in a scatter chart.
public struct ScatterGroup: Sendable, Equatable {
    /// Legend name.
    public var name: String
    /// x values.
    public var x: [Double]
    /// y values.
    public var y: [Double]
    /// CSS colour; nil picks the palette colour of the group's position.
    public var color: String?
    /// Marker shape; nil cycles circle, square, diamond, triangle by position.
    public var shape: MarkerShape?
    /// Marker radius in pixels.
    public var radius: Double

    /// Usage: `ScatterGroup("GNN2GNN", x: params, y: accuracies)`.
    public init(_ name: String, x: [Double], y: [Double], color: String? = nil, shape: MarkerShape? = nil, radius: Double = 3.6) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.shape = shape
        self.radius = radius
    }
}

/// A scatter chart: an optional background cloud (e.g. the whole benchmark, up to hundreds of thousands of
/// points, drawn as a density grid when large so the SVG stays small) and highlighted groups on top.
///
///     let svg = ScatterChart(title: "Accuracy vs parameters", x: Axis("Parameters", scale: .log),
///                            y: Axis("Test accuracy (%)"),
///                            background: ScatterGroup("NAS-Bench-201", x: allParams, y: allAcc),
///                            groups: [ScatterGroup("GNN2GNN", x: genParams, y: genAcc)]).svg()
public struct ScatterChart: Sendable, Equatable {
    /// Chart title (optional).
    public var title: String?
    /// Horizontal axis.
    public var xAxis: Axis
    /// Vertical axis.
    public var yAxis: Axis
    /// Background cloud drawn in grey (its colour and shape are ignored).
    public var background: ScatterGroup?
    /// Highlighted groups, drawn in order over the background.
    public var groups: [ScatterGroup]
    /// Above this many background points, the cloud is drawn as a density grid instead of dots.
    public var maxBackgroundDots: Int
    /// Size in CSS pixels.
    public var width: Double
    public var height: Double

    public init(
        title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), background: ScatterGroup? = nil,
        groups: [ScatterGroup], maxBackgroundDots: Int = 20_000, width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.xAxis = x
        self.yAxis = y
        self.background = background
        self.groups = groups
        self.maxBackgroundDots = maxBackgroundDots
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var xs: [Double] = [], ys: [Double] = []
        let xLog = xAxis.scale == .log, yLog = yAxis.scale == .log
        func plottable(_ x: Double, _ y: Double) -> Bool {
            x.isFinite && y.isFinite && (!xLog || x > 0) && (!yLog || y > 0)
        }
        for g in (background.map { [$0] } ?? []) + groups {
            for i in 0..<min(g.x.count, g.y.count) where plottable(g.x[i], g.y[i]) {
                xs.append(g.x[i]); ys.append(g.y[i])
            }
        }
        let xr = ResolvedAxis(xAxis, values: xs, target: 7)
        let yr = ResolvedAxis(yAxis, values: ys, target: 6)
        var legend: [LegendItem] = []
        if let bg = background {
            let n = zip(bg.x, bg.y).filter { plottable($0, $1) }.count
            legend.append(LegendItem(name: "\(bg.name) (n = \(NumberFormat.integer.string(Double(n))))".trimmingCharacters(in: .whitespaces),
                                     swatch: .box(color: "#b3b9c0", opacity: 1)))
        }
        for (i, g) in groups.enumerated() {
            legend.append(LegendItem(name: g.name, swatch: .marker(g.shape ?? MarkerShape.allCases[i % 4], color: g.color ?? Palette.color(i))))
        }
        let layout = ChartLayout(width: width, height: height, title: title, legend: legend, yLabels: yr.labels,
                                 yTitle: yAxis.displayTitle, xLabels: xr.labels, xTitle: xAxis.displayTitle)
        var w = SVGWriter()
        layout.drawTitleAndLegend(&w)
        layout.drawAxes(&w, x: xr, y: yr)
        if xs.isEmpty { emptyNote(&w, layout) }

        func inside(_ px: Double, _ py: Double) -> Bool {
            px >= layout.plotLeft - 0.5 && px <= layout.plotRight + 0.5 && py >= layout.plotTop - 0.5 && py <= layout.plotBottom + 0.5
        }
        if let bg = background {
            var points: [(Double, Double)] = []
            for i in 0..<min(bg.x.count, bg.y.count) where plottable(bg.x[i], bg.y[i]) {
                if let px = layout.px(xr, bg.x[i]), let py = layout.py(yr, bg.y[i]), inside(px, py) { points.append((px, py)) }
            }
            if points.count <= maxBackgroundDots {
                var seen = Set<Int64>()
                var d = ""
                for (px, py) in points {
                    let key = Int64(px.rounded()) << 32 | Int64(py.rounded())
                    guard seen.insert(key).inserted else { continue }
                    // A circle as a zero-length round-capped line keeps the path compact.
                    d += "M\(coord(px)) \(coord(py))h0"
                }
                w.raw("<path d=\"\(d)\" stroke=\"#aab1b9\" stroke-opacity=\"0.5\" stroke-width=\"3.2\" stroke-linecap=\"round\" fill=\"none\"/>")
            } else {
                w.raw(densityGrid(points, layout: layout))
            }
        }
        for (i, g) in groups.enumerated() {
            let color = g.color ?? Palette.color(i)
            let shape = g.shape ?? MarkerShape.allCases[i % 4]
            var seen = Set<Int64>()
            var marks = ""
            for k in 0..<min(g.x.count, g.y.count) where plottable(g.x[k], g.y[k]) {
                guard let px = layout.px(xr, g.x[k]), let py = layout.py(yr, g.y[k]), inside(px, py) else { continue }
                let key = Int64((px * 2).rounded()) << 32 | Int64((py * 2).rounded())
                guard seen.insert(key).inserted else { continue }
                marks += shape.svg(x: px, y: py, r: g.radius, attributes: "") + "\n"
            }
            if !marks.isEmpty {
                w.raw("<g fill=\"\(color)\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.8\">")
                w.raw(marks)
                w.raw("</g>")
            }
        }
        return w.document(width: layout.width, height: layout.height, title: title)
    }

    /// Bins pixel positions into 2-px cells and draws one path per density level (light to dark grey),
    /// merging horizontal runs; deterministic and bounded in size by the plot area.
    private func densityGrid(_ points: [(Double, Double)], layout: ChartLayout) -> String {
        let cell = 2.0
        let nx = max(1, Int((layout.plotWidth / cell).rounded(.up)) + 1)
        let ny = max(1, Int((layout.plotHeight / cell).rounded(.up)) + 1)
        var counts = [Int](repeating: 0, count: nx * ny)
        for (px, py) in points {
            let ix = min(nx - 1, max(0, Int((px - layout.plotLeft) / cell)))
            let iy = min(ny - 1, max(0, Int((py - layout.plotTop) / cell)))
            counts[iy * nx + ix] += 1
        }
        let maxCount = counts.max() ?? 1
        let levels = ["#e4e7eb", "#d5d9de", "#c5cad0", "#b3b9c0", "#a0a7af", "#8b939c"]
        func level(_ c: Int) -> Int {
            guard c > 0 else { return -1 }
            if maxCount <= 1 { return 1 }
            let t = log(Double(c)) / log(Double(maxCount))
            return min(levels.count - 1, Int(t * Double(levels.count - 1) + 0.5))
        }
        var paths = [String](repeating: "", count: levels.count)
        for iy in 0..<ny {
            var ix = 0
            while ix < nx {
                let l = level(counts[iy * nx + ix])
                guard l >= 0 else { ix += 1; continue }
                var end = ix + 1
                while end < nx && level(counts[iy * nx + end]) == l { end += 1 }
                let x = layout.plotLeft + Double(ix) * cell
                let y = layout.plotTop + Double(iy) * cell
                let wRun = min(Double(end - ix) * cell, layout.plotRight - x)
                let hRun = min(cell, layout.plotBottom - y)
                if wRun > 0 && hRun > 0 {
                    paths[l] += "M\(coord(x)) \(coord(y))h\(coord(wRun))v\(coord(hRun))h-\(coord(wRun))z"
                }
                ix = end
            }
        }
        var out = "<g stroke=\"none\">"
        for (l, d) in paths.enumerated() where !d.isEmpty {
            out += "\n<path fill=\"\(levels[l])\" d=\"\(d)\"/>"
        }
        return out + "\n</g>"
    }
}
