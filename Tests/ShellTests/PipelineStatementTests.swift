import Foundation
import Testing
import Tables
@testable import Shell

/// Pipelines and `let` through `Session.execute`, on small files written by the test.
@Suite("Pipeline statements")
struct PipelineStatementTests {
    /// A session whose only dataset is `årsverk` (occupation, year, fte), loaded from a file.
    static func session() throws -> Session {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            yrke,år,årsverk
            Sykepleier,2020,100
            Sykepleier,2021,110
            Helsefagarbeider,2020,80
            Helsefagarbeider,2021,70
            Lege,2021,30
            """.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: dir.appendingPathComponent("none").path,
                                                workingDirectory: dir.path))
        let loaded = s.execute("load \"data.csv\" as årsverk")
        #expect(loaded.ok, "\(loaded.error ?? "")")
        return s
    }

    @Test("a failing query shows the statement, a caret under the unknown column, and the nearest name")
    func unknownColumn() throws {
        let s = try Self.session()
        let outcome = s.execute("from årsverk | where ar == 2021 | select yrke, arsverk")
        #expect(!outcome.ok)
        // `ar` is found first (binding runs step by step).
        #expect(outcome.error == """
            error: unknown column `ar`
            from årsverk | where ar == 2021 | select yrke, arsverk
                                 ^^
            hint: did you mean `år`?
            """)
        let second = s.execute("from årsverk | select yrke, arsverk")
        let lines = try #require(second.error).split(separator: "\n").map(String.init)
        #expect(lines[2] == String(repeating: " ", count: 28) + "^^^^^^^")
        #expect(lines[3] == "hint: did you mean `årsverk`?")
    }

    @Test("let binds a result; a failing let binds nothing")
    func letBinding() throws {
        let s = try Self.session()
        let outcome = s.execute("let per_yrke = from årsverk | agg fte = sum(årsverk) by yrke")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output == "per_yrke: 3 rows, 2 columns")
        let t = try s.registry.table(named: "per_yrke")
        #expect(t.columnNames == ["yrke", "fte"])
        #expect(!s.execute("let broken = from årsverk | where nope > 1").ok)
        #expect(!s.registry.contains("broken"))
        #expect(s.succeededStatements == ["load \"data.csv\" as årsverk", "let per_yrke = from årsverk | agg fte = sum(årsverk) by yrke"])
    }

    @Test("a multi-line pipeline in a script: the error names the physical line of the bad token")
    func multiLineScript() throws {
        let s = try Self.session()
        let outcome = s.execute("from årsverk |\n  where yrk == \"Lege\"", origin: StatementOrigin(file: "a.hws", line: 10))
        #expect(outcome.error == """
            a.hws:11: error: unknown column `yrk`
              where yrk == "Lege"
                    ^^^
            hint: did you mean `yrke` or `år`?
            """)
    }

    @Test("`;` separates statements; a `;` inside a string does not")
    func semicolons() throws {
        let s = try Self.session()
        let outcome = s.execute("set format csv; from årsverk | where yrke != \"a;b\" | agg n = count()")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output == "n\n5")
    }

    @Test("generate register heads a pipeline")
    func generate() throws {
        let s = try Self.session()
        s.settings.format = .csv
        let outcome = s.execute("generate register rows=1000 seed=7 | agg n = count()")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output == "n\n1000")
    }

    @Test("an unknown pipeline command suggests the nearest")
    func unknownCommand() throws {
        let s = try Self.session()
        #expect(s.execute("generate regster rows=10").ok == false)
        let outcome = s.execute("fro årsverk")
        #expect(outcome.error?.contains("hint: did you mean `from`?") == true)
    }
}

@Suite("Terminal steps: chart and write")
struct TerminalStepTests {
    @Test("write round-trips through load, æøå kept, and says how many rows")
    func writeRoundTrip() throws {
        let s = try PipelineStatementTests.session()
        let outcome = s.execute("from årsverk | where år == 2021 | write \"ut 2021.csv\"")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output == "wrote 3 rows to ut 2021.csv")
        #expect(s.execute("load \"ut 2021.csv\" as tilbake").ok)
        let back = try s.registry.table(named: "tilbake")
        #expect(back.columnNames == ["yrke", "år", "årsverk"])
        #expect(back[0, 0] == .string("Sykepleier"))
        #expect(back[2, 2] == .int(30))
    }

    @Test("a write into a missing folder fails at the file name and writes nothing")
    func writeFails() throws {
        let s = try PipelineStatementTests.session()
        let outcome = s.execute("from årsverk | write \"no/such/dir/x.csv\"")
        #expect(!outcome.ok)
        #expect(outcome.error?.hasPrefix("error: cannot write no/such/dir/x.csv") == true)
    }

    @Test("chart draws with the session's width and charset; a bad chart writes nothing")
    func chart() throws {
        let s = try PipelineStatementTests.session()
        #expect(s.execute("set width 40; set charset ascii").ok)
        let outcome = s.execute("from årsverk | agg fte = sum(årsverk) by yrke | chart bar x=yrke y=fte")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 && $0.unicodeScalars.allSatisfy(\.isASCII) || $0.contains("ø") })
        #expect(lines.contains { $0.hasPrefix("Sykepleier") })
        let bad = s.execute("from årsverk | write \"chart.csv\" | chart bar x=nope y=årsverk")
        #expect(!bad.ok)
    }
}
