import Foundation
import Tables

/// Typed loops over whole column buffers. Each kernel takes vectors (columns or broadcast constants),
/// switches on the storage once, and runs a tight loop; nulls travel in validity bitmaps.
///
/// Every pass over the rows of an expression's kernel goes through `Cancellation.inBlocks` (the
/// `mapRows`, `rows(where:)`, `anyElement` helpers below, or `Cancellation.array`/`map`), so Ctrl-C is
/// seen every 64 k rows inside a kernel, and a kernel writes its one output buffer in place: no pieces,
/// no copies of the input, no join.
enum Kernels {
    // MARK: loop helpers

    /// `a.map(f)` over the buffer, looking for Ctrl-C (and the memory limit) every 64 k rows.
    @inline(__always)
    static func mapRows<A, R>(_ a: [A], _ f: (A) -> R) throws -> [R] {
        let n = a.count
        return try a.withUnsafeBufferPointer { pa in
            try [R](unsafeUninitializedCapacity: n) { buf, initialized in
                try Cancellation.inBlocks(of: n) { block in
                    for i in block { buf.initializeElement(at: i, to: f(pa[i])) }
                    initialized = block.upperBound
                }
            }
        }
    }

    /// `f(a[i], b[i])` for the rows of `a`, looking for Ctrl-C (and the memory limit) every 64 k rows.
    @inline(__always)
    static func mapRows<A, B, R>(_ a: [A], _ b: [B], _ f: (A, B) -> R) throws -> [R] {
        let n = a.count
        assert(b.count >= n, "mapRows: the second operand has \(b.count) rows, the first \(n)")
        return try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try [R](unsafeUninitializedCapacity: n) { buf, initialized in
                    try Cancellation.inBlocks(of: n) { block in
                        for i in block { buf.initializeElement(at: i, to: f(pa[i], pb[i])) }
                        initialized = block.upperBound
                    }
                }
            }
        }
    }

    /// `(0..<n).map(f)` written in place, looking for Ctrl-C (and the memory limit) every 64 k rows
    /// (`Cancellation.map` appends, which costs more in a hot pass).
    @inline(__always)
    static func mapIndices<R>(_ n: Int, _ f: (Int) -> R) throws -> [R] {
        let n = Swift.max(0, n)
        return try [R](unsafeUninitializedCapacity: n) { buf, initialized in
            try Cancellation.inBlocks(of: n) { block in
                for i in block { buf.initializeElement(at: i, to: f(i)) }
                initialized = block.upperBound
            }
        }
    }

    /// Whether some element satisfies `p`, looking for Ctrl-C every 64 k elements.
    @inline(__always)
    static func anyElement<T>(_ a: [T], where p: (T) -> Bool) throws -> Bool {
        var found = false
        try a.withUnsafeBufferPointer { pa in
            try Cancellation.inBlocks(of: pa.count) { block in
                if !found { for i in block where p(pa[i]) { found = true; break } }
            }
        }
        return found
    }

    /// The rows of `0..<n` where `p` holds, looking for Ctrl-C every 64 k rows.
    @inline(__always)
    static func rows(_ n: Int, where p: (Int) -> Bool) throws -> [Int] {
        var out: [Int] = []
        try Cancellation.inBlocks(of: n) { block in for i in block where p(i) { out.append(i) } }
        return out
    }

    /// A number or bool column's values as doubles (ints converted, bools as 0/1, text as NaN), in checked blocks.
    static func doubles(_ c: Column) throws -> [Double] {
        switch c.storage {
        case .double(let a): return a
        case .int(let a): return try mapRows(a) { Double($0) }
        case .bool(let a): return try mapRows(a) { $0 ? 1 : 0 }
        case .string: return try Cancellation.array(repeating: .nan, count: c.count)
        }
    }

    /// `c.promoted(to: type)` in checked blocks: an int or bool column as doubles when `type` is double.
    static func promoted(_ c: Column, to type: DataType) throws -> Column {
        guard type == .double else { return c }
        switch c.storage {
        case .int, .bool: return Column(doubles: try doubles(c), validity: c.validity)
        default: return c
        }
    }

    /// `Column(values:type:)` in checked blocks: values converted to `type` (int -> double, bool -> int),
    /// anything that does not fit it null.
    static func column(values: [Value], type: DataType) throws -> Column {
        let n = values.count
        var valid = Bitmap(count: n, value: true)
        switch type {
        case .int:
            let out = try Cancellation.map(n) { i -> Int64 in
                switch values[i] {
                case .int(let x): return x
                case .bool(let b): return b ? 1 : 0
                default: valid[i] = false; return 0
                }
            }
            return Column(ints: out, validity: valid)
        case .double:
            let out = try Cancellation.map(n) { i -> Double in
                if let d = values[i].asDouble { return d }
                valid[i] = false
                return 0
            }
            return Column(doubles: out, validity: valid)
        case .bool:
            let out = try Cancellation.map(n) { i -> Bool in
                if case .bool(let b) = values[i] { return b }
                valid[i] = false
                return false
            }
            return Column(bools: out, validity: valid)
        case .string:
            let dict = StringDictionary()
            let codes = try Cancellation.map(n) { i -> UInt32 in
                switch values[i] {
                case .null: valid[i] = false; return 0
                case .string(let s): return dict.code(for: s)
                case let v: return dict.code(for: v.description)
                }
            }
            return Column(codes: codes, dictionary: dict, validity: valid)
        }
    }

    /// `a.map(f)` without looking for Ctrl-C: for callers that look for it around the call (sorting,
    /// grouping, aggregates over a column they checked already). Expression kernels use `mapRows`.
    @inline(__always)
    static func map1<A, R>(_ a: [A], _ f: (A) -> R) -> [R] {
        let n = a.count
        return a.withUnsafeBufferPointer { pa in
            [R](unsafeUninitializedCapacity: n) { buf, c in
                for i in 0..<n { buf.initializeElement(at: i, to: f(pa[i])) }
                c = n
            }
        }
    }

    /// `f(a[i], b[i])` without looking for Ctrl-C (see `map1`).
    @inline(__always)
    static func map2<A, B, R>(_ a: [A], _ b: [B], _ f: (A, B) -> R) -> [R] {
        let n = a.count
        assert(b.count >= n, "map2: the second operand has \(b.count) rows, the first \(n)")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                [R](unsafeUninitializedCapacity: n) { buf, c in
                    for i in 0..<n { buf.initializeElement(at: i, to: f(pa[i], pb[i])) }
                    c = n
                }
            }
        }
    }

    // MARK: numeric views

    enum IntView {
        case array([Int64]), constant(Int64)
        @inline(__always)
        subscript(i: Int) -> Int64 {
            switch self {
            case .array(let a): return a[i]
            case .constant(let c): return c
            }
        }
    }
    enum DoubleView { case array([Double]), constant(Double) }

    static func intView(_ v: Vec) throws -> IntView {
        switch v {
        case .scalar(.int(let x)): return .constant(x)
        case .scalar(.bool(let b)): return .constant(b ? 1 : 0)
        case .column(let c):
            switch c.storage {
            case .int(let a): return .array(a)
            case .bool(let a): return .array(try mapRows(a) { $0 ? 1 : 0 })
            default: return .constant(0)
            }
        default: return .constant(0)
        }
    }

    static func doubleView(_ v: Vec) throws -> DoubleView {
        switch v {
        case .scalar(let s): return .constant(s.asDouble ?? 0)
        case .column(let c): return .array(try doubles(c))
        }
    }

    static func validity(_ v: Vec) -> Bitmap? {
        if case .column(let c) = v { return c.validity }
        return nil
    }

    /// Runs a binary kernel on two broadcast constants by going through one-row columns.
    static func onScalars(_ a: Value, _ b: Value, ta: DataType, tb: DataType,
                          _ kernel: (Vec, Vec, Int) throws -> Vec) throws -> Vec {
        let r = try kernel(.column(try Vec.broadcast(a, count: 1, type: ta)), .column(try Vec.broadcast(b, count: 1, type: tb)), 1)
        if case .column(let c) = r { return .scalar(c[0]) }
        return r
    }

    // MARK: arithmetic

    /// `a op b` for `+ - * / % ^` on numbers. Ints stay ints for `+ - * %` (overflow → null and a warning);
    /// `/` and `^` give doubles; division by zero gives null and a warning.
    static func arithmetic(_ op: String, _ a: Vec, _ b: Vec, ta: DataType, tb: DataType, result: DataType,
                           count n: Int, warnings: WarningSink, text: String) throws -> Vec {
        if a.scalarValue == .null || b.scalarValue == .null { return .scalar(.null) }
        if let x = a.scalarValue, let y = b.scalarValue {
            return try onScalars(x, y, ta: ta, tb: tb) {
                try arithmetic(op, $0, $1, ta: ta, tb: tb, result: result, count: $2, warnings: warnings, text: text)
            }
        }
        let valid = Validity.and(validity(a), validity(b))
        if result == .int {
            let av = try intView(a), bv = try intView(b)
            let (out, bad) = try intArithmetic(op, av, bv, n)
            var nulls: [Int] = []
            if bad {
                // find the rows that overflowed (or divided by zero) among valid ones
                nulls = try rows(n) { i in (valid?[i] ?? true) && intOpFails(op, av[i], bv[i]) }
                if !nulls.isEmpty {
                    warnings.add(op == "%" ? "division by zero in `\(text)`: result set to null"
                                           : "integer overflow in `\(text)`: result set to null")
                }
            }
            return .column(Column(ints: out, validity: try Validity.clearing(valid, count: n, rows: nulls)))
        }
        let av = try doubleView(a), bv = try doubleView(b)
        var out: [Double]
        switch op {
        case "+": out = try dbl(av, bv, n, +)
        case "-": out = try dbl(av, bv, n, -)
        case "*": out = try dbl(av, bv, n, *)
        case "/": out = try dbl(av, bv, n, /)
        case "%": out = try dbl(av, bv, n) { fmod($0, $1) }
        default: out = try dbl(av, bv, n) { Foundation.pow($0, $1) }
        }
        var nulls: [Int] = []
        if op == "/" || op == "%" {
            switch bv {
            case .constant(let c): if c == 0 { nulls = try rows(n) { valid?[$0] ?? true } }
            case .array(let arr):
                if try anyElement(arr, where: { $0 == 0 }) { nulls = try rows(n) { arr[$0] == 0 && (valid?[$0] ?? true) } }
            }
            if !nulls.isEmpty { warnings.add("division by zero in `\(text)`: result set to null") }
        } else if op == "^" || op == "*" || op == "+" || op == "-" {
            if try anyElement(out, where: { !$0.isFinite }) {
                nulls = try rows(n) { !out[$0].isFinite && (valid?[$0] ?? true) }
                if !nulls.isEmpty { warnings.add("`\(text)` is not a finite number for some rows: result set to null") }
            }
        }
        if !nulls.isEmpty {
            try out.withUnsafeMutableBufferPointer { po in
                try Cancellation.inBlocks(of: nulls.count) { block in for k in block { po[nulls[k]] = 0 } }
            }
        }
        return .column(Column(doubles: out, validity: try Validity.clearing(valid, count: n, rows: nulls)))
    }

    @inline(__always)
    static func intOpFails(_ op: String, _ x: Int64, _ y: Int64) -> Bool {
        switch op {
        case "+": return x.addingReportingOverflow(y).overflow
        case "-": return x.subtractingReportingOverflow(y).overflow
        case "*": return x.multipliedReportingOverflow(by: y).overflow
        default: return y == 0 || (x == .min && y == -1)
        }
    }

    private static func dbl(_ a: DoubleView, _ b: DoubleView, _ n: Int, _ f: (Double, Double) -> Double) throws -> [Double] {
        switch (a, b) {
        case (.array(let x), .array(let y)): return try mapRows(x, y, f)
        case (.array(let x), .constant(let c)): return try mapRows(x) { f($0, c) }
        case (.constant(let c), .array(let y)): return try mapRows(y) { f(c, $0) }
        case (.constant(let c), .constant(let d)): return try Cancellation.array(repeating: f(c, d), count: n)
        }
    }

    /// Int `+ - * %` with wrap-around; `bad` tells whether any row overflowed or divided by zero.
    private static func intArithmetic(_ op: String, _ a: IntView, _ b: IntView, _ n: Int) throws -> ([Int64], Bool) {
        var bad = false
        func run(_ f: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)) throws -> [Int64] {
            switch (a, b) {
            case (.array(let x), .array(let y)):
                return try mapRows(x, y) { let r = f($0, $1); bad = bad || r.overflow; return r.partialValue }
            case (.array(let x), .constant(let c)):
                return try mapRows(x) { let r = f($0, c); bad = bad || r.overflow; return r.partialValue }
            case (.constant(let c), .array(let y)):
                return try mapRows(y) { let r = f(c, $0); bad = bad || r.overflow; return r.partialValue }
            case (.constant(let c), .constant(let d)):
                let r = f(c, d); bad = r.overflow
                return try Cancellation.array(repeating: r.partialValue, count: n)
            }
        }
        switch op {
        case "+": return (try run { $0.addingReportingOverflow($1) }, bad)
        case "-": return (try run { $0.subtractingReportingOverflow($1) }, bad)
        case "*": return (try run { $0.multipliedReportingOverflow(by: $1) }, bad)
        default:
            let out = try run { x, y in
                if y == 0 || (x == .min && y == -1) { return (0, true) }
                return (x % y, false)
            }
            return (out, bad)
        }
    }

    static func negate(_ a: Vec, type: DataType, count n: Int, warnings: WarningSink, text: String) throws -> Vec {
        switch a {
        case .scalar(.int(let x)):
            if x == .min { warnings.add("integer overflow in `\(text)`: result set to null"); return .scalar(.null) }
            return .scalar(.int(-x))
        case .scalar(.double(let x)): return .scalar(.double(-x))
        case .scalar: return .scalar(.null)
        case .column(let c):
            switch c.storage {
            case .int(let x):
                var nulls: [Int] = []
                if try anyElement(x, where: { $0 == .min }) {
                    nulls = try rows(n) { x[$0] == .min && !c.isNull($0) }
                    if !nulls.isEmpty { warnings.add("integer overflow in `\(text)`: result set to null") }
                }
                return .column(Column(ints: try mapRows(x) { 0 &- $0 }, validity: try Validity.clearing(c.validity, count: n, rows: nulls)))
            case .double(let x): return .column(Column(doubles: try mapRows(x) { -$0 }, validity: c.validity))
            default: return a
            }
        }
    }

    // MARK: comparison

    enum CompareOp: String { case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=" }

    @inline(__always)
    static func test<T: Comparable>(_ op: CompareOp, _ x: T, _ y: T) -> Bool {
        switch op {
        case .eq: return x == y
        case .ne: return x != y
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        }
    }

    /// The loop for one op, specialised so the comparison is not a call per row.
    @inline(__always)
    static func compareArrays<T: Comparable>(_ op: CompareOp, _ x: [T], _ y: [T]) throws -> [Bool] {
        switch op {
        case .eq: return try mapRows(x, y, ==)
        case .ne: return try mapRows(x, y, !=)
        case .lt: return try mapRows(x, y, <)
        case .le: return try mapRows(x, y, <=)
        case .gt: return try mapRows(x, y, >)
        case .ge: return try mapRows(x, y, >=)
        }
    }

    @inline(__always)
    static func compareConstant<T: Comparable>(_ op: CompareOp, _ x: [T], _ c: T) throws -> [Bool] {
        switch op {
        case .eq: return try mapRows(x) { $0 == c }
        case .ne: return try mapRows(x) { $0 != c }
        case .lt: return try mapRows(x) { $0 < c }
        case .le: return try mapRows(x) { $0 <= c }
        case .gt: return try mapRows(x) { $0 > c }
        case .ge: return try mapRows(x) { $0 >= c }
        }
    }

    static func flipped(_ op: CompareOp) -> CompareOp {
        switch op {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return op
        }
    }

    /// `a op b` → bool vector. Types were checked at bind time (numbers with numbers, text with text,
    /// bool with bool).
    static func compare(_ op: CompareOp, _ a: Vec, _ b: Vec, ta: DataType, tb: DataType, count n: Int) throws -> Vec {
        if a.scalarValue == .null || b.scalarValue == .null { return .scalar(.null) }
        if let x = a.scalarValue, let y = b.scalarValue {
            return .scalar(.bool(test(op, Value.compare(x, y), 0)))
        }
        // put the column on the left
        if case .scalar = a { return try compare(flipped(op), b, a, ta: tb, tb: ta, count: n) }
        guard case .column(let ca) = a else { return .scalar(.null) }
        let valid = Validity.and(ca.validity, validity(b))
        let out: [Bool]
        switch (ca.storage, b) {
        case (.string(let codes, let dict), .scalar(.string(let s))):
            if op == .eq || op == .ne, dict.count > 0 {
                let code = dict.existingCode(for: s)
                if let code { out = try compareConstant(op, codes, code) } else { out = try Cancellation.array(repeating: op == .ne, count: n) }
            } else {
                let table = try dictTable(dict) { test(op, $0, s) }
                out = try mapRows(codes) { table[Int($0)] }
            }
        case (.string(let c1, let d1), .column(let cb)):
            guard case .string(let c2, let d2) = cb.storage else { return .scalar(.null) }
            if d1 === d2, op == .eq || op == .ne {
                out = try compareArrays(op, c1, c2)
            } else {
                // a null row's code may index an empty dictionary (an all-null column): test present rows only
                out = try Cancellation.map(n) { i in
                    (valid?[i] ?? true) ? test(op, d1[c1[i]], d2[c2[i]]) : false
                }
            }
        case (.int(let x), .scalar(.int(let c))): out = try compareConstant(op, x, c)
        case (.int(let x), .column(let cb)):
            if case .int(let y) = cb.storage { out = try compareArrays(op, x, y) } else {
                out = try compareArrays(op, try doubles(ca), try doubles(cb))
            }
        case (.double(let x), .scalar(let v)): out = try compareConstant(op, x, v.asDouble ?? .nan)
        case (.int(let x), .scalar(let v)): out = try compareConstant(op, try mapRows(x) { Double($0) }, v.asDouble ?? .nan)
        case (.double(let x), .column(let cb)):
            if case .double(let y) = cb.storage { out = try compareArrays(op, x, y) } else { out = try compareArrays(op, x, try doubles(cb)) }
        case (.bool(let x), .scalar(.bool(let c))):
            out = try compareConstant(op, try mapRows(x) { $0 ? 1 : 0 }, c ? 1 : 0)
        case (.bool(let x), .column(let cb)):
            guard case .bool(let y) = cb.storage else { return .scalar(.null) }
            out = try compareArrays(op, try mapRows(x) { $0 ? 1 : 0 }, try mapRows(y) { $0 ? 1 : 0 })
        default:
            return .scalar(.null)
        }
        return .column(Column(bools: out, validity: valid))
    }

    /// A per-dictionary-entry lookup table, never empty (a null row's code 0 must index it safely);
    /// looks for Ctrl-C every 64 k entries (a dictionary can have an entry per row).
    static func dictTable<R>(_ dict: StringDictionary, _ f: (String) -> R) throws -> [R] where R: DefaultValue {
        let values = dict.values
        let t = try Cancellation.map(values.count) { f(values[$0]) }
        return t.isEmpty ? [R.defaultValue] : t
    }

    // MARK: logic (three-valued)

    static func and(_ a: Vec, _ b: Vec, count n: Int) throws -> Vec {
        try logic(a, b, n, isAnd: true)
    }

    static func or(_ a: Vec, _ b: Vec, count n: Int) throws -> Vec {
        try logic(a, b, n, isAnd: false)
    }

    private static func logic(_ a: Vec, _ b: Vec, _ n: Int, isAnd: Bool) throws -> Vec {
        // a constant that decides the result
        for (x, y) in [(a, b), (b, a)] {
            if case .scalar(.bool(let v)) = x {
                if v == !isAnd { return .scalar(.bool(v)) }  // false and … / true or …
                if case .column(let c) = y { return .column(try asBool(c)) }  // true and y / false or y
                return y
            }
        }
        if let x = a.scalarValue, let y = b.scalarValue {
            // both null, or null with null
            _ = x; _ = y
            return .scalar(.null)
        }
        let ca = try asBool(try a.materialize(count: n, type: .bool)), cb = try asBool(try b.materialize(count: n, type: .bool))
        guard case .bool(let x) = ca.storage, case .bool(let y) = cb.storage else { return .scalar(.null) }
        let out = try isAnd ? mapRows(x, y) { $0 && $1 } : mapRows(x, y) { $0 || $1 }
        if ca.validity == nil && cb.validity == nil { return .column(Column(bools: out)) }
        // SQL: false and null = false; true or null = true; otherwise null if either is null
        let valid = try Validity.from(count: n) { i in
            let va = !ca.isNull(i), vb = !cb.isNull(i)
            if va && vb { return true }
            if isAnd { return (va && !x[i]) || (vb && !y[i]) }
            return (va && x[i]) || (vb && y[i])
        }
        var res = out
        if let valid {
            try Cancellation.inBlocks(of: n) { block in
                for i in block where valid[i] {
                    let va = !ca.isNull(i), vb = !cb.isNull(i)
                    if !(va && vb) { res[i] = isAnd ? false : true }
                }
            }
        }
        return .column(Column(bools: res, validity: valid))
    }

    /// A condition column as bools. Only an untyped all-null expression (`coalesce(null, null)`) can reach
    /// a logic operator with another storage; it is null in every row.
    static func asBool(_ c: Column) throws -> Column {
        if case .bool = c.storage { return c }
        return try Vec.nullColumn(.bool, count: c.count)
    }

    static func not(_ a: Vec) throws -> Vec {
        switch a {
        case .scalar(.bool(let b)): return .scalar(.bool(!b))
        case .scalar: return .scalar(.null)
        case .column(let col):
            let c = try asBool(col)
            guard case .bool(let x) = c.storage else { return .scalar(.null) }
            return .column(Column(bools: try mapRows(x) { !$0 }, validity: c.validity))
        }
    }

    /// `x is null` / `x is not null` (never null itself).
    static func isNull(_ a: Vec, negated: Bool, count n: Int) throws -> Vec {
        switch a {
        case .scalar(let v): return .scalar(.bool(v.isNull != negated))
        case .column(let c):
            guard let v = c.validity else { return .scalar(.bool(negated)) }
            return .column(Column(bools: try Cancellation.map(n) { v[$0] == negated }))
        }
    }

    // MARK: selection

    /// Row indices where a predicate is true (false and null rows are dropped), looking for Ctrl-C
    /// every 64 k rows.
    static func selection(_ p: Vec, count n: Int) throws -> [Int] {
        switch p {
        case .scalar(.bool(true)): return try Cancellation.map(n) { $0 }
        case .scalar: return []
        case .column(let c):
            guard case .bool(let x) = c.storage else { return [] }
            assert(x.count >= n && (c.validity.map { $0.count >= n } ?? true), "selection: a predicate shorter than \(n) rows")
            var out: [Int] = []
            out.reserveCapacity(n / 4)
            try x.withUnsafeBufferPointer { px in
                try Cancellation.inBlocks(of: n) { block in
                    if let v = c.validity {
                        for i in block where px[i] && v[i] { out.append(i) }
                    } else {
                        for i in block where px[i] { out.append(i) }
                    }
                }
            }
            return out
        }
    }
}
