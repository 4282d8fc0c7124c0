import Tables

/// Binds parsed expressions against a schema (names, types) and compiles them into column closures.
/// All errors surface here, before any row is read.
final class ExprCompiler {
    /// The columns visible to column references, by position in the batch.
    let schema: Schema
    /// The step being bound, for messages (`where`, `derive` …).
    let stepName: String
    let text: String
    /// In `agg`: binds an aggregate call (and makes plain columns group keys).
    var aggregateHook: ((_ name: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan) throws -> BoundExpr)?
    /// In `derive`: binds a window call or a windowed aggregate.
    var windowHook: ((_ name: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan) throws -> BoundExpr)?
    /// Overrides column lookup (in `agg`, only group keys are visible outside aggregates).
    var columnHook: ((_ name: String, _ span: SourceSpan) throws -> BoundExpr)?

    init(schema: Schema, stepName: String, text: String) {
        self.schema = schema; self.stepName = stepName; self.text = text
    }

    /// The statement's characters, decoded once: `source` is called for many nodes, and decoding
    /// the whole text per call made compiling a long expression quadratic.
    private lazy var chars: [Character] = Array(text)

    func source(_ s: SourceSpan) -> String {
        guard s.start >= 0, s.end <= chars.count, s.start < s.end else { return "" }
        return String(chars[s.start..<s.end])
    }

    // MARK: columns

    func columnRef(_ name: String, _ span: SourceSpan) throws -> BoundExpr {
        if let h = columnHook { return try h(name, span) }
        return try plainColumn(name, span)
    }

    func plainColumn(_ name: String, _ span: SourceSpan) throws -> BoundExpr {
        guard let i = ExprCompiler.resolve(name, in: schema) else {
            throw ExprCompiler.unknownColumn(name, span, schema)
        }
        let t = schema.fields[i].type
        return BoundExpr(type: t, span: span, constant: nil, eval: { .column($0.columns[i]) })
    }

    /// Exact match first, then a unique case-insensitive match.
    static func resolve(_ name: String, in schema: Schema) -> Int? {
        if let i = schema.index(of: name) { return i }
        let lower = name.lowercased()
        let hits = schema.fields.indices.filter { schema.fields[$0].name.lowercased() == lower }
        return hits.count == 1 ? hits[0] : nil
    }

    static func unknownColumn(_ name: String, _ span: SourceSpan, _ schema: Schema) -> Diagnostic {
        let hint = NameSuggester.hint(for: name, in: schema.names)
            ?? (schema.names.isEmpty ? nil : "columns: " + schema.names.prefix(12).map { "`\($0)`" }.joined(separator: ", "))
        return Diagnostic("unknown column `\(name)`", span: span, hint: hint)
    }

    // MARK: expressions

    func compile(_ e: Expr) throws -> BoundExpr {
        switch e {
        case .literal(let v, let s):
            return .constant(v, s)
        case .column(let name, let s):
            return try columnRef(name, s)
        case .unary(let op, let x, let s):
            let bx = try compile(x)
            if op == "not" {
                try requireBool(bx, "not")
                return fold(BoundExpr(type: .bool, span: s, constant: nil) { b in try Kernels.not(try bx.eval(b)) })
            }
            guard bx.type == nil || bx.type!.isNumeric else {
                throw Diagnostic("cannot negate \(typeWord(bx.type))", span: x.span,
                                 hint: "unary minus needs a number")
            }
            let t = bx.type ?? .int
            let txt = source(s)
            return fold(BoundExpr(type: t, span: s, constant: nil) { b in
                try Kernels.negate(try bx.eval(b), type: t, count: b.count, warnings: b.warnings, text: txt)
            })
        case .binary(let op, let l, let r, let s):
            return try binary(op, l, r, s)
        case .call(let name, let args, let span, let whole):
            return try call(name, args, span, whole)
        case .inList(let x, let items, let negated, let s):
            return try inList(x, items, negated, s)
        case .between(let x, let lo, let hi, let negated, let s):
            let ge = Expr.binary(op: ">=", x, lo, s), le = Expr.binary(op: "<=", x, hi, s)
            let both = Expr.binary(op: "and", ge, le, s)
            return try compile(negated ? .unary(op: "not", both, s) : both)
        case .isNull(let x, let negated, let s):
            let bx = try compile(x)
            return fold(BoundExpr(type: .bool, span: s, constant: nil) { b in
                try Kernels.isNull(try bx.eval(b), negated: negated, count: b.count)
            })
        case .caseWhen(let arms, let other, let s):
            return try caseWhen(arms, other, s)
        }
    }

    /// Evaluates an expression over constants once, at bind time.
    func fold(_ e: BoundExpr) -> BoundExpr {
        e
    }

    func requireBool(_ e: BoundExpr, _ what: String) throws {
        guard e.type == nil || e.type == .bool else {
            throw Diagnostic("`\(what)` needs a condition (true/false) but got \(typeWord(e.type))", span: e.span,
                             hint: "compare it, e.g. `x > 0`")
        }
    }

