import CLibEdit
import Foundation
import Query
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// Reads statements from the user: with libedit (editing, history, Ctrl-R search, Tab completion) when
/// stdin and stdout are terminals, else plain lines from stdin without a prompt.
///
/// History: every line handed to `addHistory` is appended to the history file at once (see `History`).
public final class LineEditor {
    public enum Result: Equatable, Sendable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C at the prompt: the line was dropped; the caller prompts again.
        case interrupted
        /// Ctrl-D on an empty line, or the end of the input.
        case eof
    }

    /// True when libedit is in use (stdin and stdout are terminals).
    public let isInteractive: Bool
    public let history: History
    private let completer: ((String, Int) -> Completer.Completion)?
    private var editor: OpaquePointer?

    /// `historyPath`: the history file (`History.defaultPath()` for the standard place), or nil to keep
    /// history in memory only. `completer(line, cursor)` returns the candidates for the word at the
    /// cursor (a character offset); see `CompletionEdit` for what Tab then does.
    public convenience init(historyPath: String?, completer: ((String, Int) -> [String])?, historyLimit: Int = 1000,
                            interactive: Bool? = nil) {
        self.init(historyPath: historyPath,
                  completion: completer.map { complete in { line, cursor in Completer.Completion(start: -1, candidates: complete(line, cursor)) } },
                  historyLimit: historyLimit, interactive: interactive)
    }

    /// As above, with a completer that also says where the word being completed starts
    /// (`Completer(session:).completion`), so candidates like `` `stilling i prosent` `` replace it exactly.
    public init(historyPath: String?, completion: ((String, Int) -> Completer.Completion)?, historyLimit: Int = 1000,
                interactive: Bool? = nil) {
        self.history = History(path: historyPath, limit: historyLimit)
        self.completer = completion
        self.isInteractive = interactive ?? (hws_is_interactive() != 0)
        guard isInteractive else { return }
        hws_locale_init()
        guard let editor = hws_editor_new("hws", Int32(historyLimit)) else { return }
        self.editor = editor
        for entry in history.entries { hws_editor_history_add(editor, LineEditor.historyLine(entry)) }
        if completer != nil {
            hws_editor_set_completer(editor, { context, line, cursor, out in
                guard let context, let line, let out else { return }
                let me = Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue()
                me.complete(line: String(cString: line), scalarCursor: Int(cursor), into: out)
            }, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    deinit {
        if let editor { hws_editor_free(editor) }
    }

    /// True when lines are read through libedit.
    public var usesLibedit: Bool { editor != nil }

    /// Reads one line, showing `prompt` (only when interactive).
    public func readLine(prompt: String) -> Result {
        guard let editor else {
            // A terminal without libedit: read(2), which Ctrl-C interrupts (stdio would retry and spin).
            if isInteractive, isatty(STDIN_FILENO) == 1 { return TerminalInput.readLine(prompt: prompt) }
            if isInteractive { FileHandle.standardOutput.write(Data(prompt.utf8)) }
            guard let line = Swift.readLine(strippingNewline: true) else { return .eof }
            return .line(line)
        }
        hws_editor_set_prompt(editor, prompt)
        var status: Int32 = 0
        let raw = hws_editor_gets(editor, &status)
        defer { free(raw) }
        switch Int(status) {
        case Int(HWS_LINE):
            Cancellation.reset()
            return .line(raw.map { String(cString: $0) } ?? "")
        case Int(HWS_INTERRUPTED):
            Cancellation.reset()
            _ = hws_take_sigint_count()
            FileHandle.standardOutput.write(Data("^C\n".utf8))
            return .interrupted
        default:
            FileHandle.standardOutput.write(Data("\n".utf8))
            return .eof
        }
    }

    /// Remembers a statement: in the editor (Up, Ctrl-R) and in the history file.
    public func addHistory(_ statement: String) {
        guard history.append(statement), let editor else { return }
        hws_editor_history_add(editor, LineEditor.historyLine(history.entries.last ?? statement))
    }

    /// A multi-line statement comes back from Up as one line that still parses: a `\` that continued a
    /// line is dropped with its line break (a `|` at a line's end stays, it belongs to the pipeline), and a
    /// comment is dropped (on one line it would swallow the lines after it). `TextScanner` says which `\`
    /// continues a line and where comments are; a line break inside a string becomes a space, as elsewhere.
    static func historyLine(_ entry: String) -> String {
        let chars = Array(entry)
        guard chars.contains(where: TextScanner.isLineBreak) else { return entry }
        let continued = Set(TextScanner.continuations(chars))
        var out: [Character] = []
        TextScanner.scan(chars) { piece, _ in
            switch piece {
            case .quoted(let r, _):
                out += chars[r].map { TextScanner.isLineBreak($0) ? " " : $0 }
            case .comment:
                break
            case .code(let i):
                if continued.contains(i) {
                    while out.last == " " { out.removeLast() }
                } else {
                    out.append(TextScanner.isLineBreak(chars[i]) ? " " : chars[i])
                }
            }
        }
        return String(out)
    }

    /// Called from libedit on Tab. libedit counts Unicode scalars; the completer counts characters.
    private func complete(line: String, scalarCursor: Int, into out: UnsafeMutablePointer<hws_completion_result>) {
        guard let completer else { return }
        let characters = Array(line)
        var cursor = 0
        var scalars = 0
        while cursor < characters.count, scalars + characters[cursor].unicodeScalars.count <= scalarCursor {
            scalars += characters[cursor].unicodeScalars.count
            cursor += 1
        }
        let completion = completer(line, cursor)
        let edit = CompletionEdit.make(line: line, cursor: cursor, candidates: completion.candidates,
                                       start: completion.start >= 0 ? completion.start : nil)
        let deleted = characters[max(0, cursor - edit.deleteCount)..<cursor]
        out.pointee.delete_count = Int32(deleted.reduce(0) { $0 + $1.unicodeScalars.count })
        out.pointee.insert = edit.insert.isEmpty ? nil : strdup(edit.insert)
        // Statbank value codes are listed with their labels (`1804 Bodø`).
        let listing = edit.listing.map { c in completion.labels[c].map { "\(c) \($0)" } ?? c }
        out.pointee.listing = listing.isEmpty ? nil
            : strdup(CompletionEdit.layout(listing, width: LineEditor.terminalWidth()))
    }

    /// The terminal's width in cells (80 when unknown).
    public static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
