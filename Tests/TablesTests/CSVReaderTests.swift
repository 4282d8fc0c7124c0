import Foundation
import Testing
@testable import Tables

@Suite struct CSVReaderTests {
    @Test func readsTypedColumnsFromAPlainFile() throws {
        let r = try loadCSV("year,occupation,fte,full\n2019,Sykepleier,5500.5,true\n2020,Lege,600,false\n")
        let t = r.table
        #expect(t.columnNames == ["year", "occupation", "fte", "full"])
        #expect(t.schema.fields.map(\.type) == [.int, .string, .double, .bool])
        #expect(t.rowCount == 2)
        #expect(t[0, 0] == .int(2019))
        #expect(t[1, 1] == .string("Lege"))
        #expect(t[0, 2] == .double(5500.5))
        #expect(t[1, 2] == .double(600))
        #expect(t[1, 3] == .bool(false))
        #expect(r.warnings.isEmpty)
    }

    @Test func rfc4180QuotesDoubledQuotesEmbeddedNewlinesAndSeparators() throws {
        let text = "name,note,n\r\n\"Helse, Sør-Øst\",\"sa \"\"hei\"\"\",1\r\n\"two\nlines\",\"\",2\r\nplain,\"a\r\nb\",3\r\n"
        let t = try loadCSV(text).table
        #expect(t.rowCount == 3)
        #expect(t[0, 0] == .string("Helse, Sør-Øst"))
        #expect(t[0, 1] == .string("sa \"hei\""))
        #expect(t[1, 0] == .string("two\nlines"))
        #expect(t[1, 1] == .null)
        #expect(t[2, 1] == .string("a\r\nb"))
        #expect(t[2, 2] == .int(3))
    }

    @Test func noTrailingNewlineAndCROnlyLineEnds() throws {
        let t = try loadCSV("a,b\r1,2\r3,4").table
        #expect(t.rowCount == 2)
        #expect(t[1, 1] == .int(4))
    }

    @Test func trailingEmptyFieldIsNull() throws {
        let t = try loadCSV("a,b\n1,\n2,3\n").table
        #expect(t[0, 1] == .null)
        #expect(t[1, 1] == .int(3))
    }

    @Test func raggedRowIsAnErrorNamingFileLineAndCounts() throws {
        let e = try #require(csvError("a,b,c\n1,2,3\n4,5,6,7\n"))
        #expect(e.line == 3)
        #expect(e.column == 4)
        #expect(e.message == "t.csv line 3, column 4: expected 3 fields (as in the header), found 4")
        let short = try #require(csvError("a,b,c\n1,2,3\n\"x\ny\",5\n"))
        #expect(short.message == "t.csv line 3, column 3: expected 3 fields (as in the header), found 2")
        #expect(short.hint?.contains("ragged=pad") == true)
    }

    @Test func raggedPadFillsShortRowsWithNulls() throws {
        let r = try loadCSV("a,b,c\n1,2,3\n4,5\n", CSVOptions(ragged: .pad))
        #expect(r.table.rowCount == 2)
        #expect(r.table[1, 2] == .null)
        #expect(r.warnings == ["1 short row padded with nulls (first at line 3)"])
    }

    @Test func unterminatedQuoteAndGarbageAfterQuote() throws {
        let open = try #require(csvError("a,b\n1,\"abc\n2,3\n"))
        #expect(open.line == 2)
        #expect(open.column == 2)
        #expect(open.problem.contains("never closed"))
        let after = try #require(csvError("a,b\n1,\"abc\"def\n"))
        #expect(after.message == "t.csv line 2, column 2: expected `,` or end of line after the closing quote, found `d`")
    }

    @Test func strayTextTurnsANumericColumnIntoTextWithAWarning() throws {
        var text = "id,x\n"
        for i in 1...20 { text += "\(i),\(i == 16 ? "abc" : String(i * 10))\n" }
        let r = try loadCSV(text)
        #expect(r.table.schema.fields[1].type == .string)
        #expect(r.table.schema.fields[0].type == .int)
        #expect(r.warnings == ["column `x`: 1 value is not a number (line 17: `abc`); read as text"])
        #expect(r.table[0, 1] == .string("10"))
    }

    @Test func intsAndDoublesMixToDouble() throws {
        let t = try loadCSV("x\n1\n2.5\n-3\n").table
        #expect(t.schema.fields[0].type == .double)
        #expect(t[2, 0] == .double(-3))
    }