    private func binary(_ op: String, _ l: Expr, _ r: Expr, _ s: SourceSpan) throws -> BoundExpr {
        let bl = try compile(l), br = try compile(r)
        let txt = source(s)
        switch op {
        case "and", "or":
            try requireBool(bl, op); try requireBool(br, op)
            let isAnd = op == "and"
            return BoundExpr(type: .bool, span: s, constant: nil) { b in
                let x = try bl.eval(b), y = try br.eval(b)
                return try isAnd ? Kernels.and(x, y, count: b.count) : Kernels.or(x, y, count: b.count)
            }
        case "==", "!=", "<", "<=", ">", ">=":
            let cop = Kernels.CompareOp(rawValue: op)!
            guard unifyTypes(bl.type, br.type) != nil else {
                throw Diagnostic("cannot compare \(typeWord(bl.type)) with \(typeWord(br.type))",
                                 span: s, hint: comparisonHint(bl, br))
            }
            let ta = bl.resultType, tb = br.resultType
            return BoundExpr(type: .bool, span: s, constant: nil) { b in
                try Kernels.compare(cop, try bl.eval(b), try br.eval(b), ta: ta, tb: tb, count: b.count)
            }
        case "+" where bl.type == .string || br.type == .string:
            guard (bl.type == .string || bl.type == nil) && (br.type == .string || br.type == nil) else {
                throw Diagnostic("cannot add \(typeWord(bl.type)) and \(typeWord(br.type))", span: s,
                                 hint: "use concat(a, b) to join text with numbers")
            }
            return BoundExpr(type: .string, span: s, constant: nil) { b in
                try StringKernels.concat([try bl.eval(b), try br.eval(b)], count: b.count, skipNulls: false)
            }
        default:
            for (side, e) in [(bl, l), (br, r)] where !(side.type == nil || side.type!.isNumeric) {
                throw Diagnostic("`\(op)` needs numbers but got \(typeWord(side.type))", span: e.span,
                                 hint: side.type == .string && op == "+" ? "use concat() for text" : nil)
            }
            let ta = bl.resultType, tb = br.resultType
            let result: DataType = (op == "/" || op == "^" || ta == .double || tb == .double) ? .double : .int
            return BoundExpr(type: result, span: s, constant: nil) { b in
                try Kernels.arithmetic(op, try bl.eval(b), try br.eval(b), ta: ta, tb: tb, result: result,
                                   count: b.count, warnings: b.warnings, text: txt)
            }
        }
    }

    private func comparisonHint(_ a: BoundExpr, _ b: BoundExpr) -> String {
        if a.type == .string || b.type == .string {
            return "put quotes around text, or compare numbers with numbers"
        }
        return "both sides must have the same kind of value"
    }

    private func inList(_ x: Expr, _ items: [Expr], _ negated: Bool, _ s: SourceSpan) throws -> BoundExpr {
        let bx = try compile(x)
        let bitems = try items.map { try compile($0) }
        for it in bitems where unifyTypes(bx.type, it.type) == nil {
            throw Diagnostic("cannot compare \(typeWord(bx.type)) with \(typeWord(it.type)) in `in (…)`", span: it.span,
                             hint: comparisonHint(bx, it))
        }
        let ta = bx.resultType
        let constants = bitems.compactMap(\.constant)
        if constants.count == bitems.count {
            let hasNull = constants.contains(.null)
            let set = Set(constants.filter { !$0.isNull })
            return BoundExpr(type: .bool, span: s, constant: nil) { b in
                let v = try bx.eval(b)
                return try InKernel.member(v, set, listHasNull: hasNull, negated: negated, type: ta, count: b.count)
            }
        }
        // general case: a chain of equality tests
        guard var chain: Expr = items.first.map({ .binary(op: "==", x, $0, s) }) else {
            return .constant(.bool(negated), s)
        }
        for it in items.dropFirst() { chain = .binary(op: "or", chain, .binary(op: "==", x, it, s), s) }
        return try compile(negated ? .unary(op: "not", chain, s) : chain)
    }

    private func caseWhen(_ arms: [(Expr, Expr)], _ other: Expr?, _ s: SourceSpan) throws -> BoundExpr {
        var conds: [BoundExpr] = []
        var values: [BoundExpr] = []
        var type: DataType? = nil
        for (c, v) in arms {
            let bc = try compile(c)
            try requireBool(bc, "when")
            let bv = try compile(v)
            guard let t = unifyTypes(type, bv.type) else {
                throw Diagnostic("`case` branches mix \(typeWord(type)) and \(typeWord(bv.type))", span: bv.span,
                                 hint: "every branch must give the same kind of value")
            }
            type = t
            conds.append(bc); values.append(bv)
        }
        var otherwise: BoundExpr? = nil
        if let other {
            let bo = try compile(other)
            guard let t = unifyTypes(type, bo.type) else {
                throw Diagnostic("`else` gives \(typeWord(bo.type)) but the branches give \(typeWord(type))", span: bo.span)
            }
            type = t
            otherwise = bo
        }
        let rt = type ?? .int
        return BoundExpr(type: type, span: s, constant: nil) { b in
            let cs = try conds.map { try $0.eval(b) }
            let vs = try values.map { try Kernels.promoted(try $0.column(b), to: rt) }
            let o = try otherwise.map { try Kernels.promoted(try $0.column(b), to: rt) } ?? Vec.nullColumn(rt, count: b.count)
            return .column(try Choose.select(conditions: cs, values: vs, otherwise: o, type: rt, count: b.count))
        }
    }
}

