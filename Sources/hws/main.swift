import ArgumentParser
import Foundation
import Shell
import Tables

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hws`: the health workforce shell. `hws [FILE] [-c …]` runs the shell (the default subcommand);
/// `hws check` checks notebooks; `hws lesson check` grades a student's answers.
struct HWSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hws",
        abstract: "The health workforce shell: pipeline queries, projections and indicators over workforce data.",
        discussion: """
        Examples:
          hws                                  interactive shell on the bundled datasets
          hws analysis.hws                     run a script; exit status 1 if a statement fails
          hws lesson.hws --step                step through a lesson (Enter, s, b, g NAME, r, q, ?)
          hws -c 'datasets; describe helsemod_gap'
          echo 'from helsemod_gap | take 3' | hws
          hws check README.md sessions/*.md    re-run notebooks; fail with a diff where output changed
          hws lesson check kurs.hws svar.hws   grade a student's answers to a lesson's exercises
        """,
        version: "hws \(ShellModule.version)",
        subcommands: [RunCommand.self, CheckCommand.self, LessonCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// Re-runs notebooks and shows where their output changed.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run notebooks (Markdown with hws blocks) and fail with a diff where any output changed.",
        discussion: "Each notebook runs in a fresh session from its own folder; what it writes goes to a scratch folder.")

    @Flag(name: .long, help: "Rewrite a changed notebook with today's outputs instead of failing.")
    var update = false

    @OptionGroup var data: DatasetsOption

    @Argument(help: "The notebooks to check.")
    var files: [String] = []

    mutating func run() throws {
        try Terminal.exit(NotebookCheck.run(files: files, update: update, options: data.notebookOptions,
                                            output: Terminal.out, errorOutput: Terminal.err))
    }
}

/// `--datasets`, shared by the subcommands that run notebooks and lessons in fresh sessions.
struct DatasetsOption: ParsableArguments {
    static let help: ArgumentHelp = "The datasets folder (default: $HWS_DATASETS, ./datasets, or the bundled one)."

    @Option(name: .long, help: DatasetsOption.help)
    var datasets: String?

    /// A fresh notebook session's options with this datasets folder.
    var notebookOptions: SessionOptions {
        var options = NotebookRun.options()
        options.datasetsDirectory = datasets
        return options
    }
}

/// `hws lesson check LESSON.hws ANSWERS.hws`.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson", abstract: "Lessons: grade a student's answers.",
        subcommands: [LessonCheckCommand.self])
}

struct LessonCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade a student's answers to a lesson's exercises: one line per exercise, exit status 1 when any fails.",
        discussion: "The answers file holds the student's statements under `# exercise NAME` lines, as the lesson names them.")

    @OptionGroup var data: DatasetsOption

    @Argument(help: "The lesson script (.hws) with `# exercise` directives.")
    var lesson: String

    @Argument(help: "The student's answers (.hws).")
    var answers: String

    mutating func run() throws {
        try Terminal.exit(LessonGrader.run(lesson: lesson, answers: answers, options: data.notebookOptions,
                                           output: Terminal.out, errorOutput: Terminal.err))
    }
}

