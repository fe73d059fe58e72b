import Foundation
import Testing
@testable import Reports

@Suite("SVG charts")
struct ChartTests {
    let nasty = "<b>Loss & \"gain\"</b>"

    @Test func lineChartIsWellFormedAndEscaped() throws {
        let x = (1...20).map(Double.init)
        let chart = LineChart(
            title: nasty, x: Axis("Epoch <n>"), y: Axis("Top-10 & share", format: .percent(0)),
            series: [LineSeries(meanOf: "GNN2GNN <mine>", x: x, runs: [x.map { $0 * 2 }, x.map { $0 * 2.5 }, x.map { $0 * 1.5 }]),
                     LineSeries("Random", y: x.map { _ in 0.3 }, dashed: true)],
            references: [ReferenceLine(y: 55, label: "optimum < 55 & more")])
        let svg = chart.svg()
        #expect(xmlError(svg) == nil)
        #expect(svg.contains("&lt;b&gt;Loss &amp; &quot;gain&quot;&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("viewBox=\"0 0 640 400\""))
        #expect(svg.contains("fill-opacity=\"0.16\""), "band drawn")
        #expect(svg.contains("stroke-dasharray=\"6 4\""), "reference line drawn")
        #expect(!hasBadNumbers(svg))
    }

    @Test func lineChartDegenerateInputs() {
        let cases: [[LineSeries]] = [
            [],
            [LineSeries("empty", x: [], y: [])],
            [LineSeries("one", x: [3], y: [0.5])],
            [LineSeries("flat", x: [1, 2, 3], y: [7, 7, 7])],
            [LineSeries("gaps", x: [1, 2, 3, 4], y: [.nan, 1, .nan, 2])],
            [LineSeries("blank", x: [1, 2], y: [.nan, .nan])],
            [LineSeries("inf", x: [1, .infinity, 3], y: [1, 2, -.infinity])],
            [LineSeries("huge", x: [1e-9, 1, 1e12], y: [-1e200, 0, 1e200])],
            [LineSeries("mismatch", x: [1, 2, 3], y: [1], lower: [0], upper: [2, 3, 4, 5])],
            [LineSeries("", x: [0, 1], y: [0, 1])],
        ]
        for series in cases {
            for scale in [AxisScale.linear, .log] {
                let svg = LineChart(title: "t", x: Axis("x", scale: scale), y: Axis("y", scale: scale), series: series).svg()
                #expect(xmlError(svg) == nil, "\(series.map(\.name)) \(scale)")
                #expect(!hasBadNumbers(svg), "\(series.map(\.name)) \(scale)")
            }
        }
        // A share that is 0 everywhere gets 0–100%, not ±50,000% (integer ticks are for counts).
        let zeros = ResolvedAxis(Axis("share", format: .fractionAsPercent(1), includeZero: true), values: [0, 0, 0])
        #expect(zeros.lo == 0 && zeros.hi == 1, "\(zeros.lo)...\(zeros.hi)")
        let counts = ResolvedAxis(Axis("epoch"), values: [1, 2, 3])
        #expect(counts.step >= 1)
        let fixed = LineChart(x: Axis(range: 0...10), y: Axis(range: 5...5), series: [LineSeries("a", y: [1, 50, 3])]).svg()
        #expect(xmlError(fixed) == nil)
        #expect(fixed.contains("clip-path"))
    }

    @Test func aReferenceLabelNearTheTopGetsRoomAboveItsLine() throws {
        // Curves climbing to just under the optimum, as in the budget chart.
        let chart = LineChart(x: Axis("queries"), y: Axis("best"),
                              series: [LineSeries("a", y: [85, 92, 94, 94.3, 94.3]), LineSeries("b", y: [90, 93, 94.2, 94.3, 94.37])],
                              references: [ReferenceLine(y: 94.37, label: "optimum 94.37")])
        let svg = chart.svg()
        func number(after marker: String, in text: Substring) -> Double? {
            guard let r = text.range(of: marker) else { return nil }
            return Double(text[r.upperBound...].prefix { $0 != "\"" })
        }
        let line = try #require(svg.components(separatedBy: "<line").first { $0.contains("stroke-dasharray=\"6 4\"") })
        let lineY = try #require(number(after: "y1=\"", in: Substring(line)))
        let label = try #require(svg.components(separatedBy: "<text").first { $0.contains(">optimum 94.37<") })
        let labelY = try #require(number(after: "y=\"", in: Substring(label)))
        #expect(labelY < lineY, "label at y = \(labelY), its line at \(lineY)")
    }

    @Test func meanOfRunsComputesMeanAndStd() {
        let s = LineSeries(meanOf: "m", x: [1, 2], runs: [[1, 10], [3, .nan], [5]])
        #expect(s.y == [3, 10])
        #expect(abs(s.upper![0] - 5) < 1e-12 && abs(s.lower![0] - 1) < 1e-12)
        #expect(s.upper![1] == 10)
    }

