import Tables

/// An expression bound against a schema and compiled once into a closure that runs over whole columns.
struct BoundExpr {
    /// The result type; nil for an untyped `null`.
    var type: DataType?
    var span: SourceSpan
    /// Known at bind time (literals and expressions over them).
    var constant: Value?
    /// Evaluates over every row of a batch.
    var eval: (Batch) throws -> Vec

    /// The column type the result materialises as (an untyped null becomes an int column).
    var resultType: DataType { type ?? .int }

    static func constant(_ v: Value, _ span: SourceSpan) -> BoundExpr {
        BoundExpr(type: v.type, span: span, constant: v, eval: { _ in .scalar(v) })
    }

    /// The result as a column of the batch's length.
    func column(_ b: Batch) throws -> Column {
        try eval(b).materialize(count: b.count, type: resultType)
    }
}

/// Describes a type for messages: `number` for int/double, `text`, `bool`.
func typeWord(_ t: DataType?) -> String {
    guard let t else { return "null" }
    switch t {
    case .int, .double: return "number"
    case .string: return "text"
    case .bool: return "bool"
    }
}

/// The common type of two operands (int and double meet at double, null meets anything), or nil.
func unifyTypes(_ a: DataType?, _ b: DataType?) -> DataType?? {
    switch (a, b) {
    case (nil, let y): return .some(y)
    case (let x, nil): return .some(x)
    case let (x?, y?) where x == y: return .some(x)
    case (.int?, .double?), (.double?, .int?): return .some(.double)
    default: return nil
    }
}
