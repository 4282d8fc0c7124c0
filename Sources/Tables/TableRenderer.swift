/// Turns a table into text: a terminal table sized to the screen, CSV, TSV, JSON or Markdown.
/// Pure: no terminal access (the caller passes the width and whether to colour).
public enum TableRenderer {
    /// The text of `table`, without a final newline. `check` is called every few thousand rows: the shell
    /// passes `Cancellation.check`, so printing a large result stops on Ctrl-C or at the memory limit.
    public static func render(_ table: Table, options: RenderOptions = RenderOptions()) -> String {
        render(table, options: options, checking: {})
    }

    /// `render`, calling `check` every few thousand rows (it may throw to stop).
    public static func render(_ table: Table, options: RenderOptions = RenderOptions(),
                              checking check: () throws -> Void) rethrows -> String {
        switch options.format {
        case .table: return try pretty(table, options, check)
        case .csv: return String(try CSVWriter.string(table, delimiter: UInt8(ascii: ","), checking: check).dropLast())
        case .tsv: return String(try CSVWriter.string(table, delimiter: 0x09, checking: check).dropLast())
        case .json: return try json(table, check)
        case .markdown: return try markdown(table, options, check)
        }
    }

    /// Rows between two calls of a renderer's `check` (a few ms of formatting in a debug build).
    static let checkEvery = 4096

    // MARK: - Cells

    /// How the cells of one column look on screen.
    struct ColumnCells {
        var header: String
        var cells: [String]
        var nulls: [Bool]
        var rightAligned: Bool
        var width: Int
    }

