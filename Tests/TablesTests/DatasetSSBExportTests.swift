import Foundation
import Testing
@testable import Tables

/// SSB statbank CSV exports as analysts download them: semicolon-separated, decimal comma, a quoted title
/// line and a blank line above the quoted header, `..` (missing) and `:` (confidential) in value cells;
/// older exports in Latin-1 with CRLF, newer ones in UTF-8 with a BOM.
@Suite struct DatasetSSBExportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ssb")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func wideLatin1ExportWithTitleLine() throws {
        let r = try CSVReader.read(path: Self.path("11846-wide-latin1.csv"), options: .init(encoding: .latin1))
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        #expect(r.title == "11846: Avtalte årsverk i kommunale helse- og omsorgstjenester, etter region, yrke, statistikkvariabel og år")
        let t = r.table
        #expect(t.columnNames == ["region", "yrke", "Avtalte årsverk 2020", "Avtalte årsverk 2021", "Gjennomsnittlig stillingsprosent 2021"])
        #expect(t.rowCount == 6)
        #expect(t.schema.fields.map(\.type) == [.string, .string, .double, .double, .double])
        #expect(t[0, 2] == .double(4210.5))
        #expect(t[2, 3] == .double(1902.1))
        #expect(t[4, 0] == .string("5401 Tromsø"))
        #expect(t[2, 0] == .string("5001 Trondheim - Tråante"))
        #expect(t[3, 2] == .null)   // ".." missing
        #expect(t[4, 3] == .null)   // ":" confidential
        #expect(t[5, 4] == .null)
        #expect(t.columns[2].nullCount == 1 && t.columns[3].nullCount == 1 && t.columns[4].nullCount == 1)
    }

    @Test func latin1IsRecognisedWithoutBeingTold() throws {
        let told = try CSVReader.read(path: Self.path("11846-wide-latin1.csv"), options: .init(encoding: .latin1)).table
        let auto = try CSVReader.read(path: Self.path("11846-wide-latin1.csv"))
        #expect(auto.warnings.contains { $0.contains("Latin-1") }, "\(auto.warnings)")
        #expect(auto.table.columnNames == told.columnNames)
        #expect(auto.table[4, 0] == .string("5401 Tromsø"))
        #expect(auto.table[0, 2] == .double(4210.5))
    }

    @Test func longUTF8ExportWithBOM() throws {
        let r = try CSVReader.read(path: Self.path("aarsverk-long-utf8-bom.csv"))
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        #expect(r.title == "Avtalte årsverk, etter region, yrke og år")
        let t = r.table
        #expect(t.columnNames == ["region", "yrke", "år", "Avtalte årsverk"])
        #expect(t.rowCount == 8)
        #expect(t.schema.fields[3].type == .double)
        #expect(t[0, 2] == .int(2020))   // SSB quotes the year codes; they are still years
        #expect(t[2, 1] == .string("Jordmødre"))
        #expect(t[2, 3] == .null)
        #expect(t[5, 3] == .null)
        #expect(t[7, 3] == .double(23.5))
        let values = (0..<t.rowCount).compactMap { t[$0, 3].asDouble }
        let expected: [Double] = [4210.5, 4388, 118.3, 812, 22, 23.5]
        #expect(values == expected)
    }
}
