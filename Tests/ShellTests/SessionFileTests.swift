import Foundation
import Testing
@testable import Shell

@Suite struct SessionFileTests {
    @Test func saveWritesTheSucceededStatementsWithAHeader() throws {
        let box = try SessionSandbox()
        let s = box.session()
        #expect(s.execute("let store = from probe | where årsverk > 60").ok)
        #expect(!s.execute("from probe | select nope").ok)  // failed: not saved
        #expect(s.execute("history").ok)                      // not part of an analysis: not saved
        #expect(s.execute("from store | take 1").ok)
        let outcome = s.execute("save session kurs")
        #expect(outcome.ok)
        #expect(outcome.output == "saved 2 statements to sessions/kurs.hws")
        let text = try box.read("sessions/kurs.hws")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# hws session `kurs`")
        #expect(lines[1].hasPrefix("# saved 20") && lines[1].hasSuffix("UTC by hws \(ShellModule.version)"))
        #expect(lines[2] == "# datasets: probe")
        #expect(Array(lines[4...]) == ["let store = from probe | where årsverk > 60", "from store | take 1", ""])
        // `save session` itself is not recorded.
        #expect(s.succeededStatements.count == 2)
    }

    @Test func anExistingSessionIsRefusedInAScriptUnlessReplace() throws {
        let box = try SessionSandbox()
        try box.write("# old\nfrom probe\n", to: "sessions/kurs.hws")
        let s = box.session()
        #expect(s.execute("from probe | take 1").ok)
        let refused = s.execute("save session kurs")
        #expect(!refused.ok)
        #expect(refused.error?.contains("sessions/kurs.hws exists") == true)
        #expect(refused.error?.contains("save session kurs replace") == true)
        #expect(try box.read("sessions/kurs.hws") == "# old\nfrom probe\n")
        #expect(s.execute("save session kurs replace").ok)
        #expect(try box.read("sessions/kurs.hws").hasSuffix("\nfrom probe | take 1\n"))
    }

    @Test func atATerminalItAsksBeforeOverwriting() throws {
        let box = try SessionSandbox()
        try box.write("# old\n", to: "sessions/kurs.hws")
        var answers = ["n", "y"]
        var prompts: [String] = []
        let s = box.session(io: SessionIO(readAnswer: { prompts.append($0); return .line(answers.removeFirst()) }))
        #expect(s.execute("from probe | take 1").ok)
        #expect(s.execute("save session kurs").output == "not saved: sessions/kurs.hws is unchanged")
        #expect(try box.read("sessions/kurs.hws") == "# old\n")
        #expect(s.execute("save session kurs").output == "saved 1 statement to sessions/kurs.hws")
        #expect(prompts == ["sessions/kurs.hws exists. Overwrite it? [y/N] ", "sessions/kurs.hws exists. Overwrite it? [y/N] "])
    }

    @Test func namesWithFoldersOrDotsAreRefused() throws {
        let box = try SessionSandbox()
        let s = box.session()
        for bad in ["../x", "a/b", "..", ".hidden", "a\\\\b"] {
            let outcome = s.execute("save session \(bad)")
            #expect(!outcome.ok, "accepted \(bad)")
        }
        #expect(!box.exists("x.hws"))
        #expect(!s.execute("save session").ok)
        #expect(!s.execute("save kurs").ok)
        #expect(s.execute("save session æøå_2040.hws").output == "saved 0 statements to sessions/æøå_2040.hws")
    }

    @Test func datasetsUsedListsBundledAndLoadedDataButNotLets() {
        let used = SessionFile.datasetsUsed(statements: [
            "load \"data/x.csv\" as x",
            "let y = from helsemod_gap | where year == 2040",
            "from y | join omsorg on yrke",
            "describe helsemod_gap",
            "indicator fulltime_share on employees",
        ], known: { ["helsemod_gap", "omsorg", "employees", "y", "x"].contains($0) })
        #expect(used == ["x (data/x.csv)", "helsemod_gap", "omsorg", "employees"])
    }

    struct Crash: Error {}

    @Test func aFailureBetweenWriteAndRenameLeavesTheOldSessionIntact() throws {
        let box = try SessionSandbox()
        try box.write("# old\nfrom probe\n", to: "sessions/kurs.hws")
        let s = box.session()
        s.io.beforeRename = { throw Crash() }
        #expect(s.execute("from probe | take 1").ok)
        let outcome = s.execute("save session kurs replace")
        #expect(!outcome.ok)
        #expect(outcome.error?.contains("cannot save sessions/kurs.hws") == true)
        #expect(try box.read("sessions/kurs.hws") == "# old\nfrom probe\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.root + "/sessions") == ["kurs.hws"])
        s.io.beforeRename = nil
        #expect(s.execute("save session kurs replace").ok)
        #expect(try box.read("sessions/kurs.hws").hasSuffix("\nfrom probe | take 1\n"))
    }
}
