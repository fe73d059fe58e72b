#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Applies `forward` element-wise; the gradient is `g · derivative(x, y)` with `y = forward(x)`.
    @inline(__always) @usableFromInline
    func elementwise(_ forward: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Variable {
        let x = value
        let out = [Float](unsafeUninitializedCapacity: x.count) { op, initialized in
            x.scalars.withUnsafeBufferPointer { xp in for i in 0..<xp.count { op[i] = forward(xp[i]) } }
            initialized = x.count
        }
        let input = id
        return tape.record(Tensor(shape: x.shape, scalars: out), inputs: [self]) { [out] tape, g in
            tape.accumulate(input) { gx in
                x.scalars.withUnsafeBufferPointer { xp in
                    out.withUnsafeBufferPointer { yp in
                        for i in 0..<gx.count { gx[i] += g[i] * derivative(xp[i], yp[i]) }
                    }
                }
            }
        }
    }

    /// max(0, x). Written out (not through `elementwise`) so that the pullback's derivative is
    /// inlined and vectorised; the same expressions as `elementwise` would evaluate.
    public func relu() -> Variable {
        let x = value
        let count = x.count
        let out = [Float](unsafeUninitializedCapacity: count) { op, initialized in
            x.scalars.withUnsafeBufferPointer { xp in for i in 0..<count { op[i] = max(xp[i], 0) } }
            initialized = count
        }
        let input = id
        return tape.record(Tensor(shape: x.shape, scalars: out), inputs: [self]) { tape, g in
            tape.accumulate(input, overwritingFirst: { gx, overwrite in
                x.scalars.withUnsafeBufferPointer { xp in
                    g.withUnsafeBufferPointer { gp in
                        if overwrite {
                            for i in 0..<count { gx[i] = gp[i] * (xp[i] > 0 ? 1 : 0) }
                        } else {
                            for i in 0..<count { gx[i] += gp[i] * (xp[i] > 0 ? 1 : 0) }
                        }
                    }
                }
            })
        }
    }
    /// 1 / (1 + e^-x).
    public func sigmoid() -> Variable {
        elementwise({ 1 / (1 + expf(-$0)) }, derivative: { _, y in y * (1 - y) })
    }
    /// Hyperbolic tangent.
    public func tanh() -> Variable { elementwise({ tanhf($0) }, derivative: { _, y in 1 - y * y }) }
    /// e^x.
    public func exp() -> Variable { elementwise({ expf($0) }, derivative: { _, y in y }) }
    /// Natural logarithm (of positive inputs).
    public func log() -> Variable { elementwise({ logf($0) }, derivative: { x, _ in 1 / x }) }
    /// Clamps into `[lower, upper]`; the gradient is zero outside the interval.
    public func clamped(_ lower: Float, _ upper: Float) -> Variable {
        precondition(lower <= upper)
        return elementwise({ min(max($0, lower), upper) }, derivative: { x, _ in (x >= lower && x <= upper) ? 1 : 0 })
    }
}
