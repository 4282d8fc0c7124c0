import Foundation
import Testing
@testable import Shell
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C at every question the shell asks, in the real `hws` at a terminal: the step prompt of
/// `hws FILE --step` (with libedit, and with stdout redirected so the answer is read without it), the
/// step prompt of `replay FILE step` at the hws prompt, and "Overwrite it? [y/N]" of `save session`.
/// Each must give control back within the cancel bound (100 ms, scaled to the machine as in
/// `CancellationLatencyTests`) and leave the shell working: these used to spin at 100 % CPU forever.
@Suite(.serialized) struct PromptInterruptTests {
    struct Folder {
        let root: String
        let datasets: String
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("hws-ask-\(UUID().uuidString)").path
            datasets = root + "/data"
            for d in [root + "/home", root + "/sessions", datasets] {
                try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            }
            try "year,fte\n2019,1\n2020,2\n".write(toFile: datasets + "/probe.csv", atomically: true, encoding: .utf8)
            try "# look first\nfrom probe | take 1\nfrom probe | take 2\n"
                .write(toFile: root + "/kurs.hws", atomically: true, encoding: .utf8)
            try """
                # Short note.
                from probe | take 1
                # Helsefagarbeidere og sykepleiere utgjør størstedelen av årsverkene i omsorgstjenesten, og behovet vokser.
                from probe | take 2
                # exercise n
                # How many rows has probe?
                # solution: from probe | agg n = count()
                from probe
                """.write(toFile: root + "/lesson.hws", atomically: true, encoding: .utf8)
            try "# old\nfrom probe\n".write(toFile: root + "/sessions/old.hws", atomically: true, encoding: .utf8)
        }
        var environment: [String: String] {
            ["XDG_STATE_HOME": root + "/state", "HOME": root + "/home", "TERM": "xterm", "LANG": "C.UTF-8",
             "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        }
        /// `hws` with `arguments`, run from the folder, at a terminal (through `sh -c` so that the folder
        /// is the working directory and stdout can be redirected).
        func start(_ arguments: String) throws -> PseudoTerminal? {
            let binary = try #require(LineEditorPTYTests.binary(), "the hws binary is not built (swift build)")
            return PseudoTerminal(executable: "/bin/sh",
                                  arguments: ["-c", "cd '\(root)' && exec '\(binary)' --datasets data \(arguments)"],
                                  environment: environment)
        }
    }

    /// Sends Ctrl-C and waits for `text`: the seconds it took, or nil when it never came.
    static func interrupt(_ pty: PseudoTerminal, until text: String) -> Double? {
        let start = Date()
        pty.send("\u{03}")
        guard pty.waitFor(text, timeout: 10, settle: false) else { return nil }
        return Date().timeIntervalSince(start)
    }

    static func expectWithinBound(_ seconds: Double?, _ what: String, _ pty: PseudoTerminal) {
        guard let seconds else {
            Issue.record("Ctrl-C at \(what): no answer within 10 s: \(pty.recent)")
            return
        }
        print(String(format: "Ctrl-C at %@: %.1f ms", what, seconds * 1000))
        #expect(seconds <= CancellationLatencyTests.bound, "Ctrl-C at \(what) took \(seconds * 1000) ms")
    }

    @Test func stepPromptOfAScriptAtATerminal() throws {
        let folder = try Folder()
        guard let pty = try folder.start("kurs.hws --step") else { return }
        #expect(pty.waitFor(LessonRun.stepPrompt), "no step prompt: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "replay stopped after 0 of 2 statements"), "the step prompt", pty)
        #expect(pty.endsCleanly(timeout: 10), "hws did not exit after Ctrl-C at the step prompt: \(pty.recent)")
    }

    @Test func stepPromptWithOutputRedirected() throws {
        // stdin is the terminal, stdout a file: the answer is read without libedit.
        let folder = try Folder()
        guard let pty = try folder.start("kurs.hws --step > out.txt") else { return }
        // Nothing shows at the terminal; wait until the prompt is in the file, then press Ctrl-C.
        let out = folder.root + "/out.txt"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
              !((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains(LessonRun.stepPrompt) { usleep(20_000) }
        #expect(((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains(LessonRun.stepPrompt), "no step prompt in the file")
        let start = Date()
        pty.send("\u{03}")
        let status = pty.waitForExit(timeout: 10)
        let seconds = Date().timeIntervalSince(start)
        #expect(status == 0 || status == PseudoTerminal.reapedElsewhere,
                "hws did not end after Ctrl-C (status \(String(describing: status))): \(pty.recent)")
        print(String(format: "Ctrl-C at the step prompt without libedit: %.1f ms to exit", seconds * 1000))
        #expect(seconds <= CancellationLatencyTests.bound + 0.2)  // + the process's own exit
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("replay stopped after 0 of 2 statements"), "\(text)")
    }

    @Test func stepPromptOfReplayAtTheHwsPromptThenTheShellGoesOn() throws {
        let folder = try Folder()
        guard let pty = try folder.start("") else { return }
        #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        pty.send("replay kurs.hws step\r")
        #expect(pty.waitFor(LessonRun.stepPrompt), "no step prompt: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "replay stopped after 0 of 2 statements"), "replay … step", pty)
        #expect(pty.waitFor("hws> "), "no prompt after the stopped replay: \(pty.recent)")
        // The Ctrl-C was spent on the question: the next statement runs to the end.
        pty.send("from probe | where year == 2020\r")
        #expect(pty.waitFor("2020 │"), "the next statement did not answer: \(pty.recent)")
        #expect(pty.waitFor("hws> "))
        #expect(!pty.recent.contains("cancelled"))
        pty.send("\u{04}")
        #expect(pty.endsCleanly(timeout: 10))
    }

    @Test func overwritePromptOfSaveSession() throws {
        let folder = try Folder()
        guard let pty = try folder.start("") else { return }
        #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        pty.send("from probe | take 1\r")
        #expect(pty.waitFor("hws> "))
        pty.send("save session old\r")
        #expect(pty.waitFor("Overwrite it? [y/N] "), "no question: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "not saved: sessions/old.hws is unchanged"), "overwrite?", pty)
        #expect(pty.waitFor("hws> "), "no prompt after the question: \(pty.recent)")
        #expect(try String(contentsOfFile: folder.root + "/sessions/old.hws", encoding: .utf8) == "# old\nfrom probe\n")
        // And the question can be answered after that.
        pty.send("save session old\r")
        #expect(pty.waitFor("Overwrite it? [y/N] "))
        pty.send("y\r")
        #expect(pty.waitFor("saved "), "\(pty.recent)")
        #expect(pty.waitFor("hws> "))
        pty.send("\u{04}")
        #expect(pty.endsCleanly(timeout: 10))
    }

    @Test func exercisePromptOfALesson() throws {
        let folder = try Folder()
        guard let pty = try folder.start("lesson.hws --step") else { return }
        #expect(pty.waitFor(LessonRun.stepPrompt), "no step prompt: \(pty.recent)")
        pty.send("g n\r")
        #expect(pty.waitFor(LessonRun.exercisePrompt), "no exercise prompt: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "replay stopped after 2 of 4 statements"), "the exercise prompt", pty)
        #expect(pty.endsCleanly(timeout: 10), "\(pty.recent)")
    }

    @Test func notesFollowTheTerminalWhenItIsResizedMidLesson() throws {
        let folder = try Folder()
        guard let pty = try folder.start("lesson.hws --step") else { return }
        #expect(pty.waitFor(LessonRun.stepPrompt), "no step prompt: \(pty.recent)")
        // The projector window shrinks to 40 columns (the kernel sends SIGWINCH).
        var size = winsize(ws_row: 40, ws_col: 40, ws_xpixel: 0, ws_ypixel: 0)
        #expect(ioctl(pty.fd, UInt(TIOCSWINSZ), &size) == 0)
        pty.send("\r")
        // (At 40 columns the prompt itself wraps; wait for the next statement's echo instead.)
        #expect(pty.waitFor("hws> from probe | take 2"), "\(pty.recent)")
        let shown = String(decoding: pty.transcript, as: UTF8.self)
        let noteLines = shown.components(separatedBy: "\r\n").filter { $0.hasPrefix("   ") && !$0.contains("Short note") }
        #expect(noteLines.count >= 3, "the long note was not wrapped: \(noteLines)")
        #expect(noteLines.allSatisfy { DisplayWidth.of($0) <= 40 }, "\(noteLines)")
        #expect(noteLines.joined(separator: " ").replacingOccurrences(of: "   ", with: "")
                .contains("størstedelen av årsverkene"), "words were broken: \(noteLines)")
        pty.send("q\r")
        #expect(pty.endsCleanly(timeout: 10))
    }

