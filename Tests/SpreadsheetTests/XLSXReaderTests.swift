import Foundation
import Testing
import Tables
@testable import Spreadsheet

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

func fixture(_ name: String, _ options: XLSXOptions = .init()) throws -> XLSXLoadResult {
    try XLSXReader.read(path: fixtures + "/" + name, options: options)
}

/// The XLSXError reading `name` raises.
func fixtureError(_ name: String, _ options: XLSXOptions = .init()) -> XLSXError? {
    do { _ = try fixture(name, options); return nil } catch let e as XLSXError { return e } catch { return nil }
}

func rows(_ t: Table) -> [[Value]] { (0..<t.rowCount).map { t.row($0) } }

@Suite struct XLSXReaderTests {
    /// The KOSTRA-like extract, cell by cell as make-fixtures.py wrote it.
    static let kostraNames = ["region", "år", "årsverk", "andel_heltid", "rapportert", "merknad"]
    static let kostraRows: [[Value]] = [
        [.string("0301 Oslo"), .int(2023), .double(12345.5), .double(0.412), .string("2024-03-15"), .string("æøå ÆØÅ")],
        [.string("4601 Bergen"), .int(2023), .double(6789), .double(0.385), .string("2024-03-01"), .null],
        [.string("5401 Tromsø"), .int(2023), .null, .double(0.401), .string("2024-02-29"), .string("tall mangler")],
        [.string("1103 Stavanger"), .int(2024), .double(4321.25), .null, .string("2024-12-31 23:59:58"), .string("  innrykk")],
    ]

    @Test(arguments: ["openpyxl-kostra.xlsx", "libreoffice-kostra.xlsx"])
    func kostraExtractReadsWithTitleTypesAndDates(file: String) throws {
        let r = try fixture(file)
        #expect(r.sheet == "Ark1")
        #expect(r.title == "12362: Årsverk i pleie og omsorg, etter kommune (KOSTRA)")
        #expect(r.table.columnNames == Self.kostraNames)
        #expect(r.table.schema.fields.map(\.type) == [.string, .int, .double, .double, .string, .string])
        #expect(rows(r.table) == Self.kostraRows)
        #expect(r.warnings.contains("1 note row below the table left out (A9: `Kilde: Statistisk sentralbyrå`)"))
    }

    @Test func aSheetByName() throws {
        let r = try fixture("openpyxl-kostra.xlsx", XLSXOptions(sheet: "Ark2"))
        #expect(r.sheet == "Ark2")
        #expect(r.title == nil)
        #expect(r.table.columnNames == ["fylke", "personer"])
        #expect(rows(r.table) == [[.string("Nordland"), .int(241)], [.string("Finnmark"), .int(75)]])
        // Names are matched ignoring case too.
        #expect(try fixture("openpyxl-kostra.xlsx", XLSXOptions(sheet: "ark2")).sheet == "Ark2")
    }