    @Test func nullWordsAndSSBMarkers() throws {
        let r = try loadCSV("k,v,s\na,1,x\nb,..,.\nc,:,null\nd,NA,\ne,.,NA\nf,null,..\n")
        let t = r.table
        #expect(t.schema.fields[1].type == .int)
        #expect(t.columns[1].nullCount == 5)
        #expect(t[0, 1] == .int(1))
        // In a text column SSB's markers stay text; null words and empty fields are null.
        #expect(t.schema.fields[2].type == .string)
        #expect(t[1, 2] == .string("."))
        #expect(t[2, 2] == .null)
        #expect(t[3, 2] == .null)
        #expect(t[5, 2] == .string(".."))
        #expect(r.warnings.isEmpty)
    }

    @Test func dashAloneIsNullInNumericColumnsWithAWarning() throws {
        let r = try loadCSV("a;b\nx;5\ny;-\n")
        #expect(r.table[1, 1] == .null)
        #expect(r.table.schema.fields[1].type == .int)
        #expect(r.warnings == ["column `b`: 1 value `-` read as null (in SSB tables `-` means zero)"])
    }

    @Test func zeroPaddedCodesStayText() throws {
        let r = try loadCSV("kommune,n\n0301,5\n1103,6\n")
        #expect(r.table.schema.fields[0].type == .string)
        #expect(r.table[0, 0] == .string("0301"))
        #expect(r.warnings.isEmpty)
    }

    @Test func specialNumbers() throws {
        let t = try loadCSV("x\n1e400\n-0\nNaN\n-inf\n∞\n2.5E-3\n").table
        #expect(t.schema.fields[0].type == .double)
        guard case .double(let v) = t.columns[0].storage else { Issue.record("not double"); return }
        #expect(v[0] == .infinity)
        #expect(v[1] == 0)
        #expect(v[2].isNaN)
        #expect(v[3] == -.infinity)
        #expect(v[4] == .infinity)
        #expect(v[5] == 0.0025)
        let neg = try loadCSV("x\n-0.0\n1.5\n").table
        if case .double(let w) = neg.columns[0].storage { #expect(w[0].sign == .minus) }
    }

    @Test func numbersParseExactly() throws {
        let t = try loadCSV("x\n0.1\n123456789.123456789\n9007199254740993\n1e-7\n17976931348623157e292\n").table
        guard case .double(let v) = t.columns[0].storage else { Issue.record("not double"); return }
        #expect(v[0] == 0.1)
        #expect(v[1] == 123456789.123456789)
        #expect(v[2] == 9007199254740993.0)
        #expect(v[3] == 1e-7)
        #expect(v[4] == 1.7976931348623157e308)
        // Int64.max is an integer, exactly (issue 20: 19 digits used to become a lossy double).
        let big = try loadCSV("x\n9223372036854775807\n-42\n").table
        #expect(big.schema.fields[0].type == .int)
        #expect(big[0, 0] == .int(Int64.max))
        let ints = try loadCSV("x\n922337203685477580\n-42\n").table
        #expect(ints[0, 0] == .int(922337203685477580))
    }

    @Test func emptyFileHeaderOnlyAndBlankLines() throws {
        #expect(csvError("")?.message == "t.csv: the file is empty: expected a header line")
        #expect(csvError("\n\n  \n")?.message == "t.csv: the file is empty: expected a header line")
        let h = try loadCSV("år,antall\n").table
        #expect(h.columnNames == ["år", "antall"])
        #expect(h.rowCount == 0)
        let b = try loadCSV("a,b\n1,2\n\n3,4\n\n").table
        #expect(b.rowCount == 2)
    }

    @Test func nulBytesAreAClearError() throws {
        let e = try #require(csvError("a,b\n1,x\u{0}y\n"))
        #expect(e.line == 2)
        #expect(e.column == 2)
        #expect(e.problem == "NUL byte inside a field")
    }

    @Test func duplicateAndEmptyHeaderNamesAreMadeUnique() throws {
        let r = try loadCSV("x,x,,y\n1,2,3,4\n")
        #expect(r.table.columnNames == ["x", "x_2", "column_3", "y"])
        #expect(r.warnings == ["column names made unique: `x` → `x_2`, (empty) → `column_3`"])
    }

    @Test func missingFileAndFolderAreErrors() throws {
        do { _ = try CSVReader.read(path: "/nonexistent/hws.csv"); Issue.record("no error") } catch let e as CSVError {
            #expect(e.message == "/nonexistent/hws.csv: cannot open the file: No such file or directory")
        }
        do { _ = try CSVReader.read(path: "/tmp"); Issue.record("no error") } catch let e as CSVError {
            #expect(e.message == "/tmp: is a folder, not a file")
        }
    }

    @Test func readsFromAFileOnDisk() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/data.csv"
        try Data("a;b\n1;æøå\n".utf8).write(to: URL(fileURLWithPath: path))
        let t = try CSVReader.read(path: path).table
        #expect(t[0, 1] == .string("æøå"))
        #expect(t[0, 0] == .int(1))
    }