    /// Whether an integer column holds years, ids or codes, which read badly with thousands separators.
    static func isIdentifierLike(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter && !$0.isNumber }
        let idWords: Set<Substring> = ["year", "years", "år", "aar", "året", "aaret", "årstall", "tid", "period", "periode",
                                       "id", "code", "kode", "nr", "no", "number", "nummer",
                                       "kommunenr", "knr", "fnr", "orgnr"]
        return words.contains { idWords.contains($0) }
    }

    static func cells(_ table: Table, _ shown: Table, _ options: RenderOptions, markdown: Bool = false,
                      _ check: () throws -> Void) rethrows -> [ColumnCells] {
        try table.schema.fields.enumerated().map { (j, field) in
            try check()
            let column = shown.columns[j]
            let n = shown.rowCount
            // Filled row by row (a few hundred MB for millions of rows), looking for Ctrl-C as it goes.
            var out: [String] = []
            var nulls: [Bool] = []
            out.reserveCapacity(n)
            nulls.reserveCapacity(n)
            for i in 0..<n {
                if i % checkEvery == 0 { try check() }
                let isNull = column.isNull(i)
                nulls.append(isNull)
                out.append(isNull ? "null" : "")
            }
            var right = true
            switch column.storage {
            case .int(let a):
                let group = !isIdentifierLike(field.name)
                for i in 0..<n where !nulls[i] {
                    if i % checkEvery == 0 { try check() }
                    out[i] = field.unit == "share" ? NumberFormat.display(Double(a[i]) * 100, decimals: options.decimals ?? 1) + " %"
                        : NumberFormat.display(a[i], grouping: group)
                }
            case .double(let a):
                let rule = UnitDisplay(unit: field.unit)
                try check()
                var present: [Double] = []
                present.reserveCapacity(n)
                var maxAbs = 0.0
                for i in 0..<n where !nulls[i] {
                    if i % checkEvery == 0 { try check() }
                    present.append(a[i])
                    if a[i].isFinite { maxAbs = Swift.max(maxAbs, abs(a[i])) }
                }
                // Floating-point noise (3.00e-54 beside values in the thousands) shows as zero.
                let noise = maxAbs * 1e-9
                func clean(_ x: Double) -> Double { abs(x) < noise ? 0 : x }
                try check()
                for i in present.indices {
                    if i % checkEvery == 0 { try check() }
                    present[i] = clean(present[i]) * rule.scale
                }
                let values = present
                let d = try options.decimals ?? rule.decimals(maxAbs: maxAbs * rule.scale, maxAuto: options.maxAutoDecimals) { most in
                    try decimalsNeeded(values, maxDecimals: most, check)
                }
                for i in 0..<n where !nulls[i] {
                    if i % checkEvery == 0 { try check() }
                    out[i] = NumberFormat.display(clean(a[i]) * rule.scale, decimals: d) + rule.suffix
                }
            case .bool(let a):
                right = false
                for i in 0..<n where !nulls[i] { out[i] = a[i] ? "true" : "false" }
            case .string(let codes, let d):
                right = false
                for i in 0..<n where !nulls[i] {
                    if i % checkEvery == 0 { try check() }
                    var s = printable(d[codes[i]])
                    if markdown { s = s.replacingOccurrences(of: "|", with: "\\|") }
                    out[i] = DisplayWidth.truncate(s, to: max(1, options.maxColumnWidth))
                }
            }
            var header = printable(field.name)
            if let unit = field.unit, unit != "share", !unit.isEmpty { header += " (\(unit))" }
            if markdown { header = header.replacingOccurrences(of: "|", with: "\\|") }
            header = DisplayWidth.truncate(header, to: max(1, options.maxColumnWidth))
            try check()
            var width = DisplayWidth.of(header)
            for (i, cell) in out.enumerated() {
                if i % checkEvery == 0 { try check() }
                width = max(width, DisplayWidth.of(cell))
            }
            return ColumnCells(header: header, cells: out, nulls: nulls, rightAligned: right, width: width)
        }
    }

    /// `NumberFormat.decimalsNeeded` in pieces, calling `check` between them.
    static func decimalsNeeded(_ values: [Double], maxDecimals: Int, _ check: () throws -> Void) rethrows -> Int {
        var need = 0
        var start = 0
        while start < values.count, need < maxDecimals {
            try check()
            let end = Swift.min(values.count, start + 16 * checkEvery)
            need = Swift.max(need, NumberFormat.decimalsNeeded(values[start..<end], maxDecimals: maxDecimals))
            start = end
        }
        return need
    }

    /// Lines joined by line breaks as they come (joining millions of lines at the end would be one long
    /// step with no look for Ctrl-C).
    struct Lines {
        var text = ""
        var first = true
        mutating func append(_ line: String) {
            if !first { text += "\n" }
            text += line
            first = false
        }
    }

    /// Line breaks and tabs shown as `\n`, `\t`, other control characters dropped, so a cell stays one line.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: if u.value >= 0x20 && u.value != 0x7F { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    // MARK: - Pretty table

    static func pretty(_ table: Table, _ options: RenderOptions, _ check: () throws -> Void) rethrows -> String {
        let dim = { (s: String) in options.color ? "\u{1B}[2m" + s + "\u{1B}[0m" : s }
        let bold = { (s: String) in options.color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
        if table.columnCount == 0 { return dim("(no columns)") }
        let limit = options.maxRows.map { max(0, $0) } ?? table.rowCount
        let shown = table.head(limit)
        var columns = try cells(table, shown, options, check)
        let bar = options.ascii ? "|" : "│", rule = options.ascii ? "-" : "─", cross = options.ascii ? "+" : "┼"

        // Fit the width: first cut long text columns (not below their header or 8 cells), then leave out
        // the columns that still do not fit (at least one column stays, cut to fit).
        var dropped: [String] = []
        if let width = options.width {
            var total = columns.reduce(0) { $0 + $1.width } + 3 * (columns.count - 1)
            while total > width {
                let text = columns.indices.filter { !columns[$0].rightAligned }
                guard let j = text.max(by: { columns[$0].width < columns[$1].width }) else { break }
                let floor = max(8, DisplayWidth.of(columns[j].header))
                if columns[j].width <= floor { break }
                let cut = min(total - width, columns[j].width - floor, max(1, columns[j].width / 4))
                columns[j].width -= cut
                let w = columns[j].width
                columns[j].cells = try columns[j].cells.enumerated().map { (i, cell) in
                    if i % checkEvery == 0 { try check() }
                    return DisplayWidth.truncate(cell, to: w)
                }
                total -= cut
            }
            var used = 0
            var keep = 0
            for (j, c) in columns.enumerated() {
                let need = (j == 0 ? 0 : 3) + c.width
                if used + need > width && j > 0 { break }
                used += need
                keep = j + 1
            }
            if keep < columns.count {
                dropped = Array(table.columnNames[keep...])
                columns.removeLast(columns.count - keep)
            }
            if columns.count == 1 && columns[0].width > width {
                let w = max(1, width)
                columns[0].width = w
                columns[0].header = DisplayWidth.truncate(columns[0].header, to: w)
                columns[0].cells = columns[0].cells.map { DisplayWidth.truncate($0, to: w) }
            }
        }

        var lines = Lines()
        let header = columns.map { c in bold(DisplayWidth.pad(c.header, to: c.width, alignRight: c.rightAligned)) }
        lines.append(trimRight(header.joined(separator: " \(dim(bar)) "), color: options.color))
        lines.append(dim(columns.map { String(repeating: rule, count: $0.width) }.joined(separator: rule + cross + rule)))
        for i in 0..<shown.rowCount {
            if i % checkEvery == 0 { try check() }
            let row = columns.map { c -> String in
                let text = DisplayWidth.pad(c.cells[i], to: c.width, alignRight: c.rightAligned)
                return c.nulls[i] ? dim(text) : text
            }
            lines.append(trimRight(row.joined(separator: " \(dim(bar)) "), color: options.color))
        }
        if table.rowCount > shown.rowCount {
            lines.append(dim("… \(NumberFormat.grouped(Int64(table.rowCount - shown.rowCount))) more rows"))
        }
        if !dropped.isEmpty {
            let names = dropped.count <= 8 ? dropped.joined(separator: ", ") : dropped.prefix(8).joined(separator: ", ") + ", …"
            lines.append(dim("… \(NumberFormat.grouped(Int64(dropped.count))) more column\(dropped.count == 1 ? "" : "s"): \(names)"))
        }
        if options.showDimensions {
            let rows = NumberFormat.grouped(Int64(table.rowCount)), cols = NumberFormat.grouped(Int64(table.columnCount))
            lines.append(dim("\(rows) row\(table.rowCount == 1 ? "" : "s") × \(cols) column\(table.columnCount == 1 ? "" : "s")"))
        }
        return lines.text
    }

    /// Trailing padding removed (only when uncoloured: escape codes end colored lines).
    static func trimRight(_ s: String, color: Bool) -> String {
        guard !color else { return s }
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)] == " " { end = s.index(before: end) }
        return String(s[..<end])
    }

    // MARK: - Markdown

    static func markdown(_ table: Table, _ options: RenderOptions, _ check: () throws -> Void) rethrows -> String {
        if table.columnCount == 0 { return "" }
        let limit = options.maxRows.map { max(0, $0) } ?? table.rowCount
        let shown = table.head(limit)
        let columns = try cells(table, shown, options, markdown: true, check)
        var lines = Lines()
        lines.append("| " + columns.map { DisplayWidth.pad($0.header, to: $0.width, alignRight: $0.rightAligned) }.joined(separator: " | ") + " |")
        lines.append("|" + columns.map { c in
            c.rightAligned ? String(repeating: "-", count: c.width + 1) + ":" : ":" + String(repeating: "-", count: c.width + 1)
        }.joined(separator: "|") + "|")
        for i in 0..<shown.rowCount {
            if i % checkEvery == 0 { try check() }
            lines.append("| " + columns.map { DisplayWidth.pad($0.cells[i], to: $0.width, alignRight: $0.rightAligned) }.joined(separator: " | ") + " |")
        }
        if table.rowCount > shown.rowCount {
            lines.append("")
            lines.append("… \(NumberFormat.grouped(Int64(table.rowCount - shown.rowCount))) more rows")
        }
        return lines.text
    }

    // MARK: - JSON

    /// An array of objects, one line per row; NaN and infinities (not JSON numbers) become null.
    static func json(_ table: Table, _ check: () throws -> Void) rethrows -> String {
        let keys = table.columnNames.map { jsonString($0) + ": " }
        var out = "["
        for i in 0..<table.rowCount {
            if i % checkEvery == 0 { try check() }
            out += i == 0 ? "\n  {" : ",\n  {"
            for (j, c) in table.columns.enumerated() {
                if j > 0 { out += ", " }
                out += keys[j]
                if c.isNull(i) { out += "null"; continue }
                switch c.storage {
                case .int(let a): out += String(a[i])
                case .double(let a): out += a[i].isFinite ? jsonDouble(a[i]) : "null"
                case .bool(let a): out += a[i] ? "true" : "false"
                case .string(let codes, let d): out += jsonString(d[codes[i]])
                }
            }
            out += "}"
        }
        out += table.rowCount == 0 ? "]" : "\n]"
        return out
    }

    /// A double as a JSON number that reads back as a decimal: `2.0`, not `2` (which a reader takes for an integer).
    static func jsonDouble(_ x: Double) -> String {
        let s = NumberFormat.plain(x)
        return s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? s : s + ".0"
    }

    /// A JSON string literal with `"` `\` and control characters escaped.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// How a unit prints when `set decimals` does not fix the decimals.
