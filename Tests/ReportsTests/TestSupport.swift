import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports

/// Parses `text` as XML; returns the parser error message, or nil when well-formed.
func xmlError(_ text: String) -> String? {
    let parser = XMLParser(data: Data(text.utf8))
    if parser.parse() { return nil }
    return parser.parserError.map { "\($0)" } ?? "unknown XML error"
}

/// Deterministic pseudo-random numbers for property tests (no global state).
struct LCG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func int(_ n: Int) -> Int { min(n - 1, Int(next() * Double(n))) }
}

/// Output must not leak non-finite numbers into coordinates.
func hasBadNumbers(_ svg: String) -> Bool {
    svg.contains("nan") || svg.contains("NaN") || svg.contains("inf\"") || svg.contains("e+") || svg.contains("e-0")
}