    @Test func inferTypesOffReadsText() throws {
        let t = try loadCSV("a,b\n1,2\n", CSVOptions(inferTypes: false)).table
        #expect(t.schema.fields.map(\.type) == [.string, .string])
    }

    @Test func manyColumnsLoadQuickly() throws {
        let n = 100_000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<n).map { String($0 % 97) }.joined(separator: ",")
        let clock = ContinuousClock()
        let start = clock.now
        let t = try loadCSV(header + "\n" + row + "\n" + row + "\n").table
        #expect(t.columnCount == n)
        #expect(t.rowCount == 2)
        #expect(t[1, n - 1] == .int(Int64((n - 1) % 97)))
        #expect(clock.now - start < .seconds(10))
    }

    /// A file big enough to be split into chunks, with quoted newlines and doubled quotes across the
    /// chunk boundaries: the parallel load must equal the serial one.
    @Test func parallelChunksEqualSerialLoad() throws {
        var text = "id;navn;verdi;merknad\n"
        let names = ["Sykepleier", "Lege", "Jordmor", "Helsefagarbeider", "Vernepleier"]
        for i in 0..<100_000 {
            let note = i % 7 == 0 ? "\"linje\nto \"\"sitat\"\"\"" : (i % 11 == 0 ? "" : "ok\(i % 13)")
            text += "\(i);\(names[i % 5]);\(i % 3 == 0 ? "5 500,5" : String(i));\(note)\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 << 20)
        let serial = try CSVReader.read(bytes: bytes, name: "p.csv", options: CSVOptions(parallelism: 1)).table
        let parallel = try CSVReader.read(bytes: bytes, name: "p.csv", options: CSVOptions(parallelism: 4)).table
        #expect(serial.rowCount == 100_000)
        #expect(parallel.rowCount == 100_000)
        #expect(parallel.schema == serial.schema)
        for i in stride(from: 0, to: 100_000, by: 997) { #expect(parallel.row(i) == serial.row(i)) }
        #expect(parallel.row(99_999) == serial.row(99_999))
        #expect(parallel[7, 3] == .string("linje\nto \"sitat\""))
        #expect(parallel[3, 2] == .double(5500.5))
        #expect(parallel.columns[3].nullCount == serial.columns[3].nullCount)
        if case .string(_, let d) = parallel.columns[1].storage { #expect(d.count == 5) }
        // An error late in the file names the right line.
        let broken = text + "1;2\n"
        do { _ = try CSVReader.read(bytes: Array(broken.utf8), name: "p.csv", options: CSVOptions(parallelism: 4)); Issue.record("no error") }
        catch let e as CSVError {
            let lines = text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            #expect(e.line == lines + 1)
            #expect(e.problem == "expected 4 fields (as in the header), found 2")
        }
    }
}

/// (f) NFC and NFD spellings of the same text are one value, stored composed, and the load says so.
@Test func decomposedTextIsNormalisedToNFCWithAWarning() throws {
    let nfc = "\u{C5}s", nfd = "A\u{30A}s"
    let r = try loadCSV("navn,n\n\(nfd),1\n\(nfc),2\nOslo,3\n")
    let col = r.table.column(named: "navn")!
    guard case .string(_, let dict) = col.storage else { Issue.record("not text"); return }
    #expect(dict.values.map { Array($0.unicodeScalars) } == [Array(nfc.unicodeScalars), Array("Oslo".unicodeScalars)])
    #expect(r.warnings.contains { $0.contains("1 distinct value in decomposed Unicode (NFD) stored composed (NFC)") }, "\(r.warnings)")
    // composed text alone loads without a warning
    #expect(try loadCSV("navn\n\(nfc)\nØl\n").warnings.isEmpty)
}
