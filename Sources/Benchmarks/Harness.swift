import Foundation

/// Collects timings and prints one JSON object per measurement:
/// `{"name": …, "unit": …, "median": …, "min": …, "max": …, "repetitions": …}`.
struct BenchHarness {
    /// Times `body` `repetitions` times (after `warmup` untimed runs) and prints the result in `unit`
    /// ("ms", "s" or "us"); `transform` turns seconds into another unit (e.g. a rate) when given.
    mutating func time(
        _ name: String, unit: String = "ms", repetitions: Int = 5, warmup: Int = 1,
        transform: ((Double) -> Double)? = nil, _ body: () throws -> Void
    ) rethrows {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let transform { samples.append(transform(seconds)) } else { samples.append(Self.scale(seconds, unit)) }
        }
        report(name, unit: unit, samples: samples)
    }

    /// Prints a measurement made elsewhere.
    func report(_ name: String, unit: String, samples: [Double]) {
        let sorted = samples.sorted()
        let median = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        let object: [String: Any] = [
            "name": name, "unit": unit, "median": median,
            "min": sorted.first ?? .nan, "max": sorted.last ?? .nan, "repetitions": samples.count,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
        _ = 0
    }

    private static func scale(_ seconds: Double, _ unit: String) -> Double {
        switch unit {
        case "s": return seconds
        case "us": return seconds * 1e6
        default: return seconds * 1e3
        }
    }
}
