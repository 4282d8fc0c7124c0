import Foundation
import Testing
import Tables
@testable import Query

/// Ctrl-C inside a row-wise expression: every kernel looks for it every 64 k rows over the whole column
/// (no pieces), so a request from another thread stops the statement at the very check that sees it, in
/// the middle of a kernel's loop. The request is a `CancellationToken` bound to the test's work (the
/// process-wide flag would stop the other suites running in parallel). Verdicts count checks; no clock.
@Suite struct ExpressionCancellationTests {
    /// `id`, `a` (double), `k` (int), `s` (text of four values), `f` (bool), with some nulls.
    static func table(rows n: Int) -> Table {
        let names = ["Bodø", "Ålesund", "Tromsø", "Oslo"]
        return Table([
            ("id", Column(ints: (0..<n).map { Int64($0) })),
            ("a", Column(values: (0..<n).map { $0 % 7 == 3 ? .null : .double(Double($0 % 1000) / 10 - 30) }, type: .double)),
            ("k", Column(values: (0..<n).map { i -> Value in
                if i % 11 == 5 { return .null }
                return .int(i % 50_000 == 1 ? .max : Int64(i % 97) - 40)
            }, type: .int)),
            ("s", Column(strings: (0..<n).map { $0 % 13 == 2 ? nil : names[($0 / 3) % 4] })),
            ("f", Column(values: (0..<n).map { $0 % 5 == 1 ? .null : .bool($0 % 3 == 0) }, type: .bool)),
        ])
    }

    static let statements = [
        "from t | derive x = a / k, y = k * 3 + 1, z = a > 1.5 and f or s == \"Tromsø\"",
        "from t | where a > 1.5 and f or k < 0 and not f",
        "from t | derive w = s < \"Oslo\", u = s != \"Bodø\" and s in (\"Tromsø\", \"Oslo\")",
    ]

    static let million = table(rows: 1_000_000)

    /// Runs `text` over `rows` rows (under `token` when given).
    static func run(_ text: String, rows: Int, _ token: CancellationToken? = nil) throws -> Table {
        let resolver = TableResolver(["t": rows == 1_000_000 ? million : table(rows: rows)])
        guard let token else { return try QueryEngine(resolver: resolver).execute(text).table }
        return try Cancellation.withToken(token) { try QueryEngine(resolver: resolver).execute(text).table }
    }

    /// Runs `body` under a token that another thread cancels when the `at`-th check is reached (that check
    /// waits until the request is made, so it sees it). Returns the error thrown and the checks made.
    static func cancelled(at k: Int, _ body: () throws -> Void) -> (error: (any Error)?, checks: Int) {
        let reached = DispatchSemaphore(value: 0), requested = DispatchSemaphore(value: 0)
        let token = CancellationToken { n in
            if n == k { reached.signal(); requested.wait() }
        }
        let other = Thread {
            reached.wait()
            token.request()
            requested.signal()
        }
        other.start()
        var error: (any Error)? = nil
        do { try Cancellation.withToken(token) { try body() } } catch let e { error = e }
        if token.checks < k { reached.signal() }  // never reached: let the other thread finish
        return (error, token.checks)
    }

    @Test("one kernel over 1 M rows looks for Ctrl-C every 64 k rows and stops at the check that sees it")
    func kernelStopsInsideItsLoop() throws {
        let n = 1_000_000
        let a = Vec.column(Column(doubles: (0..<n).map { Double($0) / 3 }))
        func kernel() throws -> Vec {
            try Kernels.arithmetic("*", a, .scalar(.double(2)), ta: .double, tb: .double, result: .double,
                                   count: n, warnings: WarningSink(), text: "a * 2")
        }
        let token = CancellationToken()
        let whole = try Cancellation.withToken(token) { try kernel() }
        guard case .column(let c) = whole else { Issue.record("not a column"); return }
        #expect(c.count == n && c[n - 1] == .double(Double(n - 1) / 3 * 2))
        // the multiplication's loop and the finiteness scan: a check per 64 k rows each
        let blocks = (n + 65_535) / 65_536
        #expect(token.checks >= 2 * blocks)
        // the third check is inside the first loop: 2 of its 16 blocks done
        let stop = Self.cancelled(at: 3) { _ = try kernel() }
        #expect(stop.error is CancelledError)
        #expect(stop.checks == 3)
    }

    /// Each kind of kernel loop, on its own over 1 M rows, checks once per 64 k-row block: two columns as
    /// well as a column and a constant (a kernel whose loop made one check at its start would pass the
    /// statement-level counts above, as the other passes of a statement check enough for it).
    @Test("every kernel shape checks once a block over 1 M rows", arguments: ["a * b", "a < b", "a and b", "not a"])
    func eachKernelShapeChecksPerBlock(_ shape: String) throws {
        let n = 1_000_000, blocks = (n + 65_535) / 65_536
        let xs = Vec.column(Column(doubles: (0..<n).map { Double($0 % 977) / 3 }))
        let ys = Vec.column(Column(doubles: (0..<n).map { Double($0 % 991) / 7 }))
        let ps = Vec.column(Column(bools: (0..<n).map { $0 % 3 == 0 }))
        let qs = Vec.column(Column(bools: (0..<n).map { $0 % 5 == 0 }))
        let token = CancellationToken()
        let result = try Cancellation.withToken(token) { () throws -> Vec in
            switch shape {
            case "a * b": return try Kernels.arithmetic("*", xs, ys, ta: .double, tb: .double, result: .double,
                                                         count: n, warnings: WarningSink(), text: shape)
            case "a < b": return try Kernels.compare(.lt, xs, ys, ta: .double, tb: .double, count: n)
            case "a and b": return try Kernels.and(ps, qs, count: n)
            default: return try Kernels.not(ps)
            }
        }
        guard case .column(let c) = result else { Issue.record("not a column"); return }
        #expect(c.count == n)
        // arithmetic on decimals makes two passes (the operation, then the scan for results that are not finite)
        let passes = shape == "a * b" ? 2 : 1
        #expect(token.checks >= passes * blocks, "\(shape): \(token.checks) checks for \(blocks) blocks")
    }

