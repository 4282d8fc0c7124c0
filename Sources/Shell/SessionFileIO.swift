import Tables
/// How session-file statements (`replay`, `save session`, `export notebook`) reach the person at the
/// terminal. The REPL and `hws FILE --step` fill it in; scripts and tests leave it empty (or inject).
public struct SessionIO {
    /// Prints as a replay goes (each statement's output at once). Nil: output is collected into the
    /// `replay` statement's own output.
    public var output: ((String) -> Void)?
    /// Prints errors as a replay goes. Nil: like `output`, or collected.
    public var errorOutput: ((String) -> Void)?
    /// Shows a prompt and reads the answer (step mode, "overwrite?"); nil when no one is there to
    /// ask (a script): then step mode is refused and an existing session is not overwritten.
    /// Ctrl-C answers `.interrupted` (the question is dropped, as at the main prompt), the end of the
    /// input `.eof`; every question treats both as "no" / "stop". The shell reads answers through
    /// `TerminalInput.asker(editor:)`, the same interrupt-safe path as its main prompt.
    public var readAnswer: ((_ prompt: String) -> LineEditor.Result)?

    /// The terminal's size now (columns, rows), read again before every statement so a resized window
    /// (SIGWINCH) lays out tables, charts, help and a lesson's notes to its new width; nil: not a terminal.
    public var terminalSize: (() -> (columns: Int, rows: Int)?)?

    /// Comment lines of a replayed script, by index into `succeededStatements`: the teacher's notes,
    /// which `export notebook` writes as prose above the statement.
    var notes: [Int: [String]] = [:]
    /// The scripts being replayed, outermost first (a script may not replay itself).
    var replaying: [String] = []
    /// Runs between writing a session file and renaming it into place (tests simulate a crash here).
    var beforeRename: (() throws -> Void)?

    public init(output: ((String) -> Void)? = nil, errorOutput: ((String) -> Void)? = nil,
                readAnswer: ((_ prompt: String) -> LineEditor.Result)? = nil) {
        self.output = output; self.errorOutput = errorOutput; self.readAnswer = readAnswer
    }

    /// True when someone is at the terminal to answer.
    public var isAttended: Bool { readAnswer != nil }

    /// Asks `prompt`: the answer's text, or nil when the user pressed Ctrl-C or the input ended (or no
    /// one is there to ask). A Ctrl-C here never cancels the statement that follows.
    func ask(_ prompt: String) -> String? {
        guard let readAnswer else { return nil }
        switch readAnswer(prompt) {
        case .line(let text): return text
        case .interrupted, .eof:
            Cancellation.reset()
            return nil
        }
    }
}

/// An error whose text is already rendered (a replayed statement's error with its file and line):
/// `ErrorRendering` prints it as it is.
public struct RenderedError: Error, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
}
