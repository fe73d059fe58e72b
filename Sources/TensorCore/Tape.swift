/// A record of operations for reverse-mode automatic differentiation.
///
/// Every operation on `Variable`s appends a node holding its value and, when any input needs a
/// gradient, a pullback that distributes the node's gradient to its inputs. `backward(from:)` then
/// visits the nodes in reverse order. A tape is used for one forward/backward pass and discarded.
/// It is not thread-safe; use one tape per thread.
public final class Tape {
    /// Value of each node.
    @usableFromInline var values: [Tensor] = []
    /// Gradient of each node (empty until something flows into it).
    @usableFromInline var gradients: [[Float]] = []
    /// Whether a node lies on a path from a variable that needs its gradient.
    @usableFromInline var needsGradient: [Bool] = []
    /// Pullbacks: given the node's gradient, accumulate into the inputs' gradients.
    @usableFromInline var pullbacks: [((Tape, [Float]) -> Void)?] = []

    /// Whether operations like dropout run in training mode.
    public var isTraining: Bool

    public init(training: Bool = true) {
        self.isTraining = training
        values.reserveCapacity(256); gradients.reserveCapacity(256)
        needsGradient.reserveCapacity(256); pullbacks.reserveCapacity(256)
    }

    /// Number of nodes recorded so far.
    public var nodeCount: Int { values.count }

    /// A leaf whose gradient is wanted (a parameter or an input to differentiate against).
    public func variable(_ value: Tensor) -> Variable {
        append(value, needsGradient: true, pullback: nil)
    }

    /// A leaf that needs no gradient (data, noise, labels).
    public func constant(_ value: Tensor) -> Variable {
        append(value, needsGradient: false, pullback: nil)
    }

    /// Records a node computed from `inputs`. `pullback` is kept only if some input needs a gradient.
    @inlinable
    public func record(_ value: Tensor, inputs: [Variable], pullback: @escaping (Tape, [Float]) -> Void) -> Variable {
        var needs = false
        for input in inputs {
            precondition(input.tape === self, "variables from different tapes")
            if needsGradient[input.id] { needs = true; break }
        }
        return append(value, needsGradient: needs, pullback: needs ? pullback : nil)
    }

    @usableFromInline
    func append(_ value: Tensor, needsGradient needs: Bool, pullback: ((Tape, [Float]) -> Void)?) -> Variable {
        values.append(value)
        gradients.append([])
        needsGradient.append(needs)
        pullbacks.append(pullback)
        return Variable(tape: self, id: values.count - 1)
    }

    /// Adds into the gradient of node `id` through `body`, which receives the gradient buffer
    /// (zero-filled on first use). Does nothing when the node needs no gradient.
    ///
    /// Pullbacks refer to their inputs by node id, never by `Variable`: a `Variable` holds its tape,
    /// and a tape that held its own variables would never be freed.
    @inlinable
    public func accumulate(_ id: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard needsGradient[id] else { return }
        if gradients[id].isEmpty { gradients[id] = [Float](repeating: 0, count: values[id].count) }
        gradients[id].withUnsafeMutableBufferPointer { body($0) }
    }

    /// Adds into the gradient of node `id` without zero-filling it first: `body(buffer, overwrite)`
    /// receives the gradient buffer, and with `overwrite` (the first contribution) the buffer is
    /// uninitialised and `body` must assign every element instead of adding to it. Does nothing when
    /// the node needs no gradient. (Assigning `x` rather than adding it to a zero can only differ
    /// in the sign of a zero, which no later operation reads.)
    @inlinable
    public func accumulate(_ id: Int, overwritingFirst body: (UnsafeMutableBufferPointer<Float>, _ overwrite: Bool) -> Void) {
        guard needsGradient[id] else { return }
        if gradients[id].isEmpty {
            let count = values[id].count
            gradients[id] = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                body(buffer, true)
                initialized = count
            }
        } else {
            gradients[id].withUnsafeMutableBufferPointer { body($0, false) }
        }
    }

    /// Whether node `id` needs a gradient.
    @inlinable public func needsGradient(_ id: Int) -> Bool { needsGradient[id] }

    /// Back-propagates from a one-element `loss` (seeded with gradient 1).
    public func backward(from loss: Variable) {
        precondition(loss.tape === self)
        precondition(values[loss.id].count == 1, "backward needs a one-element loss, got shape \(values[loss.id].shape)")
        guard needsGradient[loss.id] else { return }
        let profile = StepProfile.begin(.backward)
        defer { StepProfile.end(profile) }
        gradients[loss.id] = [1]
        for id in stride(from: loss.id, through: 0, by: -1) {
            guard let pullback = pullbacks[id], !gradients[id].isEmpty else { continue }
            pullback(self, gradients[id])
        }
    }

    /// The gradient of `variable` after `backward(from:)` (zeros when nothing flowed into it).
    public func gradient(of variable: Variable) -> Tensor {
        let value = values[variable.id]
        let g = gradients[variable.id]
        return Tensor(shape: value.shape, scalars: g.isEmpty ? [Float](repeating: 0, count: value.count) : g)
    }
}

/// A node on a `Tape`: a tensor value that takes part in differentiation.
public struct Variable {
    /// The tape that recorded this variable.
    public let tape: Tape
    /// Position on the tape.
    public let id: Int

    /// The variable's value.
    @inlinable public var value: Tensor { tape.values[id] }
    /// Shape of the value.
    @inlinable public var shape: [Int] { tape.values[id].shape }
    /// Rows of the value (first extent).
    @inlinable public var rows: Int { tape.values[id].rows }
    /// Elements per row.
    @inlinable public var columns: Int { tape.values[id].columns }
    /// The single element of a one-element variable.
    public var scalar: Float { tape.values[id].scalar }

    /// The same value, cut off from differentiation.
    public func detached() -> Variable { tape.constant(value) }
}
