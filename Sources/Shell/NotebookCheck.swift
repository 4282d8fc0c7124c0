import Foundation
import Tables
import Statbank

/// `hws check FILE.md …`: re-runs each notebook in a fresh session and compares every ```hws block's
/// output with the plain block under it. Other blocks and prose are ignored, so a README can be checked.
public enum NotebookCheck {
    public struct Result: Sendable {
        public var file: String
        public var statements: Int
        /// Cells whose output differs (0-based).
        public var changed: [Int]
        /// The unified diff of the notebook as written against the notebook with today's outputs.
        public var diff: String?
        /// The notebook with today's outputs (for `--update`).
        public var updated: String
        /// One line per statbank fetch whose reply no longer hashes as `ssb.lock` (next to the notebook) records.
        public var lockMismatches: [String] = []
        public var passed: Bool { changed.isEmpty && lockMismatches.isEmpty }
    }

    /// The fetches of a run whose SHA-256 differs from the entry for the same table and query in the lock file at
    /// `lockPath` (entries the run did not fetch belong to other sessions in the folder and are left alone).
    static func lockMismatches(fetched: [StatbankLockEntry], lockPath: String) -> [String] {
        let locked: [StatbankLockEntry]
        do { locked = try StatbankLock.read(path: lockPath) } catch { return ["ssb.lock: \((error as? StatbankError)?.message ?? "\(error)")"] }
        return fetched.compactMap { f in
            guard let l = locked.first(where: { $0.table == f.table && $0.query == f.query }), l.sha256 != f.sha256 else { return nil }
            return "ssb.lock: table \(f.table), query `\(f.query)`: the lock has sha256 \(l.sha256), the cache now gives \(f.sha256)"
        }
    }

    /// Checks notebook `text` (named `file` in the diff).
    public static func check(text: String, file: String, options: SessionOptions) -> Result {
        let notebook = Notebook(text: text)
        let (actual, session) = NotebookRun.run(notebook.cells.map(\.statement), options: options)
        var changed: [Int] = []
        for (k, cell) in notebook.cells.enumerated() {
            let expected = Notebook.outputLines((cell.output ?? []).joined(separator: "\n"))
            if expected != Notebook.outputLines(actual[k]) { changed.append(k) }
        }
        let updatedLines = notebook.replacingOutputs(actual)
        var diff: String? = nil
        if !changed.isEmpty {
            // Compare against the file with its own outputs normalised the same way, so only real
            // differences show (not trailing spaces an editor added or removed).
            let expected = notebook.cells.map { ($0.output ?? []).joined(separator: "\n") }
            diff = NotebookDiff.unified(old: notebook.replacingOutputs(expected), new: updatedLines,
                                        oldName: file, newName: "\(file) (now)")
        }
        // `ssb.lock` next to the notebook (its working folder): each fetch must hash as the lock says.
        let fetched = session.statbank.lockEntries
        let lockPath = (options.workingDirectory as NSString).appendingPathComponent("ssb.lock")
        let mismatches = fetched.isEmpty ? [] : lockMismatches(fetched: fetched, lockPath: lockPath)
        return Result(file: file, statements: notebook.cells.count, changed: changed, diff: diff,
                      updated: updatedLines.joined(separator: "\n") + "\n", lockMismatches: mismatches)
    }

    /// The command: checks every file, prints `ok`/`FAIL` lines and diffs, returns the exit status
    /// (0 when every notebook passed). With `update`, a changed notebook is rewritten with today's outputs.
    public static func run(files: [String], update: Bool = false, options: SessionOptions,
                           output: (String) -> Void, errorOutput: (String) -> Void) -> Int32 {
        guard !files.isEmpty else {
            errorOutput("usage: hws check [--update] FILE.md …")
            return 2
        }
        var failed = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                errorOutput("error: cannot read `\(file)`")
                failed += 1
                continue
            }
            // A notebook's relative paths resolve against its own folder, so it checks from anywhere; the
            // datasets folder is still found from where `hws check` runs.
            var own = options
            own.datasetsDirectory = DatasetsFolder.locate(option: options.datasetsDirectory,
                                                          workingDirectory: options.workingDirectory,
                                                          environment: options.environment)
            own.workingDirectory = (DatasetsFolder.absolute(file, base: options.workingDirectory) as NSString)
                .deletingLastPathComponent
            let result = check(text: String(decoding: data, as: UTF8.self), file: file, options: own)
            let count = result.statements == 1 ? "1 statement" : "\(result.statements) statements"
            if result.passed {
                output("ok    \(file) (\(count))")
                continue
            }
            // A lock mismatch is not an output to update: the cache changed under the notebook.
            if update, result.lockMismatches.isEmpty {
                do {
                    try AtomicFile.write(Data(result.updated.utf8), to: file)
                    output("updated \(file) (\(result.changed.count) of \(count) changed)")
                    continue
                } catch {
                    errorOutput("error: cannot update `\(file)`: \(error)")
                }
            }
            failed += 1
            for line in result.lockMismatches { output("FAIL  \(file): \(line)") }
            if !result.changed.isEmpty {
                output("FAIL  \(file): \(result.changed.count) of \(count) produce different output")
            }
            if let diff = result.diff { output(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff) }
        }
        return failed == 0 ? 0 : 1
    }
}
