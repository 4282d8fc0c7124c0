import Foundation
import Tables
import Query

extension Session {
    /// `datasets`: name, rows (or `not loaded`), columns, and the title from the catalog (or the file).
    func listDatasets(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        if let extra = args.words.first { throw Diagnostic("`datasets` takes no arguments", span: extra.span) }
        let names = registry.names
        guard !names.isEmpty else {
            return "no datasets" + (registry.folder == nil ? " (no datasets folder found; use `load \"file.csv\"`)" : "")
        }
        var rows: [[Value]] = []
        for name in names {
            let e = registry.entry(name)!
            let rowsValue: Value = e.table.map { .int(Int64($0.rowCount)) } ?? .string("not loaded")
            let cols: Value = e.table.map { .int(Int64($0.columnCount)) } ?? .null
            let about: String
            switch e.origin {
            case .derived: about = "let"
            case .loaded(let p): about = e.catalog?.title.nonEmpty ?? p
            case .bundled: about = e.catalog?.title.nonEmpty ?? ""
            }
            rows.append([.string(name), rowsValue, cols, .string(about)])
        }
        let table = Table([
            ("name", Column(strings: rows.map { $0[0].asString! })),
            ("rows", Column(strings: Session.alignRight(rows.map { r -> String in
                if case .int(let n) = r[1] { return NumberFormat.grouped(n) } else { return r[1].asString ?? "" }
            }))),
            ("columns", Column(values: rows.map { $0[2] }, type: .int)),
            ("title", Column(strings: rows.map { $0[3].asString! })),
        ])
        // Every dataset, whatever `set rows` says.
        var view = settings
        view.rows = max(settings.rows, table.rowCount)
        return TableRenderer.render(table, options: renderOptions(view))
    }
}

extension Session {
    /// `describe D`: the catalog's title, source, unit and caveats, then one row per column
    /// (type, nulls, distinct, min, max, sample).
    func describe(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        guard let nameWord = args.words.first, nameWord.key == nil else {
            throw Diagnostic("`describe` needs a dataset name", span: SourceSpan(start: args.commandSpan.end, end: args.commandSpan.end + 1),
                             hint: "describe D; `datasets` lists them")
        }
        if let extra = args.words.dropFirst().first { throw Diagnostic("unexpected `\(extra.text)`", span: extra.span, hint: "describe D") }
        let table = try registry.table(named: nameWord.text, span: nameWord.span)
        let entry = registry.entry(nameWord.text)
        var lines = ["\(nameWord.text): \(NumberFormat.counted(table.rowCount, "row")), \(NumberFormat.counted(table.columnCount, "column"))"]
        let width = settings.width
        func add(_ label: String, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            lines += Session.wrap(text, width: width, first: DisplayWidth.pad(label + ":", to: 9), rest: String(repeating: " ", count: 9))
        }
        add("title", entry?.catalog?.title)
        add("source", entry?.catalog?.source)
        add("unit", entry?.catalog?.unit)
        add("caveats", entry?.catalog?.caveats)
        switch entry?.origin {
        case .bundled(let p)?:
            // Relative to the datasets folder, so the text is the same on every machine.
            let folder = registry.folder ?? ""
            add("file", p.hasPrefix(folder + "/") ? "datasets/" + p.dropFirst(folder.count + 1) : p)
        case .loaded(let p)?:
            let cwd = options.workingDirectory
            add("file", p.hasPrefix(cwd + "/") ? String(p.dropFirst(cwd.count + 1)) : p)
        case .derived(let s)?: add("from", s)
        case nil: break
        }
        var view = settings
        view.rows = max(settings.rows, table.columnCount)
        let description = try TableDescription.describe(table, checking: Cancellation.check)
        lines.append(TableRenderer.render(description, options: renderOptions(view)))
        return lines.joined(separator: "\n")
    }

    /// `text` wrapped at word boundaries to `width` cells, the first line after `first`, the rest after `rest`.
    static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var empty = true
        for word in text.split(separator: " ") {
            if !empty, DisplayWidth.of(line) + 1 + DisplayWidth.of(word) > width {
                lines.append(line); line = rest; empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines
    }
}

extension Session {
    /// Pads texts on the left to one width, so a text column of numbers and words reads right-aligned.
    static func alignRight(_ texts: [String]) -> [String] {
        let width = texts.map { DisplayWidth.of($0) }.max() ?? 0
        return texts.map { DisplayWidth.pad($0, to: width, alignRight: true) }
    }
}

extension String {
    /// nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
