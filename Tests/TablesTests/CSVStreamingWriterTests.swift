import Foundation
import Testing
@testable import Tables

/// The streaming CSV writer (blocks formatted a column at a time, handed on in ~1 MB pieces) against the
/// writer it replaced, kept here verbatim as the reference: byte for byte on an edge-case corpus and on
/// random tables, in one piece or many, to a String or through `AtomicFile` to a file.
@Suite struct CSVStreamingWriterTests {
    /// The previous writer (whole file in one buffer, a row at a time, a type switch per cell).
    enum Reference {
        static func bytes(_ table: Table, delimiter: UInt8) -> [UInt8] {
            var out: [UInt8] = []
            for (j, name) in table.columnNames.enumerated() {
                if j > 0 { out.append(delimiter) }
                CSVWriter.appendText(name, to: &out, delimiter: delimiter)
            }
            out.append(0x0A)
            let encoded: [[[UInt8]]?] = table.columns.map { c in
                guard case .string(_, let d) = c.storage else { return nil }
                return d.values.map { s in
                    var b: [UInt8] = []
                    CSVWriter.appendText(s, to: &b, delimiter: delimiter)
                    if b.isEmpty && table.columnCount == 1 { b = [0x22, 0x22] }
                    return b
                }
            }
            let oneColumn = table.columnCount == 1
            for i in 0..<table.rowCount {
                for (j, c) in table.columns.enumerated() {
                    if j > 0 { out.append(delimiter) }
                    if c.isNull(i) {
                        if oneColumn { out.append(0x22); out.append(0x22) }
                        continue
                    }
                    switch c.storage {
                    case .int(let a): out.append(contentsOf: String(a[i]).utf8)
                    case .double(let a): out.append(contentsOf: NumberFormat.plain(a[i]).utf8)
                    case .bool(let a): out.append(contentsOf: (a[i] ? "true" : "false").utf8)
                    case .string(let codes, _): out.append(contentsOf: encoded[j]![Int(codes[i])])
                    }
                }
                out.append(0x0A)
            }
            return out
        }
    }

    static let awkwardText: [String?] = [
        "Bodø", "Tromsø", "Åsnes", "Ærøy", "Sør-Øst", "", nil, "sa \"hei\"", "\"", "a,b", "a;b", "tab\there",
        "to\nlinjer", "cr\rlinje", " kant", "kant ", " ", "  ", "ø,\"å\"\næ", "𝄞 G-nøkkel", "e\u{301}", "NULL", "null",
    ]
    static let awkwardDoubles: [Double] = [
        0, -0.0, 0.1, -0.1, 1, -1, 5500.5, 1e15, -1e15, 1e15 - 1, 999_999_999_999_999.9, 1e20, 1e-20, .nan, .infinity,
        -.infinity, .pi, 0.30000000000000004, 123_456_789.125, Double(Int64.max), -Double(Int64.max), .ulpOfOne,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    ]

