import Foundation
import Testing
import Tables
import Query
import Spreadsheet
@testable import Shell

/// `from "file" | …` reads files where they lie: it must give what `load` then `from NAME` gives, for every
/// format and on CSV's awkward cases; the session keeps the table while the file is unchanged; `write`
/// picks the format from the extension.
@Suite("from \"file\" and write by extension")
struct FileSourceTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func session(in dir: URL) -> Session {
        Session(options: SessionOptions(datasetsDirectory: dir.appendingPathComponent("none").path, workingDirectory: dir.path))
    }

    /// Runs a pipeline and returns its table.
    static func table(_ s: Session, _ text: String) throws -> Table {
        guard case .query(let p) = try QueryParser.parse(text) else { throw TableError("not a query") }
        return try QueryEngine(resolver: s.resolver).execute(p).table
    }

    static func same(_ a: Table, _ b: Table) -> Bool {
        a.columnNames == b.columnNames && a.schema.fields.map(\.type) == b.schema.fields.map(\.type)
            && (0..<a.rowCount).map { a.row($0) } == (0..<b.rowCount).map { b.row($0) } && a.rowCount == b.rowCount
    }

    /// CSV's awkward cases: (file text, options for load and from).
    static let corpus: [(String, String)] = [
        ("kommune,år,årsverk\nBærum,2023,12.5\nTromsø,2024,\nÅlesund,2024,7\n", ""),
        ("kommune;år;årsverk\nBærum;2023;12,5\nTromsø;2024;..\n", "delimiter=; decimal=comma"),
        ("\"12362: Årsverk, etter kommune\"\n\nregion,2022,2023\n0301 Oslo,1,2\n4601 Bergen,3,\n", ""),
        ("navn,notat\n\"Hansen, Per\",\"to\nlinjer\"\n\"Ødegård\",\"sa \"\"hei\"\"\"\n", ""),
        ("\u{FEFF}kode,verdi\n0301,1\n0101,-\n", ""),
        ("a,b,c\n1,2\n3,4,5\n", "ragged=pad"),
        ("x,y\n1,true\n2,false\n", "types=no"),
        ("1,2\n3,4\n", "header=no"),
    ]

    /// A gzip file holding `bytes` in stored (uncompressed) deflate blocks, made here so the test needs no tool.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        crc ^= 0xFFFF_FFFF
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        var blocks = stride(from: 0, to: bytes.count, by: 1000).map { bytes[$0..<min(bytes.count, $0 + 1000)] }
        if blocks.isEmpty { blocks = [[]] }
        for (k, block) in blocks.enumerated() {
            let n = UInt16(block.count)
            out += [k == blocks.count - 1 ? 1 : 0, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)]
            out += block
        }
        func le(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        return out + le(crc) + le(UInt32(bytes.count))
    }

    @Test("from \"file\" equals load then from: CSV, TSV, .csv.gz and .xlsx on CSV's awkward cases")
    func fromFileEqualsLoad() throws {
        for (k, (text, options)) in Self.corpus.enumerated() {
            let dir = try Self.folder()
            let s = Self.session(in: dir)
            try Data(text.utf8).write(to: dir.appendingPathComponent("c\(k).csv"))
            try Data(Self.gzip(Array(text.utf8))).write(to: dir.appendingPathComponent("g\(k).csv.gz"))
            let loaded = s.execute("load \"c\(k).csv\" as d \(options)")
            #expect(loaded.ok, "case \(k): \(loaded.error ?? "")")
            let fromLoad = try Self.table(s, "from d")
            let fromFile = try Self.table(s, "from \"c\(k).csv\" \(options)")
            #expect(Self.same(fromLoad, fromFile), "case \(k) csv")
            let fromGzip = try Self.table(s, "from \"g\(k).csv.gz\" \(options)")
            #expect(Self.same(fromLoad, fromGzip), "case \(k) csv.gz")
            #expect(s.execute("load \"g\(k).csv.gz\" \(options)").output.hasSuffix("loaded g\(k): \(NumberFormat.counted(fromLoad.rowCount, "row")), \(NumberFormat.counted(fromLoad.columnCount, "column"))"))
            // The loaded table written as TSV and .xlsx, read back both ways.
            for ext in ["tsv", "xlsx"] {
                #expect(s.execute("from d | write \"w\(k).\(ext)\"").ok, "case \(k) write .\(ext)")
                let loadedBack = s.execute("load \"w\(k).\(ext)\" as back")
                #expect(loadedBack.ok, "case \(k) .\(ext): \(loadedBack.error ?? "")")
                let a = try Self.table(s, "from back"), b = try Self.table(s, "from \"w\(k).\(ext)\"")
                #expect(Self.same(a, b), "case \(k) .\(ext)")
            }
            // A workbook keeps every type: the .xlsx read back is the table itself.
            if fromLoad.rowCount > 0, !options.contains("types=no") {
                let xlsx = try Self.table(s, "from \"w\(k).xlsx\"")
                #expect(Self.same(xlsx, fromLoad), "case \(k): .xlsx round trip")
            }
        }
    }

    @Test("from \"file.json\" (JSON-stat) equals load then from")
    func jsonStat() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TablesTests/Fixtures/jsonstat/ssb-11846-like.json")
        let dir = try Self.folder()
        try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("stat.json"))
        let s = Self.session(in: dir)
        #expect(s.execute("load \"stat.json\" as d").ok)
        #expect(Self.same(try Self.table(s, "from d"), try Self.table(s, "from \"stat.json\"")))
    }

    @Test("a workbook's sheet and range, in load and from")
    func workbookOptions() throws {
        let dir = try Self.folder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpreadsheetTests/Fixtures/openpyxl-kostra.xlsx")
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent("kostra.xlsx"))
        let s = Self.session(in: dir)
        let loaded = s.execute("load \"kostra.xlsx\" as k range=A3:C5")
        #expect(loaded.output == "loaded k: 2 rows, 3 columns", "\(loaded.error ?? "")")
        #expect(Self.same(try Self.table(s, "from k"), try Self.table(s, "from \"kostra.xlsx\" range=A3:C5")))
        let ark2 = try Self.table(s, "from \"kostra.xlsx\" sheet=\"Ark2\" | where personer > 100")
        #expect(ark2.rowCount == 1)
        #expect(ark2[0, 0] == .string("Nordland"))
        // Notes the reader made are shown once, with the statement that read the file.
        let first = s.execute("from \"kostra.xlsx\" | agg n = count()")
        #expect(first.output.hasPrefix("warning: 1 note row below the table left out (A9: `Kilde: Statistisk sentralbyrå`)"))
        // A statement that read a file and then failed leaves no warnings for the next one.
        let other = try Self.folder()
        try FileManager.default.copyItem(at: fixture, to: other.appendingPathComponent("k2.xlsx"))
        #expect(!s.execute("from \"\(other.path)/k2.xlsx\" | where nope > 1").ok)
        #expect(!s.execute("from k | head 1").output.contains("warning"))
    }

    @Test("a second question about an unchanged file does not read it again; a changed file is read again")
    func cacheBySizeAndTime() throws {
        let dir = try Self.folder()
        let path = dir.appendingPathComponent("t.csv")
        try Data("a,b\n1,2\n".utf8).write(to: path)
        let s = Self.session(in: dir)
        #expect(try Self.table(s, "from \"t.csv\" | where a > 0").rowCount == 1)
        #expect(try Self.table(s, "from \"t.csv\" | select a").rowCount == 1)
        #expect(s.fileSources.reads == 1)
        // Other options are another reading.
        _ = try Self.table(s, "from \"t.csv\" header=no")
        #expect(s.fileSources.reads == 2)
        try Data("a,b\n1,2\n3,4\n".utf8).write(to: path)
        #expect(try Self.table(s, "from \"t.csv\" | select a").rowCount == 2)
        #expect(s.fileSources.reads == 3)
    }

    @Test("errors: one line naming the file as written, with a caret at it")
    func errors() throws {
        let dir = try Self.folder()
        let s = Self.session(in: dir)
        try Data("not a workbook".utf8).write(to: dir.appendingPathComponent("bad.xlsx"))
        try Data("a,b\n1,2\n".utf8).write(to: dir.appendingPathComponent("ok.csv"))
        let cases: [(String, String)] = [
            ("from \"bad.xlsx\"", "error: bad.xlsx: not an Excel workbook: the file is not a ZIP archive"),
            ("load \"bad.xlsx\"", "error: bad.xlsx: not an Excel workbook: the file is not a ZIP archive"),
            ("from \"missing.csv\"", "error: missing.csv: cannot open the file: No such file or directory"),
            ("from \"ok.csv\" sheet=Ark1", "error: `sheet=` applies to .xlsx workbooks"),
            ("from \"bad.xlsx\" delimiter=\";\"", "error: `delimiter=` applies to CSV files, not to .xlsx workbooks"),
            ("from \"bad.xlsx\" range=1A:B2", "error: `1A:B2` is not a cell range"),
            ("from \"ok.csv\" | write \"out.parquet\"", "error: `write` cannot write .parquet files"),
            ("from \"ok.csv\" | write \"out\"", "error: `write` needs a file name with an extension"),
            ("from \"\"", "error: `from \"\"` needs a file name"),
            ("from \"old.xls\"", "error: old.xls: old .xls workbooks cannot be read"),
            ("load \"notes.md\"", "error: notes.md: Markdown tables are written, not read"),
        ]
        for (statement, first) in cases {
            let outcome = s.execute(statement)
            #expect(!outcome.ok, "\(statement)")
            let lines = (outcome.error ?? "").split(separator: "\n").map(String.init)
            #expect(lines.first == first, "\(statement)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.parquet").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("write by extension: .csv, .tsv, .json, .md, .xlsx")
    func writeByExtension() throws {
        let dir = try Self.folder()
        try Data("kommune,årsverk\nBærum,12.5\nTromsø,\n".utf8).write(to: dir.appendingPathComponent("k.csv"))
        let s = Self.session(in: dir)
        for ext in ["csv", "tsv", "json", "md", "xlsx"] {
            let outcome = s.execute("from \"k.csv\" | write \"ut.\(ext)\"")
            #expect(outcome.output == "wrote 2 rows to ut.\(ext)", "\(outcome.error ?? "")")
        }
        func text(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        #expect(try text("ut.csv") == "kommune,årsverk\nBærum,12.5\nTromsø,\n")
        #expect(try text("ut.tsv") == "kommune\tårsverk\nBærum\t12.5\nTromsø\t\n")
        #expect(try text("ut.json").contains("{\"kommune\": \"Bærum\", \"årsverk\": 12.5}"))
        #expect(try text("ut.md").hasPrefix("| kommune | årsverk |"))
        let back = try XLSXReader.read(path: dir.appendingPathComponent("ut.xlsx").path)
        #expect(back.table.columnNames == ["kommune", "årsverk"])
        #expect(back.table[0, 0] == .string("Bærum") && back.table[0, 1] == .double(12.5) && back.table[1, 1] == .null)
        #expect(back.sheet == "ut")
    }
}