    @Test func aRangeReadsOnlyItsCells() throws {
        let r = try fixture("openpyxl-kostra.xlsx", XLSXOptions(range: CellRange("A3:C5")))
        #expect(r.table.columnNames == ["region", "år", "årsverk"])
        #expect(rows(r.table) == [[.string("0301 Oslo"), .int(2023), .double(12345.5)],
                                  [.string("4601 Bergen"), .int(2023), .double(6789)]])
        // Without a header: column_N names, and the header row becomes data (so `år` is text).
        let h = try fixture("openpyxl-kostra.xlsx", XLSXOptions(range: CellRange("B4:C5"), header: false))
        #expect(h.table.columnNames == ["column_1", "column_2"])
        #expect(rows(h.table) == [[.int(2023), .double(12345.5)], [.int(2023), .double(6789)]])
    }

    @Test func typesNoReadsEveryColumnAsText() throws {
        let r = try fixture("openpyxl-kostra.xlsx", XLSXOptions(sheet: "Ark2", inferTypes: false))
        #expect(r.table.schema.fields.map(\.type) == [.string, .string])
        #expect(rows(r.table)[0] == [.string("Nordland"), .string("241")])
    }

    /// Inline strings (plain and rich runs), formula strings, booleans, an error cell, the 1904 date system
    /// with a custom Norwegian date format, cells without addresses, `x:`-prefixed names, `_x000D_` escapes.
    @Test func handmadeWorkbookWithInlineStrings() throws {
        let r = try fixture("handmade-inline.xlsx")
        #expect(r.sheet == "Data")
        #expect(r.table.columnNames == ["navn", "født (dato)", "aktiv", "lønn", "kode"])
        #expect(r.table.schema.fields.map(\.type) == [.string, .string, .bool, .double, .string])
        #expect(rows(r.table) == [
            [.string("Åse Ødegård"), .string("1904-01-01"), .bool(true), .double(612000.5), .string("0001")],
            [.string("Per\rHansen"), .string("1905-01-01"), .bool(false), .null, .string("0301")],
        ])
        #expect(r.warnings == ["column `lønn`: 1 error value read as null (first at cell D3: `#DIV/0!`)"])
    }


    // MARK: malformed input: one line each, naming the file

    @Test(arguments: [
        ("bad-not-zip.xlsx", "not an Excel workbook: the file is not a ZIP archive"),
        ("bad-truncated.xlsx", "not an Excel workbook: the file is not a ZIP archive"),
        ("bad-no-workbook.xlsx", "not an Excel workbook: the archive has no xl/workbook.xml"),
        ("bad-missing-part.xlsx", "the sheet's part xl/worksheets/data.xml is missing; the file is damaged"),
    ])
    func malformedWorkbooks(file: String, problem: String) throws {
        let e = try #require(fixtureError(file))
        #expect(e.problem == problem)
        #expect(e.message.hasPrefix(fixtures + "/" + file))
        #expect(!e.message.contains("\n"))
    }

    @Test func malformedSheetXMLNamesTheSheetAndLine() throws {
        let e = try #require(fixtureError("bad-sheet-xml.xlsx"))
        #expect(e.sheet == "Data")
        #expect(e.problem.hasPrefix("xl/worksheets/data.xml is not well-formed XML (line 5, column "))
        #expect(e.problem.hasSuffix(": a closing tag that does not match)"))
        #expect(!e.message.contains("\n"))
    }

    @Test func missingSheetListsTheSheets() throws {
        let e = try #require(fixtureError("openpyxl-kostra.xlsx", XLSXOptions(sheet: "Ark3")))
        #expect(e.message == fixtures + "/openpyxl-kostra.xlsx: no sheet `Ark3`; the sheets are `Ark1`, `Ark2`")
        #expect(e.hint?.contains("Ark1") == true)
    }

    @Test func aRangeWithoutValuesSaysWhereTheValuesAre() throws {
        let e = try #require(fixtureError("openpyxl-kostra.xlsx", XLSXOptions(range: CellRange("H1:K20"))))
        #expect(e.message == fixtures + "/openpyxl-kostra.xlsx, sheet Ark1: the range H1:K20 holds no values; the sheet's values are in A1:F9")
    }

    @Test func cellRanges() {
        #expect(CellRange("A3:F200")?.description == "A3:F200")
        #expect(CellRange("a3:f200") == CellRange("A3:F200"))
        #expect(CellRange("B:D")?.first == CellAddress(column: 1, row: 0))
        #expect(CellRange("B:D")?.last.row == CellAddress.maxRows - 1)
        #expect(CellRange("A3:F")?.description == "A3:F")
        #expect(CellRange("AA10")?.first == CellAddress(column: 26, row: 9))
        for bad in ["", "3A:F2", "F1:A1", "A3:F2", "A0:B2", "ABCD1:B2", "A1:B2:C3", "A1-B2", "XFE1:XFE2"] {
            #expect(CellRange(bad) == nil, "\(bad)")
        }
        #expect(CellAddress.letters(0) == "A")
        #expect(CellAddress.letters(25) == "Z")
        #expect(CellAddress.letters(26) == "AA")
        #expect(CellAddress.letters(16_383) == "XFD")
    }

    @Test func excelDates() {
        // Serial 1 = 1900-01-01; 59 = 1900-02-28; 61 = 1900-03-01 (60 is the phantom 1900-02-29).
        #expect(ExcelDate.text(serial: 1, date1904: false, time: false) == "1900-01-01")
        #expect(ExcelDate.text(serial: 59, date1904: false, time: false) == "1900-02-28")
        #expect(ExcelDate.text(serial: 61, date1904: false, time: false) == "1900-03-01")
        #expect(ExcelDate.text(serial: 45_322, date1904: false, time: false) == "2024-01-31")
        #expect(ExcelDate.text(serial: 45_322.5, date1904: false, time: false) == "2024-01-31 12:00:00")
        #expect(ExcelDate.text(serial: 0.75, date1904: false, time: true, timeOnly: true) == "18:00:00")
        #expect(ExcelDate.serial("2024-01-31")! == (45_322, false))
        #expect(ExcelDate.serial("2024-02-30") == nil)
        #expect(ExcelDate.serial("1900-02-28") == nil)  // before 1900-03-01 the 1900 system is off by one
        #expect(ExcelDate.kind(ofFormat: "dd.mm.yyyy") == (true, false))
        #expect(ExcelDate.kind(ofFormat: "hh:mm") == (false, true))
        #expect(ExcelDate.kind(ofFormat: "[$-414]d\\.\\ mmmm\\ yyyy;@") == (true, false))
        #expect(ExcelDate.kind(ofFormat: "#,##0.00\" kr\"") == (false, false))
        #expect(ExcelDate.kind(ofFormat: "[Red]0.0") == (false, false))
    }
}
