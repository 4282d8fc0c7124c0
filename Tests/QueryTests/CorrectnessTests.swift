import Testing
import Tables
@testable import Query

/// Regression tests for the classes of wrong answers and crashes the differential test against DuckDB
/// found (issue 18, item 3). Each fails on the code before its fix.
@Suite struct CorrectnessTests {
    static let t = Table(names: ["k", "s", "b", "x", "y"], rows: [
        [.int(1), .string("Ås"), .bool(true), .int(3), .int(10)],
        [.int(1), .string("Øl"), .bool(false), .int(1), .int(30)],
        [.int(2), .null, .bool(true), .int(2), .int(20)],
        [.int(2), .string("Zz"), .null, .null, .int(40)],
        [.int(2), .string("Æ"), .bool(true), .int(2), .int(50)],
    ])
    static let resolver = TableResolver(["t": t])
    func q(_ text: String) throws -> Table { try table(text, resolver: Self.resolver) }

    // (b) comparing a text column with an all-null text column trapped (indexing an empty dictionary)
    @Test func textComparedWithAllNullTextColumn() throws {
        for op in ["==", "!=", "<", ">="] {
            let r = try q("from t | where s \(op) case when false then s end")
            #expect(r.rowCount == 0, "\(op)")
            let d = try q("from t | derive c = s \(op) if(false, s, null) | select c")
            #expect(values(d, "c").allSatisfy { $0.isNull }, "\(op)")
        }
    }

    // (a) and/or/not over an untyped all-null expression follow SQL's three-valued logic
    @Test func logicOverAllNullExpression() throws {
        #expect(values(try q("from t | where coalesce(null, null) or b"), "x") == [.int(3), .int(2), .int(2)])
        #expect(try q("from t | where coalesce(null, null) and b").rowCount == 0)
        #expect(try q("from t | where not coalesce(null, null)").rowCount == 0)
        let d = try q("from t | derive n = not coalesce(null, null), o = coalesce(null, null) or b, a = coalesce(null, null) and b | select n, o, a")
        #expect(values(d, "n").allSatisfy { $0.isNull })
        #expect(values(d, "o") == [.bool(true), .null, .bool(true), .null, .bool(true)])
        #expect(values(d, "a") == [.null, .bool(false), .null, .null, .null])
    }

    // (c) window and aggregate arguments see the columns as assigned earlier in the same derive
    @Test func deriveItemsSeeEarlierAssignments() throws {
        // x was int; it is a double by the time lag/cumsum read it
        let r = try q("from t | derive x = y / 4, w = lag(x) + 1, c = cumsum(x), m = max(x)")
        #expect(values(r, "w") == [.null, .double(3.5), .double(8.5), .double(6), .double(11)])
        #expect(values(r, "c") == [.double(2.5), .double(10), .double(15), .double(25), .double(37.5)])
        #expect(values(r, "m") == [Value](repeating: .double(12.5), count: 5))
        // replacing a column by text before a cumsum over its old name is a type error, not a crash
        let e = failure("from t | derive x = s, c = cumsum(x)", resolver: Self.resolver)
        #expect(e?.message.contains("needs numbers") == true)
        // the window's keys too: `k` is reassigned before the partition uses it
        let p = try q("from t | derive k = 1, n = row_number() over (by k order -y)")
        #expect(values(p, "n") == [.int(5), .int(3), .int(4), .int(2), .int(1)])
    }

    // (d) integer sum/cumsum are exact: the answer does not depend on row order
    @Test func integerSumDoesNotDependOnRowOrder() throws {
        let big: Int64 = 900_000_000_000_000_000
        let up = (0..<11).map { _ in [Value.int(big)] } + (0..<11).map { _ in [Value.int(-big)] }
        for rows in [up, Array(up.reversed()), zip(up.prefix(11), up.suffix(11)).flatMap { [$0, $1] }] {
            let r = TableResolver(["v": Table(names: ["v"], rows: rows)])
            #expect(values(try table("from v | agg s = sum(v)", resolver: r), "s") == [.int(0)])
            let c = try table("from v | derive c = cumsum(v)", resolver: r)
            #expect(values(c, "c").last == .int(0))
        }
        // a sum that really leaves Int64 is null, with a warning
        let r = TableResolver(["v": Table(names: ["v"], rows: up.prefix(11).map { $0 })])
        let res = try run("from v | agg s = sum(v)", resolver: r)
        #expect(values(res.table, "s") == [.null])
        #expect(res.warnings.contains { $0.contains("overflow") })
    }

    // window functions follow the window's order (SQL semantics)
    @Test func windowFunctionsFollowTheWindowOrder() throws {
        let r = try q("""
            from t | derive r = rank(), n = row_number(), f = first(x), l = last(x), rx = rank(x) over (by k order -y)
            """)
        #expect(values(r, "r") == [.int(2), .int(1), .int(3), .int(2), .int(1)])
        #expect(values(r, "n") == [.int(2), .int(1), .int(3), .int(2), .int(1)])
        #expect(values(r, "f") == [.int(1), .int(1), .int(2), .int(2), .int(2)])
        #expect(values(r, "l") == [.int(3), .int(3), .int(2), .int(2), .int(2)])
        // b: false < true, null last
        let d = try q("from t | derive d = dense_rank(), r = rank() over (order b)")
        #expect(values(d, "d") == [.int(2), .int(1), .int(2), .int(3), .int(2)])
        #expect(values(d, "r") == [.int(2), .int(1), .int(2), .int(5), .int(2)])
        // an argument ranks within ties of the order; a null argument gives a null rank
        #expect(values(r, "rx") == [.int(2), .int(1), .int(2), .null, .int(1)])
        // without an order, rank(x) ranks by x as before
        #expect(values(try q("from t | derive r = rank(-x)"), "r") == [.int(1), .int(4), .int(2), .null, .int(2)])
    }
}

