import Foundation
import Testing
import Tables
@testable import Shell

/// Lessons: step controls (back, go to, re-run, free play), exercises checked against their solutions,
/// and grading a student's answers offline.
@Suite struct LessonTests {
    static let lesson = """
        # Full time in the care services.
        # checkpoint start
        let big = from probe | where årsverk > 60
        # Look at what is left.
        from big | sort -årsverk
        # exercise total
        # What is the total årsverk per yrke, largest first?
        # hint Use agg with by.
        # hint Then sort by the total, descending.
        # check: keys=yrke tolerance=0.5
        # solution: from probe | agg total = sum(årsverk) by yrke
        # checkpoint after
        from probe | agg n = count()
        """

    /// Everything a statement can change, as text: datasets (with their rows), settings, scenarios,
    /// indicators and the recorded statements.
    static func state(_ s: Session) -> String {
        var parts: [String] = []
        for name in s.registry.names {
            let entry = s.registry.entry(name)!
            let rows = entry.table.map { TableRenderer.render($0, options: RenderOptions(format: .csv, maxRows: 1_000_000)) } ?? "(not loaded)"
            parts.append("\(name): \(rows)")
        }
        parts.append("\(s.settings)")
        parts.append(TableRenderer.render(s.scenarios.table(), options: RenderOptions(format: .csv)))
        parts.append(s.indicators.names.joined(separator: ","))
        parts.append(s.succeededStatements.joined(separator: "\n"))
        return parts.joined(separator: "\n--\n")
    }

    /// A sandbox with the lesson, and a session that answers from `answers` (then ends the input).
    static func run(_ answers: [String], lesson: String = LessonTests.lesson) throws -> (Session, [String], [String], ReplaySummary?, String?) {
        let box = try SessionSandbox()
        try box.write(lesson, to: "kurs.hws")
        var queue = answers
        var printed: [String] = []
        var prompts: [String] = []
        let s = box.session(io: SessionIO(output: { printed.append($0) }, errorOutput: { printed.append("ERR " + $0) },
                                          readAnswer: { prompts.append($0); return queue.isEmpty ? .eof : .line(queue.removeFirst()) }))
        do {
            let summary = try s.replay(path: "kurs.hws", step: true)
            return (s, printed, prompts, summary, nil)
        } catch {
            return (s, printed, prompts, nil, "\(error)")
        }
    }

    @Test func directivesAreRead() throws {
        let script = ReplayScript(text: Self.lesson)
        #expect(script.problems.isEmpty, "\(script.problems)")
        #expect(script.items.map(\.checkpoint) == ["start", nil, nil, "after"])
        let exercise = try #require(script.items[2].exercise)
        #expect(exercise.name == "total")
        #expect(exercise.task == ["What is the total årsverk per yrke, largest first?"])
        #expect(exercise.hints == ["Use agg with by.", "Then sort by the total, descending."])
        #expect(exercise.rules.keys == ["yrke"] && exercise.rules.tolerance == 0.5 && !exercise.rules.relative)
        #expect(script.items[2].statement == "from probe | agg total = sum(årsverk) by yrke")
        #expect(script.items[0].notes == ["Full time in the care services."])
    }

