import Foundation

/// A table of results for an HTML report (or Markdown), with the best value per column in bold.
///
///     var t = ReportTable(columns: [.init("Method"), .init("Validity", better: .higher, format: .percent(1)),
///                                   .init("Top-10%", better: .higher, format: .percent(1))])
///     t.addRow(["GNN2GNN", 99.8, .mean(41.2, std: 3.1)])
///     t.addRow(["Random", 100, .mean(0.3, std: 0.1)])
///     let html = t.html()
public struct ReportTable: Sendable, Equatable {
    /// Which direction is better for a column, if any.
    public enum Better: Sendable, Equatable {
        case higher, lower, none
    }

    /// A column: title, direction of "better", and number format.
    public struct Column: Sendable, Equatable {
        /// Header text.
        public var title: String
        /// Which values are best (bolded); `.none` bolds nothing.
        public var better: Better
        /// Format of numbers in this column (also used for the `±` part).
        public var format: NumberFormat

        /// Usage: `.init("Top-10%", better: .higher, format: .percent(1))`.
        public init(_ title: String, better: Better = .none, format: NumberFormat = .automatic) {
            self.title = title
            self.better = better
            self.format = format
        }
    }

    /// One table cell.
    public enum Value: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        /// Plain text (never bolded).
        case text(String)
        /// A number written in the column's format (NaN shows as `–`).
        case number(Double)
        /// A mean with its standard deviation, written `mean ± std`; compared by the mean.
        case mean(Double, std: Double)
        /// An empty cell.
        case empty

        public init(stringLiteral value: String) { self = .text(value) }
        public init(floatLiteral value: Double) { self = .number(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        /// The number compared when picking the best value, if any.
        var numeric: Double? {
            switch self {
            case .number(let v), .mean(let v, _): return v.isFinite ? v : nil
            default: return nil
            }
        }
    }

    /// Caption shown above the table (optional).
    public var caption: String?
    /// Columns.
    public var columns: [Column]
    /// Rows (each as many values as there are columns; missing values are empty).
    public var rows: [[Value]]
    /// Bold the best value of each column that has a direction.
    public var boldBest: Bool

    public init(caption: String? = nil, columns: [Column], rows: [[Value]] = [], boldBest: Bool = true) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.boldBest = boldBest
    }

    /// Appends a row.
    public mutating func addRow(_ values: [Value]) { rows.append(values) }

    /// Indices of the rows holding the best value of `column` (all of them on a tie as displayed); empty when
    /// the column has no direction or fewer than two numbers.
    public func bestRows(column: Int) -> Set<Int> {
        guard column >= 0, column < columns.count else { return [] }
        let col = columns[column]
        guard col.better != .none else { return [] }
        let candidates = rows.indices.compactMap { r -> (Int, Double)? in
            guard column < rows[r].count, let v = rows[r][column].numeric else { return nil }
            return (r, v)
        }
        guard candidates.count >= 2 else { return [] }
        let best = col.better == .higher ? candidates.map(\.1).max()! : candidates.map(\.1).min()!
        let bestText = col.format.string(best)
        return Set(candidates.filter { $0.1 == best || col.format.string($0.1) == bestText }.map(\.0))
    }

    private func value(_ r: Int, _ c: Int) -> Value { c < rows[r].count ? rows[r][c] : .empty }

    private func isNumericColumn(_ c: Int) -> Bool {
        rows.indices.contains { value($0, c).numeric != nil }
    }

    private func header(_ c: Int) -> String {
        switch columns[c].better {
        case .higher: return columns[c].title + " ↑"
        case .lower: return columns[c].title + " ↓"
        case .none: return columns[c].title
        }
    }

    /// The table as an HTML fragment (`<table>` inside a scrollable wrapper).
    public func html() -> String {
        let best = boldBest ? columns.indices.map { bestRows(column: $0) } : columns.map { _ in [] }
        let numeric = columns.indices.map(isNumericColumn)
        // A wide table of means writes each std under its mean, so that it fits a page more often.
        let hasSpread = rows.contains { $0.contains { if case .mean = $0 { return true }; return false } }
        let stacked = hasSpread && columns.count > 6
        // The caption stands above the scrolling wrapper (a <caption> would be as wide as the table and
        // scroll away with it); the table names it with aria-describedby.
        var s = ""
        var described = ""
        if let caption, !caption.isEmpty {
            let id = "table-" + fnv1a(caption + columns.map(\.title).joined())
            s += "<p class=\"table-caption\" id=\"\(id)\">\(xmlEscape(caption))</p>\n"
            described = " aria-describedby=\"\(id)\""
        }
        s += "<div class=\"table-wrap\"><table\(stacked ? " class=\"stacked\"" : "")\(described)>\n"
        s += "<thead><tr>"
        for c in columns.indices {
            let title: String
            switch columns[c].better {
            case .higher: title = " title=\"higher is better\""
            case .lower: title = " title=\"lower is better\""
            case .none: title = ""
            }
            // Non-breaking hyphens: a wrapped header breaks between words ("Top-10%" stays whole).
            let text = xmlEscape(header(c)).replacingOccurrences(of: "-", with: "\u{2011}")
            s += "<th\(numeric[c] ? " class=\"num\"" : "")\(title)>\(text)</th>"
        }
        s += "</tr></thead>\n<tbody>\n"
        for r in rows.indices {
            s += "<tr>"
            for c in columns.indices {
                var classes: [String] = []
                if numeric[c] { classes.append("num") }
                if best[c].contains(r) { classes.append("best") }
                let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                let fmt = columns[c].format
                let bold = best[c].contains(r)
                func strong(_ t: String) -> String { bold && !t.isEmpty ? "<strong>\(t)</strong>" : t }
                let content: String
                switch value(r, c) {
                case .text(let t): content = xmlEscape(t)
                case .number(let v): content = strong(xmlEscape(fmt.string(v)))
                case .mean(let m, let sd):
                    content = strong(xmlEscape(fmt.string(m)))
                        + (sd.isFinite ? "<span class=\"std\">\u{00A0}±\u{00A0}\(xmlEscape(fmt.string(sd)))</span>" : "")
                case .empty: content = ""
                }
                s += "<td\(cls)>\(content)</td>"
            }
            s += "</tr>\n"
        }
        s += "</tbody></table></div>\n"
        return s
    }

    /// The table as GitHub-flavoured Markdown, best values in `**bold**`.
    public func markdown() -> String {
        let best = boldBest ? columns.indices.map { bestRows(column: $0) } : columns.map { _ in [] }
        let numeric = columns.indices.map(isNumericColumn)
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = ""
        if let caption, !caption.isEmpty { out += "\(caption)\n\n" }
        out += "| " + columns.indices.map { cell(header($0)) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.indices.map { numeric[$0] ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for r in rows.indices {
            let cells = columns.indices.map { c -> String in
                let fmt = columns[c].format
                let bold = best[c].contains(r)
                func strong(_ t: String) -> String { bold && !t.isEmpty ? "**\(t)**" : t }
                let text: String
                switch value(r, c) {
                case .text(let t): text = t
                case .number(let v): text = strong(fmt.string(v))
                case .mean(let m, let sd): text = strong(fmt.string(m)) + (sd.isFinite ? " ± " + fmt.string(sd) : "")
                case .empty: text = ""
                }
                return cell(text)
            }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
