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
    public var readAnswer: ((_ prompt: String) -> String?)?

    /// Comment lines of a replayed script, by index into `succeededStatements`: the teacher's notes,
    /// which `export notebook` writes as prose above the statement.
    var notes: [Int: [String]] = [:]
    /// The scripts being replayed, outermost first (a script may not replay itself).
    var replaying: [String] = []
    /// Runs between writing a session file and renaming it into place (tests simulate a crash here).
    var beforeRename: (() throws -> Void)?

    public init(output: ((String) -> Void)? = nil, errorOutput: ((String) -> Void)? = nil,
                readAnswer: ((_ prompt: String) -> String?)? = nil) {
        self.output = output; self.errorOutput = errorOutput; self.readAnswer = readAnswer
    }

    /// True when someone is at the terminal to answer.
    public var isAttended: Bool { readAnswer != nil }
}

/// An error whose text is already rendered (a replayed statement's error with its file and line):
/// `ErrorRendering` prints it as it is.
public struct RenderedError: Error, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
}
