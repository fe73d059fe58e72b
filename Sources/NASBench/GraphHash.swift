/// The iterative neighbourhood hash of NAS-Bench-101 (`hash_module` of the official API), applied to
/// any node-labelled cell with its own labels.
///
/// The cell is pruned first (nodes off every input→output path are dropped; a cell whose output is
/// unreachable is hashed as given). Each node starts as the MD5 hex of Python's text of the tuple
/// `(out_degree, in_degree, label)`; then, `nodeCount` times, every node becomes the MD5 hex of its
/// in-neighbours' values sorted and concatenated, `|`, its out-neighbours' values likewise, `|`, its own
/// value. The result is the MD5 hex of the sorted final values printed as a Python list (`['…', '…']`).
/// The hash does not depend on node order; for a NAS-Bench-101 cell (labels: input −1, output −2,
/// middle ops indexed in the order conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3) it is the official
/// module hash.
public func iterativeGraphHash(of cell: Cell) -> String {
    let target = cell.pruned() ?? cell
    return IterativeGraphHasher.digest(of: target).hex
}

/// Implementation of `iterativeGraphHash(of:)` on raw digests (hex order equals digest order).
enum IterativeGraphHasher {
    static func digest(of cell: Cell) -> MD5Digest {
        let n = cell.nodeCount
        var inDegree = [Int](repeating: 0, count: n), outDegree = [Int](repeating: 0, count: n)
        var preds = [[Int]](repeating: [], count: n), succs = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for j in 0..<n where cell.hasEdge(i, j) {
                outDegree[i] += 1; inDegree[j] += 1
                succs[i].append(j); preds[j].append(i)
            }
        }
        var hashes = (0..<n).map { MD5.digest("(\(outDegree[$0]), \(inDegree[$0]), \(cell.labels[$0]))") }
        var next = hashes
        let capacity = 2 * n * 32 + 2 + 32
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, n * 36 + 2)) { buffer in
            let out = buffer.baseAddress!
            var scratch: [MD5Digest] = []
            scratch.reserveCapacity(n)
            for _ in 0..<n {
                for v in 0..<n {
                    var length = 0
                    scratch.removeAll(keepingCapacity: true)
                    for w in preds[v] { scratch.append(hashes[w]) }
                    scratch.sort()
                    for h in scratch { h.writeHex(into: out + length); length += 32 }
                    out[length] = 0x7C; length += 1  // |
                    scratch.removeAll(keepingCapacity: true)
                    for w in succs[v] { scratch.append(hashes[w]) }
                    scratch.sort()
                    for h in scratch { h.writeHex(into: out + length); length += 32 }
                    out[length] = 0x7C; length += 1
                    hashes[v].writeHex(into: out + length); length += 32
                    next[v] = MD5.digest(UnsafeRawBufferPointer(start: out, count: length))
                }
                swap(&hashes, &next)
            }
            hashes.sort()
            // Python: str(sorted(hashes)) == "['h1', 'h2']"
            var length = 0
            out[length] = 0x5B; length += 1  // [
            for (k, h) in hashes.enumerated() {
                if k > 0 { out[length] = 0x2C; out[length + 1] = 0x20; length += 2 }  // ", "
                out[length] = 0x27; length += 1  // '
                h.writeHex(into: out + length); length += 32
                out[length] = 0x27; length += 1
            }
            out[length] = 0x5D; length += 1  // ]
            return MD5.digest(UnsafeRawBufferPointer(start: out, count: length))
        }
    }
}
