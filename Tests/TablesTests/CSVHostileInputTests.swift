import Foundation
import Testing
@testable import Tables

/// Issue 20, "Right answers" for CSV: each case a file that used to load with a wrong value (no error, just
/// wrong), now asserted by the exact values and warnings, serially and in parallel.
@Suite struct CSVHostileInputTests {
    // MARK: - Integers of 19 digits and beyond

    @Test(arguments: [1, 4])
    func nineteenDigitIntegersAreExact(parallelism: Int) throws {
        let ids: [Int64] = [1_234_567_890_123_456_789, 1_234_567_890_123_456_788, Int64.max, Int64.min, -1_000_000_000_000_000_001, 7]
        let text = "id\n" + ids.map(String.init).joined(separator: "\n") + "\n"
        let r = try loadCSV(text, CSVOptions(parallelism: parallelism))
        #expect(r.table.schema.fields[0].type == .int)
        #expect(r.table.column(named: "id")!.values == ids.map { .int($0) })
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        // Distinct ids stay distinct, and `write` prints them exactly.
        #expect(CSVWriter.string(r.table) == text)
    }

    @Test(arguments: [1, 4])
    func nineteenDigitIntegersLateInABigFileAreExact(parallelism: Int) throws {
        // Past the sample and across chunks: the column's sample holds small ints; late rows hold 19 digits.
        var s = "id,x\n"
        let n = 60_000
        for i in 0..<n { s += i < 50_000 ? "\(i),\(i % 3)\n" : "\(9_000_000_000_000_000_000 + Int64(i)),\(i % 3)\n" }
        var options = CSVOptions(parallelism: parallelism)
        options.minChunkBytes = 64 << 10
        let r = try loadCSV(s, options)
        #expect(r.table.schema.fields[0].type == .int)
        #expect(r.table[55_000, 0] == .int(9_000_000_000_000_055_000))
        #expect(r.table[59_999, 0] == .int(9_000_000_000_000_059_999))
        #expect(r.table[49_999, 0] == .int(49_999))
    }

    @Test func randomInt64sRoundTripThroughWriteAndRead() throws {
        var rng = SplitMix64(seed: 20)
        let values = (0..<2_000).map { _ in Int64(bitPattern: rng.next()) }
        let table = Table([("v", Column(ints: values))])
        let back = try loadCSV(CSVWriter.string(table)).table
        #expect(back.schema.fields[0].type == .int)
        #expect(back.column(named: "v")!.values == values.map { .int($0) })
    }

