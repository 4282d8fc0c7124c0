import Foundation
import Testing
@testable import Tables

@Suite struct CSVSniffingTests {
    @Test func semicolonWithDecimalCommaAndGroupedThousands() throws {
        let r = try loadCSV("yrke;mangel;andel\nSykepleier;5 500;5,1\nLege;600;-1,25\nJordmor;-1 868;0,5\n")
        let t = r.table
        #expect(t.schema.fields.map(\.type) == [.string, .int, .double])
        #expect(t[0, 1] == .int(5500))
        #expect(t[2, 1] == .int(-1868))
        #expect(t[0, 2] == .double(5.1))
        #expect(t[1, 2] == .double(-1.25))
        #expect(r.warnings.isEmpty)
    }

    @Test func groupedThousandsWithNoBreakSpacesAndDecimals() throws {
        let t = try loadCSV("a\tb\nx\t5\u{00A0}500,5\ny\t1\u{202F}234\u{00A0}567\n").table
        #expect(t[0, 1] == .double(5500.5))
        #expect(t[1, 1] == .double(1234567))
        // Groups of other sizes are not numbers.
        let bad = try loadCSV("a;b\nx;12 34\ny;1\n")
        #expect(bad.table.schema.fields[1].type == .string)
    }

    @Test func tabAndPipeDelimiters() throws {
        let tab = try loadCSV("a\tb,c\n1\t2,5\n3\t4\n").table
        #expect(tab.columnNames == ["a", "b,c"])
        #expect(tab[0, 1] == .double(2.5))
        let pipe = try loadCSV("a|b|c\n1|x|3\n4|y|6\n").table
        #expect(pipe.columnNames == ["a", "b", "c"])
        #expect(pipe[1, 2] == .int(6))
    }

    @Test func commaDelimitedFileKeepsDecimalPoint() throws {
        let t = try loadCSV("a,b\n\"5,1\",2.5\n").table
        #expect(t[0, 0] == .string("5,1"))
        #expect(t[0, 1] == .double(2.5))
    }

    @Test func explicitOptionsOverrideSniffing() throws {
        let t = try loadCSV("a;b\n1;2\n", CSVOptions(delimiter: UInt8(ascii: ","))).table
        #expect(t.columnNames == ["a;b"])
        let h = try loadCSV("1,2\n3,4\n", CSVOptions(header: true)).table
        #expect(h.columnNames == ["1", "2"])
        let d = try loadCSV("a;b\nx;1.5\n", CSVOptions(decimalSeparator: UInt8(ascii: "."))).table
        #expect(d[0, 1] == .double(1.5))
    }

    @Test func headerDetection() throws {
        let none = try loadCSV("1,2.5,x\n3,4.5,y\n").table
        #expect(none.columnNames == ["column_1", "column_2", "column_3"])
        #expect(none.rowCount == 2)
        let text = try loadCSV("name,city\nKari,Oslo\n").table
        #expect(text.columnNames == ["name", "city"])
        // SSB's wide tables have years as column names.
        let years = try loadCSV("region,2019,2020\nOslo,5,6\nBergen,7,8\n").table
        #expect(years.columnNames == ["region", "2019", "2020"])
        #expect(years.rowCount == 2)
        // Quoted numbers above unquoted ones are names.
        let quoted = try loadCSV("\"1\",\"2\"\n5,6\n").table
        #expect(quoted.columnNames == ["1", "2"])
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("år,n\n2019,1\n".utf8)
        let r = try CSVReader.read(bytes: bytes, name: "bom.csv")
        #expect(r.table.columnNames == ["år", "n"])
        #expect(r.warnings.isEmpty)
    }

