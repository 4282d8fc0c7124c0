import Foundation
import Testing
import Tables
@testable import Query

/// Issue 19's text kernels: Norwegian sort ranks of all-ASCII dictionaries from one-byte keys against the
/// general key, the ranks kept with a dictionary, and `contains`/`starts_with`/`ends_with` on bytes
/// against Swift's character comparison.
@Suite struct TextKernelTests {
    static let alphabet: [String] = ["a", "A", "b", "B", "z", "Z", "0", "9", "1", " ", "-", ":", "_", ".", "aa", "Aa", "~", "\t"]

    /// The reference: `norwegianKey`'s weights per string compared as arrays (not the byte keys and memcmp
    /// that `Sorting.ranks` uses, so the general path is checked too, not just copied), equal strings
    /// sharing a rank.
    static func generalRanks(_ vals: [String]) -> [UInt32] {
        let keys = vals.map(Collation.norwegianKey)
        let order = vals.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var rank = [UInt32](repeating: 0, count: vals.count)
        var r: UInt32 = 0
        for (k, i) in order.enumerated() {
            if k > 0, vals[order[k - 1]] != vals[i] { r += 1 }
            rank[i] = r
        }
        return rank
    }

    @Test func asciiRanksEqualTheGeneralNorwegianKey() throws {
        var rng = SplitMix64(seed: 1904)
        for round in 0..<200 {
            let dict = StringDictionary()
            for _ in 0..<Int(rng.next() % 300) {
                let len = Int(rng.next() % 12)
                _ = dict.code(for: (0..<len).map { _ in Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }.joined())
            }
            let fast = try #require(try Collation.asciiNorwegianRanks(dict.values))
            #expect(fast == Self.generalRanks(dict.values), "round \(round): \(dict.values)")
            // the general path (byte keys and memcmp) on the same strings with Nordic letters among them
            let nordic = dict.values.map { v in rng.next() % 3 == 0 ? v + ["æ", "Ø", "å", "Ä"][Int(rng.next() % 4)] : v }
            let unique = Array(Set(nordic))
            #expect(try Sorting.ranks(unique, .norwegian) == Self.generalRanks(unique), "round \(round): \(unique)")
        }
        // every ASCII character against every other, and lengths 0 to 2
        var all: [String] = [""]
        for a in 1..<128 { all.append(String(UnicodeScalar(UInt8(a)))) }
        for a in stride(from: 32, to: 127, by: 5) { for b in stride(from: 33, to: 127, by: 7) { all.append(String(UnicodeScalar(UInt8(a))) + String(UnicodeScalar(UInt8(b)))) } }
        let dict = StringDictionary(all)
        #expect(try Collation.asciiNorwegianRanks(dict.values) == Self.generalRanks(dict.values))
        // one non-ASCII string sends the whole dictionary down the general path
        #expect(try Collation.asciiNorwegianRanks(["a", "Bodø"]) == nil)
        #expect(try Sorting.ranks(["b", "Å", "a", "Z", "ø"], .norwegian) == Self.generalRanks(["b", "Å", "a", "Z", "ø"]))
    }

