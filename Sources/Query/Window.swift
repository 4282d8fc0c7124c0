import Tables

/// `over (by … order …)` bound against the input of a `derive`.
struct BoundWindowSpec {
    var partition: [Int]
    var order: [(BoundExpr, Bool)]
}

/// The partitions and row order of one `derive` run, computed once and shared by its window calls.
final class WindowFrames: @unchecked Sendable {
    struct Frame {
        /// Partition id of each row.
        var ids: [Int32]
        var groups: Int
        /// Rows ordered by partition, then by the order keys (stable).
        var perm: [Int]
        /// Start of each partition's run in `perm` (plus the end).
        var starts: [Int]
    }
    private var cached: Frame?
    func reset() { cached = nil }

    func frame(_ b: Batch, _ spec: BoundWindowSpec?) throws -> Frame {
        if let c = cached { return c }
        let n = b.count
        let part = spec?.partition ?? []
        let g = part.isEmpty ? Grouping(ids: [Int32](repeating: 0, count: n), count: n > 0 ? 1 : 0, firstRow: n > 0 ? [0] : [])
            : try Grouping.group(part.map { b.columns[$0] }, rowCount: n)
        var keys = [Sorting.Key(column: Column(ints: g.ids.map { Int64($0) }), descending: false)]
        for (e, desc) in spec?.order ?? [] { keys.append(Sorting.Key(column: try e.column(b), descending: desc)) }
        let perm = try Sorting.argsort(keys, count: n)
        var starts: [Int] = []
        for p in 0..<n where p == 0 || g.ids[perm[p]] != g.ids[perm[p - 1]] { starts.append(p) }
        starts.append(n)
        let f = Frame(ids: g.ids, groups: g.count, perm: perm, starts: starts)
        cached = f
        return f
    }
}

extension Planner {
    func bindWindowSpec(_ w: WindowSpec, _ input: Schema) throws -> BoundWindowSpec {
        let part = try w.partition.map { try column($0.0, $0.1, input) }
        let c = ExprCompiler(schema: input, stepName: "over (…)", text: text)
        let order = try w.order.map { (try c.compile($0.expr), $0.descending) }
        return BoundWindowSpec(partition: part, order: order)
    }

    /// Binds `lag(x)`, `cumsum(x)`, `share(x)`, `rank(x)` … or an aggregate computed per partition.
    func bindWindowCall(_ name: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan,
                        spec: BoundWindowSpec?, schema: Schema, frames: WindowFrames) throws -> BoundExpr {
        let inner = ExprCompiler(schema: schema, stepName: "a window function's argument", text: text)
        let txt = inner.source(whole)
        if Aggregate.kind(name) != nil, !QueryLanguage.windowFunctions.contains(name) {
            let (kind, arg) = try bindAggregateCall(name, args, span, whole, inner)
            let t = Aggregate.resultType(kind, arg?.type)
            return BoundExpr(type: t, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                let col = try arg.map { try $0.column(b) }
                let per = try Aggregate.run(kind, col, ids: f.ids, groups: f.groups, warnings: b.warnings, text: txt)
                return .column(per.gather(f.ids.map { Int($0) }))
            }
        }
        func numericArg() throws -> BoundExpr {
            guard args.count == 1 else {
                throw Diagnostic("`\(name)` takes 1 argument but got \(args.count)", span: whole)
            }
            let a = try inner.compile(args[0])
            guard a.type == nil || a.type!.isNumeric || a.type == .bool else {
                throw Diagnostic("`\(name)` needs numbers but got \(typeWord(a.type))", span: args[0].span)
            }
            return a
        }
        switch name {
        case "lag", "lead":
            guard (1...2).contains(args.count) else {
                throw Diagnostic("`\(name)` takes 1 or 2 arguments (value, offset) but got \(args.count)", span: whole)
            }
            let a = try inner.compile(args[0])
            var k = 1
            if args.count == 2 {
                guard case .int(let v)? = try inner.compile(args[1]).constant, v >= 0, v < 1 << 31 else {
                    throw Diagnostic("the offset of `\(name)` must be a whole number ≥ 0", span: args[1].span)
                }
                k = Int(v)
            }
            let step = name == "lag" ? -k : k
            return BoundExpr(type: a.type, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                let col = try a.column(b)
                return .column(col.gather(Window.shifted(f, by: step, count: b.count)))
            }
        case "row_number":
            guard args.isEmpty else { throw Diagnostic("`row_number` takes no arguments", span: whole) }
            return BoundExpr(type: .int, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                var out = [Int64](repeating: 0, count: b.count)
                for k in 0..<(f.starts.count - 1) {
                    for p in f.starts[k]..<f.starts[k + 1] { out[f.perm[p]] = Int64(p - f.starts[k] + 1) }
                }
                return .column(Column(ints: out))
            }
        case "cumsum":
            let a = try numericArg()
            let isInt = a.type != .double
            return BoundExpr(type: isInt ? .int : .double, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                return .column(Window.cumsum(try a.column(b), f, asInt: isInt, warnings: b.warnings, text: txt))
            }
        case "pct_change":
            let a = try numericArg()
            return BoundExpr(type: .double, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                let col = try a.column(b)
                let prev = col.gather(Window.shifted(f, by: -1, count: b.count))
                let ratio = Kernels.arithmetic("/", .column(col), .column(prev), ta: col.type, tb: prev.type,
                                               result: .double, count: b.count, warnings: b.warnings, text: txt)
                return Kernels.arithmetic("-", ratio, .scalar(.int(1)), ta: .double, tb: .int, result: .double,
                                          count: b.count, warnings: b.warnings, text: txt)
            }
        case "share":
            let a = try numericArg()
            return BoundExpr(type: .double, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                let col = try a.column(b)
                let sums = try Aggregate.run(.sum, col.promoted(to: .double), ids: f.ids, groups: f.groups,
                                             warnings: b.warnings, text: txt)
                let total = sums.gather(f.ids.map { Int($0) })
                return Kernels.arithmetic("/", .column(col), .column(total), ta: col.type, tb: .double, result: .double,
                                          count: b.count, warnings: b.warnings, text: txt)
            }
        default: // rank
            guard args.count == 1 else {
                throw Diagnostic("`rank` takes 1 argument (what to rank by; -x ranks the largest first)", span: whole)
            }
            let a = try inner.compile(args[0])
            return BoundExpr(type: .int, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                return .column(try Window.rank(try a.column(b), f, count: b.count))
            }
        }
    }
}

