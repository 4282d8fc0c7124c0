import Tables

/// The grammar of each step (`where`, `select`, …), over the tokens of one `|`-separated segment.
extension TokenParser {
    /// Parses one step; the first token is its keyword.
    mutating func step() throws -> LocatedStep {
        let kw = current
        guard kw.kind == .identifier else {
            throw error("expected a step but found \(describe(kw))", at: kw,
                        hint: "steps: " + QueryLanguage.steps.joined(separator: ", "))
        }
        let keyword = QueryLanguage.step(named: kw.text)?.name ?? kw.text.lowercased()
        advance()
        let step: Step
        switch keyword {
        case "where":
            if atEnd { throw error("`where` needs a condition", at: current) }
            step = .whereStep(try expression())
            try expectEnd("where")
        case "select":
            step = .select(try selectItems())
        case "derive":
            var items: [Assignment] = []
            repeat { items.append(try assignment(requireName: true, stepName: "derive")) } while accept(symbol: ",") != nil
            var over: WindowSpec? = nil
            if let o = accept(word: "over") { over = try windowSpec(o) }
            try expectEnd("derive")
            step = .derive(items, over: over)
        case "agg":
            var items: [Assignment] = []
            if atEnd { throw error("`agg` needs at least one aggregate, e.g. `agg n = count()`", at: current) }
            repeat { items.append(try assignment(requireName: false, stepName: "agg")) } while accept(symbol: ",") != nil
            var by: [(String, SourceSpan)] = []
            if accept(word: "by") != nil { by = try nameList("a column to group by") }
            try expectEnd("agg")
            step = .agg(items, by: by)
        case "sort":
            var keys: [SortKey] = []
            if atEnd { throw error("`sort` needs at least one column", at: current) }
            repeat {
                let desc = accept(symbol: "-") != nil
                keys.append(SortKey(expr: try expression(), descending: desc))
            } while accept(symbol: ",") != nil
            try expectEnd("sort")
            step = .sort(keys)
        case "take":
            let n = try count("a row count")
            var offset = 0
            if accept(word: "offset") != nil { offset = try count("an offset") }
            try expectEnd("take")
            step = .take(n, offset: offset)
        case "distinct":
            step = .distinct(atEnd ? [] : try nameList("a column"))
            try expectEnd("distinct")
        case "join": step = try joinStep()
        case "pivot": step = try pivotStep()
        case "unpivot": step = try unpivotStep()
        default:
            throw unknownStep(kw, keyword: keyword)
        }
        let end = tokens[max(0, tokens.count - 2)].span.end
        return LocatedStep(step: step, keyword: keyword, span: SourceSpan(start: kw.span.start, end: max(end, kw.span.end)))
    }

    /// `join D on k[, l == r] [kind=inner|left|full]`.
    private mutating func joinStep() throws -> Step {
        let (ds, dsSpan) = try name("a dataset name")
        _ = try expect(word: "on")
        var keys: [(left: String, right: String, span: SourceSpan)] = []
        repeat {
            let (l, ls) = try name("a key column")
            if accept(symbol: "==") != nil {
                let (r, rs) = try name("a key column of `\(ds)`")
                keys.append((l, r, SourceSpan(start: ls.start, end: rs.end)))
            } else {
                keys.append((l, l, ls))
            }
        } while accept(symbol: ",") != nil
        var kind = JoinKind.inner
        if accept(word: "kind") != nil {
            _ = try expect(symbol: "=")
            let t = current
            guard t.kind == .identifier, let k = JoinKind(rawValue: t.text.lowercased()) else {
                throw error("unknown join kind \(describe(t))", at: t, hint: "kind=inner, kind=left or kind=full")
            }
            advance()
            kind = k
        }
        try expectEnd("join")
        return .join(dataset: ds, datasetSpan: dsSpan, keys: keys, kind: kind)
    }

    /// `pivot NAMES values VALUES [agg=sum]`.
    private mutating func pivotStep() throws -> Step {
        let (n, ns) = try name("the column whose values become column names")
        _ = try expect(word: "values")
        let (v, vs) = try name("the column holding the values")
        var agg = "sum"
        var aggSpan: SourceSpan? = nil
        if accept(word: "agg") != nil {
            _ = try expect(symbol: "=")
            let t = current
            guard t.kind == .identifier else { throw error("expected an aggregate name", at: t) }
            advance()
            agg = t.text.lowercased(); aggSpan = t.span
        }
        try expectEnd("pivot")
        return .pivot(names: n, namesSpan: ns, values: v, valuesSpan: vs, agg: agg, aggSpan: aggSpan)
    }

