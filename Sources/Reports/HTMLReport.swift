import Foundation

/// A figure: an SVG document and an optional caption.
public struct Figure: Sendable, Equatable {
    /// SVG markup (a standalone document from a chart or `CellDrawing`).
    public var svg: String
    /// Caption under the figure.
    public var caption: String?

    /// Usage: `Figure(chart.svg(), caption: "Figure 1. Losses per epoch.")`.
    public init(_ svg: String, caption: String? = nil) {
        self.svg = svg
        self.caption = caption
    }
}

/// A self-contained HTML report (inline CSS, no scripts): title, metadata, sections, paragraphs, tables,
/// inline SVG figures and grids of cell drawings.
///
///     var report = HTMLReport(title: "GNN2GNN on NAS-Bench-201", subtitle: "CIFAR-10, top 10% withheld",
///                             metadata: [("Seed", "0"), ("Epochs", "20")])
///     report.section("Training")
///     report.figure(Figure(lossChart.svg(), caption: "Losses per epoch"))
///     report.table(metricsTable)
///     try report.html().write(toFile: "RUN/report.html", atomically: true, encoding: .utf8)
public struct HTMLReport: Sendable {
    /// A piece of the report body, in order.
    public enum Block: Sendable {
        case section(String)
        case subsection(String)
        /// Text; `**bold**` and `` `code` `` are recognised, everything else is escaped.
        case paragraph(String)
        case bullets([String])
        case table(ReportTable)
        case figure(Figure)
        /// Figures side by side (wrapping on narrow screens); `minWidth` in CSS pixels per figure.
        case grid([Figure], minWidth: Int)
        /// Drawings in reading order, each tile at least as wide as its drawing, rows filled left to right.
        case flow([Figure])
        /// Preformatted text, e.g. the command that reproduces a result.
        case code(String)
        /// Trusted HTML inserted as is.
        case rawHTML(String)
    }

    /// Page title (also the `<title>`).
    public var title: String
    /// A line under the title.
    public var subtitle: String?
    /// Key–value pairs shown under the title (run configuration, date, machine, …).
    public var metadata: [(String, String)]
    /// Body blocks in order.
    public var blocks: [Block]
    /// Footer line (optional).
    public var footer: String?

    public init(title: String, subtitle: String? = nil, metadata: [(String, String)] = [], footer: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.metadata = metadata
        self.blocks = []
        self.footer = footer
    }

