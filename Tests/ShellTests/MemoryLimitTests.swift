import Foundation
import Testing
import Tables
@testable import Shell

/// `set memory_limit`: a load or a query that would go over the budget stops with a one-line error,
/// the datasets stay as they were and the session goes on.
///
/// The limit is the session's (bound around each statement), so other tests running in this process
/// at the same time are not held to it. The resident size of the test process is tens of MB and moves
/// with the other tests, so the limits here are either far below it (1 MB: any check fails, the
/// message is exact) or the current size plus a wide margin, with statements asking for gigabytes.
@Suite("Memory limit")
struct MemoryLimitTests {
    func session() throws -> (Session, URL) { try scratchSession("memory") }

    /// `set memory_limit N` with N = the process's resident size now plus `margin` bytes, as typed.
    func limitAboveNow(plus margin: Int) -> String {
        let limit = (MemoryBudget.refresh() + margin) >> 20
        return "\(limit)MB"
    }

    @Test("set memory_limit takes sizes, shares and default; `set` shows it")
    func setting() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.settings.memoryLimit == nil)
        #expect(s.execute("set").output.contains("memory_limit  default (\(MemoryBudget.format(MemoryBudget.defaultLimit)): 75 % of "))
        #expect(s.execute("set memory_limit 4GB").ok)
        #expect(s.settings.memoryLimit == 4 << 30)
        #expect(s.execute("set").output.split(separator: "\n").contains("memory_limit  4 GB"))
        #expect(s.execute("set memory_limit 2.5 GB").ok)
        #expect(s.settings.memoryLimit == 5 << 29)
        #expect(s.execute("set memory_limit 512mb").ok)
        #expect(s.settings.memoryLimit == 512 << 20)
        #expect(s.execute("set memory_limit 50%").ok)
        #expect(s.settings.memoryLimit == MemoryBudget.availableMemory / 2)
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.settings.memoryLimit == nil)
        #expect(s.succeededStatements.contains("set memory_limit 4GB"))
        #expect(s.execute("help set").output.contains("set memory_limit 4GB|512MB|50%|default"))
    }

    @Test("a bad memory size changes nothing and points at it")
    func badSetting() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("set memory_limit 4GB").ok)
        let bad = s.execute("set memory_limit lots")
        #expect(bad.error == """
            error: `lots` is not a memory size
            set memory_limit lots
                             ^^^^
            hint: usage: set memory_limit 4GB|512MB|50%|default
            """)
        let tiny = s.execute("set memory_limit 10 KB")
        #expect(tiny.error?.hasPrefix("""
            error: a memory limit below 1 MB leaves no room to work
            set memory_limit 10 KB
                             ^^^^^
            """) == true)
        #expect(s.execute("set memory_limit").error?.hasPrefix("error: `set memory_limit` needs a value") == true)
        #expect(s.settings.memoryLimit == 4 << 30)
    }

    @Test("a load over the budget is refused before reading; the dataset of that name is unchanged")
    func loadRefused() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "kommune,årsverk\nBodø,12.5\nTromsø,20\n".write(to: dir.appendingPathComponent("small.csv"), atomically: true, encoding: .utf8)
        var big = "kommune,årsverk\n"
        for i in 0..<20_000 { big += "Kommune \(i),\(i).5\n" }
        try big.write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let size = try #require(DataLoading.fileSize(dir.appendingPathComponent("big.csv").path))
        #expect(s.execute("load \"small.csv\" as d").ok)
        #expect(s.execute("set memory_limit 1MB").ok)
        let outcome = s.execute("load \"big.csv\" as d")
        #expect(!outcome.ok)
        #expect(outcome.error == """
            error: loading `big.csv` needs about \(MemoryBudget.format(size / 5 * 6)), more than the 0 B left of the memory limit of 1 MB
            load "big.csv" as d
                 ^^^^^^^^^
            hint: raise it with `set memory_limit 1GB` or work on fewer rows (where, select) first
            """)
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("from d").output == "kommune,årsverk\nBodø,12.5\nTromsø,20")
        #expect(s.execute("load \"big.csv\" as d").output == "loaded d: 20 000 rows, 2 columns")
    }

    @Test("generate register over the budget is refused at rows=; the session goes on under the same limit")
    func generateRefused() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let d = generate register rows=1000 seed=3").ok)
        #expect(s.execute("let one = generate register rows=1").ok)
        let perRow = try s.registry.table(named: "one").columns.reduce(0) { $0 + $1.bytesPerRow }
        let limit = limitAboveNow(plus: 400 << 20)
        #expect(s.execute("set memory_limit \(limit)").ok)
        let outcome = s.execute("let d = generate register rows=50000000")
        let error = try #require(outcome.error)
        let lines = error.split(separator: "\n").map(String.init)
        let needed = MemoryBudget.format(50_000_000 * perRow)
        #expect(lines[0].hasPrefix("error: generating 50 000 000 rows needs about \(needed), more than the "))
        #expect(lines[0].hasSuffix(" left of the memory limit of \(MemoryBudget.format(MemoryBudget.parseSize(limit)!))"))
        #expect(lines[1] == "let d = generate register rows=50000000")
        #expect(lines[2] == "                          ^^^^^^^^^^^^^")
        #expect(lines[3].hasPrefix("hint: raise it with `set memory_limit "))
        // Nothing changed, and the next statement runs under the same limit.
        #expect(s.execute("from d | agg n = count(), fte = sum(fte) | select n").output == "n\n1000")
        #expect(s.execute("let e = generate register rows=2000 seed=3").ok)
    }

    @Test("a join whose output would not fit is refused before its rows are made")
    func joinRefused() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let d = generate register rows=20000 seed=1 | select occupation, age").ok)
        #expect(s.execute("set memory_limit \(limitAboveNow(plus: 400 << 20))").ok)
        let outcome = s.execute("let d = from d | join d on occupation")
        let error = try #require(outcome.error)
        // 20 000 rows over a handful of occupations: ~90 million pairs, gigabytes.
        #expect(error.hasPrefix("error: this join ("))
        #expect(error.contains(" rows) needs about "))
        #expect(error.contains(" GB, more than the "))
        #expect(s.execute("from d | agg n = count()").output == "n\n20000")
        #expect(s.execute("from d | join d on occupation, age | agg n = count() | select n").ok)
    }

    @Test("a query that grows past the budget stops at the next check; the dataset is unchanged")
    func queryStopped() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let r = generate register rows=20000 seed=2 | select age, fte").ok)
        // 1 MB is below any process's resident size: the first check in the query stops it.
        #expect(s.execute("set memory_limit 1MB").ok)
        let outcome = s.execute("let r = from r | derive a = age * 2 | sort a")
        let error = try #require(outcome.error)
        let lines = error.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("error: stopped: hws used "))
        #expect(lines[0].hasSuffix(" MB, over the memory limit of 1 MB"))
        #expect(lines[1] == "hint: raise it with `set memory_limit 1GB` or work on fewer rows (where, select) first")
        #expect(s.execute("set memory_limit default").ok)
        #expect(s.execute("describe r").output.contains("fte"))
        #expect(!s.execute("describe r").output.contains("\na,"))
        #expect(s.execute("from r | agg n = count()").output == "n\n20000")
        #expect(!s.succeededStatements.contains { $0.contains("derive a") })
    }
}

/// The real binary under a memory limit: a query that needs about twice the limit stops with the error
/// (the polled check, not a prediction), the dataset keeps its columns and the script goes on.
@Suite("Memory limit in the hws binary")
struct MemoryLimitBinaryTests {
    @Test func aQueryOverTheLimitStopsAndTheScriptGoesOn() throws {
        // 400 000 rows × 30 derived doubles ≈ 100 MB more, plus the sort: about 230 MB at the peak
        // unlimited (measured), in a process of ~60 MB.
        let derived = (0..<30).map { "c\($0) = age * \($0).5" }.joined(separator: ", ")
        let script = """
            let r = generate register rows=400000 seed=1 | select age, fte
            set memory_limit 100MB
            let r = from r | derive \(derived) | sort c1, c2
            from r | agg n = count(), columns = 2
            describe r
            """
        let run = try BinaryTests.run(["--keep-going", "-c", script])
        #expect(run.status == 1)
        let errorLines = run.stderr.split(separator: "\n").map(String.init)
        #expect(errorLines.first?.hasPrefix("-c:3: error: stopped: hws used ") == true, "\(run.stderr)")
        #expect(errorLines.first?.hasSuffix(" MB, over the memory limit of 100 MB") == true, "\(run.stderr)")
        #expect(errorLines.last == "hint: raise it with `set memory_limit 1GB` or work on fewer rows (where, select) first")
        #expect(run.stdout.contains("400 000 │       2"), "\(run.stdout)")
        #expect(run.stdout.contains("fte "))
        #expect(!run.stdout.contains("c29"))
    }
}
