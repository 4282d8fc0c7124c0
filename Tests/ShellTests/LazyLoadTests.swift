import Foundation
import Testing
import Tables
import Query
@testable import Shell

/// `load` of a CSV or TSV file parses no column; questions parse the columns they need (issue 19, item 2).
/// The reference is the eager reader (`CSVReader.read(path:)`, every column at once).
@Suite("load: columns parsed on demand")
struct LazyLoadTests {
    typealias F = FileSourceTests

    /// The eager read of `file` in `dir`.
    static func eager(_ dir: URL, _ file: String, _ options: CSVOptions = CSVOptions()) throws -> Table {
        try CSVReader.read(path: dir.appendingPathComponent(file).path, options: options).table
    }

    static func lazy(_ s: Session, _ name: String) throws -> LazyCSVFile {
        guard let l = s.registry.entries[name]?.lazy else { throw TableError("`\(name)` is not a lazy dataset") }
        return l
    }

    /// A random CSV file: (text, column names). Columns are ints, decimals, bools, text with quotes, commas,
    /// line breaks and æøå, ints whose last row is `x` (text only by its last row), ints whose last row is a
    /// decimal, and all-null columns; any field may be empty (null).
    /// With `long`, over 20 000 rows: more than the type sample reads, so a column's last row is past it.
    static func randomFile(_ rng: inout SplitMix64, delimiter: Character, long: Bool) -> (text: String, names: [String], kinds: [Int]) {
        let ncols = Int.random(in: 2...7, using: &rng)
        let rows = long ? Int.random(in: 21_000...23_000, using: &rng) : Int.random(in: 1...120, using: &rng)
        var kinds = (0..<ncols).map { _ in Int.random(in: 0..<7, using: &rng) }
        if long { kinds[0] = 4 }
        let names = (0..<ncols).map { ["år", "kommune", "årsverk", "Ødegård", "x", "sum_æ", "b"][$0 % 7] + "_\($0)" }
        let words = ["Bærum", "Tromsø", "Ålesund", "hei, du", "sa \"hei\"", "to\nlinjer", "ÆØÅ æøå", " rom "]
        func quoted(_ s: String) -> String {
            s.contains(",") || s.contains(";") || s.contains("\"") || s.contains("\n") || s.hasPrefix(" ")
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = [names.map(quoted).joined(separator: String(delimiter))]
        for r in 0..<rows {
            let last = r == rows - 1
            var fields: [String] = []
            for k in kinds {
                if k != 6, Int.random(in: 0..<6, using: &rng) == 0, !(last && (k == 4 || k == 5)) { fields.append(""); continue }
                switch k {
                case 0: fields.append(String(Int.random(in: -99_999...99_999, using: &rng)))
                case 1: fields.append(String(format: "%.2f", Double(Int.random(in: -9999...9999, using: &rng)) / 100)
                    .replacingOccurrences(of: ".", with: delimiter == ";" ? "," : "."))
                case 2: fields.append(Bool.random(using: &rng) ? "true" : "false")
                case 3: fields.append(quoted(words[Int.random(in: 0..<words.count, using: &rng)]))
                case 4: fields.append(last ? "x" : String(Int.random(in: 0...500, using: &rng)))
                case 5: fields.append(last ? (delimiter == ";" ? "2,5" : "2.5") : String(Int.random(in: 0...500, using: &rng)))
                default: fields.append("")
                }
            }
            lines.append(fields.joined(separator: String(delimiter)))
        }
        return (lines.joined(separator: "\n") + "\n", names, kinds)
    }

    @Test("random files: random column subsets in random order equal the eager read; each column parsed once, only when needed")
    func randomSubsetsEqualEagerRead() throws {
        var rng = SplitMix64(seed: 19_2)
        var plainRounds = 0
        for round in 0..<40 {
            let dir = try F.folder()
            defer { try? FileManager.default.removeItem(at: dir) }
            let delimiter: Character = Bool.random(using: &rng) ? "," : ";"
            let long = round % 8 == 0
            let (text, names, kinds) = LazyLoadTests.randomFile(&rng, delimiter: delimiter, long: long)
            let file = round % 5 == 4 ? "r.tsv" : "r.csv"
            let body = file == "r.tsv" ? text.replacingOccurrences(of: String(delimiter), with: "\t") : text
            try Data(body.utf8).write(to: dir.appendingPathComponent(file))
            let options = delimiter == ";" && file == "r.csv" ? "decimal=comma" : ""
            var csv = CSVOptions()
            if file == "r.tsv" { csv.delimiter = UInt8(ascii: "\t") }
            if options == "decimal=comma" { csv.decimalSeparator = UInt8(ascii: ",") }
            let eager = try LazyLoadTests.eager(dir, file, csv)
            #expect(eager.columnNames == names, "round \(round)")
            let s = F.session(in: dir)
            let loaded = s.execute("load \"\(file)\" as d \(options)")
            #expect(loaded.ok, "round \(round): \(loaded.error ?? "")")
            #expect(loaded.output.hasSuffix("loaded d: \(NumberFormat.counted(eager.rowCount, "row")), \(NumberFormat.counted(eager.columnCount, "column"))"),
                    "round \(round): \(loaded.output)")
            let lazy = try LazyLoadTests.lazy(s, "d")
            #expect(lazy.columnsParsed == 0 && lazy.rowCount == eager.rowCount, "round \(round): load parses no column")
            // plain (no field in quotes): later parses split each line only up to their last column
            #expect(lazy.plain == !text.contains("\""), "round \(round)")
            if lazy.plain { plainRounds += 1 }
            if long, let late = kinds.firstIndex(of: 4) {
                // The sample (before the last row) promised a number; the question finds the text.
                #expect(s.registry.schema(named: "d")?.fields[late].type == .int, "round \(round): the provisional type is the sample's")
                #expect(eager.schema.fields[late].type == .string)
            }
            var parsedSoFar = Set<String>(), passes = 0
            for _ in 0..<4 {
                let subset = names.shuffled(using: &rng).prefix(Int.random(in: 1...names.count, using: &rng))
                let list = subset.map { "`\($0)`" }.joined(separator: ", ")
                let got = try F.table(s, "from d | select \(list)")
                let expected = try eager.selecting(Array(subset))
                #expect(F.same(got, expected), "round \(round), columns \(list): \(got.schema.fields.map(\.type)) vs \(expected.schema.fields.map(\.type))")
                if !Set(subset).isSubset(of: parsedSoFar) { passes += 1 }
                parsedSoFar.formUnion(subset)
                #expect(lazy.columnsParsed == parsedSoFar.count && lazy.parses == passes,
                        "round \(round): parsed \(lazy.columnsParsed) columns in \(lazy.parses) passes, expected \(parsedSoFar.count) in \(passes)")
                // The schema carries the real type of every parsed column.
                let schema = try #require(s.registry.schema(named: "d"))
                for name in parsedSoFar {
                    #expect(schema.fields.first { $0.name == name }?.type == eager.schema.fields.first { $0.name == name }?.type, "round \(round), \(name)")
                }
            }
            #expect(F.same(try F.table(s, "from d"), eager), "round \(round): the whole table")
            #expect(lazy.columnsParsed == names.count && lazy.isComplete, "round \(round): every column parsed once")
        }
        #expect(plainRounds >= 8 && plainRounds <= 32, "both plain and quoted files: \(plainRounds) of 40 plain")
    }

    @Test("a file renamed over the path or deleted after load still answers; one rewritten in place is one clear error")
    func fileReplacedDeletedOrRewritten() throws {
        let dir = try F.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("k.csv").path
        try Data("kommune,årsverk,år\nBærum,12.5,2023\nTromsø,7,2024\nÅs,,2024\n".utf8).write(to: URL(fileURLWithPath: path))
        let eager = try LazyLoadTests.eager(dir, "k.csv")
        let s = F.session(in: dir)
        #expect(s.execute("load \"k.csv\" as d").ok)
        #expect(s.execute("load \"k.csv\" as e").ok)
        #expect(s.execute("load \"k.csv\" as g").ok)
        // Another file renamed over the path: the loaded data is the old file's.
        let other = dir.appendingPathComponent("other.csv").path
        try Data("kommune,årsverk,år\nOslo,1,1999\n".utf8).write(to: URL(fileURLWithPath: other))
        #expect(rename(other, path) == 0)
        #expect(F.same(try F.table(s, "from d | select kommune"), try eager.selecting(["kommune"])))
        // Deleted: still the loaded data.
        #expect(unlink(path) == 0)
        #expect(F.same(try F.table(s, "from d | select årsverk, år"), try eager.selecting(["årsverk", "år"])))
        #expect(F.same(try F.table(s, "from e"), eager))

        // Rewritten in place (same inode, another size): a column not parsed yet is one clear error.
        try Data("kommune,årsverk,år\nBærum,12.5,2023\nTromsø,7,2024\nÅs,,2024\n".utf8).write(to: URL(fileURLWithPath: path))
        let s2 = F.session(in: dir)
        #expect(s2.execute("load \"k.csv\" as d").ok)
        #expect(F.same(try F.table(s2, "from d | select kommune"), try eager.selecting(["kommune"])))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("kommune,årsverk,år\nOslo,1,1999\nBergen,2,2000\n".utf8))
        try handle.close()
        let failed = s2.execute("from d | agg s = sum(årsverk)")
        #expect(!failed.ok)
        let first = failed.error?.components(separatedBy: "\n").first ?? ""
        #expect(first == "error: `k.csv` was changed since it was loaded, so its columns cannot be read", "\(failed.error ?? "")")
        #expect(failed.error?.contains("`load` it again") == true)
        // The session goes on: parsed columns still answer, a fresh load reads the new file.
        #expect(F.same(try F.table(s2, "from d | select kommune"), try eager.selecting(["kommune"])))
        #expect(s2.execute("describe d").ok == false)
        #expect(s2.execute("load \"k.csv\" as d").ok)
        #expect(try F.table(s2, "from d | agg s = sum(årsverk)").row(0) == [.int(3)])

        // Rewritten in place with the same names and as many records (only the values differ): the size
        // and time it had at `load` tell, not the shape of what a parse finds.
        try Data("kommune,årsverk,år\nOslo,1,1999\nBergen,2,2000\n".utf8).write(to: URL(fileURLWithPath: path))
        let s3 = F.session(in: dir)
        #expect(s3.execute("load \"k.csv\" as d").ok)
        #expect(try F.table(s3, "from d | select kommune").rowCount == 2)  // kommune parsed, årsverk not yet
        let same = try #require(FileHandle(forWritingAtPath: path))
        try same.truncate(atOffset: 0)
        try same.write(contentsOf: Data("kommune,årsverk,år\nOslo,10,1999\nBergen,20,2000\n".utf8))
        try same.close()
        let sameShape = s3.execute("from d | agg s = sum(årsverk)")
        #expect(!sameShape.ok, "a parse after an in-place rewrite gave: \(sameShape.output)")
        #expect(sameShape.error?.contains("was changed since it was loaded") == true)
    }

    @Test("datasets and load's line count rows without parsing; describe, let, join, write and completion work")
    func wholeTableUsers() throws {
        let dir = try F.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "kode;navn;årsverk;merknad\n"
        for i in 0..<500 { text += "\(i % 7);\(["Bærum", "Tromsø", "Ålesund"][i % 3]);\(i % 11),5;\(i == 499 ? "x" : String(i))\n" }
        try Data(text.utf8).write(to: dir.appendingPathComponent("p.csv"))
        try Data("kode,fylke\n0,Viken\n3,Troms\n".utf8).write(to: dir.appendingPathComponent("f.csv"))
        var csv = CSVOptions()
        csv.decimalSeparator = UInt8(ascii: ",")
        let eager = try LazyLoadTests.eager(dir, "p.csv", csv)
        let s = F.session(in: dir)
        #expect(s.execute("load \"p.csv\" as p decimal=comma").output == "loaded p: 500 rows, 4 columns")
        #expect(s.execute("load \"f.csv\" as f").ok)
        let p = try LazyLoadTests.lazy(s, "p"), f = try LazyLoadTests.lazy(s, "f")
        let listing = s.execute("datasets")
        #expect(listing.output.split(separator: "\n").contains { $0.hasPrefix("p ") && $0.contains(" 500 │       4 │") }, "\(listing.output)")
        #expect(p.columnsParsed == 0 && f.columnsParsed == 0, "`datasets` parses nothing")

        // Completion offers the columns by their names, parsing nothing (also through a join).
        let completer = Completer(session: s)
        let line = "from p | join f on kode | where "
        let offered = completer.completion(line: line, cursor: line.count).candidates
        #expect(["kode", "navn", "årsverk", "merknad", "fylke"].allSatisfy { offered.contains($0) }, "\(offered)")
        #expect(p.columnsParsed == 0 && f.columnsParsed == 0, "a Tab press parses nothing")

        // A column typed by its last row warns when it is parsed, with the question that parses it.
        let q = s.execute("from p | agg n = count() by merknad | take 1")
        #expect(q.ok && q.output.contains("warning: p: column `merknad`: 1 value is not a number (line 501: `x`); read as text"), "\(q.output)")
        #expect(p.columnsParsed == 1)

        // describe (every column), as for the eager table.
        let described = s.execute("describe p")
        s.registry.bind("q", table: eager, origin: .derived(statement: "test"))
        let reference = s.execute("describe q")
        #expect(described.ok && described.output.split(separator: "\n").dropFirst(2) == reference.output.split(separator: "\n").dropFirst(2),
                "\(described.output)\n---\n\(reference.output)")
        #expect(p.isComplete && p.columnsParsed == 4)

        // let, join with a lazy right side, write.
        let s2 = F.session(in: dir)
        #expect(s2.execute("load \"p.csv\" as p decimal=comma").ok && s2.execute("load \"f.csv\" as f").ok)
        #expect(s2.execute("let l = from p | where kode == 3").ok)
        #expect(F.same(try F.table(s2, "from l"), try QueryEngine.apply("where kode == 3", to: eager)))
        let joined = try F.table(s2, "from f | join p on kode | agg n = count(), s = sum(årsverk) by fylke")
        let expected = try QueryEngine(resolver: TableResolver(["p": eager, "f": try LazyLoadTests.eager(dir, "f.csv")]))
            .execute("from f | join p on kode | agg n = count(), s = sum(årsverk) by fylke").table
        #expect(F.same(joined, expected) && joined.rowCount == 2)
        let s3 = F.session(in: dir)
        #expect(s3.execute("load \"p.csv\" as p decimal=comma").ok)
        #expect(s3.execute("from p | write \"out.csv\"").ok)
        #expect(F.same(try LazyLoadTests.eager(dir, "out.csv"), eager))

        // A mistyped name or a type error is the eager table's error, and parses no column the question does not name
        // (the first keeps the narrowest column, text `navn`, so that `count()` counts; then `kode`, then `årsverk`).
        let s4 = F.session(in: dir)
        #expect(s4.execute("load \"p.csv\" as p decimal=comma").ok)
        s4.registry.bind("e", table: eager, origin: .derived(statement: "test"))
        let p4 = try LazyLoadTests.lazy(s4, "p")
        for (question, parsed) in [(" | agg n = count() by navvn", 1), (" | agg s = sum(navn) by kode", 2), (" | where årsverk > \"x\" | agg n = count()", 3)] {
            let lazyError = s4.execute("from p" + question), eagerError = s4.execute("from e" + question)
            #expect(!lazyError.ok && lazyError.error?.replacingOccurrences(of: "from p", with: "from e") == eagerError.error,
                    "\(lazyError.error ?? "") vs \(eagerError.error ?? "")")
            #expect(p4.columnsParsed == parsed, "\(question): \(p4.columnsParsed) columns parsed")
        }
    }

    @Test("gzip, JSON and a file with no extension stay eager")
    func otherFormatsStayEager() throws {
        let dir = try F.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "a,b\n1,x\n2,y\n"
        try Data(F.gzip(Array(text.utf8))).write(to: dir.appendingPathComponent("g.csv.gz"))
        try Data(#"[{"a": 1}]"#.utf8).write(to: dir.appendingPathComponent("j.json"))
        try Data(text.utf8).write(to: dir.appendingPathComponent("n.dat"))
        let s = F.session(in: dir)
        for (file, name) in [("g.csv.gz", "g"), ("j.json", "j"), ("n.dat", "n")] {
            #expect(s.execute("load \"\(file)\" as \(name)").ok, "\(file)")
            #expect(s.registry.entries[name]?.lazy == nil && s.registry.entries[name]?.table != nil, "\(file) is read whole")
        }
    }
}
