import Foundation
import Tables
import Query

extension Session {
    /// `datasets`: name, rows and columns (for what is loaded; a lazily loaded file's without parsing), the file's size (nothing is loaded to list it) and the
    /// catalog's title, as wide as the terminal allows (`describe D` shows the source, unit and caveats).
    func listDatasets(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        if let extra = args.words.first { throw Diagnostic("`datasets` takes no arguments", span: extra.span) }
        let names = registry.names
        guard !names.isEmpty else {
            return "no datasets" + (registry.folder == nil ? " (no datasets folder found; use `load \"file.csv\"`)" : "")
        }
        var rowsText: [String] = [], columnsText: [String] = [], sizes: [String] = [], titles: [String] = []
        for name in names {
            let e = registry.entry(name)!
            rowsText.append(e.rowCount.map { NumberFormat.grouped(Int64($0)) } ?? "")
            columnsText.append(e.columnCount.map { NumberFormat.grouped(Int64($0)) } ?? "")
            // A file gone since start-up shows no size here; reading it says why.
            let bytes = e.path.flatMap { (try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? Int }
            sizes.append(bytes.map(Session.byteSize) ?? "")
            switch e.origin {
            case .derived(let statement):
                titles.append("let: " + statement.split(separator: "=", maxSplits: 1).dropFirst().joined().trimmingCharacters(in: .whitespaces))
            case .loaded(let p):
                titles.append(e.catalog?.title.nonEmpty ?? (p as NSString).lastPathComponent)
            case .bundled:
                titles.append(e.catalog?.title ?? "")
            }
        }
        let table = Table([
            ("name", Column(strings: names)),
            ("rows", Column(strings: Session.alignRight(rowsText, header: "rows"))),
            ("columns", Column(strings: Session.alignRight(columnsText, header: "columns"))),
            ("size", Column(strings: Session.alignRight(sizes, header: "size"))),
            ("title", Column(strings: titles)),
        ])
        // Every dataset, whatever `set rows` says; titles as wide as the terminal allows.
        var view = settings
        view.rows = max(settings.rows, table.rowCount)
        var options = renderOptions(view)
        options.maxColumnWidth = max(40, settings.width - 40)
        return TableRenderer.render(table, options: options)
    }

    /// `3.1 KB`, `1.2 MB`.
    static func byteSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
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
        // A table fetched with `let NAME = ssb …`: its title, source, units, footnotes and query (cached metadata).
        if case .derived(let s)? = entry?.origin, let facts = statbankFacts(forStatement: s) {
            for f in facts { add(f.label, f.text) }
        }
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
    /// Right-aligns text (numbers shown as text), at least `header` wide so they line up under it.
    static func alignRight(_ texts: [String], header: String = "") -> [String] {
        let width = (texts + [header]).map { DisplayWidth.of($0) }.max() ?? 0
        return texts.map { DisplayWidth.pad($0, to: width, alignRight: true) }
    }
}

extension String {
    /// nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
