import Foundation
import Tables
import Query
import Projection
import Indicators
#if canImport(Glibc)
import Glibc
#endif

/// How a session is set up: where its data is and how it talks to the terminal.
public struct SessionOptions: Sendable {
    /// The datasets folder (nil: `$HWS_DATASETS`, `./datasets`, next to the executable, the source tree).
    public var datasetsDirectory: String?
    /// Relative paths in `load` and `write` are taken from here.
    public var workingDirectory: String
    /// True at a terminal prompt (affects nothing in statements; shown in help).
    public var interactive: Bool
    /// Colour in errors and charts (the caller has already honoured NO_COLOR and non-terminals).
    public var color: Bool
    /// Terminal width in cells.
    public var terminalWidth: Int
    /// Environment used to find the datasets folder.
    public var environment: [String: String]

    public init(datasetsDirectory: String? = nil,
                workingDirectory: String = FileManager.default.currentDirectoryPath,
                interactive: Bool = false, color: Bool = false, terminalWidth: Int = 100,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.datasetsDirectory = datasetsDirectory
        self.workingDirectory = workingDirectory
        self.interactive = interactive
        self.color = color
        self.terminalWidth = terminalWidth
        self.environment = environment
    }
}

/// What running one input (one or more `;`-separated statements) produced.
public struct StatementOutcome: Sendable {
    /// The complete text to print (tables, charts, messages), without a final newline; may be empty.
    public var output: String
    /// The rendered error (message, statement, caret line, hint), or nil.
    public var error: String?
    /// False when a statement failed.
    public var ok: Bool
    /// True after `quit` / `exit`.
    public var quit: Bool
    /// Wall time of the statements.
    public var elapsed: Duration
    /// `time: 12.3 ms` when `timer on`; kept apart from `output` so notebooks and checks never contain it.
    public var timing: String?

    public init(output: String = "", error: String? = nil, ok: Bool = true, quit: Bool = false,
                elapsed: Duration = .zero, timing: String? = nil) {
        self.output = output; self.error = error; self.ok = ok; self.quit = quit
        self.elapsed = elapsed; self.timing = timing
    }
}

/// One analysis session: the datasets, settings, scenarios and indicators a user builds up, and
/// the statements that succeeded. `execute` runs statements and never throws; a failed statement
/// changes nothing.
public final class Session {
    public let options: SessionOptions
    public internal(set) var settings: DisplaySettings
    public let registry: DatasetRegistry
    /// The session's datasets and engine commands for the query engine (and for completion).
    public var resolver: SessionResolver { SessionResolver(session: self) }
    /// Statements that succeeded, in order (what `save session` writes).
    public internal(set) var succeededStatements: [String] = []
    /// Every statement entered this session, in order (what `history` shows).
    public internal(set) var history: [String] = []
    /// Projection scenarios: the built-in low, mid, high and those defined with `scenario NAME from …`.
    public internal(set) var scenarios = ScenarioRegistry()
    /// Workforce indicators: the built-ins and those defined with `indicator define …`.
    public internal(set) var indicators = IndicatorCatalog()
    /// The projection's model inputs, read from `datasets/projection` on the first `project`.
    var cachedProjectionInputs: ProjectionInputs?
    /// Tables read by `from "file"`, kept while their files are unchanged.
    let fileSources = FileSourceCache()
    /// The terminal, for replay, save and export (see `SessionIO`).
    public var io = SessionIO()
    /// Where statements may write: confined for replayed scripts, a scratch folder for notebook runs.
    public var writeGuard = WriteGuard()
    /// Statistics Norway's statbank: server, cache, offline mode, this session's fetches (`ssb …`).
    public lazy var statbank: StatbankSession = makeStatbankSession()
    /// At most this many table rows while a lesson steps at a terminal, so the step's notes and statement
    /// stay on screen (the rest is counted in the `… more rows` footer); nil elsewhere.
    var rowCap: Int?
    /// Comments typed since the last recorded statement (see `execute`).
    var pendingNotes: [String] = []
    /// The table the last pipeline statement produced (shown, charted, written or bound with `let`);
    /// a lesson's exercise checks it against the solution's.
    public internal(set) var lastResult: Table? { didSet { lastResultIsFresh = true } }
    /// True when `lastResult` came from the latest statement (a lesson clears it before a student's try).
    var lastResultIsFresh = false

