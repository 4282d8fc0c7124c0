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
    public static func outputs(of statements: [String], options: SessionOptions) -> [String] {
        let session = Session(options: options)
        return statements.map { statement in
            let outcome = session.execute(statement)
            return [outcome.output, outcome.error ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
        }
    }
}

extension Session {
    /// `export notebook FILE.md`: this session's succeeded statements, each in a ```hws block followed by
    /// its output (from a fresh run, so the notebook checks), with replayed scripts' comments as prose.
    func exportNotebookStatement(_ args: CommandArguments) throws -> String {
        let words = args.positional
        guard let first = words.first, first.text.lowercased() == "notebook" else {
            throw Diagnostic("usage: export notebook FILE.md", span: words.first?.span ?? args.commandSpan)
        }
        guard words.count == 2 else {
            throw Diagnostic(words.count < 2 ? "export notebook needs a file name" : "unexpected `\(words[2].text)`",
                             span: words.count < 2 ? first.span : words[2].span, hint: "export notebook FILE.md")
        }
        var name = words[1].text
        if !name.lowercased().hasSuffix(".md") { name += ".md" }
        let path = resolvePath(name)
        let folder = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw Diagnostic("no folder `\((name as NSString).deletingLastPathComponent)`", span: words[1].span)
        }
        let text = exportNotebook(title: ((name as NSString).lastPathComponent as NSString).deletingPathExtension, file: name)
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw Diagnostic("cannot write \(name): \(error)", span: words[1].span)
        }
        let n = succeededStatements.count
        return "exported \(n == 1 ? "1 statement" : "\(n) statements") to \(name)"
    }

    /// The notebook text for this session (`file`: the path it is written to, for the note on checking it).
    public func exportNotebook(title: String, file: String? = nil) -> String {
        let statements = succeededStatements
        let outputs = NotebookRun.outputs(of: statements, options: NotebookRun.options(like: options))
        let cells = statements.indices.map { i in
            (notes: io.notes[i] ?? [], statement: statements[i], output: outputs[i])
        }
        let intro = ["Exported from hws \(ShellModule.version). Each `hws` block is a statement and the block under it"
                     + " its output; `hws check \(file ?? title + ".md")` runs it again and shows any difference."]
        return Notebook.render(title: title, intro: intro, cells: cells)
    }
}