    @Test func allowQuestionOfAScriptThatWritesOutsideItsFolder() throws {
        let folder = try Folder()
        try FileManager.default.createDirectory(atPath: folder.root + "/lesson", withIntermediateDirectories: true)
        try "from probe | write \"../outside.csv\"\n".write(toFile: folder.root + "/lesson/w.hws", atomically: true, encoding: .utf8)
        guard let pty = try folder.start("") else { return }
        #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        pty.send("replay lesson/w.hws\r")
        #expect(pty.waitFor("Allow for this run? [y/N] "), "no question: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "replay of lesson/w.hws stopped before its first statement"), "allow?", pty)
        #expect(pty.waitFor("hws> "))
        #expect(!FileManager.default.fileExists(atPath: folder.root + "/outside.csv"))
        pty.send("\u{04}")
        #expect(pty.endsCleanly(timeout: 10))
    }

    @Test func overwritePromptOfExportNotebook() throws {
        let folder = try Folder()
        try "# mine\n".write(toFile: folder.root + "/nb.md", atomically: true, encoding: .utf8)
        guard let pty = try folder.start("") else { return }
        #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        pty.send("from probe | take 1\r")
        #expect(pty.waitFor("hws> "))
        pty.send("export notebook nb.md\r")
        #expect(pty.waitFor("Overwrite it? [y/N] "), "no question: \(pty.recent)")
        PromptInterruptTests.expectWithinBound(
            PromptInterruptTests.interrupt(pty, until: "not exported: nb.md is unchanged"), "export overwrite?", pty)
        #expect(try String(contentsOfFile: folder.root + "/nb.md", encoding: .utf8) == "# mine\n")
        // Back at the prompt before Ctrl-D (a key sent while libedit switches modes can be lost).
        #expect(pty.waitFor("hws> "), "no prompt after the question: \(pty.recent)")
        pty.send("\u{04}")
        #expect(pty.endsCleanly(timeout: 10))
    }

