import Foundation
import NASBench

/// Drawings of cells: a DAG laid out left to right by longest-path layers, nodes ordered to reduce
/// crossings, rounded boxes coloured by operation, arrows routed around boxes when they skip layers.
public enum CellDrawing {
    /// The cell as a standalone SVG document with an optional caption below it (lines split on `\n`).
    ///
    ///     CellDrawing.svg(cell: best, operationNames: space.operations, caption: "94.37% · top 0.1%")
    public static func svg(cell: Cell, operationNames: [String], caption: String? = nil) -> String {
        let layout = Layout(cell: cell, operationNames: operationNames)
        return layout.render(caption: caption)
    }

    /// A short display name for an operation: `conv3x3-bn-relu` → `conv 3×3`, `avg_pool_3x3` → `avg-pool 3×3`,
    /// `skip_connect` → `skip`; unknown names are returned unchanged.
    public static func displayName(_ op: String) -> String {
        let lower = op.lowercased()
        let kernel: String? = {
            for k in ["1x1", "3x3", "5x5", "7x7"] where lower.contains(k) { return k.replacingOccurrences(of: "x", with: "×") }
            return nil
        }()
        if lower.contains("conv") {
            let prefix = lower.contains("sep") ? "sep-conv" : lower.contains("dil") ? "dil-conv" : "conv"
            return kernel.map { "\(prefix) \($0)" } ?? prefix
        }
        if lower.contains("pool") {
            let prefix = lower.contains("max") ? "max-pool" : lower.contains("avg") || lower.contains("average") ? "avg-pool" : "pool"
            return kernel.map { "\(prefix) \($0)" } ?? prefix
        }
        if lower.contains("skip") || lower == "identity" { return "skip" }
        return op
    }

    /// Fill, stroke and text colours for an operation name (consistent across search spaces).
    static func style(op: String, index: Int) -> (fill: String, stroke: String, text: String, dashed: Bool) {
        let lower = op.lowercased()
        if lower.contains("conv") && lower.contains("1x1") { return ("#d4efe5", "#009E73", "#0b3d2e", false) }
        if lower.contains("conv") { return ("#d3e5f5", "#0072B2", "#0b2e4a", false) }
        if lower.contains("pool") { return ("#fbe7c6", "#E69F00", "#5a3d00", false) }
        if lower.contains("skip") || lower == "identity" { return ("#eef0f2", "#8c959f", "#32383f", false) }
        if lower == "none" || lower == "zero" { return ("#ffffff", "#8c959f", "#57606a", true) }
        let extra: [(String, String, String)] = [
            ("#f9dccb", "#D55E00", "#5a2300"), ("#f3d9e8", "#CC79A7", "#4f1f3b"), ("#d9eefa", "#56B4E9", "#0f3a52"),
            ("#f7f2c4", "#b8ac00", "#4a4400"),
        ]
        let e = extra[((index % extra.count) + extra.count) % extra.count]
        return (e.0, e.1, e.2, false)
    }

    // MARK: - Layout

    struct Node {
        let id: Int
        let label: String
        let fill: String
        let stroke: String
        let textColor: String
        let dashed: Bool
        let terminal: Bool
        var column = 0
        var x = 0.0
        var y = 0.0
    }

    struct Layout {
        static let boxHeight = 30.0
        static let gapX = 40.0
        static let gapY = 22.0
        static let margin = 14.0

        var nodes: [Node]
        var edges: [(Int, Int)]
        var columns: [[Int]]
        var columnWidths: [Double] = []

        init(cell: Cell, operationNames: [String]) {
            let n = cell.nodeCount
            var nodes: [Node] = []
            for i in 0..<n {
                let label = i < cell.labels.count ? cell.labels[i] : 0
                if label == Cell.inputLabel || (i == 0 && label < 0) {
                    nodes.append(Node(id: i, label: "input", fill: "#24292f", stroke: "#24292f", textColor: "#ffffff", dashed: false, terminal: true))
                } else if label == Cell.outputLabel || label < 0 {
                    nodes.append(Node(id: i, label: "output", fill: "#24292f", stroke: "#24292f", textColor: "#ffffff", dashed: false, terminal: true))
                } else {
                    let name = label < operationNames.count ? operationNames[label] : "op \(label)"
                    let s = CellDrawing.style(op: name, index: label)
                    nodes.append(Node(id: i, label: CellDrawing.displayName(name), fill: s.fill, stroke: s.stroke,
                                      textColor: s.text, dashed: s.dashed, terminal: false))
                }
            }
            var edges: [(Int, Int)] = []
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) where cell.hasEdge(i, j) { edges.append((i, j)) } }