    @Test func badDirectivesAreNamedWithTheirLine() {
        let script = ReplayScript(text: "# exercise a\n# task\nfrom probe\n# check: colour=red\n# exercise b\n# solution: from probe\n# exercise c\n")
        #expect(script.problems == [
            "line 3: a statement inside exercise a, before its `# solution:`",
            "line 4: `# check:` outside an exercise",
            "line 7: exercise c has no `# solution:` line",
        ])
        #expect(throws: LessonError.self) { try CheckRules.parse("colour=red") }
        #expect(throws: LessonError.self) { try CheckRules.parse("tolerance=-1") }
    }

    @Test func backAfterALetRestoresTheEarlierState() throws {
        // Run the let, then the sort; go back twice: everything is as before the let.
        let box = try SessionSandbox()
        try box.write(Self.lesson, to: "kurs.hws")
        var queue = ["", "", "b", "b", "q"]
        var snapshots: [String] = []
        var session: Session! = nil
        session = box.session(io: SessionIO(output: { _ in }, readAnswer: { _ in
            snapshots.append(LessonTests.state(session))
            return queue.isEmpty ? .eof : .line(queue.removeFirst())
        }))
        _ = session.execute("from probe | take 1")  // loads probe, so the states compare loaded tables
        let summary = try session.replay(path: "kurs.hws", step: true)
        #expect(summary.stopped)
        // Prompts: before stmt 1 (s0), before stmt 2 (s1, big bound), before stmt 3 = exercise (not a step
        // prompt: the exercise asks with its own prompt) … here: answers 1 and 2 ran, then `b` twice.
        #expect(snapshots.count == 5)
        #expect(snapshots[0] != snapshots[1], "the let changed nothing?")
        #expect(snapshots[3] == snapshots[1], "one `b` must give the state before statement 2")
        #expect(snapshots[4] == snapshots[0], "two `b`s must give the state before the let")
        #expect(!session.registry.contains("big"))
    }

    @Test func freePlayRunsTheStudentsStatementAndTheLessonResumes() throws {
        let (s, printed, prompts, summary, error) = try Self.run(["from probe | agg n = count()", "", "q"])
        #expect(error == nil, "\(error ?? "")")
        #expect(summary?.stopped == true && summary?.run == 1)
        // The student's statement ran, then the lesson ran its own first statement.
        #expect(printed.contains { $0.contains("3") && !$0.contains("──") })
        #expect(prompts.prefix(2).allSatisfy { $0 == LessonRun.stepPrompt })
        #expect(s.registry.contains("big"))
    }

    @Test func goToACheckpointRunsWhatLiesBetweenAndGoesBack() throws {
        let (s, printed, _, summary, error) = try Self.run(["g after", "g start", "q"])
        #expect(error == nil, "\(error ?? "")")
        #expect(summary?.stopped == true)
        #expect(printed.contains { $0.contains("ran statements 1–3 quietly; now at checkpoint after") }, "\(printed)")
        #expect(printed.contains { $0.contains("at checkpoint start: everything is as it was before it") }, "\(printed)")
        #expect(!s.registry.contains("big"), "going back to start must undo the let")
        // An unknown checkpoint lists the ones there are.
        let (_, p2, _, _, _) = try Self.run(["g nowhere", "q"])
        #expect(p2.contains { $0 == "no checkpoint `nowhere`; there are start, total, after" }, "\(p2)")
    }

    @Test func anExerciseChecksTheStudentsAttempts() throws {
        let (_, printed, prompts, summary, error) = try Self.run([
            "", "",                                         // the let and the sort
            "hint", "hint", "hint",
            "from probe | select yrke, årsverk",             // wrong columns
            "from probe | agg total = sum(årsverk) by yrke | where yrke != \"Lege\"",  // a key missing
            "from probe | agg total = sum(årsverk) * 2 by yrke",  // wrong values
            "from probe | agg total = sum(årsverk) + 0.4 by yrke | sort yrke",  // within tolerance, another order
            "q",
        ])
        #expect(error == nil, "\(error ?? "")")
        #expect(summary?.stopped == true)
        #expect(prompts.contains(LessonRun.exercisePrompt))
        let text = printed.joined(separator: "\n")
        #expect(text.contains("── exercise total · 3 of 4 · kurs.hws:6 ──"), "\(text)")
        #expect(text.contains("hint 1 of 2: Use agg with by."))
        #expect(text.contains("hint 2 of 2: Then sort by the total, descending."))
        #expect(text.contains("no more hints; `reveal` shows the solution"))
        #expect(text.contains("✗ not yet: your result has no column `total`"))
        #expect(text.contains("✗ not yet: your result has 2 rows; the answer has 3; Lege is missing"))
        #expect(text.contains("✗ not yet: wrong total for Helsefagarbeider: you have 160, the answer is 80; "
                              + "wrong total for Lege: you have 100, the answer is 50; wrong total for Sykepleier: you have 201, the answer is 100.5"))
        #expect(text.contains("✓ correct: total done"))
    }

    @Test func revealAndSkipRunTheSolutionAndGoOn() throws {
        let (s, printed, _, _, error) = try Self.run(["", "", "reveal", "q"])
        #expect(error == nil)
        #expect(printed.contains { $0.hasPrefix("solution:\nhws> from probe | agg total = sum(årsverk) by yrke") })
        #expect(printed.contains { $0.contains("Helsefagarbeider") && $0.contains("total") })
        #expect(printed.contains { $0.hasPrefix("── statement 4 of 4 · checkpoint after · kurs.hws:13 ──") })
        #expect(s.succeededStatements.last == "from probe | agg total = sum(årsverk) by yrke")
        let (_, skipped, _, _, _) = try Self.run(["", "", "skip", "q"])
        #expect(skipped.contains("skipped total: its solution ran, so the lesson can go on"))
    }

    @Test func rerunShowsTheLastStatementAgain() throws {
        let (_, printed, _, _, _) = try Self.run(["", "", "q"].enumerated().map { $0.offset == 1 ? "r" : $0.element })
        #expect(printed.contains("hws> let big = from probe | where årsverk > 60"), "\(printed)")
        #expect(printed.filter { $0.hasPrefix("big: ") }.count == 2, "\(printed)")
    }

    @Test func notesWrapAtWordBoundaries() {
        let lines = TextWrap.words("Helsefagarbeidere og sykepleiere utgjør størstedelen av årsverkene i omsorgstjenesten", width: 30)
        #expect(lines == ["Helsefagarbeidere og", "sykepleiere utgjør", "størstedelen av årsverkene i", "omsorgstjenesten"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(TextWrap.words(String(repeating: "ø", count: 25), width: 10) == ["øøøøøøøøøø", "øøøøøøøøøø", "øøøøø"])
    }

    // MARK: - The check rules

    static func table(_ rows: [(String, Double)], names: (String, String) = ("yrke", "total")) -> Table {
        Table([(names.0, Column(strings: rows.map(\.0))), (names.1, Column(doubles: rows.map(\.1)))])
    }

    @Test func reorderedRowsPassUnlessTheTaskSorts() {
        let answer = Self.table([("Lege", 50), ("Sykepleier", 100)])
        let mine = Self.table([("Sykepleier", 100), ("Lege", 50)])
        #expect(LessonCheck.differences(student: mine, solution: answer, rules: CheckRules(), solutionSorts: false).isEmpty)
        let sorted = LessonCheck.differences(student: mine, solution: answer, rules: CheckRules(), solutionSorts: true)
        #expect(sorted.first?.hasPrefix("row 1 differs") == true, "\(sorted)")
        var keyed = CheckRules(); keyed.keys = ["yrke"]
        #expect(LessonCheck.differences(student: mine, solution: answer, rules: keyed, solutionSorts: true)
                == ["the rows are right but in another order than the task asks for"])
    }

    @Test func aWrongTotalNamesTheKeyAndBothValues() {
        var rules = CheckRules(); rules.keys = ["yrke"]
        let answer = Self.table([("Lege", 1_250), ("Sykepleier", 100)])
        let mine = Self.table([("Lege", 1_200), ("Sykepleier", 100), ("Tannlege", 3)])
        #expect(LessonCheck.differences(student: mine, solution: answer, rules: rules, solutionSorts: false) == [
            "your result has 3 rows; the answer has 2",
            "wrong total for Lege: you have 1 200, the answer is 1 250",
            "Tannlege should not be there",
        ])
        // Within a relative tolerance it passes.
        var loose = rules; loose.tolerance = 0.05; loose.relative = true
        let close = Self.table([("Lege", 1_200), ("Sykepleier", 100)])
        #expect(LessonCheck.differences(student: close, solution: answer, rules: loose, solutionSorts: false).isEmpty)
    }

    @Test func columnsMustMatchUnlessIncludeIsAllowed() {
        let answer = Self.table([("Lege", 1)])
        let mine = Table([("yrke", Column(strings: ["Lege"])), ("total", Column(doubles: [1])), ("extra", Column(ints: [7]))])
        #expect(LessonCheck.differences(student: mine, solution: answer, rules: CheckRules(), solutionSorts: false)
                == ["your result has a column the answer does not: `extra` (the answer has `yrke`, `total`)"])
        var include = CheckRules(); include.extraColumnsAllowed = true
        #expect(LessonCheck.differences(student: mine, solution: answer, rules: include, solutionSorts: false).isEmpty)
    }

    // MARK: - Grading offline

    @Test func gradingAnswersGivesALinePerExercise() throws {
        let box = try SessionSandbox()
        let lesson = Self.lesson + """

            # exercise count
            # How many yrker?
            # solution: from probe | agg n = count()
            """
        try box.write(lesson, to: "kurs.hws")
        try box.write("""
            # exercise total
            let t = from probe | agg total = sum(årsverk) by yrke
            from t | sort -total
            # exercise count
            from probe | agg n = count() | derive n = n + 1
            """, to: "svar.hws")
        let options = SessionOptions(datasetsDirectory: box.root + "/data", workingDirectory: box.root)
        var out: [String] = []
        let status = LessonGrader.run(lesson: "kurs.hws", answers: "svar.hws", options: options,
                                      output: { out.append($0) }, errorOutput: { out.append("ERR " + $0) })
        #expect(status == 1)
        #expect(out == [
            "ok    total",
            "FAIL  count: wrong n: you have 4, the answer is 3",
            "1 of 2 exercises pass",
        ])
        try box.write("# exercise total\nfrom probe | agg total = sum(årsverk) by yrke\n# exercise count\nfrom probe | agg n = count()\n", to: "svar.hws")
        out = []
        #expect(LessonGrader.run(lesson: "kurs.hws", answers: "svar.hws", options: options,
                                 output: { out.append($0) }, errorOutput: { out.append("ERR " + $0) }) == 0)
        #expect(out == ["ok    total", "ok    count", "2 of 2 exercises pass"])
        // A missing answer is named.
        try box.write("# exercise total\nfrom probe | agg total = sum(årsverk) by yrke\n", to: "svar.hws")
        out = []
        _ = LessonGrader.run(lesson: "kurs.hws", answers: "svar.hws", options: options,
                             output: { out.append($0) }, errorOutput: { out.append("ERR " + $0) })
        #expect(out[1] == "FAIL  count: no answer (the answers file has no `# exercise count`)")
    }
}

