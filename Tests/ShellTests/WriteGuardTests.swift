import Foundation
import Testing
@testable import Shell

/// A script someone else wrote may write only inside its own folder; a notebook run writes nothing the
/// user can see. The attack from the audit: a two-line lesson that replaced ~/.bashrc.
@Suite struct WriteGuardTests {
    /// A sandbox with a `lesson/` folder holding `kurs.hws` and a `home/` beside it to attack.
    static func lesson(_ script: String) throws -> SessionSandbox {
        let box = try SessionSandbox()
        try box.write("export PATH=/usr/bin\n", to: "home/.bashrc")
        try box.write(script, to: "lesson/kurs.hws")
        return box
    }

    static let attacks = [
        "from probe | write \"../home/.bashrc\"",                // through ..
        "from probe | write \"HOME/.bashrc\"",                   // an absolute path (HOME replaced below)
        "from probe | write \"escape/.bashrc\"",                 // a symlink out of the folder
        "export notebook \"../home/.bashrc.md\"",
    ]

    @Test(arguments: attacks)
    func aReplayedScriptCannotWriteOutsideItsFolder(_ attack: String) throws {
        let box = try Self.lesson("")
        let statement = attack.replacingOccurrences(of: "HOME/", with: box.root + "/home/")
        try box.write("from probe | take 1\n\(statement)\n", to: "lesson/kurs.hws")
        try FileManager.default.createSymbolicLink(atPath: box.root + "/lesson/escape", withDestinationPath: box.root + "/home")
        let session = box.session()
        let outcome = session.execute("replay lesson/kurs.hws")
        #expect(!outcome.ok)
        #expect(outcome.error?.contains("kurs.hws may not write") == true, "\(outcome.error ?? "")")
        #expect(outcome.error?.contains("--allow-write") == true)
        #expect(try box.read("home/.bashrc") == "export PATH=/usr/bin\n")
        #expect(!box.exists("home/.bashrc.md"))
        // The session goes on, and what the user types writes where it says.
        #expect(session.execute("from probe | write \"home/mine.csv\"").ok)
        #expect(box.exists("home/mine.csv"))
    }

    @Test func insideItsOwnFolderAScriptWrites() throws {
        // Relative paths in a script resolve against its own folder: out/… is lesson/out/…, and the
        // session file lands in lesson/sessions/.
        let box = try Self.lesson("from probe | write \"out/result.csv\"\nload \"out/result.csv\" as back\nsave session kopi\n")
        try FileManager.default.createDirectory(atPath: box.root + "/lesson/out", withIntermediateDirectories: true)
        let session = box.session()
        let outcome = session.execute("replay lesson/kurs.hws")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        #expect(box.exists("lesson/out/result.csv") && box.exists("lesson/sessions/kopi.hws"))
        #expect(!box.exists("out/result.csv"))
        #expect(session.registry.contains("back"))
        // Back at the prompt, relative paths are the working folder's again.
        #expect(session.execute("from probe | write \"out2.csv\"").ok)
        #expect(box.exists("out2.csv"))
    }

    @Test func anAllowedPathMayBeWritten() throws {
        let box = try Self.lesson("from probe | write \"../home/export.csv\"\n")
        let session = box.session()
        session.writeGuard.allow("home", workingDirectory: box.root)
        #expect(session.execute("replay lesson/kurs.hws").ok)
        #expect(box.exists("home/export.csv"))
    }