    @Test func scatterChartWithLargeBackgroundStaysSmall() {
        var rng = LCG(11)
        let n = 400_000
        var bx: [Double] = [], by: [Double] = []
        bx.reserveCapacity(n); by.reserveCapacity(n)
        for _ in 0..<n {
            let p = pow(10, 5 + rng.next() * 2.5)
            bx.append(p)
            by.append(min(95, 70 + 25 * pow(rng.next(), 0.3) - rng.next() * 10))
        }
        let gx = (0..<1000).map { _ in pow(10, 5.5 + rng.next()) }
        let gy = (0..<1000).map { _ in 90 + rng.next() * 5 }
        let svg = ScatterChart(title: "Accuracy vs parameters & <size>", x: Axis("Parameters", scale: .log), y: Axis("Accuracy (%)"),
                               background: ScatterGroup("NAS-Bench-101", x: bx, y: by),
                               groups: [ScatterGroup("GNN2GNN", x: gx, y: gy), ScatterGroup("Random", x: [2e5], y: [.nan])]).svg()
        #expect(svg.utf8.count < 1_000_000, "\(svg.utf8.count) bytes")
        #expect(xmlError(svg) == nil)
        #expect(svg.contains("(n = 400,000)"))
        #expect(!hasBadNumbers(svg))
        // The drawn axis title says the axis is logarithmic; the linear one does not.
        #expect(svg.contains(">Parameters (log scale)<"))
        #expect(svg.contains(">Accuracy (%)<") && !svg.contains("Accuracy (%) (log scale)"))
    }

    @Test func scatterChartSmallAndDegenerate() {
        let small = ScatterChart(x: Axis("x"), y: Axis("y"), background: ScatterGroup("all", x: [1, 2, 3], y: [1, 2, 3]),
                                 groups: [ScatterGroup("g", x: [2, 2, 2], y: [2, 2, 2])]).svg()
        #expect(xmlError(small) == nil)
        #expect(small.components(separatedBy: "<circle").count == 3, "legend marker + duplicates drawn once")
        let cases: [ScatterChart] = [
            ScatterChart(groups: []),
            ScatterChart(groups: [ScatterGroup("a", x: [], y: [])]),
            ScatterChart(x: Axis(scale: .log), groups: [ScatterGroup("neg", x: [-1, 0], y: [1, 2])]),
            ScatterChart(groups: [ScatterGroup("one", x: [5], y: [5])]),
            ScatterChart(groups: [ScatterGroup("holes", x: [.nan, 1], y: [1, .nan])]),
            ScatterChart(x: Axis(range: 0...1), groups: [ScatterGroup("outside", x: [5, 0.5], y: [1, 1])]),
        ]
        for c in cases {
            let svg = c.svg()
            #expect(xmlError(svg) == nil)
            #expect(!hasBadNumbers(svg))
        }
    }

    @Test func barChart() {
        let chart = BarChart(title: "Top-k share", categories: ["top 5%", "top 10%", "top 20%", "top 50%", "exists & valid"],
                             y: Axis("Share of generated cells", format: .percent(0)),
                             series: [BarSeries("GNN2GNN", values: [20, 35, 52, 80, 97], errors: [2, 3, 4, 2, 1]),
                                      BarSeries("Random <p=0.5>", values: [0.1, 0.3, 1.2, 6, 39]),
                                      BarSeries("Uniform", values: [5, 10, 20, 50, 100])])
        let svg = chart.svg()
        #expect(xmlError(svg) == nil)
        #expect(svg.contains("Random &lt;p=0.5&gt;"))
        #expect(svg.contains(">35%</text>"))
        #expect(!hasBadNumbers(svg))
    }

    @Test func barChartDegenerate() {
        let cases: [BarChart] = [
            BarChart(categories: [], series: []),
            BarChart(categories: ["a"], series: []),
            BarChart(categories: ["a", "b"], series: [BarSeries("s", values: [])]),
            BarChart(categories: ["a", "b"], series: [BarSeries("s", values: [.nan, 0])]),
            BarChart(categories: ["a", "b"], series: [BarSeries("s", values: [0, 0])]),
            BarChart(categories: ["a", "b"], series: [BarSeries("neg", values: [-3, 2], errors: [1, .nan])]),
            BarChart(categories: ["x"], series: [BarSeries("huge", values: [1e300])]),
            BarChart(categories: (0..<12).map { "category number \($0)" },
                     series: (0..<8).map { s in BarSeries("s\(s)", values: (0..<12).map { Double($0 * s) + 0.123 }) }),
        ]
        for c in cases {
            let svg = c.svg()
            #expect(xmlError(svg) == nil, "\(c.series.map(\.name))")
            #expect(!hasBadNumbers(svg))
        }
    }
}
