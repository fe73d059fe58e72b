import Foundation
import NASBench

/// One line of a generated-cells file (`gnn2gnn generate`): the cell in its space's notation plus
/// what is known about it. A NAS-Bench-201 cell is written as its canonical cell string alone
/// (`arch`, `arch_count`); `matrix` and `ops` (the node-labelled graph) are written for every other
/// space, for cells without an official string, and on request (`generate --graph`).
public struct GeneratedCellRecord: Codable, Sendable {
    /// The graph's adjacency and node operations; empty when the line holds only `arch`.
    public var matrix: [[Int]]
    public var ops: [String]
    /// NAS-Bench-201: the canonical official cell string of this graph (the lexicographically
    /// smallest of the strings that map to it) and how many official strings map to it.
    public var arch: String?
    public var archCount: Int?
    /// NAS-Bench-201, with `generate --all-strings`: every official cell string that maps to this graph.
    public var archStrings: [String]?
    public var valid: Bool?
    /// Canonical (isomorphism-invariant) hash of the pruned cell, when valid.
    public var hash: String?
    /// Benchmark objective, top percentile and footprint, when the cell is in the benchmark.
    public var objective: Double?
    public var top: Double?
    public var footprint: Double?
    /// A valid cell that is not a row of the run's table (`CellPredictions`).
    public var isNew: Bool?
    /// The run's valuer: its raw score, the objective it stands for and where that would rank in the
    /// table (percent of the table's architectures better).
    public var valuerScore: Double?
    public var predicted: Double?
    public var predictedTop: Double?

    enum CodingKeys: String, CodingKey {
        case matrix, ops, valid, hash, objective, top, footprint, arch, predicted
        case archCount = "arch_count"
        case archStrings = "arch_strings"
        case isNew = "new"
        case valuerScore = "valuer_score"
        case predictedTop = "predicted_top"
    }

    /// The record of a cell in its space's notation: the canonical string and the count of a
    /// NAS-Bench-201 notation's strings (the whole list only when `allStrings`), and the graph unless
    /// the cell has an official string and `graph` is false.
    public init(notation: CellNotation, allStrings: Bool = false, graph: Bool = false) {
        matrix = notation.matrix
        ops = notation.ops
        if let strings = notation.archStrings, !strings.isEmpty {
            arch = strings.min()
            archCount = strings.count
            if allStrings { archStrings = strings }
            if !graph { matrix = []; ops = [] }
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        arch = try c.decodeIfPresent(String.self, forKey: .arch)
        archCount = try c.decodeIfPresent(Int.self, forKey: .archCount)
        archStrings = try c.decodeIfPresent([String].self, forKey: .archStrings)
        // Without an official string the graph is the notation, so it must be there.
        let hasString = arch != nil || archStrings?.isEmpty == false
        if hasString {
            matrix = try c.decodeIfPresent([[Int]].self, forKey: .matrix) ?? []
            ops = try c.decodeIfPresent([String].self, forKey: .ops) ?? []
        } else {
            matrix = try c.decode([[Int]].self, forKey: .matrix)
            ops = try c.decode([String].self, forKey: .ops)
        }
        valid = try c.decodeIfPresent(Bool.self, forKey: .valid)
        hash = try c.decodeIfPresent(String.self, forKey: .hash)
        objective = try c.decodeIfPresent(Double.self, forKey: .objective)
        top = try c.decodeIfPresent(Double.self, forKey: .top)
        footprint = try c.decodeIfPresent(Double.self, forKey: .footprint)
        isNew = try c.decodeIfPresent(Bool.self, forKey: .isNew)
        valuerScore = try c.decodeIfPresent(Double.self, forKey: .valuerScore)
        predicted = try c.decodeIfPresent(Double.self, forKey: .predicted)
        predictedTop = try c.decodeIfPresent(Double.self, forKey: .predictedTop)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !matrix.isEmpty || arch == nil {
            try c.encode(matrix, forKey: .matrix)
            try c.encode(ops, forKey: .ops)
        }
        try c.encodeIfPresent(arch, forKey: .arch)
        try c.encodeIfPresent(archCount, forKey: .archCount)
        try c.encodeIfPresent(archStrings, forKey: .archStrings)
        try c.encodeIfPresent(valid, forKey: .valid)
        try c.encodeIfPresent(hash, forKey: .hash)
        try c.encodeIfPresent(objective, forKey: .objective)
        try c.encodeIfPresent(top, forKey: .top)
        try c.encodeIfPresent(footprint, forKey: .footprint)
        try c.encodeIfPresent(isNew, forKey: .isNew)
        try c.encodeIfPresent(valuerScore, forKey: .valuerScore)
        try c.encodeIfPresent(predicted, forKey: .predicted)
        try c.encodeIfPresent(predictedTop, forKey: .predictedTop)
    }

    /// The notation the record holds (its official strings: the list when written, else the canonical one).
    public var notation: CellNotation { CellNotation(matrix: matrix, ops: ops, archStrings: archStrings ?? arch.map { [$0] }) }
}

/// Reading and writing files of generated cells (JSON Lines, one `GeneratedCellRecord` per line).
public enum GeneratedCellsFile {
    /// Records for `scored` cells of `benchmark`'s space, with look-up results (`allStrings`: every
    /// official NAS-Bench-201 string of a cell, not only the canonical one).
    public static func records(_ scored: [ScoredCell], benchmark: Benchmark?, space: any SearchSpace,
                               allStrings: Bool = false, graph: Bool = false) -> [GeneratedCellRecord] {
        scored.map { s in
            var record = GeneratedCellRecord(notation: space.notation(of: s.cell), allStrings: allStrings, graph: graph)
            record.valid = s.isValid
            record.hash = s.hash
            if let k = s.classIndex, let benchmark {
                let c = benchmark.classes[k]
                record.objective = c.objective
                record.top = c.top
                record.footprint = c.footprint
            }
            return record
        }
    }