    /// Tables that stress the writer: every type with and without nulls, one column (nulls written `""`),
    /// no rows, no columns, more rows than a block.
    static func corpus() -> [(String, Table)] {
        let n = awkwardText.count
        let texts = Column(strings: awkwardText)
        let ints = Column(values: (0..<n).map { i in
            i % 5 == 3 ? .null : .int([0, -1, 1, Int64.max, Int64.min, 42, -1868, 1_000_000][i % 8]) }, type: .int)
        let doubles = Column(values: (0..<n).map { i in i % 7 == 6 ? .null : .double(awkwardDoubles[i % awkwardDoubles.count]) },
                             type: .double)
        let bools = Column(values: (0..<n).map { i in i % 4 == 1 ? .null : .bool(i % 3 == 0) }, type: .bool)
        var cases: [(String, Table)] = [
            ("mixed", Table([("yrke", texts), ("n", ints), ("x", doubles), ("ok", bools)])),
            ("quoted header", Table([("a,b", Column(ints: [1])), ("sa \"hei\"", Column(ints: [2])), (" kant", Column(ints: [3]))])),
            ("one text column with nulls", Table([("navn", texts)])),
            ("one text column, empty strings", Table([("navn", Column(strings: ["", "x", "", nil]))])),
            ("one int column with nulls", Table([("n", ints)])),
            ("one double column with nulls", Table([("x", doubles)])),
            ("one bool column with nulls", Table([("ok", bools)])),
            ("all null row", Table([("a", Column.nulls(.int, count: 3)), ("b", Column.nulls(.string, count: 3))])),
            ("no rows", Table([("a", Column(ints: [])), ("b", Column(strings: [String]()))])),
            ("no rows, one column", Table([("a", Column(strings: [String]()))])),
            ("doubles", Table([("x", Column(doubles: awkwardDoubles)), ("y", Column(doubles: awkwardDoubles.reversed()))])),
        ]
        // Across blocks and pieces: 20 000 rows of 20 columns, text from a dictionary of repeats.
        var rng = SplitMix64(seed: 7)
        let rows = 20_000
        var cols: [(String, Column)] = []
        for k in 0..<20 {
            let name = "c\(k)"
            switch k % 4 {
            case 0: cols.append((name, Column(ints: (0..<rows).map { _ in Int64(bitPattern: rng.next()) >> Int64(rng.next() % 60) })))
            case 1: cols.append((name, Column(values: (0..<rows).map { _ in
                rng.next() % 9 == 0 ? .null : .double(Double(Int64(rng.next() % 20_000) - 10_000) / Double([1, 4, 10, 3][Int(rng.next() % 4)])) },
                type: .double)))
            case 2: cols.append((name, Column(strings: (0..<rows).map { _ in
                rng.next() % 11 == 0 ? nil : awkwardText[Int(rng.next() % UInt64(n))].map { $0 + "\(rng.next() % 50)" } })))
            default: cols.append((name, Column(bools: (0..<rows).map { _ in rng.next() & 1 == 0 })))
            }
        }
        cases.append(("20 000 rows", Table(cols)))
        cases.append(("zero columns", Table(names: [], rows: [[], [], []])))
        return cases
    }

    @Test func stringIsByteIdenticalToTheReferenceOnTheCorpus() {
        for (name, t) in Self.corpus() {
            for delimiter: UInt8 in [0x2C, 0x09, 0x3B] {
                let got = Array(CSVWriter.string(t, delimiter: delimiter).utf8)
                #expect(got == Reference.bytes(t, delimiter: delimiter), "\(name), delimiter \(delimiter)")
            }
        }
    }

    @Test func piecesAreBoundedAndAddUpToTheFile() {
        let t = Self.corpus().first { $0.0 == "20 000 rows" }!.1
        var pieces: [[UInt8]] = []
        CSVWriter.produce(t, delimiter: 0x2C, checking: {}) { pieces.append($0) }
        #expect(pieces.count > 1, "a file of \(pieces.map(\.count).reduce(0, +)) bytes comes in pieces")
        // a piece is handed on once it passes 1 MB, so it is at most 1 MB plus one block of rows
        #expect(pieces.allSatisfy { $0.count < CSVWriter.pieceBytes + 4 << 20 })
        #expect(pieces.dropLast().allSatisfy { $0.count >= CSVWriter.pieceBytes })
        #expect(Array(pieces.joined()) == Reference.bytes(t, delimiter: 0x2C))
    }