/// Norwegian collation (issue 18): … X Y Z Æ Ø Å; case-insensitive first, accents next, lower before upper,
/// `aa` is not å; `Collation.bytes` keeps code point order.
@Suite struct CollationTests {
    static let words = ["Å", "Ø", "Æ", "Z", "aa", "ab", "Åse", "åse", "Ole", "øl", "Émile", "emile", "Eva"]
    static let norwegian = ["aa", "ab", "emile", "Émile", "Eva", "Ole", "Z", "Æ", "Ø", "øl", "Å", "åse", "Åse"]
    static let bytes = ["Eva", "Ole", "Z", "aa", "ab", "emile", "Å", "Åse", "Æ", "Émile", "Ø", "åse", "øl"]
    static let resolver = TableResolver(["w": Table(names: ["s", "g"], rows: words.enumerated().map { [.string($1), .int(Int64($0 % 2))] })])

    func run(_ text: String, _ c: Collation) throws -> Table {
        try QueryEngine(resolver: Self.resolver, collation: c).execute(text).table
    }
    func strings(_ t: Table, _ col: String) -> [String] {
        values(t, col).map { if case .string(let s) = $0 { return s }; return "∅" }
    }

    @Test func sortFollowsTheCollation() throws {
        #expect(strings(try run("from w | sort s", .norwegian), "s") == Self.norwegian)
        #expect(strings(try run("from w | sort -s", .norwegian), "s") == Self.norwegian.reversed())
        #expect(strings(try run("from w | sort s", .bytes), "s") == Self.bytes)
        // the default is Norwegian
        #expect(strings(try QueryEngine(resolver: Self.resolver).execute("from w | sort s").table, "s") == Self.norwegian)
    }

    @Test func minMaxGroupsAndRanksFollowTheCollation() throws {
        let m = try run("from w | agg lo = min(s), hi = max(s)", .norwegian)
        #expect(strings(m, "lo") == ["aa"] && strings(m, "hi") == ["Åse"])
        let b = try run("from w | agg lo = min(s), hi = max(s)", .bytes)
        #expect(strings(b, "lo") == ["Eva"] && strings(b, "hi") == ["øl"])
        // groups come out in collation order, and so do a chart's categories drawn from them
        #expect(strings(try run("from w | agg n = count() by s", .norwegian), "s") == Self.norwegian)
        let r = try run("from w | derive r = row_number() over (order s) | sort r", .norwegian)
        #expect(strings(r, "s") == Self.norwegian)
    }

    @Test func theKeyOrdersLettersAsNorwegianDictionariesDo() {
        let c = Collation.norwegian
        #expect(c.less("z", "æ") && c.less("æ", "ø") && c.less("ø", "å"))
        #expect(c.less("aa", "å") && c.less("Aase", "Åse"))   // aa is two a's
        #expect(c.less("ab", "Ac") && c.less("abc", "ABD"))   // case-insensitive first
        #expect(c.less("ole", "Ole") && !c.less("Ole", "ole")) // then lower before upper
        #expect(c.less("Emil", "Émil") && c.less("Émil", "Emile"))
        #expect(c.less("Ærø", "Ødegård") && c.less("Ødegård", "Ås"))
        #expect(c.less("ä", "ø") && c.less("z", "ä") && c.less("ö", "å"))
        // decomposed (NFD) letters sort as their composed form
        #expect(c.less("Øl", "A\u{30A}s") && c.less("Zz", "O\u{308}l") && c.less("Emil", "E\u{301}mil"))
    }
}

@Suite struct RoundingTests {
    /// (e) round works on the double the value holds, halves away from zero — DuckDB's answers
    /// (`SELECT round(2.675::DOUBLE, 2)` … in DuckDB 2.0).
    @Test func roundMatchesDuckDB() throws {
        let t = try table("""
            from employees | take 1 | select a = round(2.675, 2), b = round(0.125, 2), c = round(-0.125, 2), \
            d = round(2.5), e = round(-2.5), f = round(1234.5, -2), g = round(1.005, 2), h = round(7, 1)
            """)
        #expect(rows(t) == [[.double(2.67), .double(0.13), .double(-0.13), .double(3), .double(-3), .double(1200),
                             .double(1.0), .double(7)]])
        let u = try table("from employees | take 1 | select a = round(1.115, 2), b = round(0.285, 2), c = round(1350, -2), d = round(-2.675, 2)")
        #expect(rows(u) == [[.double(1.11), .double(0.28), .double(1400), .double(-2.67)]])
    }
}

extension CollationTests {
    /// The ASCII fast path and the general path give one order (each letter against each, both cases).
    @Test func asciiFastPathAgreesWithTheGeneralOrder() {
        let letters = (0x41...0x5A).map { String(UnicodeScalar(UInt8($0))) } + ["Æ", "Ø", "Å"]
        let all = letters + letters.map { $0.lowercased() }
        let sorted = all.sorted { Collation.norwegian.less($0, $1) }
        let want = letters.flatMap { [$0.lowercased(), $0] }
        #expect(sorted == want)
        #expect(["b2", "b10", "b 1", "b-1", "B1"].sorted { Collation.norwegian.less($0, $1) } == ["b 1", "b-1", "B1", "b10", "b2"])
    }
}
