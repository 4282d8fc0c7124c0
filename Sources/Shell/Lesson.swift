import Foundation
import Query
import Tables

/// An exercise in a lesson script: the task a student is shown, hints given one at a time, a hidden
/// solution, and the rules its result is checked by.
///
///     # exercise gap2040
///     # Which five occupations lack the most FTE in 2040 (mid scenario)?
///     # hint Start from `project gap scenario=mid`.
///     # hint Keep the year 2040, then sort by gap.
///     # check: keys=occupation tolerance=1
///     # solution: project gap scenario=mid | where year == 2040 | sort gap | take 5
public struct Exercise: Sendable, Equatable {
    public var name: String
    public var task: [String]
    public var hints: [String]
    /// The solution statement (also the replay item's statement: a script run without someone at the
    /// keyboard runs it, so what follows finds what the exercise builds).
    public var solution: String
    public var rules: CheckRules
    /// The line of `# exercise NAME`.
    public var line: Int = 0
}

/// How a student's result is compared with the solution's.
///
/// `# check: keys=a,b tolerance=0.5 order=any columns=include`:
/// * `keys`: rows are matched on these columns (a missing or extra key is named); without keys, rows are
///   compared as a whole;
/// * `tolerance`: numbers may differ by this much (`0.5%`: relative); default 1e-6 relative;
/// * `order`: `yes` (row order matters), `any`; default: it matters only when the solution sorts;
/// * `columns`: `same` (default: the same columns, in any order) or `include` (extra columns allowed).
public struct CheckRules: Sendable, Equatable {
    public var keys: [String] = []
    public var tolerance: Double = 1e-6
    public var relative = true
    public var ordered: Bool? = nil
    public var extraColumnsAllowed = false

    public init() {}

    /// Parses the text after `# check:`; an unknown word is an error naming it.
    public static func parse(_ text: String) throws -> CheckRules {
        var rules = CheckRules()
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw LessonError("`\(word)` in a check: expected key=value (keys=, tolerance=, order=, columns=)") }
            switch parts[0].lowercased() {
            case "keys", "key":
                rules.keys = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case "tolerance":
                var v = parts[1]
                let percent = v.hasSuffix("%")
                if percent { v.removeLast() }
                guard let x = Double(v), x >= 0 else { throw LessonError("tolerance `\(parts[1])` is not a number ≥ 0") }
                rules.tolerance = percent ? x / 100 : x
                rules.relative = percent
            case "order":
                switch parts[1].lowercased() {
                case "yes", "sorted", "matters": rules.ordered = true
                case "any", "no": rules.ordered = false
                default: throw LessonError("order=\(parts[1]): expected order=yes or order=any")
                }
            case "columns":
                switch parts[1].lowercased() {
                case "same": rules.extraColumnsAllowed = false
                case "include", "includes": rules.extraColumnsAllowed = true
                default: throw LessonError("columns=\(parts[1]): expected columns=same or columns=include")
                }
            default:
                throw LessonError("unknown check `\(parts[0])`; checks are keys=, tolerance=, order=, columns=")
            }
        }
        return rules
    }
}

/// A mistake in a lesson script (a directive it cannot read).
public struct LessonError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}

