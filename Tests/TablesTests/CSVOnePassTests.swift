import Foundation
import Testing
@testable import Tables

/// The reader parses in one pass with the types a sample of each chunk's first records promises, and counts
/// what does not fit. These tests put the surprises far past the sample and across chunk boundaries (the
/// files are ~3 MB, so several chunks are parsed in parallel), and check that types, values, warnings and
/// line numbers are what a full inference would give, serially and in parallel alike.
@Suite struct CSVOnePassTests {
    static let rows = 30_000

    /// A ~3 MB file whose columns change character late: see each column's comment.
    static func surprising() -> String {
        var s = "id,a,b,c,d,e,f,filler\n"
        s.reserveCapacity(rows * 110)
        let pad = String(repeating: "x", count: 80)
        for i in 1...rows {
            let a = i == 25_000 ? "2.5" : String(i)                 // ints, one decimal late: double
            let b = i == 29_000 ? "x" : String(i % 100)              // ints, one word late: text with a warning
            let c = i < 25_000 ? "" : String(i)                      // empty, then ints: int with nulls
            let d = i == 27_000 ? "maybe" : (i % 2 == 0 ? "true" : "false")  // booleans, one word: text
            let e = i == 28_000 ? "0301" : String(100 + i % 5)      // ints, one zero-padded code: text
            let f = i == 26_000 ? "-" : "\(i).5"                     // decimals, one SSB dash: null, warning
            s += "\(i),\(a),\(b),\(c),\(d),\(e),\(f),\(pad)\(i % 7)\n"
        }
        return s
    }

