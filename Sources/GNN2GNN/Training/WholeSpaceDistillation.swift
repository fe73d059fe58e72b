import Foundation
import NASBench
import TensorCore

/// Draws classes ∝ exp(−max(0, r − P) / T), where r is a class's rank by a score in percent of all
/// classes (0 = best scored), T is `temperature` and P `plateau`, both in percent: T = 3 puts most
/// draws in the best-scored few percent while keeping hundreds of distinct classes; a plateau P > 0
/// draws the best-scored P% uniformly before the decay starts (more distinct classes at the top).
/// Ties go to the earlier of the scored items (`WholeSpaceDistillation` lists its members by canonical
/// hash, so that no tie is broken by an objective).
public struct RankBoltzmannSampler: Sendable {
    /// Class indices, best scored first.
    public let order: [Int]
    let cumulative: [Double]

    public init(scores: [Float], temperature: Double, plateau: Double = 0) {
        precondition(temperature > 0, "the temperature must be positive")
        precondition(plateau >= 0 && plateau < 100, "the plateau must be in [0, 100)")
        let n = scores.count
        order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var cumulative = [Double](repeating: 0, count: n)
        var total = 0.0
        for rank in 0..<n {
            total += exp(-max(0, 100 * Double(rank) / Double(n) - plateau) / temperature)
            cumulative[rank] = total
        }
        self.cumulative = cumulative
    }

    /// One class index (one uniform number from `random`).
    public func draw(using random: inout SeededGenerator) -> Int {
        precondition(!order.isEmpty, "nothing to draw from")
        let u = Double(random.nextFloat()) * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return order[low]
    }
}

/// Whole-space distillation (beyond the paper; `TrainingConfiguration.distillWeight`): the generator
/// is also taught, by maximum likelihood, cells drawn from the valuer's Boltzmann distribution over
/// every member of the space (`RankBoltzmannSampler` over the valuer's scores, refreshed once per
/// epoch). That distribution is what the entropy-regularised valuer reward aims at; likelihood reaches
/// it without the score-function estimate's variance, and covers its modes instead of seeking one.
/// The members are the space's own (`SearchSpace.allMembers`) where it enumerates them — on a sample
/// of a benchmark, architectures the table lacks too — and the table's rows elsewhere. No objective
/// is looked up.
struct WholeSpaceDistillation {
    /// Slot choices of every member, `slotCount` per member.
    let choices: [UInt8]
    let slotCount: Int
    /// The members that can be written in slots (all, for NAS-Bench-101 and -201), in the order of
    /// their canonical hashes: the benchmark's class order is best first by the true objective, which
    /// would break the sampler's ties (e.g. every cell the clamped valuer scores 1) by the withheld
    /// cells' objectives (METHOD.md §10). A member the table holds is the table's cell.
    let cells: [Cell]
    /// The sampler of the epoch `epoch` (nil before the first refresh).
    var sampler: RankBoltzmannSampler?
    var epoch = -1

    /// `members`: the space's, or nil for the table's rows.
    init(benchmark: Benchmark, members: SpaceMembers?, space: any SlotStructuredSpace) {
        slotCount = space.slotCount
        precondition(space.maxSlotOptionCount <= Int(UInt8.max), "too many options per slot")
        let candidates: [(hash: String, cell: Cell)]
        if let members {
            candidates = zip(members.hashes, members.cells).map { hash, cell in
                (hash, benchmark.classIndex(ofHash: hash).map { benchmark.classes[$0].cell } ?? cell)
            }
        } else {
            candidates = benchmark.classIndicesByHash.map { (benchmark.classes[$0].hash, benchmark.classes[$0].cell) }
        }
        var choices: [UInt8] = []
        choices.reserveCapacity(candidates.count * slotCount)
        var cells: [Cell] = []
        for (_, cell) in candidates {
            guard let slots = space.slotChoices(of: cell) else { continue }
            cells.append(cell)
            choices += slots.map { UInt8($0) }
        }
        self.choices = choices
        self.cells = cells
    }

    /// Rebuilds the sampler from `scores` (one per member, in `cells` order; higher is better).
    mutating func refresh(scores: [Float], temperature: Double, plateau: Double, epoch: Int) {
        precondition(scores.count == cells.count, "one score per member")
        sampler = RankBoltzmannSampler(scores: scores, temperature: temperature, plateau: plateau)
        self.epoch = epoch
    }

    /// `count` drawn classes as slot choices.
    func draw(count: Int, using random: inout SeededGenerator) -> [[Int]] {
        guard let sampler else { preconditionFailure("refresh the distillation before drawing") }
        return (0..<count).map { _ in
            let k = sampler.draw(using: &random)
            return (0..<slotCount).map { Int(choices[k * slotCount + $0]) }
        }
    }
}
