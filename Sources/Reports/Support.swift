import Foundation

// MARK: - Escaping

/// Escapes text for XML/HTML content and attribute values (`&`, `<`, `>`, `"`, `'`) and drops
/// characters that XML 1.0 forbids (C0 controls other than tab, newline and carriage return).
public func xmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            let v = scalar.value
            if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: - Palette and style

/// Colours and fonts shared by every figure.
public enum Palette {
    /// Okabe–Ito colour-blind-safe palette, ordered for series (blue first, yellow last: it is faint on
    /// white), then four dark colours from Paul Tol's palettes (indigo, wine, olive, grey), so that the
    /// quality experiment's twelve methods get twelve different colours.
    public static let series: [String] = [
        "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442",
        "#332288", "#882255", "#999933", "#888888",
    ]
    /// The colour of the `index`-th series (cycles).
    public static func color(_ index: Int) -> String { series[((index % series.count) + series.count) % series.count] }
    /// System font stack used by every SVG and the HTML report.
    public static let fontStack =
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif"
    /// Ink colours.
    static let text = "#1f2328"
    static let mutedText = "#57606a"
    static let grid = "#e6e8eb"
    static let axis = "#8c959f"
    static let background = "#ffffff"
}

// MARK: - Number formatting

/// How numbers are written in labels, ticks and tables.
public enum NumberFormat: Sendable, Equatable {
    /// Sensible precision: integers as integers, otherwise up to 3 significant decimals.
    case automatic
    /// A fixed number of decimals: `.fixed(2)` writes 0.6931 as `0.69`.
    case fixed(Int)
    /// The value is already in percent: `.percent(1)` writes 12.34 as `12.3%`.
    case percent(Int)
    /// The value is a fraction written as a percentage: `.fractionAsPercent(1)` writes 0.1234 as `12.3%`.
    case fractionAsPercent(Int)
    /// An integer with thousands separators: `1,234,567`.
    case integer
    /// Short form with k/M/G suffixes: `1.2M`.
    case compact

    /// Writes `value` in this format (`–` for NaN, `∞` for infinities).
    public func string(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        switch self {
        case .automatic: return formatAutomatic(value)
        case .fixed(let d): return formatFixed(value, decimals: d)
        case .percent(let d): return formatFixed(value, decimals: d) + "%"
        case .fractionAsPercent(let d): return formatFixed(value * 100, decimals: d) + "%"
        case .integer: return groupThousands(formatFixed(value, decimals: 0))
        case .compact: return formatCompact(value, decimals: nil)
        }
    }

    /// Writes a tick value, choosing decimals from the tick step so that neighbouring ticks differ.
    func tickLabel(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return string(value) }
        func decimals(_ step: Double) -> Int {
            guard step > 0, step.isFinite else { return 0 }
            return max(0, min(12, Int(-(log10(step) + 1e-9).rounded(.down))))
        }
        switch self {
        case .automatic:
            if abs(value) >= 10_000 || (step >= 1000 && value != 0) { return formatCompact(value, decimals: nil, step: step) }
            if step < 1e-4 && value != 0 { return formatScientific(value, step: step) }
            return formatFixed(value, decimals: decimals(step))
        case .fixed: return formatFixed(value, decimals: decimals(step))
        case .percent: return formatFixed(value, decimals: decimals(step)) + "%"
        case .fractionAsPercent: return formatFixed(value * 100, decimals: decimals(step * 100)) + "%"
        case .integer: return groupThousands(formatFixed(value, decimals: max(0, decimals(step))))
        case .compact: return formatCompact(value, decimals: nil, step: step)
        }
    }
}

/// `value` with `decimals` decimals; never `-0`.
/// A top percentile as a caption writes it: two decimals, or two significant digits below 0.01
/// (NAS-Bench-101's best classes are 0.0002%, which two decimals would print as 0.00%).
public func formatTopPercent(_ top: Double) -> String {
    guard top.isFinite, top > 0, top < 0.01 else { return String(format: "%.2f", top) }
    let decimals = min(12, Int((-log10(top)).rounded(.down)) + 2)
    return String(format: "%.\(decimals)f", top)
}

func formatFixed(_ value: Double, decimals: Int) -> String {
    let d = max(0, min(15, decimals))
    var s = String(format: "%.\(d)f", value)
    if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
    return s.replacingOccurrences(of: "-", with: "−")
}

/// Integers as integers; otherwise three significant digits (at least), trailing zeros trimmed.
func formatAutomatic(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return groupThousands(formatFixed(value, decimals: 0)) }
    let magnitude = abs(value)
    if magnitude >= 1e6 { return formatCompact(value, decimals: nil) }
    let decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : max(3, Int(-log10(magnitude).rounded(.down)) + 2)
    var s = formatFixed(value, decimals: min(decimals, 12))
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}