/// What the teacher wrote stays: comments typed at the prompt and `help` go into saved sessions and
/// notebooks; a notebook copied elsewhere with its data checks there, from any working folder.
@Suite struct SessionKeepsWhatTheTeacherWroteTests {
    @Test func commentsAndHelpGoIntoSaveAndExport() throws {
        let box = try SessionSandbox()
        let s = box.session()
        #expect(s.execute("# Først: hele tabellen.").ok)
        #expect(s.execute("from probe | take 1").ok)
        #expect(s.execute("help quit").ok)
        #expect(s.execute("save session kurs").ok)
        let saved = try box.read("sessions/kurs.hws")
        #expect(saved.hasSuffix("\n# Først: hele tabellen.\nfrom probe | take 1\nhelp quit\n"), "\(saved)")
        #expect(s.execute("export notebook kurs.md").ok)
        let notebook = try box.read("kurs.md")
        #expect(notebook.contains("Først: hele tabellen.\n\n```hws\nfrom probe | take 1\n```"), "\(notebook)")
        #expect(notebook.contains("```hws\nhelp quit\n```\n\n```\nusage: quit"), "\(notebook)")
        // Replaying the saved session keeps the note for the next export.
        let again = box.session()
        #expect(again.execute("replay kurs").ok)
        #expect(again.execute("export notebook again.md").ok)
        #expect(try box.read("again.md").contains("Først: hele tabellen."))
    }