    /// The width to lay output out in: the terminal's now (it may have been resized), unless fixed with
    /// `set width`.
    func currentWidth() -> Int {
        if !settings.widthFixed, let size = io.terminalSize?() { return max(20, size.columns) }
        return settings.width
    }

    /// Everything a statement can change, for going back a step in a lesson: the datasets, settings,
    /// scenarios, indicators and the statements recorded so far (tables are shared, not copied).
    struct Snapshot {
        var datasets: [String: DatasetRegistry.Entry]
        var settings: DisplaySettings
        var scenarios: ScenarioRegistry
        var indicators: IndicatorCatalog
        var succeeded: [String]
        var notes: [Int: [String]]
        var lastResult: Table?
    }

    func snapshot() -> Snapshot {
        Snapshot(datasets: registry.snapshot(), settings: settings, scenarios: scenarios, indicators: indicators,
                 succeeded: succeededStatements, notes: io.notes, lastResult: lastResult)
    }

    func restore(_ s: Snapshot) {
        registry.restore(s.datasets)
        settings = s.settings
        scenarios = s.scenarios
        indicators = s.indicators
        succeededStatements = s.succeeded
        io.notes = s.notes
        lastResult = s.lastResult
    }

    public init(options: SessionOptions = SessionOptions()) {
        self.options = options
        var s = DisplaySettings()
        s.color = options.color
        s.width = max(20, options.terminalWidth)
        self.settings = s
        let folder = DatasetsFolder.locate(option: options.datasetsDirectory, workingDirectory: options.workingDirectory,
                                           environment: options.environment)
        self.registry = DatasetRegistry(folder: folder, loader: { path in try DataLoading.read(path: path, options: CSVOptions()) })
        // What a write killed with -9 left here (`.NAME.tmp-PID-RANDOM` of a process that is gone).
        AtomicFile.sweepStaleTemporaries(folder: options.workingDirectory)
    }

    /// The longest statement the shell reads (bytes): a longer one is refused with its length, before it is
    /// parsed, so a pasted file cannot tie the shell up or fill the screen with an error.
    public static let maxStatementBytes = 1 << 20
    static func tooLong(_ bytes: Int) -> Diagnostic {
        Diagnostic("the statement is \(NumberFormat.grouped(Int64(bytes))) bytes long; the limit is \(NumberFormat.grouped(Int64(Session.maxStatementBytes)))",
                   hint: "load data from a file instead of writing it into a statement")
    }

    /// How deep `replay` may nest (a script replaying a script …): each level costs stack.
    public static let maxReplayDepth = 64