    @Test func latin1IsDetectedWithAWarning() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/latin1.csv"
        let bytes: [UInt8] = Array("navn;n\n".utf8) + [0xE6, 0xF8, 0xE5] + Array(";1\nS".utf8) + [0xF8] + Array("r;2\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try CSVReader.read(path: path)
        #expect(r.table[0, 0] == .string("æøå"))
        #expect(r.table[1, 0] == .string("Sør"))
        #expect(r.warnings == ["\(path): not valid UTF-8 (2 lines, first at line 2); read as Latin-1 (ISO-8859-1)"])
        let forced = try CSVReader.read(path: path, options: CSVOptions(encoding: .latin1))
        #expect(forced.table[0, 0] == .string("æøå"))
        #expect(forced.warnings.isEmpty)
    }

    @Test func strictUTF8RejectsInvalidBytes() throws {
        let bytes: [UInt8] = Array("a\nok\n".utf8) + [0xC3, 0x28] + [0x0A]
        do { _ = try CSVReader.read(bytes: bytes, name: "x.csv", options: CSVOptions(encoding: .utf8)); Issue.record("no error") }
        catch let e as CSVError {
            #expect(e.message == "x.csv line 3: invalid UTF-8 byte 0xC3")
            #expect(e.hint?.contains("encoding=latin1") == true)
        }
    }

    @Test func utf16WithByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "år;n\nØst;5\n".utf16 { bytes.append(UInt8(u & 0xFF)); bytes.append(UInt8(u >> 8)) }
        let r = try CSVReader.read(bytes: bytes, name: "u16.csv")
        #expect(r.table[0, 0] == .string("Øst"))
        #expect(r.table[0, 1] == .int(5))
    }

    @Test func ssbExportDialect() throws {
        // SSB's "semicolon separated with heading" export: a title line, a blank line, a quoted header,
        // decimal comma, Latin-1, and `..` / `:` for missing values.
        let text = "\"12345: Sysselsatte i helse- og omsorgstjenester, etter yrke, statistikkvariabel og år\"\n\n"
            + "\"yrke\";\"statistikkvariabel\";\"2019\";\"2020\"\n"
            + "\"Sykepleiere\";\"Årsverk\";5 500,5;..\n"
            + "\"Helsefagarbeidere\";\"Årsverk\";:;-1 868,0\n"
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let r = try CSVReader.read(bytes: latin1, name: "ssb.csv")
        let t = r.table
        #expect(r.title == "12345: Sysselsatte i helse- og omsorgstjenester, etter yrke, statistikkvariabel og år")
        #expect(t.columnNames == ["yrke", "statistikkvariabel", "2019", "2020"])
        #expect(t.rowCount == 2)
        #expect(t.schema.fields.map(\.type) == [.string, .string, .double, .double])
        #expect(t[0, 1] == .string("Årsverk"))
        #expect(t[0, 2] == .double(5500.5))
        #expect(t[0, 3] == .null)
        #expect(t[1, 2] == .null)
        #expect(t[1, 3] == .double(-1868))
        #expect(r.warnings == ["ssb.csv: not valid UTF-8 (3 lines, first at line 1); read as Latin-1 (ISO-8859-1)"])
    }

    @Test func errorLinesCountTitleLines() throws {
        let e = try #require(csvError("\"Tittel\"\n\na;b\n1;2\n3;4;5\n"))
        #expect(e.line == 5)
    }

    @Test func bundledDataFilesLoad() throws {
        // The repository's own copy (the tests must not depend on anything outside the clone).
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try CSVReader.read(path: repo.appendingPathComponent("datasets/helsemod_gap.csv").path)
        let t = r.table
        #expect(r.warnings.isEmpty)
        #expect(t.columnNames == ["occupation", "scenario", "year", "gap_fte", "printed_as"])
        #expect(t.schema.fields[2].type == .int)
        #expect(t.schema.fields[3].type == .int)
        let row = try #require((0..<t.rowCount).first {
            t[$0, 0] == .string("Sykepleier") && t[$0, 1] == .string("mid") && t[$0, 2] == .int(2040)
        })
        #expect(t[row, 3] == .int(-29700))
    }
}
