import Foundation
import Testing
import Tables
@testable import Query

/// Issue 19's kernels against plain references: quantiles by selection against a sort, `n_distinct` by
/// bits or a pre-sized set against a set per group, the join's array-indexed integer keys against the
/// hash path and against a nested loop.
@Suite struct KernelPropertyTests {
    // MARK: quantile / median

    /// Sort with NaN above every number, then interpolate between order statistics ⌊h⌋ and ⌊h⌋ + 1.
    static func referenceQuantile(_ xs: [Double], _ p: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.filter { !$0.isNaN }.sorted() + xs.filter(\.isNaN)
        let h = Double(s.count - 1) * p
        let f = Int(h.rounded(.down))
        let frac = h - Double(f)
        return f + 1 < s.count ? s[f] + (s[f + 1] - s[f]) * frac : s[f]
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    @Test func quantileBySelectionEqualsTheSortedReference() throws {
        var rng = SplitMix64(seed: 1901)
        let ps: [Double] = [0, 0.5, 1, 0.25, 0.75, 0.9, 0.01, 0.333]
        for round in 0..<400 {
            // small counts (even and odd, 0...40), few distinct values (ties), NaN, ±0, infinities, nulls
            let groups = 1 + Int(rng.next() % 6)
            let n = Int(rng.next() % (round < 300 ? 41 : 5000))
            let spread = [2, 5, 1000, 1 << 40][Int(rng.next() % 4)]
            var values: [Value] = [], ids: [Int32] = []
            for _ in 0..<n {
                ids.append(Int32(rng.next() % UInt64(groups)))
                switch rng.next() % 20 {
                case 0: values.append(.null)
                case 1: values.append(.double(.nan))
                case 2: values.append(.double(-0.0))
                case 3: values.append(.double(rng.next() & 1 == 0 ? .infinity : -.infinity))
                default: values.append(.double(Double(Int64(rng.next() % UInt64(spread)) - Int64(spread / 2)) / 4))
                }
            }
            let column = Column(values: values, type: .double)
            let p = round % 9 == 8 ? Double(rng.next() % 1001) / 1000 : ps[round % ps.count]
            let got = try Aggregate.run(p == 0.5 && round & 1 == 0 ? .median : .quantile(p), column, ids: ids, groups: groups,
                                        warnings: WarningSink(), text: "q")
            for g in 0..<groups {
                let xs = (0..<n).compactMap { ids[$0] == Int32(g) ? values[$0].asDouble : nil }
                let want = Self.referenceQuantile(xs, p)
                if let want {
                    guard case .double(let d) = got[g] else { Issue.record("round \(round) group \(g): \(got[g]) for \(xs)"); continue }
                    #expect(Self.same(d, want), "round \(round) group \(g) p \(p): \(d) != \(want) for \(xs)")
                } else {
                    #expect(got[g] == .null, "round \(round) group \(g): empty group gives null")
                }
            }
        }
    }

    @Test func medianOfIntegersAndEvenCountsIsHandComputed() throws {
        let t = Table([("g", Column(strings: ["a", "a", "a", "a", "b", "b", "b", "c", "c"])),
                       ("x", Column(values: [.int(4), .int(1), .int(3), .int(2), .int(7), .null, .int(5), .null, .null], type: .int))])
        let r = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | agg m = median(x), q = quantile(x, 0.25) by g")
        #expect(r.table.column(named: "m")!.values == [.double(2.5), .double(6), .null])
        #expect(r.table.column(named: "q")!.values == [.double(1.75), .double(5.5), .null])
    }

    @Test func selectionPlacesTheKthValueOnLargeAndAdversarialInputs() throws {
        var rng = SplitMix64(seed: 77)
        let inputs: [[Double]] = [
            (0..<100_000).map { Double($0) },                       // sorted
            (0..<100_000).map { Double(100_000 - $0) },             // reversed
            [Double](repeating: 3, count: 50_000),                  // all equal
            (0..<100_001).map { Double($0 % 2) },                   // two values
            (0..<70_000).map { _ in Double(rng.next() % 1000) },    // many ties
            (0..<65_537).map { i in i % 2 == 0 ? Double(i) : -Double(i) },  // organ pipe
        ]
        for xs in inputs {
            let sorted = xs.sorted()
            for k in [0, 1, xs.count / 2, xs.count - 2, xs.count - 1, Int(rng.next() % UInt64(xs.count))] {
                var v = xs
                try v.withUnsafeMutableBufferPointer { try Aggregate.select($0, 0, $0.count, k) }
                #expect(v[k] == sorted[k])
                #expect(v[..<k].allSatisfy { $0 <= v[k] } && v[(k + 1)...].allSatisfy { $0 >= v[k] })
            }
        }
    }

    // MARK: n_distinct

    /// A value as n_distinct compares it: numbers as numbers (0 = -0, NaN = NaN), text by its characters.
    static func key(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .double(let d): return d.isNaN ? "nan" : "d\(d == 0 ? 0 : d)"
        case .int(let i): return "i\(i)"
        case .bool(let b): return "b\(b)"
        case .string(let s): return "s" + s
        }
    }

