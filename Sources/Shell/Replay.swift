import Foundation
import Query
import Tables

/// A script read for replay: its statements, each with its line and the comment lines before it
/// (the teacher's notes). Lines join into one statement while it is unfinished (`|` or `\` at the end,
/// an open bracket or quote), as in the shell.
///
/// Lesson directives in comments: `# checkpoint NAME` marks the next statement (step mode's `g NAME`
/// goes there); `# exercise NAME`, then the task's lines, `# hint …` lines, `# check: …` rules and
/// `# solution: PIPELINE` make an exercise item (see `Exercise`).
public struct ReplayScript: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var statement: String
        /// 1-based line of the statement's first line.
        public var line: Int
        /// The comments above it, without their `#`.
        public var notes: [String]
        /// `# checkpoint NAME` above it.
        public var checkpoint: String? = nil
        /// Set when the item is an exercise (`statement` is then its solution).
        public var exercise: Exercise? = nil
    }

    public var items: [Item]
    /// Comments after the last statement.
    public var closingNotes: [String]
    /// Directives the script gets wrong, as `line N: what` (a replay refuses such a script).
    public var problems: [String] = []

    public init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        var items: [Item] = []
        var notes: [String] = []
        var pending = ""
        var pendingLine = 0
        var checkpoint: String? = nil
        var exercise: (value: Exercise, line: Int)? = nil
        var problems: [String] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty {
                if trimmed.isEmpty {
                    if exercise == nil, !notes.isEmpty, notes.last != "" { notes.append("") }
                    continue
                }
                if trimmed.hasPrefix("#") {
                    let body = ReplayScript.noteText(trimmed)
                    let (word, rest) = ReplayScript.directive(body)
                    switch word {
                    case "checkpoint" where !rest.isEmpty && !rest.contains(" "):
                        checkpoint = rest
                    case "exercise" where !rest.isEmpty && !rest.contains(" "):
                        if let open = exercise { problems.append("line \(open.line): exercise \(open.value.name) has no `# solution:` line") }
                        exercise = (Exercise(name: rest, task: [], hints: [], solution: "", rules: CheckRules(), line: index + 1), index + 1)
                    case "hint" where exercise != nil:
                        exercise!.value.hints.append(rest)
                    case "check:":
                        if exercise == nil { problems.append("line \(index + 1): `# check:` outside an exercise"); break }
                        do { exercise!.value.rules = try CheckRules.parse(rest) } catch {
                            problems.append("line \(index + 1): \(error)")
                        }
                    case "solution:":
                        guard var open = exercise?.value else {
                            problems.append("line \(index + 1): `# solution:` outside an exercise"); break
                        }
                        guard !rest.isEmpty else { problems.append("line \(index + 1): an empty solution"); break }
                        open.solution = rest
                        while notes.last == "" { notes.removeLast() }
                        items.append(Item(statement: rest, line: index + 1, notes: notes, checkpoint: checkpoint, exercise: open))
                        notes = []; checkpoint = nil; exercise = nil
                    default:
                        if exercise != nil { exercise!.value.task.append(body) } else { notes.append(body) }
                    }
                    continue
                }
                if let open = exercise {
                    problems.append("line \(index + 1): a statement inside exercise \(open.value.name), before its `# solution:`")
                    exercise = nil
                }
                pending = line
                pendingLine = index + 1
            } else {
                pending += "\n" + line
            }
            if !QueryParser.needsContinuation(pending) {
                while notes.last == "" { notes.removeLast() }
                items.append(Item(statement: pending.trimmingCharacters(in: .whitespaces), line: pendingLine, notes: notes,
                                  checkpoint: checkpoint))
                notes = []
                pending = ""
                checkpoint = nil
            }
        }
        if !pending.isEmpty {
            while notes.last == "" { notes.removeLast() }
            items.append(Item(statement: pending, line: pendingLine, notes: notes, checkpoint: checkpoint))
            notes = []
        }
        if let open = exercise { problems.append("line \(open.line): exercise \(open.value.name) has no `# solution:` line") }
        var seen = Set<String>()
        for item in items {
            guard let name = item.checkpoint ?? item.exercise?.name else { continue }
            if !seen.insert(name).inserted { problems.append("line \(item.line): `\(name)` is named twice") }
        }
        self.problems = problems
        while notes.last == "" { notes.removeLast() }
        // The header `save session` writes is bookkeeping, not a note for the first statement.
        if let first = items.first, first.notes.first?.hasPrefix("hws session `") == true {
            items[0].notes = Array(first.notes.drop { $0.hasPrefix("hws session `") || $0.hasPrefix("saved ") || $0.hasPrefix("datasets: ") }
                .drop { $0.isEmpty })
        }
        self.items = items
        self.closingNotes = notes
    }

    /// A comment's first word (lowercased) and the rest: `checkpoint start` → ("checkpoint", "start").
    static func directive(_ body: String) -> (String, String) {
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (trimmed.lowercased(), "") }
        return (trimmed[..<space].lowercased(), trimmed[space...].trimmingCharacters(in: .whitespaces))
    }

    /// `# text` → `text`; `## Heading` stays a Markdown heading.
    static func noteText(_ comment: String) -> String {
        if comment.hasPrefix("##") { return comment }
        var t = comment.dropFirst()
        if t.first == " " { t = t.dropFirst() }
        return String(t)
    }

    /// The files the script's statements will write: `write "…"` steps, `save session NAME`,
    /// `export notebook FILE`.
    public func filesWritten() -> [String] {
        var files: [String] = []
        for item in items {
            let tokens = Completer.scan(Array(item.statement)).tokens
            for (i, token) in tokens.enumerated() {
                let word = token.text.lowercased()
                let next = i + 1 < tokens.count ? tokens[i + 1].text : nil
                if word == "write", i > 0, tokens[i - 1].text == "|", let next {
                    files.append(ReplayScript.unquote(next))
                } else if word == "session", i == 1, tokens[0].text.lowercased() == "save", let next {
                    files.append("sessions/\(next.hasSuffix(".hws") ? String(next.dropLast(4)) : next).hws")
                } else if word == "notebook", i == 1, tokens[0].text.lowercased() == "export", let next {
                    files.append(ReplayScript.unquote(next))
                }
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    static func unquote(_ s: String) -> String {
        s.count >= 2 && ((s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")))
            ? String(s.dropFirst().dropLast()) : s
    }
}

/// What a replay did.
public struct ReplaySummary: Sendable, Equatable {
    public var total = 0
    public var run = 0
    public var skipped = 0
    /// True when the user stopped it (`q`, end of input, Ctrl-C).
    public var stopped = false
}

extension Session {
    /// `replay FILE [step]`.
    func replayStatement(_ args: CommandArguments) throws -> String {
        let words = args.positional
        guard let fileWord = words.first else {
            throw Diagnostic("usage: replay FILE [step]", span: args.commandSpan, hint: "replay sessions/NAME.hws")
        }
        var step = false
        if words.count >= 2 {
            guard words[1].text.lowercased() == "step", words.count == 2 else {
                throw Diagnostic("unexpected `\(words[1].text)`", span: words[1].span, hint: "replay FILE [step]")
            }
            step = true
        }
        var collected: [String] = []
        let summary = try replay(path: fileWord.text, step: step, span: fileWord.span,
                                 collect: { collected.append($0) })
        let what = summary.total == 1 ? "1 statement" : "\(summary.total) statements"
        var tail = "replayed \(what) from \(fileWord.text)"
        if summary.skipped > 0 { tail += " (\(summary.skipped) skipped)" }
        if summary.stopped { tail = "replay stopped after \(summary.run) of \(summary.total) statements" }
        collected.append(tail)
        return collected.joined(separator: "\n")
    }

    /// Runs the script at `path` (relative to the working directory; `NAME` alone finds
    /// `sessions/NAME.hws`) in this session. Each statement's output goes to `io.output`, or to
    /// `collect` when there is no live output. A failing statement stops the replay with an error
    /// naming the file and line.
    public func replay(path: String, step: Bool, span: SourceSpan? = nil,
                       collect: ((String) -> Void)? = nil) throws -> ReplaySummary {
        let full = try replayFile(path, span: span)
        guard !io.replaying.contains(full) else {
            throw Diagnostic("`\(path)` is already being replayed (a script cannot replay itself)", span: span)
        }
        guard io.replaying.count < Session.maxReplayDepth else {  // each level costs stack: stop long before it runs out
            throw Diagnostic("replays nested \(io.replaying.count) deep: `\(path)` would be one more than the limit of \(Session.maxReplayDepth)", span: span)
        }
        guard !step || io.isAttended else {
            throw Diagnostic("`replay … step` needs someone at the keyboard", span: span,
                             hint: "run it at the hws prompt, or `hws \(path) --step`")
        }
        let text: String
        do { try FileKind.check(path: full, shownAs: path) } catch let e as Diagnostic { throw Diagnostic(e.message, span: span) }
        do {
            text = try String(contentsOfFile: full, encoding: .utf8)
        } catch {
            throw Diagnostic("cannot read `\(path)`", span: span, hint: "is it a UTF-8 text file?")
        }
        let script = ReplayScript(text: text)
        io.replaying.append(full)
        defer { io.replaying.removeLast() }

        let say: (String) -> Void = { [io] line in
            if let out = io.output { out(line) } else { collect?(line) }
        }
        let sayError: (String) -> Void = { [io] line in
            if let err = io.errorOutput ?? io.output { err(line) } else { collect?(line) }
        }
        return try confiningWrites(toFolderOf: full, text: text) {
            try replay(script, path: path, step: step, say: say, sayError: sayError)
        }
    }

    /// Runs a script's statements (writes already confined to its folder).
    private func replay(_ script: ReplayScript, path: String, step: Bool, say: @escaping (String) -> Void,
                        sayError: @escaping (String) -> Void) throws -> ReplaySummary {
        // At a terminal, name every file the script will write before anything is written, and ask once
        // for those outside its folder (a no leaves them refused when the script gets there).
        let writes = script.filesWritten().map(TextSafety.clean)
        if io.isAttended || options.interactive, !writes.isEmpty {
            say("\(path) writes: " + writes.joined(separator: ", "))
        }
        let outside = writesOutside(script.filesWritten())
        if io.isAttended, !outside.isEmpty {
            let answer = io.ask("\(path) wants to write outside its folder: "
                                + outside.map(TextSafety.clean).joined(separator: ", ") + ". Allow for this run? [y/N] ")
            // Ctrl-C (or the end of input) at the question: nothing runs.
            guard let answer else { throw RenderedError("replay of \(path) stopped before its first statement") }
            let yes = ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
            for file in outside {
                let real = WriteGuard.realPath(DatasetsFolder.absolute(file, base: pathBase))
                // Asked once: a no is not asked again when the script gets there.
                if yes { writeGuard.allowed.append(real) } else { writeGuard.refused.append(real) }
            }
        }

        if !script.problems.isEmpty {
            throw RenderedError("error: \(path) has lesson directives hws cannot read:\n"
                                + script.problems.map { "  \(path): " + $0 }.joined(separator: "\n"))
        }
        if step {
            var lesson = LessonRun(session: self, script: script, path: path, say: say, sayError: sayError)
            return try lesson.run()
        }
        var summary = ReplaySummary(total: script.items.count)
        for (index, item) in script.items.enumerated() {
            // Without someone at the keyboard, an exercise runs its solution (what follows may need it).
            let quit = try runItem(item, index: index, of: script, path: path, say: say, sayError: sayError)
            summary.run += 1
            if quit { summary.stopped = true; break }
        }
        return summary
    }

    /// Runs one item of a replayed script with its file and line, keeping its notes for `export notebook`;
    /// a failure stops the replay (thrown). True when the statement was `quit`.
    func runItem(_ item: ReplayScript.Item, index: Int, of script: ReplayScript, path: String, quiet: Bool = false,
                 say: (String) -> Void, sayError: (String) -> Void) throws -> Bool {
        let before = succeededStatements.count
        let outcome = execute(item.statement, origin: StatementOrigin(file: path, line: item.line))
        // An exercise's task goes with its solution into a notebook: the reader sees what was asked.
        let notes = item.notes + (item.exercise.map { ["Exercise `\($0.name)`: " + $0.task.joined(separator: " ")] } ?? [])
        if succeededStatements.count > before, !notes.isEmpty { io.notes[before] = notes }
        if !quiet, !outcome.output.isEmpty { say(outcome.output) }
        if !quiet, let timing = outcome.timing { say(timing) }
        if let error = outcome.error {
            let stop = "replay of \(path) stopped at statement \(index + 1) of \(script.items.count)"
            if io.output != nil { sayError(error); throw RenderedError(stop) }
            throw RenderedError(error + "\n" + stop)
        }
        return outcome.quit
    }

    /// The script's full path: as given (relative to the working directory), else `sessions/NAME.hws`.
    func replayFile(_ path: String, span: SourceSpan?) throws -> String {
        let fm = FileManager.default
        var candidates = [readTarget(resolvePath(path))]
        if !path.contains("/") {
            let name = path.hasSuffix(".hws") ? path : path + ".hws"
            candidates.append(readTarget(resolvePath("sessions/" + name)))
            if !path.hasSuffix(".hws") { candidates.insert(readTarget(resolvePath(name)), at: 1) }
        }
        var isDir: ObjCBool = false
        if let found = candidates.first(where: { fm.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }) {
            return (found as NSString).standardizingPath
        }
        // A folder (or FIFO, device) where the script was looked for: the same line `load` gives.
        if let other = candidates.first(where: { FileKind.problem($0) != nil }), let problem = FileKind.problem(other) {
            throw Diagnostic("`\(path)` \(problem)", span: span)
        }
        // No `sessions` folder is no saved sessions to suggest (this only builds a hint).
        let saved = ((try? fm.contentsOfDirectory(atPath: resolvePath("sessions"))) ?? []).filter { $0.hasSuffix(".hws") }
        throw Diagnostic("no script `\(path)`", span: span,
                         hint: NameSuggester.hint(for: path, in: saved.map { "sessions/" + $0 } + saved.map { String($0.dropLast(4)) })
                            ?? (saved.isEmpty ? nil : "saved sessions: " + saved.sorted().joined(separator: ", ")))
    }
}