    @Test func aNotebookCopiedWithItsDataChecksFromAnywhere() throws {
        let box = try SessionSandbox()
        // Latin-1 data: its load prints a warning naming the file.
        try FileManager.default.createDirectory(atPath: box.root + "/kurs", withIntermediateDirectories: true)
        try Data([UInt8]("navn,n\nBod".utf8) + [0xF8] + [UInt8](",1\n".utf8))
            .write(to: URL(fileURLWithPath: box.root + "/kurs/data.csv"))
        let author = Session(options: SessionOptions(datasetsDirectory: box.root + "/data", workingDirectory: box.root + "/kurs"))
        let loaded = author.execute("load \"data.csv\" as d")
        #expect(loaded.output.hasPrefix("warning: data.csv: not valid UTF-8"), "\(loaded.output)")
        #expect(!loaded.output.contains(box.root))
        #expect(author.execute("from d | where n == 1").ok)
        #expect(author.execute("export notebook nb.md").ok)
        // Checked from another working folder, and after the folder is copied elsewhere.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("hws-copy-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: box.root + "/kurs", toPath: elsewhere)
        for file in [box.root + "/kurs/nb.md", elsewhere + "/nb.md"] {
            var out: [String] = []
            let status = NotebookCheck.run(files: [file], options: NotebookRun.options(like: SessionOptions(
                datasetsDirectory: box.root + "/data", workingDirectory: "/")), output: { out.append($0) }, errorOutput: { out.append($0) })
            #expect(status == 0, "\(file): \(out)")
        }
    }
}

