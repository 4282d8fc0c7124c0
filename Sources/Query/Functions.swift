import Foundation
import Tables

/// Scalar functions: binding (argument counts and types) and their column kernels.
extension ExprCompiler {
    static let textFunctions: Set<String> = ["lower", "upper", "trim", "length", "contains", "starts_with",
                                             "ends_with", "replace", "substr"]
    static let mathFunctions: Set<String> = ["sqrt", "ln", "exp", "abs", "floor", "ceil", "round", "pow"]

    func call(_ typed: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan) throws -> BoundExpr {
        // Aliases (`avg`, `stddev`, `variance`) resolve through the function registry.
        let name = QueryLanguage.canonicalFunctionName(typed)
        let isAggregate = QueryLanguage.aggregates.contains(name) && !((name == "min" || name == "max") && args.count >= 2)
        if isAggregate {
            if let h = aggregateHook ?? windowHook { return try h(name, args, span, whole) }
            throw Diagnostic("aggregate `\(name)` is not allowed in `\(stepName)`", span: span,
                             hint: stepName == "where"
                                ? "aggregate first (`agg … by …`) and filter after it, or compare with a window: `derive t = \(name)(…) over (by …)`"
                                : "use aggregates in `agg`, or in `derive … over (by …)`")
        }
        if QueryLanguage.windowFunctions.contains(name) {
            if let h = windowHook { return try h(name, args, span, whole) }
            throw Diagnostic("window function `\(name)` is only allowed in `derive`", span: span,
                             hint: "derive x = \(name)(…) over (by … order …)")
        }
        guard QueryLanguage.functions.contains(name) else {
            throw Diagnostic("unknown function `\(typed)`", span: span,
                             hint: NameSuggester.hint(for: typed, in: QueryLanguage.functionKeywords))
        }
        func arity(_ range: ClosedRange<Int>) throws {
            guard range.contains(args.count) else {
                let want = range.lowerBound == range.upperBound ? "\(range.lowerBound)" :
                    (range.upperBound > 50 ? "at least \(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)")
                throw Diagnostic("`\(name)` takes \(want) argument\(range.upperBound == 1 ? "" : "s") but got \(args.count)",
                                 span: whole)
            }
        }
        switch name {
        case "if":
            try arity(3...3)
            return try compile(.caseWhen([(args[0], args[1])], args[2], whole))
        case "coalesce":
            try arity(1...1000)
            let bs = try args.map { try compile($0) }
            var t: DataType? = nil
            for b in bs {
                guard let u = unifyTypes(t, b.type) else {
                    throw Diagnostic("`coalesce` mixes \(typeWord(t)) and \(typeWord(b.type))", span: b.span,
                                     hint: "every argument must give the same kind of value")
                }
                t = u
            }
            let rt = t ?? .int
            return BoundExpr(type: t, span: whole, constant: nil) { b in
                let vs = try bs.map { try $0.eval(b) }
                let cols = try vs.map { try Kernels.promoted(try $0.materialize(count: b.count, type: rt), to: rt) }
                let conds = try cols.dropLast().map { c -> Vec in try Kernels.isNull(.column(c), negated: true, count: b.count) }
                return .column(try Choose.select(conditions: Array(conds), values: Array(cols.dropLast()),
                                             otherwise: cols.last!, type: rt, count: b.count))
            }
        case "concat":
            try arity(1...1000)
            let bs = try args.map { try compile($0) }
            return BoundExpr(type: .string, span: whole, constant: nil) { b in
                try StringKernels.concat(try bs.map { try $0.eval(b) }, count: b.count, skipNulls: true)
            }
        case "min", "max":
            try arity(2...1000)
            let bs = try args.map { try compile($0) }
            var t: DataType? = nil
            for b in bs {
                guard let u = unifyTypes(t, b.type), u != .bool else {
                    throw Diagnostic("`\(name)` compares numbers or text, not \(typeWord(b.type)) with \(typeWord(t))", span: b.span)
                }
                t = u
            }
            let rt = t ?? .int
            let wantMax = name == "max"
            return BoundExpr(type: t, span: whole, constant: nil) { b in
                let cols = try bs.map { try Kernels.promoted(try $0.column(b), to: rt) }
                return .column(try Extremum.rowwise(cols, max: wantMax, type: rt, count: b.count))
            }
        default:
            break
        }
        let bs = try args.map { try compile($0) }
        if ExprCompiler.textFunctions.contains(name) { return try textFunction(name, bs, whole, arity) }
        return try mathFunction(name, bs, whole, arity)
    }