    /// Alphabets for the byte-order path: the first ones sort in Norwegian as their bytes do (the path must
    /// be taken), the rest must not take it (mixed case, æøå, punctuation that sorts before digits but has
    /// a higher byte, a tab among letters is fine but `_` between the cases is not).
    static let byteOrderAlphabets: [(chars: String, taken: Bool)] = [
        ("0123456789", true), ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true), ("0123456789abcdefghijklmnopqrstuvwxyz", true),
        (" -./0123456789", true), ("\t !#0189AZ", true), ("09az", true), ("a", true),
        ("0123456789aB", false), ("aA", false), ("09Zz", false), ("09:", false), ("az~", false), ("AZ_", false),
        ("09æ", false), ("abcø", false), ("AÅ", false), ("09é", false),
    ]

    /// The byte-order fast path against `norwegianKey`'s weights over random strings of each alphabet, of
    /// lengths 0 to 20 (past the 16 characters a 4-bit key holds, so runs of equal keys are compared too):
    /// where the path is taken its ranks must be the general ones, and it must be taken exactly where the
    /// alphabet says. In `bytes` collation every ASCII dictionary takes it and must agree with Swift's `<`.
    @Test func byteOrderRanksEqualTheGeneralNorwegianKey() throws {
        var rng = SplitMix64(seed: 4242)
        for (chars, taken) in Self.byteOrderAlphabets {
            let letters = chars.map(String.init)
            for round in 0..<15 {
                let dict = StringDictionary()
                let maxLen = [3, 12, 21][round % 3]
                for _ in 0..<Int(rng.next() % 300) {
                    let len = Int(rng.next() % UInt64(maxLen))
                    // a shared start now and then, so that long strings tie on their key
                    let start = rng.next() % 4 == 0 ? String(repeating: letters[0], count: 15) : ""
                    _ = dict.code(for: start + (0..<len).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }.joined())
                }
                // every letter at least once, so the alphabet is the whole set
                for l in letters { _ = dict.code(for: l) }
                let fast = try Collation.byteOrderRanks(dict.values, .norwegian)
                #expect((fast != nil) == taken, "\(chars.debugDescription): taken \(fast != nil)")
                if let fast { #expect(fast == Self.generalRanks(dict.values), "\(chars.debugDescription) round \(round): \(dict.values)") }
                #expect(try Sorting.ranks(dict.values, .norwegian) == Self.generalRanks(dict.values))
                // bytes collation: any ASCII alphabet takes the path; Swift's `<` is the reference
                let bytes = try Collation.byteOrderRanks(dict.values, .bytes)
                let isASCII = chars.utf8.allSatisfy { $0 < 0x80 }
                #expect((bytes != nil) == isASCII)
                let order = dict.values.indices.sorted { dict.values[$0] < dict.values[$1] }
                var want = [UInt32](repeating: 0, count: dict.count)
                for (k, i) in order.enumerated() { want[i] = UInt32(k) }
                if let bytes { #expect(bytes == want, "bytes \(chars.debugDescription) round \(round)") }
                #expect(try Sorting.ranks(dict.values, .bytes) == want)
            }
        }
        // equal strings share a rank (a dictionary never holds two, but `ranks` promises it), the empty string first
        #expect(try Collation.byteOrderRanks(["12", "", "012", "12", "0"], .norwegian) == [3, 0, 2, 3, 1])
        #expect(try Collation.byteOrderRanks(["", ""], .norwegian) == [0, 0])
        let long = String(repeating: "7", count: 30)
        #expect(try Collation.byteOrderRanks([long + "1", long, long + "1", long + "0"], .norwegian) == [2, 0, 2, 1])
        #expect(try Collation.byteOrderRanks([], .norwegian) == [])
    }

    /// Through the language: a column of digit strings with nulls, sorted both ways (nulls last either way).
    @Test func digitStringsWithNullsSortInByteOrder() throws {
        var rng = SplitMix64(seed: 19)
        let vals: [String?] = (0..<2000).map { i in
            i % 97 == 0 ? nil : String((0..<11).map { _ in Character(String(rng.next() % 10)) })
        }
        let t = Table([("pnr", Column(strings: vals))])
        let engine = QueryEngine(resolver: TableResolver(["t": t]))
        let present = vals.compactMap { $0 }.sorted()
        let nulls = [Value](repeating: .null, count: vals.count - present.count)
        let up = try engine.execute("from t | sort pnr").table
        #expect(up.column(named: "pnr")!.values == present.map { .string($0) } + nulls)
        let down = try engine.execute("from t | sort -pnr | head 3").table
        #expect(down.column(named: "pnr")!.values == present.reversed().prefix(3).map { .string($0) })
    }

    /// A dictionary of 64 k distinct digit strings or more, about one per row, sorts the rows on its packed
    /// keys without ranking the dictionary: the same order as Swift's sort of the strings (Norwegian and
    /// bytes), nulls last both ways; mixed case does not take that path.
    @Test func largeDigitDictionariesSortRowsOnPackedKeys() throws {
        var rng = SplitMix64(seed: 1066)
        let vals: [String?] = (0..<70_000).map { i in
            i % 101 == 0 ? nil : String((0..<(9 + Int(rng.next() % 3))).map { _ in Character(String(rng.next() % 10)) })
        }
        let column = Column(strings: vals)
        guard case .string(_, let dict) = column.storage else { Issue.record("not text"); return }
        #expect(dict.count >= 1 << 16)
        for collation in Collation.allCases {
            try Collation.$current.withValue(collation) {
                let keys = try #require(try Sorting.dictionaryPackedKeys(dict, rows: vals.count))
                let order = dict.values.indices.sorted { dict.values[$0] < dict.values[$1] }
                #expect(zip(order, order.dropFirst()).allSatisfy { keys[$0] < keys[$1] })
            }
            let t = Table([("pnr", column)])
            let engine = QueryEngine(resolver: TableResolver(["t": t]), collation: collation)
            let present = vals.compactMap { $0 }.sorted()
            let nulls = [Value](repeating: .null, count: vals.count - present.count)
            #expect(try engine.execute("from t | sort pnr").table.column(named: "pnr")!.values == present.map { .string($0) } + nulls)
            #expect(try engine.execute("from t | sort -pnr").table.column(named: "pnr")!.values
                    == present.reversed().map { .string($0) } + nulls)
        }
        let mixed = StringDictionary((0..<70_000).map { "a\($0)B" })
        #expect(try Collation.$current.withValue(.norwegian) { try Sorting.dictionaryPackedKeys(mixed, rows: 70_000) } == nil)
    }

    @Test func leadingZeroNumbersSortAsText() throws {
        let t = Table([("pnr", Column(strings: ["01017012345", "1", "001", "0101701234", "31129912345", "00"]))])
        let engine = QueryEngine(resolver: TableResolver(["t": t]))
        let sorted = try engine.execute("from t | sort pnr").table
        #expect(sorted.column(named: "pnr")!.values == ["00", "001", "0101701234", "01017012345", "1", "31129912345"].map { .string($0) })
    }

    @Test func ranksKeptWithTheDictionaryFollowItsGrowth() throws {
        let dict = StringDictionary(["b", "c", "a"])
        let first = try Collation.$current.withValue(.norwegian) { try Sorting.dictionaryRanks(dict) }
        #expect(first == [1, 2, 0])
        // bytes ranks are kept apart from Norwegian ones
        let mixed = StringDictionary(["b", "B", "a"])
        #expect(try Collation.$current.withValue(.norwegian) { try Sorting.dictionaryRanks(mixed) } == [1, 2, 0])  // a, b, B: lower before upper
        #expect(try Collation.$current.withValue(.bytes) { try Sorting.dictionaryRanks(mixed) } == [2, 0, 1])
        #expect(try Collation.$current.withValue(.norwegian) { try Sorting.dictionaryRanks(mixed) } == [1, 2, 0])  // a, b, B: lower before upper
        // a grown dictionary is ranked again
        _ = dict.code(for: "Å")
        _ = dict.code(for: "0")
        #expect(try Collation.$current.withValue(.norwegian) { try Sorting.dictionaryRanks(dict) } == [2, 3, 1, 4, 0])
    }

    static let haystacks: [String?] = [
        "Bodø", "bodø", "Tromsø", "Å", "å", "a\u{30A}", "e\u{301}", "é", "", " ", "abc", "ABC", "abcabc", "ab\r\ncd",
        "\r\n", "x\ny", nil, "4242", "0424242", "42", "Sør-Øst", "🇳🇴", "🇳🇴x", "kant ", "\"sitat\"",
    ]
    static let needles = ["", "a", "ab", "bc", "abc", "c", "42", "424", "ø", "Bod", "bod", "\r", "\n", "\r\n", "e", "é", "å",
                          "x", " ", "\"", "🇳🇴", "kant", "t ", "Sør-"]

    /// Swift's character comparison, as the functions were written before the byte path.
    static func characterwise(_ fn: String, _ h: String, _ needle: String) -> Bool {
        switch fn {
        case "contains": return needle.isEmpty || h.contains(needle)
        case "starts_with": return h.hasPrefix(needle)
        default: return h.hasSuffix(needle)
        }
    }

    @Test func bytePredicatesAgreeWithCharacterComparison() throws {
        let column = Column(strings: Self.haystacks)
        for fn in ["contains", "starts_with", "ends_with"] {
            for needle in Self.needles {
                let f: ([Value]) -> Value = { .bool(Self.characterwise(fn, $0[0].asString ?? "", $0[1].asString ?? "")) }
                let got = try #require(try StringKernels.predicateOnDictionary(fn, [.column(column), .scalar(.string(needle))], f))
                guard case .column(let c) = got else { Issue.record("not a column"); continue }
                let want: [Value] = Self.haystacks.map { h in h.map { .bool(Self.characterwise(fn, $0, needle)) } ?? .null }
                #expect(c.values == want, "\(fn)(s, \(needle.debugDescription))")
            }
        }
        // through the language: a needle in quotes
        let t = Table([("s", Column(strings: Self.haystacks))])
        let engine = QueryEngine(resolver: TableResolver(["t": t]))
        for (fn, needle) in [("contains", "42"), ("starts_with", "Bod"), ("ends_with", "ø"), ("contains", "")] {
            let r = try engine.execute("from t | derive m = \(fn)(s, \"\(needle)\")").table
            #expect(r.column(named: "m")!.values == Self.haystacks.map { h in h.map { .bool(Self.characterwise(fn, $0, needle)) } ?? .null },
                    "\(fn) \(needle)")
        }
    }

    /// The eight-byte window (`containsWord`) against Swift's character comparison on random strings of 0
    /// to 30 bytes: digits (matches anywhere, at both ends, across the first eight bytes), letters, æøå and
    /// combining marks (which fall back to characters); needles of 1 to 10 bytes, most cut from a haystack.
    @Test func slidingWindowContainsAgreesWithCharacterComparison() throws {
        var rng = SplitMix64(seed: 8_888)
        let pieces = ["0", "1", "4", "2", "42", "a", "B", "z", " ", "-", "ø", "Å", "\u{30A}", "\u{301}", "e", "\0"]
        for _ in 0..<40 {
            let haystacks: [String?] = (0..<300).map { _ in
                if rng.next() % 20 == 0 { return nil }
                let asciiOnly = rng.next() % 3 != 0
                return (0..<Int(rng.next() % 24)).map { _ in
                    pieces[Int(rng.next() % UInt64(asciiOnly ? 10 : pieces.count))]
                }.joined()
            }
            let column = Column(strings: haystacks)
            for _ in 0..<12 {
                var needle = ""
                if rng.next() % 4 != 0, let h = haystacks[Int(rng.next() % 300)], !h.isEmpty {
                    let b = Array(h.utf8)
                    let start = Int(rng.next() % UInt64(b.count))
                    let len = Int(rng.next() % 10) + 1
                    needle = String(decoding: b[start..<Swift.min(b.count, start + len)], as: UTF8.self)
                } else {
                    needle = (0..<Int(rng.next() % 9) + 1).map { _ in pieces[Int(rng.next() % 10)] }.joined()
                }
                let f: ([Value]) -> Value = { .bool(Self.characterwise("contains", $0[0].asString ?? "", $0[1].asString ?? "")) }
                let got = try #require(try StringKernels.predicateOnDictionary("contains", [.column(column), .scalar(.string(needle))], f))
                guard case .column(let c) = got else { Issue.record("not a column"); continue }
                let want: [Value] = haystacks.map { h in h.map { .bool(Self.characterwise("contains", $0, needle)) } ?? .null }
                #expect(c.values == want, "contains(s, \(needle.debugDescription))")
            }
        }
        // the window itself: every length of haystack around eight, the needle at every place
        for hn in 0..<20 {
            for nn in 1...8 where nn <= hn + 1 {
                for at in 0...Swift.max(0, hn - nn) {
                    var h = [UInt8](repeating: UInt8(ascii: "1"), count: hn)
                    let needle = (0..<nn).map { UInt8(ascii: "a") + UInt8($0) }
                    if nn <= hn { for k in 0..<nn { h[at + k] = needle[k] } }
                    let word = needle.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
                    let mask: UInt64 = nn == 8 ? ~0 : (1 << (8 * UInt64(nn))) - 1
                    let got = h.withUnsafeBufferPointer { StringKernels.containsWord($0, word, mask, nn) }
                    #expect(got == (nn <= hn), "\(hn) bytes, \(nn) at \(at)")
                    // one byte short of the needle at the end is no match
                    if nn <= hn && at == hn - nn && nn > 1 {
                        let cut = Array(h.dropLast())
                        #expect(cut.withUnsafeBufferPointer { StringKernels.containsWord($0, word, mask, nn) } == false)
                    }
                }
            }
        }
        let high: [UInt8] = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xC3, 0xB8]
        #expect(high.withUnsafeBufferPointer { StringKernels.containsWord($0, 0x31, 0xFF, 1) } == nil)
    }

    @Test func bytePredicatesKeepWorkingOnEmptyAndNullColumns() throws {
        let t = Table([("s", Column(strings: [String?](repeating: nil, count: 3)))])  // an empty dictionary
        let engine = QueryEngine(resolver: TableResolver(["t": t]))
        let r = try engine.execute("from t | derive m = contains(s, \"a\") | agg n = count(m)").table
        #expect(r.column(named: "n")!.values == [.int(0)])
    }

    /// Ranking millions of distinct strings takes seconds; the sort's comparisons must look for Ctrl-C (for
    /// 400 000 strings the key building looks 7 times, the comparisons some 110 more). A check that
    /// throws on its 60th call must stop each path; without the look in the comparator it is never reached.
    @Test(arguments: [(Collation.norwegian, "ascii"), (.norwegian, "general"), (.bytes, "bytes"), (.norwegian, "byteorder"),
                      (.bytes, "byteorder")])
    func rankingManyStringsLooksForCtrlCWhileSorting(_ collation: Collation, _ path: String) throws {
        // The ASCII path radix-sorts on an 8-byte prefix and compares only within runs of equal prefixes:
        // a shared 8-letter start puts every string in one run, where the comparisons must look.
        // The byte-order path packs 16 digits into its key: 16 shared digits make one run of equal keys.
        let start = ["ascii": "Kommune ", "general": "ø", "bytes": "ø", "byteorder": "0000000000000000"][path]!
        let vals = (0..<400_000).map { i in start + String((i &* 7919) % 1_000_003) }
        final class Calls { var n = 0 }
        let calls = Calls()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try Sorting.ranks(vals, collation) {
                calls.n += 1
                if calls.n == 60 { throw Stop() }
            }
        }
        #expect(calls.n == 60)
    }
}
