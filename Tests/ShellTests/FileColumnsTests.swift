import Foundation
import Testing
import Tables
import Query
@testable import Shell

/// `from "file" | …` parses only the columns its steps name (issue 19), and `from`/`load` read back the
/// JSON records `write "x.json"` writes.
@Suite("from \"file\": columns read on demand; JSON records")
struct FileColumnsTests {
    typealias F = FileSourceTests

    @Test("on CSV's awkward cases, each column alone from the file equals load then from; only it is parsed")
    func eachColumnAlone() throws {
        for (k, (text, options)) in F.corpus.enumerated() {
            let dir = try F.folder()
            try Data(text.utf8).write(to: dir.appendingPathComponent("c.csv"))
            try Data(F.gzip(Array(text.utf8))).write(to: dir.appendingPathComponent("c.csv.gz"))
            try Data(text.replacingOccurrences(of: options.contains("delimiter=;") ? ";" : ",", with: "\t").utf8)
                .write(to: dir.appendingPathComponent("c.tsv"))
            let s = F.session(in: dir)
            #expect(s.execute("load \"c.csv\" as d \(options)").ok, "case \(k)")
            let whole = try F.table(s, "from d")
            for name in whole.columnNames {
                let expected = try F.table(s, "from d | select `\(name)`")
                for file in ["c.csv", "c.csv.gz"] + (text.contains("\"") || options.contains("delimiter") ? [] : ["c.tsv"]) {
                    let fresh = F.session(in: dir)
                    let opts = file == "c.tsv" ? options.replacingOccurrences(of: "delimiter=;", with: "") : options
                    let got = try F.table(fresh, "from \"\(file)\" \(opts) | select `\(name)`")
                    #expect(F.same(got, expected), "case \(k), \(file), column \(name)")
                    #expect(fresh.fileSources.columnsRead == (whole.columnCount > 1 ? 1 : whole.columnCount), "case \(k), \(file): only one column parsed")
                }
            }
        }
    }

    @Test("a question names some columns: same answer as load, fewer columns parsed; errors as with every column")
    func pushdown() throws {
        let dir = try F.folder()
        var text = "kommune,år,årsverk,kode,merknad\n"
        for i in 0..<3000 {
            text += "\(["Bærum", "Tromsø", "Ålesund"][i % 3]),\(2020 + i % 4),\(Double(i % 50) / 2),\(String(format: "%04d", i % 400)),\"tekst, \(i)\"\n"
        }
        text += "Ås,2024,7,0301,siste\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("k.csv"))
        let s = F.session(in: dir)
        #expect(s.execute("load \"k.csv\" as d").ok)
        let q = " | where år >= 2022 | agg n = count(), sum = sum(årsverk) by kommune | sort kommune"
        let fromFile = try F.table(s, "from \"k.csv\"" + q)
        #expect(F.same(fromFile, try F.table(s, "from d" + q)))
        #expect(s.fileSources.reads == 1 && s.fileSources.columnsRead == 3)
        // Another question about other columns reads just those and adds them.
        _ = try F.table(s, "from \"k.csv\" | agg n = count() by kode")
        #expect(s.fileSources.reads == 2 && s.fileSources.columnsRead == 4)
        _ = try F.table(s, "from \"k.csv\" | agg n = count() by kommune, kode")
        #expect(s.fileSources.reads == 2, "every column it needs is held")
        let all = try F.table(s, "from \"k.csv\"")
        #expect(F.same(all, try F.table(s, "from d")))
        #expect(s.fileSources.reads == 3 && s.fileSources.columnsRead == 5)
        // An error is the one a whole read gives, suggestion included.
        let fresh = F.session(in: dir)
        #expect(fresh.execute("load \"k.csv\" as d").ok)
        let wrong = " | agg n = count() by kommmune"
        let a = fresh.execute("from \"k.csv\"" + wrong), b = fresh.execute("from d" + wrong)
        let firstA = a.error?.components(separatedBy: "\n").first, firstB = b.error?.components(separatedBy: "\n").first
        #expect(!a.ok && firstA == firstB, "\(firstA ?? "") vs \(firstB ?? "")")
        #expect(a.error?.contains("kommune") == true, "\(a.error ?? "")")
        // A type error in a named column is found the same way.
        let typed = fresh.execute("from \"k.csv\" | agg s = sum(kommune)")
        #expect(!typed.ok)
        #expect(typed.error?.components(separatedBy: "\n").first?.hasPrefix("error:") == true)
    }

    @Test("write \"x.json\" then from/load \"x.json\": types, nulls and æøå round-trip")
    func jsonRecordsRoundTrip() throws {
        let dir = try F.folder()
        let s = F.session(in: dir)
        let original = Table([
            ("kommune", Column(strings: ["Bærum", nil, "Tromsø \"nord\"\nlinje 2", "Ås\\Å"])),
            ("år", Column(values: [.int(2023), .int(-1), .null, .int(9_007_199_254_740_993)], type: .int)),
            ("årsverk", Column(values: [.double(2), .double(12.5), .null, .double(-0.001)], type: .double)),
            ("heltid", Column(values: [.bool(true), .null, .bool(false), .bool(true)], type: .bool)),
            ("tom", Column(strings: [nil, nil, nil, nil])),
        ])
        s.registry.bind("t", table: original, origin: .derived(statement: "test"))
        #expect(s.execute("from t | write \"t.json\"").ok)
        #expect(s.execute("load \"t.json\" as back").ok)
        let back = try F.table(s, "from back")
        #expect(F.same(back, original), "\(back.schema.fields.map(\.type))")
        #expect(F.same(try F.table(s, "from \"t.json\""), original))
        #expect(F.same(try F.table(s, "from \"t.json\" | select år"), try F.table(s, "from t | select år")))

        // Records missing members, members in another order, a mixed column (warned), and errors in one line.
        try Data(#"[{"a": 1, "b": "x"}, {"b": "y", "c": true}, {"a": 2.5, "b": 3}]"#.utf8).write(to: dir.appendingPathComponent("m.json"))
        let m = s.execute("load \"m.json\" as m")
        #expect(m.ok && m.output.contains("column `b`: mixed values (numbers, text) read as text"), "\(m.output) \(m.error ?? "")")
        let mt = try F.table(s, "from m")
        #expect(mt.columnNames == ["a", "b", "c"])
        #expect(mt.schema.fields.map(\.type) == [.double, .string, .bool])
        #expect(mt.row(1) == [.null, .string("y"), .bool(true)] && mt.row(2) == [.double(2.5), .string("3"), .null])
        for (json, first) in [
            (#"[{"a": [1]}]"#, "error: n.json: record 1, member \"a\": an array cannot be a table cell"),
            (#"[1, 2]"#, "error: n.json: record 1 is a number, not an object"),
            ("[{\"a\": 1},\n {\"a\": }]", "error: n.json: not valid JSON: unexpected `}` where a value should start (line 2, column 8)"),
            ("[]", "error: n.json: the JSON table holds no records, so it has no columns"),
        ] {
            try Data(json.utf8).write(to: dir.appendingPathComponent("n.json"))
            let e = s.execute("load \"n.json\"")
            #expect(!e.ok && e.error?.split(separator: "\n").first.map(String.init) == first, "\(json): \(e.error ?? "")")
        }
        try Data(#"[{"a": 1}]"#.utf8).write(to: dir.appendingPathComponent("n.json"))
        #expect(s.execute("load \"n.json\" dataset=1").error?.hasPrefix("error: n.json: `dataset=` applies to JSON-stat files") == true)
    }
}
