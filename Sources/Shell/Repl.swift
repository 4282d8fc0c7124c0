/// The interactive loop: prompt `hws> `, continuation `...> ` while a statement is unfinished,
/// output and errors printed, Ctrl-D on an empty line (end of input) or `quit` leaves.
public struct Repl {
    public static let prompt = "hws> "
    public static let continuationPrompt = "...> "

    public let session: Session
    /// Reads one line after showing the prompt (`LineEditor.readLine`).
    public var readLine: (_ prompt: String) -> LineEditor.Result
    public var output: (String) -> Void
    public var errorOutput: (String) -> Void
    /// Called with each complete statement before it runs (for history).
    public var onStatement: ((String) -> Void)?

    public init(session: Session, readLine: @escaping (_ prompt: String) -> LineEditor.Result,
                output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void,
                onStatement: ((String) -> Void)? = nil) {
        self.session = session; self.readLine = readLine; self.output = output
        self.errorOutput = errorOutput; self.onStatement = onStatement
    }

    /// Runs until `quit` or end of input.
    public func run() {
        var pending = ""
        while true {
            let line: String
            switch readLine(pending.isEmpty ? Repl.prompt : Repl.continuationPrompt) {
            case .line(let l): line = l
            case .interrupted:
                // Ctrl-C at the prompt drops the statement being typed.
                pending = ""
                continue
            case .eof:
                // End of input inside a statement: run what there is (its error says what is missing).
                if !pending.isEmpty { _ = handle(pending) }
                return
            }
            if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            pending = pending.isEmpty ? line : pending + "\n" + line
            if session.needsContinuation(pending) { continue }
            let statement = pending
            pending = ""
            if !handle(statement) { return }
        }
    }

    /// Runs one statement; false when the session should end.
    private func handle(_ statement: String) -> Bool {
        onStatement?(statement)
        let outcome = session.execute(statement)
        if !outcome.output.isEmpty { output(outcome.output) }
        if let error = outcome.error { errorOutput(error) }
        if let timing = outcome.timing { output(timing) }
        return !outcome.quit
    }
}