/// Compares a student's result with the solution's, in words a student understands.
public enum LessonCheck {
    /// What differs (at most a few sentences); empty when the result passes.
    public static func differences(student: Table, solution: Table, rules: CheckRules, solutionSorts: Bool) -> [String] {
        var problems: [String] = []
        let wanted = solution.columnNames, have = student.columnNames
        let missing = wanted.filter { !have.contains($0) }
        let extra = have.filter { !wanted.contains($0) }
        for m in missing { problems.append("your result has no column `\(m)`") }
        if !rules.extraColumnsAllowed, !extra.isEmpty {
            problems.append("your result has " + (extra.count == 1 ? "a column" : "columns") + " the answer does not: "
                            + extra.map { "`\($0)`" }.joined(separator: ", ") + " (the answer has " + wanted.map { "`\($0)`" }.joined(separator: ", ") + ")")
        }
        guard missing.isEmpty else { return problems }
        let keys = rules.keys.filter { wanted.contains($0) }
        let values = wanted.filter { !keys.contains($0) }
        let studentRows = (0..<student.rowCount).map { r in wanted.map { student.column(named: $0)![r] } }
        let solutionRows = (0..<solution.rowCount).map { r in wanted.map { solution.column(named: $0)![r] } }
        if studentRows.count != solutionRows.count {
            problems.append("your result has \(NumberFormat.counted(studentRows.count, "row")); the answer has \(solutionRows.count)")
        }
        let keyIndexes = keys.map { wanted.firstIndex(of: $0)! }
        let valueIndexes = values.map { wanted.firstIndex(of: $0)! }
        func label(_ row: [Value]) -> String { keyIndexes.map { show(row[$0]) }.joined(separator: ", ") }
        func same(_ a: Value, _ b: Value) -> Bool { LessonCheck.same(a, b, rules: rules) }

        var details: [String] = []
        if !keys.isEmpty {
            var byKey: [String: [Value]] = [:]
            for row in studentRows { byKey[label(row)] = row }
            let solutionKeys = Set(solutionRows.map(label))
            for row in solutionRows {
                let key = label(row)
                guard let mine = byKey[key] else { details.append("\(key) is missing"); continue }
                for c in valueIndexes where !same(mine[c], row[c]) {
                    details.append("wrong \(wanted[c]) for \(key): you have \(show(mine[c])), the answer is \(show(row[c]))")
                }
            }
            for row in studentRows where !solutionKeys.contains(label(row)) {
                details.append("\(label(row)) should not be there")
            }
            if (rules.ordered ?? solutionSorts), details.isEmpty, studentRows.count == solutionRows.count,
               studentRows.map(label) != solutionRows.map(label) {
                details.append("the rows are right but in another order than the task asks for")
            }
        } else if studentRows.count == 1, solutionRows.count == 1 {
            // One row (a total, a share): name each wrong value.
            for c in wanted.indices where !same(studentRows[0][c], solutionRows[0][c]) {
                details.append("wrong \(wanted[c]): you have \(show(studentRows[0][c])), the answer is \(show(solutionRows[0][c]))")
            }
        } else {
            let ordered = rules.ordered ?? solutionSorts
            let mine = ordered ? studentRows : studentRows.sorted(by: LessonCheck.rowOrder)
            let theirs = ordered ? solutionRows : solutionRows.sorted(by: LessonCheck.rowOrder)
            for (i, (a, b)) in zip(mine, theirs).enumerated() where !zip(a, b).allSatisfy(same) {
                let what = ordered ? "row \(i + 1)" : "a row"
                details.append("\(what) differs: you have \(a.map(show).joined(separator: ", ")), "
                               + "the answer has \(b.map(show).joined(separator: ", "))")
            }
        }
        if details.count > 3 { details = Array(details.prefix(3)) + ["and \(details.count - 3) more differences"] }
        return problems + details
    }

    static func same(_ a: Value, _ b: Value, rules: CheckRules) -> Bool {
        switch (number(a), number(b)) {
        case let (x?, y?):
            if x == y { return true }
            let bound = rules.relative ? rules.tolerance * max(abs(x), abs(y)) : rules.tolerance
            return abs(x - y) <= bound
        default:
            return a == b
        }
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .int(let i): return NumberFormat.grouped(i)
        case .double(let d): return NumberFormat.display(d, decimals: NumberFormat.decimalsNeeded([d], maxDecimals: 4))
        case .string(let s): return TextSafety.clean(s)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    static func rowOrder(_ a: [Value], _ b: [Value]) -> Bool {
        for (x, y) in zip(a, b) {
            let sx = key(x), sy = key(y)
            if sx != sy { return sx < sy }
        }
        return false
    }

    private static func key(_ v: Value) -> String {
        if let n = number(v) { return String(format: "%030.10f", n + 1e15) }
        return v.description
    }

    /// True when the pipeline has a `sort` step (then the task asks for an order).
    static func sorts(_ statement: String) -> Bool {
        // A statement that does not parse has no sort step (its error is the student's to see when it runs).
        guard case .some(let parsed) = try? QueryParser.parse(statement) else { return false }
        let pipeline: Pipeline
        switch parsed {
        case .query(let p): pipeline = p
        case .let(_, _, let p): pipeline = p
        }
        return pipeline.steps.contains { if case .sort = $0.step { return true } else { return false } }
    }
}

/// Step mode: a teacher (or a student) walks through a script one statement at a time.
///
/// At the step prompt: Enter runs the statement, `s` skips it, `b` goes back one statement (the datasets,
/// `let`s, settings, scenarios and indicators are put back exactly as they were before it), `g NAME` goes
/// to a checkpoint or exercise (back: state restored; forward: the statements between run quietly), `r`
/// runs the last statement again, `q` stops, `?` shows this legend. Any other line runs as the
/// student's own statement (free play) and the lesson stays where it was. At an exercise the task is
/// shown and the student's statements are checked against the hidden solution; `hint`, `reveal` and
/// `skip` help along. Ctrl-C or the end of input at any prompt stops the lesson.
struct LessonRun {
    let session: Session
    let script: ReplayScript
    let path: String
    let say: (String) -> Void
    let sayError: (String) -> Void

