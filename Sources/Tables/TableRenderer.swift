import Foundation

/// How `TableRenderer` shows a table.
public struct RenderOptions: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned columns for the terminal (first `maxRows` rows, then a `… N more rows` footer).
        case table
        /// RFC 4180 CSV, every row, numbers in machine form.
        case csv
        /// Tab-separated, every row.
        case tsv
        /// A JSON array of objects, every row.
        case json
        /// A Markdown table (first `maxRows` rows, like `table`).
        case markdown
    }

    public var format: Format
    /// Rows shown by `table` and `markdown` before the footer.
    public var maxRows: Int
    /// Fixed decimals for doubles in `table`/`markdown`; nil picks per column (at most 1–3 by magnitude).
    public var decimals: Int?
    /// Terminal width in cells for `table`: wide text is cut with `…`, columns that still do not fit are left out.
    public var width: Int
    /// ASCII only (`-` rules, `...`).
    public var ascii: Bool

    public init(format: Format = .table, maxRows: Int = 20, decimals: Int? = nil, width: Int = 100, ascii: Bool = false) {
        self.format = format; self.maxRows = maxRows; self.decimals = decimals; self.width = width; self.ascii = ascii
    }
}

/// Renders tables as text: pretty for the terminal (numbers right-aligned with thousands separators,
/// `share` columns as percentages, text cut to the width) or as CSV, TSV, JSON and Markdown.
public enum TableRenderer {
    /// The text of `table` (no final newline).
    public static func render(_ table: Table, options: RenderOptions = RenderOptions()) -> String {
        switch options.format {
        case .table: return pretty(table, options)
        case .markdown: return markdown(table, options)
        case .csv: return delimited(table, separator: ",")
        case .tsv: return delimited(table, separator: "\t")
        case .json: return json(table)
        }
    }

    // MARK: display cells

    /// Whether an integer column reads better without thousands separators (years, codes, ids).
    static func isIdentifierLike(_ name: String) -> Bool {
        let n = name.lowercased()
        let words = ["year", "år", "aar", "id", "nr", "number", "code", "kode", "function", "funksjon", "knr", "fnr"]
        for w in words where n == w || n.hasSuffix("_" + w) || n.hasPrefix(w + "_") { return true }
        return false
    }

    /// Display strings of a column's shown rows, and whether it aligns right.
    static func displayCells(_ column: Column, field: Field, rows: Int, decimals: Int?) -> (cells: [String], right: Bool) {
        var cells: [String] = []
        cells.reserveCapacity(rows)
        let present: (Int) -> Bool = { i in column.validity.map { $0[i] } ?? true }
        switch column.storage {
        case .int(let a):
            let grouping = !isIdentifierLike(field.name)
            for i in 0..<rows { cells.append(present(i) ? NumberFormat.display(a[i], grouping: grouping) : "") }
            return (cells, true)
        case .double(let a):
            if field.unit == "share" {
                let d = decimals ?? 1
                for i in 0..<rows { cells.append(present(i) ? NumberFormat.display(a[i] * 100, decimals: d) + " %" : "") }
                return (cells, true)
            }
            let d = decimals ?? autoDecimals((0..<rows).lazy.filter(present).map { a[$0] })
            for i in 0..<rows { cells.append(present(i) ? NumberFormat.display(a[i], decimals: d) : "") }
            return (cells, true)
        case .string(let codes, let dict):
            for i in 0..<rows { cells.append(present(i) ? dict[codes[i]] : "") }
            return (cells, false)
        case .bool(let a):
            for i in 0..<rows { cells.append(present(i) ? (a[i] ? "true" : "false") : "") }
            return (cells, false)
        }
    }

    /// Decimals for a double column: enough to show the values (no more than 1 for thousands,
    /// 2 from 1 up, 3 below 1).
    static func autoDecimals(_ values: some Sequence<Double>) -> Int {
        var maxAbs = 0.0
        var all: [Double] = []
        for v in values where v.isFinite { maxAbs = max(maxAbs, abs(v)); all.append(v) }
        let cap = maxAbs >= 1000 ? 1 : (maxAbs >= 1 ? 2 : 3)
        return NumberFormat.decimalsNeeded(all, maxDecimals: cap)
    }

    // MARK: table