    @Test func fileWriteIsByteIdenticalAndAStoppedWriteKeepsTheOldFile() throws {
        let dir = try makeTemporaryFolder()
        for (k, (name, t)) in Self.corpus().enumerated() {
            let path = dir + "/t\(k).csv"
            try CSVWriter.write(t, to: path)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes == Reference.bytes(t, delimiter: 0x2C), "\(name)")
        }
        // A producer that fails after its first piece: the old file stays, no temporary is left.
        let path = dir + "/kept.csv"
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        struct Stop: Error {}
        let t = Self.corpus().first { $0.0 == "20 000 rows" }!.1
        var calls = 0
        #expect(throws: Stop.self) {
            try AtomicFile.write(to: path, cancellable: true) { sink in
                try CSVWriter.produce(t, delimiter: 0x2C, checking: { calls += 1; if calls > 3 { throw Stop() } }) {
                    try sink.write($0)
                }
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func randomTablesMatchTheReference() {
        var rng = SplitMix64(seed: 19)
        for round in 0..<60 {
            let rows = Int(rng.next() % 9000)
            let columns = 1 + Int(rng.next() % 4)
            var cols: [(String, Column)] = []
            for k in 0..<columns {
                let nulls = rng.next() % 3 == 0
                func isNull() -> Bool { nulls && rng.next() % 4 == 0 }
                switch rng.next() % 4 {
                case 0: cols.append(("i\(k)", Column(values: (0..<rows).map { _ in isNull() ? .null : .int(Int64(bitPattern: rng.next()) % 100_000) }, type: .int)))
                case 1: cols.append(("d\(k)", Column(values: (0..<rows).map { _ in
                    isNull() ? .null : .double(Self.awkwardDoubles[Int(rng.next() % UInt64(Self.awkwardDoubles.count))] * Double(rng.next() % 3)) }, type: .double)))
                case 2: cols.append(("s\(k)", Column(strings: (0..<rows).map { _ in isNull() ? nil : Self.awkwardText[Int(rng.next() % UInt64(Self.awkwardText.count))] })))
                default: cols.append(("b\(k)", Column(values: (0..<rows).map { _ in isNull() ? .null : .bool(rng.next() & 1 == 0) }, type: .bool)))
                }
            }
            let t = Table(cols)
            #expect(Array(CSVWriter.string(t).utf8) == Reference.bytes(t, delimiter: 0x2C), "round \(round)")
        }
    }
}

/// The writer's fast paths against the plain ones: decimals of up to six places written without a String
/// equal Swift's shortest form, and batches of blocks formatted in parallel give the serial bytes.
@Suite struct CSVWriterFastPathTests {
    @Test func shortDecimalsAreSwiftsShortestForm() {
        var rng = SplitMix64(seed: 2026_12_02)
        var taken = 0
        func check(_ x: Double) {
            var out: [UInt8] = []
            CSVWriter.appendDouble(x, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == NumberFormat.plain(x), "\(x)")
            var short: [UInt8] = []
            if CSVWriter.appendShortDecimal(x, to: &short) { taken += 1 }
        }
        for _ in 0..<200_000 {
            let k = Int(rng.next() % 8)
            let magnitude = [1.0, 1e3, 1e6, 1e9, 1e12, 1e14][Int(rng.next() % 6)]
            let m = Double(rng.next() % UInt64(magnitude * 1000)) * (rng.next() & 1 == 0 ? 1 : -1)
            check(m / [1.0, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000][k])   // decimals of 0–7 places
            check(Double(bitPattern: rng.next() >> 2 | 0x3F00_0000_0000_0000))            // any bits, 1e-5…1e19
            check(Double(rng.next() % 1_000_000) / 3)                                       // thirds: 16–17 digits
        }
        for x in CSVStreamingWriterTests.awkwardDoubles + [0.001, 0.00099999, 0.0015, 999_999_999_999_999.9, 0.1 + 0.2, 1e15 / 7] {
            check(x); check(-x)
        }
        #expect(taken > 150_000, "the fast path is taken for most short decimals: \(taken)")
    }

    @Test func parallelBatchesOfTinyBlocksGiveTheSerialBytes() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<30 {
            let rows = Int(rng.next() % 3000)
            let t = Table([
                ("i", Column(values: (0..<rows).map { _ in rng.next() % 5 == 0 ? .null : .int(Int64(bitPattern: rng.next()) % 1000) }, type: .int)),
                ("d", Column(values: (0..<rows).map { _ in .double(Double(rng.next() % 10_000) / 8) }, type: .double)),
                ("s", Column(strings: (0..<rows).map { _ in CSVStreamingWriterTests.awkwardText[Int(rng.next() % UInt64(CSVStreamingWriterTests.awkwardText.count))] })),
            ])
            let blockRows = 1 + Int(rng.next() % 50)
            var parallel: [UInt8] = [], serial: [UInt8] = []
            CSVWriter.produce(t, delimiter: 0x2C, checking: {}, blockRows: blockRows, parallel: true) { parallel += $0 }
            CSVWriter.produce(t, delimiter: 0x2C, checking: {}, blockRows: blockRows, parallel: false) { serial += $0 }
            #expect(parallel == CSVStreamingWriterTests.Reference.bytes(t, delimiter: 0x2C), "round \(round), blocks of \(blockRows)")
            #expect(serial == parallel, "round \(round)")
        }
    }
}
