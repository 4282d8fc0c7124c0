import Testing
import Tables
@testable import Query

/// Evaluates `expr` once over a one-row table (columns x = 7, y = 2.5, s = " Sykepleier ", n = null int, b = true).
private func eval(_ expr: String) throws -> Value {
    let t = Table([("x", Column(ints: [7])), ("y", Column(doubles: [2.5])), ("s", Column(strings: [" Sykepleier "])),
                   ("n", Column(ints: [0], validity: Bitmap([false]))), ("b", Column(bools: [true])),
                   ("navn", Column(strings: ["Ås"]))])
    let r = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | select v = \(expr)")
    return r.table[0, 0]
}

private func warnings(_ expr: String) throws -> [String] {
    let t = Table([("x", Column(ints: [7, Int64.max])), ("z", Column(ints: [0, 0]))])
    return try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | select v = \(expr)").warnings
}

@Suite struct ExpressionTests {
    @Test func literalsAndArithmetic() throws {
        #expect(try eval("1 + 2 * 3") == .int(7))
        #expect(try eval("(1 + 2) * 3") == .int(9))
        #expect(try eval("7 / 2") == .double(3.5))
        #expect(try eval("x % 4") == .int(3))
        #expect(try eval("2 ^ 10") == .double(1024))
        #expect(try eval("-x + 1") == .int(-6))
        #expect(try eval("-2 ^ 2") == .double(-4))
        #expect(try eval("x * y") == .double(17.5))
        #expect(try eval("1.5e2") == .double(150))
        #expect(try eval("1_000") == .int(1000))
        #expect(try eval("true") == .bool(true))
        #expect(try eval("null") == .null)
    }

    @Test func nullsPropagate() throws {
        #expect(try eval("n + 1") == .null)
        #expect(try eval("n * 0") == .null)
        #expect(try eval("n > 1") == .null)
        // `== null` would be null on every row: refused, pointing at `is null` (issue 20).
        #expect(throws: Diagnostic.self) { try eval("n == null") }
        #expect(try eval("n == n") == .null)
        #expect(try eval("n is null") == .bool(true))
        #expect(try eval("x is not null") == .bool(true))
        #expect(try eval("n > 1 and false") == .bool(false))
        #expect(try eval("n > 1 or true") == .bool(true))
        #expect(try eval("n > 1 or false") == .null)
        #expect(try eval("not (n > 1)") == .null)
        #expect(try eval("lower(null)") == .null)
    }

    @Test func divisionByZeroAndOverflowGiveNullAndAWarning() throws {
        #expect(try eval("x / 0") == .null)
        #expect(try eval("x % 0") == .null)
        #expect(try eval("y / (x - 7)") == .null)
        let w = try warnings("x / z")
        #expect(w.count == 1)
        #expect(w[0].contains("division by zero"))
        let o = try warnings("x + 1")
        #expect(o.count == 1 && o[0].contains("integer overflow"))
        let t = Table([("x", Column(ints: [Int64.max, 1]))])
        let r = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | select v = x * 2")
        #expect(values(r.table, "v") == [.null, .int(2)])
        let s = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | agg s = sum(x)")
        #expect(s.table[0, 0] == .null)
        #expect(s.warnings.count == 1)
    }

    @Test func comparisonsInBetweenAndCase() throws {
        #expect(try eval("x between 5 and 7") == .bool(true))
        #expect(try eval("x not between 5 and 7") == .bool(false))
        #expect(try eval("x in (1, 7, 9)") == .bool(true))
        #expect(try eval("x not in (1, 9)") == .bool(true))
        #expect(try eval("x in (1, null)") == .null)
        #expect(try eval("trim(s) in (\"Lege\", \"Sykepleier\")") == .bool(true))
        #expect(try eval("y >= 2.5 and x != 3") == .bool(true))
        #expect(try eval("x == 7.0") == .bool(true))
        #expect(try eval("s < \"Z\"") == .bool(true))
        #expect(try eval("case when x > 10 then \"big\" when x > 5 then \"mid\" else \"small\" end") == .string("mid"))
        #expect(try eval("case when x > 10 then 1 end") == .null)
        #expect(try eval("if(b, x, y)") == .double(7))
        #expect(try eval("if(n > 0, 1, 2)") == .int(2))
        #expect(try eval("coalesce(n, x)") == .int(7))
        #expect(try eval("coalesce(n, null, 3.5)") == .double(3.5))
    }

    @Test func textFunctions() throws {
        #expect(try eval("lower(trim(s))") == .string("sykepleier"))
        #expect(try eval("upper(navn)") == .string("ÅS"))
        #expect(try eval("length(navn)") == .int(2))
        #expect(try eval("length(s)") == .int(12))
        #expect(try eval("contains(s, \"pleie\")") == .bool(true))
        #expect(try eval("starts_with(trim(s), \"Syke\")") == .bool(true))
        #expect(try eval("ends_with(s, \"x\")") == .bool(false))
        #expect(try eval("replace(s, \" \", \"\")") == .string("Sykepleier"))
        #expect(try eval("substr(trim(s), 1, 4)") == .string("Syke"))
        #expect(try eval("substr(trim(s), 5)") == .string("pleier"))
        #expect(try eval("substr(\"abc\", 0, 2)") == .string("a"))
        #expect(try eval("concat(navn, \"-\", x, null)") == .string("Ås-7"))
        #expect(try eval("navn + \"/\" + \"x\"") == .string("Ås/x"))
        #expect(try eval("navn + null") == .null)
        #expect(try eval("'single' + \"\"") == .string("single"))
    }

    @Test func mathFunctions() throws {
        #expect(try eval("abs(-x)") == .int(7))
        #expect(try eval("abs(-2.5)") == .double(2.5))
        #expect(try eval("round(2.345, 2)") == .double(2.35))
        #expect(try eval("round(y)") == .double(3))
        #expect(try eval("round(1234, -2)") == .double(1200))
        #expect(try eval("round(x)") == .int(7))
        #expect(try eval("floor(y)") == .double(2))
        #expect(try eval("ceil(y)") == .double(3))
        #expect(try eval("sqrt(16)") == .double(4))
        #expect(try eval("sqrt(-1)") == .null)
        #expect(try eval("ln(exp(2))") == .double(2))
        #expect(try eval("pow(2, 3)") == .double(8))
        #expect(try eval("min(x, y, 9)") == .double(2.5))
        #expect(try eval("max(x, n)") == .int(7))
        #expect(try eval("max(\"a\", \"b\")") == .string("b"))
    }

    @Test func quotedNamesAndNorwegianIdentifiers() throws {
        let t = Table([("Antall årsverk", Column(doubles: [2.5])), ("æøå", Column(ints: [1]))])
        let r = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | select v = `Antall årsverk` * 2, æøå")
        #expect(rows(r.table) == [[.double(5), .int(1)]])
    }
}
