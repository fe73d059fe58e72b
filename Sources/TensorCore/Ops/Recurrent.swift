#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
                do {
                    h.scalars.withUnsafeBufferPointer { hp in
                        activations.withUnsafeMutableBufferPointer { a in
                            out.withUnsafeMutableBufferPointer { o in
                                // Eight columns at a time with the vector exp; the rest one by one.
                                let lanes = width - width % 8
                                for r in 0..<rows {
                                    let g = r * gates, s = r * width
                                    var j = 0
                                    while j < lanes {
                                        let z = Kernels.sigmoid(gx.load8(g + j) + gh.load8(g + j))
                                        let reset = Kernels.sigmoid(gx.load8(g + width + j) + gh.load8(g + width + j))
                                        let n = Kernels.tanh(gx.load8(g + 2 * width + j) + reset * gh.load8(g + 2 * width + j))
                                        a.store8(z, at: g + j); a.store8(reset, at: g + width + j); a.store8(n, at: g + 2 * width + j)
                                        o.store8((1 - z) * n + z * hp.load8(s + j), at: s + j)
                                        j += 8
                                    }
                                    while j < width {
                                        let z = 1 / (1 + expf(-(gx[g + j] + gh[g + j])))
                                        let reset = 1 / (1 + expf(-(gx[g + width + j] + gh[g + width + j])))
                                        let n = Kernels.fastTanh(gx[g + 2 * width + j] + reset * gh[g + 2 * width + j])
                                        a[g + j] = z; a[g + width + j] = reset; a[g + 2 * width + j] = n
                                        o[s + j] = (1 - z) * n + z * hp[s + j]
                                        j += 1
                                    }
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
                                        let lanes = width - width % 8
                                        for r in 0..<rows {
                                            let base = r * gates, s = r * width
                                            var j = 0
                                            while j < lanes {
                                                let z = a.load8(base + j), reset = a.load8(base + width + j), n = a.load8(base + 2 * width + j)
                                                let dOut = gp.load8(s + j)
                                                let dN = dOut * (1 - z) * (1 - n * n)
                                                let dZ = dOut * (hp.load8(s + j) - n) * z * (1 - z)
                                                let dR = dN * gh.load8(base + 2 * width + j) * reset * (1 - reset)
                                                di.store8(dZ, at: base + j); di.store8(dR, at: base + width + j); di.store8(dN, at: base + 2 * width + j)
                                                ds.store8(dZ, at: base + j); ds.store8(dR, at: base + width + j); ds.store8(dN * reset, at: base + 2 * width + j)
                                                dd.store8(dOut * z, at: s + j)
                                                j += 8
                                            }
                                            while j < width {
                                                let z = a[base + j], reset = a[base + width + j], n = a[base + 2 * width + j]
                                                let dOut = gp[s + j]
                                                let dN = dOut * (1 - z) * (1 - n * n)
                                                let dZ = dOut * (hp[s + j] - n) * z * (1 - z)
                                                let dR = dN * gh[base + 2 * width + j] * reset * (1 - reset)
                                                di[base + j] = dZ; di[base + width + j] = dR; di[base + 2 * width + j] = dN
                                                ds[base + j] = dZ; ds[base + width + j] = dR; ds[base + 2 * width + j] = dN * reset
                                                dd[s + j] = dOut * z
                                                j += 1
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

extension UnsafeBufferPointer<Float> {
    /// Elements `at ..< at + 8` as one vector (unaligned load; the caller keeps it in bounds).
    @inline(__always) func load8(_ at: Int) -> SIMD8<Float> {
        UnsafeRawPointer(baseAddress! + at).loadUnaligned(as: SIMD8<Float>.self)
    }
}

extension UnsafeMutableBufferPointer<Float> {
    /// Elements `at ..< at + 8` as one vector (unaligned load; the caller keeps it in bounds).
    @inline(__always) func load8(_ at: Int) -> SIMD8<Float> {
        UnsafeRawPointer(baseAddress! + at).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Writes `value` to elements `at ..< at + 8` (the caller keeps it in bounds).
    @inline(__always) func store8(_ value: SIMD8<Float>, at: Int) {
        UnsafeMutableRawPointer(baseAddress! + at).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
