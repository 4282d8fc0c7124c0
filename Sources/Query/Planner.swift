import Tables

/// A step bound against its input schema: the schema it produces and the compiled work.
struct PlanStep {
    var schema: Schema
    /// True when the schema after this step depends on the data (pivot): later steps bind after it runs.
    var dataDependent = false
    var run: (Table, WarningSink) throws -> Table
    /// For `sort`: runs the step keeping only its first `k` rows (the pipeline's next step is `take`), which
    /// the sort can find without ordering every row.
    var firstRows: ((Table, WarningSink, Int) throws -> Table)? = nil
}

/// Binds steps (names, types, functions, datasets) before any row is read.
struct Planner {
    let text: String
    let resolver: DatasetResolver?

    func bind(_ ls: LocatedStep, input: Schema) throws -> PlanStep {
        switch ls.step {
        case .whereStep(let e): return try bindWhere(e, input)
        case .select(let items): return try bindSelect(items, input)
        case .derive(let items, let over): return try bindDerive(items, over, input)
        case .agg(let items, let by): return try bindAgg(items, by, input)
        case .sort(let keys): return try bindSort(keys, input)
        case .take(let n, let offset):
            return PlanStep(schema: input) { t, _ in
                let lo = min(offset, t.rowCount), hi = min(t.rowCount, lo + n)
                return lo == 0 && hi == t.rowCount ? t : try t.take(Array(lo..<hi))
            }
        case .distinct(let cols): return try bindDistinct(cols, input)
        case .join(let ds, let dsSpan, let keys, let kind):
            return try bindJoin(dataset: ds, span: dsSpan, keys: keys, kind: kind, input: input)
        case .pivot(let names, let ns, let values, let vs, let agg, let aggSpan):
            return try bindPivot(names: names, namesSpan: ns, values: values, valuesSpan: vs, agg: agg, aggSpan: aggSpan, input: input)
        case .unpivot(let cols, let range, let into):
            return try bindUnpivot(cols, range, into, input)
        }
    }

    static func batch(_ t: Table, _ w: WarningSink) -> Batch {
        Batch(columns: t.columns, count: t.rowCount, warnings: w)
    }

    func column(_ name: String, _ span: SourceSpan, _ schema: Schema) throws -> Int {
        guard let i = ExprCompiler.resolve(name, in: schema) else { throw ExprCompiler.unknownColumn(name, span, schema) }
        return i
    }

    static func makeTable(_ fields: [Field], _ columns: [Column]) throws -> Table {
        do { return try Table(schema: Schema(fields), columns: columns) } catch {
            throw Diagnostic("internal error building a table: \(error)")
        }
    }

    // MARK: where

    private func bindWhere(_ e: Expr, _ input: Schema) throws -> PlanStep {
        let c = ExprCompiler(schema: input, stepName: "where", text: text)
        let p = try c.compile(e)
        guard p.type == .bool || p.type == nil else {
            throw Diagnostic("`where` needs a condition but this is \(typeWord(p.type))", span: e.span,
                             hint: "compare it, e.g. `\(c.source(e.span)) > 0`")
        }
        return PlanStep(schema: input) { t, w in
            let sel = try Kernels.selection(.column(try p.column(Planner.batch(t, w))), count: t.rowCount)
            try Cancellation.check()
            return sel.count == t.rowCount ? t : try t.take(sel)
        }
    }

    // MARK: select

    private func bindSelect(_ items: [SelectItem], _ input: Schema) throws -> PlanStep {
        let c = ExprCompiler(schema: input, stepName: "select", text: text)
        var outputs: [(name: String, span: SourceSpan, expr: BoundExpr, unit: String?)] = []
        var drops: [(String, SourceSpan)] = []
        for item in items {
            switch item {
            case .drop(let n, let s):
                _ = try column(n, s, input)
                drops.append((n, s))
            case .keep(let a):
                let b = try c.compile(a.expr)
                var name = a.name ?? c.source(a.expr.span)
                var unit: String? = nil
                if case .column(let src, _) = a.expr, let i = ExprCompiler.resolve(src, in: input) {
                    unit = input.fields[i].unit
                    if a.nameSpan == a.expr.span { name = input.fields[i].name }
                }
                outputs.append((name, a.nameSpan ?? a.expr.span, b, unit))
            }
        }
        if outputs.isEmpty {
            // only drops: everything else, in order
            let dropped = Set(drops.map { input.fields[ExprCompiler.resolve($0.0, in: input)!].name })
            let keep = input.fields.indices.filter { !dropped.contains(input.fields[$0].name) }
            let fields = keep.map { input.fields[$0] }
            return PlanStep(schema: Schema(fields)) { t, _ in try Planner.makeTable(fields, keep.map { t.columns[$0] }) }
        }
        let dropped = Set(drops.map(\.0))
        outputs.removeAll { dropped.contains($0.name) }
        var seen = Set<String>()
        for o in outputs where !seen.insert(o.name).inserted {
            throw Diagnostic("duplicate column `\(o.name)`", span: o.span, hint: "rename one: `new_name = …`")
        }
        let fields = outputs.map { Field(name: $0.name, type: $0.expr.resultType, unit: $0.unit) }
        let exprs = outputs.map(\.expr)
        return PlanStep(schema: Schema(fields)) { t, w in
            let b = Planner.batch(t, w)
            return try Planner.makeTable(fields, try exprs.map { try $0.column(b) })
        }
    }

