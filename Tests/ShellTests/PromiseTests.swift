import Foundation
import Testing
import Tables
@testable import Shell
#if canImport(Glibc)
import Glibc
#endif

/// Issue 20, "promises": operators that allocate in proportion to their output check the memory
/// budget before and while they allocate; non-files are refused in one line; stdin lines are bounded;
/// a shared history file keeps every shell's entries.
@Suite("Promises: memory, non-files, stdin, history")
struct PromiseTests {
    func session() throws -> (Session, URL) { try scratchSession("promise") }

    /// These three run in a child `hws` at a terminal: the limit is set at the CHILD's resident size
    /// plus a margin, read from `/proc/PID/statm`. In this process the resident size moves with the
    /// suites running beside it (a neighbour freeing 100 MB gave a concat all the room it needed on a
    /// CI runner), so a margin of tens of MB could not be a fair verdict here.
    typealias Child = CancellationLatencyTests.Shell

    /// `set memory_limit` at the child's resident size now plus `margin` bytes.
    func limit(of child: Child, plus margin: Int) throws -> String {
        let statm = try String(contentsOfFile: "/proc/\(child.pty.pid)/statm", encoding: .utf8)
        let fields = statm.split(separator: " ")
        let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil, "statm: \(statm)")
        return "\((pages * Int(sysconf(Int32(_SC_PAGESIZE))) + margin) >> 20)MB"
    }

    /// Runs `statement` in the child over a limit `margin` bytes above its resident size now, and
    /// expects it to stop at the limit; then `name` does not exist and `r` still has `rows` rows.
    func expectStopped(_ statement: String, margin: Int, setUp: String, rows: Int, name: String,
                       also: (String) -> Bool = { _ in true }) throws {
        guard let child = try Child() else { print("skipped: no pseudo-terminal can be opened here"); return }
        defer { child.quit(); try? FileManager.default.removeItem(atPath: child.folder) }
        #expect(child.run(setUp).contains("r: \(NumberFormat.grouped(Int64(rows))) rows"))
        child.run("set format csv")
        child.run("set memory_limit \(try limit(of: child, plus: margin))")
        let out = child.run(statement)
        #expect(out.contains("error: ") && out.contains("memory limit"), "\(out)")
        #expect(also(out), "\(out)")
        #expect(child.run("from \(name)").contains("error: "))
        child.run("set memory_limit default")
        let count = child.run("from r | agg n = count()")
        #expect(count.contains("n\r\n\(rows)\r\n"), "\(count)")
    }

    @Test("unpivot reserves its output before allocating it")
    func unpivotStopsAtTheLimit() throws {
        // 1 000 000 rows × (15 kept columns + name + value): about 90 MB over a 48 MB margin.
        try expectStopped("let u = from r | unpivot age, fte, position_pct, contracted_days, sick_leave_days into name, value",
                          margin: 48 << 20, setUp: "let r = generate register rows=200000 seed=1", rows: 200_000, name: "u")
    }

    @Test("unpivot within the budget reshapes exactly")
    func unpivotReshapesExactly() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(s.execute("let r = generate register rows=200 seed=1").ok)
        let small = s.execute("from r | head 2 | select employee_id, age, fte | unpivot age, fte into name, value")
        let ages = try #require(s.execute("from r | head 2 | select age, fte").output.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",") })
        #expect(small.output == """
            employee_id,name,value
            1,age,\(ages[0][0])
            1,fte,\(ages[0][1])
            2,age,\(ages[1][0])
            2,fte,\(ages[1][1])
            """, "\(small)")
    }

    @Test("pivot into very many columns is refused before it allocates the cells")
    func pivotStopsAtTheLimit() throws {
        // ~350 municipalities × 200 000 ids: 70 M cells.
        try expectStopped("let p = from r | select municipality, employee_id, fte | pivot employee_id values fte",
                          margin: 48 << 20, setUp: "let r = generate register rows=200000 seed=1", rows: 200_000, name: "p",
                          also: { $0.contains("this pivot") || $0.contains("stopped: hws used") })
    }

    @Test("concat stops while its strings grow past the limit")
    func concatStopsAtTheLimit() throws {
        // A million distinct strings of ~30 characters: well over 24 MB.
        try expectStopped("let c = from r | derive s = concat(employee_id, \" i \", municipality, \" med \", fte, \" årsverk\")",
                          margin: 24 << 20, setUp: "let r = generate register rows=1000000 seed=1 | select employee_id, municipality, fte",
                          rows: 1_000_000, name: "c")
    }

    @Test("load refuses a folder, a FIFO (without blocking) and a device in one line")
    func loadRefusesNonFiles() throws {
        let (s, dir) = try session()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mappe"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("rør.csv").path, 0o600) == 0)
        let folder = s.execute("load \"mappe\" as d")
        #expect(folder.error?.hasPrefix("error: `mappe` is a folder, not a file\nload \"mappe\" as d\n     ^^^^^^^") == true, "\(folder)")
        let fifo = s.execute("load \"rør.csv\" as d")  // would block forever if opened
        #expect(fifo.error?.hasPrefix("error: `rør.csv` is a named pipe (FIFO), not a regular file\n") == true, "\(fifo)")
        #expect(fifo.error?.contains("hint: to read a stream, pipe it into hws and load \"/dev/stdin\"") == true, "\(fifo)")
        let device = s.execute("load \"/dev/zero\" as d")
        #expect(device.error?.hasPrefix("error: `/dev/zero` is a device, not a regular file\n") == true, "\(device)")
        #expect(s.registry.entry("d") == nil)
        // The readers refuse them too (any path-based read).
        #expect(throws: CSVError.self) { try CSVReader.read(path: dir.appendingPathComponent("rør.csv").path) }
        #expect(FileKind.of(dir.path) == .folder)
        #expect(FileKind.of("/dev/null") == .device)
        #expect(FileKind.of(dir.appendingPathComponent("nothing").path) == .missing)
        // replay of a FIFO (it would block too).
        let replay = s.execute("replay \"rør.csv\"")
        #expect(replay.error?.hasPrefix("error: `rør.csv` is a named pipe (FIFO), not a regular file\nreplay") == true, "\(replay)")
        #expect(s.execute("datasets").ok)
    }

    @Test("a line longer than the limit is refused while reading, without reading the rest")
    func lineReaderStopsAtTheLimit() throws {
        let fd = open("/dev/zero", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let reader = LineReader(fileDescriptor: fd, limit: 1 << 20)
        #expect(reader.next() == nil)  // /dev/zero never ends: it must stop at the limit
        #expect(reader.overlongLine == 1)
        // Ordinary lines, the last without a newline; æøå intact.
        var pipe: [Int32] = [0, 0]
        try #require(Glibc.pipe(&pipe) == 0)
        let text = Array("from bemanning\r\n\nlet x = 1\nå\n\(String(repeating: "x", count: 100))".utf8)
        _ = text.withUnsafeBytes { write(pipe[1], $0.baseAddress, $0.count) }
        close(pipe[1])
        defer { close(pipe[0]) }
        let lines = LineReader(fileDescriptor: pipe[0], limit: 64)
        #expect(lines.next() == "from bemanning\r")
        #expect(lines.next() == "")
        #expect(lines.next() == "let x = 1")
        #expect(lines.next() == "å")
        #expect(lines.next() == nil)  // 100 bytes > 64
        #expect(lines.overlongLine == 5)
    }

    func historyPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hws-history-\(UUID().uuidString)/history").path
    }

    @Test("two shells on one history file: a compaction keeps the other's entries")
    func sharedHistoryKeepsBothShells() throws {
        let path = historyPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let a = History(path: path, limit: 5)
        let b = History(path: path, limit: 5)
        for i in 1...9 { a.append("a\(i)") }
        b.append("from bemanning | where kommune == \"Bodø\"")
        b.append("b2")
        a.append("a10")  // the file has reached 2 × 5 lines: a compacts it
        b.append("b3")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["a8", "a9", "from bemanning | where kommune == \"Bodø\"", "b2", "a10", "b3"], "\(lines)")
        #expect(History(path: path, limit: 5).entries == ["a9", "from bemanning | where kommune == \"Bodø\"", "b2", "a10", "b3"])
        #expect(!a.warned && !b.warned)
    }

    @Test("start-up reads only the tail of a long history; the next append compacts it")
    func longHistoryReadsTheTail() throws {
        let path = historyPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var text = ""
        for i in 0..<200_000 { text += "from r | where x == \(i) | derive y = \"ø\(i)\"\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let history = History(path: path, limit: 1000)
        #expect(history.entries.count == 1000)
        #expect(history.entries.first == "from r | where x == 199000 | derive y = \"ø199000\"")
        #expect(history.entries.last == "from r | where x == 199999 | derive y = \"ø199999\"")
        history.append("datasets")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1000)
        #expect(lines.last == "datasets")
        #expect(lines.first == "from r | where x == 199001 | derive y = \"ø199001\"")
    }

    @Test("history that cannot be saved warns once")
    func unsavableHistoryWarnsOnce() throws {
        let history = History(path: "/proc/hws-no-such-folder/history", limit: 5)
        var warnings: [String] = []
        history.warn = { warnings.append($0) }
        history.append("datasets")
        history.append("set rows 5")
        #expect(history.entries == ["datasets", "set rows 5"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("warning: the history cannot be saved to /proc/hws-no-such-folder/history (") == true, "\(warnings)")
    }
}

/// The real binary: a folder as a script, `load "/dev/stdin"` with piped data, `hws < /dev/zero`.
@Suite("Promises: the binary and non-files")
struct PromiseBinaryTests {
    func run(_ arguments: [String], stdin: FileHandle? = nil, input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let binary = try #require(LineEditorPTYTests.binary(), "the hws binary is not built (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        var inPipe: Pipe? = nil
        if let stdin { process.standardInput = stdin } else { inPipe = Pipe(); process.standardInput = inPipe }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        try process.run()
        if let inPipe {
            try inPipe.fileHandleForWriting.write(contentsOf: Data((input ?? "").utf8))
            try inPipe.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func aFolderAsAScriptIsOneClearLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run([dir.path])
        #expect(r.status == 1)
        #expect(r.err == "error: cannot run `\(dir.path)`: it is a folder, not a file\n", "\(r.err)")
    }

    @Test func loadDevStdinReadsPipedDataAsAStream() throws {
        let r = try run(["-c", "load \"/dev/stdin\" as d; from d | agg n = count(), s = sum(årsverk)"],
                        input: "kommune,årsverk\nBodø,12.5\nTromsø,20\nÅlesund,7.5\n")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("loaded d: 3 rows, 2 columns"), "\(r.out)")
        #expect(r.out.contains("3 │ 40"), "\(r.out)")
    }

    @Test func stdinOfZerosIsRefusedAtTheStatementLimit() throws {
        let zero = try #require(FileHandle(forReadingAtPath: "/dev/zero"))
        let r = try run([], stdin: zero)
        #expect(r.status == 1)
        #expect(r.err.contains("<stdin>:1: error: the line is longer than the statement limit of 1024 KB; stopped reading"), "\(r.err)")
    }
}

@Suite("Promises: JSON-stat cells")
struct JSONStatBudgetTests {
    @Test func aSparseDatasetOf64MillionCellsIsRefusedBeforeItsRowsAreMade() throws {
        let json = """
            {"version":"2.0","class":"dataset","id":["region","tid"],"size":[8000,8000],
             "dimension":{"region":{"category":{"index":{\((0..<8000).map { "\"r\($0)\":\($0)" }.joined(separator: ","))}}},
                          "tid":{"category":{"index":{\((0..<8000).map { "\"t\($0)\":\($0)" }.joined(separator: ","))}}}},
             "value":{"0":1.5,"63999999":2}}
            """
        let limit = MemoryBudget.refresh() + (200 << 20)
        #expect {
            try MemoryBudget.withLimit(limit) { _ = try JSONStatReader.read(data: Data(json.utf8)) }
        } throws: { error in
            guard let e = error as? MemoryLimitError else { return false }
            return e.message.hasPrefix("this JSON-stat dataset (64 000 000 cells) needs about 1 GB, more than the ")
        }
        // Under a generous limit a small sparse one reads, its missing cells null.
        let small = try JSONStatReader.read(data: Data("""
            {"version":"2.0","class":"dataset","id":["region","tid"],"size":[2,2],
             "dimension":{"region":{"category":{"index":{"Bodø":0,"Tromsø":1}}},"tid":{"category":{"index":{"2023":0,"2024":1}}}},
             "value":{"0":1.5,"3":2}}
            """.utf8))
        #expect(small.rowCount == 4)
        #expect(small.columns.last?.nullCount == 2)
    }
}

@Suite("Promises: SIGTERM during write")
struct TerminationTests {
    /// Whatever the moment the signal comes (generating, formatting or writing the temporary file),
    /// the process exits with 143, the old file is intact and no temporary file is left.
    @Test func aSIGTERMDuringWriteLeavesTheOldFileAndNoTemporary() throws {
        let binary = try #require(LineEditorPTYTests.binary(), "the hws binary is not built (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-term-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("ut.csv").path
        try "kommune,årsverk\nBodø,12.5\n".write(toFile: target, atomically: true, encoding: .utf8)
        for delay in [0.4, 0.8, 1.2] {
            try "kommune,årsverk\nBodø,12.5\n".write(toFile: target, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-c", "generate register rows=2000000 seed=1 | select employee_id | write \"\(target)\""]
            process.currentDirectoryURL = dir
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            let running = process.isRunning
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "ut.csv" }
            #expect(leftovers.isEmpty, "\(leftovers)")
            if running, process.terminationStatus == 143 {
                #expect(try String(contentsOfFile: target, encoding: .utf8) == "kommune,årsverk\nBodø,12.5\n")
            }
        }
    }

    /// The mechanism behind it, deterministically: a write in flight is known, and removing the
    /// temporaries in flight removes its temporary file (the rename then fails; the old file stays).
    @Test func temporariesInFlightAreRemovedOnTheWayOut() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-inflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("ut.csv").path
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        var seen: String? = nil
        #expect(throws: (any Error).self) {
            try AtomicFile.write(Data("new\n".utf8), to: target) { temp in
                seen = temp
                #expect(FileManager.default.fileExists(atPath: temp))
                AtomicFile.removeTemporariesInFlight(in: (temp as NSString).deletingLastPathComponent)
                #expect(!FileManager.default.fileExists(atPath: temp))
            }
        }
        #expect(seen != nil)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ut.csv"])
    }
}
