import Foundation
import Testing
@testable import Tables

/// Projection pushdown into the CSV read (`CSVReader.read(…, columns:)`, behind `from "file" | …`): a read
/// that parses only some columns must give exactly those columns of a whole read — same types (decided over
/// the whole column, also when the last row decides), same values, the same warnings about them and the
/// same file-wide ones, and the same errors with their line numbers. Random files are read whole and with
/// random column choices, serially and in tiny chunks with a one-record sample (so the repair pass runs).
@Suite struct CSVColumnChoiceTests {
    /// A random file from the chunking property test, with columns whose type the last row decides
    /// appended: an int column whose last value is text, one whose last value is a decimal, and a text
    /// column of æøå with quoted delimiters and line breaks.
    static func randomFile(_ rng: inout SplitMix64) -> String {
        let base = CSVChunkingPropertyTests.randomFile(&rng)
        let eol = base.contains("\r\n") ? "\r\n" : "\n"
        var lines = base.components(separatedBy: eol)
        let trailing = lines.last == ""
        if trailing { lines.removeLast() }
        guard lines.count > 1 else { return base }
        let last = lines.count - 1
        let words = ["Ås", "Bærum", "\"Tromsø, Troms\"", "\"Ørsta\(eol)Volda\"", "\"sa \"\"hei\"\"\"", "Ålesund"]
        for i in lines.indices {
            if i == 0 { lines[i] += ",late_text,late_double,place"; continue }
            if lines[i].isEmpty { continue }  // blank lines stay blank
            let lateText = i == last ? "ukjent" : String(Int.random(in: 0...999, using: &rng))
            let lateDouble = i == last ? "2.5" : String(Int.random(in: -99...99, using: &rng))
            lines[i] += ",\(lateText),\(lateDouble),\(words[Int.random(in: 0..<words.count, using: &rng)])"
        }
        return lines.joined(separator: eol) + (trailing ? eol : "")
    }

    enum Outcome: Equatable {
        case loaded(names: [String], types: [DataType], rows: [[Value]], warnings: [String])
        case failed(String)
    }

    static func read(_ text: String, chunked: Bool, ragged: CSVOptions.RaggedRows, columns: Set<String>?) -> Outcome {
        var options = CSVOptions(ragged: ragged, parallelism: chunked ? 4 : 1)
        if chunked { options.minChunkBytes = 48; options.sampleRecordsPerChunk = 1 }
        do {
            let r = try CSVReader.read(bytes: Array(text.utf8), name: "p.csv", options: options,
                                       columns: columns.map { c in { _ in c } })
            let t = r.table
            return .loaded(names: t.columnNames, types: t.schema.fields.map(\.type), rows: (0..<t.rowCount).map { t.row($0) },
                           warnings: r.warnings)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// The whole read restricted to `columns`: the columns kept in file order, and the warnings about other
    /// columns left out (warnings that name no column, such as padded rows, stay). A table without columns
    /// has no rows (callers that count rows choose a column; `ColumnPruning` keeps one).
    static func restricted(_ whole: Outcome, to columns: Set<String>) -> Outcome {
        guard case .loaded(let names, let types, let rows, let warnings) = whole else { return whole }
        let keep = names.indices.filter { columns.contains(names[$0]) }
        let others = names.filter { !columns.contains($0) }
        return .loaded(names: keep.map { names[$0] }, types: keep.map { types[$0] }, rows: keep.isEmpty ? [] : rows.map { r in keep.map { r[$0] } },
                       warnings: warnings.filter { w in !others.contains { w.hasPrefix("column `\($0)`:") } })
    }

    @Test func aChosenReadIsTheWholeReadRestricted() {
        var rng = SplitMix64(seed: 20_261_202)
        var loaded = 0, failed = 0, lateTyped = 0
        for n in 0..<300 {
            let text = Self.randomFile(&rng)
            let ragged: CSVOptions.RaggedRows = n % 2 == 0 ? .error : .pad
            let whole = Self.read(text, chunked: false, ragged: ragged, columns: nil)
            let header = text.prefix { $0 != "\n" && $0 != "\r" }.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // A random subset (sometimes empty, sometimes all), and the late-typed columns alone.
            var choices: [Set<String>] = [Set(header.filter { _ in Bool.random(using: &rng) }), ["late_text", "late_double"], ["place"]]
            if n % 7 == 0 { choices.append([]) }
            for chosen in choices {
                let expected = Self.restricted(whole, to: chosen)
                for chunked in [false, true] {
                    let got = Self.read(text, chunked: chunked, ragged: ragged, columns: chosen)
                    #expect(got == expected, "case \(n), columns \(chosen.sorted()), chunked \(chunked):\n\(text.prefix(300))")
                    if got != expected { return }
                }
            }
            switch whole {
            case .loaded(let names, let types, let rows, _):
                loaded += 1
                if rows.count > 1, let j = names.firstIndex(of: "late_text"), types[j] == .string { lateTyped += 1 }
            case .failed: failed += 1
            }
        }
        #expect(loaded > 100)
        #expect(failed > 10)
        #expect(lateTyped > 50, "the last row made `late_text` text in many files")
    }

    @Test("hand-computed: the last row decides the type of a chosen column; an error keeps its line number")
    func handComputed() throws {
        var text = "id,n,navn\n"
        for i in 1...5000 { text += "\(i),\(i % 7),\(i % 2 == 0 ? "Bærum" : "\"Ås, Akershus\"")\n" }
        text += "5001,sju,Tromsø\n"
        var options = CSVOptions()
        options.minChunkBytes = 1024
        let r = try CSVReader.read(bytes: Array(text.utf8), name: "h.csv", options: options, columns: { names in
            #expect(names == ["id", "n", "navn"])
            return ["n"]
        })
        #expect(r.table.columnNames == ["n"])
        #expect(r.table.schema.fields[0].type == .string)
        #expect(r.table[5000, 0] == .string("sju") && r.table[0, 0] == .string("1"))
        #expect(r.warnings == ["column `n`: 1 value is not a number (line 5002: `sju`); read as text"])
        let navn = try CSVReader.read(bytes: Array(text.utf8), name: "h.csv", options: options, columns: { _ in ["navn"] })
        #expect(navn.table[0, 0] == .string("Ås, Akershus") && navn.table[1, 0] == .string("Bærum") && navn.warnings.isEmpty)

        // A short row in a column not chosen is still found, at its line.
        let ragged = "a,b,c\n1,2,3\n4,5\n"
        #expect(throws: CSVError(file: "r.csv", line: 3, column: 3, problem: "expected 3 fields (as in the header), found 2",
                                 hint: "load with ragged=pad to fill short rows with nulls")) {
            try CSVReader.read(bytes: Array(ragged.utf8), name: "r.csv", columns: { _ in ["a"] })
        }
    }
}