    // MARK: derive

    /// Items run in order, and each one sees the columns as the items before it left them: a window or
    /// aggregate argument, and the window's `by`/`order` keys, bind against that schema (not the step's
    /// input). The partitions and order are computed once for consecutive items, and again after an item
    /// that replaced a column (which the keys may read).
    private func bindDerive(_ items: [Assignment], _ over: WindowSpec?, _ input: Schema) throws -> PlanStep {
        var schema = input
        var steps: [(index: Int?, expr: BoundExpr)] = []
        var allFrames: [WindowFrames] = []
        var shared: (frames: WindowFrames, spec: BoundWindowSpec?)? = nil
        var sawWindow = false
        // Where each name is (its first field), kept up to date: a derive of thousands of columns stays linear.
        var positions: [String: Int] = [:]
        for (i, f) in input.fields.enumerated() where positions[f.name] == nil { positions[f.name] = i }
        for a in items {
            // The compiler (and its share of `schema`) is gone before `schema` grows, so the append below
            // does not copy every field: a derive of thousands of columns stays linear. Window calls bind to the
            // columns as the items before left them; items share one partition computation until a column
            // they might use is replaced.
            let b: BoundExpr = try {
                let current = schema
                let c = ExprCompiler(schema: current, stepName: "derive", text: text)
                c.windowHook = { name, args, span, whole in
                    sawWindow = true
                    if shared == nil {
                        let f = WindowFrames()
                        allFrames.append(f)
                        shared = (f, try over.map { try self.bindWindowSpec($0, current) })
                    }
                    return try self.bindWindowCall(name, args, span, whole, spec: shared!.spec, schema: current, frames: shared!.frames)
                }
                return try c.compile(a.expr)
            }()
            let name = a.name!
            let existing = positions[name]  // an exact name replaces its column; any other is a new one
            let field = Field(name: name, type: b.resultType, unit: existing.flatMap { i in
                if case .column(let src, _) = a.expr, src == name { return schema.fields[i].unit }
                return nil
            })
            if let i = existing { schema.fields[i] = field; shared = nil } else { positions[name] = schema.fields.count; schema.fields.append(field) }
            steps.append((existing, b))
        }
        if let over, !sawWindow {
            // still report unknown columns in `over (…)`
            _ = try bindWindowSpec(over, input)
            throw Diagnostic("`over (…)` needs a window function or an aggregate", span: over.span,
                             hint: "e.g. derive prev = lag(x) over (by k order year)")
        }
        let outSchema = schema
        let frames = allFrames
        return PlanStep(schema: outSchema) { t, w in
            for f in frames { f.reset() }
            defer { for f in frames { f.reset() } }
            var b = Planner.batch(t, w)
            for s in steps {
                let col = try s.expr.column(b)
                if let i = s.index { b.columns[i] = col } else { b.columns.append(col) }
                try Cancellation.check()
            }
            return try Planner.makeTable(outSchema.fields, b.columns)
        }
    }

    // MARK: agg

    /// A name for an unnamed aggregate: `count`, `sum_fte`, `mean_x`.
    static func defaultName(_ e: Expr, _ c: ExprCompiler) -> String {
        if case .call(let f, let args, _, _) = e {
            if args.isEmpty { return f }
            if args.count >= 1, case .column(let col, _) = args[0] { return f + "_" + col }
        }
        return c.source(e.span)
    }