    /// Starts a section with a level-2 heading.
    public mutating func section(_ heading: String) { blocks.append(.section(heading)) }
    /// A level-3 heading.
    public mutating func subsection(_ heading: String) { blocks.append(.subsection(heading)) }
    /// A paragraph (escaped; `**bold**` and `` `code` `` are recognised).
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    /// A bulleted list.
    public mutating func bullets(_ items: [String]) { blocks.append(.bullets(items)) }
    /// A table.
    public mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }
    /// One figure, full width.
    public mutating func figure(_ figure: Figure) { blocks.append(.figure(figure)) }
    /// Figures side by side, each at least `minWidth` CSS pixels wide (e.g. two charts in a row).
    public mutating func figures(_ figures: [Figure], minWidth: Int = 480) { blocks.append(.grid(figures, minWidth: minWidth)) }
    /// Cell drawings (SVGs from `CellDrawing.svg`) in reading order, each at its natural size, as many per row as fit.
    public mutating func cellGrid(_ drawings: [Figure]) { blocks.append(.flow(drawings)) }
    /// Preformatted text.
    public mutating func code(_ text: String) { blocks.append(.code(text)) }
    /// Trusted HTML inserted verbatim.
    public mutating func rawHTML(_ html: String) { blocks.append(.rawHTML(html)) }

    /// The whole report as one self-contained HTML document (also well-formed XML).
    /// The report's text as Markdown — headings, paragraphs, bullets and tables (best values in bold);
    /// figures appear as their captions — for pasting results into a README.
    public func markdown() -> String {
        var out = "# \(title)\n\n"
        if let subtitle { out += "\(subtitle)\n\n" }
        for block in blocks {
            switch block {
            case .section(let h): out += "## \(h)\n\n"
            case .subsection(let h): out += "### \(h)\n\n"
            case .paragraph(let t): out += "\(t)\n\n"
            case .bullets(let items): out += items.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
            case .table(let t): out += t.markdown() + "\n"
            case .figure(let f): if let c = f.caption { out += "*\(c)*\n\n" }
            case .grid(let fs, _), .flow(let fs):
                let captions = fs.compactMap(\.caption)
                if !captions.isEmpty { out += captions.map { "*\($0)*" }.joined(separator: "\n") + "\n\n" }
            case .code(let t): out += "```\n\(t)\n```\n\n"
            case .rawHTML: break
            }
        }
        return out
    }

    public func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        s += "<title>\(xmlEscape(title))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n<main>\n"
        s += "<header>\n<h1>\(xmlEscape(title))</h1>\n"
        if let subtitle, !subtitle.isEmpty { s += "<p class=\"subtitle\">\(xmlEscape(subtitle))</p>\n" }
        if !metadata.isEmpty {
            s += "<dl class=\"meta\">"
            for (k, v) in metadata { s += "<div><dt>\(xmlEscape(k))</dt><dd>\(xmlEscape(v))</dd></div>" }
            s += "</dl>\n"
        }
        s += "</header>\n"
        let sections = blocks.compactMap { if case .section(let h) = $0 { return h } else { return nil } }
        if sections.count >= 3 {
            s += "<nav class=\"toc\"><span>Contents</span><ol>"
            for (i, h) in sections.enumerated() { s += "<li><a href=\"#s\(i + 1)\">\(xmlEscape(h))</a></li>" }
            s += "</ol></nav>\n"
        }
        var sectionIndex = 0
        var open = false
        for block in blocks {
            switch block {
            case .section(let h):
                if open { s += "</section>\n" }
                sectionIndex += 1
                s += "<section id=\"s\(sectionIndex)\">\n<h2>\(xmlEscape(h))</h2>\n"
                open = true
            case .subsection(let h):
                s += "<h3>\(xmlEscape(h))</h3>\n"
            case .paragraph(let t):
                s += "<p>\(inlineMarkup(t))</p>\n"
            case .bullets(let items):
                s += "<ul>" + items.map { "<li>\(inlineMarkup($0))</li>" }.joined() + "</ul>\n"
            case .table(let t):
                s += t.html()
            case .figure(let f):
                s += figureHTML(f, cls: "figure")
            case .grid(let figs, let minWidth):
                s += "<div class=\"grid\" style=\"grid-template-columns: repeat(auto-fill, minmax(min(100%, \(max(120, minWidth))px), 1fr))\">\n"
                for f in figs { s += figureHTML(f, cls: "tile") }
                s += "</div>\n"
            case .flow(let figs):
                s += "<div class=\"flow\">\n"
                for f in figs {
                    let basis = max(240, (svgWidth(f.svg) ?? 320) + 26)
                    s += figureHTML(f, cls: "tile", style: "flex-basis: \(Int(basis.rounded(.up)))px")
                }
                s += "</div>\n"
            case .code(let t):
                s += "<pre><code>\(xmlEscape(t))</code></pre>\n"
            case .rawHTML(let h):
                s += h + "\n"
            }
        }
        if open { s += "</section>\n" }
        if let footer, !footer.isEmpty { s += "<footer>\(inlineMarkup(footer))</footer>\n" }
        s += "</main>\n</body>\n</html>\n"
        return s
    }

    private func figureHTML(_ f: Figure, cls: String, style: String? = nil) -> String {
        var s = "<figure class=\"\(cls)\"\(style.map { " style=\"\($0)\"" } ?? "")>\n\(stripProlog(f.svg))"
        if !s.hasSuffix("\n") { s += "\n" }
        if let c = f.caption, !c.isEmpty { s += "<figcaption>\(inlineMarkup(c))</figcaption>\n" }
        return s + "</figure>\n"
    }

    static let css = """
    :root { --text: #1f2328; --muted: #57606a; --border: #d8dee4; --zebra: #f6f8fa; --head: #eef1f4; --accent: #0072B2; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #f3f4f6; color: var(--text);
      font: 16px/1.55 \(Palette.fontStack); }
    main { max-width: 1320px; margin: 24px auto; padding: 36px 44px 48px; background: #ffffff;
      border: 1px solid var(--border); border-radius: 10px; }
    header { margin-bottom: 8px; }
    h1 { font-size: 1.85rem; line-height: 1.25; margin: 0 0 6px; letter-spacing: -0.01em; }
    h2 { font-size: 1.35rem; margin: 2.4rem 0 0.9rem; padding-bottom: 0.35rem; border-bottom: 1px solid var(--border); }
    h3 { font-size: 1.08rem; margin: 1.6rem 0 0.6rem; }
    p, ul { margin: 0.6rem 0; max-width: 75ch; }
    .subtitle { color: var(--muted); font-size: 1.05rem; margin: 0 0 12px; }
    dl.meta { display: flex; flex-wrap: wrap; gap: 6px 10px; margin: 12px 0 0; font-size: 0.85rem; }
    dl.meta div { background: var(--zebra); border: 1px solid var(--border); border-radius: 999px; padding: 2px 12px; }
    dl.meta dt { display: inline; color: var(--muted); font-weight: 400; }
    dl.meta dt::after { content: ":"; }
    dl.meta dd { display: inline; margin: 0 0 0 4px; font-weight: 600; }
    nav.toc { margin: 20px 0 0; font-size: 0.9rem; color: var(--muted); }
    nav.toc span { font-weight: 600; margin-right: 8px; }
    nav.toc ol { display: inline; margin: 0; padding: 0; list-style: none; }
    nav.toc li { display: inline; }
    nav.toc li + li::before { content: "·"; margin: 0 8px; color: var(--border); }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace; font-size: 0.88em; }
    p code, li code { background: var(--zebra); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
    pre { background: var(--zebra); border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; overflow-x: auto; }
    .table-wrap { overflow-x: auto; margin: 1rem 0 1.4rem; }
    table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    p.table-caption { color: var(--muted); font-size: 0.88rem; margin: 1rem 0 6px; max-width: none; }
    p.table-caption + .table-wrap { margin-top: 0; }
    th, td { padding: 7px 14px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
    thead th { background: var(--head); border-bottom: 2px solid #c7ced6; font-weight: 600; white-space: nowrap; }
    tbody tr:nth-child(even) { background: var(--zebra); }
    tbody tr:hover { background: #eaf2fb; }
    th.num, td.num { text-align: right; white-space: nowrap; }
    td:first-child { white-space: nowrap; }
    td.best strong { font-weight: 700; color: #000000; }
    .std { color: var(--muted); font-size: 0.86em; }
    table.stacked .std { display: block; }
    table.stacked th, table.stacked td { padding: 7px 10px; }
    table.stacked thead th { white-space: normal; vertical-align: bottom; }
    /* The first column stays in view while a wide table scrolls sideways. */
    tbody td:first-child, thead th:first-child { position: sticky; left: 0; z-index: 1; background: #ffffff; box-shadow: inset -1px 0 0 var(--border); }
    thead th:first-child { background: var(--head); }
    tbody tr:nth-child(even) td:first-child { background: var(--zebra); }
    figure { margin: 1.4rem 0; }
    figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figcaption { color: var(--muted); font-size: 0.88rem; text-align: center; margin-top: 8px; }
    .grid { display: grid; gap: 16px; margin: 1rem 0 1.5rem; }
    .flow { display: flex; flex-wrap: wrap; gap: 16px; margin: 1rem 0 1.5rem; }
    .flow figure { flex-grow: 1; flex-shrink: 1; max-width: 100%; }
    .grid figure, .flow figure { margin: 0; padding: 12px; border: 1px solid var(--border); border-radius: 8px; background: #ffffff;
      display: flex; flex-direction: column; justify-content: center; }
    footer { margin-top: 3rem; padding-top: 12px; border-top: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; }
    @media (max-width: 720px) { main { margin: 0; padding: 20px 16px 32px; border: 0; border-radius: 0; } h1 { font-size: 1.5rem; } }
    @media print { body { background: #ffffff; } main { border: 0; margin: 0; max-width: none; } tbody tr:hover { background: inherit; } }

    """
}

