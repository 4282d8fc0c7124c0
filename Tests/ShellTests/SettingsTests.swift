import Foundation
import Testing
@testable import Shell

@Suite("Settings statements")
struct SettingsTests {
    func session() -> Session { Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test")) }

    @Test("set rows/format/decimals/width/charset/color change the settings")
    func setEach() {
        let s = session()
        #expect(s.execute("set rows 5; set format csv; set decimals 3; set width 60; set charset ascii; set color on").ok)
        #expect(s.settings.rows == 5)
        #expect(s.settings.format == .csv)
        #expect(s.settings.decimals == 3)
        #expect(s.settings.width == 60)
        #expect(s.settings.ascii)
        #expect(s.settings.color)
        #expect(s.execute("set decimals auto").ok)
        #expect(s.settings.decimals == nil)
    }

    @Test("a bad value changes nothing and points at the value")
    func badValue() {
        let s = session()
        let before = s.settings
        let outcome = s.execute("set rows lots")
        #expect(!outcome.ok)
        #expect(s.settings == before)
        #expect(outcome.error == """
            error: `lots` is not a whole number from 1 to 1000000000
            set rows lots
                     ^^^^
            hint: usage: set rows N
            """)
    }

    @Test("an unknown setting suggests the nearest")
    func unknownSetting() {
        let outcome = session().execute("set decimal 2")
        #expect(outcome.error?.contains("hint: did you mean `decimals`?") == true)
    }

    @Test("timer on adds a timing line kept apart from the output")
    func timer() {
        let s = session()
        #expect(s.execute("timer on").ok)
        let outcome = s.execute("set rows 3")
        #expect(outcome.timing?.hasPrefix("time: ") == true)
        #expect(outcome.timing?.hasSuffix(" ms") == true)
        #expect(!outcome.output.contains("time:"))
        #expect(s.execute("timer off").timing == nil)
    }
}

@Suite("Statement dispatch")
struct DispatchTests {
    func session() -> Session { Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test")) }

    @Test("an unknown statement lists the statements and suggests the nearest")
    func unknownStatement() throws {
        let outcome = session().execute("lod \"x.csv\"")
        let error = try #require(outcome.error)
        let lines = error.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("error: unknown statement `lod`; statements are from, let, load, datasets"))
        #expect(lines[1] == "lod \"x.csv\"")
        #expect(lines[2] == "^^^")
        #expect(lines[3] == "hint: did you mean `load` or `let`?")
    }

    @Test("statements after a failing one do not run; earlier output is kept")
    func stopsAtFailure() {
        let s = session()
        let outcome = s.execute("set rows 7; bogus; set rows 9")
        #expect(!outcome.ok)
        #expect(s.settings.rows == 7)
        #expect(s.succeededStatements == ["set rows 7"])
    }

    @Test("history lists this session's statements; quit ends")
    func historyAndQuit() {
        let s = session()
        _ = s.execute("set rows 4")
        let outcome = s.execute("history")
        #expect(outcome.output == "1  set rows 4\n2  history")
        #expect(s.execute("quit").quit)
        #expect(s.execute("exit").quit)
    }

    @Test("help lists statements; help on one statement shows its usage")
    func help() {
        let s = session()
        #expect(s.execute("help").output.contains("describe    columns, types, nulls, ranges"))
        #expect(s.execute("help set").output.contains("set rows N"))
        #expect(s.execute("help describe").output.hasPrefix("usage: describe D"))
        #expect(s.execute("help bogus").error?.contains("no help on `bogus`") == true)
    }
}

@Suite("Collation setting")
struct CollationSettingTests {
    @Test("set collation bytes|norwegian changes how query results sort; a bad value is an error")
    func collation() throws {
        let (s, dir) = try BadInputCorpusTests.session()
        try "navn\nÅs\nØl\nZebra\nÆre\naa\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        #expect(s.settings.collation == .norwegian)
        let nb = s.execute("load \"n.csv\" as n; set format csv; from n | sort navn")
        #expect(nb.ok, "\(nb.error ?? "")")
        #expect(nb.output.split(separator: "\n").map(String.init).suffix(6) == ["navn", "aa", "Zebra", "Ære", "Øl", "Ås"])
        #expect(s.execute("set collation bytes").ok)
        #expect(s.settings.collation == .bytes)
        #expect(s.execute("set").output.contains("collation     bytes"))
        let by = s.execute("from n | sort navn")
        #expect(by.output.split(separator: "\n").map(String.init) == ["navn", "Zebra", "aa", "Ås", "Ære", "Øl"])
        let bad = s.execute("set collation klingon")
        #expect(!bad.ok && bad.error?.contains("is not one of norwegian, bytes") == true, "\(bad.error ?? "")")
        #expect(s.settings.collation == .bytes)
    }
}

/// `set output FILE` / `--output FILE`, as DuckDB's `.output`: results to a file, errors on the screen.
@Suite struct OutputSettingTests {
    @Test func resultsGoToTheFileUntilSetOutputDefault() throws {
        let box = try SessionSandbox()
        try box.write("old contents\n", to: "res.txt")
        let s = box.session()
        let redirected = s.execute("set output \"res.txt\"; from probe | take 1; from probe | select yrke | take 2")
        #expect(redirected.ok && redirected.output.isEmpty, "\(redirected.output)")
        let bad = s.execute("from nope")
        #expect(bad.error?.contains("unknown dataset") == true)  // errors stay on the screen
        #expect(s.execute("set output default; from probe | take 1").output.contains("Sykepleier"))
        let text = try box.read("res.txt")
        #expect(!text.contains("old contents"), "the file is emptied first")
        #expect(text.components(separatedBy: "yrke").count == 3, "\(text)")
        #expect(!text.contains("unknown dataset"))
    }

    @Test func aReplayedScriptMaySendItsOutputOnlyInsideItsFolder() throws {
        let box = try SessionSandbox()
        try box.write("set output \"../stolen.txt\"\nfrom probe\n", to: "lesson/kurs.hws")
        let outcome = box.session().execute("replay lesson/kurs.hws")
        #expect(outcome.error?.contains("kurs.hws may not write `../stolen.txt`") == true, "\(outcome.error ?? "")")
        #expect(!box.exists("stolen.txt"))
    }

    @Test func theOutputFlagOfTheBinary() throws {
        let box = try SessionSandbox()
        let run = try BinaryTests.run(["--datasets", "data", "--output", "out.txt", "-c", "from probe | take 1"],
                                      in: URL(fileURLWithPath: box.root))
        #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stdout)\(run.stderr)")
        #expect(try box.read("out.txt").contains("Sykepleier"))
    }
}