    private func bindAgg(_ items: [Assignment], _ by: [(String, SourceSpan)], _ input: Schema) throws -> PlanStep {
        var keyIndex: [Int] = []
        for (n, s) in by {
            let i = try column(n, s, input)
            if keyIndex.contains(i) { throw Diagnostic("`\(n)` is listed twice in `by`", span: s) }
            keyIndex.append(i)
        }
        let keyNames = keyIndex.map { input.fields[$0].name }
        var specs: [(kind: Aggregate.Kind, arg: BoundExpr?, text: String, readsValue: Bool)] = []
        let inner = ExprCompiler(schema: input, stepName: "an aggregate's argument", text: text)
        let outer = ExprCompiler(schema: input, stepName: "agg", text: text)
        outer.columnHook = { name, span in
            if let k = keyNames.firstIndex(where: { $0 == name || $0.lowercased() == name.lowercased() }) {
                let t = input.fields[keyIndex[k]].type
                return BoundExpr(type: t, span: span, constant: nil) { .column($0.columns[k]) }
            }
            if ExprCompiler.resolve(name, in: input) != nil {
                throw Diagnostic("column `\(name)` is neither aggregated nor in `by`", span: span,
                                 hint: "wrap it in an aggregate such as sum(\(name)) or first(\(name)), or add it to `by`")
            }
            throw ExprCompiler.unknownColumn(name, span, input)
        }
        outer.aggregateHook = { name, args, span, whole in
            let (kind, arg) = try self.bindAggregateCall(name, args, span, whole, inner)
            let idx = keyIndex.count + specs.count
            specs.append((kind, arg, outer.source(whole), args.contains { Planner.mentions($0, column: "value") }))
            let t = Aggregate.resultType(kind, arg?.type)
            return BoundExpr(type: t, span: whole, constant: nil) { .column($0.columns[idx]) }
        }
        var outputs: [(Field, BoundExpr)] = []
        var names = Set(keyNames)
        for a in items {
            let b = try outer.compile(a.expr)
            let name = a.name ?? Planner.defaultName(a.expr, outer)
            guard names.insert(name).inserted else {
                throw Diagnostic("duplicate column `\(name)`", span: a.nameSpan ?? a.expr.span, hint: "give it another name: `new_name = …`")
            }
            outputs.append((Field(name: name, type: b.resultType, unit: aggregateUnit(a.expr, input, inner)), b))
        }
        let keyFields = keyIndex.map { input.fields[$0] }
        let fields = keyFields + outputs.map(\.0)
        let hasKeys = !keyIndex.isEmpty
        let aggSpecs = specs
        // A statistics-bank table (`value` with a text `status`): cells with status `:` are suppressed, not zeros.
        let statusIndex = input.fields.firstIndex { $0.name == "status" && $0.type == .string }
        return PlanStep(schema: Schema(fields)) { t, w in
            let n = t.rowCount
            let b = Planner.batch(t, w)
            if let si = statusIndex, aggSpecs.contains(where: \.readsValue) {
                let status = t.columns[si]
                var suppressed = 0
                if case .string(let codes, let dict) = status.storage, let colon = dict.existingCode(for: ":") {
                    try Cancellation.inBlocks(of: n) { block in
                        for i in block where codes[i] == colon && !status.isNull(i) { suppressed += 1 }
                    }
                }
                if suppressed > 0 {
                    for s in aggSpecs where s.readsValue {
                        w.add("\(suppressed) suppressed cell\(suppressed == 1 ? "" : "s") (status \":\") in \(s.text): they are not zeros")
                    }
                }
            }
            let grouping: Grouping = hasKeys ? try Grouping.group(keyIndex.map { t.columns[$0] }, rowCount: n)
                : Grouping(ids: try Cancellation.array(repeating: 0, count: n), count: 1, firstRow: [n > 0 ? 0 : -1])
            try Cancellation.check()
            var groupCols = try keyIndex.map { try t.columns[$0].takeChecked(grouping.firstRow, mayBeMissing: true) }
            for s in aggSpecs {
                let arg = try s.arg.map { try $0.column(b) }
                groupCols.append(try Aggregate.run(s.kind, arg, ids: grouping.ids, groups: grouping.count, warnings: w, text: s.text))
                try Cancellation.check()
            }
            if hasKeys {
                let order = try Sorting.argsort(groupCols.prefix(keyIndex.count).map { Sorting.Key(column: $0, descending: false) },
                                                count: grouping.count)
                groupCols = try groupCols.map { try $0.takeChecked(order) }
            }
            let gb = Batch(columns: groupCols, count: grouping.count, warnings: w)
            let cols = Array(groupCols.prefix(keyIndex.count)) + (try outputs.map { try $0.1.column(gb) })
            return try Planner.makeTable(fields, cols)
        }
    }