    @Test func integersBeyond64BitsAreTextWithAWarningNeverALossyDecimal() throws {
        let r = try loadCSV("id,n\n12345678901234567890,1\n12345678901234567891,2\n9223372036854775808,3\n")
        #expect(r.table.schema.fields[0].type == .string)
        #expect(r.table.column(named: "id")!.values == [.string("12345678901234567890"), .string("12345678901234567891"),
                                                       .string("9223372036854775808")])
        #expect(r.warnings == ["column `id`: 3 integers are too large for 64 bits (first at line 2: `12345678901234567890`); read as text"])
        #expect(r.table.schema.fields[1].type == .int)
        // One too-large value among small ints: the column is text, said with that value's line.
        let one = try loadCSV("id\n1\n2\n-9223372036854775809\n")
        #expect(one.table.column(named: "id")!.values == [.string("1"), .string("2"), .string("-9223372036854775809")])
        #expect(one.warnings == ["column `id`: 1 integer is too large for 64 bits (line 4: `-9223372036854775809`); read as text"])
        // Decimals and exponents are still decimals.
        #expect(try loadCSV("x\n1e25\n2.5\n").table.schema.fields[0].type == .double)
    }

    // MARK: - One column of decimal-comma numbers

    @Test func oneColumnOfDecimalCommasIsOneColumnOfNumbers() throws {
        let r = try loadCSV("verdi\n1,5\n2,5\n")
        #expect(r.table.columnNames == ["verdi"])
        #expect(r.table.column(named: "verdi")!.values == [.double(1.5), .double(2.5)])
        let quoted = try loadCSV("\"verdi i kr\"\r\n1,5\r\n2,25\r\n")
        #expect(quoted.table.columnNames == ["verdi i kr"])
        #expect(quoted.table.column(named: "verdi i kr")!.values == [.double(1.5), .double(2.25)])
        let mixed = try loadCSV("verdi\n1,5\n-2\n1 234,75\n\n")
        #expect(mixed.table.columnNames == ["verdi"])
        #expect(mixed.table.column(named: "verdi")!.values.prefix(3) == [.double(1.5), .double(-2), .double(1234.75)])
    }

    @Test func twoColumnsOfIntegersStayTwoColumns() throws {
        // A header with a comma, or no header at all: a comma between digits is a delimiter there.
        let named = try loadCSV("a,b\n1,5\n2,5\n")
        #expect(named.table.columnNames == ["a", "b"])
        #expect(named.table.column(named: "b")!.values == [.int(5), .int(5)])
        let bare = try loadCSV("1,5\n2,5\n3,7\n")
        #expect(bare.table.columnCount == 2)
        // Text after the comma: not a decimal column.
        let words = try loadCSV("navn\nOslo,5\nBergen,6\n")
        #expect(words.table.columnCount == 2)
    }

    // MARK: - Encoding decided per line

    @Test(arguments: [1, 4])
    func oneLatin1LineDoesNotTurnTheWholeFileIntoLatin1(parallelism: Int) throws {
        var bytes: [UInt8] = Array("navn,n\n".utf8)
        let rows = 50_000
        for i in 0..<rows {
            if i == 40_000 { bytes += Array("Bj".utf8) + [0xF8] + Array("rn,\(i)\n".utf8) }  // Latin-1 ø
            else { bytes += Array("Bjørn,\(i)\n".utf8) }
        }
        var options = CSVOptions(parallelism: parallelism)
        options.minChunkBytes = 64 << 10
        let r = try CSVReader.read(bytes: bytes, name: "t.csv", options: options)
        #expect(r.warnings == ["t.csv: 1 line not valid UTF-8 (first at line 40002) read as Latin-1 (ISO-8859-1); the other lines as UTF-8"])
        #expect(r.table.rowCount == rows)
        let names = r.table.column(named: "navn")!
        #expect((0..<rows).allSatisfy { names[$0] == .string("Bjørn") })
        #expect(r.table[40_000, 1] == .int(40_000))
    }

    @Test func aLatin1FileSaysHowManyLines() throws {
        let bytes: [UInt8] = Array("navn\n".utf8) + [0x4A, 0xF8, 0x72, 0x0A] + Array("Oslo\n".utf8) + [0xC6, 0x72, 0x65, 0x0A]
        let r = try CSVReader.read(bytes: bytes, name: "t.csv")
        #expect(r.warnings == ["t.csv: not valid UTF-8 (2 lines, first at line 2); read as Latin-1 (ISO-8859-1)"])
        #expect(r.table.column(named: "navn")!.values == [.string("Jør"), .string("Oslo"), .string("Ære")])
    }

    @Test func invalidLinesAnywhereEachComeBackAsLatin1() throws {
        // Random positions of Latin-1 lines among UTF-8 ones: every line reads as written.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20 {
            var bytes: [UInt8] = Array("ord\n".utf8)
            var bad = 0
            for i in 0..<300 {
                if rng.next() % 10 == 0 { bytes += [0xC5] + Array("s\(i)\n".utf8); bad += 1 }  // Latin-1 Å
                else { bytes += Array("Ås\(i)\n".utf8) }
            }
            let r = try CSVReader.read(bytes: bytes, name: "t.csv")
            let column = r.table.column(named: "ord")!
            #expect((0..<300).allSatisfy { column[$0] == .string("Ås\($0)") })
            if bad > 0 { #expect(r.warnings.first?.contains(bad == 1 ? "1 line " : "\(bad) lines") == true, "\(r.warnings)") }
        }
    }

    // MARK: - Header spaces, one-column nulls

    @Test func headerNamesKeepTheirSpacesWithAWarning() throws {
        let r = try loadCSV(" a ,b, c\n1,2,3\n")
        #expect(r.table.columnNames == [" a ", "b", " c"])
        #expect(r.warnings == ["column names with leading or trailing spaces kept as written: ` a `, ` c`"])
        #expect(try loadCSV("a,b\n1,2\n").warnings.isEmpty)
    }

    @Test func aNullInAOneColumnTableIsWrittenAsEmptyQuotes() throws {
        let table = Table([("x", Column(strings: ["a", nil, "", "b"]))])
        let text = CSVWriter.string(table)
        #expect(text == "x\na\n\"\"\n\"\"\nb\n")
        let ints = Table([("n", Column(ints: [1, 0], validity: Bitmap([true, false])))])
        #expect(CSVWriter.string(ints) == "n\n1\n\"\"\n")
        // Read back, no row is lost.
        let back = try loadCSV(text).table
        #expect(back.rowCount == 4)
        #expect(back.column(named: "x")!.values == [.string("a"), .null, .null, .string("b")])
        // Two columns: an empty field is unambiguous, written as nothing.
        let two = Table([("x", Column(strings: ["a", nil])), ("y", Column(ints: [1, 2]))])
        #expect(CSVWriter.string(two) == "x,y\na,1\n,2\n")
    }
}
