import Foundation
import Testing
@testable import Shell

@Suite struct ReplayScriptTests {
    @Test func statementsKeepTheirLinesAndTheCommentsAboveThem() {
        let script = ReplayScript(text: """
        # hws session `kurs`
        # saved 2026-01-01 10:00 UTC by hws 0.1.0
        # datasets: probe

        # First we look at the data.
        # Two rows are enough.
        from probe | take 2

        let big = from probe |
          where årsverk > 60
        ## Heading
        from big   # trailing comment stays with the statement
        # the end
        """)
        #expect(script.items.map(\.line) == [7, 9, 12])
        #expect(script.items.map(\.statement) == ["from probe | take 2", "let big = from probe |\n  where årsverk > 60",
                                                  "from big   # trailing comment stays with the statement"])
        #expect(script.items[0].notes == ["First we look at the data.", "Two rows are enough."])
        #expect(script.items[1].notes == [])
        #expect(script.items[2].notes == ["## Heading"])
        #expect(script.closingNotes == ["the end"])
    }

    @Test func filesItWillWriteAreKnownBeforeItRuns() {
        let script = ReplayScript(text: """
        from probe | write "out/a.csv"
        save session kurs replace
        export notebook "kurs.md"
        from probe | where yrke == "write" | take 1
        """)
        #expect(script.filesWritten() == ["out/a.csv", "sessions/kurs.hws", "kurs.md"])
    }
}

@Suite struct ReplayTests {
    @Test func replayRunsTheScriptInsideTheSession() throws {
        let box = try SessionSandbox()
        try box.write("# notes\nlet big = from probe | where årsverk > 60\nfrom big | take 1\n", to: "kurs.hws")
        let s = box.session()
        let outcome = s.execute("replay kurs.hws")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(outcome.output.hasSuffix("replayed 2 statements from kurs.hws"))
        #expect(outcome.output.contains("Sykepleier"))
        // Its lets are now part of this session, and its statements are what a save would write.
        #expect(s.execute("from big").ok)
        #expect(s.succeededStatements == ["let big = from probe | where årsverk > 60", "from big | take 1", "from big"])
        // A bare name finds sessions/NAME.hws.
        try box.write("from probe | take 1\n", to: "sessions/kort.hws")
        #expect(s.execute("replay kort").output.hasSuffix("replayed 1 statement from kort"))
    }

    @Test func aFailingStatementStopsTheReplayWithFileAndLine() throws {
        let box = try SessionSandbox()
        try box.write("from probe | take 1\n\nfrom probe | select nope\nlet never = from probe\n", to: "bad.hws")
        let s = box.session()
        let outcome = s.execute("replay bad.hws")
        #expect(!outcome.ok)
        let error = try #require(outcome.error)
        #expect(error.hasPrefix("bad.hws:3: error: "))
        #expect(error.contains("nope"))
        #expect(error.hasSuffix("replay of bad.hws stopped at statement 2 of 3"))
        #expect(!s.registry.contains("never"))
        #expect(s.succeededStatements == ["from probe | take 1"])
    }

    @Test func liveOutputGoesToTheTerminalAsItRuns() throws {
        let box = try SessionSandbox()
        try box.write("from probe | take 1\nfrom probe | select nope\n", to: "bad.hws")
        var printed: [String] = []
        var errors: [String] = []
        let s = box.session(io: SessionIO(output: { printed.append($0) }, errorOutput: { errors.append($0) }))
        let outcome = s.execute("replay bad.hws")
        #expect(printed.count == 1 && printed[0].contains("Sykepleier"))
        #expect(errors.count == 1 && errors[0].hasPrefix("bad.hws:2: error:"))
        #expect(outcome.error == "replay of bad.hws stopped at statement 2 of 2")
    }

    @Test func stepModeShowsEachStatementWithNotesAndFollowsTheAnswers() throws {
        let box = try SessionSandbox()
        try box.write("""
        # Look at the data first.
        from probe | take 1
        # Only the big ones.
        let big = from probe | where årsverk > 60
        from probe | take 2
        from probe
        """, to: "kurs.hws")
        var answers = ["", "s", "", "q"]
        var printed: [String] = []
        var prompts: [String] = []
        let s = box.session(io: SessionIO(output: { printed.append($0) },
                                          readAnswer: { prompts.append($0); return answers.isEmpty ? .eof : .line(answers.removeFirst()) }))
        let outcome = s.execute("replay kurs.hws step")
        #expect(outcome.ok)
        #expect(outcome.output == "replay stopped after 2 of 4 statements")
        #expect(prompts.count == 4 && prompts[0] == LessonRun.stepPrompt)
        #expect(printed[0] == "── statement 1 of 4 · kurs.hws:2 ──\n   Look at the data first.\nhws> from probe | take 1")
        #expect(printed[1].contains("Sykepleier"))
        #expect(printed[2].hasPrefix("── statement 2 of 4 · kurs.hws:4 ──\n   Only the big ones.\nhws> let big"))
        #expect(printed[3].hasPrefix("── statement 3 of 4"))
        // Statement 2 was skipped and 4 never ran.
        #expect(!s.registry.contains("big"))
        #expect(s.succeededStatements == ["from probe | take 1", "from probe | take 2"])
    }

    @Test func stepModeRunsEverythingOnEnterAndStopsAtTheEndOfInput() throws {
        let box = try SessionSandbox()
        try box.write("from probe | take 1\nfrom probe | take 2\n", to: "kurs.hws")
        var answers = [""]
        let s = box.session(io: SessionIO(output: { _ in }, readAnswer: { _ in answers.isEmpty ? .eof : .line(answers.removeFirst()) }))
        #expect(s.execute("replay kurs.hws step").output == "replay stopped after 1 of 2 statements")
    }

    @Test func stepModeNeedsSomeoneToAnswer() throws {
        let box = try SessionSandbox()
        try box.write("from probe\n", to: "kurs.hws")
        let outcome = box.session().execute("replay kurs.hws step")
        #expect(!outcome.ok)
        #expect(outcome.error?.contains("needs someone at the keyboard") == true)
    }

    @Test func aScriptCannotReplayItselfAndAMissingFileIsAClearError() throws {
        let box = try SessionSandbox()
        try box.write("from probe | take 1\nreplay loop.hws\n", to: "loop.hws")
        let s = box.session()
        let outcome = s.execute("replay loop.hws")
        #expect(!outcome.ok)
        #expect(outcome.error?.contains("already being replayed") == true)
        let missing = s.execute("replay nowhere.hws")
        #expect(missing.error?.contains("no script `nowhere.hws`") == true)
    }

    @Test func atATerminalTheFilesAScriptWritesAreNamedFirst() throws {
        let box = try SessionSandbox()
        try box.write("from probe | take 1\nsave session kopi\n", to: "kurs.hws")
        var printed: [String] = []
        let s = box.session(io: SessionIO(output: { printed.append($0) }, readAnswer: { _ in .line("y") }))
        #expect(s.execute("replay kurs.hws").ok)
        #expect(printed.first == "kurs.hws writes: sessions/kopi.hws")
        #expect(box.exists("sessions/kopi.hws"))
    }
}
