import Tables

/// Draws a table as a terminal chart: pure, no terminal I/O. The result is lines of text none wider
/// than the style's width (or the spec's `width=`), colour escapes only when `style.color` is set.
public enum ChartRenderer {
    /// The line shown for a table without rows.
    public static let noRowsMessage = "(no rows to chart)"

    /// Renders `table` as `spec` asks. Throws a `Diagnostic` (with the span of the offending word) for
    /// an unknown column, a column of the wrong type, or a log axis without positive values.
    public static func render(_ table: Table, spec: ChartSpec, style: ChartStyle) throws -> [String] {
        var style = style
        if let w = spec.width { style.width = w }
        if let h = spec.height { style.height = h }
        style.width = max(1, style.width)
        let context = ChartContext(table: table, spec: spec, style: style)
        try context.validateColumns()

        var body: [String]
        if table.rowCount == 0 {
            body = [noRowsMessage]
        } else {
            switch spec.kind {
            case .bar: body = try BarChart(context).render()
            case .column: body = try ColumnChart(context).render()
            case .line: body = try PlotChart(context, lines: true).render()
            case .scatter: body = try PlotChart(context, lines: false).render()
            case .hist: body = try Histogram(context).render()
            case .spark: body = try Sparklines(context).render()
            }
        }
        if let title = spec.title, !title.isEmpty {
            body.insert(context.glyphs.truncate(title, to: style.width), at: 0)
        }
        return body.map { trimTrailingSpaces(Ansi.clamp($0, to: style.width)) }
    }

    private static func trimTrailingSpaces(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// The table, spec and style of one chart, with column lookup and the notes it collects.
struct ChartContext {
    let table: Table
    let spec: ChartSpec
    let style: ChartStyle
    let glyphs: ChartGlyphs

    init(table: Table, spec: ChartSpec, style: ChartStyle) {
        self.table = table; self.spec = spec; self.style = style
        glyphs = ChartGlyphs(ascii: style.ascii)
    }

    var width: Int { style.width }

    /// The column `x=` or `y=` of a hist chart.
    var histColumn: (name: String, span: SourceSpan?)? {
        if let x = spec.x { return (x, spec.xSpan) }
        if let y = spec.y { return (y, spec.ySpan) }
        return nil
    }

    func validateColumns() throws {
        switch spec.kind {
        case .bar, .column:
            _ = try index(spec.x, span: spec.xSpan, role: "x")
            _ = try index(spec.y, span: spec.ySpan, role: "y", numeric: true)
        case .line, .scatter:
            _ = try index(spec.x, span: spec.xSpan, role: "x", numeric: true)
            _ = try index(spec.y, span: spec.ySpan, role: "y", numeric: true)
        case .hist:
            let c = histColumn
            _ = try index(c?.name, span: c?.span, role: spec.x != nil ? "x" : "y", numeric: true)
        case .spark:
            if spec.x != nil { _ = try index(spec.x, span: spec.xSpan, role: "x") }
            _ = try index(spec.y, span: spec.ySpan, role: "y", numeric: true)
        }
        if spec.by != nil { _ = try index(spec.by, span: spec.bySpan, role: "by") }
    }

    /// The index of column `name`, checked to exist (and to be numeric when asked).
    func index(_ name: String?, span: SourceSpan?, role: String, numeric: Bool = false) throws -> Int {
        guard let name else {
            throw Diagnostic("\(spec.kind) chart needs \(role)=COL", span: spec.kindSpan)
        }
        guard let i = table.index(of: name) else {
            let hint = NameSuggester.hint(for: name, in: table.columnNames)
                ?? "columns: " + table.columnNames.map { "`\($0)`" }.joined(separator: ", ")
            throw Diagnostic("unknown column `\(name)`", span: span, hint: hint)
        }
        let type = table.schema.fields[i].type
        if numeric && !(type.isNumeric || type == .bool) {
            throw Diagnostic("\(role)=\(name) must be numeric for a \(spec.kind) chart, but `\(name)` is \(type)",
                             span: span, hint: kindHint(role: role))
        }
        return i
    }

    private func kindHint(role: String) -> String? {
        switch (spec.kind, role) {
        case (.line, "x"), (.scatter, "x"): return "use `chart bar` or `chart column` for a text x axis"
        default: return nil
        }
    }

    func numeric(_ name: String) throws -> NumericColumn {
        let i = table.index(of: name)!
        return try NumericColumn(table.columns[i], field: table.schema.fields[i])
    }

    func labels(_ name: String) throws -> LabelColumn {
        let i = table.index(of: name)!
        return try LabelColumn(table.columns[i], field: table.schema.fields[i], styleDecimals: style.decimals)
    }

    func groups() throws -> SeriesGroups {
        guard let by = spec.by, let i = table.index(of: by) else {
            return SeriesGroups(single: table.rowCount, name: spec.y ?? "")
        }
        return try SeriesGroups(table.columns[i], field: table.schema.fields[i])
    }

    /// Wraps `text` in the colour of `series` when colour is on.
    func paint(_ text: String, series: Int) -> String {
        style.color && !text.isEmpty ? Ansi.color(text, series: series) : text
    }

    /// Notes under a chart ("showing 30 of 356 bars"), each word-wrapped to the width.
    func notes(_ notes: [String]) -> [String] {
        var out: [String] = []
        for note in notes {
            var line = ""
            for word in Self.words(note) {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if DisplayWidth.of(candidate) > width && !line.isEmpty {
                    out.append(line); line = String(word)
                } else {
                    line = candidate
                }
            }
            if !line.isEmpty { out.append(line) }
        }
        return out
    }

    /// The words of `text`; a space between two digits (a thousands separator) does not split.
    static func words(_ text: String) -> [String] {
        let chars = Array(text)
        var words: [String] = []
        var word = ""
        for (i, c) in chars.enumerated() {
            if c == " " {
                let grouped = i > 0 && i + 1 < chars.count && chars[i - 1].isNumber && chars[i + 1].isNumber
                if !grouped {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                    continue
                }
            }
            word.append(c)
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// `items` joined by two spaces, wrapped to the width.
    func wrap(_ items: [String]) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for item in items {
            let w = Ansi.visibleWidth(item)
            if lineWidth > 0 && lineWidth + 2 + w > width {
                lines.append(line); line = ""; lineWidth = 0
            }
            if lineWidth > 0 { line += "  "; lineWidth += 2 }
            line += item; lineWidth += w
        }
        if lineWidth > 0 { lines.append(line) }
        return lines
    }
}
