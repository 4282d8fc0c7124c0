import Query

/// Runs a script (a `.hws` file, `-c` text or statements piped on stdin) through a session:
/// lines are joined into statements while a statement is unfinished (`|` or `\` at the end of a line,
/// an open bracket or quote), each statement runs with its file and line so errors read
/// `file:line: error: …`, and the run stops at the first failure unless `keepGoing`.
public struct ScriptRunner {
    public let session: Session
    /// Name shown in errors (`report.hws`, `<stdin>`, `-c`).
    public var fileName: String
    public var keepGoing: Bool
    /// Receives each statement's output (tables, messages), without a final newline.
    public var output: (String) -> Void
    /// Receives each rendered error.
    public var errorOutput: (String) -> Void
    /// Called before each statement with its text and line; return false to stop (for `--step`).
    public var beforeStatement: ((String, Int) -> Bool)?

    public init(session: Session, fileName: String, keepGoing: Bool = false,
                output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void,
                beforeStatement: ((String, Int) -> Bool)? = nil) {
        self.session = session; self.fileName = fileName; self.keepGoing = keepGoing
        self.output = output; self.errorOutput = errorOutput; self.beforeStatement = beforeStatement
    }

    /// The result of a run.
    public struct Summary: Sendable, Equatable {
        public var statements = 0
        public var failures = 0
        /// True when the script said `quit` or the step prompt stopped it.
        public var stopped = false
        /// 0 when every statement succeeded, 1 otherwise.
        public var exitStatus: Int32 { failures == 0 ? 0 : 1 }
    }

    /// Runs the whole text.
    @discardableResult
    public func run(text: String) -> Summary {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var iterator = lines.makeIterator()
        return run(lines: { iterator.next() })
    }

    /// Runs lines as they arrive from `nextLine` (nil at the end), so a pipe is served as it is written.
    @discardableResult
    public func run(lines nextLine: () -> String?) -> Summary {
        var summary = Summary()
        var pending = ""
        var pendingLine = 0
        var lineNumber = 0
        func runPending() -> Bool {
            defer { pending = "" }
            guard pending.utf8.count > Session.maxStatementBytes || !QueryParser.splitStatements(pending).isEmpty else {
                // A comment: the session keeps it as a note for the next statement (save, export).
                _ = session.execute(pending)
                return true
            }
            if let before = beforeStatement, !before(pending, pendingLine) { summary.stopped = true; return false }
            summary.statements += 1
            let outcome = session.execute(pending, origin: StatementOrigin(file: fileName, line: pendingLine), keepGoing: keepGoing)
            if !outcome.output.isEmpty { output(outcome.output) }
            if let timing = outcome.timing { output(timing) }
            if let error = outcome.error { errorOutput(error) }
            if !outcome.ok {
                summary.failures += 1
                if !keepGoing { return false }
            }
            if outcome.quit { summary.stopped = true; return false }
            return true
        }
        while let raw = nextLine() {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if pending.isEmpty {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                pendingLine = lineNumber
                pending = line
            } else {
                pending += "\n" + line
            }
            if !session.needsContinuation(pending) {
                if !runPending() { return summary }
            }
        }
        if !pending.isEmpty { _ = runPending() }
        return summary
    }
}