    /// The state before each item was run (or skipped), by index.
    private var before: [Int: Session.Snapshot] = [:]
    private var lastRun: Int? = nil
    private var summary: ReplaySummary

    static let stepPrompt = "[Enter] run · s skip · b back · q stop · ? more: "
    static let exercisePrompt = "exercise> "
    static let legend = """
        Enter   run the statement shown          s       skip it
        b       back one statement (state too)   g NAME  go to a checkpoint or exercise
        r       run the last statement again     q       stop the lesson (also Ctrl-C)
        ?       this legend                      other   run your own statement; the lesson waits
        At an exercise: type statements until one is right; hint · reveal · skip.
        """

    init(session: Session, script: ReplayScript, path: String, say: @escaping (String) -> Void,
         sayError: @escaping (String) -> Void) {
        self.session = session; self.script = script; self.path = path; self.say = say; self.sayError = sayError
        summary = ReplaySummary(total: script.items.count)
    }

    private enum Move { case next, stay, stop, to(Int) }

    mutating func run() throws -> ReplaySummary {
        // On a small screen (a projector at 80x24) a long table would push the notes off: cut it to fit.
        if let rows = session.io.terminalSize?()?.rows { session.rowCap = max(5, rows - 14) }
        defer { session.rowCap = nil }
        var index = 0
        while index < script.items.count {
            let item = script.items[index]
            let move: Move
            if let exercise = item.exercise {
                move = try exerciseLoop(exercise, index: index)
            } else {
                show(item, index: index)
                move = try stepLoop(index: index)
            }
            switch move {
            case .next: index += 1
            case .stay: break
            case .stop:
                summary.stopped = true
                return summary
            case .to(let target): index = try go(from: index, to: target)
            }
        }
        return summary
    }

    // MARK: - Prompts

    private mutating func stepLoop(index: Int) throws -> Move {
        while true {
            guard let answer = session.io.ask(LessonRun.stepPrompt) else { return .stop }
            let choice = answer.trimmingCharacters(in: .whitespaces)
            switch choice.lowercased() {
            case "": return try runOwnItem(index) ? .stop : .next
            case "s", "skip":
                before[index] = session.snapshot()
                summary.skipped += 1
                return .next
            default:
                if let move = try navigation(choice, index: index) { return move }
            }
        }
    }

