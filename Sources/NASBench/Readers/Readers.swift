import FileIO
import Foundation

extension Benchmark {
    /// Loads a benchmark file for the space named `space` (see `SearchSpaces.named`), by extension:
    /// `.csv` / `.csv.gz` (NAS-Bench-101 tabular export for `nb101`, NATS/NAS-Bench-201 table for
    /// `nb201`/`nb201-noskip`) or `.jsonl` (generic, any space). `dataset` selects the NAS-Bench-201
    /// accuracy column (`cifar10`, `cifar100`, `ImageNet16-120`); `objectiveColumn` overrides the
    /// objective.
    public static func load(space: String, path: String, dataset: String? = nil, objectiveColumn: String? = nil) throws -> Benchmark {
        let theSpace: any SearchSpace
        do { theSpace = try SearchSpaces.named(space) } catch let error as FileError {
            throw error  // the space file's own error
        } catch {
            throw BenchmarkError(file: path, field: "space", "\(error)")
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".jsonl.gz") {
            return try loadJSONLines(path: path, space: theSpace, objectiveColumn: objectiveColumn)
        }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz") {
            if let nb201 = theSpace as? NASBench201Space {
                return try loadNASBench201CSV(path: path, space: nb201, dataset: dataset, objectiveColumn: objectiveColumn)
            }
            if theSpace is NASBench101Space {
                return try loadNASBench101CSV(path: path, objectiveColumn: objectiveColumn)
            }
            throw BenchmarkError(file: path, "CSV tables are read for nb101 and nb201 only; use JSON Lines for space \(theSpace.name)")
        }
        if lower.hasSuffix(".tfrecord") {
            guard theSpace is NASBench101Space else {
                throw BenchmarkError(file: path, field: "space", "TFRecord files hold NAS-Bench-101 cells (space nb101), not \(theSpace.name)")
            }
            return try loadNASBench101TFRecord(path: path, objectiveColumn: objectiveColumn)
        }
        throw BenchmarkError(file: path, "unsupported format (expected .csv, .csv.gz, .jsonl or .tfrecord)")
    }

    // MARK: NAS-Bench-201

    /// The accuracy column of a NATS-Bench export for a dataset name.
    public static func nasBench201Column(forDataset dataset: String) -> String? {
        switch dataset.lowercased() {
        case "cifar10", "cifar-10": return "CIFAR10TestAccuracy200Epochs"
        case "cifar100", "cifar-100": return "CIFAR100TestAccuracy200Epochs"
        case "imagenet16-120", "imagenet", "imagenet16": return "ImageNetTestAccuracy200Epochs"
        default: return nil
        }
    }

    /// Reads a NAS-Bench-201 / NATS-Bench topology table: one row per official cell, a cell-string
    /// column (`archColumn`) and numeric columns (every column but the cell string and
    /// `UniqueString` must hold numbers). The objective is `objectiveColumn`, else the column of
    /// `dataset` (default cifar10). Rows whose output is cut off are counted as rejected.
    public static func loadNASBench201CSV(
        path: String, space: NASBench201Space = NASBench201Space(), dataset: String? = nil,
        archColumn: String = "ArchitectureString", objectiveColumn: String? = nil
    ) throws -> Benchmark {
        let objective: String
        if let objectiveColumn { objective = objectiveColumn } else {
            guard let column = nasBench201Column(forDataset: dataset ?? "cifar10") else {
                throw BenchmarkError(file: path, field: "dataset", "unknown dataset '\(excerpt(dataset!))' (known: cifar10, cifar100, ImageNet16-120)")
            }
            objective = column
        }
        let reader = try LineReader(path: path)
        guard let header = try reader.nextLine({ try CSVHeader(line: $0, path: path) }) else {
            throw BenchmarkError(file: path, line: 1, "empty file (no header)")
        }
        let archIndex = try header.column(archColumn, path: path)
        _ = try header.column(objective, path: path)
        let metricColumns = header.names.indices.filter { $0 != archIndex && header.names[$0] != "UniqueString" }
        let table = space.table
        var records: [BenchmarkRecord] = []
        var hashes: [String?] = []
        var unconverted: [RejectedRecord] = []
        var lines: [Int] = []
        var split = CSVLine()
        var row = 0
        while let done = try reader.nextLine({ line -> Bool in
            if line.isEmpty { return false }
            let lineNumber = reader.lineNumber
            if let error = split.split(line) {
                throw BenchmarkError(file: path, line: lineNumber, field: header.names[safe: error.field], error.message)
            }
            guard split.ranges.count == header.names.count else {
                throw BenchmarkError(file: path, line: lineNumber, "expected \(header.names.count) fields, found \(split.ranges.count)")
            }
            var metrics: [String: Double] = [:]
            for k in metricColumns {
                guard let value = split.double(k, in: line) else {
                    throw BenchmarkError(file: path, line: lineNumber, field: header.names[k], "not a number: \(split.excerpt(k, in: line))")
                }
                metrics[header.names[k]] = value
            }
            let arch = split.string(archIndex, in: line)
            let hash: String?
            do { hash = try space.canonicalHash(ofCellString: arch) } catch {
                throw BenchmarkError(file: path, line: lineNumber, field: archColumn, "\((error as? NotationError)?.message ?? "\(error)")")
            }
            if let hash, !hash.isEmpty, let cell = table.graphByString[arch] {
                records.append(BenchmarkRecord(cell: cell, metrics: metrics, identifier: arch))
                hashes.append(hash)
                lines.append(lineNumber)
            } else {
                unconverted.append(RejectedRecord(row: row, identifier: arch, reason: "the output is cut off from the input by 'none' edges"))
            }
            row += 1
            return true
        }) { _ = done }
        let datasetName = objectiveColumn == nil ? (dataset ?? "cifar10") : objective
        return try assemble(path: path, lines: lines) {
            try Benchmark(name: "\(space.name)-\(datasetName)", space: space, records: records, objective: objective,
                          knownHashes: hashes, unconvertedRows: unconverted)
        }
    }

    // MARK: NAS-Bench-101

    /// Reads the NAS-Bench-101 tabular export (plain or gzip-compressed CSV) with columns `adjacency`
    /// (V×V row-major 0/1 string), `ops` (comma-separated, `input,…,output`) and numeric columns;
    /// optional `hash` (kept as the record identifier and trusted as the canonical hash of valid
    /// cells), `index` and `num_vertices` (checked against `ops`). Footprint = `trainable_parameters`
    /// when present; objective default `test_accuracy`.
    public static func loadNASBench101CSV(path: String, objectiveColumn: String? = nil, trustHashColumn: Bool = true) throws -> Benchmark {
        let space = NASBench101Space()
        let objective = objectiveColumn ?? "test_accuracy"
        let reader = try LineReader(path: path)
        guard let header = try reader.nextLine({ try CSVHeader(line: $0, path: path) }) else {
            throw BenchmarkError(file: path, line: 1, "empty file (no header)")
        }
        let adjacencyIndex = try header.column("adjacency", path: path)
        let opsIndex = try header.column("ops", path: path)
        _ = try header.column(objective, path: path)
        let hashIndex = header.names.firstIndex(of: "hash")
        let verticesIndex = header.names.firstIndex(of: "num_vertices")
        let paramsIndex = header.names.firstIndex(of: "trainable_parameters")
        let skip: Set<String> = ["hash", "adjacency", "ops", "index", "num_vertices"]
        let metricColumns = header.names.indices.filter { !skip.contains(header.names[$0]) }
        let metricNames = metricColumns.map { header.names[$0] }
        let opNames: [[UInt8]] = space.operations.map { Array($0.utf8) }
        let inputName = Array(NodeNames.input.utf8), outputName = Array(NodeNames.output.utf8)

        var records: [BenchmarkRecord] = []
        var hashes: [String?] = []
        var split = CSVLine()
        var labels: [Int] = []
        var lines: [Int] = []
        while let _ = try reader.nextLine({ line -> Bool in
            if line.isEmpty { return false }
            let lineNumber = reader.lineNumber
            func fail(_ field: String?, _ message: String) -> BenchmarkError {
                BenchmarkError(file: path, line: lineNumber, field: field, message)
            }
            if let error = split.split(line) { throw fail(header.names[safe: error.field], error.message) }
            guard split.ranges.count == header.names.count else {
                throw fail(nil, "expected \(header.names.count) fields, found \(split.ranges.count)")
            }
            // ops
            labels.removeAll(keepingCapacity: true)
            let opsRange = split.ranges[opsIndex]
            var p = opsRange.lowerBound
            while p <= opsRange.upperBound {
                var q = p
                while q < opsRange.upperBound && line[q] != 0x2C { q += 1 }
                let token = UnsafeBufferPointer(rebasing: line[p..<q])
                if token.elementsEqual(inputName) { labels.append(Cell.inputLabel) }
                else if token.elementsEqual(outputName) { labels.append(Cell.outputLabel) }
                else if let k = opNames.firstIndex(where: { token.elementsEqual($0) }) { labels.append(k) }
                else { throw fail("ops", "unknown operation \(quotedExcerpt(UnsafeRawBufferPointer(token))) (known: input, \(space.operations.joined(separator: ", ")), output)") }
                p = q + 1
            }
            let n = labels.count
            // adjacency
            let adjacencyRange = split.ranges[adjacencyIndex]
            guard adjacencyRange.count == n * n else {
                throw fail("adjacency", "has \(adjacencyRange.count) entries, expected \(n)×\(n) = \(n * n) for \(n) ops")
            }
            var adjacency = [Bool](repeating: false, count: n * n)
            for (k, b) in UnsafeBufferPointer(rebasing: line[adjacencyRange]).enumerated() {
                switch b {
                case 0x30: break
                case 0x31: adjacency[k] = true
                default: throw fail("adjacency", "entry \(k) is '\(Character(Unicode.Scalar(b)))', expected 0 or 1")
                }
            }
            if let verticesIndex {
                guard let v = split.double(verticesIndex, in: line), v == Double(n) else {
                    throw fail("num_vertices", "\(split.excerpt(verticesIndex, in: line)) does not match the \(n) ops")
                }
            }
            var metrics: [String: Double] = Dictionary(minimumCapacity: metricColumns.count)
            for (k, column) in metricColumns.enumerated() {
                guard let value = split.double(column, in: line) else {
                    throw fail(metricNames[k], "not a number: \(split.excerpt(column, in: line))")
                }
                metrics[metricNames[k]] = value
            }
            var identifier: String?
            if let hashIndex {
                let range = split.ranges[hashIndex]
                guard range.count == 32, UnsafeBufferPointer(rebasing: line[range]).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                    throw fail("hash", "\(split.excerpt(hashIndex, in: line)) is not 32 lower-case hex digits")
                }
                identifier = split.string(hashIndex, in: line)
            }
            if let paramsIndex, let parameters = metrics[header.names[paramsIndex]], parameters < 0 {
                throw fail("trainable_parameters", "is negative (\(parameters))")
            }
            records.append(BenchmarkRecord(
                cell: Cell(nodeCount: n, adjacency: adjacency, labels: labels), metrics: metrics,
                footprint: paramsIndex.flatMap { metrics[header.names[$0]] }, identifier: identifier))
            hashes.append(trustHashColumn ? identifier : nil)
            lines.append(lineNumber)
            return true
        }) {}
        return try assemble(path: path, lines: lines) {
            try Benchmark(name: "nb101-\(objective)", space: space, records: records, objective: objective, knownHashes: hashes)
        }
    }

    // MARK: JSON Lines

    /// Reads the generic JSON Lines format (docs/DATA_FORMATS.md): one object per line with `matrix`
    /// and `ops` (the space's notation; for NAS-Bench-201 `arch` may replace them), `metrics` (an
    /// object of numbers) and optional `footprint`. The objective is `objectiveColumn`, else
    /// `test_accuracy`, else the only metric of the first record. Blank lines are skipped.
    public static func loadJSONLines(path: String, space: any SearchSpace, objectiveColumn: String? = nil) throws -> Benchmark {
        let reader = try LineReader(path: path)
        var records: [BenchmarkRecord] = []
        var unconverted: [RejectedRecord] = []
        var lines: [Int] = []
        var row = 0
        while let _ = try reader.nextLine({ line -> Bool in
            let lineNumber = reader.lineNumber
            func fail(_ field: String?, _ message: String) -> BenchmarkError {
                BenchmarkError(file: path, line: lineNumber, field: field, message)
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return false }
            let object: [String: Any]
            do {
                guard let parsed = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw fail(nil, "not a JSON object")
                }
                object = parsed
            } catch let error as BenchmarkError { throw error } catch {
                throw fail(nil, "invalid JSON (\(quotedExcerpt("\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription)"[...], limit: 120)))")
            }
            var metrics: [String: Double] = [:]
            if let raw = object["metrics"] {
                guard let dict = raw as? [String: Any] else { throw fail("metrics", "must be an object of numbers") }
                for (key, value) in dict {
                    guard let number = value as? NSNumber, number.doubleValue.isFinite else {
                        throw fail("metrics.\(excerpt(key))", "not a number: \(quotedExcerpt("\(value)"[...]))")
                    }
                    metrics[key] = number.doubleValue
                }
            }
            var footprint: Double?
            if let raw = object["footprint"] {
                guard let number = raw as? NSNumber, number.doubleValue.isFinite else { throw fail("footprint", "not a number: \(quotedExcerpt("\(raw)"[...]))") }
                guard number.doubleValue >= 0 else { throw fail("footprint", "is negative (\(number.doubleValue)); a footprint is a size, e.g. parameters") }
                footprint = number.doubleValue
            }
            let cell: Cell
            var identifier: String?
            if object["matrix"] == nil, let arch = object["arch"] {
                guard let text = arch as? String else { throw fail("arch", "must be a string") }
                guard let nb201 = space as? NASBench201Space else { throw fail("arch", "cell strings are only understood for NAS-Bench-201 spaces") }
                identifier = text
                let graph: Cell?
                do { graph = try nb201.graph(ofCellString: text) } catch let error as NotationError { throw fail("arch", error.message) }
                guard let graph else {
                    unconverted.append(RejectedRecord(row: row, identifier: text, reason: "the output is cut off from the input by 'none' edges"))
                    row += 1
                    return true
                }
                cell = graph
            } else {
                guard let rawMatrix = object["matrix"] else { throw fail("matrix", "missing") }
                guard let rows = rawMatrix as? [Any] else { throw fail("matrix", "must be an array of rows of 0/1") }
                var matrix: [[Int]] = []
                for (i, rawRow) in rows.enumerated() {
                    guard let r = rawRow as? [Any] else { throw fail("matrix", "row \(i) is not an array") }
                    var ints: [Int] = []
                    for value in r {
                        guard let number = value as? NSNumber, number.doubleValue == 0 || number.doubleValue == 1 else {
                            throw fail("matrix", "row \(i) has entry \(quotedExcerpt("\(value)"[...])), expected 0 or 1")
                        }
                        ints.append(number.intValue)
                    }
                    matrix.append(ints)
                }
                guard let rawOps = object["ops"] else { throw fail("ops", "missing") }
                guard let ops = rawOps as? [String] else { throw fail("ops", "must be an array of strings") }
                do { cell = try space.cell(fromMatrix: matrix, ops: ops) } catch let error as NotationError {
                    throw fail(error.field, error.message)
                }
                identifier = object["id"] as? String
            }
            records.append(BenchmarkRecord(cell: cell, metrics: metrics, footprint: footprint, identifier: identifier))
            lines.append(lineNumber)
            row += 1
            return true
        }) {}
        guard !records.isEmpty || !unconverted.isEmpty else { throw BenchmarkError(file: path, "empty file (no records)") }
        let objective: String
        if let objectiveColumn { objective = objectiveColumn }
        else if records.first?.metrics["test_accuracy"] != nil { objective = "test_accuracy" }
        else if let first = records.first, first.metrics.count == 1 { objective = first.metrics.keys.first! }
        else { throw BenchmarkError(file: path, field: "metrics", "cannot choose an objective; name one of: \(shownKeys(records.first?.metrics.keys.sorted() ?? []))") }
        return try assemble(path: path, lines: lines) {
            try Benchmark(name: "\(space.name)-\(objective)", space: space, records: records, objective: objective, unconvertedRows: unconverted)
        }
    }

    /// Metric names as an error lists them: at most 8, each shortened.
    private static func shownKeys(_ keys: [String]) -> String {
        guard !keys.isEmpty else { return "none" }
        return keys.prefix(8).map { excerpt($0, limit: 32) }.joined(separator: ", ") + (keys.count > 8 ? ", … (\(keys.count) in all)" : "")
    }

    /// Builds the benchmark, re-addressing its errors to the file and the line of the record.
    private static func assemble(path: String, lines: [Int], _ build: () throws -> Benchmark) throws -> Benchmark {
        do { return try build() } catch let error as BenchmarkError {
            let line = error.record.flatMap { lines[safe: $0] }
            throw BenchmarkError(file: path, line: line, record: line == nil ? error.record : nil, field: error.field, error.message)
        }
    }

    /// Writes benchmark records as JSON Lines (the inverse of `loadJSONLines`), in the space's notation.
    public static func jsonLines(of records: [BenchmarkRecord], space: any SearchSpace) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Line: Encodable {
            let matrix: [[Int]]
            let ops: [String]
            let arch_strings: [String]?
            let metrics: [String: Double]
            let footprint: Double?
            let id: String?
        }
        return records.map { record in
            let notation = space.notation(of: record.cell)
            let line = Line(matrix: notation.matrix, ops: notation.ops, arch_strings: notation.archStrings,
                            metrics: record.metrics, footprint: record.footprint, id: record.identifier)
            return String(decoding: try! encoder.encode(line), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