    private func requireType(_ b: BoundExpr, _ fn: String, _ want: String, _ ok: (DataType) -> Bool) throws {
        if let t = b.type, !ok(t) {
            throw Diagnostic("`\(fn)` needs \(want) but got \(typeWord(t))", span: b.span,
                             hint: want == "text" ? "convert with concat(x)" : nil)
        }
    }

    private func textFunction(_ name: String, _ bs: [BoundExpr], _ whole: SourceSpan,
                              _ arity: (ClosedRange<Int>) throws -> Void) throws -> BoundExpr {
        let resultType: DataType
        let f: ([Value]) -> Value
        switch name {
        case "lower", "upper", "trim", "length":
            try arity(1...1)
            try requireType(bs[0], name, "text") { $0 == .string }
            resultType = name == "length" ? .int : .string
            switch name {
            case "lower": f = { .string(($0[0].asString ?? "").lowercased()) }
            case "upper": f = { .string(($0[0].asString ?? "").uppercased()) }
            case "trim": f = { .string(($0[0].asString ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) }
            default: f = { .int(Int64(($0[0].asString ?? "").count)) }
            }
        case "contains", "starts_with", "ends_with":
            try arity(2...2)
            for b in bs { try requireType(b, name, "text") { $0 == .string } }
            resultType = .bool
            switch name {
            case "contains": f = { a in let n = a[1].asString ?? ""; return .bool(n.isEmpty || (a[0].asString ?? "").contains(n)) }
            case "starts_with": f = { .bool(($0[0].asString ?? "").hasPrefix($0[1].asString ?? "")) }
            default: f = { .bool(($0[0].asString ?? "").hasSuffix($0[1].asString ?? "")) }
            }
        case "replace":
            try arity(3...3)
            for b in bs { try requireType(b, name, "text") { $0 == .string } }
            resultType = .string
            f = { a in
                let s = a[0].asString ?? "", from = a[1].asString ?? "", to = a[2].asString ?? ""
                return .string(from.isEmpty ? s : s.replacingOccurrences(of: from, with: to))
            }
        default: // substr(s, start[, length]), 1-based
            try arity(2...3)
            try requireType(bs[0], name, "text") { $0 == .string }
            for b in bs.dropFirst() { try requireType(b, name, "a whole number") { $0 == .int } }
            resultType = .string
            f = { a in
                let chars = Array(a[0].asString ?? "")
                guard case .int(let s) = a[1] else { return .null }
                let start = Int(max(-(1 << 40), min(1 << 40, s)))
                var end = chars.count + 1
                if a.count > 2 {
                    guard case .int(let l) = a[2] else { return .null }
                    end = start + Int(max(0, min(1 << 40, l)))
                }
                let lo = max(start, 1), hi = min(end, chars.count + 1)
                guard hi > lo else { return .string("") }
                return .string(String(chars[(lo - 1)..<(hi - 1)]))
            }
        }
        let predicate = ["contains", "starts_with", "ends_with"].contains(name) ? name : nil
        return BoundExpr(type: resultType, span: whole, constant: nil) { b in
            let args = try bs.map { try $0.eval(b) }
            if let predicate, let fast = try StringKernels.predicateOnDictionary(predicate, args, f) { return fast }
            return try StringKernels.apply(args, types: bs.map(\.resultType), result: resultType, count: b.count, f)
        }
    }

    private func mathFunction(_ name: String, _ bs: [BoundExpr], _ whole: SourceSpan,
                              _ arity: (ClosedRange<Int>) throws -> Void) throws -> BoundExpr {
        let txt = source(whole)
        switch name {
        case "pow":
            try arity(2...2)
        case "round":
            try arity(1...2)
        default:
            try arity(1...1)
        }
        for b in bs { try requireType(b, name, "a number") { $0.isNumeric } }
        if name == "round", bs.count == 2 { try requireType(bs[1], name, "a whole number of decimals") { $0 == .int } }
        let t0 = bs[0].resultType
        switch name {
        case _ where t0 == .int && ["abs", "floor", "ceil", "round"].contains(name):
            if name == "round", bs.count == 2 {
                // rounding an int to n >= 0 decimals leaves it as it is; negative n rounds to tens etc.
                let b1 = bs[1]
                return BoundExpr(type: .double, span: whole, constant: nil) { b in
                    let x = try Kernels.promoted(try bs[0].column(b), to: .double)
                    return try Math.round(x, digits: try b1.eval(b), count: b.count)
                }
            }
            let isAbs = name == "abs"
            return BoundExpr(type: .int, span: whole, constant: nil) { b in
                let c = try bs[0].column(b)
                guard isAbs, case .int(let a) = c.storage else { return .column(c) }
                var nulls: [Int] = []
                if try Kernels.anyElement(a, where: { $0 == .min }) {
                    nulls = try Kernels.rows(b.count) { a[$0] == .min && !c.isNull($0) }
                    if !nulls.isEmpty { b.warnings.add("integer overflow in `\(txt)`: result set to null") }
                }
                return .column(Column(ints: try Kernels.mapRows(a) { $0 < 0 ? 0 &- $0 : $0 },
                                      validity: try Validity.clearing(c.validity, count: b.count, rows: nulls)))
            }
        case "round":
            return BoundExpr(type: .double, span: whole, constant: nil) { b in
                let x = try Kernels.promoted(try bs[0].column(b), to: .double)
                return try Math.round(x, digits: bs.count > 1 ? try bs[1].eval(b) : .scalar(.int(0)), count: b.count)
            }
        case "pow":
            return BoundExpr(type: .double, span: whole, constant: nil) { b in
                try Kernels.arithmetic("^", try bs[0].eval(b), try bs[1].eval(b), ta: bs[0].resultType, tb: bs[1].resultType,
                                   result: .double, count: b.count, warnings: b.warnings, text: txt)
            }
        default:
            let f: (Double) -> Double
            switch name {
            case "abs": f = { Swift.abs($0) }
            case "floor": f = { $0.rounded(.down) }
            case "ceil": f = { $0.rounded(.up) }
            case "sqrt": f = { $0 < 0 ? .nan : $0.squareRoot() }
            case "ln": f = { $0 <= 0 ? .nan : Foundation.log($0) }
            default: f = { Foundation.exp($0) }
            }
            return BoundExpr(type: .double, span: whole, constant: nil) { b in
                let x = try bs[0].eval(b)
                if case .scalar(let v) = x {
                    guard let d = v.asDouble else { return .scalar(.null) }
                    let r = f(d)
                    if !r.isFinite { b.warnings.add("`\(txt)` is undefined for \(v): result set to null"); return .scalar(.null) }
                    return .scalar(.double(r))
                }
                let c = try x.materialize(count: b.count, type: .double)
                return .column(try Math.map(c, f, warnings: b.warnings, text: txt))
            }
        }
    }
}

/// Numeric kernels for math functions.
enum Math {
    /// Applies `f` to every value; non-finite results become null with a warning.
    static func map(_ c: Column, _ f: (Double) -> Double, warnings: WarningSink, text: String) throws -> Column {
        let x = try Kernels.doubles(c)
        var res = try Kernels.mapRows(x, f)
        var nulls: [Int] = []
        if try Kernels.anyElement(res, where: { !$0.isFinite }) {
            nulls = try Kernels.rows(res.count) { !res[$0].isFinite && !c.isNull($0) }
            if !nulls.isEmpty { warnings.add("`\(text)` is undefined for some rows: result set to null") }
            try res.withUnsafeMutableBufferPointer { pr in
                try Cancellation.inBlocks(of: pr.count) { block in for i in block where !pr[i].isFinite { pr[i] = 0 } }
            }
        }
        return Column(doubles: res, validity: try Validity.clearing(c.validity, count: c.count, rows: nulls))
    }