/// `1.5e−5`, with enough mantissa decimals to tell ticks `step` apart.
func formatScientific(_ value: Double, step: Double) -> String {
    let e = Int(log10(abs(value)).rounded(.down))
    let scale = pow(10, Double(e))
    let d = max(0, min(6, Int(-(log10(step / scale) + 1e-9).rounded(.down))))
    var mantissa = formatFixed(value / scale, decimals: d)
    if mantissa.contains(".") {
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    return mantissa + "e" + (e < 0 ? "−" : "") + String(abs(e))
}

/// Short form with k/M/G/T suffixes. With a `step`, decimals are chosen so that steps stay visible.
func formatCompact(_ value: Double, decimals: Int?, step: Double? = nil) -> String {
    let magnitude = max(abs(value), abs(step ?? 0))
    let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
    var divisor = 1.0
    var suffix = ""
    for (d, s) in units where magnitude >= d {
        divisor = d
        suffix = s
        break
    }
    let scaled = value / divisor
    var d: Int
    if let decimals { d = decimals } else if let step, step > 0 {
        d = max(0, Int(-(log10(step / divisor) + 1e-9).rounded(.down)))
    } else {
        d = abs(scaled) >= 100 ? 0 : abs(scaled) >= 10 ? 1 : 2
    }
    d = min(d, 6)
    var s = formatFixed(scaled, decimals: d)
    if step == nil, s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s + suffix
}

/// Inserts thousands separators into a plain decimal string (only when the integer part has 5+ digits).
func groupThousands(_ s: String) -> String {
    var sign = ""
    var body = Substring(s)
    if body.hasPrefix("−") { sign = "−"; body = body.dropFirst() }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPart = Array(parts[0])
    guard intPart.count > 4 else { return s }
    var grouped = ""
    for (i, ch) in intPart.enumerated() {
        if i > 0 && (intPart.count - i) % 3 == 0 { grouped += "," }
        grouped.append(ch)
    }
    return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
}

/// A coordinate for SVG output: at most two decimals, no exponent, `0` for non-finite values.
@inline(__always)
func coord(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (v * 100).rounded()
    guard abs(r) < 9e15 else { return "0" }
    let i = Int(r)
    let a = abs(i)
    let whole = a / 100
    let frac = a % 100
    var s = i < 0 ? "-" : ""
    s += String(whole)
    if frac != 0 {
        s += frac % 10 == 0 ? "." + String(frac / 10) : (frac < 10 ? ".0" : ".") + String(frac)
    }
    return s == "-0" ? "0" : s
}

/// Rough rendered width of `text` at `fontSize` in a proportional sans-serif font.
func textWidth(_ text: String, fontSize: Double) -> Double {
    // Calibrated on DejaVu Sans (wider than most system UI fonts), so that estimates err on the wide side.
    var units = 0.0
    for ch in text {
        switch ch {
        case "i", "l", "j", "I", "!", "|", ".", ",", ":", ";", "'", "·":
            units += 0.3
        case "f", "t", "r", "(", ")", "[", "]", " ", "-":
            units += 0.4
        case "m", "w", "M", "W", "%", "@", "×":
            units += 0.95
        case "A"..."Z", "0"..."9", "±", "−", "–", "—", "#", "&", "<", ">", "=", "+", "?", "_":
            units += 0.7
        default:
            units += 0.61
        }
    }
    return units * fontSize
}

/// 64-bit FNV-1a hash, for deterministic element ids.
func fnv1a(_ s: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
        h ^= UInt64(b)
        h &*= 0x100_0000_01b3
    }
    return String(h, radix: 36)
}

// MARK: - SVG writer

/// Accumulates SVG elements; a small internal helper.
struct SVGWriter {
    private(set) var body = ""

    init() { body.reserveCapacity(16_384) }

    mutating func raw(_ s: String) { body += s; body += "\n" }

    /// `<text>` with escaped content.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
        fill: String = Palette.text, weight: String? = nil, rotate: Double? = nil, halo: Bool = false,
        extra: String = ""
    ) {
        var s = "<text x=\"\(coord(x))\" y=\"\(coord(y))\" font-size=\"\(coord(size))\" fill=\"\(fill)\""
        if anchor != "start" { s += " text-anchor=\"\(anchor)\"" }
        if let weight { s += " font-weight=\"\(weight)\"" }
        if let rotate { s += " transform=\"rotate(\(coord(rotate)) \(coord(x)) \(coord(y)))\"" }
        if halo { s += " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"" }
        if !extra.isEmpty { s += " " + extra }
        s += ">" + xmlEscape(content) + "</text>"
        raw(s)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, extra: String = "") {
        raw("<line x1=\"\(coord(x1))\" y1=\"\(coord(y1))\" x2=\"\(coord(x2))\" y2=\"\(coord(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(coord(width))\"\(extra.isEmpty ? "" : " " + extra)/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, extra: String = "") {
        raw("<rect x=\"\(coord(x))\" y=\"\(coord(y))\" width=\"\(coord(max(0, w)))\" height=\"\(coord(max(0, h)))\" fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)/>")
    }

    /// Wraps the body in an `<svg>` root with a `viewBox`, default size, title and font stack.
    func document(width: Double, height: Double, title: String?) -> String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(coord(width)) \(coord(height))\" width=\"\(coord(width))\" height=\"\(coord(height))\""
        s += " font-family=\"\(Palette.fontStack)\" role=\"img\""
        if let title, !title.isEmpty { s += " aria-label=\"\(xmlEscape(title))\"" }
        s += ">\n"
        if let title, !title.isEmpty { s += "<title>\(xmlEscape(title))</title>\n" }
        s += "<rect width=\"100%\" height=\"100%\" fill=\"\(Palette.background)\"/>\n"
        s += body
        s += "</svg>\n"
        return s
    }
}
