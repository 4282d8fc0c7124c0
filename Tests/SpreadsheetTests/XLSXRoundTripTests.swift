import Foundation
import Testing
import Tables
@testable import Spreadsheet

/// Write → read gives the table back. Random tables (a fixed seed): integers (some beyond 2^53), decimals
/// (some integral, tiny, huge, negative), booleans, text with æøå, XML's special characters, edge spaces,
/// control characters and `_x0041_`-like text, ISO dates and date-times, and nulls everywhere.
/// What Excel cannot hold is stated in `expected`: empty text is an empty cell (null), a column without any
/// value has no type (text), and rows after the last value do not exist in a sheet.
@Suite struct XLSXRoundTripTests {
    static let words = ["Bærum", "Tromsø", "Ålesund", "æøå ÆØÅ", "a & b", "<tag>", "\"quoted\"", "  edge  ", "tab\there",
                        "line\nbreak", "bell\u{7}", "_x0041_", "0301", "1e5", "true", "=SUM(A1)", "", "Sámi: Guovdageaidnu",
                        "emoji 🙂", "x"]

    static func randomTable(_ rng: inout SplitMix64) -> Table {
        let ncols = Int(rng.next() % 6) + 1
        let nrows = Int(rng.next() % 40)
        var named: [(String, Column)] = []
        for j in 0..<ncols {
            let nullRate = [0.0, 0.2, 0.9, 1.0][Int(rng.next() % 4)]
            func isNull() -> Bool { Double(rng.next() % 1000) / 1000 < nullRate }
            let kind = rng.next() % 6
            let column: Column
            switch kind {
            case 0:
                var values: [Value] = []
                for _ in 0..<nrows {
                    if isNull() { values.append(.null); continue }
                    let big = rng.next() % 10 == 0
                    values.append(.int(big ? Int64(bitPattern: rng.next()) : Int64(rng.next() % 2_000_001) - 1_000_000))
                }
                column = Column(values: values, type: .int)
            case 1:
                var values: [Value] = []
                for _ in 0..<nrows {
                    if isNull() { values.append(.null); continue }
                    let choice = rng.next() % 5
                    let x: Double = choice == 0 ? Double(rng.next() % 1000) : choice == 1 ? Double(bitPattern: rng.next() >> 2)
                        : choice == 2 ? -1e-7 * Double(rng.next() % 1000) : (Double(rng.next() % 1_000_000) / 7.0)
                    values.append(.double(x.isFinite ? x : 1.5))
                }
                column = Column(values: values, type: .double)
            case 2:
                column = Column(values: (0..<nrows).map { _ in isNull() ? .null : .bool(rng.next() % 2 == 0) }, type: .bool)
            case 3:
                column = Column(strings: (0..<nrows).map { _ in isNull() ? nil : words[Int(rng.next() % UInt64(words.count))] })
            case 4:
                column = Column(strings: (0..<nrows).map { _ in
                    isNull() ? nil : String(format: "%04d-%02d-%02d", 1900 + Int(rng.next() % 8000), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
                })
            default:
                column = Column(strings: (0..<nrows).map { _ in
                    isNull() ? nil : String(format: "%04d-%02d-%02d %02d:%02d:%02d", 1901 + Int(rng.next() % 200), 1 + Int(rng.next() % 12),
                                            1 + Int(rng.next() % 28), Int(rng.next() % 24), Int(rng.next() % 60), Int(rng.next() % 60))
                })
            }
            named.append((j == 0 ? "kommune_æøå" : "col \(j) <&>", column))
        }
        return Table(named)
    }

    /// The table as a sheet gives it back (see the suite's comment).
    static func expected(_ t: Table) -> (names: [String], types: [DataType], rows: [[Value]]) {
        var rows = (0..<t.rowCount).map { i in t.row(i).map { v -> Value in if case .string("") = v { return .null }; return v } }
        while let last = rows.last, last.allSatisfy({ $0 == .null }) { rows.removeLast() }
        let types = t.schema.fields.enumerated().map { j, f in rows.contains { $0[j] != .null } ? f.type : .string }
        return (t.columnNames, types, rows)
    }

    @Test func randomTablesRoundTrip() throws {
        var rng = SplitMix64(seed: 19)
        for round in 0..<300 {
            let table = Self.randomTable(&rng)
            let (data, _) = try XLSXWriter.data(table, sheetName: "Ark1")
            let back = try XLSXReader.read(data: data, name: "t.xlsx").table
            let want = Self.expected(table)
            #expect(back.columnNames == want.names, "round \(round)")
            #expect(back.schema.fields.map(\.type) == want.types, "round \(round)")
            #expect(rows(back) == want.rows, "round \(round)")
            if rows(back) != want.rows { break }
        }
    }

    @Test func writtenFileHasFrozenHeaderWidthsAndDateStyles() throws {
        let t = Table([("kommune", Column(strings: ["Bærum", "Tromsø"])), ("dato", Column(strings: ["2024-01-31", nil])),
                       ("årsverk", Column(doubles: [1.5, 2]))])
        let folder = NSTemporaryDirectory() + "hws-xlsx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ut.xlsx"
        #expect(try XLSXWriter.write(t, to: path).isEmpty)
        let workbook = try XLSXWorkbook(path: path, name: path)
        #expect(workbook.sheets.map(\.name) == ["ut"])
        let sheet = String(decoding: try #require(try workbook.part("xl/worksheets/sheet1.xml")), as: UTF8.self)
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"10\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<c r=\"B2\" s=\"2\"><v>45322</v></c>"))
        #expect(sheet.contains("<c r=\"C3\"><v>2.0</v></c>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c>"))
        let back = try XLSXReader.read(path: path)
        #expect(rows(back.table) == rows(t))
    }

    @Test func warningsForWhatExcelCannotHold() throws {
        let t = Table([("n", Column(ints: [1 << 60, 2])), ("x", Column(doubles: [.nan, 1]))])
        let (_, warnings) = try XLSXWriter.data(t)
        #expect(warnings == ["column `n`: 1 integer beyond 2^53; Excel shows 15 significant digits",
                             "column `x`: 1 value NaN or infinite written as empty cells (Excel has no such numbers)"])
    }

    @Test func tablesLongerThanASheetAreRefused() throws {
        let t = Table([("n", Column(ints: [Int64](repeating: 1, count: CellAddress.maxRows)))])
        let e = #expect(throws: XLSXError.self) { try XLSXWriter.data(t, file: "lang.xlsx") }
        #expect(e?.message == "lang.xlsx: a sheet holds at most 1 048 576 rows; the table has 1 048 576 and a header")
        #expect(e?.hint == "write .csv for tables this long")
        let fits = Table([("n", Column(ints: [Int64](repeating: 1, count: CellAddress.maxRows - 1)))])
        #expect(throws: Never.self) { try XLSXWriter.data(fits) }
    }

    @Test func sheetNamesFollowExcelsRules() {
        #expect(XLSXWriter.safeSheetName("a/b:c") == "a_b_c")
        #expect(XLSXWriter.safeSheetName(String(repeating: "å", count: 40)).count == 31)
        #expect(XLSXWriter.safeSheetName("") == "Sheet1")
    }
}