    /// Rounds half away from zero to `digits` decimals (negative digits round to tens, hundreds …).
    /// `round(x, d)`: the exact value of the double x holds, rounded to d decimals, halves away from zero —
    /// as DuckDB's `round` on a DOUBLE (checked against DuckDB 2.0 on 18 000 values). So `round(2.675, 2)`
    /// is 2.67, as in DuckDB and Python: 2.675 is stored as 2.67499999999999982236…, although 2.675 × 100
    /// rounds to exactly 267.5 in doubles (the naive `(x * 100).rounded() / 100` gives 2.68; the fused
    /// residual of the product tells which side of the tie the exact value is on). Exact halves round away
    /// from zero: `round(0.125, 2)` is 0.13, `round(-2.5)` is -3 (Python rounds halves to even: 0.12, -2).
    /// Negative d rounds to tens, hundreds …
    static func round(_ c: Column, digits: Vec, count n: Int) throws -> Vec {
        let x = try Kernels.doubles(c)
        func r(_ v: Double, _ d: Int64) -> Double {
            let dd = Swift.max(-15, Swift.min(15, d))
            let m = Foundation.pow(10, Double(Swift.abs(dd)))  // exact for |d| <= 22
            // y: v scaled, rounded to a double; e: the sign of what that rounding lost (fused, exact)
            let y = dd >= 0 ? v * m : v / m
            let e = dd >= 0 ? (-y).addingProduct(v, m) : v.addingProduct(-y, m)
            var k: Double
            if Swift.abs(y - y.rounded(.towardZero)) == 0.5 && e != 0 {
                // the product only looks like a tie: the exact value lies on one side of it
                k = e > 0 ? y.rounded(.up) : y.rounded(.down)
            } else {
                k = y.rounded(.toNearestOrAwayFromZero)
            }
            k = dd >= 0 ? k / m : k * m
            return k.isFinite ? k : v
        }
        switch digits {
        case .scalar(.int(let d)):
            return .column(Column(doubles: try Kernels.mapRows(x) { r($0, d) }, validity: c.validity))
        case .scalar: return .scalar(.null)
        case .column(let dc):
            guard case .int(let ds) = dc.storage else { return .scalar(.null) }
            return .column(Column(doubles: try Kernels.mapRows(x, ds, r), validity: Validity.and(c.validity, dc.validity)))
        }
    }
}

/// Row-wise `min(a, b, …)` / `max(a, b, …)`, ignoring nulls (null only when all are null).
enum Extremum {
    static func rowwise(_ cols: [Column], max wantMax: Bool, type: DataType, count n: Int) throws -> Column {
        var best = try Cancellation.array(repeating: Value.null, count: n)
        for c in cols {
            try Cancellation.inBlocks(of: n) { block in
                for i in block where !c.isNull(i) {
                    let v = c[i]
                    if best[i].isNull { best[i] = v; continue }
                    let cmp = Value.compare(v, best[i])
                    if wantMax ? cmp > 0 : cmp < 0 { best[i] = v }
                }
            }
        }
        return try Kernels.column(values: best, type: type)
    }
}

/// Text kernels. Functions of one text column (and constant arguments) run once per dictionary
/// entry, not once per row; anything else falls back to row-wise evaluation.
enum StringKernels {
    static func apply(_ args: [Vec], types: [DataType], result: DataType, count n: Int,
                      _ f: ([Value]) -> Value) throws -> Vec {
        // nulls propagate
        if args.contains(where: { $0.scalarValue == .null }) { return .scalar(.null) }
        let scalars = args.compactMap(\.scalarValue)
        if scalars.count == args.count { return .scalar(f(scalars)) }
        if case .column(let c) = args[0], case .string(let codes, let dict) = c.storage,
           args.dropFirst().allSatisfy({ $0.scalarValue != nil }) {
            let rest = args.dropFirst().map { $0.scalarValue! }
            let values = dict.values
            let mapped = try Cancellation.map(values.count) { f([.string(values[$0])] + rest) }
            return .column(try fromDictionary(mapped, codes: codes, validity: c.validity, result: result))
        }
        // general case: row by row
        let cols = try zip(args, types).map { try $0.materialize(count: n, type: $1) }
        var out = try Cancellation.array(repeating: Value.null, count: n)
        try Cancellation.inBlocks(of: n) { block in
            for i in block where !cols.contains(where: { $0.isNull(i) }) {
                out[i] = f(cols.map { $0[i] })
            }
        }
        return .column(try Kernels.column(values: out, type: result))
    }