@Suite struct LessonScreenTests {
    @Test func aLongTableIsCutSoTheNotesStayOnScreen() throws {
        let box = try SessionSandbox()
        try box.write("# A long table.\ngenerate register rows=50 seed=1 | select age\n", to: "kurs.hws")
        var printed: [String] = []
        var answers = [""]
        var io = SessionIO(output: { printed.append($0) }, readAnswer: { _ in answers.isEmpty ? .eof : .line(answers.removeFirst()) })
        io.terminalSize = { (columns: 80, rows: 24) }
        let s = box.session(io: io)
        _ = try s.replay(path: "kurs.hws", step: true)
        let table = try #require(printed.first { $0.hasPrefix("age") })
        #expect(table.split(separator: "\n").count == 2 + 10 + 1, "\(table)")  // header, rule, 24 - 14 rows, footer
        #expect(table.contains("40 more rows"))
        // Outside the lesson the setting holds again.
        #expect(s.execute("generate register rows=50 seed=1 | select age").output.split(separator: "\n").count == 2 + 20 + 1)
    }
}

/// The shipped lessons: `hws lesson check` on a passing and a failing answer file (golden output), and
/// every notebook in sessions/ checks from another working folder and after being copied elsewhere.
@Suite struct ShippedLessonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let golden = root + "/Tests/ShellTests/Golden/lessons"

    @Test(arguments: [("heltid-pass", Int32(0)), ("heltid-fail", Int32(1))])
    func lessonCheckGolden(_ name: String, _ status: Int32) throws {
        let run = try BinaryTests.run(["lesson", "check", "sessions/lesson-heltid.hws", Self.golden + "/\(name).hws",
                                       "--datasets", Self.root + "/datasets"], in: URL(fileURLWithPath: Self.root))
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stdout == (try String(contentsOfFile: Self.golden + "/\(name).out", encoding: .utf8)))
    }

    @Test func lessonsHaveCheckpointsExercisesHintsAndChecks() throws {
        for lesson in ["lesson-heltid", "lesson-gap-2040"] {
            let script = ReplayScript(text: try String(contentsOfFile: Self.root + "/sessions/\(lesson).hws", encoding: .utf8))
            #expect(script.problems.isEmpty, "\(lesson): \(script.problems)")
            let exercises = script.items.compactMap(\.exercise)
            #expect(exercises.count >= 2 && script.items.filter { $0.checkpoint != nil }.count >= 2, "\(lesson)")
            #expect(exercises.allSatisfy { !$0.hints.isEmpty && !$0.task.isEmpty }, "\(lesson)")
            // Each exercise's solution passes its own check (a lesson whose answer fails itself is broken).
            let answers = exercises.map { "# exercise \($0.name)\n\($0.solution)" }.joined(separator: "\n")
            let grades = try LessonGrader.grade(lesson: "sessions/\(lesson).hws",
                                                lessonText: try String(contentsOfFile: Self.root + "/sessions/\(lesson).hws", encoding: .utf8),
                                                answersText: answers,
                                                options: SessionOptions(datasetsDirectory: Self.root + "/datasets", workingDirectory: Self.root))
            #expect(grades.count == exercises.count && grades.allSatisfy(\.passed), "\(lesson): \(grades)")
        }
    }

    @Test func sessionNotebooksCheckFromElsewhereAndWhenCopied() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hws-sessions-copy-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.root + "/sessions", toPath: copy)
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0.hasSuffix(".md") }.sorted()
        #expect(!notebooks.isEmpty)
        var out: [String] = []
        let status = NotebookCheck.run(files: notebooks.map { copy + "/" + $0 },
                                       options: NotebookRun.options(like: SessionOptions(datasetsDirectory: Self.root + "/datasets",
                                                                                         workingDirectory: "/")),
                                       output: { out.append($0) }, errorOutput: { out.append($0) })
        #expect(status == 0, "\(out.joined(separator: "\n"))")
    }
}
