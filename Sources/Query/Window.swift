import Tables

/// `over (by … order …)` bound against the input of a `derive`.
struct BoundWindowSpec {
    var partition: [Int]
    var order: [(BoundExpr, Bool)]
}

/// The partitions and row order of one `derive` run, computed once and shared by its window calls.
/// Unchecked: the cache is filled and read by the one thread that runs the `derive` (the compiled closures
/// that hold it are Sendable, but a step never runs on two threads at once).
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
        let g = part.isEmpty ? Grouping(ids: try Cancellation.array(repeating: 0, count: n), count: n > 0 ? 1 : 0, firstRow: n > 0 ? [0] : [])
            : try Grouping.group(part.map { b.columns[$0] }, rowCount: n)
        var keys = [Sorting.Key(column: Column(ints: try Kernels.mapRows(g.ids) { Int64($0) }), descending: false)]
        for (e, desc) in spec?.order ?? [] { keys.append(Sorting.Key(column: try e.column(b), descending: desc)) }
        let perm = try Sorting.argsort(keys, count: n)
        var starts: [Int] = []
        try Cancellation.inBlocks(of: n) { block in
            for p in block where p == 0 || g.ids[perm[p]] != g.ids[perm[p - 1]] { starts.append(p) }
        }
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

    /// One window call being bound: its name and arguments, where it is, its window, the compiler for its
    /// arguments and its source text (for warnings).
    struct WindowCallSite {
        let name: String
        let args: [Expr]
        let span: SourceSpan
        let whole: SourceSpan
        let spec: BoundWindowSpec?
        let frames: WindowFrames
        let inner: ExprCompiler
        let text: String
    }

    /// Binds `lag(x)`, `cumsum(x)`, `share(x)`, `rank(x)` … or an aggregate computed per partition.
    func bindWindowCall(_ name: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan,
                        spec: BoundWindowSpec?, schema: Schema, frames: WindowFrames) throws -> BoundExpr {
        let inner = ExprCompiler(schema: schema, stepName: "a window function's argument", text: text)
        let site = WindowCallSite(name: name, args: args, span: span, whole: whole, spec: spec, frames: frames,
                                  inner: inner, text: inner.source(whole))
        if Aggregate.kind(name) != nil, !QueryLanguage.windowFunctions.contains(name) {
            return try bindWindowAggregate(site)
        }
        switch name {
        case "lag", "lead": return try bindShift(site)
        case "row_number": return try bindRowNumber(site)
        case "cumsum":
            let a = try numericArgument(site)
            let isInt = a.type != .double
            let spec = site.spec, frames = site.frames, txt = site.text
            return BoundExpr(type: isInt ? .int : .double, span: whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                return .column(try Window.cumsum(try a.column(b), f, asInt: isInt, warnings: b.warnings, text: txt))
            }
        case "pct_change": return try bindPctChange(site)
        case "share": return try bindShare(site)
        default: return try bindRank(site) // rank, dense_rank
        }
    }

    /// An aggregate over each row's partition (first/last: the first/last non-null value in the window's order).
    func bindWindowAggregate(_ site: WindowCallSite) throws -> BoundExpr {
        let (kind, arg) = try bindAggregateCall(site.name, site.args, site.span, site.whole, site.inner)
        let t = Aggregate.resultType(kind, arg?.type)
        let spec = site.spec, frames = site.frames, txt = site.text
        if kind == .first || kind == .last {
            // the first/last non-null value in the window's order (its partition, whole)
            return BoundExpr(type: t, span: site.whole, constant: nil) { b in
                let f = try frames.frame(b, spec)
                guard let col = try arg?.column(b) else { return .scalar(.null) }
                return .column(try col.takeChecked(try Window.firstOrLast(col, f, last: kind == .last, count: b.count), mayBeMissing: true))
            }
        }
        return BoundExpr(type: t, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            let col = try arg.map { try $0.column(b) }
            let per = try Aggregate.run(kind, col, ids: f.ids, groups: f.groups, warnings: b.warnings, text: txt)
            return .column(try per.takeChecked(try Cancellation.map(f.ids.count) { Int(f.ids[$0]) }))
        }
    }

    /// The one numeric (or boolean) argument of `cumsum`, `pct_change` and `share`.
    func numericArgument(_ site: WindowCallSite) throws -> BoundExpr {
        let name = site.name, args = site.args
        guard args.count == 1 else {
            throw Diagnostic("`\(name)` takes 1 argument but got \(args.count)", span: site.whole)
        }
        let a = try site.inner.compile(args[0])
        guard a.type == nil || a.type!.isNumeric || a.type == .bool else {
            throw Diagnostic("`\(name)` needs numbers but got \(typeWord(a.type))", span: args[0].span)
        }
        return a
    }

    /// `lag(x, k)` / `lead(x, k)`: the value k rows earlier / later in the partition's order (k = 1 by default).
    func bindShift(_ site: WindowCallSite) throws -> BoundExpr {
        let name = site.name, args = site.args
        guard (1...2).contains(args.count) else {
            throw Diagnostic("`\(name)` takes 1 or 2 arguments (value, offset) but got \(args.count)", span: site.whole)
        }
        let a = try site.inner.compile(args[0])
        var k = 1
        if args.count == 2 {
            guard case .int(let v)? = try site.inner.compile(args[1]).constant, v >= 0, v < 1 << 31 else {
                throw Diagnostic("the offset of `\(name)` must be a whole number ≥ 0", span: args[1].span)
            }
            k = Int(v)
        }
        let step = name == "lag" ? -k : k
        let spec = site.spec, frames = site.frames
        return BoundExpr(type: a.type, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            let col = try a.column(b)
            return .column(try col.takeChecked(try Window.shifted(f, by: step, count: b.count), mayBeMissing: true))
        }
    }

    /// `row_number()`: 1, 2, … in each partition's order.
    func bindRowNumber(_ site: WindowCallSite) throws -> BoundExpr {
        guard site.args.isEmpty else { throw Diagnostic("`row_number` takes no arguments", span: site.whole) }
        let spec = site.spec, frames = site.frames
        return BoundExpr(type: .int, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            var out: [Int64] = try Cancellation.array(repeating: 0, count: b.count)
            for k in 0..<(f.starts.count - 1) {
                for p in f.starts[k]..<f.starts[k + 1] {
                    if p & 0xFFFF == 0 { try Cancellation.check() }
                    out[f.perm[p]] = Int64(p - f.starts[k] + 1)
                }
            }
            return .column(Column(ints: out))
        }
    }

    /// `pct_change(x)`: x over the previous row's x in the partition's order, minus 1.
    func bindPctChange(_ site: WindowCallSite) throws -> BoundExpr {
        let a = try numericArgument(site)
        let spec = site.spec, frames = site.frames, txt = site.text
        return BoundExpr(type: .double, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            let col = try a.column(b)
            let prev = try col.takeChecked(try Window.shifted(f, by: -1, count: b.count), mayBeMissing: true)
            let ratio = try Kernels.arithmetic("/", .column(col), .column(prev), ta: col.type, tb: prev.type,
                                           result: .double, count: b.count, warnings: b.warnings, text: txt)
            return try Kernels.arithmetic("-", ratio, .scalar(.int(1)), ta: .double, tb: .int, result: .double,
                                      count: b.count, warnings: b.warnings, text: txt)
        }
    }

    /// `share(x)`: x over the sum of x in its partition.
    func bindShare(_ site: WindowCallSite) throws -> BoundExpr {
        let a = try numericArgument(site)
        let spec = site.spec, frames = site.frames, txt = site.text
        return BoundExpr(type: .double, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            let col = try a.column(b)
            let sums = try Aggregate.run(.sum, try Kernels.promoted(col, to: .double), ids: f.ids, groups: f.groups,
                                         warnings: b.warnings, text: txt)
            let total = try sums.takeChecked(try Cancellation.map(f.ids.count) { Int(f.ids[$0]) })
            return try Kernels.arithmetic("/", .column(col), .column(total), ta: col.type, tb: .double, result: .double,
                                      count: b.count, warnings: b.warnings, text: txt)
        }
    }

    /// `rank(x)` / `dense_rank(x)`, SQL semantics: rank by the window's `order`; an argument ranks within
    /// ties of the order (alone when there is no order), and rows where it is null get a null rank.
    func bindRank(_ site: WindowCallSite) throws -> BoundExpr {
        let name = site.name
        guard site.args.count <= 1 else {
            throw Diagnostic("`\(name)` takes at most 1 argument (what to rank by; -x ranks the largest first)", span: site.whole,
                             hint: "or rank by the window's order: \(name)() over (by k order -x)")
        }
        let a = try site.args.first.map { try site.inner.compile($0) }
        let dense = name == "dense_rank"
        let spec = site.spec, frames = site.frames
        return BoundExpr(type: .int, span: site.whole, constant: nil) { b in
            let f = try frames.frame(b, spec)
            var keys = try spec?.order.map { Sorting.Key(column: try $0.0.column(b), descending: $0.1) } ?? []
            let col = try a?.column(b)
            if let col { keys.append(Sorting.Key(column: col, descending: false)) }
            return .column(try Window.rank(keys, nullIf: col, f, dense: dense, count: b.count))
        }
    }
}

