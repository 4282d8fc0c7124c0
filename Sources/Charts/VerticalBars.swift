import Tables

/// The plot of vertical bars shared by column charts and histograms: a y axis with tick labels on the
/// left, bars in eighths of a cell growing up from a baseline (or down, for negative values), and an
/// x axis line under the plot. The caller adds the labels under the bars.
struct VerticalBars {
    let context: ChartContext
    /// Plot rows.
    let rows: Int
    /// Axis domain (in axis units: log10 of the value on a log axis).
    let lo: Double
    let hi: Double
    /// Ticks in axis units with their labels.
    let ticks: [(value: Double, label: String)]
    /// Where bars start, in axis units (0, or `lo` on a log axis).
    let baseline: Double

    /// Width of the y axis column (labels, space, axis glyph).
    var axisWidth: Int { labelWidth + 2 }
    var labelWidth: Int { ticks.map { DisplayWidth.of($0.label) }.max() ?? 0 }

    /// Plot lines and the axis line for `values` (nil = no bar), bar `j` drawn `barWidth` cells wide
    /// at column `j * slot + offset`, in colour `series` when colour is on.
    func render(values: [Double?], slot: Int, barWidth: Int, offset: Int, plotWidth: Int, series: Int = 0) -> [String] {
        let glyphs = context.glyphs
        let levels = rows * 8
        func level(_ v: Double) -> Int {
            guard hi > lo else { return 0 }
            return max(0, min(levels, Int(((v - lo) / (hi - lo) * Double(levels)).rounded())))
        }
        let zero = Int((Double(level(baseline)) / 8).rounded()) * 8
        var tickRows: [Int: String] = [:]
        for t in ticks {
            let r = min(rows - 1, level(t.value) / 8)
            if tickRows[r] == nil { tickRows[r] = t.label }
        }
        let tops = values.map { $0.map(level) }
        var lines: [String] = []
        for r in stride(from: rows - 1, through: 0, by: -1) {
            var line = DisplayWidth.pad(tickRows[r] ?? "", to: labelWidth, alignRight: true) + " "
            line += tickRows[r] != nil ? glyphs.tickLeft : glyphs.vertical
            var cells = [String](repeating: " ", count: plotWidth)
            for (j, top) in tops.enumerated() {
                guard let top else { continue }
                let cell = glyph(top: top, zero: zero, row: r)
                if cell == " " { continue }
                let start = j * slot + offset
                for c in start..<min(plotWidth, start + barWidth) { cells[c] = cell }
            }
            line += paintRuns(cells, series: series)
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + glyphs.corner
                     + String(repeating: glyphs.horizontal, count: plotWidth))
        return lines
    }

    private func glyph(top: Int, zero: Int, row r: Int) -> String {
        let ascii = context.glyphs.ascii
        if top >= zero {
            guard r * 8 >= zero else { return " " }
            let f = max(0, min(8, top - r * 8))
            if ascii { return f >= 4 ? "#" : " " }
            return f == 0 ? " " : f == 8 ? "█" : ChartGlyphs.lowerEighths[f - 1]
        }
        guard r * 8 + 8 <= zero else { return " " }
        let f = max(0, min(8, r * 8 + 8 - top))
        if ascii { return f >= 4 ? "#" : " " }
        return f >= 6 ? "█" : f >= 2 ? "▀" : " "
    }

    /// The cells joined, each run of non-blank cells wrapped in the series colour when colour is on.
    private func paintRuns(_ cells: [String], series: Int) -> String {
        guard context.style.color else { return cells.joined() }
        var out = ""
        var run = ""
        for c in cells {
            if c == " " {
                if !run.isEmpty { out += context.paint(run, series: series); run = "" }
                out += c
            } else { run += c }
        }
        if !run.isEmpty { out += context.paint(run, series: series) }
        return out
    }

    /// A line of `labels` centred on the given cell columns of the plot, after the axis column.
    func labelLine(_ labels: [(center: Int, text: String)], plotWidth: Int) -> String {
        AxisLabels.line(labels, plotWidth: plotWidth, indent: axisWidth)
    }
}

/// Labels under a plot.
enum AxisLabels {
    /// `labels` centred on the given cell columns of a plot `plotWidth` cells wide that starts after
    /// `indent` cells, skipping any that would overlap the previous one; the last may use the axis
    /// glyph's column, none runs past the plot.
    static func line(_ labels: [(center: Int, text: String)], plotWidth: Int, indent: Int) -> String {
        var line = String(repeating: " ", count: indent)
        var used = 0 // cells used after the indent
        for (center, text) in labels {
            let w = DisplayWidth.of(text)
            guard w <= plotWidth else { continue }
            var start = center - (w - 1) / 2
            start = max(0, min(start, plotWidth - w))
            if start < used + (used > 0 ? 1 : 0) { continue }
            line += String(repeating: " ", count: start - used) + text
            used = start + w
        }
        return line
    }
}
