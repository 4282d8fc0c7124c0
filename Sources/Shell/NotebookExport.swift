import Foundation
import Query
import Tables

/// Runs a notebook's statements in a fresh session, the same way for `export notebook` and `hws check`,
/// so an exported notebook always checks: no colour, a fixed width of 100 cells, nobody to ask.
public enum NotebookRun {
    /// Options for the fresh session: the data and working folder of `base`, everything else fixed.
    public static func options(like base: SessionOptions? = nil) -> SessionOptions {
        let b = base ?? SessionOptions()
        return SessionOptions(datasetsDirectory: b.datasetsDirectory, workingDirectory: b.workingDirectory,
                              interactive: false, color: false, terminalWidth: 100, environment: b.environment)
    }

    /// Each statement's output as a notebook shows it: what it printed, then its error if it failed
    /// (a notebook may show an error on purpose). Timings are never part of it.
    /// Whatever the statements write goes to a scratch folder that is removed afterwards (see `WriteGuard`).
    public static func outputs(of statements: [String], options: SessionOptions) -> [String] {
        run(statements, options: options).outputs
    }

    /// The outputs and the session that made them (for what it fetched, e.g. its statbank lock entries).
    static func run(_ statements: [String], options: SessionOptions) -> (outputs: [String], session: Session) {
        let session = Session(options: options)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hws-notebook-\(UUID().uuidString)").path
        session.writeGuard.scratch = scratch
        // Best effort: a scratch folder left behind in the temporary directory harms nothing.
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outputs = statements.map { statement in
            let outcome = session.execute(statement)
            return [outcome.output, outcome.error ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
        }
        return (outputs, session)
    }
}

extension Session {
    /// `export notebook FILE.md [replace]`: this session's succeeded statements, each in a ```hws block followed by
    /// its output (from a fresh run, so the notebook checks), with replayed scripts' comments as prose.
    func exportNotebookStatement(_ args: CommandArguments) throws -> String {
        let words = args.positional
        guard let first = words.first, first.text.lowercased() == "notebook" else {
            throw Diagnostic("usage: export notebook FILE.md", span: words.first?.span ?? args.commandSpan)
        }
        let replace = words.count == 3 && words[2].text.lowercased() == "replace"
        guard words.count == 2 || replace else {
            throw Diagnostic(words.count < 2 ? "export notebook needs a file name" : "unexpected `\(words[words.count > 2 ? 2 : 1].text)`",
                             span: words.count < 2 ? first.span : words[2].span, hint: "export notebook FILE.md [replace]")
        }
        var name = words[1].text
        if !name.lowercased().hasSuffix(".md") { name += ".md" }
        let path = try writeTarget(name, span: words[1].span)
        let folder = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw Diagnostic("no folder `\((name as NSString).deletingLastPathComponent)`", span: words[1].span)
        }
        // An existing notebook is replaced only when the user says so, as with `save session`.
        if FileManager.default.fileExists(atPath: path), !replace {
            guard io.isAttended else {
                throw Diagnostic("\(name) exists", span: words[1].span,
                                 hint: "`export notebook \(words[1].text) replace` overwrites it")
            }
            let answer = io.ask("\(name) exists. Overwrite it? [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else { return "not exported: \(name) is unchanged" }
        }
        // The fresh run starts in the notebook's folder, as `hws check` does, so relative paths give the same outputs.
        let text = exportNotebook(title: ((name as NSString).lastPathComponent as NSString).deletingPathExtension, file: name,
                                  workingDirectory: folder)
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw Diagnostic("cannot write \(name): \(error)", span: words[1].span)
        }
        let n = succeededStatements.count
        return "exported \(n == 1 ? "1 statement" : "\(n) statements") to \(name)"
    }

    /// The notebook text for this session (`file`: the path it is written to, for the note on checking it).
    public func exportNotebook(title: String, file: String? = nil, workingDirectory: String? = nil) -> String {
        let statements = succeededStatements
        var runOptions = NotebookRun.options(like: options)
        if let workingDirectory {
            // The datasets folder is still found from where hws runs (as in `NotebookCheck.run`).
            runOptions.datasetsDirectory = DatasetsFolder.locate(option: options.datasetsDirectory, workingDirectory: options.workingDirectory,
                                                                 environment: options.environment)
            runOptions.workingDirectory = workingDirectory
        }
        let outputs = NotebookRun.outputs(of: statements, options: runOptions)
        let cells = statements.indices.map { i in
            (notes: io.notes[i] ?? [], statement: statements[i], output: outputs[i])
        }
        let intro = ["Exported from hws \(ShellModule.version). Each `hws` block is a statement and the block under it"
                     + " its output; `hws check \(file ?? title + ".md")` runs it again and shows any difference."]
        return Notebook.render(title: title, intro: intro, cells: cells)
    }
}