///
/// * `share` (a proportion): as a percentage with one decimal, two when the values are exact at two (a
///   `vary … step=0.25%` column); `set decimals N` applies to the percentage.
/// * counts of people and work (`FTE`, `persons`, `årsverk`, `personer`): whole numbers from a thousand
///   up (`55 300`, not `55 299.98`: the reports print FTE so), at most one decimal below.
/// * anything else: the fewest decimals that show every value exactly, up to the renderer's maximum.
struct UnitDisplay {
    var scale: Double = 1
    var suffix = ""
    var kind: Kind = .plain
    enum Kind { case plain, share, count }

    init(unit: String?) {
        switch unit {
        case "share"?: scale = 100; suffix = " %"; kind = .share
        case "FTE"?, "persons"?, "årsverk"?, "personer"?: kind = .count
        default: break
        }
    }

    func decimals(_ values: [Double], maxAbs: Double, maxAuto: Int) -> Int {
        decimals(maxAbs: maxAbs, maxAuto: maxAuto) { NumberFormat.decimalsNeeded(values, maxDecimals: $0) }
    }

    /// The decimals to show, given `needed(most)`: the decimals the values need, up to `most`.
    func decimals(maxAbs: Double, maxAuto: Int, needed: (Int) throws -> Int) rethrows -> Int {
        switch kind {
        case .share: return try needed(3) == 2 ? 2 : 1
        case .count: return maxAbs >= 1000 ? 0 : min(1, try needed(maxAuto))
        case .plain: return try needed(maxAuto)
        }
    }

}
