import Foundation
import Testing
import Tables
@testable import Shell

@Suite("load statement")
struct LoadTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func session(in dir: URL) -> Session {
        Session(options: SessionOptions(datasetsDirectory: dir.appendingPathComponent("none").path, workingDirectory: dir.path))
    }

    @Test func delimiterSemicolonNeedsNoQuotes() throws {
        let dir = try Self.folder()
        try Data("a;b\n1;x\n".utf8).write(to: dir.appendingPathComponent("semi.csv"))
        let s = session(in: dir)
        let outcome = s.execute("load \"semi.csv\" as semi delimiter=;")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(try s.registry.table(named: "semi").columnNames == ["a", "b"])
    }

    @Test("Norwegian export: `;`, decimal comma, Latin-1 with encoding=latin1; æøå kept")
    func norwegianExport() throws {
        let dir = try Self.folder()
        let latin1: [UInt8] = [
            0x79, 0x72, 0x6B, 0x65, 0x3B, 0xE5, 0x72, 0x73, 0x76, 0x65, 0x72, 0x6B, 0x0A, // yrke;årsverk
            0x53, 0x6B, 0xF8, 0x79, 0x74, 0x65, 0x3B, 0x35, 0x2C, 0x35, 0x0A,             // Skøyte;5,5
        ]
        try Data(latin1).write(to: dir.appendingPathComponent("eksport.csv"))
        let s = session(in: dir)
        let outcome = s.execute("load \"eksport.csv\" as yrker encoding=latin1 delimiter=semicolon decimal=\",\"")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output.hasSuffix("loaded yrker: 1 row, 2 columns"))
        let table = try s.registry.table(named: "yrker")
        #expect(table.columnNames == ["yrke", "årsverk"])
        #expect(table[0, 0] == .string("Skøyte"))
        #expect(table[0, 1] == .double(5.5))
    }

    @Test("the name defaults to the file stem; a later load replaces it")
    func defaultName() throws {
        let dir = try Self.folder()
        try "a,b\n1,2\n3,4\n".write(to: dir.appendingPathComponent("tall.csv"), atomically: true, encoding: .utf8)
        let s = session(in: dir)
        #expect(s.execute("load \"tall.csv\"").output == "loaded tall: 2 rows, 2 columns")
        #expect(try s.registry.table(named: "tall").rowCount == 2)
        #expect(s.succeededStatements == ["load \"tall.csv\""])
    }

    @Test("a malformed file: error names file, line and column; the dataset loaded before stays")
    func malformed() throws {
        let dir = try Self.folder()
        try "a,b\n1,2\n".write(to: dir.appendingPathComponent("ok.csv"), atomically: true, encoding: .utf8)
        try "a,b\n1,2\n3,4,5\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let s = session(in: dir)
        #expect(s.execute("load \"ok.csv\" as data").ok)
        let outcome = s.execute("load \"bad.csv\" as data")
        #expect(!outcome.ok)
        let first = try #require(outcome.error?.split(separator: "\n").first)
        #expect(first.hasPrefix("error: bad.csv line 3"))
        #expect(outcome.error?.contains("\nload \"bad.csv\" as data\n     ^^^^^^^^^\n") == true
                || outcome.error?.hasSuffix("\nload \"bad.csv\" as data\n     ^^^^^^^^^") == true)
        #expect(try s.registry.table(named: "data").rowCount == 1)
    }

    @Test("bad options are errors at the option, with the accepted values")
    func badOptions() {
        let s = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test"))
        #expect(s.execute("load \"x.csv\" encodng=latin1").error?.contains("hint: did you mean `encoding`?") == true)
        #expect(s.execute("load \"x.csv\" as 9lives").error?.contains("cannot name a dataset") == true)
        #expect(s.execute("load").error?.contains("`load` needs a file name") == true)
    }

    @Test("bundled datasets are registered lazily and loaded on first use")
    func lazyBundled() throws {
        let dir = try Self.folder()
        try "name,title,source,unit,caveats\nårsverk,Årsverk 2021,SSB,årsverk,avrundet\n"
            .write(to: dir.appendingPathComponent("catalog.csv"), atomically: true, encoding: .utf8)
        try "yrke,årsverk\nSykepleier,3787\n".write(to: dir.appendingPathComponent("årsverk.csv"), atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: dir.path, workingDirectory: dir.path))
        #expect(s.registry.entry("årsverk")?.table == nil)
        let listed = s.execute("datasets").output
        #expect(listed.contains("årsverk"))
        #expect(listed.contains("årsverk │      │         │ 30 B │ Årsverk 2021"), "\(listed)")
        #expect(s.registry.entry("årsverk")?.table == nil, "listing loaded it")
        #expect(try s.registry.table(named: "årsverk").rowCount == 1)
        #expect(s.execute("datasets").output.contains("årsverk │    1 │       2 │ 30 B │ Årsverk 2021"))
    }
}