    /// A lesson in the real binary: free play, back after a let, go to an exercise, hint, a wrong and a
    /// right answer, then the end.
    @Test func aLessonWalkthroughAtATerminal() throws {
        let folder = try Folder()
        try """
            # checkpoint start
            let big = from probe | where fte > 1
            from big
            # exercise count
            # How many rows has probe?
            # hint agg n = count()
            # solution: from probe | agg n = count()
            from probe | take 1
            """.write(toFile: folder.root + "/walk.hws", atomically: true, encoding: .utf8)
        guard let pty = try folder.start("walk.hws --step") else { return }
        #expect(pty.waitFor(LessonRun.stepPrompt), "\(pty.recent)")
        pty.send("\r")                                   // runs the let
        #expect(pty.waitFor("big: 1 row"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.stepPrompt))
        pty.send("describe big\r")                       // free play: the lesson waits
        #expect(pty.waitFor("fte"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.stepPrompt))
        pty.send("b\r")                                  // back before the let
        #expect(pty.waitFor("everything is as it was before it"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.stepPrompt))
        pty.send("from big\r")                           // big is gone again
        #expect(pty.waitFor("unknown dataset `big`"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.stepPrompt))
        pty.send("g count\r")
        #expect(pty.waitFor(LessonRun.exercisePrompt), "\(pty.recent)")
        pty.send("hint\r")
        #expect(pty.waitFor("hint 1 of 1: agg n = count()"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.exercisePrompt))
        pty.send("from probe | agg n = count() | derive n = n * 10\r")
        #expect(pty.waitFor("✗ not yet: wrong n: you have 20, the answer is 2"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.exercisePrompt))
        pty.send("from probe | agg n = count()\r")
        #expect(pty.waitFor("✓ correct: count done"), "\(pty.recent)")
        #expect(pty.waitFor(LessonRun.stepPrompt))
        pty.send("\r")
        #expect(pty.waitFor("replayed 4 statements from walk.hws"), "\(pty.recent)")
        #expect(pty.endsCleanly(timeout: 10))
    }
}