    static func randomColumn(_ rng: inout SplitMix64, _ n: Int) -> Column {
        let nulls = rng.next() % 2 == 0
        func null() -> Bool { nulls && rng.next() % 5 == 0 }
        switch rng.next() % 5 {
        case 0: // small range ints
            let lo = Int64(bitPattern: rng.next()) >> 2
            return Column(values: (0..<n).map { _ in null() ? .null : .int(lo + Int64(rng.next() % 50)) }, type: .int)
        case 1: // wide range ints (hash path)
            return Column(values: (0..<n).map { _ in null() ? .null : .int(Int64(bitPattern: rng.next() % 64 << 50) - (1 << 55)) }, type: .int)
        case 2:
            let pool: [Double] = [0, -0.0, .nan, -Double.nan, Double(bitPattern: Double.nan.bitPattern | 1), 1.5, -1.5, .infinity, 1e300, 7]
            return Column(values: (0..<n).map { _ in null() ? .null : .double(pool[Int(rng.next() % UInt64(pool.count))]) }, type: .double)
        case 3:
            let pool = ["Bodø", "bodø", "Å", "å", "", " ", "Tromsø", "a\u{30A}", "x"]
            let c = Column(strings: (0..<n).map { _ in null() ? nil : pool[Int(rng.next() % UInt64(pool.count))] })
            // a gathered column keeps its whole dictionary: codes need not cover it
            return n > 2 ? c.gather((0..<n).map { $0 / 2 }) : c
        default:
            return Column(values: (0..<n).map { _ in null() ? .null : .bool(rng.next() & 1 == 0) }, type: .bool)
        }
    }

    @Test func nDistinctEqualsASetPerGroupOnEveryPath() throws {
        var rng = SplitMix64(seed: 1902)
        for round in 0..<300 {
            let n = Int(rng.next() % 300)
            let groups = 1 + Int(rng.next() % 7)
            let ids = (0..<n).map { _ in Int32(rng.next() % UInt64(groups)) }
            let column = Self.randomColumn(&rng, n)
            var want = [Set<String>](repeating: [], count: groups)
            for i in 0..<n { if let k = Self.key(column[i]) { want[Int(ids[i])].insert(k) } }
            for maxBits in [nil, 0] as [Int?] {  // the bit path, then the set path
                let got = try Aggregate.distinctCounts(column, ids: ids, groups: groups, maxBits: maxBits)
                #expect(got.values == want.map { .int(Int64($0.count)) }, "round \(round) \(column.type), maxBits \(String(describing: maxBits))")
            }
        }
    }

    @Test func nDistinctThroughThePipelineSkipsNulls() throws {
        let t = Table([("g", Column(ints: [1, 1, 1, 2, 2, 2])),
                       ("x", Column(values: [.int(5), .null, .int(5), .null, .null, .int(1_000_000_000_000)], type: .int)),
                       ("d", Column(values: [.double(0), .double(-0.0), .double(.nan), .double(.nan), .null, .double(1)], type: .double))])
        let r = try QueryEngine(resolver: TableResolver(["t": t])).execute("from t | agg x = n_distinct(x), d = n_distinct(d) by g")
        #expect(r.table.column(named: "x")!.values == [.int(1), .int(1)])
        #expect(r.table.column(named: "d")!.values == [.int(2), .int(2)])
    }

    // MARK: join