/// The shell itself: interactive, a script, `-c`, or stdin.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the shell (the default): interactive, a script (FILE), statements (-c) or stdin.",
        discussion: "With no FILE and no -c, statements are read from the terminal (interactive) or from stdin.")

    @Argument(help: "A script of statements to run (.hws).")
    var file: String?

    @Option(name: .customShort("c"), help: "Statements to run (separate with `;`), then exit.")
    var command: String?

    @Flag(name: .long, help: "Go on after a failing statement (the exit status is still 1).")
    var keepGoing = false

    @Option(name: .long, help: DatasetsOption.help)
    var datasets: String?

    @Flag(name: .long, help: "Pause before each statement of FILE: Enter runs it, s skips, q stops.")
    var step = false

    @Option(name: .long, help: "Lay output out in N cells, whatever the terminal's width (a projector's font).")
    var width: Int?

    @Option(name: .long, help: ArgumentHelp("Send results to FILE instead of the screen (errors stay on stderr); as `set output FILE`.",
                                            valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Let a script (FILE, or one it replays) write PATH, a file or a folder, though it lies outside the script's folder.",
        discussion: "A script writes only inside its own folder unless allowed; -c and typed statements write anywhere.",
        valueName: "PATH"))
    var allowWrite: [String] = []

    mutating func run() throws {
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        let interactive = file == nil && command == nil && stdinIsTerminal && stdoutIsTerminal
        let session = try makeSession(interactive: interactive, stdoutIsTerminal: stdoutIsTerminal)
        SignalHandling.installTerminationCleanup()  // a SIGTERM during `write` leaves no temporary file
        if interactive { return runInteractive(session) }
        var failures = 0
        if let command {
            let summary = ScriptRunner(session: session, fileName: "-c", keepGoing: keepGoing,
                                       output: Terminal.out, errorOutput: Terminal.err).run(text: command)
            failures += summary.failures
            if summary.stopped || (summary.failures > 0 && !keepGoing) { throw ExitCode(summary.exitStatus) }
        }
        if let file {
            failures += try runFile(file, session: session, stdinIsTerminal: stdinIsTerminal, stdoutIsTerminal: stdoutIsTerminal)
        } else if command == nil {
            failures += runStandardInput(session)
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// The session the options ask for: datasets, width, output, allowed writes, and the terminal's
    /// writers and size. Exits with 2 on an option that cannot be honoured.
    func makeSession(interactive: Bool, stdoutIsTerminal: Bool) throws -> Session {
        let environment = ProcessInfo.processInfo.environment
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if let datasets {
            // A folder asked for by name must exist: an empty session would hide the typo.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: datasets, isDirectory: &isFolder), isFolder.boolValue else {
                let what = FileManager.default.fileExists(atPath: datasets) ? "is not a folder" : "does not exist"
                Terminal.write("error: --datasets `\(datasets)` \(what)\n", to: STDERR_FILENO)
                throw ExitCode(2)
            }
        }
        let options = SessionOptions(
            datasetsDirectory: datasets,
            interactive: interactive,
            color: stdoutIsTerminal && isatty(STDERR_FILENO) == 1 && !noColor,
            terminalWidth: width ?? Terminal.width(isTerminal: stdoutIsTerminal, environment: environment))
        let session = Session(options: options)
        if let width {
            guard (20...1000).contains(width) else {
                Terminal.write("error: --width takes 20 to 1000 cells\n", to: STDERR_FILENO)
                throw ExitCode(2)
            }
            _ = session.execute("set width \(width)")
        }
        if let output {
            let set = session.execute("set output \"\(output.replacingOccurrences(of: "\"", with: "\\\""))\"")
            if let error = set.error {
                Terminal.write(error + "\n", to: STDERR_FILENO)
                throw ExitCode(2)
            }
        }
        for path in allowWrite { session.writeGuard.allow(path, workingDirectory: options.workingDirectory) }
        // replay prints as it goes; at a terminal it can ask (step mode, overwriting a saved session).
        session.io = SessionIO(output: Terminal.out, errorOutput: Terminal.err)
        // A resized terminal (SIGWINCH) is seen at the next statement: the size is read each time.
        if stdoutIsTerminal { session.io.terminalSize = { Terminal.size() } }
        return session
    }

    /// The interactive shell: libedit, history, Tab completion, Ctrl-C.
    func runInteractive(_ session: Session) {
        SignalHandling.install()
        let completer = Completer(session: session)
        if History.defaultPath() == nil { Terminal.err("warning: neither HOME nor XDG_STATE_HOME is set: the history is not saved") }
        let editor = LineEditor(historyPath: History.defaultPath(),
                                completion: { completer.completion(line: $0, cursor: $1) }, interactive: true)
        // Every question (step mode, "overwrite?") reads through the main prompt's editor.
        session.io.readAnswer = TerminalInput.asker(editor: editor)
        Repl(session: session, readLine: { editor.readLine(prompt: $0) }, output: Terminal.out, errorOutput: Terminal.err,
             onStatement: { editor.addHistory($0) }).run()
    }

    /// Runs the script `file` (or steps through it with --step); the number of statements that failed.
    func runFile(_ file: String, session: Session, stdinIsTerminal: Bool, stdoutIsTerminal: Bool) throws -> Int {
        let err = Terminal.err
        let text: String
        if let problem = FileKind.problem(file) {
            err("error: cannot run `\(file)`: it \(problem)")
            throw ExitCode(1)
        }
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            err("error: cannot read `\(file)`: \(Terminal.reason(error))")
            throw ExitCode(1)
        }
        if step {
            // Step mode for a class: the statement, its notes, then Enter runs it, s skips, q stops.
            var editor: LineEditor? = nil
            if stdinIsTerminal {
                SignalHandling.install()
                if stdoutIsTerminal { editor = LineEditor(historyPath: nil, completion: nil, interactive: true) }
            }
            session.io.readAnswer = TerminalInput.asker(editor: editor)
            do {
                let summary = try session.replay(path: file, step: true)
                Terminal.out(summary.stopped ? "replay stopped after \(summary.run) of \(summary.total) statements"
                    : "replayed \(summary.total) statements from \(file)"
                      + (summary.skipped > 0 ? " (\(summary.skipped) skipped)" : ""))
            } catch {
                err(ErrorRendering.render(error, statement: "", color: session.options.color))
                throw ExitCode(1)
            }
            return 0
        }
        let runner = ScriptRunner(session: session, fileName: file, keepGoing: keepGoing, output: Terminal.out, errorOutput: err)
        // A script someone handed over writes only inside its own folder (see WriteGuard).
        return session.confiningWrites(toFolderOf: file, text: text) { runner.run(text: text).failures }
    }

    /// Statements piped to standard input; the number that failed.
    func runStandardInput(_ session: Session) -> Int {
        let runner = ScriptRunner(session: session, fileName: "<stdin>", keepGoing: keepGoing,
                                  output: Terminal.out, errorOutput: Terminal.err)
        // Lines longer than the statement limit are refused while reading (`hws < /dev/zero`).
        let reader = LineReader(fileDescriptor: STDIN_FILENO, limit: Session.maxStatementBytes)
        var failures = runner.run(lines: { reader.next() }).failures
        if let line = reader.overlongLine {
            Terminal.err("<stdin>:\(line): error: the line is longer than the statement limit of \(Session.maxStatementBytes / 1024) KB; stopped reading")
            failures += 1
        }
        return failures
    }
}