    @Test func atATerminalTheUserIsAskedListingEachPath() throws {
        let box = try Self.lesson("from probe | write \"../home/a.csv\"\nfrom probe | write \"../home/b.csv\"\n")
        var prompts: [String] = []
        var answers = ["n"]
        let session = box.session(io: SessionIO(output: { _ in }, readAnswer: {
            prompts.append($0); return answers.isEmpty ? .eof : .line(answers.removeFirst())
        }))
        #expect(!session.execute("replay lesson/kurs.hws").ok)
        #expect(prompts.first?.contains("wants to write outside its folder: ../home/a.csv, ../home/b.csv") == true,
                "\(prompts)")
        #expect(!box.exists("home/a.csv"))
        #expect(prompts.count == 1, "a no is not asked again when the script gets there: \(prompts)")
        // Yes allows both for this run.
        prompts = []; answers = ["y"]
        #expect(session.execute("replay lesson/kurs.hws").ok)
        #expect(box.exists("home/a.csv") && box.exists("home/b.csv"))
    }

    @Test func ctrlCAtTheQuestionRefuses() throws {
        let box = try Self.lesson("from probe | write \"../home/a.csv\"\n")
        let session = box.session(io: SessionIO(output: { _ in }, readAnswer: { _ in .interrupted }))
        let outcome = session.execute("replay lesson/kurs.hws")
        #expect(outcome.error == "replay of lesson/kurs.hws stopped before its first statement", "\(outcome.error ?? "")")
        #expect(!box.exists("home/a.csv"))
    }

    @Test func aScriptRunFromTheCommandLineIsConfinedToo() throws {
        // (`write` picks the format by extension, so the target is a .csv: `.bashrc` it refuses anyway.)
        let box = try Self.lesson("from probe | write \"../home/profile.csv\"\n")
        try box.write("export PATH=/usr/bin\n", to: "home/profile.csv")
        let run = try BinaryTests.run(["lesson/kurs.hws", "--datasets", "data"], in: URL(fileURLWithPath: box.root))
        #expect(run.status == 1)
        #expect(run.stderr.contains("kurs.hws may not write `../home/profile.csv`"), "\(run.stderr)")
        #expect(try box.read("home/profile.csv") == "export PATH=/usr/bin\n")
        let allowed = try BinaryTests.run(["lesson/kurs.hws", "--datasets", "data", "--allow-write", "home/profile.csv"],
                                          in: URL(fileURLWithPath: box.root))
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try box.read("home/profile.csv").hasPrefix("yrke,år,årsverk"))
        // -c is the user's own: it writes where it says.
        let typed = try BinaryTests.run(["-c", "from probe | write \"home/typed.csv\"", "--datasets", "data"],
                                        in: URL(fileURLWithPath: box.root))
        #expect(typed.status == 0 && box.exists("home/typed.csv"), "\(typed.stderr)")
    }

    @Test func hwsCheckWritesNothingButTheNotebookItUpdates() throws {
        let box = try SessionSandbox()
        let notebook = """
        # kurs

        ```hws
        from probe | take 1 | write "../victim.csv"
        ```

        ```
        wrote 1 rows to ../victim.csv
        ```

        ```hws
        load "../victim.csv" as v
        ```

        ```
        loaded v: 1 row, 3 columns
        ```

        ```hws
        save session kopi
        ```

        ```
        saved 2 statements to sessions/kopi.hws
        ```

        """
        try box.write(notebook, to: "nb/kurs.md")
        let options = SessionOptions(datasetsDirectory: box.root + "/data", workingDirectory: box.root + "/nb")
        let result = NotebookCheck.check(text: notebook, file: "kurs.md", options: NotebookRun.options(like: options))
        #expect(result.passed, "\(result.diff ?? "")")
        // The notebook read back what it wrote, yet nothing appeared on disk.
        #expect(!box.exists("victim.csv"))
        #expect(!box.exists("nb/sessions/kopi.hws"))
    }

    @Test func realPathFollowsSymlinksAlsoForFilesNotYetMade() throws {
        let box = try SessionSandbox()
        try FileManager.default.createDirectory(atPath: box.root + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: box.root + "/link", withDestinationPath: box.root + "/a/b")
        try FileManager.default.createSymbolicLink(atPath: box.root + "/dangling", withDestinationPath: box.root + "/a/new.csv")
        let real = WriteGuard.realPath(box.root)
        #expect(WriteGuard.realPath(box.root + "/link/x/y.csv") == real + "/a/b/x/y.csv")
        #expect(WriteGuard.realPath(box.root + "/dangling") == real + "/a/new.csv")
        #expect(WriteGuard.realPath(box.root + "/a/../link/../c.csv") == real + "/c.csv")
        #expect(WriteGuard.isInside(real + "/a/b", real + "/a"))
        #expect(!WriteGuard.isInside(real + "/ab", real + "/a"))
    }
}

@Suite struct ExportNotebookOverwriteTests {
    @Test func anExistingNotebookIsNotReplacedSilently() throws {
        let box = try SessionSandbox()
        try box.write("# mine\n", to: "notes.md")
        let script = box.session()
        #expect(script.execute("from probe | take 1").ok)
        let refused = script.execute("export notebook notes.md")
        #expect(!refused.ok && refused.error?.contains("notes.md exists") == true)
        #expect(try box.read("notes.md") == "# mine\n")
        #expect(script.execute("export notebook notes.md replace").ok)
        #expect(try box.read("notes.md").contains("from probe | take 1"))

        var answers = ["n", "y"]
        let asked = box.session(io: SessionIO(readAnswer: { _ in .line(answers.removeFirst()) }))
        #expect(asked.execute("from probe | take 2").ok)
        #expect(asked.execute("export notebook notes.md").output == "not exported: notes.md is unchanged")
        #expect(!(try box.read("notes.md").contains("take 2")))
        #expect(asked.execute("export notebook notes.md").ok)
        #expect(try box.read("notes.md").contains("take 2"))
    }
}
