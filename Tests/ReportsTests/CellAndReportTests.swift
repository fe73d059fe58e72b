import Foundation
import NASBench
import Testing
@testable import Reports

let nb101Ops = ["conv1x1-bn-relu", "conv3x3-bn-relu", "maxpool3x3"]

/// A cell from edges and middle labels (input and output added).
func makeCell(_ n: Int, _ edges: [(Int, Int)], _ middle: [Int]) -> Cell {
    var rows = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
    for (a, b) in edges { rows[a][b] = 1 }
    return Cell(adjacency: rows, labels: [Cell.inputLabel] + middle + [Cell.outputLabel])
}

@Suite("Cell drawings")
struct CellDrawingTests {
    @Test func inceptionLikeCell() {
        let cell = makeCell(7, [(0, 1), (0, 2), (0, 3), (0, 4), (1, 5), (2, 5), (3, 5), (4, 6), (5, 6)], [0, 1, 1, 2, 0])
        let svg = CellDrawing.svg(cell: cell, operationNames: nb101Ops, caption: "94.37% · top <0.1%> & best")
        #expect(xmlError(svg) == nil)
        #expect(svg.contains("conv 3×3") && svg.contains("max-pool 3×3") && svg.contains("input") && svg.contains("output"))
        #expect(svg.contains("top &lt;0.1%&gt; &amp; best"))
        // One arrowhead per edge.
        let heads = svg.components(separatedBy: "Z\"/>").count - 1
        #expect(heads == cell.edgeCount)
    }

    @Test func smallAndDegenerateCells() {
        let cells = [
            makeCell(2, [(0, 1)], []),
            makeCell(3, [(0, 1), (1, 2), (0, 2)], [2]),
            makeCell(2, [], []),
            makeCell(4, [(0, 1), (2, 3)], [0, 7]),  // dangling node, unknown op index
            Cell(nodeCount: 0, adjacency: [], labels: []),
        ]
        for c in cells {
            let svg = CellDrawing.svg(cell: c, operationNames: nb101Ops, caption: nil)
            #expect(xmlError(svg) == nil)
            #expect(!hasBadNumbers(svg))
        }
    }

    @Test func randomCellsUpToEightNodes() {
        var rng = LCG(42)
        for _ in 0..<150 {
            let n = 2 + rng.int(7)
            var edges: [(Int, Int)] = []
            for i in 0..<n { for j in (i + 1)..<n where rng.next() < 0.45 { edges.append((i, j)) } }
            let cell = makeCell(n, edges, (0..<(n - 2)).map { _ in rng.int(5) })
            let svg = CellDrawing.svg(cell: cell, operationNames: ["nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "none"],
                                      caption: "cell\nsecond line")
            #expect(xmlError(svg) == nil)
            #expect(!hasBadNumbers(svg))
        }
    }

    @Test func displayNames() {
        #expect(CellDrawing.displayName("conv3x3-bn-relu") == "conv 3×3")
        #expect(CellDrawing.displayName("nor_conv_1x1") == "conv 1×1")
        #expect(CellDrawing.displayName("avg_pool_3x3") == "avg-pool 3×3")
        #expect(CellDrawing.displayName("maxpool3x3") == "max-pool 3×3")
        #expect(CellDrawing.displayName("skip_connect") == "skip")
        #expect(CellDrawing.displayName("mystery") == "mystery")
    }
}

@Suite("Tables and HTML")
struct ReportTests {
    func table() -> ReportTable {
        var t = ReportTable(caption: "Quality <NB201> & more", columns: [
            .init("Method"), .init("Validity", better: .higher, format: .percent(1)),
            .init("Top-10%", better: .higher, format: .percent(1)), .init("Queries", better: .lower, format: .integer),
            .init("Note"),
        ])
        t.addRow(["GNN2GNN", 99.8, .mean(41.2, std: 3.1), 12_000, "ours"])
        t.addRow(["Random", 100, .mean(0.3, std: 0.1), 0, .empty])
        t.addRow(["Uniform", 100.04, .mean(10, std: .nan), .number(.nan), "a < b"])
        t.addRow(["Short row"])
        return t
    }

