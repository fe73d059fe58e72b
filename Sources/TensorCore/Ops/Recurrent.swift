extension Variable {
    /// One GRU step as a single tape node. `self` holds the input side's pre-activations of the
    /// update, reset and candidate gates side by side (`[rows, 3H]`: `x W_x + b` however the caller
    /// computed it), `state` the previous state `h` (`[rows, H]`) and `stateWeights` the state side's
    /// weights (`[H, 3H]`, the same gate order). Returns `h' = (1 − z) ⊙ n + z ⊙ h` with
    /// `z = σ(a_z + h U_z)`, `r = σ(a_r + h U_r)`, `n = tanh(a_n + r ⊙ (h U_n))` (PyTorch's `GRUCell`
    /// without the state bias).
    ///
    /// The same function as composing `matmul`, `+`, `sigmoid`, `tanh` and `*`, in one matrix product
    /// forward and two backward instead of some twenty tape nodes; the gates use the vector
    /// `Kernels.exp`, so values agree with the composition to rounding only.
    public func gatedRecurrentStep(state: Variable, stateWeights: Variable) -> Variable {
        let pre = value, h = state.value, wh = stateWeights.value
        let rows = h.rows, width = h.columns, gates = 3 * width
        precondition(h.shape.count == 2 && pre.shape == [rows, gates] && wh.shape == [width, gates],
                     "GRU step: input pre-activations \(pre.shape), state \(h.shape), state weights \(wh.shape)")
        let fromState = Kernels.matmul(h.scalars, rows: rows, inner: width, wh.scalars, columns: gates)
        // Per element: z, r, n (for the pullback) and h'.
        var activations = [Float](unsafeUninitializedCapacity: rows * gates) { _, initialized in initialized = rows * gates }
        var out = [Float](unsafeUninitializedCapacity: rows * width) { _, initialized in initialized = rows * width }
        pre.scalars.withUnsafeBufferPointer { gx in
            fromState.withUnsafeBufferPointer { gh in
                h.scalars.withUnsafeBufferPointer { hp in
                    activations.withUnsafeMutableBufferPointer { a in
                        out.withUnsafeMutableBufferPointer { o in
                            // Eight columns at a time with the vector exp (the last block may be shorter).
                            for r in 0..<rows {
                                let g = r * gates, s = r * width
                                for j in stride(from: 0, to: width, by: 8) {
                                    let n = min(8, width - j)
                                    let z = Kernels.sigmoid(lanes(gx, g + j, n) + lanes(gh, g + j, n))
                                    let reset = Kernels.sigmoid(lanes(gx, g + width + j, n) + lanes(gh, g + width + j, n))
                                    let candidate = Kernels.tanh(lanes(gx, g + 2 * width + j, n) + reset * lanes(gh, g + 2 * width + j, n))
                                    store(z, a, g + j, n); store(reset, a, g + width + j, n); store(candidate, a, g + 2 * width + j, n)
                                    store((1 - z) * candidate + z * lanes(hp, s + j, n), o, s + j, n)
                                }
                            }
                        }
                    }
                }
            }
        }
        let (preID, hID, whID) = (id, state.id, stateWeights.id)
        return tape.record(Tensor(shape: [rows, width], scalars: out), inputs: [self, state, stateWeights]) { [activations, fromState] tape, g in
            // Gradients of the pre-activations: through x·W_x + b and through h·W_h.
            // (Every element is assigned below before it is read.)
            var dInput = [Float](unsafeUninitializedCapacity: rows * gates) { _, initialized in initialized = rows * gates }
            var dState = [Float](unsafeUninitializedCapacity: rows * gates) { _, initialized in initialized = rows * gates }
            var dDirect = [Float](unsafeUninitializedCapacity: rows * width) { _, initialized in initialized = rows * width }  // ∂h'/∂h through z ⊙ h
            g.withUnsafeBufferPointer { gp in
                activations.withUnsafeBufferPointer { a in
                    fromState.withUnsafeBufferPointer { gh in
                        h.scalars.withUnsafeBufferPointer { hp in
                            dInput.withUnsafeMutableBufferPointer { di in
                                dState.withUnsafeMutableBufferPointer { ds in
                                    dDirect.withUnsafeMutableBufferPointer { dd in
                                        for r in 0..<rows {
                                            let base = r * gates, s = r * width
                                            for j in stride(from: 0, to: width, by: 8) {
                                                let n = min(8, width - j)
                                                let z = lanes(a, base + j, n), reset = lanes(a, base + width + j, n)
                                                let candidate = lanes(a, base + 2 * width + j, n)
                                                let dOut = lanes(gp, s + j, n)
                                                let dN = dOut * (1 - z) * (1 - candidate * candidate)
                                                let dZ = dOut * (lanes(hp, s + j, n) - candidate) * z * (1 - z)
                                                let dR = dN * lanes(gh, base + 2 * width + j, n) * reset * (1 - reset)
                                                store(dZ, di, base + j, n); store(dR, di, base + width + j, n); store(dN, di, base + 2 * width + j, n)
                                                store(dZ, ds, base + j, n); store(dR, ds, base + width + j, n); store(dN * reset, ds, base + 2 * width + j, n)
                                                store(dOut * z, dd, s + j, n)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            dInput.withUnsafeBufferPointer { di in
                dState.withUnsafeBufferPointer { ds in
                    tape.accumulate(preID, overwritingFirst: { gp, overwrite in
                        if overwrite {
                            gp.baseAddress!.initialize(from: di.baseAddress!, count: di.count)
                        } else {
                            for i in 0..<di.count { gp[i] += di[i] }
                        }
                    })
                    // dh = dDirect + dState · W_hᵀ, dW_h = hᵀ · dState.
                    tape.accumulate(hID, overwritingFirst: { gs, overwrite in
                        dDirect.withUnsafeBufferPointer { d in
                            if overwrite {
                                gs.baseAddress!.initialize(from: d.baseAddress!, count: d.count)
                            } else {
                                for i in 0..<d.count { gs[i] += d[i] }
                            }
                        }
                        wh.scalars.withUnsafeBufferPointer { w in
                            BLAS.gemm(transposeB: true, m: rows, n: width, k: gates, a: ds.baseAddress!, b: w.baseAddress!,
                                      beta: 1, c: gs.baseAddress!)
                        }
                    })
                    tape.accumulate(whID, overwritingFirst: { gw, overwrite in
                        h.scalars.withUnsafeBufferPointer { hp in
                            BLAS.gemm(transposeA: true, m: width, n: gates, k: rows, a: hp.baseAddress!, b: ds.baseAddress!,
                                      beta: overwrite ? 0 : 1, c: gw.baseAddress!)
                        }
                    })
                }
            }
        }
    }
}

/// Elements `at ..< at + count` of `buffer` (count ≤ 8) as a vector, zeros in the lanes past `count`.
@inline(__always)
private func lanes(_ buffer: UnsafeBufferPointer<Float>, _ at: Int, _ count: Int) -> SIMD8<Float> {
    if count == 8 { return UnsafeRawPointer(buffer.baseAddress! + at).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>()
    for l in 0..<count { v[l] = buffer[at + l] }
    return v
}

@inline(__always)
private func lanes(_ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int, _ count: Int) -> SIMD8<Float> {
    lanes(UnsafeBufferPointer(buffer), at, count)
}

/// Writes the first `count` lanes of `value` (count ≤ 8) to elements `at ..< at + count` of `buffer`.
@inline(__always)
private func store(_ value: SIMD8<Float>, _ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int, _ count: Int) {
    if count == 8 { return UnsafeMutableRawPointer(buffer.baseAddress! + at).storeBytes(of: value, as: SIMD8<Float>.self) }
    for l in 0..<count { buffer[at + l] = value[l] }
}
