import Foundation
import Testing
@testable import Tables

/// The two shortcuts a lazy `load` takes on a plain file (no field in quotes, no line ended by a CR alone,
/// no blank or short line): its first read, which parses no column, counts records by counting delimiters
/// and line ends (`countPlainRecords`) instead of tokenizing; and a later read of some of its columns
/// (`CSVOptions.knownPlain`) splits each line only up to the last of them (`CSVPlainScanner`). The
/// reference is the tokenizing read of every column: same rows, same `plain` verdict, same columns, types,
/// values and warnings, same errors — serially and in chunks of a few dozen bytes.
@Suite struct CSVPlainReadTests {
    /// A random file that is plain by construction (when `spoil` is nil), or spoiled once: a quoted field,
    /// a blank line, a lone CR, a short row. Fields hold æøå, spaces, tabs, a `"` inside a word (literal, not
    /// a quote), empty fields (nulls), numbers, decimals, zero-padded codes; LF or CRLF; the last line with or
    /// without its line end; one column, sometimes (a blank line is then a record with a null).
    static func randomFile(_ rng: inout SplitMix64, delimiter: Character, spoil: Int?) -> (text: String, spoiled: Bool) {
        let ncols = Int.random(in: 1...6, using: &rng)
        let rows = Int.random(in: 0...150, using: &rng)
        let eol = Bool.random(using: &rng) ? "\n" : "\r\n"
        let words = ["Bærum", "Tromsø", "Ålesund", "ÆØÅ æøå", " rom ", "to\(delimiter == "\t" ? " " : "\t")ord", "ab\"c", "-", ".."]
        let kinds = (0..<ncols).map { _ in Int.random(in: 0...3, using: &rng) }
        func cell(_ kind: Int) -> String {
            if Int.random(in: 0..<8, using: &rng) == 0 { return "" }
            switch kind {
            case 0: return String(Int.random(in: -9999...9999, using: &rng))
            case 1: return String(format: "%.2f", Double.random(in: -100...100, using: &rng))
            case 2: return words[Int.random(in: 0..<words.count, using: &rng)]
            default: return String(format: "%05d", Int.random(in: 0...99_999, using: &rng))
            }
        }
        let d = String(delimiter)
        var lines = [(0..<ncols).map { "k\($0)" }.joined(separator: d)]
        for _ in 0..<rows { lines.append((0..<ncols).map { cell(kinds[$0]) }.joined(separator: d)) }
        var spoiled = false
        if let spoil, rows > 0 {
            let at = Int.random(in: 1..<lines.count, using: &rng)
            var cells = lines[at].split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            switch spoil {
            case 0: cells[0] = "\"Tromsø\(d) Troms\""; spoiled = true          // a field in quotes
            case 1: cells = []; spoiled = ncols > 1                           // a blank line (a null record in one column)
            case 2: cells[cells.count - 1] += "\r9"; spoiled = true           // a CR alone ends a record
            default: if ncols > 1 { cells.removeLast(); spoiled = true }      // a short row
            }
            if spoil == 1 { lines.insert("", at: at) } else { lines[at] = cells.joined(separator: d) }
        }
        return (lines.joined(separator: eol) + (Bool.random(using: &rng) ? eol : ""), spoiled)
    }

    enum Outcome: Equatable {
        case loaded(rows: Int, plain: Bool, names: [String], types: [DataType], values: [[Value]], warnings: [String])
        case failed(String)
    }

