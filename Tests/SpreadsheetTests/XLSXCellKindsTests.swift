import Foundation
import Testing
import Tables
@testable import Spreadsheet

/// Cell kinds and damage the fixtures do not hold, in the handmade workbook with its sheet replaced: ISO
/// date cells (`t="d"`, strict OOXML), a number cell whose value comes in pieces (an entity) or with spaces,
/// a number cell holding text, an empty `<v>`; a shared-string index that does not exist and a cell address
/// that is none. The values were checked against hws before `SheetCells.parse` was split (issue 18).
@Suite struct XLSXCellKindsTests {
    static let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

    /// Reads the handmade workbook with `sheet` as its one sheet's XML.
    static func read(sheet: String) throws -> XLSXLoadResult {
        var parts = try XLSXFuzzTests.parts("handmade-inline.xlsx")
        let k = try #require(parts.firstIndex { $0.0 == "xl/worksheets/data.xml" })
        parts[k].1 = Data(sheet.utf8)
        return try XLSXReader.read(data: try XLSXFuzzTests.zip(parts), name: "kinds.xlsx", options: .init())
    }

    static func header(_ names: [String]) -> String {
        "<row r=\"1\">" + names.enumerated().map { j, n in
            "<c r=\"\(CellAddress(column: j, row: 0).name)\" t=\"inlineStr\"><is><t>\(n)</t></is></c>"
        }.joined() + "</row>"
    }

    @Test func isoDatesPiecedNumbersAndTextInNumberCells() throws {
        let r = try Self.read(sheet: """
            <worksheet \(Self.ns)><sheetData>\(Self.header(["dato", "tall", "kode"]))
            <row r="2"><c r="A2" t="d"><v>2024-01-31T00:00:00</v></c><c r="B2"><v>1&#48;</v></c><c r="C2"><v>12a</v></c></row>
            <row r="3"><c r="A3" t="d"><v>2024-02-29T12:30:00Z</v></c><c r="B3"><v> 7 </v></c><c r="C3"><v></v></c></row>
            </sheetData></worksheet>
            """)
        #expect(r.table.columnNames == ["dato", "tall", "kode"])
        #expect(r.table.schema.fields.map(\.type) == [.string, .double, .string])
        #expect(rows(r.table) == [
            [.string("2024-01-31"), .double(10), .string("12a")],
            [.string("2024-02-29 12:30:00"), .double(7), .null],
        ])
    }

    @Test func aSharedStringThatDoesNotExistNamesTheCell() throws {
        let sheet = """
            <worksheet \(Self.ns)><sheetData>\(Self.header(["a", "b"]))
            <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2"><v>1</v></c></row></sheetData></worksheet>
            """
        #expect {
            _ = try Self.read(sheet: sheet)
        } throws: { e in
            (e as? XLSXError)?.message.hasSuffix("sheet Data, cell A2: shared string 7 does not exist (the workbook has 0); the file is damaged") == true
        }
    }

    @Test func aCellAddressThatIsNoneIsAnError() throws {
        let sheet = """
            <worksheet \(Self.ns)><sheetData>\(Self.header(["a", "b"]))
            <row r="2"><c r="A0"><v>1</v></c><c r="B2"><v>1</v></c></row></sheetData></worksheet>
            """
        #expect {
            _ = try Self.read(sheet: sheet)
        } throws: { e in
            (e as? XLSXError)?.message.hasSuffix("sheet Data: `A0` is not a cell address; the file is damaged") == true
        }
    }
}