    @Test(arguments: [1, 4])
    func lateSurprisesGiveTheTypesAFullInferenceGives(parallelism: Int) throws {
        let r = try loadCSV(Self.surprising(), CSVOptions(parallelism: parallelism))
        let t = r.table
        #expect(t.rowCount == Self.rows)
        #expect(t.schema.fields.map(\.type) == [.int, .double, .string, .int, .string, .string, .double, .string])
        #expect(t[0, 1] == .double(1))
        #expect(t[24_999, 1] == .double(2.5))
        #expect(t[29_999, 1] == .double(30_000))
        #expect(t[0, 2] == .string("1"))
        #expect(t[28_999, 2] == .string("x"))
        #expect(t[0, 3] == .null)
        #expect(t[24_998, 3] == .null)
        #expect(t[24_999, 3] == .int(25_000))
        #expect(t[1, 4] == .string("true"))
        #expect(t[26_999, 4] == .string("maybe"))
        #expect(t[27_999, 5] == .string("0301"))
        #expect(t[0, 5] == .string("101"))
        #expect(t[25_999, 6] == .null)
        #expect(t[29_999, 6] == .double(30_000.5))
        #expect(r.warnings == [
            "column `b`: 1 value is not a number (line 29001: `x`); read as text",
            "column `f`: 1 value `-` read as null (in SSB tables `-` means zero)",
        ])
        // Every id in place: no row lost or repeated at a chunk boundary.
        guard case .int(let ids) = t.columns[0].storage else { Issue.record("id is not int"); return }
        #expect(ids == (1...Int64(Self.rows)).map { $0 })
    }

    @Test func serialAndParallelReadsAreEqual() throws {
        let text = Self.surprising()
        let serial = try loadCSV(text, CSVOptions(parallelism: 1)).table
        let parallel = try loadCSV(text, CSVOptions(parallelism: 4)).table
        #expect(serial.schema == parallel.schema)
        for j in 0..<serial.columnCount {
            for i in stride(from: 0, to: Self.rows, by: 7) where serial[i, j] != parallel[i, j] {
                Issue.record("row \(i) column \(j): \(serial[i, j]) vs \(parallel[i, j])")
                return
            }
        }
    }

    /// The file with one line replaced by `line` (1-based physical line, the header being line 1).
    static func withLine(_ number: Int, _ line: String) -> [UInt8] {
        var lines = surprising().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = line
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test(arguments: [1, 4])
    func invalidUTF8LateInTheFileIsReadAsLatin1WithItsLine(parallelism: Int) throws {
        var bytes = Self.withLine(20_001, "20000,1,1,1,true,101,1.5,Bj0rn")
        let word = Array("Bj0rn".utf8)
        let at = (0...(bytes.count - word.count)).first { Array(bytes[$0..<($0 + word.count)]) == word }! + 2
        bytes[at] = 0xF8  // the `0` of Bj0rn becomes Latin-1 ø
        let r = try CSVReader.read(bytes: bytes, name: "t.csv", options: CSVOptions(parallelism: parallelism))
        #expect(r.warnings.first == "t.csv: not valid UTF-8 (1 line, first at line 20001); read as Latin-1 (ISO-8859-1)")
        #expect(r.table[19_999, 7] == .string("Bjørn"))
        #expect(r.table.rowCount == Self.rows)

        var strict = CSVOptions(parallelism: parallelism)
        strict.encoding = .utf8
        #expect(throws: CSVError.self) { try CSVReader.read(bytes: bytes, name: "t.csv", options: strict) }
        do { _ = try CSVReader.read(bytes: bytes, name: "t.csv", options: strict) } catch let e as CSVError {
            #expect(e.line == 20_001)
            #expect(e.problem == "invalid UTF-8 byte 0xF8")
        }
    }

    @Test(arguments: [1, 4])
    func aRaggedRowLateInTheFileNamesItsLine(parallelism: Int) {
        let bytes = Self.withLine(22_001, "22000,1,1,1,true,101,1.5,filler,extra")
        do {
            _ = try CSVReader.read(bytes: bytes, name: "t.csv", options: CSVOptions(parallelism: parallelism))
            Issue.record("a ragged row loaded")
        } catch let e as CSVError {
            #expect(e.line == 22_001)
            #expect(e.column == 9)
            #expect(e.problem == "expected 8 fields (as in the header), found 9")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Columns whose sample holds only SSB markers (`..`) are sampled as decimals; what follows decides.
    @Test(arguments: [1, 4])
    func markersFirstThenIntegersOrDecimals(parallelism: Int) throws {
        var s = "a,b,filler\n"
        let pad = String(repeating: "y", count: 90)
        for i in 1...Self.rows {
            let a = i <= 25_000 ? ".." : String(i)
            let b = i <= 25_000 ? ".." : (i == 29_999 ? "2.5" : String(i))
            s += "\(a),\(b),\(pad)\n"
        }
        let t = try loadCSV(s, CSVOptions(parallelism: parallelism)).table
        #expect(t.schema.fields.map(\.type) == [.int, .double, .string])
        #expect(t[0, 0] == .null)
        #expect(t[25_000, 0] == .int(25_001))
        #expect(t[29_998, 1] == .double(2.5))
        #expect(t[29_999, 1] == .double(30_000))
    }

    /// Long records first and short ones after: the sample guesses far too few rows, so the chunk buffers
    /// (values and validity) must grow many times and keep what they held.
    @Test(arguments: [1, 4])
    func buffersGrowWhenTheSampleUnderestimatesTheRows(parallelism: Int) throws {
        var s = "n,x,note\n"
        let long = String(repeating: "z", count: 300)
        let total = 120_000
        for i in 1...total {
            let x = i % 3 == 0 ? "" : String(i % 10)  // a null every third row: validity grows too
            s += i <= 20_000 ? "\(i),\(x),\(long)\n" : "\(i),\(x),\n"
        }
        let t = try loadCSV(s, CSVOptions(parallelism: parallelism)).table
        #expect(t.rowCount == total)
        #expect(t.schema.fields.map(\.type) == [.int, .int, .string])
        guard case .int(let ns) = t.columns[0].storage else { Issue.record("n is not int"); return }
        #expect(ns == (1...Int64(total)).map { $0 })
        for i in stride(from: 0, to: total, by: 997) {
            let n = i + 1
            #expect(t[i, 1] == (n % 3 == 0 ? .null : .int(Int64(n % 10))), "row \(i)")
            #expect(t[i, 2] == (n <= 20_000 ? .string(long) : .null), "row \(i)")
        }
    }

    /// The parse's worker threads are not tasks; the statement's memory limit must reach them all.
    @Test func workerThreadsSeeTheStatementsMemoryLimit() {
        final class Seen: @unchecked Sendable { var limits = [Int](repeating: 0, count: 8) }
        let seen = Seen()
        MemoryBudget.withLimit(123_456_789) {
            CSVParseJob.forEach(8, parallel: true) { k in
                usleep(20_000)  // long enough for the other threads to take iterations too
                seen.limits[k] = MemoryBudget.limit
            }
        }
        #expect(seen.limits == [Int](repeating: 123_456_789, count: 8))
    }

    @Test func aLoadOverTheMemoryLimitStopsWithTheLimitNotACSVError() throws {
        let text = Self.surprising()
        #expect(throws: MemoryLimitError.self) {
            try MemoryBudget.withLimit(1 << 20) { try loadCSV(text, CSVOptions(parallelism: 4)) }
        }
    }

    @Test func plainFastPathsAgreeWithTheGeneralParser() {
        let parser = CSVFieldParser(decimal: 0x2E)
        for text in ["0", "-0", "7", "-42", "123456789012345678", "0.5", "-0.25", "12.5", "3.14159", "100.000",
                     "9007199254740991", "1234567890.123456789", "0.1", "2.675"] {
            let b = Array(text.utf8)
            b.withUnsafeBufferPointer { p in
                let base = p.baseAddress!
                if let r = CSVFieldParser.plainDouble(base, 0, b.count, decimal: 0x2E) {
                    #expect(r.value.bitPattern == parser.double(base, 0, b.count).bitPattern, "\(text)")
                    #expect(r.fraction == text.contains("."), "\(text)")
                }
                if let v = CSVFieldParser.plainInt(base, 0, b.count) {
                    #expect(v == parser.int(base, 0, b.count), "\(text)")
                    #expect(parser.classify(base, 0, b.count, escaped: false) == .int, "\(text)")
                }
            }
        }
        // Forms the fast paths leave to the general parser.
        for text in ["0301", "+5", "5 500", "1e3", ".5", "5.", "1234567890123456789", "NaN", "12a"] {
            let b = Array(text.utf8)
            b.withUnsafeBufferPointer { p in
                #expect(CSVFieldParser.plainInt(p.baseAddress!, 0, b.count) == nil, "\(text)")
            }
        }
        for text in ["0301", "+5", "5 500", "1e3", ".5", "5.", "12345678901234567890", "NaN", "12a", "1.2.3"] {
            let b = Array(text.utf8)
            b.withUnsafeBufferPointer { p in
                #expect(CSVFieldParser.plainDouble(p.baseAddress!, 0, b.count, decimal: 0x2E) == nil, "\(text)")
            }
        }
    }
}