    @Test func bestPerColumn() {
        let t = table()
        #expect(t.bestRows(column: 0).isEmpty)
        #expect(t.bestRows(column: 1) == [1, 2], "100.0% and 100.04% display the same")
        #expect(t.bestRows(column: 2) == [0])
        #expect(t.bestRows(column: 3) == [1], "lower is better")
        #expect(t.bestRows(column: 4).isEmpty)
        #expect(t.bestRows(column: 99).isEmpty)
        var single = ReportTable(columns: [.init("x", better: .higher)])
        single.addRow([1])
        #expect(single.bestRows(column: 0).isEmpty)
    }

    @Test func tableHTMLAndMarkdown() {
        let html = table().html()
        #expect(xmlError("<root>" + html + "</root>") == nil)
        #expect(html.contains("<td class=\"num best\"><strong>41.2%</strong><span class=\"std\">\u{00A0}±\u{00A0}3.1%</span></td>"))
        #expect(html.contains("<td class=\"num\">12,000</td>"))
        #expect(html.contains("<td class=\"num best\"><strong>0</strong></td>"))
        #expect(html.contains("a &lt; b"))
        #expect(html.contains("Quality &lt;NB201&gt; &amp; more"))
        // The caption stands outside the scrolling wrapper, and the table points at it.
        let captionTag = html.components(separatedBy: "<div class=\"table-wrap\">")[0]
        #expect(captionTag.hasPrefix("<p class=\"table-caption\" id=\"table-"))
        let id = captionTag.components(separatedBy: "id=\"")[1].components(separatedBy: "\"")[0]
        #expect(html.contains("<table aria-describedby=\"\(id)\">"), "five columns: std beside its mean, not stacked")
        #expect(html.contains("<th class=\"num\" title=\"higher is better\">Top\u{2011}10% ↑</th>"), "non-breaking hyphen")
        let md = table().markdown()
        #expect(md.contains("| GNN2GNN | 99.8% | **41.2%** ± 3.1% | 12,000 | ours |"))
        #expect(md.contains("| --- | ---: | ---: | ---: | --- |"))
    }

    @Test func wideTablesOfMeansStackEachStdUnderItsMean() {
        var wide = ReportTable(columns: [.init("Method")] + (1...7).map { .init("m\($0)", format: .percent(1)) })
        wide.addRow([.text("a")] + (1...7).map { .mean(Double($0), std: 0.5) })
        #expect(wide.html().contains("<table class=\"stacked\">"))
        var plain = ReportTable(columns: [.init("Method")] + (1...7).map { .init("m\($0)", format: .percent(1)) })
        plain.addRow([.text("a")] + (1...7).map { .number(Double($0)) })
        #expect(plain.html().contains("<table>"), "no std to stack")
        #expect(HTMLReport.css.contains("table.stacked .std { display: block; }"))
    }

    @Test func fullReportIsWellFormed() {
        var r = HTMLReport(title: "Report <1> & co", subtitle: "NB201 & CIFAR-10", metadata: [("Seed", "0"), ("Note", "a<b")],
                           footer: "Generated by `gnn2gnn`")
        r.section("Training")
        r.paragraph("Losses **per epoch** with `code` & <tags>.")
        r.figure(Figure(LineChart(series: [LineSeries("a", y: [1, 2, 3])]).svg(), caption: "Figure & caption"))
        r.section("Metrics")
        r.table(table())
        r.bullets(["one", "two < three"])
        r.section("Cells")
        r.cellGrid([Figure(CellDrawing.svg(cell: makeCell(3, [(0, 1), (1, 2)], [1]), operationNames: nb101Ops, caption: "90%"))])
        r.figures([Figure("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")])
        r.code("gnn2gnn train --space nb201 > out.txt")
        let html = r.html()
        #expect(xmlError(html) == nil)
        #expect(html.contains("<title>Report &lt;1&gt; &amp; co</title>"))
        #expect(html.contains("href=\"#s3\""))
        #expect(!html.contains("<?xml"))
        #expect(html.contains("<strong>per epoch</strong>") && html.contains("&lt;tags&gt;"))
        #expect(!html.contains("<script"))
    }
}