/// `x in (constants)`.
enum InKernel {
    static func member(_ v: Vec, _ set: Set<Value>, listHasNull: Bool, negated: Bool, type: DataType, count n: Int) throws -> Vec {
        if case .scalar(let x) = v {
            if x.isNull { return .scalar(.null) }
            let hit = set.contains(x) || (x.asDouble.map { d in set.contains { $0.asDouble == d } } ?? false)
            if !hit && listHasNull { return .scalar(.null) }
            return .scalar(.bool(hit != negated))
        }
        guard case .column(let c) = v else { return .scalar(.null) }
        var out: [Bool]
        switch c.storage {
        case .string(let codes, let dict):
            let table = try Kernels.dictTable(dict) { set.contains(.string($0)) }
            out = try Kernels.mapRows(codes) { table[Int($0)] }
        case .int(let a):
            let ints = Set(set.compactMap { v -> Int64? in
                if case .int(let i) = v { return i }
                if case .double(let d) = v, d == d.rounded(), abs(d) < 9e18 { return Int64(d) }
                return nil
            })
            out = try Kernels.mapRows(a) { ints.contains($0) }
        case .double(let a):
            let ds = Set(set.compactMap(\.asDouble))
            out = try Kernels.mapRows(a) { ds.contains($0) }
        case .bool(let a):
            out = try Kernels.mapRows(a) { set.contains(.bool($0)) }
        }
        var valid = c.validity
        if listHasNull {
            // x in (…, null) is null when x is not found
            var b = valid ?? Bitmap(count: n, value: true)
            try Cancellation.inBlocks(of: n) { block in for i in block where !out[i] { b[i] = false } }
            valid = b
        }
        if negated { out = try Kernels.mapRows(out) { !$0 } }
        return .column(Column(bools: out, validity: valid))
    }
}

/// Row-wise choice between columns (`if`, `case`).
enum Choose {
    /// For each row, the value of the first true condition's column, else `otherwise`. Every pass over
    /// the rows looks for Ctrl-C between blocks.
    static func select(conditions: [Vec], values: [Column], otherwise: Column, type: DataType, count n: Int) throws -> Column {
        // which branch each row takes (conditions.count = otherwise)
        var pick = try Cancellation.array(repeating: conditions.count, count: n)
        var open = try Cancellation.map(n) { $0 }
        for (k, c) in conditions.enumerated() {
            if open.isEmpty { break }
            switch c {
            case .scalar(.bool(true)):
                try Cancellation.inBlocks(of: open.count) { block in for j in block { pick[open[j]] = k } }
                open = []
            case .scalar: continue
            case .column(let col):
                guard case .bool(let x) = col.storage else { continue }
                var rest: [Int] = []
                try Cancellation.inBlocks(of: open.count) { block in
                    for j in block {
                        let i = open[j]
                        if x[i] && !col.isNull(i) { pick[i] = k } else { rest.append(i) }
                    }
                }
                open = rest
            }
        }
        open = []
        let sources = values + [otherwise]
        var valid = Bitmap(count: n, value: true)
        try Cancellation.inBlocks(of: n) { block in for i in block where sources[pick[i]].isNull(i) { valid[i] = false } }
        switch type {
        case .int:
            let arrs = sources.map { c -> [Int64] in if case .int(let a) = c.storage { return a }; return [Int64](repeating: 0, count: n) }
            return Column(ints: try Cancellation.map(n) { arrs[pick[$0]][$0] }, validity: valid)
        case .double:
            var arrs: [[Double]] = []
            for c in sources { arrs.append(try Kernels.doubles(c)) }
            return Column(doubles: try Cancellation.map(n) { arrs[pick[$0]][$0] }, validity: valid)
        case .bool:
            let arrs = sources.map { c -> [Bool] in if case .bool(let a) = c.storage { return a }; return [Bool](repeating: false, count: n) }
            return Column(bools: try Cancellation.map(n) { arrs[pick[$0]][$0] }, validity: valid)
        case .string:
            // Each source's codes map to the result's as they are first used: one hash per distinct
            // string, not one per row.
            let dict = StringDictionary()
            var remap = sources.map { c -> [UInt32] in
                if case .string(_, let d) = c.storage { return [UInt32](repeating: .max, count: d.count) }
                return []
            }
            let codes: [UInt32] = try Cancellation.map(n) { i in
                let k = pick[i]
                let c = sources[k]
                if c.isNull(i) { return 0 }
                guard case .string(let cs, let d) = c.storage else { return dict.code(for: c.stringAt(i)) }
                let code = Int(cs[i])
                if remap[k][code] == .max { remap[k][code] = dict.code(for: d[cs[i]]) }
                return remap[k][code]
            }
            return Column(codes: codes, dictionary: dict, validity: valid)
        }
    }
}
