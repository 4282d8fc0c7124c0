import Foundation
import Testing
import Tables
@testable import Query

/// Ctrl-C inside the long passes of aggregates, windows, joins, pivot and unpivot (and the grouping and
/// sorting they call): every pass over the rows looks for it once per 64 k rows, so a request stops the
/// pass at the very check that sees it instead of when the pass ends.
///
/// Each test runs one operator over 2^20 rows (16 blocks of 64 k) under a `CancellationToken` and
/// (1) counts its checks: at least 16 for each pass over the rows the operator makes (listed with the
/// bound), so a pass whose check went missing makes the count fall short; (2) runs it again with the
/// request made at a check inside its last passes, and expects `CancelledError` thrown from that check
/// (no check after it, no result returned). The value columns are null at every even row: a loop that
/// looked for Ctrl-C only at rows holding a value (`for i in … where valid[i] { if i & 0xFFFF == 0 … }`)
/// never sees row 65 536·k and makes no check at all. No clock in any verdict.
@Suite struct OperatorCancellationTests {
    static let n = 1 << 20
    static let blocks = 16

    /// `k` (int, 1 000 groups), `x` (int), `d` (double), `s` (text of five), each null at even rows;
    /// `wide` (int, unique, spread too wide for an array: the hash paths), `id` (0…n-1, no nulls); join
    /// keys `half` (i / 2: each value twice, null at every fourth row), `dj` (i / 4 as a double) and
    /// `code` (text, one per row), the last two null at even rows.
    static let table: Table = {
        let n = OperatorCancellationTests.n
        let names = ["Bodø", "Ålesund", "Tromsø", "Oslo", "Kautokeino"]
        let k: [Int64] = (0..<n).map { Int64($0 % 1000) }
        let x: [Value] = (0..<n).map { (i: Int) -> Value in
            let v: Int64 = Int64((i &* 7919) % 100_003) - 50_000
            return i % 2 == 0 ? .null : .int(v)
        }
        let d: [Value] = (0..<n).map { (i: Int) -> Value in
            let v: Double = Double(i % 977) / 7 - 60
            return i % 2 == 0 ? .null : .double(v)
        }
        let s: [String?] = (0..<n).map { $0 % 2 == 0 ? nil : names[($0 / 3) % 5] }
        let wide: [Int64] = (0..<n).map { Int64($0) &* 1_000_003 }
        let id: [Int64] = (0..<n).map { Int64($0) }
        let half: [Value] = (0..<n).map { (i: Int) -> Value in i % 4 == 0 ? .null : .int(Int64(i / 2)) }
        let dj: [Value] = (0..<n).map { (i: Int) -> Value in i % 2 == 0 ? .null : .double(Double(i) / 4) }
        let code: [String?] = (0..<n).map { $0 % 2 == 0 ? nil : "r\($0)" }
        return Table([
            ("k", Column(ints: k)),
            ("x", Column(values: x, type: .int)),
            ("d", Column(values: d, type: .double)),
            ("s", Column(strings: s)),
            ("wide", Column(ints: wide)),
            ("id", Column(ints: id)),
            ("half", Column(values: half, type: .int)),
            ("dj", Column(values: dj, type: .double)),
            ("code", Column(strings: code)),
        ])
    }()

    static func column(_ name: String) -> Column { table.column(named: name)! }

    /// Group ids 0…999 (`k`).
    static let ids: [Int32] = (0..<n).map { Int32($0 % 1000) }

    /// The checks `body` makes (under a token nobody requests), and what it returned.
    static func counted<T>(_ body: () throws -> T) throws -> (T, Int) {
        let token = CancellationToken()
        let r = try Cancellation.withToken(token) { try body() }
        return (r, token.checks)
    }

