import Foundation
import Query
import Tables

/// A script read for replay: its statements, each with its line and the comment lines before it
/// (the teacher's notes). Lines join into one statement while it is unfinished (`|` or `\` at the end,
/// an open bracket or quote), as in the shell.
public struct ReplayScript: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var statement: String
        /// 1-based line of the statement's first line.
        public var line: Int
        /// The comments above it, without their `#`.
        public var notes: [String]
    }

    public var items: [Item]
    /// Comments after the last statement.
    public var closingNotes: [String]

    public init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        var items: [Item] = []
        var notes: [String] = []
        var pending = ""
        var pendingLine = 0
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty {
                if trimmed.isEmpty {
                    if !notes.isEmpty, notes.last != "" { notes.append("") }
                    continue
                }
                if trimmed.hasPrefix("#") { notes.append(ReplayScript.noteText(trimmed)); continue }
                pending = line
                pendingLine = index + 1
            } else {
                pending += "\n" + line
            }
            if !QueryParser.needsContinuation(pending) {
                while notes.last == "" { notes.removeLast() }
                items.append(Item(statement: pending.trimmingCharacters(in: .whitespaces), line: pendingLine, notes: notes))
                notes = []
                pending = ""
            }
        }
        if !pending.isEmpty {
            while notes.last == "" { notes.removeLast() }
            items.append(Item(statement: pending, line: pendingLine, notes: notes))
            notes = []
        }
        while notes.last == "" { notes.removeLast() }
        // The header `save session` writes is bookkeeping, not a note for the first statement.
        if let first = items.first, first.notes.first?.hasPrefix("hws session `") == true {
            items[0].notes = Array(first.notes.drop { $0.hasPrefix("hws session `") || $0.hasPrefix("saved ") || $0.hasPrefix("datasets: ") }
                .drop { $0.isEmpty })
        }
        self.items = items
        self.closingNotes = notes
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
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
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
    private func replay(_ script: ReplayScript, path: String, step: Bool, say: (String) -> Void,
                        sayError: (String) -> Void) throws -> ReplaySummary {
        // At a terminal, name every file the script will write before anything is written, and ask once
        // for those outside its folder (a no leaves them refused when the script gets there).
        let writes = script.filesWritten().map(TextSafety.clean)
        if io.isAttended || options.interactive, !writes.isEmpty {
            say("\(path) writes: " + writes.joined(separator: ", "))
        }
        let outside = writesOutside(script.filesWritten())
        if io.isAttended, !outside.isEmpty {
            let answer = io.ask("\(path) wants to write outside its folder: "
                                + outside.map(TextSafety.clean).joined(separator: ", ") + ". Allow for this run? [y/N] ")?
                .trimmingCharacters(in: .whitespaces).lowercased()
            if answer == "y" || answer == "yes" {
                for file in outside { writeGuard.allow(file, workingDirectory: pathBase) }
            }
        }

        var summary = ReplaySummary(total: script.items.count)
        for (index, item) in script.items.enumerated() {
            if step {
                var lines = ["── statement \(index + 1) of \(script.items.count) · \(path):\(item.line) ──"]
                lines += item.notes.map { "   " + $0 }
                let statementLines = item.statement.split(separator: "\n", omittingEmptySubsequences: false)
                for (k, l) in statementLines.enumerated() { lines.append((k == 0 ? Repl.prompt : Repl.continuationPrompt) + l) }
                say(lines.joined(separator: "\n"))
                let answer = io.ask("[Enter] run · s skip · q stop: ")
                let choice = answer?.trimmingCharacters(in: .whitespaces).lowercased()
                if choice == nil || choice == "q" || choice == "quit" || Cancellation.isRequested {
                    summary.stopped = true
                    Cancellation.reset()
                    break
                }
                if choice == "s" || choice == "skip" { summary.skipped += 1; continue }
            }
            let before = succeededStatements.count
            let outcome = execute(item.statement, origin: StatementOrigin(file: path, line: item.line))
            if succeededStatements.count > before, !item.notes.isEmpty { io.notes[before] = item.notes }
            if !outcome.output.isEmpty { say(outcome.output) }
            if let timing = outcome.timing { say(timing) }
            if let error = outcome.error {
                let stop = "replay of \(path) stopped at statement \(index + 1) of \(script.items.count)"
                if io.output != nil { sayError(error); throw RenderedError(stop) }
                throw RenderedError(error + "\n" + stop)
            }
            summary.run += 1
            if outcome.quit { summary.stopped = true; break }
        }
        return summary
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
        let saved = ((try? fm.contentsOfDirectory(atPath: resolvePath("sessions"))) ?? []).filter { $0.hasSuffix(".hws") }
        throw Diagnostic("no script `\(path)`", span: span,
                         hint: NameSuggester.hint(for: path, in: saved.map { "sessions/" + $0 } + saved.map { String($0.dropLast(4)) })
                            ?? (saved.isEmpty ? nil : "saved sessions: " + saved.sorted().joined(separator: ", ")))
    }
}