    private mutating func exerciseLoop(_ exercise: Exercise, index: Int) throws -> Move {
        let item = script.items[index]
        var lines = [header("exercise \(exercise.name) · \(index + 1) of \(script.items.count)", index: nil, line: exercise.line)]
        lines += wrapped(item.notes + exercise.task)
        lines.append("   (your statements are checked; hint · reveal · skip · ? for more)")
        say(lines.joined(separator: "\n"))
        let start = session.snapshot()
        before[index] = start
        // The solution's result, from the state the exercise starts in.
        let expected = try solutionResult(exercise, from: start)
        let sorts = LessonCheck.sorts(exercise.solution)
        var hintsGiven = 0
        while true {
            guard let answer = session.io.ask(LessonRun.exercisePrompt) else { return .stop }
            let choice = answer.trimmingCharacters(in: .whitespaces)
            switch choice.lowercased() {
            case "": continue
            case "hint":
                if hintsGiven < exercise.hints.count {
                    hintsGiven += 1
                    say("hint \(hintsGiven) of \(exercise.hints.count): " + TextSafety.clean(exercise.hints[hintsGiven - 1]))
                } else {
                    say(exercise.hints.isEmpty ? "this exercise has no hints; `reveal` shows the solution"
                        : "no more hints; `reveal` shows the solution")
                }
            case "reveal", "skip":
                let reveal = choice.lowercased() == "reveal"
                if reveal { say("solution:\n" + Repl.prompt + exercise.solution) }
                session.restore(start)
                if try runOwnItem(index, quiet: !reveal) { return .stop }
                if !reveal { say("skipped \(exercise.name): its solution ran, so the lesson can go on") }
                return .next
            default:
                if let move = try navigation(choice, index: index) { return move }
                // The student's attempt (already run by navigation's free play): check what it produced.
                guard let produced = session.lastResult, session.lastResultIsFresh else { continue }
                let problems = LessonCheck.differences(student: produced, solution: expected, rules: exercise.rules,
                                                       solutionSorts: sorts)
                if problems.isEmpty {
                    say("✓ correct: \(exercise.name) done")
                    // A solution that binds a name: bind it, so what follows finds it.
                    // (Solutions parse: the script was checked when read; any other is simply not a `let`.)
                    if case .some(.let) = try? QueryParser.parse(exercise.solution) {
                        _ = try runOwnItem(index, quiet: true, keepBefore: true)
                    }
                    lastRun = index
                    return .next
                }
                say("✗ not yet: " + problems.joined(separator: "; "))
            }
        }
    }