    /// (1) and (2) above for one operator: at least `bound` checks (16 for each pass over the rows, 4 for
    /// each array of 1 M values filled in blocks of 256 k; the bounds are within 16 of the counts the code
    /// makes, so a pass that stops looking for Ctrl-C falls short); stopped by a request at the check two
    /// before that bound (inside the last pass counted).
    static func expectStopsInside(_ what: String, atLeast bound: Int, _ body: () throws -> Void,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        // once first: what is kept with a shared dictionary (sort ranks) is then made, whichever test ran before
        try body()
        let (_, checks) = try counted(body)
        #expect(checks >= bound, "\(what): \(checks) checks, expected ≥ \(bound) (16 per pass over the rows)",
                sourceLocation: sourceLocation)
        #expect(checks < bound + 2 * blocks, "\(what): \(checks) checks: make the bound (\(bound)) tight again",
                sourceLocation: sourceLocation)
        let k = bound - 2
        let stop = ExpressionCancellationTests.cancelled(at: k) { try body() }
        #expect(stop.error is CancelledError, "\(what): \(String(describing: stop.error)) after \(stop.checks) checks",
                sourceLocation: sourceLocation)
        #expect(stop.checks == k, "\(what): went on for \(stop.checks - k) checks after the request", sourceLocation: sourceLocation)
    }

    // MARK: aggregates

    /// The kinds of aggregate, with the checks each makes on the column given: converting ints to doubles
    /// is a pass (16), each accumulation one, numbering values (n_distinct) up to three (range, offsets,
    /// first-appearance ids); a median's selections check per 64 k values (8 over 512 k).
    static let aggregateCases: [(name: String, kind: Aggregate.Kind, column: String?, checks: Int)] = [
        ("count()", .countRows, nil, 16),
        ("count(x)", .count, "x", 16),
        ("sum(x)", .sum, "x", 16),
        ("sum(d)", .sum, "d", 16),
        ("mean(x)", .mean, "x", 2 * 16),             // to doubles, sum and count
        ("sd(x)", .sd, "x", 2 * 16),                 // to doubles, Welford
        ("variance(d)", .variance, "d", 16),
        ("median(x)", .median, "x", 3 * 16 + 2 + 8), // to doubles, bucket sizes, the values, fill, selections
        ("quantile(d)", .quantile(0.9), "d", 2 * 16 + 8),
        ("min(x)", .min, "x", 16),
        ("max(s)", .max, "s", 2 * 16),               // ranks per row, the pass
        ("first(d)", .first, "d", 16),
        ("last(s)", .last, "s", 16),
        ("n_distinct(s)", .nDistinct, "s", 2 * 16),  // codes to ids, the pair pass
        ("n_distinct(x)", .nDistinct, "x", 4 * 16),  // range, offsets, numbering, the pair pass
        ("n_distinct(d)", .nDistinct, "d", 2 * 16 + 4),  // hash numbering (and its ids), the pair pass
    ]

    @Test("every aggregate kind looks for Ctrl-C in each pass over the rows, nulls or not",
          arguments: aggregateCases.indices)
    func aggregateStopsInsideItsPass(_ i: Int) throws {
        let c = Self.aggregateCases[i]
        let col = c.column.map(Self.column)
        try Self.expectStopsInside(c.name, atLeast: c.checks) {
            _ = try Aggregate.run(c.kind, col, ids: Self.ids, groups: 1000, warnings: WarningSink(), text: c.name)
        }
    }

    @Test("median of one group of half a million values looks for Ctrl-C while it selects")
    func medianOfOneBigGroup() throws {
        let ones = [Int32](repeating: 0, count: Self.n)
        // bucket sizes, the 512 k values (2), fill, the NaN partition (8 blocks), the selection's partitions
        // over more than 64 k values (at least 8)
        try Self.expectStopsInside("median(d), one group", atLeast: 2 * 16 + 2 + 8 + 8) {
            _ = try Aggregate.run(.median, Self.column("d"), ids: ones, groups: 1, warnings: WarningSink(), text: "median(d)")
        }
    }

    @Test("grouping by each kind of key looks for Ctrl-C in each pass", arguments: [
        ("k", 3 * 16),           // range, offsets, numbering
        ("s", 2 * 16),           // nulls to a code of their own, numbering
        ("wide", 2 * 16 + 4),    // range (too wide), hash numbering and its ids
        ("k,s", 7 * 16),         // both, then the pair's ids and their numbering
    ])
    func groupingStopsInsideItsPass(_ keys: String, _ checks: Int) throws {
        let cols = keys.split(separator: ",").map { Self.column(String($0)) }
        // and one pass for the first row of each group (its array too when the groups are rows)
        try Self.expectStopsInside("group by \(keys)", atLeast: checks + 16 + (keys == "wide" ? 4 : 0)) {
            _ = try Grouping.group(cols, rowCount: Self.n)
        }
    }

    // MARK: sorting (windows, agg's order, pivot's names)

    /// Descending, with nulls: normalize, flip, range, range of values, null offsets (5 passes); doubles
    /// first scan for NaN and flag them (2); then the row numbers and a gather per 64-bit word (2), and
    /// the radix sort: its two buffers and, per 11-bit digit, a count and a scatter in 256 k blocks (4 + 4).
    @Test("sorting looks for Ctrl-C while it makes its keys, not only while it moves rows",
          arguments: [("x", 7 * 16 + 8 + 2 * 8), ("d", 9 * 16 + 8 + 6 * 8), ("s", 7 * 16 + 8 + 8)])
    func sortKeysAreChecked(_ name: String, _ checks: Int) throws {
        let key = Sorting.Key(column: Self.column(name), descending: true)
        try Self.expectStopsInside("sort by \(name)", atLeast: checks) {
            _ = try Sorting.argsort([key], count: Self.n)
        }
    }

    // MARK: windows

    /// 1 024 partitions of 1 024 rows each, rows already in order.
    static let frame: WindowFrames.Frame = {
        let n = OperatorCancellationTests.n
        return WindowFrames.Frame(ids: (0..<n).map { Int32($0 / 1024) }, groups: 1024, perm: Array(0..<n),
                                  starts: Array(stride(from: 0, through: n, by: 1024)))
    }()

    @Test("lag, cumsum, first and rank look for Ctrl-C in their passes over the partitions",
          arguments: ["lag", "cumsum int", "cumsum double", "first", "last", "rank"])
    func windowStopsInsideItsPass(_ name: String) throws {
        let f = Self.frame, n = Self.n
        switch name {
        case "lag":
            try Self.expectStopsInside(name, atLeast: 4 + 16) { _ = try Window.shifted(f, by: -1, count: n) }  // the -1s, the pass
        case "cumsum int":
            try Self.expectStopsInside(name, atLeast: 4 + 16) {  // the sums, the pass
                _ = try Window.cumsum(Self.column("x"), f, asInt: true, warnings: WarningSink(), text: name)
            }
        case "cumsum double":
            try Self.expectStopsInside(name, atLeast: 16 + 4 + 16) {  // to doubles, the sums, the pass
                _ = try Window.cumsum(Self.column("x"), f, asInt: false, warnings: WarningSink(), text: name)
            }
        case "first", "last":
            // the -1s, the search for the first value (from a partition's start it crosses 64 k·j), the pass
            try Self.expectStopsInside(name, atLeast: 4 + (name == "first" ? 16 : 0) + 16) {
                _ = try Window.firstOrLast(Self.column("d"), f, last: name == "last", count: n)
            }
        default:
            // null flags, partition keys, the sort of three keys (over 20 passes), its normal keys, the pass
            try Self.expectStopsInside(name, atLeast: 28 * 16) {
                _ = try Window.rank([Sorting.Key(column: Self.column("d"), descending: false)], nullIf: Self.column("x"),
                                    f, dense: false, count: n)
            }
        }
    }

    @Test("first/last over one partition of nulls looks for Ctrl-C while it searches for a value")
    func firstOverAPartitionOfNulls() throws {
        let n = Self.n
        let nulls = Column(values: [Value](repeating: .null, count: n), type: .double)
        let one = WindowFrames.Frame(ids: [Int32](repeating: 0, count: n), groups: 1, perm: Array(0..<n), starts: [0, n])
        for last in [false, true] {
            try Self.expectStopsInside(last ? "last" : "first", atLeast: 4 + 16) {  // the -1s, the search
                let idx = try Window.firstOrLast(nulls, one, last: last, count: n)
                #expect(idx.allSatisfy { $0 == -1 })
            }
        }
    }

    // MARK: join

    /// The bounds are the checks the join makes today rounded down to a multiple of 16 (so within one
    /// pass of them): the passes are each side's keys numbered (int keys: the right side's range first;
    /// hash keys: their raw bits first), both copied into the composite ids, the index built, the probe,
    /// the look for an unmatched row or (repeated keys) the chain lengths and the output count, and the
    /// pairs (a check per 64 k left rows read and per 64 k pairs made); a full join then the right rows
    /// nobody matched; besides, 4 checks for each array of 1 M values filled in 256 k blocks.
    static let joinCases: [(name: String, left: String, right: String, kind: JoinKind, checks: Int)] = [
        ("int keys, unique", "id", "id", .inner, 10 * 16),
        ("int keys, repeated", "id", "half", .inner, 12 * 16),
        ("int keys, repeated, full", "id", "half", .full, 14 * 16),
        ("wide int keys (hash)", "wide", "wide", .left, 12 * 16),
        ("double keys (hash)", "dj", "dj", .inner, 14 * 16),
        ("text keys", "code", "code", .inner, 12 * 16),
    ]

    @Test("a join looks for Ctrl-C while it builds the index, probes it and makes the pairs", arguments: joinCases.indices)
    func joinStopsInsideItsPass(_ i: Int) throws {
        let c = Self.joinCases[i]
        let l = Self.column(c.left), r = Self.column(c.right)
        try Self.expectStopsInside("join \(c.left) with \(c.right) (\(c.kind))", atLeast: c.checks) {
            let (li, ri) = try Join.match(left: [l], right: [r], leftCount: l.count, rightCount: r.count, kind: c.kind)
            #expect(ri.count >= (li == nil ? l.count : 1))
        }
    }

    // MARK: statements

    static let statements = [
        "from t | agg n = count(), m = mean(d), q = median(x), sd = sd(d), nd = n_distinct(s) by k",
        "from t | agg n = count() by wide",
        "from t | derive c = cumsum(x) over (by k order d) | derive r = rank(d) over (by s) | derive l = lag(x) over (by k order id)",
        "from t | join u on k",
        "from t | select k, s, x | pivot s values x agg=sd",
        "from t | unpivot x, d into name, value",
        "from t | distinct wide",
    ]

    @Test("each operator, cancelled half-way through the statement, throws and returns no table", arguments: statements)
    func statementStopsHalfWay(_ text: String) throws {
        let u = try QueryEngine(resolver: TableResolver(["t": Self.table])).execute("from t | agg m = max(x) by k").table
        let resolver = TableResolver(["t": Self.table, "u": u])
        _ = try QueryEngine(resolver: resolver).execute(text)
        let (t, checks) = try Self.counted { try QueryEngine(resolver: resolver).execute(text).table }
        #expect(t.rowCount > 0)
        #expect(checks >= 4 * Self.blocks, "\(checks) checks")
        let k = checks / 2
        var result: Table? = nil
        let stop = ExpressionCancellationTests.cancelled(at: k) { result = try QueryEngine(resolver: resolver).execute(text).table }
        #expect(stop.error is CancelledError, "\(String(describing: stop.error))")
        #expect(stop.checks == k)
        #expect(result == nil)
    }

    /// The checks pivot and unpivot make themselves: the statement's less the same statement without them.
    /// Pivot: the grouping by the other columns and by the names, each row's cell, the aggregate over the
    /// cells, a gather per output column; unpivot: the row index, a gather per kept column, the names, the
    /// null flags and the values interleaved (2 M rows: 32 checks a pass). The bounds are today's counts
    /// rounded down to a multiple of 16, so a pass that stops checking falls short.
    @Test("pivot and unpivot look for Ctrl-C in each of their passes", arguments: [
        ("from t | select k, s, x | pivot s values x agg=sd", "from t | select k, s, x", 12 * 16),
        ("from t | select k, s, x | pivot s values x agg=first", "from t | select k, s, x", 11 * 16),
        ("from t | select wide, s, x | pivot s values x", "from t | select wide, s, x", 51 * 16),
        ("from t | select k, x, d | unpivot x, d into name, value", "from t | select k, x, d", 13 * 16),
        ("from t | select k, s, code | unpivot s, code into name, value", "from t | select k, s, code", 9 * 16),
    ])
    func reshapeStopsInsideItsPass(_ text: String, _ baseline: String, _ bound: Int) throws {
        let resolver = TableResolver(["t": Self.table])
        _ = try QueryEngine(resolver: resolver).execute(text)  // what is kept with the dictionaries, made (see above)
        let (_, before) = try Self.counted { try QueryEngine(resolver: resolver).execute(baseline).table }
        let (_, after) = try Self.counted { try QueryEngine(resolver: resolver).execute(text).table }
        #expect(after - before >= bound, "\(text): \(after - before) checks of its own, expected ≥ \(bound)")
        #expect(after - before < bound + 2 * Self.blocks, "\(text): \(after - before) checks: make the bound (\(bound)) tight again")
        let k = before + bound - 2
        let stop = ExpressionCancellationTests.cancelled(at: k) { _ = try QueryEngine(resolver: resolver).execute(text).table }
        #expect(stop.error is CancelledError, "\(String(describing: stop.error))")
        #expect(stop.checks == k)
    }
}
