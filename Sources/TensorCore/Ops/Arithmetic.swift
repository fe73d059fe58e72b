/// How the right operand of an element-wise operation is spread over the left one.
@usableFromInline
enum Broadcast {
    /// Same number of elements.
    case same
    /// One row of `columns` elements, repeated for every row.
    case row
    /// One value per row (shape `[rows, 1]`), repeated across columns.
    case column
    /// One value for everything.
    case scalar

    @usableFromInline
    static func of(_ lhs: Tensor, _ rhs: Tensor) -> Broadcast {
        if rhs.shape == lhs.shape { return .same }
        if rhs.count == 1 { return .scalar }
        let columns = lhs.columns, rows = lhs.rows
        if lhs.shape.count == 2 && rhs.shape == [rows, 1] { return .column }
        if (rhs.shape == [columns] || rhs.shape == [1, columns]) && lhs.shape.count == 2 { return .row }
        preconditionFailure("cannot broadcast shape \(rhs.shape) onto \(lhs.shape)")
    }

    /// Index into the right operand for element (`row`, `column`) of the left one.
    @inline(__always) @usableFromInline
    func index(row: Int, column: Int, columns: Int) -> Int {
        switch self {
        case .same: return row * columns + column
        case .row: return column
        case .column: return row
        case .scalar: return 0
        }
    }
}

/// The element-wise binary operations.
@usableFromInline
enum BinaryOperation { case add, subtract, multiply, divide }

extension Variable {
    @usableFromInline
    func binary(_ other: Variable, _ operation: BinaryOperation) -> Variable {
        let a = value, b = other.value
        let mode = Broadcast.of(a, b)
        let rows = a.rows, columns = a.columns
        var out = [Float](repeating: 0, count: a.count)
        a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c, j = mode.index(row: r, column: c, columns: columns)
                            switch operation {
                            case .add: op[i] = ap[i] + bp[j]
                            case .subtract: op[i] = ap[i] - bp[j]
                            case .multiply: op[i] = ap[i] * bp[j]
                            case .divide: op[i] = ap[i] / bp[j]
                            }
                        }
                    }
                }
            }
        }
        let lhs = id, rhs = other.id
        return tape.record(Tensor(shape: a.shape, scalars: out), inputs: [self, other]) { tape, g in
            tape.accumulate(lhs) { ga in
                b.scalars.withUnsafeBufferPointer { bp in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c
                            switch operation {
                            case .add, .subtract: ga[i] += g[i]
                            case .multiply: ga[i] += g[i] * bp[mode.index(row: r, column: c, columns: columns)]
                            case .divide: ga[i] += g[i] / bp[mode.index(row: r, column: c, columns: columns)]
                            }
                        }
                    }
                }
            }
            tape.accumulate(rhs) { gb in
                a.scalars.withUnsafeBufferPointer { ap in
                    b.scalars.withUnsafeBufferPointer { bp in
                        for r in 0..<rows {
                            for c in 0..<columns {
                                let i = r * columns + c, j = mode.index(row: r, column: c, columns: columns)
                                switch operation {
                                case .add: gb[j] += g[i]
                                case .subtract: gb[j] -= g[i]
                                case .multiply: gb[j] += g[i] * ap[i]
                                case .divide: gb[j] -= g[i] * ap[i] / (bp[j] * bp[j])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `self · scale + shift`, element-wise, with constant `scale` and `shift`.
    public func affine(scale: Float, shift: Float = 0) -> Variable {
        let x = id
        return tape.record(Tensor(shape: shape, scalars: value.scalars.map { $0 * scale + shift }), inputs: [self]) { tape, g in
            tape.accumulate(x) { gx in for i in 0..<gx.count { gx[i] += g[i] * scale } }
        }
    }

    /// Matrix product `self · other` of `[m, k]` and `[k, n]` matrices (through BLAS).
    public func matmul(_ other: Variable) -> Variable {
        let a = value, b = other.value
        precondition(a.shape.count == 2 && b.shape.count == 2 && a.shape[1] == b.shape[0],
                     "matmul shapes \(a.shape) · \(b.shape)")
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.gemm(m: m, n: n, k: k, a: ap.baseAddress!, b: bp.baseAddress!, c: op.baseAddress!)
                }
            }
        }
        let lhs = id, rhs = other.id
        return tape.record(Tensor(shape: [m, n], scalars: out), inputs: [self, other]) { tape, g in
            g.withUnsafeBufferPointer { gp in
                // dA = dC · Bᵀ
                tape.accumulate(lhs) { ga in
                    b.scalars.withUnsafeBufferPointer { bp in
                        BLAS.gemm(transposeB: true, m: m, n: k, k: n, a: gp.baseAddress!, b: bp.baseAddress!,
                                  beta: 1, c: ga.baseAddress!)
                    }
                }
                // dB = Aᵀ · dC
                tape.accumulate(rhs) { gb in
                    a.scalars.withUnsafeBufferPointer { ap in
                        BLAS.gemm(transposeA: true, m: k, n: n, k: m, a: ap.baseAddress!, b: gp.baseAddress!,
                                  beta: 1, c: gb.baseAddress!)
                    }
                }
            }
        }
    }
}

/// Element-wise sum; the right operand may be a row (`[columns]`), a column (`[rows, 1]`) or a scalar.
public func + (lhs: Variable, rhs: Variable) -> Variable { lhs.binary(rhs, .add) }
/// Element-wise difference, with the broadcasting of `+`.
public func - (lhs: Variable, rhs: Variable) -> Variable { lhs.binary(rhs, .subtract) }
/// Element-wise product, with the broadcasting of `+`.
public func * (lhs: Variable, rhs: Variable) -> Variable { lhs.binary(rhs, .multiply) }
/// Element-wise quotient, with the broadcasting of `+`.
public func / (lhs: Variable, rhs: Variable) -> Variable { lhs.binary(rhs, .divide) }
/// Adds a constant.
public func + (lhs: Variable, rhs: Float) -> Variable { lhs.affine(scale: 1, shift: rhs) }
/// Subtracts a constant.
public func - (lhs: Variable, rhs: Float) -> Variable { lhs.affine(scale: 1, shift: -rhs) }
/// Multiplies by a constant.
public func * (lhs: Variable, rhs: Float) -> Variable { lhs.affine(scale: rhs) }
/// Multiplies by a constant.
public func * (lhs: Float, rhs: Variable) -> Variable { rhs.affine(scale: lhs) }
/// Divides by a constant.
public func / (lhs: Variable, rhs: Float) -> Variable { lhs.affine(scale: 1 / rhs) }
/// `constant - x`.
public func - (lhs: Float, rhs: Variable) -> Variable { rhs.affine(scale: -1, shift: lhs) }
/// Negation.
public prefix func - (x: Variable) -> Variable { x.affine(scale: -1) }