/// Drops an XML declaration or doctype in front of an SVG document, for inlining.
func stripProlog(_ svg: String) -> String {
    var s = Substring(svg)
    while true {
        let trimmed = s.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<?") || trimmed.hasPrefix("<!DOCTYPE") || trimmed.hasPrefix("<!doctype") {
            guard let end = trimmed.firstIndex(of: ">") else { return String(trimmed) }
            s = trimmed[trimmed.index(after: end)...]
        } else {
            return String(trimmed)
        }
    }
}

/// Escapes `text` and turns `**bold**` into `<strong>` and `` `code` `` into `<code>`.
func inlineMarkup(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while !rest.isEmpty {
        if rest.hasPrefix("`"), let end = rest.dropFirst().firstIndex(of: "`") {
            out += "<code>" + xmlEscape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
            rest = rest[rest.index(after: end)...]
        } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
            let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]
            out += "<strong>" + xmlEscape(String(inner)) + "</strong>"
            rest = rest[end.upperBound...]
        } else {
            let next = rest.dropFirst().firstIndex { $0 == "`" || $0 == "*" } ?? rest.endIndex
            out += xmlEscape(String(rest[rest.startIndex..<next]))
            rest = rest[next...]
        }
    }
    return out
}

/// The `width` attribute of an SVG document's root element, if it is a plain number.
func svgWidth(_ svg: String) -> Double? {
    guard let open = svg.range(of: "<svg") else { return nil }
    let tagEnd = svg[open.upperBound...].firstIndex(of: ">") ?? svg.endIndex
    let tag = svg[open.upperBound..<tagEnd]
    guard let w = tag.range(of: " width=\"") else { return nil }
    let rest = tag[w.upperBound...]
    guard let q = rest.firstIndex(of: "\"") else { return nil }
    return Double(rest[rest.startIndex..<q])
}