/// The few terminal facts the command line needs.
enum Terminal {
    /// Columns of the terminal, `$COLUMNS`, or 100 when output goes to a file or pipe.
    static func width(isTerminal: Bool, environment: [String: String]) -> Int {
        if isTerminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let c = environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        return 100
    }

    /// The terminal's columns and rows now, or nil.
    static func size() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// A line to stdout / stderr.
    static let out: @Sendable (String) -> Void = { write($0 + "\n", to: STDOUT_FILENO) }
    static let err: @Sendable (String) -> Void = { write($0 + "\n", to: STDERR_FILENO) }

    /// Ends a subcommand with `status` (0 returns normally).
    static func exit(_ status: Int32) throws {
        if status != 0 { throw ExitCode(status) }
    }

    /// Writes all of `text` to the file descriptor (unbuffered, so output and errors interleave in order).
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

setlocale(LC_CTYPE, "")
// `hws --help`: the subcommands, then the options of the shell itself (the default subcommand), so the
// flags a user looks for (-c, --keep-going, --step …) are on the first help page.
if Array(CommandLine.arguments.dropFirst()) == ["--help"] || Array(CommandLine.arguments.dropFirst()) == ["-h"] {
    print(HWSCommand.helpMessage())
    print("\nThe shell (`hws [run]`, the default):\n")
    print(RunCommand.helpMessage())
    exit(0)
}
HWSCommand.main()