            // Longest-path layers; the input alone in the first column, the output alone in the last.
            var layer = [Int](repeating: 0, count: n)
            for j in 0..<n where j > 0 {
                let preds = edges.filter { $0.1 == j }.map { layer[$0.0] + 1 }
                layer[j] = max(1, preds.max() ?? 1)
            }
            if n > 1 {
                let others = (0..<(n - 1)).map { layer[$0] }.max() ?? 0
                layer[n - 1] = max(layer[n - 1], others + 1)
            }
            let used = Array(Set(layer)).sorted()
            let index = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
            var columns = [[Int]](repeating: [], count: used.count)
            for i in 0..<n {
                nodes[i].column = index[layer[i]]!
                columns[nodes[i].column].append(i)
            }
            self.nodes = nodes
            self.edges = edges
            self.columns = columns
            self.columnWidths = columns.map { col in
                max(50, ((col.map { textWidth(nodes[$0].label, fontSize: 12.5) }.max() ?? 30) + 20).rounded(.up))
            }
            orderColumns()
            place()
        }

        /// Chooses the vertical order within each column minimising crossings (exhaustively for small cells,
        /// by barycentre sweeps otherwise).
        mutating func orderColumns() {
            let sizes = columns.map(\.count)
            let combos = sizes.reduce(1.0) { $0 * Double(factorial($1)) }
            if combos <= 5040 {
                var best = columns
                var bestCost = Double.infinity
                var current = columns
                func visit(_ c: Int) {
                    if c == columns.count {
                        let cost = self.cost(current)
                        if cost < bestCost - 1e-9 { bestCost = cost; best = current }
                        return
                    }
                    for p in permutations(columns[c]) {
                        current[c] = p
                        visit(c + 1)
                    }
                }
                visit(0)
                columns = best
            } else {
                for _ in 0..<4 {
                    for c in 1..<columns.count { sortByBarycentre(c, forward: true) }
                    for c in stride(from: columns.count - 2, through: 0, by: -1) { sortByBarycentre(c, forward: false) }
                }
            }
        }

        private func rowPositions(_ cols: [[Int]]) -> [Int: Double] {
            var pos: [Int: Double] = [:]
            for col in cols {
                for (k, id) in col.enumerated() { pos[id] = Double(k) - Double(col.count - 1) / 2 }
            }
            return pos
        }

        private mutating func sortByBarycentre(_ c: Int, forward: Bool) {
            let pos = rowPositions(columns)
            let keyed = columns[c].map { id -> (Int, Double) in
                let neighbours = edges.compactMap { e -> Int? in forward ? (e.1 == id ? e.0 : nil) : (e.0 == id ? e.1 : nil) }
                let b = neighbours.isEmpty ? pos[id]! : neighbours.map { pos[$0]! }.reduce(0, +) / Double(neighbours.count)
                return (id, b)
            }
            columns[c] = keyed.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
        }

        /// Crossings of straight edges, skip edges passing through boxes, and total vertical travel.
        private func cost(_ cols: [[Int]]) -> Double {
            let pos = rowPositions(cols)
            let segs = edges.map { (x0: Double(nodes[$0.0].column), y0: pos[$0.0]!, x1: Double(nodes[$0.1].column), y1: pos[$0.1]!, a: $0.0, b: $0.1) }
            var crossings = 0
            for i in 0..<segs.count {
                for j in (i + 1)..<max(i + 1, segs.count) {
                    let s = segs[i], t = segs[j]
                    if s.a == t.a || s.a == t.b || s.b == t.a || s.b == t.b { continue }
                    if properlyIntersect((s.x0, s.y0), (s.x1, s.y1), (t.x0, t.y0), (t.x1, t.y1)) { crossings += 1 }
                }
            }
            var hits = 0
            var travel = 0.0
            for s in segs {
                travel += abs(s.y1 - s.y0)
                let c0 = Int(s.x0), c1 = Int(s.x1)
                guard c1 - c0 > 1 else { continue }
                for c in (c0 + 1)..<c1 {
                    let y = s.y0 + (s.y1 - s.y0) * (Double(c) - s.x0) / (s.x1 - s.x0)
                    for id in cols[c] where abs(pos[id]! - y) < 0.45 { hits += 1 }
                }
            }
            // Prefer orders that keep low node ids above (a stable, readable tie-break).
            var order = 0.0
            for col in cols { for (k, id) in col.enumerated() { order += Double(k * id) * 1e-4 } }
            return Double(crossings) * 100 + Double(hits) * 12 + travel + order
        }

        /// Pixel positions (node centres) before the drawing is translated to its margins.
        mutating func place() {
            let pos = rowPositions(columns)
            var left: [Double] = []
            var x = 0.0
            for w in columnWidths { left.append(x); x += w + Layout.gapX }
            for i in nodes.indices {
                nodes[i].x = left[nodes[i].column] + columnWidths[nodes[i].column] / 2
                nodes[i].y = pos[i]! * (Layout.boxHeight + Layout.gapY)
            }
        }

        // MARK: Rendering

        struct Route {
            let d: String
            let end: (x: Double, y: Double)
            let direction: (x: Double, y: Double)
            let ys: [Double]
        }

        func render(caption: String?) -> String {
            let h = Layout.boxHeight
            func bw(_ node: Node) -> Double { columnWidths[node.column] }
            // Ports: spread edges along the box sides, ordered by the other end's position.
            var outPort: [Int: [Int: Double]] = [:], inPort: [Int: [Int: Double]] = [:]
            for node in nodes {
                let outs = edges.filter { $0.0 == node.id }.map(\.1).sorted { (nodes[$0].y, nodes[$0].x) < (nodes[$1].y, nodes[$1].x) }
                let ins = edges.filter { $0.1 == node.id }.map(\.0).sorted { (nodes[$0].y, -nodes[$0].x) < (nodes[$1].y, -nodes[$1].x) }
                func spread(_ list: [Int]) -> [Int: Double] {
                    guard list.count > 1 else { return Dictionary(uniqueKeysWithValues: list.map { ($0, 0.0) }) }
                    let gap = min(7, (h - 10) / Double(list.count - 1))
                    return Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, (Double($0) - Double(list.count - 1) / 2) * gap) })
                }
                outPort[node.id] = spread(outs)
                inPort[node.id] = spread(ins)
            }
            // Route edges: a smooth curve when nothing is in the way, otherwise a lane over or under the boxes.
            var lanes: [(c0: Int, c1: Int, y: Double)] = []
            var routes: [Route] = []
            let sortedEdges = edges.sorted { (nodes[$0.1].column - nodes[$0.0].column, $0.0, $0.1) < (nodes[$1.1].column - nodes[$1.0].column, $1.0, $1.1) }
            for (a, b) in sortedEdges {
                let s = nodes[a], t = nodes[b]
                let sx = s.x + bw(s) / 2, sy = s.y + outPort[a]![b]!
                let ex = t.x - bw(t) / 2, ey = t.y + inPort[b]![a]!
                let arrow = 7.0
                let tip = ex - 1
                let ex2 = tip - arrow
                let obstacles = nodes.filter { $0.column > s.column && $0.column < t.column }
                let dx = ex2 - sx
                var plainHits = false
                for k in 1..<24 {
                    let tt = Double(k) / 24
                    let p = bezier((sx, sy), (sx + dx / 2, sy), (ex2 - dx / 2, ey), (ex2, ey), tt)
                    for o in obstacles where abs(p.x - o.x) < bw(o) / 2 + 4 && abs(p.y - o.y) < h / 2 + 5 { plainHits = true }
                }
                if !plainHits {
                    let d = "M\(coord(sx)) \(coord(sy))C\(coord(sx + dx / 2)) \(coord(sy)) \(coord(ex2 - dx / 2)) \(coord(ey)) \(coord(ex2)) \(coord(ey))"
                    routes.append(Route(d: d, end: (tip, ey), direction: (1, 0), ys: [sy, ey]))
                    continue
                }
                // Free horizontal corridors across the intermediate columns.
                var blocked: [(Double, Double)] = obstacles.map { ($0.y - h / 2 - 9, $0.y + h / 2 + 9) }
                for lane in lanes where lane.c0 < t.column && lane.c1 > s.column { blocked.append((lane.y - 7, lane.y + 7)) }
                blocked.sort { $0.0 < $1.0 }
                var merged: [(Double, Double)] = []
                for iv in blocked {
                    if let last = merged.last, iv.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, iv.1) } else { merged.append(iv) }
                }
                let target = (sy + ey) / 2
                var best = target
                var inBlock = false
                for iv in merged where target > iv.0 && target < iv.1 { inBlock = true }
                if inBlock {
                    var candidates: [Double] = []
                    for iv in merged {
                        candidates.append(iv.0)  // just above the block
                        candidates.append(iv.1)  // just below the block
                    }
                    let free = candidates.filter { c in !merged.contains { c > $0.0 + 1e-6 && c < $0.1 - 1e-6 } }
                    best = free.min { (abs($0 - target), $0) < (abs($1 - target), $1) } ?? target
                }
                lanes.append((s.column, t.column, best))
                let g = Layout.gapX
                let xa = sx + g * 0.85, xb = ex2 - g * 0.75
                let ma = (sx + xa) / 2, mb = (xb + ex2) / 2
                let d = "M\(coord(sx)) \(coord(sy))C\(coord(ma)) \(coord(sy)) \(coord(ma)) \(coord(best)) \(coord(xa)) \(coord(best))"
                    + "L\(coord(xb)) \(coord(best))C\(coord(mb)) \(coord(best)) \(coord(mb)) \(coord(ey)) \(coord(ex2)) \(coord(ey))"
                routes.append(Route(d: d, end: (tip, ey), direction: (1, 0), ys: [sy, ey, best]))
            }

            // Bounds and translation.
            var minY = nodes.map { $0.y - h / 2 }.min() ?? 0
            var maxY = nodes.map { $0.y + h / 2 }.max() ?? 0
            for r in routes { minY = min(minY, r.ys.min()! - 3); maxY = max(maxY, r.ys.max()! + 3) }
            let captionLines = (caption ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            let contentWidth = nodes.isEmpty ? 120 : columnWidths.reduce(0, +) + Double(columns.count - 1) * Layout.gapX
            let captionWidth = captionLines.map { textWidth($0, fontSize: 13.5) }.max() ?? 0
            let width = max(contentWidth, captionWidth) + 2 * Layout.margin
            let ox = Layout.margin + (width - 2 * Layout.margin - contentWidth) / 2
            let oy = Layout.margin - minY
            let graphHeight = nodes.isEmpty ? 40 : maxY - minY
            let height = Layout.margin + graphHeight + (captionLines.isEmpty ? Layout.margin : 14 + Double(captionLines.count) * 18 + 6)

            var w = SVGWriter()
            w.raw("<g transform=\"translate(\(coord(ox)) \(coord(oy)))\">")
            w.raw("<g fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\">")
            for r in routes { w.raw("<path d=\"\(r.d)\"/>") }
            w.raw("</g>")
            w.raw("<g fill=\"#57606a\">")
            for r in routes {
                let (tx, ty) = r.end
                w.raw("<path d=\"M\(coord(tx)) \(coord(ty))L\(coord(tx - 8)) \(coord(ty - 4))L\(coord(tx - 8)) \(coord(ty + 4))Z\"/>")
            }
            w.raw("</g>")
            for node in nodes {
                let x = node.x - bw(node) / 2, y = node.y - h / 2
                var attrs = "rx=\"\(node.terminal ? 15 : 7)\" stroke=\"\(node.stroke)\" stroke-width=\"1.4\""
                if node.dashed { attrs += " stroke-dasharray=\"4 3\"" }
                w.rect(x, y, bw(node), h, fill: node.fill, extra: attrs)
                w.text(node.label, x: node.x, y: node.y + 4.4, size: 12.5, anchor: "middle", fill: node.textColor,
                       weight: node.terminal ? "600" : "500")
            }
            if nodes.isEmpty {
                w.text("empty cell", x: contentWidth / 2, y: 24, size: 12.5, anchor: "middle", fill: Palette.mutedText)
            }
            w.raw("</g>")
            for (k, line) in captionLines.enumerated() {
                let y = Layout.margin + graphHeight + 14 + 13 + Double(k) * 18
                w.text(line, x: width / 2, y: y, size: 13.5, anchor: "middle", fill: k == 0 ? Palette.text : Palette.mutedText,
                       weight: k == 0 ? "600" : nil)
            }
            return w.document(width: width.rounded(.up), height: height.rounded(.up), title: captionLines.first ?? "cell")
        }
    }
}