    /// Whether expression `e` reads column `name` (case-insensitive).
    static func mentions(_ e: Expr, column name: String) -> Bool {
        switch e {
        case .literal: return false
        case .column(let c, _): return c.lowercased() == name
        case .unary(_, let x, _), .isNull(let x, _, _): return mentions(x, column: name)
        case .binary(_, let x, let y, _): return mentions(x, column: name) || mentions(y, column: name)
        case .call(_, let args, _, _): return args.contains { mentions($0, column: name) }
        case .inList(let x, let xs, _, _): return ([x] + xs).contains { mentions($0, column: name) }
        case .between(let x, let l, let h, _, _): return [x, l, h].contains { mentions($0, column: name) }
        case .caseWhen(let arms, let other, _):
            return arms.contains { mentions($0.0, column: name) || mentions($0.1, column: name) } || other.map { mentions($0, column: name) } == true
        }
    }

    /// The unit an aggregate keeps: the column's for sum/mean/min/max/median/first/last of a column,
    /// "share" for the mean of a condition.
    private func aggregateUnit(_ e: Expr, _ input: Schema, _ c: ExprCompiler) -> String? {
        guard case .call(let f, let args, _, _) = e, args.count == 1 else { return nil }
        if case .column(let col, _) = args[0], let i = ExprCompiler.resolve(col, in: input),
           ["sum", "mean", "min", "max", "median", "first", "last"].contains(f) {
            return input.fields[i].unit
        }
        // Only the unit is asked here; an argument that does not compile is reported when the call is compiled.
        if f == "mean", let b = try? c.compile(args[0]), b.type == .bool { return "share" }
        return nil
    }

    /// Checks an aggregate call's arguments and binds its input expression.
    func bindAggregateCall(_ name: String, _ args: [Expr], _ span: SourceSpan, _ whole: SourceSpan,
                           _ inner: ExprCompiler) throws -> (Aggregate.Kind, BoundExpr?) {
        guard var kind = Aggregate.kind(name) else {
            throw Diagnostic("unknown aggregate `\(name)`", span: span, hint: NameSuggester.hint(for: name, in: QueryLanguage.aggregates))
        }
        if name == "count", args.isEmpty { return (.countRows, nil) }
        let want = name == "quantile" ? 2 : 1
        guard args.count == want else {
            throw Diagnostic("`\(name)` takes \(want == 2 ? "2 arguments (column, p)" : "1 argument") but got \(args.count)",
                             span: whole, hint: name == "count" ? "count() counts rows; count(x) counts non-null x" : nil)
        }
        let arg = try inner.compile(args[0])
        switch kind {
        case .sum, .mean, .median, .sd, .variance, .quantile:
            guard arg.type == nil || arg.type!.isNumeric || arg.type == .bool else {
                throw Diagnostic("`\(name)` needs numbers but got \(typeWord(arg.type))", span: args[0].span,
                                 hint: "count(x) or n_distinct(x) work on text")
            }
        default: break
        }
        if name == "quantile" {
            let p = try inner.compile(args[1])
            guard let v = p.constant?.asDouble, v >= 0, v <= 1, p.type != .bool else {
                throw Diagnostic("`quantile` needs a constant p between 0 and 1", span: args[1].span, hint: "quantile(x, 0.9)")
            }
            kind = .quantile(v)
        }
        return (kind, arg)
    }

    // MARK: sort

    private func bindSort(_ keys: [SortKey], _ input: Schema) throws -> PlanStep {
        let c = ExprCompiler(schema: input, stepName: "sort", text: text)
        let bound = try keys.map { (try c.compile($0.expr), $0.descending) }
        func sorted(_ t: Table, _ w: WarningSink, limit: Int?) throws -> Table {
            let b = Planner.batch(t, w)
            let ks = try bound.map { Sorting.Key(column: try $0.0.column(b), descending: $0.1) }
            let order = try Sorting.argsort(ks, count: t.rowCount, limit: limit)
            try Cancellation.check()
            return try t.take(order)
        }
        var step = PlanStep(schema: input) { t, w in try sorted(t, w, limit: nil) }
        step.firstRows = { t, w, k in try sorted(t, w, limit: k) }
        return step
    }

    // MARK: distinct

    private func bindDistinct(_ cols: [(String, SourceSpan)], _ input: Schema) throws -> PlanStep {
        let idx = try cols.isEmpty ? Array(input.fields.indices) : cols.map { try column($0.0, $0.1, input) }
        let fields = idx.map { input.fields[$0] }
        return PlanStep(schema: Schema(fields)) { t, _ in
            let cs = idx.map { t.columns[$0] }
            let g = try Grouping.group(cs, rowCount: t.rowCount)
            if idx.isEmpty { return t.head(min(1, t.rowCount)) }
            return try Planner.makeTable(fields, try cs.map { try $0.takeChecked(g.firstRow) })
        }
    }
}
