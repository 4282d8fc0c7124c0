import Tables

/// Recursive-descent parser over the tokens of one step: expressions and the step grammars.
struct TokenParser {
    var tokens: [Token]
    var pos = 0

    init(_ tokens: [Token]) { self.tokens = tokens }

    var current: Token { tokens[pos] }
    var next: Token { tokens[min(pos + 1, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .end }

    @discardableResult
    mutating func advance() -> Token { let t = tokens[pos]; if pos < tokens.count - 1 { pos += 1 }; return t }

    mutating func accept(symbol s: String) -> Token? { current.isSymbol(s) ? advance() : nil }
    mutating func accept(word w: String) -> Token? { current.isWord(w) ? advance() : nil }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "end of step"
        case .string: return "\"\(t.text)\""
        case .quotedName: return "`\(t.text)`"
        default: return "`\(t.text)`"
        }
    }

    func error(_ message: String, at t: Token, hint: String? = nil) -> Diagnostic {
        var span = t.span
        if t.kind == .end { span = SourceSpan(start: t.span.start, end: t.span.start + 1) }
        return Diagnostic(message, span: span, hint: hint)
    }

    mutating func expect(symbol s: String, _ what: String? = nil) throws -> Token {
        if let t = accept(symbol: s) { return t }
        throw error("expected `\(s)`\(what.map { " " + $0 } ?? "") but found \(describe(current))", at: current)
    }

    mutating func expect(word w: String) throws -> Token {
        if let t = accept(word: w) { return t }
        throw error("expected `\(w)` but found \(describe(current))", at: current)
    }

    /// A column or dataset name: identifier (not a reserved word) or `quoted name`.
    mutating func name(_ what: String) throws -> (String, SourceSpan) {
        let t = current
        if t.kind == .quotedName || (t.kind == .identifier && !QueryLanguage.reserved.contains(t.text.lowercased())) {
            advance()
            return (t.text, t.span)
        }
        throw error("expected \(what) but found \(describe(t))", at: t)
    }

    mutating func expectEnd(_ stepName: String) throws {
        guard atEnd else {
            throw error("unexpected \(describe(current)) in `\(stepName)`", at: current,
                        hint: current.isSymbol("=") ? "compare with ==" : "separate items with commas; steps with |")
        }
    }

    // MARK: expressions

    /// Nesting depth of the expression being parsed (brackets, calls, unary operators, operator
    /// chains); capped so a deep tree cannot exhaust the stack when it is bound or compiled.
    private var depth = 0

    mutating func expression() throws -> Expr { try orExpr() }

    private mutating func orExpr() throws -> Expr {
        var operands = [try andExpr()]
        while accept(word: "or") != nil { operands.append(try andExpr()) }
        return Self.balanced("or", operands[...])
    }

    private mutating func andExpr() throws -> Expr {
        var operands = [try notExpr()]
        while accept(word: "and") != nil { operands.append(try notExpr()) }
        return Self.balanced("and", operands[...])
    }

    /// `a or b or c …` as a balanced tree: `and` and `or` are associative (also with nulls), so a
    /// long generated chain gets depth log n instead of n, and binding never runs out of stack.
    private static func balanced(_ op: String, _ xs: ArraySlice<Expr>) -> Expr {
        if xs.count == 1 { return xs[xs.startIndex] }
        let mid = xs.startIndex + xs.count / 2
        let l = balanced(op, xs[..<mid]), r = balanced(op, xs[mid...])
        return .binary(op: op, l, r, SourceSpan(start: l.span.start, end: r.span.end))
    }

