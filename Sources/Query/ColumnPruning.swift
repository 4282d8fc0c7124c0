import Tables

/// Drops the source columns a pipeline never names before the step that fixes its output columns (`agg`,
/// or `select` with kept columns), so `where`, `sort` and `take` before it gather only the columns that
/// matter: `from reg | where age >= 25 | agg n = count() by county` copies 2 columns, not 20.
///
/// It is conservative: every name-like token in those steps keeps the column it resolves to; a `join` also
/// keeps the columns whose names the joined dataset's columns would clash with (so clashes get the same
/// prefixed names); a pipeline whose prefix holds a step that can reach unnamed columns (`pivot`, `unpivot`,
/// `distinct` of every column) is left as it is. Binding still happens first against the whole schema, so
/// errors and suggestions never change.
enum ColumnPruning {
    /// The columns of `schema` to keep for `steps`, or nil when every column may matter.
    /// `joined` gives the schema of a dataset a `join` names (nil: unknown, and nothing is pruned).
    static func kept(for steps: ArraySlice<LocatedStep>, text: String, schema: Schema,
                     joined: (String) -> Schema? = { _ in nil }) -> [Int]? {
        guard let last = steps.firstIndex(where: { fixesColumns($0.step) }) else { return nil }
        let prefix = steps[steps.startIndex...last]
        var keep = Set<Int>()
        for s in prefix {
            switch s.step {
            case .pivot, .unpivot: return nil
            case .distinct(let cols) where cols.isEmpty: return nil
            case .join(let dataset, _, _, _):
                guard let right = joined(dataset) else { return nil }
                for name in right.names { if let i = schema.index(of: name) { keep.insert(i) } }
                for (i, f) in schema.fields.enumerated() where f.name.hasPrefix(dataset + "_") { keep.insert(i) }
            default: continue
            }
        }
        let chars = Array(text)
        for s in prefix {
            let lo = max(0, min(s.span.start, chars.count)), hi = max(lo, min(s.span.end, chars.count))
            // A step that does not lex was refused while binding; pruning just stays off (nil) then.
            guard let tokens = try? Lexer(chars: Array(chars[lo..<hi]), base: lo).tokenize() else { return nil }
            for t in tokens where t.isName {
                if let i = ExprCompiler.resolve(t.text, in: schema) { keep.insert(i) }
            }
        }
        // An `agg` of a statistics-bank `value` looks at its `status` (suppressed cells warn; see `Planner`).
        if case .agg = steps[last].step, let v = schema.index(of: "value"), keep.contains(v), let st = schema.index(of: "status") {
            keep.insert(st)
        }
        if keep.count == schema.fields.count { return nil }
        // A table without columns has no rows: keep the narrowest column so that `count()` still counts.
        if keep.isEmpty, let narrowest = schema.fields.indices.min(by: { schema.fields[$0].type.valueBytes < schema.fields[$1].type.valueBytes }) {
            keep.insert(narrowest)
        }
        return keep.sorted()
    }

    /// Steps after which only the columns they name flow on.
    private static func fixesColumns(_ step: Step) -> Bool {
        switch step {
        case .agg: return true
        case .select(let items): return items.contains { if case .keep = $0 { return true } else { return false } }
        default: return false
        }
    }

    /// `table` with only the columns at `indices` (no data copied).
    static func prune(_ table: Table, to indices: [Int]) throws -> Table {
        try Planner.makeTable(indices.map { table.schema.fields[$0] }, indices.map { table.columns[$0] })
    }
}