    static func pretty(_ table: Table, _ o: RenderOptions) -> String {
        let shownRows = min(table.rowCount, max(0, o.maxRows))
        let names = table.columnNames
        if names.isEmpty { return "(no columns)" }
        var columns: [(cells: [String], right: Bool)] = []
        for (f, c) in zip(table.schema.fields, table.columns) {
            columns.append(displayCells(c, field: f, rows: shownRows, decimals: o.decimals))
        }
        var widths = zip(names, columns).map { name, col in max(DisplayWidth.of(name), col.cells.map { DisplayWidth.of($0) }.max() ?? 0) }
        let gap = 2
        func total(_ w: [Int]) -> Int { w.reduce(0, +) + gap * max(0, w.count - 1) }
        // Cut wide text columns first (down to 12 cells or their header), then leave out columns on the right.
        let available = max(20, o.width)
        while total(widths) > available {
            let textCols = widths.indices.filter { !columns[$0].right && widths[$0] > max(12, DisplayWidth.of(names[$0])) }
            guard let widest = textCols.max(by: { widths[$0] < widths[$1] }) else { break }
            let floor = max(12, DisplayWidth.of(names[widest]))
            widths[widest] = max(floor, widths[widest] - (total(widths) - available))
        }
        var shown = widths.count
        while shown > 1, total(Array(widths.prefix(shown))) > available { shown -= 1 }
        let rule = o.ascii ? "-" : "─"
        var lines: [String] = []
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for j in 0..<shown {
                let cell = DisplayWidth.truncate(cells[j], to: widths[j])
                parts.append(DisplayWidth.pad(cell, to: widths[j], alignRight: columns[j].right))
            }
            var s = parts.joined(separator: String(repeating: " ", count: gap))
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        lines.append(line(names))
        lines.append((0..<shown).map { String(repeating: rule, count: widths[$0]) }.joined(separator: String(repeating: " ", count: gap)))
        for i in 0..<shownRows { lines.append(line(columns.map { $0.cells[i] })) }
        let ellipsis = o.ascii ? "..." : "…"
        if table.rowCount == 0 { lines.append("(no rows)") }
        if table.rowCount > shownRows {
            let more = table.rowCount - shownRows
            lines.append("\(ellipsis) \(NumberFormat.grouped(Int64(more))) more row\(more == 1 ? "" : "s")")
        }
        if shown < names.count {
            let hidden = names[shown...]
            lines.append(DisplayWidth.truncate("\(ellipsis) \(hidden.count) more column\(hidden.count == 1 ? "" : "s"): "
                                               + hidden.joined(separator: ", "), to: available))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: markdown

    static func markdown(_ table: Table, _ o: RenderOptions) -> String {
        let shownRows = min(table.rowCount, max(0, o.maxRows))
        let columns = zip(table.schema.fields, table.columns).map { displayCells($1, field: $0, rows: shownRows, decimals: o.decimals) }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["| " + table.columnNames.map(esc).joined(separator: " | ") + " |"]
        lines.append("|" + columns.map { $0.right ? " ---: |" : " --- |" }.joined())
        for i in 0..<shownRows { lines.append("| " + columns.map { esc($0.cells[i]) }.joined(separator: " | ") + " |") }
        if table.rowCount > shownRows {
            lines.append("")
            lines.append("… \(NumberFormat.grouped(Int64(table.rowCount - shownRows))) more rows")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: machine formats

    /// A value in machine form (nil for null).
    static func plainCell(_ column: Column, _ i: Int) -> String? {
        if let v = column.validity, !v[i] { return nil }
        switch column.storage {
        case .int(let a): return String(a[i])
        case .double(let a): return NumberFormat.plain(a[i])
        case .string(let codes, let dict): return dict[codes[i]]
        case .bool(let a): return a[i] ? "true" : "false"
        }
    }

    static func delimited(_ table: Table, separator: Character) -> String {
        func quote(_ s: String) -> String {
            if separator == "\t" { return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            if s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = table.columnNames.map(quote).joined(separator: String(separator))
        for i in 0..<table.rowCount {
            out += "\n"
            out += table.columns.map { plainCell($0, i).map(quote) ?? "" }.joined(separator: String(separator))
        }
        return out
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func json(_ table: Table) -> String {
        let keys = table.columnNames.map(jsonString)
        var lines: [String] = []
        for i in 0..<table.rowCount {
            var fields: [String] = []
            for (j, c) in table.columns.enumerated() {
                let value: String
                if let v = c.validity, !v[i] { value = "null" } else {
                    switch c.storage {
                    case .int(let a): value = String(a[i])
                    case .double(let a): value = a[i].isFinite ? NumberFormat.plain(a[i]) : "null"
                    case .string(let codes, let dict): value = jsonString(dict[codes[i]])
                    case .bool(let a): value = a[i] ? "true" : "false"
                    }
                }
                fields.append("\(keys[j]): \(value)")
            }
            lines.append("  {" + fields.joined(separator: ", ") + "}")
        }
        return lines.isEmpty ? "[]" : "[\n" + lines.joined(separator: ",\n") + "\n]"
    }
}
