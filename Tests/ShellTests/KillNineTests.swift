import Foundation
import Testing
@testable import Shell

/// `kill -9` at any moment loses nothing already done: the history holds every statement typed (each is
/// appended and fsynced before it runs), and a saved session is always a whole file, old or new.
@Suite(.serialized) struct KillNineTests {
    @Test func historyKeepsEveryStatementTypedWhenTheShellIsKilled() throws {
        let box = try LineEditorPTYTests.Sandbox()
        guard let shell = try box.start() else {
            print("skipped: no pseudo-terminal can be opened here"); return
        }
        #expect(shell.waitFor("hws> "), "no prompt: \(shell.recent)")
        shell.send("help quit\r")
        #expect(shell.waitFor("leave the shell"), "\(shell.recent)")
        #expect(shell.waitFor("hws> "))
        shell.send("from helsemod_probe | take 1\r")
        #expect(shell.waitFor("2019"), "\(shell.recent)")
        #expect(shell.waitFor("hws> "))
        // A long statement, killed while it runs: it was typed, so it is in the history.
        shell.send("generate register rows=20000000 | agg n = count()\r")
        usleep(300_000)
        kill(shell.pid, SIGKILL)
        #expect(shell.waitForExit(timeout: 10) != nil)
        #expect(box.historyEntries() == ["help quit", "from helsemod_probe | take 1",
                                         "generate register rows=20000000 | agg n = count()"])
    }

    @Test func aSessionSavedOverAndOverIsWholeWheneverTheShellIsKilled() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hws-kill9-\(UUID().uuidString)")
        let datasets = root.appendingPathComponent("datasets")
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
        try "year,fte\n2019,1\n2020,2\n".write(to: datasets.appendingPathComponent("probe.csv"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: root) }
        // Each round adds one statement, then saves: the saved file grows one line per save.
        var script = ""
        for k in 1...400 {
            script += "from probe | where fte >= \(k % 3) | take 1\nsave session s replace\n"
        }
        try script.write(to: root.appendingPathComponent("loop.hws"), atomically: true, encoding: .utf8)
        let saved = root.appendingPathComponent("sessions/s.hws")
        let executable = try BinaryTests.executable()
        var sizes: [Int] = []
        // Each kill comes a little after the run's first save is seen (not after a fixed time from start,
        // which on a loaded machine may come before any save), while the saves go on.
        for delay in [0, 2_000, 10_000, 40_000] as [UInt32] {
            try? FileManager.default.removeItem(at: saved)  // (absent before the first round)
            let process = Process()
            process.executableURL = executable
            process.arguments = ["--datasets", datasets.path, "loop.hws"]
            process.currentDirectoryURL = root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)  // a bound for a hung shell, not a verdict
            while !FileManager.default.fileExists(atPath: saved.path) && process.isRunning && Date() < deadline { usleep(1_000) }
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = try String(contentsOf: saved, encoding: .utf8)
            // Whole: the header, then only complete statements of the script, each on its own line.
            #expect(text.hasPrefix("# hws session `s`"), "\(text.prefix(200))")
            #expect(text.hasSuffix("\n"))
            let statements = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            #expect(!statements.isEmpty)
            for s in statements {
                #expect(s.hasPrefix("from probe | where fte >= ") && s.hasSuffix(" | take 1"), "torn line: \(s)")
            }
            sizes.append(statements.count)
        }
        #expect(sizes.count == 4)
    }
}
