import ArgumentParser
import Foundation
import Shell

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hws`: the health workforce shell.
struct HWSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hws",
        abstract: "The health workforce shell: pipeline queries, projections and indicators over workforce data.",
        discussion: """
        With no FILE and no -c, statements are read from the terminal (interactive) or from stdin.
        Examples:
          hws                                  interactive shell on the bundled datasets
          hws analysis.hws                     run a script; exit status 1 if a statement fails
          hws -c 'datasets; describe helsemod_gap'
          echo 'from helsemod_gap | take 3' | hws
        """,
        version: "hws \(ShellModule.version)"
    )

    @Argument(help: "A script of statements to run (.hws).")
    var file: String?

    @Option(name: .customShort("c"), help: "Statements to run (separate with `;`), then exit.")
    var command: String?

    @Flag(name: .long, help: "Go on after a failing statement (the exit status is still 1).")
    var keepGoing = false

    @Option(name: .long, help: "The datasets folder (default: $HWS_DATASETS, ./datasets, or the bundled one).")
    var datasets: String?

    @Flag(name: .long, help: "Pause before each statement of FILE: Enter runs it, s skips, q stops.")
    var step = false

    @Option(name: .long, help: ArgumentHelp(
        "Let a script (FILE, or one it replays) write PATH, a file or a folder, though it lies outside the script's folder.",
        discussion: "A script writes only inside its own folder unless allowed; -c and typed statements write anywhere.",
        valueName: "PATH"))
    var allowWrite: [String] = []

    mutating func run() throws {
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let interactive = file == nil && command == nil && stdinIsTerminal && stdoutIsTerminal
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
            terminalWidth: Terminal.width(isTerminal: stdoutIsTerminal, environment: environment))
        let session = Session(options: options)
        for path in allowWrite { session.writeGuard.allow(path, workingDirectory: options.workingDirectory) }
        let out: (String) -> Void = { Terminal.write($0 + "\n", to: STDOUT_FILENO) }
        let err: (String) -> Void = { Terminal.write($0 + "\n", to: STDERR_FILENO) }
        // replay prints as it goes; at a terminal it can ask (step mode, overwriting a saved session).
        session.io = SessionIO(output: out, errorOutput: err)

        if interactive {
            SignalHandling.install()
            let completer = Completer(session: session)
            let editor = LineEditor(historyPath: History.defaultPath(),
                                    completion: { completer.completion(line: $0, cursor: $1) }, interactive: true)
            // Every question (step mode, "overwrite?") reads through the main prompt's editor.
            session.io.readAnswer = TerminalInput.asker(editor: editor)
            Repl(session: session, readLine: { editor.readLine(prompt: $0) }, output: out, errorOutput: err,
                 onStatement: { editor.addHistory($0) }).run()
            return
        }
        var failures = 0
        if let command {
            let summary = ScriptRunner(session: session, fileName: "-c", keepGoing: keepGoing,
                                       output: out, errorOutput: err).run(text: command)
            failures += summary.failures
            if summary.stopped || (summary.failures > 0 && !keepGoing) { throw ExitCode(summary.exitStatus) }
        }
        if let file {
            let text: String
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
                    out(summary.stopped ? "replay stopped after \(summary.run) of \(summary.total) statements"
                        : "replayed \(summary.total) statements from \(file)"
                          + (summary.skipped > 0 ? " (\(summary.skipped) skipped)" : ""))
                } catch {
                    err(ErrorRendering.render(error, statement: "", color: options.color))
                    throw ExitCode(1)
                }
                _ = text
                return
            }
            let runner = ScriptRunner(session: session, fileName: file, keepGoing: keepGoing, output: out, errorOutput: err)
            // A script someone handed over writes only inside its own folder (see WriteGuard).
            failures += session.confiningWrites(toFolderOf: file, text: text) { runner.run(text: text).failures }
        } else if command == nil {
            let runner = ScriptRunner(session: session, fileName: "<stdin>", keepGoing: keepGoing,
                                      output: out, errorOutput: err)
            failures += runner.run(lines: { Swift.readLine(strippingNewline: true) }).failures
        }
        if failures > 0 { throw ExitCode(1) }
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
// `hws check [--update] FILE.md …`: re-run notebooks and show where their output changed.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "check" {
    var files = Array(CommandLine.arguments.dropFirst(2))
    let update = files.contains("--update")
    files.removeAll { $0 == "--update" }
    exit(NotebookCheck.run(files: files, update: update, options: NotebookRun.options(),
                           output: { Terminal.write($0 + "\n", to: STDOUT_FILENO) },
                           errorOutput: { Terminal.write($0 + "\n", to: STDERR_FILENO) }))
}
HWSCommand.main()