    /// Every (left, right) pair with equal non-null keys, in left order then right order; left rows without
    /// a match once with -1 (left, full); right rows never matched at the end (full).
    static func referencePairs(_ l: [[Int64?]], _ r: [[Int64?]], kind: JoinKind) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var rightMatched = [Bool](repeating: false, count: r.count)
        for (i, lk) in l.enumerated() {
            var any = false
            for (j, rk) in r.enumerated() where !lk.contains(nil) && lk == rk {
                out.append((i, j)); rightMatched[j] = true; any = true
            }
            if !any && kind != .inner { out.append((i, -1)) }
        }
        if kind == .full { for j in r.indices where !rightMatched[j] { out.append((-1, j)) } }
        return out
    }

    @Test func integerJoinKeysMatchTheNestedLoopOnTheArrayAndHashPaths() throws {
        var rng = SplitMix64(seed: 1903)
        for round in 0..<300 {
            let keys = 1 + Int(rng.next() % 2)
            let ln = Int(rng.next() % 60), rn = Int(rng.next() % 60)
            // small ranges take the array path, a huge spread the hash path; negatives and Int64 extremes too
            let wide = round % 3 == 0
            let base = [Int64(0), -30, Int64.max - 40, Int64.min][Int(rng.next() % 4)]
            func key() -> Int64? {
                if rng.next() % 8 == 0 { return nil }
                if wide { return [Int64.min, Int64.max, 0, 1, -1, 1 << 40][Int(rng.next() % 6)] }
                return base &+ Int64(rng.next() % 25)
            }
            let l = (0..<ln).map { _ in (0..<keys).map { _ in key() } }
            let r = (0..<rn).map { _ in (0..<keys).map { _ in key() } }
            let (lc, rc) = try Self.matchesReference(l, r, keys: keys, label: "round \(round)")
            // the array path numbers keys exactly as the hash path does (doubles always hash)
            for k in 0..<keys {
                let direct = try Join.keyIds(lc[k], rc[k])
                let hashed = try Join.keyIds(lc[k].promoted(to: .double), rc[k].promoted(to: .double))
                if !wide && (base == 0 || base == -30) {  // doubles hold these ints exactly
                    #expect(direct.0 == hashed.0 && direct.1 == hashed.1 && direct.2 == hashed.2, "round \(round) key \(k)")
                }
            }
        }
    }

    /// The key columns of `l` and `r` (rows of `keys` nullable ints); every join kind's matched pairs must be
    /// the nested-loop reference's.
    static func matchesReference(_ l: [[Int64?]], _ r: [[Int64?]], keys: Int, label: String) throws -> ([Column], [Column]) {
        let lc = (0..<keys).map { k in Column(values: l.map { $0[k].map(Value.int) ?? .null }, type: .int) }
        let rc = (0..<keys).map { k in Column(values: r.map { $0[k].map(Value.int) ?? .null }, type: .int) }
        for kind in JoinKind.allCases {
            let (li, ri) = try Join.match(left: lc, right: rc, leftCount: l.count, rightCount: r.count, kind: kind)
            let pairs = Array(zip(li ?? Array(0..<l.count), ri))
            let want = referencePairs(l, r, kind: kind)
            #expect(pairs.map { [$0.0, $0.1] } == want.map { [$0.0, $0.1] }, "\(label), \(kind)")
        }
        return (lc, rc)
    }

    /// Many distinct values on several keys: 3 keys make composite ids too many for the direct table (the
    /// dictionary path), 4 keys pass 2^40 (the ids are renumbered densely); repeated right keys chain.
    @Test(arguments: [3, 4])
    func manyKeysTakeTheDictionaryAndRenumberingPaths(keys: Int) throws {
        var rng = SplitMix64(seed: 1907 + UInt64(keys))
        let rn = 1_500, ln = 1_200
        var r: [[Int64?]] = (0..<rn).map { j in (0..<keys).map { k in Int64(j * 7_919 % rn) * 3 + Int64(k) } }
        for j in stride(from: 0, to: rn, by: 97) { r[j + 1] = r[j] }   // some keys twice: chains
        r[5][0] = nil
        let l: [[Int64?]] = (0..<ln).map { i in
            switch rng.next() % 4 {
            case 0: return (0..<keys).map { _ in Int64(rng.next() % 5_000) }            // mostly no match
            case 1: var k = r[Int(rng.next() % UInt64(rn))]; k[keys - 1] = -1; return k // all but one key match
            case 2 where i % 50 == 0: var k = r[i]; k[0] = nil; return k                 // a null key never matches
            default: return r[Int(rng.next() % UInt64(rn))]                                 // a match
            }
        }
        let (lc, rc) = try Self.matchesReference(l, r, keys: keys, label: "\(keys) keys")
        let ids = try Join.compositeIds(left: lc, right: rc, leftCount: ln, rightCount: rn)
        let index = try Join.indexRight(ids, rightCount: rn)
        // 4 keys: renumbered to at most a number a right row, small enough for the direct table again
        #expect(index.useDirect == (keys == 4) && !index.unique)
        #expect(keys == 4 ? ids.card <= Int64(rn) : ids.card > Int64(1) << 20)
    }

    @Test func joinOnSmallIntegerRangeThroughThePipeline() throws {
        let left = Table([("id", Column(values: [.int(3), .int(1), .null, .int(2), .int(3), .int(9)], type: .int)),
                          ("v", Column(strings: ["a", "b", "c", "d", "e", "f"]))])
        let right = Table([("id", Column(values: [.int(3), .null, .int(1), .int(3), .int(4)], type: .int)),
                           ("w", Column(ints: [30, 0, 10, 31, 40]))])
        let engine = QueryEngine(resolver: TableResolver(["l": left, "r": right]))
        let inner = try engine.execute("from l | join r on id").table
        #expect(rows(inner) == [[.int(3), .string("a"), .int(30)], [.int(3), .string("a"), .int(31)], [.int(1), .string("b"), .int(10)],
                                [.int(3), .string("e"), .int(30)], [.int(3), .string("e"), .int(31)]])
        let full = try engine.execute("from l | join r on id kind=full").table
        #expect(full.rowCount == 10)  // 5 matched, c d f unmatched left, null and 4 unmatched right
        #expect(full.column(named: "id")!.values.suffix(2) == [.null, .int(4)])
    }
}
