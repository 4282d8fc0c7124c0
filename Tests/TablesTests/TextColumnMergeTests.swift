import Foundation
import Synchronization
import Testing
@testable import Tables

/// A text column's chunks merge on their bytes, and a column whose values are all below U+0300 gets a
/// dictionary whose string → code index is made only when a lookup needs it (issue 19: ten million
/// distinct values). Checked against the String path (a dictionary built value by value) and across
/// chunkings, including values that are canonically equivalent but differ in bytes.
@Suite struct TextColumnMergeTests {
    static func read(_ text: String, chunked: Bool) throws -> Table {
        var options = CSVOptions(parallelism: chunked ? 4 : 1)
        if chunked { options.minChunkBytes = 48; options.sampleRecordsPerChunk = 1 }
        return try CSVReader.read(bytes: Array(text.utf8), name: "t.csv", options: options).table
    }

    /// Per row: the code's string, and whether equal strings share a code (one code per distinct value).
    static func check(_ t: Table, column: String, expected: [String?]) throws {
        let c = try #require(t.column(named: column))
        guard case .string(let codes, let dict) = c.storage else { Issue.record("not text: \(c.type)"); return }
        #expect((0..<t.rowCount).map { c.isNull($0) ? nil : dict[codes[$0]] } == expected)
        // one code per distinct value, and the index (lazy or not) finds every value at its code
        #expect(Set(dict.values).count == dict.count)
        for (k, v) in dict.values.enumerated() { #expect(dict.existingCode(for: v) == UInt32(k)) }
        #expect(dict.existingCode(for: "no such value") == nil)
    }

    @Test(arguments: [false, true])
    func randomTextColumnsReadTheSameWhateverTheChunking(_ chunked: Bool) throws {
        var rng = SplitMix64(seed: 20_261_202)
        let pool = ["Bodø", "Tromsø", "Ålesund", "Bærum", "01234", "1234", "", "a,b", "Æ", "ø", "Øvre Eiker", "x y"]
        for _ in 0..<60 {
            let rows = Int(rng.next() % 300) + 1
            var values: [String?] = []
            for _ in 0..<rows {
                switch rng.next() % 4 {
                case 0: values.append(nil)
                case 1: values.append("p\(rng.next() % 50)")  // repeated across chunks
                default: values.append(pool[Int(rng.next() % UInt64(pool.count))])
                }
            }
            let body = values.map { v in v.map { $0.contains(",") || $0.isEmpty ? "\"\($0)\"" : $0 } ?? "" }
            let text = "id,navn\n" + body.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
            let t = try Self.read(text, chunked: chunked)
            // an empty field, quoted or not, is null
            try Self.check(t, column: "navn", expected: values.map { $0 == "" ? nil : $0 })
        }
    }

    /// The partitioned merge against one table fed every part's keys in order (what the merge did before):
    /// the same keys in the same code order, the same code for every part's key. Partitions of 1 to 64
    /// keys, so that a merge has hundreds of partitions; parts with repeats, all distinct, empty keys,
    /// empty parts; serial and in parallel.
    @Test(arguments: [false, true])
    func partitionedMergeGivesTheCodesOfOneTable(_ parallel: Bool) throws {
        var rng = SplitMix64(seed: 1919)
        for round in 0..<120 {
            var parts: [CSVByteDictionary] = []
            var reference = CSVByteDictionary()
            var want: [[UInt32]] = []
            let distinctOnly = round % 3 == 0
            for p in 0..<Int(rng.next() % 6) {
                var part = CSVByteDictionary()
                for _ in 0..<Int(rng.next() % 200) {
                    let key: String = distinctOnly ? "\(p)-\(rng.next())"
                        : ["", "ø", "a,b", "Bodø", "\(rng.next() % 40)", "\(rng.next() % 5000)"][Int(rng.next() % 6)]
                    let bytes = Array(key.utf8)
                    _ = bytes.withUnsafeBufferPointer { part.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                }
                // the reference takes the part's keys in its code order, as the merge promises
                var map: [UInt32] = []
                for i in 0..<part.count {
                    let bytes = Array(part.arena[part.offsets[i]..<part.offsets[i + 1]])
                    map.append(bytes.withUnsafeBufferPointer { reference.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) })
                }
                parts.append(part)
                want.append(map)
            }
            let (merged, maps) = try CSVByteDictionary.merge(parts, partitionSize: [1, 7, 64][round % 3], parallel: parallel)
            #expect(maps == want, "round \(round)")
            #expect(merged.count == reference.count)
            #expect(merged.offsets == reference.offsets && merged.arena == reference.arena, "round \(round)")
        }
    }

    /// Chunk dictionaries that give up their table (nearly every value new) and append each further value
    /// as a key of its own: the merge finds the repeats, so every row's merged code is the one a single
    /// table fed the rows in order gives (the same keys, the same code order).
    @Test(arguments: [false, true])
    func partsThatGaveUpTheirTableMergeToTheCodesOfOneTable(_ parallel: Bool) throws {
        var rng = SplitMix64(seed: 2042)
        var wentRaw = 0
        for round in 0..<60 {
            var parts: [CSVByteDictionary] = []
            var rows: [[(key: [UInt8], code: UInt32)]] = []
            var reference = CSVByteDictionary(keys: 0, bytes: 0)
            for p in 0..<Int(rng.next() % 5) + 1 {
                var part = CSVByteDictionary(rawAfter: 32)
                var fed: [(key: [UInt8], code: UInt32)] = []
                for r in 0..<Int(rng.next() % 400) {
                    // distinct at first (so the table is given up), then a mix with repeats within and across parts
                    let key = Array((r < 80 || rng.next() % 2 == 0 ? "\(p)/\(r)-\(round)" : ["", "ø", "\(rng.next() % 30)"][Int(rng.next() % 3)]).utf8)
                    let code = key.withUnsafeBufferPointer { part.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                    _ = key.withUnsafeBufferPointer { reference.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                    fed.append((key, code))
                }
                if part.raw { wentRaw += 1 }
                parts.append(part)
                rows.append(fed)
            }
            let (merged, maps) = try CSVByteDictionary.merge(parts, partitionSize: [1, 7, 64][round % 3], parallel: parallel)
            #expect(merged.count == reference.count, "round \(round)")
            #expect(merged.offsets == reference.offsets && merged.arena == reference.arena, "round \(round)")
            for (p, fed) in rows.enumerated() {
                for (key, code) in fed {
                    let m = Int(maps[p][Int(code)])
                    #expect(Array(merged.arena[merged.offsets[m]..<merged.offsets[m + 1]]) == key)
                }
            }
        }
        #expect(wentRaw > 20)
    }

    /// The two-level split (coarse partitions over the input, fine ones within each) against a plain
    /// `[String: UInt32]` fed every part's keys in order: keys repeated within raw parts and across parts,
    /// empty keys, Norwegian letters, parts with nothing; one to many coarse partitions, fine partitions of
    /// 1 to 64 keys, serial and in parallel. The merged keys come back as strings in code order.
    @Test(arguments: [false, true])
    func twoLevelMergeMatchesAPlainDictionary(_ parallel: Bool) throws {
        var rng = SplitMix64(seed: 4242)
        var repeatsAcrossParts = 0
        for round in 0..<90 {
            var parts: [CSVByteDictionary] = []
            var reference: [String: UInt32] = [:]
            var order: [String] = []
            var want: [[UInt32]] = []
            var seenIn: [String: Int] = [:]
            for p in 0..<Int(rng.next() % 7) {
                var part = round % 2 == 0 ? CSVByteDictionary(rawAfter: 16) : CSVByteDictionary()
                for _ in 0..<Int(rng.next() % 500) {
                    let key: String = switch rng.next() % 5 {
                    case 0: "\(rng.next() % 60)"            // repeats within and across parts
                    case 1: ["", "æ", "ø", "å", "Bodø", "Ålesund"][Int(rng.next() % 6)]
                    default: String(format: "%011llu", rng.next() % 100_000_000_000)   // nearly all distinct
                    }
                    let bytes = Array(key.utf8)
                    _ = bytes.withUnsafeBufferPointer { part.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                }
                var map: [UInt32] = []
                for i in 0..<part.count {
                    let key = String(decoding: part.arena[part.offsets[i]..<part.offsets[i + 1]], as: UTF8.self)
                    if let s = seenIn[key], s != p { repeatsAcrossParts += 1 }
                    seenIn[key] = p
                    if let c = reference[key] { map.append(c) } else {
                        reference[key] = UInt32(order.count); map.append(UInt32(order.count)); order.append(key)
                    }
                }
                parts.append(part)
                want.append(map)
            }
            let (merged, maps) = try CSVByteDictionary.merge(parts, partitionSize: [1, 7, 64][round % 3],
                                                            coarseBits: [0, 1, 3, 8][round % 4], parallel: parallel)
            #expect(maps == want, "round \(round)")
            #expect(try merged.strings() == order, "round \(round)")
            #expect(merged.hasByte(atLeast: 0xCC) == false)
            #expect(merged.hasByte(atLeast: 0xC3) == order.contains { $0.utf8.contains { $0 >= 0xC3 } }, "round \(round)")
        }
        #expect(repeatsAcrossParts > 1000)
    }

    /// Enough keys for the strings to be made in parallel blocks (and a merge with coarse and fine
    /// partitions at the default sizes): every string at its code, Norwegian letters intact.
    @Test func manyMergedKeysBecomeTheirStringsInOrder() throws {
        var parts: [CSVByteDictionary] = []
        var order: [String] = []
        for p in 0..<3 {
            var part = CSVByteDictionary(rawAfter: 1 << 10)
            for i in 0..<70_000 {
                let key = i % 3 == 0 ? "Tromsø \(p)-\(i)" : String(format: "%011d", p * 1_000_000 + i)
                let bytes = Array(key.utf8)
                _ = bytes.withUnsafeBufferPointer { part.code($0.baseAddress!, $0.count) }
                order.append(key)
            }
            // a repeat across parts: the first part's first key again
            let again = Array(order[0].utf8)
            _ = again.withUnsafeBufferPointer { part.code($0.baseAddress!, $0.count) }
            parts.append(part)
        }
        let (merged, maps) = try CSVByteDictionary.merge(parts)
        #expect(try merged.strings() == order)
        #expect(maps.map { $0.last } == [0, 0, 0])   // (part 0 is raw by then: its own first key again)
        #expect(maps[1].first == 70_000 && maps[2][69_999] == 209_999)
        #expect(merged.hasByte(atLeast: 0xC3) && !merged.hasByte(atLeast: 0xCC))
    }

    @Test func canonicallyEquivalentValuesAreOneValueOnTheStringPath() throws {
        // U+212B ANGSTROM SIGN, U+00C5 and A + U+030A are one value (NFC: U+00C5), however the file is chunked.
        let text = "k\nÅ\n\u{212B}\nA\u{030A}\nB\n" + String(repeating: "Å\nB\n", count: 40)
        for chunked in [false, true] {
            let t = try Self.read(text, chunked: chunked)
            let c = try #require(t.column(named: "k"))
            guard case .string(let codes, let dict) = c.storage else { Issue.record("not text"); return }
            #expect(dict.count == 2, "\(dict.values.map { Array($0.unicodeScalars) })")
            #expect(Set(codes).count == 2)
            #expect(dict[codes[1]].unicodeScalars.map(\.value) == [0xC5])
        }
    }

    @Test func aDistinctDictionaryMakesItsIndexOnceWhoeverAsksFirst() {
        let values = (0..<50_000).map { "0\($0)" }
        let dict = StringDictionary(distinct: values)
        let found = Mutex<[UInt32?]>([UInt32?](repeating: nil, count: 64))
        DispatchQueue.concurrentPerform(iterations: 64) { k in
            let code = dict.existingCode(for: "0\(k * 700)")
            found.withLock { $0[k] = code }
        }
        #expect(found.withLock { $0 } == (0..<64).map { UInt32($0 * 700) })
        // adding after the index is made goes on from the end; an existing value keeps its code
        #expect(dict.code(for: "ny") == 50_000)
        #expect(dict.code(for: "049999") == 49_999)
        #expect(dict.count == 50_001)
        #expect(StringDictionary(distinct: []).existingCode(for: "x") == nil)
    }
}
