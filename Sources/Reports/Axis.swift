import Foundation

/// Tick positions for an axis.
public struct Ticks: Sendable, Equatable {
    /// Tick values, ascending.
    public let values: [Double]
    /// Distance between neighbouring ticks on a linear axis; on a log axis, the smallest gap between ticks.
    public let step: Double

    /// "Nice" linear ticks (steps of 1, 2 or 5 × 10ⁿ) whose first tick is ≤ `lower` and last ≥ `upper`,
    /// 3–10 ticks, as close to `target` as possible. Non-finite or empty ranges get a sensible default.
    ///
    ///     Ticks.linear(0.13, 0.87).values   // [0, 0.2, 0.4, 0.6, 0.8, 1]
    public static func linear(_ lower: Double, _ upper: Double, target: Int = 6, minStep: Double = 0) -> Ticks {
        var lo = lower, hi = upper
        if !lo.isFinite && !hi.isFinite { lo = 0; hi = 1 }
        if !lo.isFinite { lo = hi }
        if !hi.isFinite { hi = lo }
        if lo > hi { swap(&lo, &hi) }
        lo = max(lo, -1e300)
        hi = min(hi, 1e300)
        let scale = max(abs(lo), abs(hi))
        if hi - lo <= scale * 1e-9 {
            let pad = scale == 0 ? 1 : scale * 0.1
            lo -= pad
            hi += pad
        }
        let target = min(10, max(3, target))
        let span = hi - lo
        let rough = span / Double(target - 1)
        let e = log10(rough).rounded(.down)
        var best: (score: Double, step: Double, a: Double, n: Int)?
        for k in [e - 1, e, e + 1, e + 2, e + 3] {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow(10, k)
                guard step > 0, step.isFinite, step >= minStep * (1 - 1e-12) else { continue }
                let a = (lo / step + 1e-9).rounded(.down)
                let b = (hi / step - 1e-9).rounded(.up)
                let n = Int(b - a) + 1
                guard (3...10).contains(n) else { continue }
                let score = abs(Double(n - target))
                if best == nil || score < best!.score || (score == best!.score && step > best!.step) {
                    best = (score, step, a, n)
                }
            }
        }
        guard let best else {
            // Unreachable for finite ranges; keep a safe answer.
            return Ticks(values: [lo, (lo + hi) / 2, hi], step: span / 2)
        }
        // Round to the step's decimals so that 0.6000000000000001 reads as 0.6.
        let decimals = min(300, max(0, Int(-(log10(best.step) + 1e-9).rounded(.down))))
        let p = pow(10, Double(decimals))
        let values = (0..<best.n).map { i -> Double in
            var v = (best.a + Double(i)) * best.step
            if decimals > 0, (v * p).isFinite { v = (v * p).rounded() / p }
            return abs(v) < best.step * 1e-9 ? 0 : v
        }
        return Ticks(values: values, step: best.step)
    }

    /// Ticks for a logarithmic axis over positive values: powers of ten (thinned over many decades),
    /// with 2 and 5 multiples when the range spans two decades or less.
    public static func logarithmic(_ lower: Double, _ upper: Double) -> Ticks {
        var lo = lower, hi = upper
        if !(lo > 0) || !lo.isFinite { lo = hi > 0 && hi.isFinite ? hi / 10 : 1 }
        if !(hi > 0) || !hi.isFinite { hi = lo * 10 }
        if lo > hi { swap(&lo, &hi) }
        lo = max(lo, 1e-300)
        hi = min(hi, 1e300)
        let e0 = Int((log10(lo) + 1e-9).rounded(.down))
        var e1 = Int((log10(hi) - 1e-9).rounded(.up))
        if e1 <= e0 { e1 = e0 + 1 }
        let decades = e1 - e0
        var values: [Double] = []
        if decades <= 2 {
            for e in e0...e1 {
                for m in [1.0, 2.0, 5.0] {
                    let v = m * pow(10, Double(e))
                    if e == e1 && m > 1 { break }
                    values.append(v)
                }
            }
            // Trim to the smallest set that still covers [lo, hi].
            let first = values.lastIndex { $0 <= lo * (1 + 1e-9) } ?? 0
            let last = values.firstIndex { $0 >= hi * (1 - 1e-9) } ?? values.count - 1
            values = Array(values[first...last])
            if values.count < 3 {
                let linear = Ticks.linear(lo, hi, target: 4).values.filter { $0 > 0 }
                if linear.count >= 3, linear.first! <= lo, linear.last! >= hi { return Ticks(values: linear, step: linear[1] - linear[0]) }
            }
        } else {
            let every = max(1, Int((Double(decades) / 7).rounded(.up)))
            var e = e0
            while true {
                values.append(pow(10, Double(e)))
                if e >= e1 { break }
                e += every
            }
        }
        let gaps = zip(values.dropFirst(), values).map { $0 - $1 }
        return Ticks(values: values, step: gaps.min() ?? values[0])
    }
}