    private mutating func notExpr() throws -> Expr {
        if let t = accept(word: "not") {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("expression nests too deeply", at: t) }
            let e = try notExpr()
            return .unary(op: "not", e, SourceSpan(start: t.span.start, end: e.span.end))
        }
        return try comparison()
    }

    private mutating func comparison() throws -> Expr {
        let l = try additive()
        let t = current
        if t.kind == .symbol, ["==", "!=", "<", "<=", ">", ">="].contains(t.text) {
            advance()
            let r = try additive()
            if t.text == "==" || t.text == "!=", isNullLiteral(l) || isNullLiteral(r) {
                // Compared with null every row is null, so the filter keeps nothing: say so instead.
                throw error("`\(t.text) null` is never true: a comparison with null is null", at: t,
                            hint: t.text == "==" ? "write `is null` (and a column named null as `null` in backquotes)" : "write `is not null`")
            }
            return .binary(op: t.text, l, r, SourceSpan(start: l.span.start, end: r.span.end))
        }
        if t.isSymbol("=") {
            throw error("`=` is not a comparison", at: t, hint: "compare with ==")
        }
        var negated = false
        if t.isWord("not"), next.isWord("in") || next.isWord("between") { advance(); negated = true }
        if accept(word: "in") != nil {
            _ = try expect(symbol: "(", "after `in`")
            var items: [Expr] = []
            if !current.isSymbol(")") {
                repeat { items.append(try expression()) } while accept(symbol: ",") != nil
            }
            let close = try expect(symbol: ")", "to close the list")
            return .inList(l, items, negated: negated, SourceSpan(start: l.span.start, end: close.span.end))
        }
        if accept(word: "between") != nil {
            let lo = try additive()
            _ = try expect(word: "and")
            let hi = try additive()
            return .between(l, lo, hi, negated: negated, SourceSpan(start: l.span.start, end: hi.span.end))
        }
        if accept(word: "is") != nil {
            let neg = accept(word: "not") != nil
            let n = try expect(word: "null")
            return .isNull(l, negated: neg, SourceSpan(start: l.span.start, end: n.span.end))
        }
        return l
    }

    private func isNullLiteral(_ e: Expr) -> Bool {
        if case .literal(.null, _) = e { return true }
        return false
    }

    private mutating func additive() throws -> Expr {
        var l = try multiplicative()
        let saved = depth
        defer { depth = saved }
        while current.isSymbol("+") || current.isSymbol("-") {
            // A left-deep chain is as deep as it is long: count it toward the nesting limit.
            depth += 1
            guard depth < 200 else { throw error("expression nests too deeply", at: current) }
            let op = advance().text
            let r = try multiplicative()
            l = .binary(op: op, l, r, SourceSpan(start: l.span.start, end: r.span.end))
        }
        return l
    }

    private mutating func multiplicative() throws -> Expr {
        var l = try unary()
        let saved = depth
        defer { depth = saved }
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            depth += 1
            guard depth < 200 else { throw error("expression nests too deeply", at: current) }
            let op = advance().text
            let r = try unary()
            l = .binary(op: op, l, r, SourceSpan(start: l.span.start, end: r.span.end))
        }
        return l
    }

    private mutating func unary() throws -> Expr {
        if let t = accept(symbol: "-") {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("expression nests too deeply", at: t) }
            let e = try unary()
            // fold the sign into numeric literals so `-5` is a literal
            if case .literal(.int(let v), let s) = e, s.start == t.span.end {
                return .literal(.int(0 &- v), SourceSpan(start: t.span.start, end: s.end))
            }
            if case .literal(.double(let v), let s) = e, s.start == t.span.end {
                return .literal(.double(-v), SourceSpan(start: t.span.start, end: s.end))
            }
            return .unary(op: "-", e, SourceSpan(start: t.span.start, end: e.span.end))
        }
        if accept(symbol: "+") != nil { return try unary() }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try primary()
        if let t = accept(symbol: "^") {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("expression nests too deeply", at: t) }
            let exp = try unary()  // right-associative; allows 2 ^ -1
            return .binary(op: "^", base, exp, SourceSpan(start: base.span.start, end: exp.span.end))
        }
        return base
    }

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .integer(let v): advance(); return .literal(.int(v), t.span)
        case .decimal(let v): advance(); return .literal(.double(v), t.span)
        case .string: advance(); return .literal(.string(t.text), t.span)
        case .quotedName: advance(); return .column(t.text, t.span)
        case .identifier:
            let w = t.text.lowercased()
            switch w {
            case "true": advance(); return .literal(.bool(true), t.span)
            case "false": advance(); return .literal(.bool(false), t.span)
            case "null": advance(); return .literal(.null, t.span)
            case "case": return try caseExpr()
            default: break
            }
            if next.isSymbol("(") {
                advance(); advance()
                depth += 1
                defer { depth -= 1 }
                guard depth < 200 else { throw error("expression nests too deeply", at: t) }
                var args: [Expr] = []
                if !current.isSymbol(")") {
                    repeat { args.append(try expression()) } while accept(symbol: ",") != nil
                }
                let close = try expect(symbol: ")", "to close `\(t.text)(`")
                // An alias (`avg`, `stddev`) becomes its function here, so binding, units and pruning see one name.
                return .call(name: QueryLanguage.canonicalFunctionName(w), args: args, span: t.span,
                             whole: SourceSpan(start: t.span.start, end: close.span.end))
            }
            if QueryLanguage.reserved.contains(w) {
                throw error("expected a value but found `\(t.text)`", at: t,
                            hint: "quote a column of that name with backquotes: `\(t.text)`")
            }
            advance()
            return .column(t.text, t.span)
        case .symbol where t.text == "(":
            advance()
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("expression nests too deeply", at: t) }
            let e = try expression()
            _ = try expect(symbol: ")", "to close `(`")
            return e
        case .end:
            throw error("expected a value but the step ends", at: t)
        default:
            throw error("expected a value but found \(describe(t))", at: t)
        }
    }

    private mutating func caseExpr() throws -> Expr {
        let start = advance()
        var arms: [(Expr, Expr)] = []
        while accept(word: "when") != nil {
            let c = try expression()
            _ = try expect(word: "then")
            let v = try expression()
            arms.append((c, v))
        }
        guard !arms.isEmpty else { throw error("expected `when` after `case`", at: current) }
        var other: Expr? = nil
        if accept(word: "else") != nil { other = try expression() }
        let end = try expect(word: "end")
        return .caseWhen(arms, other, SourceSpan(start: start.span.start, end: end.span.end))
    }
}