    /// Handles the navigation words and free play; nil when `choice` was run as the student's statement
    /// (the caller may look at its result) — or `.stay`-like handling is done inside.
    private mutating func navigation(_ choice: String, index: Int) throws -> Move? {
        let lower = choice.lowercased()
        switch lower {
        case "q", "quit", "exit": return .stop
        case "?", "help lesson": say(LessonRun.legend); return .stay
        case "b", "back":
            guard index > 0 else { say("this is the first statement"); return .stay }
            // `go` puts the state back as it was before that statement.
            let target = index - 1
            say("back to statement \(target + 1): everything is as it was before it")
            return .to(target)
        case "r":
            guard let last = lastRun else { say("nothing has run yet"); return .stay }
            let item = script.items[last]
            say(Repl.prompt + item.statement)
            let outcome = session.execute(item.statement, origin: StatementOrigin(file: path, line: item.line))
            if !outcome.output.isEmpty { say(outcome.output) }
            if let error = outcome.error { sayError(error) }
            return .stay
        default:
            if lower.hasPrefix("g ") {
                let name = String(choice.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                guard let target = script.items.firstIndex(where: { $0.checkpoint == name || $0.exercise?.name == name }) else {
                    let names = script.items.compactMap { $0.checkpoint ?? $0.exercise?.name }
                    say("no checkpoint `\(TextSafety.clean(name))`" + (names.isEmpty ? " in this lesson" : "; there are " + names.joined(separator: ", ")))
                    return .stay
                }
                return .to(target)
            }
            // Free play: the student's own statement; the lesson stays where it is.
            session.lastResultIsFresh = false
            let outcome = session.execute(choice)
            if !outcome.output.isEmpty { say(outcome.output) }
            if let error = outcome.error { sayError(error) }
            if let timing = outcome.timing { say(timing) }
            if outcome.quit { return .stop }
            return nil
        }
    }

    // MARK: - Running and moving

    /// Runs the lesson's own statement at `index` (remembering the state before it); true on `quit`.
    private mutating func runOwnItem(_ index: Int, quiet: Bool = false, keepBefore: Bool = false) throws -> Bool {
        if !keepBefore || before[index] == nil { before[index] = session.snapshot() }
        let quit = try session.runItem(script.items[index], index: index, of: script, path: path, quiet: quiet,
                                       say: say, sayError: sayError)
        lastRun = index
        summary.run += 1
        return quit
    }

    /// Goes to item `target`: back restores the state before it; forward runs what lies between quietly.
    private mutating func go(from index: Int, to target: Int) throws -> Int {
        if target <= index {
            if let saved = before[target] { session.restore(saved) }
            if target < index - 1 || target == index { say("at \(name(of: target)): everything is as it was before it") }
            return target
        }
        for k in index..<target { _ = try runOwnItem(k, quiet: true) }
        say("ran statements \(index + 1)–\(target) quietly; now at \(name(of: target))")
        return target
    }

    private func name(of index: Int) -> String {
        let item = script.items[index]
        return item.checkpoint.map { "checkpoint \($0)" } ?? item.exercise.map { "exercise \($0.name)" } ?? "statement \(index + 1)"
    }

    /// The solution's result, computed from `state` and then forgotten (the state is put back).
    private func solutionResult(_ exercise: Exercise, from state: Session.Snapshot) throws -> Table {
        session.lastResultIsFresh = false
        let outcome = session.execute(exercise.solution)
        let result = session.lastResult
        session.restore(state)
        guard outcome.ok, let result else {
            throw RenderedError("error: \(path): the solution of exercise \(exercise.name) fails: "
                                + (outcome.error ?? "it gives no table"))
        }
        return result
    }

    // MARK: - Showing

    private func show(_ item: ReplayScript.Item, index: Int) {
        let what = "statement \(index + 1) of \(script.items.count)" + (item.checkpoint.map { " · checkpoint \($0)" } ?? "")
        var lines = [header(what, index: nil, line: item.line)]
        lines += wrapped(item.notes)
        let statementLines = item.statement.split(separator: "\n", omittingEmptySubsequences: false)
        for (k, l) in statementLines.enumerated() { lines.append((k == 0 ? Repl.prompt : Repl.continuationPrompt) + l) }
        say(lines.joined(separator: "\n"))
    }

    private func header(_ what: String, index: Int?, line: Int) -> String {
        let text = "── \(what) · \(path):\(line) ──"
        return session.settings.color ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
    }

    /// Notes wrapped at word boundaries to the terminal width, indented.
    private func wrapped(_ notes: [String]) -> [String] {
        let width = max(20, session.currentWidth() - 3)
        let lines = notes.flatMap { TextWrap.words(TextSafety.clean($0), width: width) }.map { "   " + $0 }
        guard session.settings.color else { return lines }
        return lines.map { "\u{1B}[36m" + $0 + "\u{1B}[0m" }
    }
}

/// Wraps text at word boundaries (a word longer than the width is cut).
enum TextWrap {
    static func words(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            let candidate = line.isEmpty ? word : line + " " + word
            if DisplayWidth.of(candidate) <= width { line = candidate; continue }
            if !line.isEmpty { lines.append(line); line = "" }
            while DisplayWidth.of(word) > width {
                let head = String(word.prefix(width))
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            line = word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

/// `hws lesson check LESSON.hws ANSWERS.hws`: grades a student's answers offline, one line per exercise.
///
/// The answers file names each exercise as the lesson does (`# exercise NAME`) and holds the student's
/// statements under it; the last table those statements produce is the answer. The lesson runs in a fresh
/// session from its own folder; at each exercise the answer is checked against the solution from the same
/// state, and then the solution runs, so each exercise is graded on its own.
public enum LessonGrader {
    public struct Grade: Sendable, Equatable {
        public var exercise: String
        /// Empty when the answer passes.
        public var problems: [String]
        public var passed: Bool { problems.isEmpty }
    }

    /// The grades in the lesson's order; throws when the lesson itself cannot run.
    public static func grade(lesson: String, lessonText: String, answersText: String, options: SessionOptions) throws -> [Grade] {
        let script = ReplayScript(text: lessonText)
        if !script.problems.isEmpty {
            throw RenderedError("error: \(lesson) has lesson directives hws cannot read:\n"
                                + script.problems.map { "  \(lesson): " + $0 }.joined(separator: "\n"))
        }
        let answers = answerSections(answersText)
        let session = Session(options: options)
        return try session.confiningWrites(toFolderOf: lesson, text: lessonText) {
            var grades: [Grade] = []
            for (index, item) in script.items.enumerated() {
                guard let exercise = item.exercise else {
                    try run(item.statement, line: item.line, in: session, lesson: lesson)
                    continue
                }
                let start = session.snapshot()
                session.lastResultIsFresh = false
                let solved = session.execute(exercise.solution)
                guard solved.ok, let expected = session.lastResult, session.lastResultIsFresh else {
                    throw RenderedError("error: \(lesson):\(item.line): the solution of exercise \(exercise.name) fails: "
                                        + (solved.error ?? "it gives no table"))
                }
                session.restore(start)
                var problems: [String] = []
                if let statements = answers[exercise.name], !statements.isEmpty {
                    var produced: Table? = nil
                    for statement in statements {
                        session.lastResultIsFresh = false
                        let outcome = session.execute(statement)
                        if let error = outcome.error {
                            problems = ["`\(statement.prefix(60))` fails: "
                                        + (error.split(separator: "\n").first.map { String($0).replacingOccurrences(of: "error: ", with: "") } ?? "")]
                            break
                        }
                        if session.lastResultIsFresh { produced = session.lastResult }
                    }
                    if problems.isEmpty {
                        if let produced {
                            problems = LessonCheck.differences(student: produced, solution: expected, rules: exercise.rules,
                                                               solutionSorts: LessonCheck.sorts(exercise.solution))
                        } else {
                            problems = ["the answer gives no table"]
                        }
                    }
                } else {
                    problems = ["no answer (the answers file has no `# exercise \(exercise.name)`)"]
                }
                grades.append(Grade(exercise: exercise.name, problems: problems))
                // Go on from the solution's state, so the next exercise is graded on its own.
                session.restore(start)
                try run(exercise.solution, line: item.line, in: session, lesson: lesson)
                _ = index
            }
            return grades
        }
    }

    private static func run(_ statement: String, line: Int, in session: Session, lesson: String) throws {
        let outcome = session.execute(statement, origin: StatementOrigin(file: lesson, line: line))
        if let error = outcome.error { throw RenderedError(error + "\n(the lesson itself fails here)") }
    }

    /// The statements under each `# exercise NAME` of an answers file.
    static func answerSections(_ text: String) -> [String: [String]] {
        var sections: [String: String] = [:]
        var current: String? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                let (word, rest) = ReplayScript.directive(ReplayScript.noteText(trimmed))
                if word == "exercise", !rest.isEmpty { current = rest; sections[rest, default: ""] += ""; continue }
            }
            if let current { sections[current, default: ""] += line + "\n" }
        }
        return sections.mapValues { ReplayScript(text: $0).items.map(\.statement) }
    }

    /// The command: prints a line per exercise and a summary; 0 when every answer passes.
    public static func run(lesson: String, answers: String, options: SessionOptions,
                           output: (String) -> Void, errorOutput: (String) -> Void) -> Int32 {
        let base = options.workingDirectory
        guard let lessonData = FileManager.default.contents(atPath: DatasetsFolder.absolute(lesson, base: base)) else {
            errorOutput("error: cannot read `\(lesson)`"); return 2
        }
        guard let answerData = FileManager.default.contents(atPath: DatasetsFolder.absolute(answers, base: base)) else {
            errorOutput("error: cannot read `\(answers)`"); return 2
        }
        var own = options
        own.datasetsDirectory = DatasetsFolder.locate(option: options.datasetsDirectory, workingDirectory: options.workingDirectory,
                                                      environment: options.environment)
        do {
            let grades = try grade(lesson: lesson,
                                   lessonText: String(decoding: lessonData, as: UTF8.self),
                                   answersText: String(decoding: answerData, as: UTF8.self), options: own)
            for g in grades {
                output(g.passed ? "ok    \(g.exercise)" : "FAIL  \(g.exercise): " + g.problems.joined(separator: "; "))
            }
            let passed = grades.filter(\.passed).count
            output("\(passed) of \(grades.count) exercises pass")
            return passed == grades.count ? 0 : 1
        } catch {
            errorOutput(ErrorRendering.render(error, statement: ""))
            return 2
        }
    }
}
