import Foundation
import Testing
@testable import Reports

@Suite("Ticks and number formatting")
struct FormattingTests {
    /// Checks the documented properties of linear ticks for one range.
    func checkLinear(_ lo: Double, _ hi: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let t = Ticks.linear(lo, hi)
        let v = t.values
        #expect((3...10).contains(v.count), "count \(v.count) for [\(lo), \(hi)]", sourceLocation: sourceLocation)
        #expect(v.first! <= min(lo, hi) + t.step * 1e-6 && v.last! >= max(lo, hi) - t.step * 1e-6, "\(v) does not cover [\(lo), \(hi)]", sourceLocation: sourceLocation)
        let mantissa = t.step / pow(10, log10(t.step).rounded(.down))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-6 }, "step \(t.step)", sourceLocation: sourceLocation)
        for (a, b) in zip(v, v.dropFirst()) {
            #expect(abs((b - a) - t.step) <= t.step * 1e-6, "uneven ticks \(v)", sourceLocation: sourceLocation)
        }
        for x in v { #expect(abs(x / t.step - (x / t.step).rounded()) < 1e-6, "tick \(x) not a multiple of \(t.step)", sourceLocation: sourceLocation) }
    }

    @Test func topPercentilesKeepTwoSignificantDigitsBelowAHundredth() {
        #expect(formatTopPercent(0.5) == "0.50")
        #expect(formatTopPercent(12.345) == "12.35" || formatTopPercent(12.345) == "12.34")
        #expect(formatTopPercent(0.00024) == "0.00024")
        #expect(formatTopPercent(0.0047) == "0.0047")
        #expect(formatTopPercent(0) == "0.00")
    }

    @Test func linearTicksOnKnownRanges() {
        #expect(Ticks.linear(0, 1).values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.linear(0.13, 0.87).values.first == 0)
        #expect(Ticks.linear(1, 20).values == [0, 5, 10, 15, 20])
        for (lo, hi) in [(0.0, 1.0), (1, 20), (-3, 7), (93.1, 94.37), (0, 15625), (0.0012, 0.0013), (-5e6, -4e6),
                         (1e-12, 3e-12), (1, 1e9), (-1e300, 1e300), (42, 42), (0, 0), (-7.5, -7.5), (1e15, 1e15 + 3)] {
            checkLinear(lo, hi)
        }
    }

    @Test func linearTicksOnRandomRanges() {
        var rng = LCG(7)
        for _ in 0..<2000 {
            let scale = pow(10, rng.next() * 24 - 12)
            let a = (rng.next() * 2 - 1) * scale
            let b = a + rng.next() * scale * (rng.next() < 0.1 ? 1e-3 : 3)
            checkLinear(a, b)
        }
    }

    @Test func linearTicksSurviveNonFiniteInput() {
        for (lo, hi) in [(Double.nan, 1.0), (.nan, .nan), (-.infinity, .infinity), (5, .infinity), (3, 1)] {
            let v = Ticks.linear(lo, hi).values
            #expect(v.count >= 3 && v.allSatisfy(\.isFinite))
        }
    }

    @Test func logTicks() {
        let t = Ticks.logarithmic(2_000, 1_500_000)
        #expect(t.values == [1_000, 10_000, 100_000, 1_000_000, 10_000_000])
        let narrow = Ticks.logarithmic(230_000, 1_500_000).values
        #expect(narrow.first! <= 230_000 && narrow.last! >= 1_500_000 && narrow.count >= 3)
        let wide = Ticks.logarithmic(1e-10, 1e30).values
        #expect(wide.count <= 10 && wide.first! <= 1e-10 && wide.last! >= 1e30)
        var rng = LCG(3)
        for _ in 0..<500 {
            let lo = pow(10, rng.next() * 12 - 4)
            let hi = lo * pow(10, rng.next() * 6)
            let v = Ticks.logarithmic(lo, hi).values
            #expect(v.count >= 2 && v.count <= 12 && v.first! <= lo * (1 + 1e-9) && v.last! >= hi * (1 - 1e-9), "\(lo) \(hi) \(v)")
            #expect(zip(v, v.dropFirst()).allSatisfy { $0 < $1 } && v.allSatisfy { $0 > 0 })
        }
    }

    @Test func numberFormats() {
        #expect(NumberFormat.percent(1).string(12.345) == "12.3%")
        #expect(NumberFormat.fractionAsPercent(1).string(0.1234) == "12.3%")
        #expect(NumberFormat.fixed(2).string(0.6931) == "0.69")
        #expect(NumberFormat.integer.string(1_234_567) == "1,234,567")
        #expect(NumberFormat.integer.string(1234) == "1234")
        #expect(NumberFormat.compact.string(1_500_000) == "1.5M")
        #expect(NumberFormat.compact.string(15_625) == "15.6k")
        #expect(NumberFormat.automatic.string(3) == "3")
        #expect(NumberFormat.automatic.string(0.123456) == "0.123")
        #expect(NumberFormat.automatic.string(94.3712) == "94.37")
        #expect(NumberFormat.fixed(1).string(-0.01) == "0.0")
        #expect(NumberFormat.fixed(1).string(-2.5) == "−2.5")
        #expect(NumberFormat.automatic.string(.nan) == "–")
        #expect(NumberFormat.automatic.tickLabel(0.4, step: 0.2) == "0.4")
        #expect(NumberFormat.automatic.tickLabel(50_000, step: 50_000) == "50k")
        #expect(NumberFormat.fractionAsPercent(0).tickLabel(0.25, step: 0.05) == "25%")
    }

    @Test func escaping() {
        #expect(xmlEscape("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &#39;e&#39;")
        #expect(xmlEscape("bell\u{07}tab\t") == "belltab\t")
        #expect(coord(1.005) == "1" || coord(1.005) == "1.01")
        #expect(coord(-0.001) == "0")
        #expect(coord(12.5) == "12.5")
        #expect(coord(-3.07) == "-3.07")
        #expect(coord(.nan) == "0")
    }

    @Test func inlineMarkupEscapes() {
        #expect(inlineMarkup("a **b** `c<d>` & e") == "a <strong>b</strong> <code>c&lt;d&gt;</code> &amp; e")
        #expect(inlineMarkup("2 * 3 `") == "2 * 3 `")
    }
}