enum Window {
    /// For each row, the row `by` places later (negative: earlier) in its partition's order, or -1.
    static func shifted(_ f: WindowFrames.Frame, by step: Int, count n: Int) -> [Int] {
        var idx = [Int](repeating: -1, count: n)
        for k in 0..<(f.starts.count - 1) {
            let s = f.starts[k], e = f.starts[k + 1]
            for p in s..<e {
                let q = p + step
                if q >= s && q < e { idx[f.perm[p]] = f.perm[q] }
            }
        }
        return idx
    }

    /// Running sum in partition order; a null row shows the sum so far (null before any value).
    static func cumsum(_ c: Column, _ f: WindowFrames.Frame, asInt: Bool, warnings: WarningSink, text: String) -> Column {
        let n = c.count
        var valid = Bitmap(count: n, value: true)
        if asInt {
            let a: [Int64]
            switch c.storage { case .int(let x): a = x; case .bool(let x): a = x.map { $0 ? 1 : 0 }; default: a = [] }
            var out = [Int64](repeating: 0, count: n)
            for k in 0..<(f.starts.count - 1) {
                var sum: Int64 = 0, seen = false, broken = false
                for p in f.starts[k]..<f.starts[k + 1] {
                    let r = f.perm[p]
                    if !c.isNull(r) && !broken {
                        let (s, o) = sum.addingReportingOverflow(a[r])
                        if o { broken = true; warnings.add("integer overflow in `\(text)`: result set to null") } else { sum = s; seen = true }
                    }
                    out[r] = sum
                    if !seen || broken { valid[r] = false }
                }
            }
            return Column(ints: out, validity: valid)
        }
        let a = c.asDoubles
        var out = [Double](repeating: 0, count: n)
        for k in 0..<(f.starts.count - 1) {
            var sum = 0.0, seen = false
            for p in f.starts[k]..<f.starts[k + 1] {
                let r = f.perm[p]
                if !c.isNull(r) { sum += a[r]; seen = true }
                out[r] = sum
                if !seen { valid[r] = false }
            }
        }
        return Column(doubles: out, validity: valid)
    }

    /// SQL `rank()`: 1 + the number of rows in the partition with a smaller value; ties share a rank;
    /// null values get a null rank.
    static func rank(_ c: Column, _ f: WindowFrames.Frame, count n: Int) throws -> Column {
        let keys = [Sorting.Key(column: Column(ints: f.ids.map { Int64($0) }), descending: false),
                    Sorting.Key(column: c, descending: false)]
        let perm = try Sorting.argsort(keys, count: n)
        let norm = Sorting.normalized(c)
        var out = [Int64](repeating: 0, count: n)
        var valid = Bitmap(count: n, value: true)
        var rank: Int64 = 0
        var pstart = 0
        for p in 0..<n {
            let r = perm[p]
            let newPartition = p == 0 || f.ids[perm[p - 1]] != f.ids[r]
            if newPartition { pstart = p }
            if c.isNull(r) { valid[r] = false; continue }
            if newPartition { rank = 1 } else {
                let q = perm[p - 1]
                if c.isNull(q) || norm[q] != norm[r] { rank = Int64(p - pstart + 1) }
            }
            out[r] = rank
        }
        return Column(ints: out, validity: valid)
    }

}