    @Test("derive and where over 1 M rows stop in the middle of a kernel when another thread cancels",
          arguments: statements)
    func statementStopsInsideAKernel(_ text: String) throws {
        let big = CancellationToken(), small = CancellationToken()
        let t = try Self.run(text, rows: 1_000_000, big)
        _ = try Self.run(text, rows: 1_000, small)
        #expect(t.rowCount > 0)
        // over 1 000 rows each pass over the rows is one block; over 1 M rows, 16: the checks beyond the
        // small run's are made inside the kernels' loops (at least one kernel pass of 16 blocks)
        #expect(big.checks - small.checks >= 15, "\(big.checks) checks over 1 M rows, \(small.checks) over 1 000")
        // cancel half-way: more checks than the whole statement over 1 000 rows made are behind it
        let k = (big.checks + small.checks) / 2
        let stop = Self.cancelled(at: k) { _ = try Self.run(text, rows: 1_000_000) }
        #expect(stop.error is CancelledError, "\(String(describing: stop.error))")
        #expect(stop.checks == k)
    }

    @Test("a token that is never requested changes nothing; one requested before the start stops at the first check")
    func tokenBeforeTheStart() throws {
        let token = CancellationToken()
        token.request()
        #expect(throws: CancelledError.self) { try Self.run(Self.statements[0], rows: 10, token) }
        #expect(token.checks == 1)
        let plain = try QueryEngine(resolver: TableResolver(["t": Self.table(rows: 10)])).execute(Self.statements[0]).table
        #expect(rows(plain) == rows(try Self.run(Self.statements[0], rows: 10, CancellationToken())))
        #expect(rows(plain) == rows(try Self.run(Self.statements[0], rows: 10)))
    }

    // MARK: results across block boundaries

    /// SQL three-valued `and` / `or` (nil = null).
    static func and(_ x: Bool?, _ y: Bool?) -> Bool? {
        if x == false || y == false { return false }
        if x == nil || y == nil { return nil }
        return true
    }
    static func or(_ x: Bool?, _ y: Bool?) -> Bool? {
        if x == true || y == true { return true }
        if x == nil || y == nil { return nil }
        return false
    }

    @Test("over 200 003 rows (blocks of 64 k and a remainder) every row equals a row-by-row reference")
    func blockedKernelsEqualTheRowReference() throws {
        let n = 200_003
        let t = Self.table(rows: n)
        let a = t.column(named: "a")!.values.map(\.asDouble)
        let k = t.column(named: "k")!.values.map { v -> Int64? in if case .int(let x) = v { return x }; return nil }
        let s = t.column(named: "s")!.values.map(\.asString)
        let f = t.column(named: "f")!.values.map { v -> Bool? in if case .bool(let b) = v { return b }; return nil }
        let resolver = TableResolver(["t": t])
        let r = try QueryEngine(resolver: resolver).execute(
            "from t | derive x = a / k, y = k * 3 + 1, z = a > 1.5 and f or s == \"Tromsø\", w = s < \"Oslo\", " +
            "v = -k, u = k is null, m = k in (1, 2, 3), q = round(a * 3.3, 1), mx = max(a, k), rp = replace(s, \"ø\", s)").table
        var x: [Value] = [], y: [Value] = [], z: [Value] = [], w: [Value] = [], v: [Value] = [], u: [Value] = [], m: [Value] = []
        var mx: [Value] = [], rp: [Value] = []
        for i in 0..<n {
            if let ai = a[i], let ki = k[i], ki != 0 { x.append(.double(ai / Double(ki))) } else { x.append(.null) }
            if let ki = k[i], case let (p, o1) = ki.multipliedReportingOverflow(by: 3), !o1,
               case let (q, o2) = p.addingReportingOverflow(1), !o2 { y.append(.int(q)) } else { y.append(.null) }
            let gt = a[i].map { $0 > 1.5 }, eq = s[i].map { $0 == "Tromsø" }
            z.append(Self.or(Self.and(gt, f[i]), eq).map(Value.bool) ?? .null)
            w.append(s[i].map { .bool($0 < "Oslo") } ?? .null)
            v.append(k[i].map { .int(-$0) } ?? .null)
            u.append(.bool(k[i] == nil))
            m.append(k[i].map { .bool([1, 2, 3].contains($0)) } ?? .null)
            mx.append([a[i], k[i].map { Double($0) }].compactMap { $0 }.max().map(Value.double) ?? .null)
            rp.append(s[i].map { .string($0.replacingOccurrences(of: "ø", with: $0)) } ?? .null)
        }
        #expect(values(r, "x") == x)
        #expect(values(r, "y") == y)
        #expect(values(r, "z") == z)
        #expect(values(r, "w") == w)
        #expect(values(r, "v") == v)
        #expect(values(r, "u") == u)
        #expect(values(r, "m") == m)
        #expect(values(r, "mx") == mx)
        #expect(values(r, "rp") == rp)
        let rounded = values(r, "q")
        #expect(rounded.count == n && (0..<n).allSatisfy { (a[$0] == nil) == (rounded[$0] == .null) })
        let kept = try QueryEngine(resolver: resolver).execute("from t | where a > 1.5 and f or s == \"Tromsø\"").table
        #expect(values(kept, "id") == (0..<n).filter { z[$0] == .bool(true) }.map { .int(Int64($0)) })
    }
}
