import Foundation
import Testing
@testable import Reports

/// Collects what a reporter writes.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

@Suite("Progress bar")
struct ProgressBarTests {
    let bar = ProgressBar("train", total: 2700, barWidth: 10)

    @Test func renderAtZeroHalfAndFull() {
        #expect(bar.render(step: 0, elapsed: 0) == "train [          ] 0%    0/2700 00:00<?")
        #expect(bar.render(step: 1350, elapsed: 12, metrics: [("lossD", "0.69"), ("top10", "12.3%")])
                == "train [█████     ] 50% 1350/2700 00:12<00:12 lossD=0.69 top10=12.3%")
        #expect(bar.render(step: 2700, elapsed: 3725) == "train [██████████] 100% 2700/2700 1:02:05<00:00")
        #expect(bar.render(step: 9999, elapsed: 1).hasPrefix("train [██████████] 100%"))
    }

    @Test func partialBlocksAndUnknowns() {
        #expect(bar.render(step: 1215, elapsed: 12) == "train [████▌     ] 45% 1215/2700 00:12<00:14")
        #expect(bar.render(step: 100, elapsed: .nan).hasSuffix("?<?"))
        #expect(ProgressBar("gen", total: 0).render(step: 42, elapsed: 5, metrics: [("valid", "99%")]) == "gen 42 00:05 valid=99%")
        #expect(ProgressBar("", total: 4, barWidth: 4).render(step: -1, elapsed: 0) == "[    ] 0% 0/4 00:00<?")
        #expect(ProgressBar.clock(59.9) == "00:59" && ProgressBar.clock(3600) == "1:00:00" && ProgressBar.clock(.infinity) == "?")
    }

    @Test func plainModeThrottles() {
        let out = Collected()
        var p = ProgressReporter(ProgressBar("x", total: 100), mode: .plain, plainInterval: 10, sink: { out.append($0) })
        for step in 1...100 { p.update(step: step, metrics: [], at: Double(step) * 0.5) }
        p.finish(metrics: nil, at: 50)
        let lines = out.all
        // Drawn at t = 0.5, 10.5, 20.5, 30.5, 40.5 and at the last step; finish adds nothing new.
        #expect(lines.count == 6, "\(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
        #expect(lines.last!.contains("100/100"))
    }

    @Test func interactiveModeRedrawsInPlace() {
        let out = Collected()
        var p = ProgressReporter(ProgressBar("x", total: 1000), mode: .interactive, sink: { out.append($0) })
        for step in 1...500 { p.update(step: step, metrics: [("l", "1")], at: Double(step) * 0.01) }
        p.message("epoch done")
        p.finish(metrics: [("l", "0.5")], at: 5.5)
        let lines = out.all
        #expect(lines.count <= 60 && lines.count >= 45, "≤ 10 redraws per second: \(lines.count)")
        #expect(lines.first!.hasPrefix("\r"))
        #expect(lines.contains { $0.contains("epoch done\n") })
        #expect(lines.last!.hasSuffix("\n") && lines.last!.contains("l=0.5"))
        let silent = Collected()
        var q = ProgressReporter(ProgressBar("x", total: 3), mode: .silent, sink: { silent.append($0) })
        q.update(step: 3)
        q.finish()
        #expect(silent.all.isEmpty)
    }
}