    static func read(_ text: String, delimiter: Character, chunked: Bool, ragged: CSVOptions.RaggedRows,
                     columns: Set<String>?, knownPlain: Bool = false) -> Outcome {
        var options = CSVOptions(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!), ragged: ragged,
                                 parallelism: chunked ? 4 : 1)
        if chunked { options.minChunkBytes = 48; options.sampleRecordsPerChunk = 1 }
        options.knownPlain = knownPlain
        do {
            let r = try CSVReader.read(bytes: Array(text.utf8), name: "p.csv", options: options, columns: columns.map { c in { _ in c } })
            let t = r.table
            return .loaded(rows: r.rows, plain: r.plain, names: t.columnNames, types: t.schema.fields.map(\.type),
                           values: (0..<t.rowCount).map { t.row($0) }, warnings: r.warnings)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// `whole` restricted to `columns` (file order), without the warnings about the other columns.
    static func restricted(_ whole: Outcome, to columns: Set<String>) -> Outcome {
        guard case .loaded(let rows, let plain, let names, let types, let values, let warnings) = whole else { return whole }
        let keep = names.indices.filter { columns.contains(names[$0]) }
        let others = names.filter { !columns.contains($0) }
        return .loaded(rows: rows, plain: plain, names: keep.map { names[$0] }, types: keep.map { types[$0] },
                       values: keep.isEmpty ? [] : values.map { r in keep.map { r[$0] } },
                       warnings: warnings.filter { w in !others.contains { w.hasPrefix("column `\($0)`:") } })
    }

    @Test("a read of no column counts what tokenizing finds; a known-plain read of some columns is the whole read's")
    func plainReadsEqualTheTokenizingRead() {
        var rng = SplitMix64(seed: 19_19)
        var plainFiles = 0, spoiled = 0, failed = 0, oneColumn = 0
        for n in 0..<400 {
            let delimiter: Character = n % 4 == 3 ? "\t" : ","
            let spoil: Int? = n % 3 == 0 ? n / 3 % 4 : nil
            let (text, mustNotBePlain) = Self.randomFile(&rng, delimiter: delimiter, spoil: spoil)
            let ragged: CSVOptions.RaggedRows = n % 2 == 0 ? .error : .pad
            let whole = Self.read(text, delimiter: delimiter, chunked: false, ragged: ragged, columns: nil)
            for chunked in [false, true] {
                // The count-only read: the same rows, the same verdict on plainness, the same errors.
                let counted = Self.read(text, delimiter: delimiter, chunked: chunked, ragged: ragged, columns: [])
                #expect(counted == Self.restricted(whole, to: []), "case \(n), chunked \(chunked):\n\(text.prefix(300).debugDescription)")
            }
            guard case .loaded(_, let plain, let names, _, _, _) = whole else { failed += 1; continue }
            if spoil == nil { #expect(plain, "case \(n): plain by construction") }
            if mustNotBePlain { #expect(!plain, "case \(n): spoiled by \(spoil!)") }
            if names.count == 1 { oneColumn += 1 }
            guard plain else { spoiled += 1; continue }
            plainFiles += 1
            // A later read of random columns, knowing the file plain, is the whole read restricted.
            for _ in 0..<3 {
                let chosen = Set(names.filter { _ in Bool.random(using: &rng) })
                for chunked in [false, true] {
                    let got = Self.read(text, delimiter: delimiter, chunked: chunked, ragged: ragged, columns: chosen, knownPlain: true)
                    #expect(got == Self.restricted(whole, to: chosen),
                            "case \(n), columns \(chosen.sorted()), chunked \(chunked):\n\(text.prefix(300).debugDescription)")
                }
            }
        }
        #expect(plainFiles > 150 && spoiled > 40 && failed > 5 && oneColumn > 20,
                "plain \(plainFiles), spoiled \(spoiled), failed \(failed), one column \(oneColumn)")
    }

    @Test("hand-computed: CRLF, a last line without its end, a trailing delimiter, a quote inside a word")
    func handComputed() throws {
        let text = "a,b,c\r\n1,x y,3\r\n4,Ørsta,\r\n7,ab\"c,9"
        var options = CSVOptions()
        let count = try CSVReader.read(bytes: Array(text.utf8), name: "h.csv", options: options, columns: { _ in [] })
        #expect(count.rows == 3 && count.plain)
        options.knownPlain = true
        let c = try CSVReader.read(bytes: Array(text.utf8), name: "h.csv", options: options, columns: { _ in ["b", "c"] })
        #expect(c.table.columnNames == ["b", "c"])
        #expect(c.table.row(0) == [.string("x y"), .int(3)])
        #expect(c.table.row(1) == [.string("Ørsta"), .null])
        #expect(c.table.row(2) == [.string("ab\"c"), .int(9)])
        // A field that starts with a quote makes the file not plain; so does a blank line between records.
        for spoiled in ["a,b\n\"1\",2\n3,4\n", "a,b\n1,2\n\n3,4\n", "a,b\n1,2\r3,4\n"] {
            let r = try CSVReader.read(bytes: Array(spoiled.utf8), name: "s.csv", columns: { _ in [] })
            #expect(r.rows == 2 && !r.plain, "\(spoiled.debugDescription)")
        }
        // A short row is still found, with its line, by a read that parses no column.
        #expect(throws: CSVError(file: "r.csv", line: 3, column: 3, problem: "expected 3 fields (as in the header), found 2",
                                 hint: "load with ragged=pad to fill short rows with nulls")) {
            try CSVReader.read(bytes: Array("a,b,c\n1,2,3\n4,5\n".utf8), name: "r.csv", columns: { _ in [] })
        }
    }
}
