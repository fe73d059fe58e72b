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
        let out = [Float](unsafeUninitializedCapacity: a.count) { op, initialized in
            a.scalars.withUnsafeBufferPointer { ap in
                b.scalars.withUnsafeBufferPointer { bp in
                    switch operation {
                    case .add: Self.forward(ap, bp, op, mode, rows, columns, +)
                    case .subtract: Self.forward(ap, bp, op, mode, rows, columns, -)
                    case .multiply: Self.forward(ap, bp, op, mode, rows, columns, *)
                    case .divide: Self.forward(ap, bp, op, mode, rows, columns, /)
                    }
                }
            }
            initialized = a.count
        }
        let lhs = id, rhs = other.id
        return tape.record(Tensor(shape: a.shape, scalars: out), inputs: [self, other]) { tape, g in
            g.withUnsafeBufferPointer { gp in
                tape.accumulate(lhs, overwritingFirst: { ga, overwrite in
                    b.scalars.withUnsafeBufferPointer { bp in
                        switch operation {
                        case .add, .subtract:
                            if overwrite { ga.baseAddress!.update(from: gp.baseAddress!, count: ga.count) } else { for i in 0..<ga.count { ga[i] += gp[i] } }
                        case .multiply: Self.forward(gp, bp, ga, mode, rows, columns, accumulate: !overwrite, *)
                        case .divide: Self.forward(gp, bp, ga, mode, rows, columns, accumulate: !overwrite, /)
                        }
                    }
                })
                tape.accumulate(rhs) { gb in
                    a.scalars.withUnsafeBufferPointer { ap in
                        b.scalars.withUnsafeBufferPointer { bp in
                            switch operation {
                            case .add: Self.reduce(gp, ap, bp, gb, mode, rows, columns) { gb, g, _, _ in gb + g }
                            case .subtract: Self.reduce(gp, ap, bp, gb, mode, rows, columns) { gb, g, _, _ in gb - g }
                            case .multiply: Self.reduce(gp, ap, bp, gb, mode, rows, columns) { gb, g, a, _ in gb + g * a }
                            case .divide: Self.reduce(gp, ap, bp, gb, mode, rows, columns) { gb, g, a, b in gb - g * a / (b * b) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `out[i] (+)= f(x[i], y[j])` over a `rows × columns` left operand, `j` as `mode` spreads `y`.
    /// One loop per broadcast mode, so that the compiler vectorises it; each element is computed
    /// exactly as by the scalar definition.
    @inline(__always) @usableFromInline
    static func forward(
        _ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
        _ mode: Broadcast, _ rows: Int, _ columns: Int, accumulate: Bool = false, _ f: (Float, Float) -> Float
    ) {
        let count = rows * columns
        guard count > 0 else { return }
        let x = x.baseAddress!, y = y.baseAddress!, o = out.baseAddress!
        if accumulate {
            switch mode {
            case .same: for i in 0..<count { o[i] += f(x[i], y[i]) }
            case .scalar: let v = y[0]; for i in 0..<count { o[i] += f(x[i], v) }
            case .row:
                for r in 0..<rows { let xr = x + r * columns, or = o + r * columns; for c in 0..<columns { or[c] += f(xr[c], y[c]) } }
            case .column:
                for r in 0..<rows { let xr = x + r * columns, or = o + r * columns, v = y[r]; for c in 0..<columns { or[c] += f(xr[c], v) } }
            }
        } else {
            switch mode {
            case .same: for i in 0..<count { o[i] = f(x[i], y[i]) }
            case .scalar: let v = y[0]; for i in 0..<count { o[i] = f(x[i], v) }
            case .row:
                for r in 0..<rows { let xr = x + r * columns, or = o + r * columns; for c in 0..<columns { or[c] = f(xr[c], y[c]) } }
            case .column:
                for r in 0..<rows { let xr = x + r * columns, or = o + r * columns, v = y[r]; for c in 0..<columns { or[c] = f(xr[c], v) } }
            }
        }
    }

    /// `gb[j] = f(gb[j], g[i], a[i], b[j])` for every element `i` of the left operand in row-major
    /// order (so that a broadcast `gb[j]` sums its terms in the same order as the scalar definition).
    @inline(__always) @usableFromInline
    static func reduce(
        _ g: UnsafeBufferPointer<Float>, _ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
        _ gb: UnsafeMutableBufferPointer<Float>, _ mode: Broadcast, _ rows: Int, _ columns: Int,
        _ f: (Float, Float, Float, Float) -> Float
    ) {
        let count = rows * columns
        guard count > 0 else { return }
        let g = g.baseAddress!, a = a.baseAddress!, b = b.baseAddress!, o = gb.baseAddress!
        switch mode {
        case .same: for i in 0..<count { o[i] = f(o[i], g[i], a[i], b[i]) }
        case .scalar:
            var total = o[0]
            let v = b[0]
            for i in 0..<count { total = f(total, g[i], a[i], v) }
            o[0] = total
        case .row:
            for r in 0..<rows {
                let gr = g + r * columns, ar = a + r * columns
                for c in 0..<columns { o[c] = f(o[c], gr[c], ar[c], b[c]) }
            }
        case .column:
            for r in 0..<rows {
                let gr = g + r * columns, ar = a + r * columns, v = b[r]
                var total = o[r]
                for c in 0..<columns { total = f(total, gr[c], ar[c], v) }
                o[r] = total
            }
        }
    }

    /// `self · scale + shift`, element-wise, with constant `scale` and `shift`.
    public func affine(scale: Float, shift: Float = 0) -> Variable {
        let x = id
        return tape.record(Tensor(shape: shape, scalars: value.scalars.map { Kernels.affine($0, scale: scale, shift: shift) }), inputs: [self]) { tape, g in
            tape.accumulate(x, overwritingFirst: { gx, overwrite in
                if overwrite { for i in 0..<gx.count { gx[i] = g[i] * scale } } else { for i in 0..<gx.count { gx[i] += g[i] * scale } }
            })
        }
    }

    /// Matrix product `self · other` of `[m, k]` and `[k, n]` matrices (through BLAS).
    public func matmul(_ other: Variable) -> Variable {
        let a = value, b = other.value
        precondition(a.shape.count == 2 && b.shape.count == 2 && a.shape[1] == b.shape[0],
                     "matmul shapes \(a.shape) · \(b.shape)")
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        let out = Kernels.matmul(a.scalars, rows: m, inner: k, b.scalars, columns: n)
        let lhs = id, rhs = other.id
        return tape.record(Tensor(shape: [m, n], scalars: out), inputs: [self, other]) { tape, g in
            g.withUnsafeBufferPointer { gp in
                // dA = dC · Bᵀ
                tape.accumulate(lhs, overwritingFirst: { ga, overwrite in
                    b.scalars.withUnsafeBufferPointer { bp in
                        BLAS.gemm(transposeB: true, m: m, n: k, k: n, a: gp.baseAddress!, b: bp.baseAddress!,
                                  beta: overwrite ? 0 : 1, c: ga.baseAddress!)
                    }
                })
                // dB = Aᵀ · dC
                tape.accumulate(rhs, overwritingFirst: { gb, overwrite in
                    a.scalars.withUnsafeBufferPointer { ap in
                        BLAS.gemm(transposeA: true, m: k, n: n, k: m, a: ap.baseAddress!, b: gp.baseAddress!,
                                  beta: overwrite ? 0 : 1, c: gb.baseAddress!)
                    }
                })
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