extension Ticks {
    /// Ticks for a log axis that lie inside [lower, upper]: powers of ten when there are at least three,
    /// else 1-2-5 multiples, else 1…9 multiples, else linear nice ticks; at most about 8.
    static func logarithmicInside(_ lower: Double, _ upper: Double) -> Ticks {
        let lo = lower * (1 - 1e-9), hi = upper * (1 + 1e-9)
        let e0 = Int(log10(lower).rounded(.down)), e1 = Int(log10(upper).rounded(.up))
        func multiples(_ ms: [Double]) -> [Double] {
            var out: [Double] = []
            for e in e0...max(e0, e1) { for m in ms { let v = m * pow(10, Double(e)); if v >= lo && v <= hi { out.append(v) } } }
            return out
        }
        func result(_ v: [Double]) -> Ticks {
            Ticks(values: v, step: zip(v.dropFirst(), v).map { $0 - $1 }.min() ?? v.first ?? 1)
        }
        var powers = multiples([1])
        if powers.count >= 3 {
            let every = max(1, Int((Double(powers.count) / 8).rounded(.up)))
            powers = powers.enumerated().filter { $0.offset % every == 0 }.map(\.element)
            return result(powers)
        }
        let oneTwoFive = multiples([1, 2, 5])
        if oneTwoFive.count >= 3 { return result(oneTwoFive) }
        let all = multiples([1, 2, 3, 4, 5, 6, 7, 8, 9])
        if all.count >= 3 && all.count <= 9 { return result(all) }
        if all.count > 9 { return result(multiples([1, 2, 5])) }
        let linear = Ticks.linear(lower, upper, target: 4).values.filter { $0 >= lo && $0 <= hi && $0 > 0 }
        return result(linear.isEmpty ? [lower, upper] : linear)
    }
}

/// Linear or logarithmic axis scale.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; non-positive values are skipped.
    case log
}

/// An axis: title, scale, label format and optional fixed range.
public struct Axis: Sendable, Equatable {
    /// Axis title, e.g. `"Epoch"`.
    public var title: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// How tick labels are written.
    public var format: NumberFormat
    /// Fixed range; `nil` fits the data with nice ticks.
    public var range: ClosedRange<Double>?
    /// Whether the fitted range must include zero (linear axes only).
    public var includeZero: Bool

    /// The title as drawn: a logarithmic axis says so, since its even tick spacing can read as linear.
    var displayTitle: String {
        guard scale == .log else { return title }
        return title.isEmpty ? "log scale" : title + " (log scale)"
    }

    /// Creates an axis. Usage: `Axis("Parameters", scale: .log, format: .compact)`.
    public init(
        _ title: String = "", scale: AxisScale = .linear, format: NumberFormat = .automatic,
        range: ClosedRange<Double>? = nil, includeZero: Bool = false
    ) {
        self.title = title
        self.scale = scale
        self.format = format
        self.range = range
        self.includeZero = includeZero
    }
}

/// A fitted axis: domain, ticks and the mapping to pixels.
struct ResolvedAxis {
    let axis: Axis
    let lo: Double
    let hi: Double
    let ticks: [Double]
    let step: Double
    let labels: [String]
    var isLog: Bool { axis.scale == .log }

    /// Fits `axis` to `values` (non-finite values and, on log axes, non-positive values ignored).
    init(_ axis: Axis, values: [Double], target: Int = 6) {
        self.axis = axis
        let isLog = axis.scale == .log
        var vmin = Double.infinity, vmax = -Double.infinity
        for v in values where v.isFinite && (!isLog || v > 0) {
            vmin = min(vmin, v)
            vmax = max(vmax, v)
        }
        if axis.includeZero && !isLog {
            vmin = min(vmin, 0)
            vmax = max(vmax, 0)
        }
        if let r = axis.range, r.lowerBound.isFinite, r.upperBound.isFinite, !isLog || r.lowerBound > 0 {
            var lo = r.lowerBound, hi = r.upperBound
            if hi <= lo { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.1) }
            let t = isLog ? Ticks.logarithmic(lo, hi) : Ticks.linear(lo, hi, target: target)
            let inside = t.values.filter { $0 >= lo - (hi - lo) * 1e-9 && $0 <= hi + (hi - lo) * 1e-9 }
            self.lo = lo
            self.hi = hi
            self.ticks = inside
            self.step = t.step
        } else {
            if !vmin.isFinite || !vmax.isFinite {
                if isLog { vmin = 1; vmax = 10 } else { vmin = 0; vmax = 1 }
            }
            if isLog {
                // Log axes fit the data (with a little room) rather than whole decades.
                let a = log10(vmin), b = log10(vmax)
                let pad = max(0.04 * (b - a), 0.03)
                let lo = pow(10, a - pad), hi = pow(10, b + pad)
                let t = Ticks.logarithmicInside(lo, hi)
                self.lo = lo
                self.hi = hi
                self.ticks = t.values
                self.step = t.step
            } else {
                // Integer data (epochs, counts) gets integer steps; shares and percentages do not.
                let fractional: Bool
                switch axis.format {
                case .fractionAsPercent, .percent, .fixed: fractional = true
                default: fractional = false
                }
                let integral = !fractional && !values.isEmpty
                    && values.allSatisfy { !$0.isFinite || ($0 == $0.rounded() && abs($0) < 1e15) }
                // One value only (e.g. every share 0): a span above it, as with a fixed range.
                if vmax == vmin && !integral { vmax = vmin + (vmin == 0 ? 1 : abs(vmin) * 0.1) }
                let t = Ticks.linear(vmin, vmax, target: target, minStep: integral ? 1 : 0)
                self.ticks = t.values
                self.step = t.step
                self.lo = t.values.first!
                self.hi = t.values.last!
            }
        }
        let fmt = axis.format
        let step = self.step
        if isLog {
            self.labels = ticks.map { v in
                switch fmt {
                case .automatic, .compact, .integer: return formatCompact(v, decimals: nil)
                default: return fmt.string(v)
                }
            }
        } else {
            self.labels = ticks.map { fmt.tickLabel($0, step: step) }
        }
    }

    /// Position of `v` in [0, 1] along the axis (outside for values outside the domain; nil if unplottable).
    func unit(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        if isLog {
            guard v > 0 else { return nil }
            let a = log10(lo), b = log10(hi)
            return b > a ? (log10(v) - a) / (b - a) : 0.5
        }
        return hi > lo ? (v - lo) / (hi - lo) : 0.5
    }
}
