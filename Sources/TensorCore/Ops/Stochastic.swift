extension Variable {
    /// Inverted dropout: in training mode (`tape.isTraining`) each element is zeroed with
    /// probability `rate` and the survivors scaled by `1 / (1 - rate)`; identity otherwise.
    public func dropout(rate: Float, generator: inout SeededGenerator) -> Variable {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        guard tape.isTraining, rate > 0 else { return self }
        let keep = 1 / (1 - rate)
        let count = value.count  // (the buffer may be larger than requested: draw exactly `count`)
        let mask = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = generator.nextFloat() < rate ? 0 : keep }
            initialized = count
        }
        return self * tape.constant(Tensor(shape: shape, scalars: mask))
    }

    /// A node whose value is `replacement` but whose gradient flows unchanged into `self`
    /// (the straight-through estimator: `replacement - stop_gradient(self) + self`).
    public func straightThrough(value replacement: Tensor) -> Variable {
        precondition(replacement.shape == shape, "straight-through value must keep the shape \(shape)")
        let input = id
        return tape.record(replacement, inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in for i in 0..<gx.count { gx[i] += g[i] } }
        }
    }

    /// Gumbel-softmax over the last axis (Jang et al.; PyTorch's `F.gumbel_softmax`): the softmax of
    /// `(logits + Gumbel noise) / temperature`. With `hard`, each row is the one-hot of its arg-max in
    /// the forward pass while the gradient is that of the soft sample (straight-through).
    public func gumbelSoftmax(temperature: Float, hard: Bool, generator: inout SeededGenerator) -> Variable {
        precondition(temperature > 0, "temperature must be positive")
        let count = value.count  // (the buffer may be larger than requested: draw exactly `count`)
        let noise = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = generator.gumbel() }
            initialized = count
        }
        let soft = ((self + tape.constant(Tensor(shape: shape, scalars: noise))) * (1 / temperature)).softmax()
        guard hard else { return soft }
        return soft.straightThrough(value: Self.oneHotOfRowMaxima(soft.value))
    }

    /// One-hot of each row's arg-max (first maximum on ties).
    static func oneHotOfRowMaxima(_ x: Tensor) -> Tensor {
        let rows = x.rows, columns = x.columns
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<rows {
            var best = 0
            for c in 1..<max(columns, 1) where x.scalars[r * columns + c] > x.scalars[r * columns + best] { best = c }
            if columns > 0 { out[r * columns + best] = 1 }
        }
        return Tensor(shape: x.shape, scalars: out)
    }
}
