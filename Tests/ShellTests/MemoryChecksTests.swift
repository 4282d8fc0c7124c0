import Foundation
import Testing
import Tables
import Spreadsheet
@testable import Shell

/// The operators added after the memory promise (issue 20) check the budget before they allocate in
/// proportion to their output: `from "file"`, xlsx read and write, `plan` (statbank fetch: in
/// StatbankTests). The limit is 1 MB, below any process's resident size, so a check always refuses and
/// the verdict never depends on what other tests in this process hold; the messages name the
/// predictive check (`… needs about …`), not the resident-size poll that would catch it later.
@Suite("Memory checks of newer operators")
struct MemoryChecksTests {
    func session() throws -> (Session, URL) { try scratchSession("memchecks") }

    @Test func fromFileChecksBeforeReading() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "kommune,årsverk\nBodø,12.5\nTromsø,20\n".write(to: dir.appendingPathComponent("ut.csv"), atomically: true, encoding: .utf8)
        #expect(s.execute("set memory_limit 1MB").ok)
        let outcome = s.execute("from \"ut.csv\" | agg n = count()")
        let error = try #require(outcome.error)
        #expect(error.hasPrefix("error: loading `ut.csv` needs about "), "\(error)")
        #expect(error.contains("of the memory limit of 1 MB"))
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("from \"ut.csv\" | agg n = count()").output == "n\n2")
    }

    @Test func xlsxWriteChecksBeforeBuildingTheSheetAndWritesNothing() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let d = generate register rows=3 seed=1 | select municipality, fte").ok)
        #expect(s.execute("set memory_limit 1MB").ok)
        let outcome = s.execute("from d | write \"ut.xlsx\"")
        let error = try #require(outcome.error)
        #expect(error.hasPrefix("error: writing ut.xlsx (3 rows) needs about "), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ut.xlsx").path))
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("from d | write \"ut.xlsx\"").ok)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ut.xlsx").path))
    }

    @Test func xlsxReadChecksBeforeInflatingTheSheet() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let d = generate register rows=50 seed=1 | select municipality, fte").ok)
        #expect(s.execute("from d | write \"ut.xlsx\"").ok)
        let path = dir.appendingPathComponent("ut.xlsx").path
        // The reader's own check (the shell's file-size check comes first in `load`).
        do {
            _ = try MemoryBudget.withLimit(1 << 20) { try XLSXReader.read(path: path) }
            Issue.record("an xlsx read ran under a 1 MB limit")
        } catch let e as MemoryLimitError {
            #expect(e.message.hasPrefix("reading "), "\(e.message)")
            #expect(e.message.contains(" needs about "), "\(e.message)")
        }
        #expect(s.execute("set memory_limit 1MB").ok)
        let error = try #require(s.execute("load \"ut.xlsx\" as x").error)
        #expect(error.hasPrefix("error: loading `ut.xlsx` needs about "), "\(error)")
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("load \"ut.xlsx\" as x").output == "loaded x: 50 rows, 2 columns")
    }

    @Test func planChecksTheBudget() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "year,age,persons\n"
        for year in 2024...2030 { for age in 0...99 { csv += "\(year),\(age),\(1000 + age)\n" } }
        try csv.write(to: dir.appendingPathComponent("pop.csv"), atomically: true, encoding: .utf8)
        #expect(s.execute("load \"pop.csv\" as pop").ok)
        #expect(s.execute("set memory_limit 1MB").ok)
        let error = try #require(s.execute("plan ratios population=pop").error)
        #expect(error.contains("memory limit of 1 MB"), "\(error)")
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("plan ratios population=pop | agg n = count()").output == "n\n7")
    }
}