    /// Writes records atomically (streamed to a temporary file that then replaces `url`), one JSON
    /// object per line with sorted keys, as `JSONEncoder` writes them.
    public static func write(_ records: [GeneratedCellRecord], to url: URL) throws {
        try FastRecordWriter.write(count: records.count, to: url, line: { FastRecordWriter.append(records[$0], to: &$1) }) { i in
            // Only a non-finite number fails; JSONEncoder says which and where.
            let encoder = JSONEncoder()
            _ = try encoder.encode(records[i])
            preconditionFailure("record \(i) failed to serialize but JSONEncoder accepts it")
        }
    }

    /// Reads the cells of a file in `space`'s notation; a bad line throws an error naming file, line and
    /// field, and so does a file without any cell.
    public static func readCells(path: String, space: any SearchSpace) throws -> [Cell] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError(file: path, "cannot read the file")
        }
        var cells: [Cell] = []
        let decoder = JSONDecoder()
        // Lines as `data.split(separator: 0x0A, omittingEmptySubsequences: false)` gives them, found
        // over raw bytes (Data's generic split paid an exclusivity check per byte).
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0, n = 0
            func handle(_ line: UnsafeRawBufferPointer) throws {
                defer { n += 1 }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return }
                let record: GeneratedCellRecord
                if let fast = FastRecordParser.parse(line) {
                    record = fast  // lines as `write` produces them; anything else goes through JSONDecoder
                } else {
                    do { record = try decoder.decode(GeneratedCellRecord.self, from: Data(line)) } catch let DecodingError.keyNotFound(key, _) {
                        throw BenchmarkError(file: path, line: n + 1, field: key.stringValue, "missing")
                    } catch let DecodingError.typeMismatch(_, context) {
                        throw BenchmarkError(file: path, line: n + 1, field: context.codingPath.map(\.stringValue).joined(separator: "."), "has the wrong type")
                    } catch {
                        throw BenchmarkError(file: path, line: n + 1, "not a JSON object with matrix and ops")
                    }
                }
                do { cells.append(try space.cell(from: record.notation)) } catch let e as NotationError {
                    throw BenchmarkError(file: path, line: n + 1, field: e.field, e.message)
                }
            }
            for i in 0..<bytes.count where bytes[i] == 0x0A {
                try handle(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
            }
            try handle(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        guard !cells.isEmpty else { throw BenchmarkError(file: path, "holds no cells (the file is empty or blank)") }
        return cells
    }
}
