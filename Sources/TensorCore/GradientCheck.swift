/// Compares reverse-mode gradients with central finite differences.
///
/// The function's output is reduced to a scalar as `Σ output ⊙ R` with a fixed random `R`, so that
/// every output element contributes. Finite differences run in `Float`, like the operations; with
/// step `h` the rounding error of a difference is about `ε·|L|/h` (ε ≈ 6e-8) and the truncation
/// error `O(h²)`, which is why the default tolerance is absolute 2e-3 plus relative 2e-2.
public struct GradientCheck: Sendable {
    /// Largest mismatch found, for a report.
    public struct Result: CustomStringConvertible {
        public var worstInput = -1, worstElement = -1
        public var analytic: Float = 0, numeric: Float = 0
        public var passed = true
        public var description: String {
            passed ? "gradients match"
                : "input \(worstInput) element \(worstElement): analytic \(analytic) vs numeric \(numeric)"
        }
    }

    public var step: Float = 1e-3
    public var absoluteTolerance: Float = 2e-3
    public var relativeTolerance: Float = 2e-2

    public init(step: Float = 1e-3, absoluteTolerance: Float = 2e-3, relativeTolerance: Float = 2e-2) {
        self.step = step; self.absoluteTolerance = absoluteTolerance; self.relativeTolerance = relativeTolerance
    }

    /// Checks the gradient of `function` with respect to each of `inputs`.
    public func check(_ inputs: [Tensor], seed: UInt64 = 7, _ function: ([Variable]) -> Variable) -> Result {
        var generator = SeededGenerator(seed: seed)
        let probe: Tensor = {
            let tape = Tape(training: false)
            return function(inputs.map { tape.constant($0) }).value
        }()
        let projection = Tensor(shape: probe.shape, scalars: (0..<probe.count).map { _ in generator.uniform(-1, 1) })

        func loss(_ values: [Tensor], tape: Tape) -> (Variable, [Variable]) {
            let variables = values.map { tape.variable($0) }
            let out = function(variables)
            return ((out * tape.constant(projection)).sum(), variables)
        }
        let tape = Tape(training: false)
        let (l, variables) = loss(inputs, tape: tape)
        tape.backward(from: l)
        let analytic = variables.map { tape.gradient(of: $0) }

        var result = Result()
        var worstExcess: Float = 0
        for (i, input) in inputs.enumerated() {
            for k in 0..<input.count {
                var plus = inputs, minus = inputs
                plus[i].scalars[k] += step
                minus[i].scalars[k] -= step
                let fPlus = loss(plus, tape: Tape(training: false)).0.scalar
                let fMinus = loss(minus, tape: Tape(training: false)).0.scalar
                let numeric = (fPlus - fMinus) / (2 * step)
                let a = analytic[i].scalars[k]
                let excess = abs(a - numeric) - (absoluteTolerance + relativeTolerance * abs(numeric))
                if excess > worstExcess {
                    worstExcess = excess
                    result = Result(worstInput: i, worstElement: k, analytic: a, numeric: numeric, passed: false)
                }
            }
        }
        return result
    }
}
