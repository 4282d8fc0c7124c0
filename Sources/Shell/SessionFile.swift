import Foundation
import Query
import Tables

/// `save session NAME [replace]`: the statements of this session that succeeded, in order, written to
/// `sessions/NAME.hws` under the working directory, with a header comment (date, hws version, datasets
/// used). Written atomically; an existing file is replaced only after a yes at the terminal, or with
/// `replace`.
public enum SessionFile {
    /// How a saved session's first line starts (replay recognises saved sessions by it).
    static let headerPrefix = "# hws session `"

    /// The header and statements of a saved session.
    /// `notes[i]`: the comment lines (without `#`) written above statement i.
    public static func text(name: String, statements: [String], datasets: [String], notes: [Int: [String]] = [:],
                            date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        var lines = [
            "\(SessionFile.headerPrefix)\(name)`",
            "# saved \(formatter.string(from: date)) by hws \(ShellModule.version)",
            "# datasets: \(datasets.isEmpty ? "none" : datasets.joined(separator: ", "))",
            "",
        ]
        for (i, statement) in statements.enumerated() {
            for note in notes[i] ?? [] { lines.append(note.hasPrefix("#") ? note : (note.isEmpty ? "#" : "# " + note)) }
            lines.append(statement)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Checks a session name: letters, digits, `_`, `-`, `.`; no folders (`/`) and no `..`.
    /// A trailing `.hws` is dropped.
    public static func validName(_ raw: String, span: SourceSpan?) throws -> String {
        var name = raw
        if name.lowercased().hasSuffix(".hws") { name = String(name.dropLast(4)) }
        guard !name.isEmpty else {
            throw Diagnostic("a session needs a name", span: span, hint: "save session NAME")
        }
        if name.contains("/") || name.contains("\\") || name.contains("..") || name.hasPrefix(".") {
            throw Diagnostic("a session name cannot contain `/`, `\\` or `..`, or start with `.`", span: span,
                             hint: "sessions are saved in sessions/ under the working folder; give just a name")
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            throw Diagnostic("a session name may hold letters, digits, `_`, `-` and `.`", span: span)
        }
        return name
    }

    /// The datasets a list of statements reads, in order of first use: names after `from`, `join`,
    /// `describe` and `on` that the session knows (not those made by `let`), and files read with `load`
    /// (`name (path)`).
    public static func datasetsUsed(statements: [String], known: (String) -> Bool) -> [String] {
        var used: [String] = []
        var derived = Set<String>()
        for statement in statements {
            let tokens = Completer.scan(Array(statement)).tokens
            guard let head = tokens.first?.text.lowercased() else { continue }
            if head == "load", tokens.count >= 2 {
                let path = ReplayScript.unquote(tokens[1].text)
                let asIndex = tokens.firstIndex { $0.text.lowercased() == "as" }
                let name = asIndex.flatMap { $0 + 1 < tokens.count ? tokens[$0 + 1].text : nil }
                    ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                let entry = "\(name) (\(path))"
                if !used.contains(entry) { used.append(entry) }
                derived.insert(name)
                continue
            }
            for (i, token) in tokens.enumerated() {
                let word = token.text.lowercased()
                if word == "let", i == 0, i + 1 < tokens.count { derived.insert(tokens[i + 1].text); continue }
                guard ["from", "join", "describe", "on"].contains(word), i + 1 < tokens.count else { continue }
                let name = tokens[i + 1].text
                if !derived.contains(name), known(name), !used.contains(name) { used.append(name) }
            }
        }
        return used
    }
}

extension Session {
    /// Dispatches `save session`, `replay` and `export notebook`.
    func runSessionFileStatement(word: String, statement: String) throws -> StatementResult {
        let args = try CommandArguments.parse(statement)
        switch word {
        case "save":
            return StatementResult(output: try saveSession(args), recorded: false)
        case "replay":
            return StatementResult(output: try replayStatement(args), recorded: false)
        default:
            return StatementResult(output: try exportNotebookStatement(args), recorded: false)
        }
    }

    /// Resolves a path the user typed against the working directory.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst(1)) }
        return (pathBase as NSString).appendingPathComponent(path)
    }

    /// `save session NAME [replace]`.
    func saveSession(_ args: CommandArguments) throws -> String {
        let words = args.positional
        guard let first = words.first, first.text.lowercased() == "session" else {
            throw Diagnostic("usage: save session NAME [replace]", span: words.first?.span ?? args.commandSpan,
                             hint: "`save session NAME` writes sessions/NAME.hws")
        }
        guard words.count >= 2 else {
            throw Diagnostic("a session needs a name", span: first.span, hint: "save session NAME")
        }
        let name = try SessionFile.validName(words[1].text, span: words[1].span)
        var replace = false
        if words.count >= 3 {
            guard words[2].text.lowercased() == "replace", words.count == 3 else {
                throw Diagnostic("unexpected `\(words[2].text)`", span: words[2].span, hint: "save session NAME [replace]")
            }
            replace = true
        }
        let relative = "sessions/\(name).hws"
        let path = try writeTarget(relative, span: words[1].span)
        let folder = (path as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: path), !replace {
            guard io.isAttended else {
                throw Diagnostic("\(relative) exists", span: words[1].span,
                                 hint: "`save session \(name) replace` overwrites it")
            }
            let answer = io.ask("\(relative) exists. Overwrite it? [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else { return "not saved: \(relative) is unchanged" }
        }
        let statements = succeededStatements
        let datasets = SessionFile.datasetsUsed(statements: statements, known: { self.registry.contains($0) })
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Data(SessionFile.text(name: name, statements: statements, datasets: datasets, notes: io.notes).utf8),
                                  to: path, beforeRename: io.beforeRename.map { hook in { _ in try hook() } })
            try statbank.writeLock(path: (folder as NSString).appendingPathComponent("ssb.lock"))
        } catch {
            throw Diagnostic("cannot save \(relative): \((error as? DiagnosticError)?.message ?? String(describing: error))",
                             span: words[1].span)
        }
        let count = statements.count == 1 ? "1 statement" : "\(statements.count) statements"
        return "saved \(count) to \(relative)"
    }
}