enum Window {
    /// For each row, the row `by` places later (negative: earlier) in its partition's order, or -1.
    static func shifted(_ f: WindowFrames.Frame, by step: Int, count n: Int) throws -> [Int] {
        var idx: [Int] = try Cancellation.array(repeating: -1, count: n)
        for k in 0..<(f.starts.count - 1) {
            let s = f.starts[k], e = f.starts[k + 1]
            for p in s..<e {
                if p & 0xFFFF == 0 { try Cancellation.check() }
                let q = p + step
                if q >= s && q < e { idx[f.perm[p]] = f.perm[q] }
            }
        }
        return idx
    }

    /// Running sum in partition order; a null row shows the sum so far (null before any value).
    static func cumsum(_ c: Column, _ f: WindowFrames.Frame, asInt: Bool, warnings: WarningSink, text: String) throws -> Column {
        let n = c.count
        var valid = Bitmap(count: n, value: true)
        if asInt {
            let a: [Int64]
            switch c.storage {
            case .int(let x): a = x
            case .bool(let x): a = try Kernels.mapRows(x) { $0 ? 1 : 0 }
            default: a = try Cancellation.array(repeating: 0, count: n)
            }
            var out: [Int64] = try Cancellation.array(repeating: 0, count: n)
            for k in 0..<(f.starts.count - 1) {
                // exact running sum in 128 bits: a row whose running sum leaves Int64 is null, and later
                // rows are right again once it is back in range (so the total never depends on row order)
                var sum: Int128 = 0, seen = false
                for p in f.starts[k]..<f.starts[k + 1] {
                    if p & 0xFFFF == 0 { try Cancellation.check() }
                    let r = f.perm[p]
                    if !c.isNull(r) { sum &+= Int128(a[r]); seen = true }
                    if let v = Int64(exactly: sum) { out[r] = v } else {
                        warnings.add("integer overflow in `\(text)`: result set to null")
                        valid[r] = false
                    }
                    if !seen { valid[r] = false }
                }
            }
            return Column(ints: out, validity: valid)
        }
        let a = try Kernels.doubles(c)
        var out: [Double] = try Cancellation.array(repeating: 0, count: n)
        for k in 0..<(f.starts.count - 1) {
            var sum = 0.0, seen = false
            for p in f.starts[k]..<f.starts[k + 1] {
                if p & 0xFFFF == 0 { try Cancellation.check() }
                let r = f.perm[p]
                if !c.isNull(r) { sum += a[r]; seen = true }
                out[r] = sum
                if !seen { valid[r] = false }
            }
        }
        return Column(doubles: out, validity: valid)
    }

