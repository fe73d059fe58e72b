/// A dense, contiguous, row-major tensor of `Float`s.
///
/// Shapes are checked on construction; most of the library works with rank-1 and rank-2 tensors
/// (`[n]` vectors, `[rows, columns]` matrices) and treats a rank-2 tensor as a batch of rows.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// Extent of each axis.
    public let shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    public var scalars: [Float]

    /// A tensor of the given shape and elements.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A rank-2 tensor from rows of equal length.
    public init(rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "rows of unequal length")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Rows of a rank-2 tensor (the first extent; 1 for scalars).
    public var rows: Int { shape.count >= 1 ? shape[0] : 1 }
    /// Elements per row (the product of the trailing extents; 1 for scalars and vectors of rank 1 treat each element as a row).
    public var columns: Int { shape.count >= 2 ? shape.dropFirst().reduce(1, *) : 1 }
    /// The single element of a one-element tensor.
    public var scalar: Float {
        precondition(scalars.count == 1, "not a one-element tensor: shape \(shape)")
        return scalars[0]
    }

    /// Element of a rank-2 tensor.
    public subscript(row: Int, column: Int) -> Float {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

    public var description: String { "Tensor(shape: \(shape), scalars: \(scalars.prefix(12))\(scalars.count > 12 ? "…" : ""))" }
}
