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
        // Flat neighbour lists: inList[v * n ..< v * n + inCount[v]] are v's predecessors.
        var inCount = [Int](repeating: 0, count: n), outCount = [Int](repeating: 0, count: n)
        var inList = [Int](repeating: 0, count: n * n), outList = [Int](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where cell.hasEdge(i, j) {
                outList[i * n + outCount[i]] = j; outCount[i] += 1
                inList[j * n + inCount[j]] = i; inCount[j] += 1
            }
        }
        var hashes = [MD5Digest](repeating: MD5Digest(high: 0, low: 0), count: n)
        var next = hashes
        let capacity = max(2 * n * 32 + 2 + 32, n * 36 + 2, 64)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            withUnsafeTemporaryAllocation(of: MD5Digest.self, capacity: max(n, 1)) { scratchBuffer in
                let out = buffer.baseAddress!
                let scratch = scratchBuffer.baseAddress!
                // Seeds: Python's str((out_degree, in_degree, label)), e.g. "(2, 0, -1)".
                for v in 0..<n {
                    var length = 0
                    out[length] = 0x28; length += 1  // (
                    length += writeDecimal(outCount[v], to: out + length)
                    out[length] = 0x2C; out[length + 1] = 0x20; length += 2
                    length += writeDecimal(inCount[v], to: out + length)
                    out[length] = 0x2C; out[length + 1] = 0x20; length += 2
                    length += writeDecimal(cell.labels[v], to: out + length)
                    out[length] = 0x29; length += 1  // )
                    hashes[v] = MD5.digest(UnsafeRawBufferPointer(start: out, count: length))
                }
                /// Writes the sorted hex digests of `list[base ..< base + count]` at `out + length`.
                func writeSorted(_ list: [Int], _ base: Int, _ count: Int, _ length: inout Int) {
                    for k in 0..<count {  // insertion sort (at most a handful of neighbours)
                        let h = hashes[list[base + k]]
                        var m = k
                        while m > 0 && h < scratch[m - 1] { scratch[m] = scratch[m - 1]; m -= 1 }
                        scratch[m] = h
                    }
                    for k in 0..<count { scratch[k].writeHex(into: out + length); length += 32 }
                }
                for _ in 0..<n {
                    for v in 0..<n {
                        var length = 0
                        writeSorted(inList, v * n, inCount[v], &length)
                        out[length] = 0x7C; length += 1  // |
                        writeSorted(outList, v * n, outCount[v], &length)
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

    /// Writes `value` in decimal (with a leading `-` when negative); returns the number of bytes.
    static func writeDecimal(_ value: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        var magnitude = value.magnitude
        if value < 0 { out[0] = 0x2D; length = 1 }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[count] = 0x30 + UInt8(magnitude % 10); magnitude /= 10; count += 1 } while magnitude > 0
            for k in 0..<count { out[length + k] = d[count - 1 - k] }
        }
        return length + count
    }
}

extension Cell {
    /// A hash of the node count and the multiset of `(out-degree, in-degree, label)` triples: the
    /// seeds of `iterativeGraphHash(of:)` (for a cell that is already pruned). Cells with equal
    /// iterative graph hashes have equal signatures. Valid within one process only.
    public var degreeLabelSignature: Int {
        let n = nodeCount
        var triples = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where hasEdge(i, j) {
                triples[i] &+= 1 << 32     // out-degree of i
                triples[j] &+= 1 << 16     // in-degree of j
            }
        }
        for v in 0..<n { triples[v] |= UInt64(UInt16(truncatingIfNeeded: labels[v])) }
        triples.sort()
        var hasher = Hasher()
        hasher.combine(n)
        for t in triples { hasher.combine(t) }
        return hasher.finalize()
    }
}
