/// Identifies one tensor in a `ParameterStore`.
public struct ParameterID: Hashable, Sendable, Codable {
    public let index: Int
    public init(index: Int) { self.index = index }
}

/// The trainable tensors of a model, by name, in a fixed order.
public struct ParameterStore: Sendable {
    /// Names, unique within the store (e.g. `generator.gcn0.weight`).
    public private(set) var names: [String] = []
    /// Current values, in the order of `names`.
    public var tensors: [Tensor] = []

    public init() {}

    /// Registers a tensor and returns its handle.
    public mutating func add(_ name: String, _ tensor: Tensor) -> ParameterID {
        precondition(!names.contains(name), "duplicate parameter name \(name)")
        names.append(name)
        tensors.append(tensor)
        return ParameterID(index: tensors.count - 1)
    }

    /// The current value of a parameter.
    public subscript(id: ParameterID) -> Tensor {
        get { tensors[id.index] }
        set {
            precondition(newValue.shape == tensors[id.index].shape, "parameter \(names[id.index]) changes shape")
            tensors[id.index] = newValue
        }
    }

    /// Total number of scalars.
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// Puts every parameter on `tape` as a variable that receives gradients.
    public func bind(to tape: Tape) -> BoundParameters {
        BoundParameters(variables: tensors.map { tape.variable($0) })
    }

    /// Puts every parameter on `tape` as a constant (for a network that is used but not trained in
    /// a phase: no gradient flows into it).
    public func constants(on tape: Tape) -> BoundParameters {
        BoundParameters(variables: tensors.map { tape.constant($0) })
    }
}

/// The parameters of a store as variables of one tape.
public struct BoundParameters {
    public let variables: [Variable]
    /// Wraps variables that stand for a store's parameters, in store order.
    public init(variables: [Variable]) { self.variables = variables }
    /// The variable of a parameter.
    public subscript(id: ParameterID) -> Variable { variables[id.index] }
    /// Gradients of all parameters after `backward`, in store order.
    public func gradients() -> [Tensor] { variables.map { $0.tape.gradient(of: $0) } }
}

/// Parameter initialisation as PyTorch does it.
public enum Initializer {
    /// Uniform in `[-bound, bound)`.
    public static func uniform(shape: [Int], bound: Float, using random: inout SeededGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        var scalars = [Float](repeating: 0, count: count)
        for i in 0..<count { scalars[i] = random.uniform(-bound, bound) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// `torch.nn.Linear`'s weight init: Kaiming-uniform with a = √5, i.e. bound = 1/√fanIn.
    public static func kaimingUniform(shape: [Int], fanIn: Int, using random: inout SeededGenerator) -> Tensor {
        uniform(shape: shape, bound: 1 / Float(fanIn).squareRoot(), using: &random)
    }

    /// Glorot (Xavier) uniform: bound = √(6 / (fanIn + fanOut)), as PyTorch Geometric's GCNConv.
    public static func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, using random: inout SeededGenerator) -> Tensor {
        uniform(shape: shape, bound: (6 / Float(fanIn + fanOut)).squareRoot(), using: &random)
    }
}
