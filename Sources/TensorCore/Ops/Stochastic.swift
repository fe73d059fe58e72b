extension Variable {
    /// Inverted dropout: in training mode (`tape.isTraining`) each element is zeroed with
    /// probability `rate` and the survivors scaled by `1 / (1 - rate)`; identity otherwise.
    public func dropout(rate: Float, using random: inout SeededGenerator) -> Variable {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        guard tape.isTraining, rate > 0 else { return self }
        let keep = 1 / (1 - rate)
        let count = value.count  // (the buffer may be larger than requested: draw exactly `count`)
        var mask = random.uniformFloats(count: count)
        for i in 0..<count { mask[i] = mask[i] < rate ? 0 : keep }
        return self * tape.constant(Tensor(shape: shape, scalars: mask))
    }

    /// A node whose value is `replacement` but whose gradient flows unchanged into `self`
    /// (the straight-through estimator: `replacement - stop_gradient(self) + self`).
    public func straightThrough(value replacement: Tensor) -> Variable {
        precondition(replacement.shape == shape, "straight-through value must keep the shape \(shape)")
        let input = id
        return tape.record(replacement, inputs: [self]) { tape, g in
            tape.accumulate(input, overwritingFirst: { gx, overwrite in
                if overwrite { for i in 0..<gx.count { gx[i] = g[i] } } else { for i in 0..<gx.count { gx[i] += g[i] } }
            })
        }
    }

    /// Gumbel-softmax over the last axis (Jang et al.; PyTorch's `F.gumbel_softmax`): the softmax of
    /// `(logits + Gumbel noise) / temperature`. With `hard`, each row is the one-hot of its arg-max in
    /// the forward pass while the gradient is that of the soft sample (straight-through).
    public func gumbelSoftmax(temperature: Float, hard: Bool, using random: inout SeededGenerator) -> Variable {
        precondition(temperature > 0, "temperature must be positive")
        let noise = Kernels.gumbelNoise(count: value.count, using: &random)
        let soft = ((self + tape.constant(Tensor(shape: shape, scalars: noise))) * (1 / temperature)).softmax()
        guard hard else { return soft }
        let oneHot = soft.value.scalars.withUnsafeBufferPointer { Kernels.oneHotOfRowMaxima($0, rows: soft.rows, columns: soft.columns) }
        return soft.straightThrough(value: Tensor(shape: soft.shape, scalars: oneHot))
    }
}