    /// `contains` / `starts_with` / `ends_with` of a text column and a constant: once per dictionary entry,
    /// comparing UTF-8 bytes where that is the same as comparing characters (an ASCII entry and a needle of
    /// ASCII without line breaks, so no match can split a character such as `\r\n`), else through `f`;
    /// looking for Ctrl-C every 64 k entries. nil when the arguments are not of that shape.
    static func predicateOnDictionary(_ name: String, _ args: [Vec], _ f: ([Value]) -> Value) throws -> Vec? {
        guard args.count == 2, case .column(let c) = args[0], case .string(let codes, let dict) = c.storage,
              case .string(let needle)? = args[1].scalarValue else { return nil }
        if dict.count == 0 { return .column(try Vec.nullColumn(.bool, count: codes.count)) }
        let nb = Array(needle.utf8)
        let byteSafe = nb.allSatisfy { $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }
        var table = [Bool](repeating: false, count: dict.count)
        let values = dict.values
        let mode = name == "starts_with" ? 1 : name == "ends_with" ? 2 : 0   // (not a string compare per entry)
        // a needle of 1 to 8 bytes as one word (the first byte lowest), for `containsWord`
        let word: (needle: UInt64, mask: UInt64)? = mode == 0 && (1...8).contains(nb.count)
            ? (nb.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) },
               nb.count == 8 ? ~0 : (1 << (8 * UInt64(nb.count))) - 1) : nil
        try table.withUnsafeMutableBufferPointer { tb in
            try Cancellation.inBlocks(of: values.count) { block in
                for k in block {
                    let s = values[k]
                    let hit: Bool? = byteSafe ? s.utf8.withContiguousStorageIfAvailable { h -> Bool? in
                        if let word { return Self.containsWord(h, word.needle, word.mask, nb.count) }
                        guard h.allSatisfy({ $0 < 0x80 }) else { return nil }
                        return Self.bytesMatch(mode, h, nb)
                    } ?? nil : nil
                    tb[k] = hit ?? (f([.string(s), .string(needle)]) == .bool(true))
                }
            }
        }
        return .column(Column(bools: try Kernels.mapRows(codes) { table[Int($0)] }, validity: c.validity))
    }

    /// Whether ASCII `h` holds the `count` bytes of `needle` (1 to 8, the first byte lowest; `mask` has
    /// their bits); nil when `h` is not ASCII. A window of eight bytes slides one byte a step, each step
    /// one masked compare: no branch on the bytes themselves, which for digits mispredicts one step in ten.
    @inline(__always)
    static func containsWord(_ h: UnsafeBufferPointer<UInt8>, _ needle: UInt64, _ mask: UInt64, _ count: Int) -> Bool? {
        let hn = h.count
        guard let p = h.baseAddress, hn > 0 else { return count == 0 ? true : false }
        var high: UInt8 = 0
        var w: UInt64 = 0
        let head = Swift.min(8, hn)
        if head == 8 { w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian } else {
            for i in 0..<head { w |= UInt64(p[i]) << (8 * UInt64(i)) }
        }
        if w & 0x8080_8080_8080_8080 != 0 { return nil }
        var found = false
        var i = 0
        while true {
            if i + count <= hn && w & mask == needle { found = true }
            let next = i + 8
            if next >= hn { break }
            let b = p[next]
            high |= b
            w = w >> 8 | UInt64(b) << 56
            i += 1
        }
        if high >= 0x80 { return nil }
        if found { return true }
        // the windows past `hn - 8` start after the last full one: shift the rest of the bytes out
        while i + count < hn {
            w >>= 8
            i += 1
            if w & mask == needle { return true }
        }
        return false
    }

    @inline(__always)
    /// `mode`: 0 contains, 1 starts_with, 2 ends_with.
    static func bytesMatch(_ mode: Int, _ h: UnsafeBufferPointer<UInt8>, _ n: [UInt8]) -> Bool {
        let hn = h.count, nn = n.count
        if nn == 0 { return true }
        if nn > hn { return false }
        switch mode {
        case 1: return n.withUnsafeBufferPointer { memcmp(h.baseAddress!, $0.baseAddress!, nn) == 0 }
        case 2: return n.withUnsafeBufferPointer { memcmp(h.baseAddress! + (hn - nn), $0.baseAddress!, nn) == 0 }
        default:
            return n.withUnsafeBufferPointer { pn in
                let first = pn[0]
                for i in 0...(hn - nn) where h[i] == first {
                    if memcmp(h.baseAddress! + i, pn.baseAddress!, nn) == 0 { return true }
                }
                return false
            }
        }
    }

    /// A column whose row `i` is `mapped[codes[i]]`.
    /// Looks for Ctrl-C every 64 k rows (and every 64 k entries, which can be one per row).
    static func fromDictionary(_ mapped: [Value], codes: [UInt32], validity: Bitmap?, result: DataType) throws -> Column {
        if mapped.isEmpty { return try Vec.nullColumn(result, count: codes.count) }
        switch result {
        case .string:
            let nd = StringDictionary()
            let remap = try Cancellation.map(mapped.count) { nd.code(for: mapped[$0].asString ?? "") }
            return Column(codes: try Kernels.mapRows(codes) { remap[Int($0)] }, dictionary: nd, validity: validity)
        case .bool:
            let t = mapped.map { $0 == .bool(true) }
            return Column(bools: try Kernels.mapRows(codes) { t[Int($0)] }, validity: validity)
        case .int:
            let t = mapped.map { v -> Int64 in if case .int(let x) = v { return x }; return 0 }
            return Column(ints: try Kernels.mapRows(codes) { t[Int($0)] }, validity: validity)
        case .double:
            let t = mapped.map { $0.asDouble ?? 0 }
            return Column(doubles: try Kernels.mapRows(codes) { t[Int($0)] }, validity: validity)
        }
    }

    /// Joins text; `skipNulls` (concat) treats null as empty, otherwise (`+`) null makes the row null.
    /// Every row may be a new string, so the memory budget is checked before (the codes) and while the
    /// dictionary grows (every 16 k rows, with Ctrl-C).
    static func concat(_ args: [Vec], count n: Int, skipNulls: Bool) throws -> Vec {
        if !skipNulls, args.contains(where: { $0.scalarValue == .null }) { return .scalar(.null) }
        let scalars = args.compactMap(\.scalarValue)
        func text(_ v: Value) -> String { v.isNull ? "" : v.description }
        if scalars.count == args.count { return .scalar(.string(scalars.map(text).joined())) }
        try MemoryBudget.reserve(n * 5, for: "this text of \(NumberFormat.grouped(Int64(n))) rows")
        let dict = StringDictionary()
        dict.reserveCapacity(n)  // a string per row at most: the table never grows (a rehash cannot be stopped)
        var codes = try Cancellation.array(repeating: UInt32(0), count: n)
        var valid = Bitmap(count: n, value: true)
        let cols = args.map { v -> Column? in if case .column(let c) = v { return c }; return nil }
        // Stopped part-way, the strings made so far are freed in the background (one free each).
        do { try fill() } catch { Cancellation.releaseLater(dict); throw error }
        func fill() throws {
        for i in 0..<n {
            if i % 16384 == 0 { try Cancellation.check() }
            var s = ""
            var isNull = false
            for (k, a) in args.enumerated() {
                if let c = cols[k] {
                    if c.isNull(i) { if !skipNulls { isNull = true; break }; continue }
                    switch c.storage {
                    case .string(let cs, let d): s += d[cs[i]]
                    default: s += c[i].description
                    }
                } else if let v = a.scalarValue {
                    s += text(v)
                }
            }
            if isNull { valid[i] = false } else { codes[i] = dict.code(for: s) }
        }
        }
        return .column(Column(codes: codes, dictionary: dict, validity: valid))
    }
}
