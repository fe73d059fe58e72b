/// Updates parameters from their gradients.
public protocol Optimizer {
    /// One update of every parameter in `store` with the matching gradient.
    mutating func step(_ store: inout ParameterStore, gradients: [Tensor])
}

/// Adam with PyTorch's semantics (`torch.optim.Adam`), including its L2 `weightDecay`, which is
/// added to the gradient before the moment updates.
public struct Adam: Optimizer, Sendable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// Steps taken so far.
    public private(set) var stepCount = 0
    /// First and second moment estimates, per parameter (empty until the first step).
    public private(set) var firstMoments: [[Float]] = []
    public private(set) var secondMoments: [[Float]] = []

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2
        self.epsilon = epsilon; self.weightDecay = weightDecay
    }

    /// Restores the optimiser's state (for resuming a run).
    public mutating func restore(stepCount: Int, firstMoments: [[Float]], secondMoments: [[Float]]) {
        self.stepCount = stepCount; self.firstMoments = firstMoments; self.secondMoments = secondMoments
    }

    public mutating func step(_ store: inout ParameterStore, gradients: [Tensor]) {
        precondition(gradients.count == store.tensors.count, "one gradient per parameter")
        let profile = StepProfile.begin(.optimiser)
        defer { StepProfile.end(profile) }
        if firstMoments.isEmpty {
            firstMoments = store.tensors.map { [Float](repeating: 0, count: $0.count) }
            secondMoments = firstMoments
        }
        stepCount += 1
        let correction1 = 1 - powf(beta1, Float(stepCount))
        let correction2 = 1 - powf(beta2, Float(stepCount))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        for p in 0..<store.tensors.count {
            let gradient = gradients[p].scalars
            precondition(gradient.count == store.tensors[p].count, "gradient shape of \(store.names[p])")
            // Four elements at a time, then the rest one by one: the same expressions per element.
            // (`Float.squareRoot()` keeps a libm error branch that stops the scalar loop from vectorising.)
            gradient.withUnsafeBufferPointer { gradient in
                store.tensors[p].scalars.withUnsafeMutableBufferPointer { w in
                    firstMoments[p].withUnsafeMutableBufferPointer { m in
                        secondMoments[p].withUnsafeMutableBufferPointer { v in
                            let count = w.count, vectors = count / 4
                            if vectors > 0 {
                                let gp = UnsafeRawPointer(gradient.baseAddress!), wp = UnsafeMutableRawPointer(w.baseAddress!)
                                let mp = UnsafeMutableRawPointer(m.baseAddress!), vp = UnsafeMutableRawPointer(v.baseAddress!)
                                for k in 0..<vectors {
                                    let offset = k * MemoryLayout<SIMD4<Float>>.size
                                    let wk = wp.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
                                    let g = gp.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self) + wd * wk
                                    let mk = b1 * mp.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self) + (1 - b1) * g
                                    let vk = b2 * vp.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self) + (1 - b2) * g * g
                                    mp.storeBytes(of: mk, toByteOffset: offset, as: SIMD4<Float>.self)
                                    vp.storeBytes(of: vk, toByteOffset: offset, as: SIMD4<Float>.self)
                                    wp.storeBytes(of: wk - stepSize * mk / (vk.squareRoot() / rootCorrection2 + eps),
                                                  toByteOffset: offset, as: SIMD4<Float>.self)
                                }
                            }
                            for i in (vectors * 4)..<count {
                                let g = gradient[i] + wd * w[i]
                                m[i] = b1 * m[i] + (1 - b1) * g
                                v[i] = b2 * v[i] + (1 - b2) * g * g
                                w[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Stochastic gradient descent with momentum, as `torch.optim.SGD` (dampening 0; the first step
/// initialises the momentum buffer with the gradient).
public struct SGD: Optimizer, Sendable {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    public var nesterov: Bool
    private var buffers: [[Float]] = []

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate; self.momentum = momentum
        self.weightDecay = weightDecay; self.nesterov = nesterov
    }

    public mutating func step(_ store: inout ParameterStore, gradients: [Tensor]) {
        precondition(gradients.count == store.tensors.count, "one gradient per parameter")
        let first = buffers.isEmpty
        if first { buffers = store.tensors.map { [Float](repeating: 0, count: $0.count) } }
        for p in 0..<store.tensors.count {
            let gradient = gradients[p].scalars
            store.tensors[p].scalars.withUnsafeMutableBufferPointer { w in
                buffers[p].withUnsafeMutableBufferPointer { b in
                    for i in 0..<w.count {
                        var g = gradient[i] + weightDecay * w[i]
                        if momentum != 0 {
                            b[i] = first ? g : momentum * b[i] + g
                            g = nesterov ? g + momentum * b[i] : b[i]
                        }
                        w[i] -= learningRate * g
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