    /// For each row, the row holding its partition's first (or last) non-null value in window order, or -1.
    static func firstOrLast(_ c: Column, _ f: WindowFrames.Frame, last: Bool, count n: Int) throws -> [Int] {
        var idx: [Int] = try Cancellation.array(repeating: -1, count: n)
        for k in 0..<(f.starts.count - 1) {
            let run = f.starts[k]..<f.starts[k + 1]
            // the search for a value may cross a whole partition of nulls: a check per 64 k rows of it
            var hit: Int? = nil
            if last {
                var p = run.upperBound
                while p > run.lowerBound, hit == nil {
                    p -= 1
                    if p & 0xFFFF == 0 { try Cancellation.check() }
                    if !c.isNull(f.perm[p]) { hit = p }
                }
            } else {
                var p = run.lowerBound
                while p < run.upperBound, hit == nil {
                    if p & 0xFFFF == 0 { try Cancellation.check() }
                    if !c.isNull(f.perm[p]) { hit = p }
                    p += 1
                }
            }
            guard let hit else { continue }
            for p in run {
                if p & 0xFFFF == 0 { try Cancellation.check() }
                idx[f.perm[p]] = f.perm[hit]
            }
        }
        return idx
    }

    /// SQL `rank()` / `dense_rank()` by `keys` within each partition: 1 + the number of rows ordered before
    /// (dense: the number of distinct keys before); rows with equal keys share a rank. Null keys sort last
    /// and are peers of each other; rows where `nullIf` is null are left out and get a null rank.
    static func rank(_ keys: [Sorting.Key], nullIf: Column?, _ f: WindowFrames.Frame, dense: Bool, count n: Int) throws -> Column {
        let excluded = try nullIf.map { c in Column(ints: try Kernels.mapIndices(n) { c.isNull($0) ? 1 : 0 }) }
        let all = [Sorting.Key(column: Column(ints: try Kernels.mapRows(f.ids) { Int64($0) }), descending: false)]
            + (excluded.map { [Sorting.Key(column: $0, descending: false)] } ?? []) + keys
        let perm = try Sorting.argsort(all, count: n)
        let norms = try keys.map { try Sorting.normalized($0.column) }
        func peers(_ q: Int, _ r: Int) -> Bool {
            for (k, key) in keys.enumerated() {
                let nq = key.column.isNull(q), nr = key.column.isNull(r)
                if nq != nr { return false }
                if !nq && norms[k][q] != norms[k][r] { return false }
            }
            return true
        }
        var out: [Int64] = try Cancellation.array(repeating: 0, count: n)
        var valid = Bitmap(count: n, value: true)
        var rank: Int64 = 0, distinct: Int64 = 0
        var pstart = 0
        for p in 0..<n {
            if p & 0xFFFF == 0 { try Cancellation.check() }
            let r = perm[p]
            if let c = nullIf, c.isNull(r) { valid[r] = false; continue }
            let newPartition = p == 0 || f.ids[perm[p - 1]] != f.ids[r] || (nullIf?.isNull(perm[p - 1]) ?? false)
            if newPartition { pstart = p; rank = 1; distinct = 1 } else if !peers(perm[p - 1], r) {
                rank = Int64(p - pstart + 1); distinct += 1
            }
            out[r] = dense ? distinct : rank
        }
        return Column(ints: out, validity: valid)
    }
}