private func factorial(_ n: Int) -> Int { n <= 1 ? 1 : (2...n).reduce(1, *) }

/// All permutations of `items`, in lexicographic order of positions.
private func permutations(_ items: [Int]) -> [[Int]] {
    guard items.count > 1 else { return [items] }
    var out: [[Int]] = []
    for (i, x) in items.enumerated() {
        var rest = items
        rest.remove(at: i)
        for p in permutations(rest) { out.append([x] + p) }
    }
    return out
}

private func properlyIntersect(_ p1: (Double, Double), _ p2: (Double, Double), _ p3: (Double, Double), _ p4: (Double, Double)) -> Bool {
    func orient(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) -> Double {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    }
    let d1 = orient(p3, p4, p1), d2 = orient(p3, p4, p2), d3 = orient(p1, p2, p3), d4 = orient(p1, p2, p4)
    return ((d1 > 1e-9 && d2 < -1e-9) || (d1 < -1e-9 && d2 > 1e-9)) && ((d3 > 1e-9 && d4 < -1e-9) || (d3 < -1e-9 && d4 > 1e-9))
}

private func bezier(_ p0: (Double, Double), _ p1: (Double, Double), _ p2: (Double, Double), _ p3: (Double, Double), _ t: Double) -> (x: Double, y: Double) {
    let u = 1 - t
    let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
    return (a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0, a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1)
}
