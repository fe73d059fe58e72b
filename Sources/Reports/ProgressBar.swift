import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders a one-line terminal progress bar:
/// `train [█████▌    ] 45% 1234/2700 00:12<00:15 lossD=0.69 top10=12.3%`.
///
///     ProgressBar("train", total: 2700).render(step: 1234, elapsed: 12, metrics: [("lossD", "0.69")])
public struct ProgressBar: Sendable, Equatable {
    /// Text before the bar.
    public var label: String
    /// Number of steps at completion; 0 or less when unknown (no bar, percentage or ETA).
    public var total: Int
    /// Width of the bar in character cells.
    public var barWidth: Int

    public init(_ label: String, total: Int, barWidth: Int = 24) {
        self.label = label
        self.total = total
        self.barWidth = max(1, barWidth)
    }

    /// The bar at `step` after `elapsed` seconds, followed by `name=value` metrics.
    public func render(step: Int, elapsed: Double, metrics: [(String, String)] = []) -> String {
        var parts: [String] = []
        if !label.isEmpty { parts.append(label) }
        let step = max(0, step)
        if total > 0 {
            let fraction = min(1, Double(step) / Double(total))
            let eighths = Int((fraction * Double(barWidth * 8)).rounded(.down))
            let full = eighths / 8, partial = eighths % 8
            let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            var bar = String(repeating: "█", count: full)
            if partial > 0 && full < barWidth { bar.append(partials[partial - 1]) }
            bar += String(repeating: " ", count: max(0, barWidth - bar.count))
            parts.append("[\(bar)]")
            parts.append("\(Int((fraction * 100).rounded(.down)))%")
            let digits = String(total).count
            let s = String(step)
            parts.append(String(repeating: " ", count: max(0, digits - s.count)) + s + "/\(total)")
            let eta: String
            if step >= total {
                eta = ProgressBar.clock(0)
            } else if step > 0, elapsed > 0, elapsed.isFinite {
                eta = ProgressBar.clock(elapsed / Double(step) * Double(total - step))
            } else {
                eta = "?"
            }
            parts.append(ProgressBar.clock(elapsed) + "<" + eta)
        } else {
            parts.append("\(step)")
            parts.append(ProgressBar.clock(elapsed))
        }
        for (name, value) in metrics { parts.append("\(name)=\(value)") }
        return parts.joined(separator: " ")
    }

    /// `mm:ss`, or `h:mm:ss` from one hour; `?` when not finite.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "?" }
        let t = Int(seconds.rounded(.down))
        let h = t / 3600, m = (t % 3600) / 60, s = t % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
    }
}

/// Draws a `ProgressBar` on stderr: redrawn in place (`\r`) at most 10 times a second when stderr is a
/// terminal, otherwise written as a plain line at most every `plainInterval` seconds (and at the end).
///
///     var progress = ProgressReporter(ProgressBar("epoch 3/20", total: steps))
///     for step in 1...steps { …; progress.update(step: step, metrics: [("lossD", "0.69")]) }
///     progress.finish()
public struct ProgressReporter {
    /// Where and how to draw.
    public enum Mode: Sendable, Equatable {
        /// Interactive when stderr is a terminal (`isatty(2)`), plain lines otherwise.
        case automatic
        /// Redraw one line in place.
        case interactive
        /// A new line at most every `plainInterval` seconds.
        case plain
        /// Draw nothing.
        case silent
    }

    /// The bar being drawn (its label and total may be changed between updates).
    public var bar: ProgressBar
    /// Minimum seconds between plain lines.
    public var plainInterval: Double
    /// Minimum seconds between interactive redraws.
    public var redrawInterval: Double = 0.1
    let interactive: Bool
    let silent: Bool
    private let sink: @Sendable (String) -> Void
    private let start = ContinuousClock.now
    private var lastDraw: Double?
    private var lastStep = 0
    private var lastMetrics: [(String, String)] = []
    private var finished = false
    private var drawnStep: Int?

    /// Creates a reporter. `sink` receives the raw text (default: written to stderr).
    public init(
        _ bar: ProgressBar, mode: Mode = .automatic, plainInterval: Double = 10,
        sink: @escaping @Sendable (String) -> Void = ProgressReporter.writeToStandardError
    ) {
        self.bar = bar
        self.plainInterval = plainInterval
        self.sink = sink
        switch mode {
        case .automatic: interactive = isatty(2) != 0; silent = false
        case .interactive: interactive = true; silent = false
        case .plain: interactive = false; silent = false
        case .silent: interactive = false; silent = true
        }
    }

    /// Writes text to file descriptor 2.
    public static let writeToStandardError: @Sendable (String) -> Void = { text in
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Seconds since the reporter was created.
    public var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Reports progress; draws only when the throttle allows (always at the last step).
    public mutating func update(step: Int, metrics: [(String, String)] = []) {
        update(step: step, metrics: metrics, at: elapsed)
    }

    /// Ends the bar: draws the final state and a newline.
    public mutating func finish(metrics: [(String, String)]? = nil) {
        finish(metrics: metrics, at: elapsed)
    }

    /// Prints a line of text above the bar (the bar is redrawn at the next update).
    public mutating func message(_ text: String) {
        guard !silent else { return }
        sink(interactive ? "\r\u{1B}[K" + text + "\n" : text + "\n")
        if interactive { lastDraw = nil }
    }

    // Testable core, with the time passed in.
    mutating func update(step: Int, metrics: [(String, String)], at seconds: Double) {
        lastStep = step
        lastMetrics = metrics
        guard !silent, !finished else { return }
        let final = bar.total > 0 && step >= bar.total
        let interval = interactive ? redrawInterval : plainInterval
        if let last = lastDraw, seconds - last < interval, !final { return }
        draw(step: step, metrics: metrics, seconds: seconds, newline: false)
    }

    mutating func finish(metrics: [(String, String)]?, at seconds: Double) {
        guard !silent, !finished else { return }
        if let metrics { lastMetrics = metrics }
        // A plain line for this exact state was already written: don't repeat it.
        if !interactive, drawnStep == lastStep, metrics == nil { finished = true; return }
        draw(step: lastStep, metrics: lastMetrics, seconds: seconds, newline: true)
        finished = true
    }

    private mutating func draw(step: Int, metrics: [(String, String)], seconds: Double, newline: Bool) {
        lastDraw = seconds
        drawnStep = step
        var line = bar.render(step: step, elapsed: seconds, metrics: metrics)
        if interactive {
            let columns = ProgressReporter.terminalColumns()
            if line.count > columns - 1 { line = String(line.prefix(max(10, columns - 2))) + "…" }
            sink("\r" + line + "\u{1B}[K" + (newline ? "\n" : ""))
        } else {
            sink(line + "\n")
        }
    }

    /// Width of the terminal on stderr (`COLUMNS`, then the terminal itself, else 120).
    static func terminalColumns() -> Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 20 { return c }
        #if canImport(Glibc) || canImport(Darwin) || canImport(Musl)
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        #endif
        return 120
    }
}
