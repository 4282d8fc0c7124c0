import Testing
import Tables
@testable import Query

/// `sort … | take k` finds its first rows without ordering every row (`Sorting.smallest`): those rows must be
/// the whole stable sort's prefix, whatever the keys (ties, nulls, NaN, text, descending, keys wider than
/// one 64-bit word).
@Suite struct TopRowsTests {
    static func column(_ kind: Int, rows n: Int, _ rng: inout SplitMix64) -> Column {
        let nullEvery = Int(rng.next() % 4) == 0 ? 0 : Int(rng.next() % 7) + 2
        let validity: Bitmap? = nullEvery == 0 ? nil : Bitmap((0..<n).map { _ in rng.next() % UInt64(nullEvery) != 0 })
        switch kind {
        case 0: // few distinct ints: many ties
            return Column(ints: (0..<n).map { _ in Int64(rng.next() % 5) - 2 }, validity: validity)
        case 1: // wide ints: with another wide key, more than 64 bits
            return Column(ints: (0..<n).map { _ in Int64(bitPattern: rng.next()) >> 2 }, validity: validity)
        case 2: // doubles with NaN and signed zeros
            return Column(doubles: (0..<n).map { _ in
                switch rng.next() % 10 {
                case 0: return .nan
                case 1: return -0.0
                case 2: return 0.0
                default: return Double(Int64(rng.next() % 2001) - 1000) / 8
                }
            }, validity: validity)
        case 3:
            return Column(bools: (0..<n).map { _ in rng.next() % 2 == 0 }, validity: validity)
        default: // Norwegian text with ties
            let words = ["Ål", "Øra", "Æsj", "Zebra", "alfa", "Alfa", "bø", "bo", ""]
            let strings: [String?] = (0..<n).map { i in
                validity.map { !$0[i] } == true ? nil : words[Int(rng.next() % UInt64(words.count))]
            }
            return Column(strings: strings)
        }
    }

    @Test func firstRowsAreTheWholeSortsPrefix() throws {
        var rng = SplitMix64(seed: 20261202)
        for round in 0..<150 {
            let n = Int(rng.next() % 2000) + 1
            let keys = (0..<Int(rng.next() % 3) + 1).map { _ in
                Sorting.Key(column: Self.column(Int(rng.next() % 5), rows: n, &rng), descending: rng.next() % 2 == 0)
            }
            let whole = try Collation.$current.withValue(.norwegian) { try Sorting.argsort(keys, count: n) }
            for k in [0, 1, 2, 7, n / 8, n / 3, n, n + 5] {
                let first = try Collation.$current.withValue(.norwegian) { try Sorting.argsort(keys, count: n, limit: k) }
                #expect(first == Array(whole.prefix(k)), "round \(round), \(n) rows, k = \(k)")
            }
        }
    }

    /// One text key whose dictionary sorts as its bytes (digits with leading zeros, as personal numbers;
    /// ASCII letters of one case): the rows' strings are compared without keys (`smallestText`). The first
    /// rows must be the whole sort's prefix (nulls last, ties by row, either direction, both collations);
    /// mixed case in Norwegian does not sort as bytes and takes the packed-key path.
    @Test func textThatSortsAsBytesTakesItsFirstRowsFromTheStrings() throws {
        var rng = SplitMix64(seed: 31_415)
        var viaStrings = 0
        for round in 0..<120 {
            let n = Int(rng.next() % 3000) + 16
            let distinct = Int(rng.next() % UInt64(n)) + 1
            let alphabet = [["0", "1", "2", "9"], ["a", "b", "z"], ["A", "b", "C"], [" ", "-", "0", "7"]][round % 4]
            let pool: [String] = (0..<distinct).map { _ in (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined() }
            let nullEvery = round % 3 == 0 ? 0 : Int(rng.next() % 5) + 2
            let strings: [String?] = (0..<n).map { _ in nullEvery > 0 && rng.next() % UInt64(nullEvery) == 0 ? nil : pool[Int(rng.next() % UInt64(distinct))] }
            let column = Column(strings: strings)
            let key = [Sorting.Key(column: column, descending: round % 2 == 0)]
            let collation: Collation = round % 5 == 0 ? .bytes : .norwegian
            guard case .string(_, let dict) = column.storage else { Issue.record("not text"); return }
            if try Collation.$current.withValue(collation, operation: { try Sorting.dictionarySortsAsBytes(dict) }) { viaStrings += 1 }
            let whole = try Collation.$current.withValue(collation) { try Sorting.argsort(key, count: n) }
            for k in [1, 2, 3, n / 8] {
                let first = try Collation.$current.withValue(collation) { try Sorting.argsort(key, count: n, limit: k) }
                #expect(first == Array(whole.prefix(k)), "round \(round), \(n) rows, k = \(k)")
            }
        }
        #expect(viaStrings > 70)
        // the plain case by hand: 11-digit numbers, the largest first
        let pnr = Column(strings: ["01010112345", nil, "31129954321", "00000000001", "31129954321", "15057700000"])
        let top = try Sorting.argsort([Sorting.Key(column: pnr, descending: true)], count: 6, limit: 3)
        #expect(top == [2, 4, 5])
        let bottom = try Sorting.argsort([Sorting.Key(column: pnr, descending: false)], count: 6, limit: 3)
        #expect(bottom == [3, 0, 5])
    }

    @Test func twoWideKeysTakeTheHeapPathAcrossWords() throws {
        // Two keys of ~62 bits each cannot share one word: the heap compares word by word.
        var rng = SplitMix64(seed: 7)
        let n = 5000
        let a = Column(ints: (0..<n).map { _ in Int64(rng.next() % 3) << 60 | Int64(rng.next() % 4) })
        let b = Column(ints: (0..<n).map { _ in Int64(bitPattern: rng.next()) >> 1 })
        let keys = [Sorting.Key(column: a, descending: true), Sorting.Key(column: b, descending: false)]
        let whole = try Sorting.argsort(keys, count: n)
        #expect(try Sorting.argsort(keys, count: n, limit: 20) == Array(whole.prefix(20)))
        #expect(try Sorting.smallest(3, of: [[5, 1, 5, 0], [1, 1, 0, 1]], count: 4) == [2, 3, 1])
    }

    @Test func sortThenTakeInAPipelineEqualsSortThenSlice() throws {
        var rng = SplitMix64(seed: 99)
        let n = 4000
        let table = try Table(schema: Schema([Field(name: "g", type: .int), Field(name: "x", type: .double),
                                              Field(name: "s", type: .string)]),
                              columns: [Self.column(0, rows: n, &rng), Self.column(2, rows: n, &rng), Self.column(4, rows: n, &rng)])
        let engine = QueryEngine(resolver: TableResolver(["t": table]))
        for (sort, take) in [("sort g, -x", "take 10"), ("sort -s, g", "take 5 offset 100"), ("sort x", "take 0"),
                             ("sort s, -g, x", "take 3999"), ("sort g", "take 10 offset 3995")] {
            let fused = try engine.execute("from t | \(sort) | \(take)").table
            let sorted = try engine.execute("from t | \(sort)").table
            let sliced = try engine.apply(take, to: sorted).table
            #expect(fused.rowCount == sliced.rowCount, "\(sort) | \(take)")
            for c in 0..<3 {
                #expect((0..<fused.rowCount).map { "\(fused[$0, c])" }
                        == (0..<sliced.rowCount).map { "\(sliced[$0, c])" }, "\(sort) | \(take)")
            }
        }
    }
}
