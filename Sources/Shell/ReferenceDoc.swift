import Foundation
import Charts
import Query
import Tables

/// `docs/REFERENCE.md`, made from the registries: every statement, step, chart kind, setting, function
/// and indicator with its usage and summary, and each example as a ```hws block followed by its output,
/// so the page is a notebook `hws check` runs. A test regenerates it and fails when the committed file
/// differs (`HWS_UPDATE_REFERENCE=1 swift test --filter ReferenceDoc` writes it anew).
public enum ReferenceDoc {
    /// The page; examples run in a fresh notebook session with `options` (datasets folder, working folder).
    public static func markdown(options: SessionOptions) -> String {
        var cells: [(notes: [String], statement: String, output: String)] = []
        var statements: [String] = []
        func section(_ title: String, _ intro: String) {
            cells.append((notes: ["## " + title, "", intro], statement: "", output: ""))
        }
        func entry(_ heading: String, _ lines: [String], example: String?) {
            let notes = ["### " + heading, ""] + lines.map { $0.isEmpty ? "" : $0 }
            if let example {
                cells.append((notes: notes, statement: example, output: ""))
                statements.append(example)
            } else {
                cells.append((notes: notes, statement: "", output: ""))
            }
        }
        func code(_ text: String) -> String { "`` " + text + " ``" }

        section("Statements", "Each statement is declared once in `StatementRegistry` (Sources/Shell/StatementDispatch.swift).")
        for s in StatementRegistry.entries {
            var lines = ["Usage: " + code(s.usage), "", s.summary + "."]
            if !s.aliases.isEmpty { lines += ["", "Also: " + s.aliases.map { "`\($0)`" }.joined(separator: ", ")] }
            if let details = s.details { lines += ["", "```text"] + details.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + ["```"] }
            if s.needsNetwork {
                lines += ["", "Example (it asks the statbank, so it is not run here): " + code(s.example)]
                entry(s.name, lines, example: nil)
            } else {
                entry(s.name, lines, example: s.example)
            }
        }
        section("Steps", "Joined by `|`, read left to right; declared once in `QueryLanguage.stepRegistry`.")
        for step in QueryLanguage.stepRegistry {
            var lines = ["Usage: " + code("… | " + step.usage), "", step.summary + "."]
            if !step.aliases.isEmpty { lines += ["", "Also: " + step.aliases.map { "`\($0)`" }.joined(separator: ", ")] }
            if step.name == "chart" {
                lines += [""] + ChartKind.allCases.map { "* `\($0.rawValue)`: \($0.summary)" }
            }
            if step.name == "write" { lines += ["", "Formats, by the file's extension: " + FileFormat.writable.joined(separator: ", ")] }
            entry(step.name, lines, example: step.example)
        }
        section("Settings", "`set NAME VALUE`; `set` alone shows them. Declared once in `SettingRegistry`.")
        for setting in SettingRegistry.entries {
            var lines = ["Usage: " + code(setting.usage), "", setting.summary + "."]
            if !setting.values.isEmpty { lines += ["", "Values Tab offers: " + setting.values.map { "`\($0)`" }.joined(separator: ", ")] }
            entry(setting.name, lines, example: setting.example)
        }
        section("Functions", "Scalar functions, aggregates (in `agg`) and window functions (in `derive … over (…)`); "
                + "declared once in `QueryLanguage.functionRegistry`.")
        for f in QueryLanguage.functionRegistry {
            var lines = ["Usage: " + code(f.signature) + " (\(f.kind.rawValue))", "", f.summary + "."]
            if !f.aliases.isEmpty { lines += ["", "Also: " + f.aliases.map { "`\($0)`" }.joined(separator: ", ")] }
            entry(f.kind == .scalar ? f.name : "\(f.name) (\(f.kind.rawValue))", lines, example: f.example)
        }
        section("Indicators", "`indicator NAME on D [by …]`; `help indicator NAME` gives the definition and its source.")
        entry("the catalog", [], example: "indicators")

        // Run the examples in one fresh session, in order, as a notebook does.
        let outputs = NotebookRun.outputs(of: statements, options: NotebookRun.options(like: options))
        var k = 0
        for i in cells.indices where !cells[i].statement.isEmpty {
            cells[i].output = outputs[k]
            k += 1
        }
        return Notebook.render(title: "hws reference", intro: [
            "Generated from the registries by `ReferenceDoc` — do not edit by hand; `hws check docs/REFERENCE.md`",
            "runs every example again. Regenerate with `HWS_UPDATE_REFERENCE=1 swift test --filter ReferenceDoc`."],
            cells: cells)
    }
}