    /// `unpivot a, b | 2019..2023 [into name, value]`.
    private mutating func unpivotStep() throws -> Step {
        var cols: [(String, SourceSpan)] = []
        var range: (Int, Int, SourceSpan)? = nil
        if case .integer(let a) = current.kind, next.isSymbol("..") {
            let s = advance(); advance()
            guard case .integer(let b) = current.kind else {
                throw error("expected the last year of the range", at: current)
            }
            let e = advance()
            range = (Int(a), Int(b), SourceSpan(start: s.span.start, end: e.span.end))
        } else {
            // year columns may be written bare: unpivot 2019, 2020
            repeat {
                if case .integer = current.kind { let t = advance(); cols.append((t.text, t.span)) } else {
                    cols.append(try name("a column to unpivot"))
                }
            } while accept(symbol: ",") != nil
        }
        var into = ("name", "value")
        if range != nil { into = ("year", "value") }
        if accept(word: "into") != nil {
            let (a, _) = try name("the name column")
            _ = try expect(symbol: ",")
            let (b, _) = try name("the value column")
            into = (a, b)
        }
        try expectEnd("unpivot")
        return .unpivot(columns: cols, range: range, into: into)
    }

    /// The error for a word that is no step, with the nearest step or alias.
    private func unknownStep(_ kw: Token, keyword: String) -> any Error {
        let hint = NameSuggester.hint(for: keyword, in: QueryLanguage.stepKeywords).map { h in
            // A suggested alias names its step too: `filter` is `where`.
            QueryLanguage.stepRegistry.first { s in s.aliases.contains { h.contains("`\($0)`") } }
                .map { h + " (the same as `\($0.name)`)" } ?? h
        }
            ?? ("steps: " + QueryLanguage.steps.joined(separator: ", "))
        return error("unknown step `\(kw.text)`", at: kw, hint: hint)
    }

    private mutating func count(_ what: String) throws -> Int {
        let t = current
        guard case .integer(let v) = t.kind else { throw error("expected \(what) but found \(describe(t))", at: t) }
        guard v >= 0, v <= Int64(Int32.max) * 1024 else { throw error("\(what) must be a non-negative whole number", at: t) }
        advance()
        return Int(v)
    }

    mutating func nameList(_ what: String) throws -> [(String, SourceSpan)] {
        var out: [(String, SourceSpan)] = []
        repeat { out.append(try name(what)) } while accept(symbol: ",") != nil
        return out
    }

    private mutating func assignment(requireName: Bool, stepName: String) throws -> Assignment {
        if current.isName, next.isSymbol("=") {
            let n = advance()
            advance()
            if atEnd || current.isSymbol(",") { throw error("expected an expression after `=`", at: current) }
            return Assignment(name: n.text, nameSpan: n.span, expr: try expression())
        }
        let e = try expression()
        if case .column(let c, let s) = e { return Assignment(name: c, nameSpan: s, expr: e) }
        if requireName {
            throw Diagnostic("a computed column needs a name", span: e.span, hint: "write `name = …`")
        }
        return Assignment(name: nil, nameSpan: nil, expr: e)
    }

    private mutating func selectItems() throws -> [SelectItem] {
        var items: [SelectItem] = []
        if atEnd { throw error("`select` needs at least one column", at: current) }
        repeat {
            if current.isSymbol("-"), next.isName {
                advance()
                let (n, s) = try name("a column to drop")
                items.append(.drop(n, s))
            } else {
                items.append(.keep(try assignment(requireName: true, stepName: "select")))
            }
        } while accept(symbol: ",") != nil
        try expectEnd("select")
        return items
    }

    private mutating func windowSpec(_ over: Token) throws -> WindowSpec {
        _ = try expect(symbol: "(", "after `over`")
        var part: [(String, SourceSpan)] = []
        var order: [SortKey] = []
        while !current.isSymbol(")") {
            if accept(word: "by") != nil || accept(word: "partition") != nil {
                _ = accept(word: "by")
                part += try nameList("a partition column")
            } else if accept(word: "order") != nil {
                _ = accept(word: "by")
                repeat {
                    let desc = accept(symbol: "-") != nil
                    order.append(SortKey(expr: try expression(), descending: desc))
                } while accept(symbol: ",") != nil
            } else {
                throw error("expected `by` or `order` in `over (…)` but found \(describe(current))", at: current)
            }
        }
        let close = advance()
        return WindowSpec(partition: part, order: order, span: SourceSpan(start: over.span.start, end: close.span.end))
    }
}