    /// Runs `text`: one statement or several separated by `;`. Stops at the first failing statement, or
    /// with `keepGoing` runs the rest too (every error is reported).
    /// `origin` (file and line of the text's first character) puts `file:line:` in front of errors.
    public func execute(_ text: String, origin: StatementOrigin? = nil, keepGoing: Bool = false) -> StatementOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        var outputs: [String] = []
        var errors: [String] = []
        var outcome = StatementOutcome()
        if text.utf8.count > Session.maxStatementBytes, case let stretch = Session.longestStretch(text), stretch > Session.maxStatementBytes {
            // Refused before splitting: a pasted file of 16 MB would otherwise take seconds and hundreds of MB.
            outcome.ok = false
            outcome.error = ErrorRendering.render(Session.tooLong(stretch), statement: "", origin: origin, color: settings.color)
            outcome.elapsed = clock.now - started
            return outcome
        }
        let chars = Array(text)
        let pieces = QueryParser.splitStatements(text)
        // A comment typed at the prompt is the teacher's note: it goes above the next statement in a saved
        // session and an exported notebook.
        if pieces.isEmpty {
            let comments = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("#") }
            pendingNotes += comments.map { ReplayScript.noteText($0) }
        }
        // Lines before each piece, counted on from the previous piece (linear in the text, however many pieces).
        var counted = 0, linesBefore = 0
        for piece in pieces {
            let statement = piece.text
            // The statement as typed (same characters, with its line breaks and comments), for error excerpts.
            let typed = String(chars[piece.offset..<min(chars.count, piece.offset + statement.count)])
            while counted < piece.offset { if chars[counted] == "\n" || chars[counted] == "\r\n" { linesBefore += 1 }; counted += 1 }
            let pieceOrigin = origin.map { StatementOrigin(file: $0.file, line: $0.line + linesBefore) }
            history.append(typed)
            if !settings.widthFixed, let size = io.terminalSize?() { settings.width = max(20, size.columns) }
            Cancellation.reset()
            MemoryBudget.refresh()
            do {
                let bytes = statement.utf8.count
                guard bytes <= Session.maxStatementBytes else { throw Session.tooLong(bytes) }
                // The session's memory budget holds while the statement runs (`set memory_limit`).
                let result = try MemoryBudget.withLimit(settings.memoryLimit) { try run(statement) }
                if !result.output.isEmpty {
                    // `set output FILE`: results are appended to the file (errors and timings stay on the screen).
                    if let path = settings.outputPath {
                        try Session.append(result.output + "\n", to: path)
                    } else {
                        outputs.append(result.output)
                    }
                }
                if result.recorded {
                    if !pendingNotes.isEmpty { io.notes[succeededStatements.count, default: []] += pendingNotes; pendingNotes = [] }
                    succeededStatements.append(typed)
                }
                if result.quit { outcome.quit = true; break }
            } catch {
                outcome.ok = false
                errors.append(ErrorRendering.render(error, statement: typed, origin: pieceOrigin, color: settings.color))
                outcome.error = errors.joined(separator: "\n")
                if error is MemoryLimitError || error is CancelledError { Session.returnFreedMemory() }
                if !keepGoing || error is CancelledError { break }
            }
        }
        let warnings = registry.takeWarnings()
        if !warnings.isEmpty { outputs.insert(warnings.map { "warning: " + TextSafety.clean($0) }.joined(separator: "\n"), at: 0) }
        outcome.output = outputs.joined(separator: "\n")
        outcome.elapsed = clock.now - started
        if settings.timer { outcome.timing = "time: " + Session.format(outcome.elapsed) }
        return outcome
    }

    /// Appends `text` to the file at `path` (made by `set output`).
    static func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Diagnostic("cannot write the output file \(TextSafety.clean(path)): it cannot be opened for writing",
                             hint: "`set output default` sends results to the screen again")
        }
        // The write above threw if it failed; closing a file opened for appending loses nothing more.
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// True when `text` is an unfinished statement (ends in `|` or `\`, or has an open bracket or quote):
    /// the prompt continues with `...> `.
    /// (Never for text over the statement size limit: it is run, and refused, at once.)
    public func needsContinuation(_ text: String) -> Bool {
        text.utf8.count <= Session.maxStatementBytes && QueryParser.needsContinuation(text)
    }

    /// Bytes in the longest stretch of `text` between `;` and line breaks: a statement holds at least that
    /// many, so over the limit it is refused before any per-character work (quotes are not looked at).
    static func longestStretch(_ text: String) -> Int {
        var longest = 0, run = 0
        for b in text.utf8 {
            if b == 0x3B || b == 0x0A { longest = max(longest, run); run = 0 } else { run += 1 }
        }
        return max(longest, run)
    }

    /// Hands memory a stopped statement freed back to the system (glibc keeps freed heap pages
    /// resident otherwise, and the next statement would start over the budget).
    static func returnFreedMemory() {
        #if canImport(Glibc)
        // malloc_trim is glibc's (malloc.h, not in the Glibc module): look it up, skip it elsewhere.
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            typealias Trim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }

    /// `12.3 ms`, `1.24 s`.
    static func format(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.2f s", seconds)
    }
}

/// What one statement produced.
struct StatementResult {
    var output: String = ""
    /// False for statements that are not part of an analysis (`help`, `history`, `datasets`): they are
    /// not written into saved sessions.
    var recorded: Bool = true
    var quit: Bool = false
}
