import Foundation
import Testing
@testable import Tables

@Suite("Table rendering")
struct TableRendererTests {
    static let table: Table = {
        var t = Table([
            ("yrke", Column(strings: ["Sykepleier", "Helsefagarbeider", "Lege"])),
            ("år", Column(ints: [2021, 2021, 2021])),
            ("årsverk", Column(ints: [37_870, 50_095, 930])),
            ("andel", Column(doubles: [0.412, 0.2, 0.9876])),
            ("snitt", Column(doubles: [0.5, 1.25, 12.0])),
        ])
        t.setUnit("share", for: "andel")
        return t
    }()

    @Test("terminal table: numbers right-aligned with thousands separators, years ungrouped, shares as %, æøå one cell")
    func pretty() {
        let text = TableRenderer.render(Self.table, options: RenderOptions())
        #expect(text == """
            yrke                år  årsverk   andel  snitt
            ────────────────  ────  ───────  ──────  ─────
            Sykepleier        2021   37 870  41.2 %   0.50
            Helsefagarbeider  2021   50 095  20.0 %   1.25
            Lege              2021      930  98.8 %  12.00
            """)
    }

    @Test("first N rows then a footer; ASCII rules")
    func footerAndAscii() {
        let text = TableRenderer.render(Self.table, options: RenderOptions(maxRows: 1, ascii: true))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        #expect(lines.count == 4)
        #expect(lines[3] == "... 2 more rows")
        let big = Table([("n", Column(ints: Array(0..<12_350)))])
        #expect(TableRenderer.render(big, options: RenderOptions(maxRows: 5)).hasSuffix("\n… 12 345 more rows"))
    }

    @Test("narrow width cuts text with … and leaves out columns that do not fit")
    func narrow() {
        let text = TableRenderer.render(Self.table, options: RenderOptions(width: 30))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(lines[0].hasPrefix("yrke"))
        #expect(lines.last?.hasPrefix("… ") == true)
        #expect(lines.last?.contains("more columns: ") == true)
    }

    @Test("fixed decimals")
    func decimals() {
        let text = TableRenderer.render(Self.table, options: RenderOptions(decimals: 0))
        #expect(text.contains("Sykepleier        2021   37 870   41 %      0"))
        #expect(text.contains("Lege              2021      930   99 %     12"))
    }

    @Test("csv, tsv, json and markdown")
    func machineFormats() {
        let t = Table([("navn", Column(strings: ["Ås, \"Øvre\"", nil])), ("n", Column(values: [.int(1), .null], type: .int)),
                       ("x", Column(doubles: [0.5, 2]))])
        #expect(TableRenderer.render(t, options: RenderOptions(format: .csv)) == "navn,n,x\n\"Ås, \"\"Øvre\"\"\",1,0.5\n,,2")
        #expect(TableRenderer.render(t, options: RenderOptions(format: .tsv)) == "navn\tn\tx\nÅs, \"Øvre\"\t1\t0.5\n\t\t2")
        #expect(TableRenderer.render(t, options: RenderOptions(format: .json)) == """
            [
              {"navn": "Ås, \\"Øvre\\"", "n": 1, "x": 0.5},
              {"navn": null, "n": null, "x": 2}
            ]
            """)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .markdown)) == """
            | navn | n | x |
            | --- | ---: | ---: |
            | Ås, "Øvre" | 1 | 0.5 |
            |  |  | 2.0 |
            """)
    }
}

@Suite("Table description and CSV writer")
struct DescriptionAndWriterTests {
    @Test("describe: type, nulls, distinct, min, max, sample per column")
    func describe() {
        let t = Table([("yrke", Column(strings: ["Lege", nil, "Ærlig", "Lege"])), ("n", Column(values: [.int(3), .int(-1), .null, .int(3)], type: .int))])
        let d = TableDescription.describe(t)
        #expect(d.columnNames == ["column", "type", "nulls", "distinct", "min", "max", "sample"])
        #expect(d.row(0) == [.string("yrke"), .string("text"), .int(1), .int(2), .string("Lege"), .string("Ærlig"), .string("Lege, Ærlig")])
        #expect(d.row(1) == [.string("n"), .string("int"), .int(1), .int(2), .string("-1"), .string("3"), .string("3, -1")])
    }

    @Test("CSV writer round-trips through the reader: quotes, newlines, æøå, nulls; no temp file left")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("ut.csv").path
        let t = Table([
            ("kommune", Column(strings: ["Tromsø", "Ås, \"sør\"", "linje\nto", nil])),
            ("årsverk", Column(values: [.double(1.5), .double(2.25), .null, .double(-3.5)], type: .double)),
            ("heltid", Column(bools: [true, false, true, false])),
        ])
        try CSVWriter.write(t, to: path)
        let back = try CSVReader.read(path: path).table
        #expect(back.columnNames == ["kommune", "årsverk", "heltid"])
        #expect(back.rowCount == 4)
        #expect(back[0, 0] == .string("Tromsø"))
        #expect(back[1, 0] == .string("Ås, \"sør\""))
        #expect(back[2, 0] == .string("linje\nto"))
        #expect(back[3, 0] == .null)
        #expect(back[1, 1] == .double(2.25))
        #expect(back[2, 1] == .null)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ut.csv"])
    }

    @Test("writing into a missing folder fails and names the file")
    func missingFolder() {
        #expect(throws: CSVWriter.WriteError.self) {
            try CSVWriter.write(Table([("a", Column(ints: [1]))]), to: "/nonexistent-hws/x.csv")
        }
    }
}
