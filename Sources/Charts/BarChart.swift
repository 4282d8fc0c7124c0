import Foundation
import Tables

/// Horizontal bars, one per row: label (x), bar (y) from a zero axis, value at the end of the bar.
/// Negative values grow left of the axis. With `by=` each label gets one bar per group and a legend.
struct BarChart {
    let context: ChartContext
    init(_ context: ChartContext) { self.context = context }

    /// Default cap on bars when neither `height=` nor the style sets one.
    static let defaultMaxBars = 40

    private struct Bar {
        var row: Int
        var value: Double
        var group: Int
        var firstOfLabel: Bool
    }

    /// The widths and scale of one chart: label | space | [neg value, space, neg bars] | axis | pos bars | space, pos value.
    private struct Layout {
        var labelWidth: Int
        var scale: Double
        var hasNeg: Bool
        var negRegion: Int
        var rawLabels: [String]
        var valueTexts: [String]
        var lengths: [Double]
    }

    /// The chart's lines: a bar a row (or a bar a group under each label), the legend and the notes.
    func render() throws -> [String] {
        let spec = context.spec
        let yColumn = try context.numeric(spec.y!)
        let labels = try context.labels(spec.x!)
        let groups = try context.groups()

        // Rows with a value; nulls (and non-positive values on a log axis) are left out with a note.
        var (rows, notes) = try context.drawableRows(yColumn, keep: { groups.ids[$0] >= 0 })
        guard !rows.isEmpty else { return ["(no values to chart)"] + context.notes(notes) }

        var bars: [Bar]
        if spec.by != nil {
            bars = groupedBars(rows, labels: labels, values: yColumn, groups: groups)
        } else {
            if let sort = spec.sort {
                rows = rows.enumerated().sorted { a, b in
                    let va = yColumn.values[a.element], vb = yColumn.values[b.element]
                    return va == vb ? a.offset < b.offset : (sort == .asc ? va < vb : va > vb)
                }.map(\.element)
            }
            bars = rows.map { Bar(row: $0, value: yColumn.values[$0], group: 0, firstOfLabel: true) }
        }
        keepWhatFits(&bars, notes: &notes)
        let layout = self.layout(bars, labels: labels, values: yColumn, notes: &notes)
        var lines = bars.enumerated().map { k, bar in line(bar, number: k, layout: layout) }
        if spec.by != nil { lines += legend(bars, groups: groups, notes: &notes) }
        return lines + context.notes(notes)
    }

    /// Bars grouped under their label (labels in first-seen order, or by their total when sorted).
    private func groupedBars(_ rows: [Int], labels: LabelColumn, values yColumn: NumericColumn,
                             groups: SeriesGroups) -> [Bar] {
        var order: [String: Int] = [:]
        var members: [[Int]] = []
        for i in rows {
            let key = labels.label(i)
            if let k = order[key] { members[k].append(i) } else { order[key] = members.count; members.append([i]) }
        }
        if let sort = context.spec.sort {
            let totals = members.map { $0.reduce(0.0) { $0 + yColumn.values[$1] } }
            let idx = members.indices.sorted { a, b in
                totals[a] == totals[b] ? a < b : (sort == .asc ? totals[a] < totals[b] : totals[a] > totals[b])
            }
            members = idx.map { members[$0] }
        }
        var bars: [Bar] = []
        for m in members {
            for (j, i) in m.enumerated() {
                bars.append(Bar(row: i, value: yColumn.values[i], group: Int(groups.ids[i]), firstOfLabel: j == 0))
            }
        }
        return bars
    }

    /// Keeps what fits the height (whole label groups when grouped), with a note.
    private func keepWhatFits(_ bars: inout [Bar], notes: inout [String]) {
        let maxBars = max(1, context.style.height ?? Self.defaultMaxBars)
        guard bars.count > maxBars else { return }
        var keep = maxBars
        if context.spec.by != nil {
            // Cut at a label boundary; keep at least the first label's bars.
            let boundaries = bars.indices.filter { bars[$0].firstOfLabel } + [bars.count]
            keep = boundaries.last { $0 > 0 && $0 <= maxBars } ?? boundaries[1]
        }
        notes.insert("showing \(keep) of \(bars.count) bars", at: 0)
        bars = Array(bars.prefix(keep))
    }

    /// Each bar's length on the scale (log axis: decades above the floor of the smallest value), the
    /// value texts, and the widths of labels and the two sides of the axis.
    private func layout(_ bars: [Bar], labels: LabelColumn, values yColumn: NumericColumn,
                        notes: inout [String]) -> Layout {
        let spec = context.spec
        // A power of ten at least 2× below the smallest value, so the shortest bar still shows.
        let logBase = spec.log ? (log10(bars.map(\.value).min()!) - 0.3).rounded(.down) : 0
        func length(_ v: Double) -> Double { spec.log ? log10(v) - logBase : v }
        if spec.log { notes.append("log scale: bars start at \(ValueFormatter.logAxis(unit: yColumn.field.unit).string(pow(10, logBase)))") }

        let formatter = ValueFormatter(values: bars.map(\.value), unit: yColumn.field.unit,
                                       styleDecimals: context.style.decimals)
        let valueTexts = bars.map { formatter.string($0.value) }
        let lengths = bars.map { length($0.value) }
        let maxPos = max(0, lengths.max()!)
        let maxNeg = max(0, -lengths.min()!)
        let hasNeg = maxNeg > 0
        let posValueWidth = zip(bars, valueTexts).filter { $0.0.value >= 0 || spec.log }.map { DisplayWidth.of($0.1) }.max() ?? 0
        let negValueWidth = hasNeg ? zip(lengths, valueTexts).filter { $0.0 < 0 }.map { DisplayWidth.of($0.1) }.max()! : 0

        let width = context.width
        let fixed = 2 + (posValueWidth > 0 ? posValueWidth + 1 : 0) + (hasNeg ? negValueWidth + 1 : 0)
        let rawLabels = bars.map { $0.firstOfLabel ? labels.label($0.row) : "" }
        let longestLabel = rawLabels.map { DisplayWidth.of($0) }.max() ?? 0
        let labelCap = max(3, min(width * 2 / 5, width - fixed - 10))
        let labelWidth = min(longestLabel, labelCap)
        let barArea = max(1, width - labelWidth - fixed)
        // Each side may round up by one cell: keep that cell out of the scale.
        let roundingRoom = (hasNeg ? 1 : 0) + (maxPos > 0 ? 1 : 0)
        let scale = (maxPos + maxNeg) > 0 ? Double(max(1, barArea - roundingRoom)) / (maxPos + maxNeg) : 0
        let negCells = hasNeg ? Int((maxNeg * scale).rounded(.up)) : 0
        return Layout(labelWidth: labelWidth, scale: scale, hasNeg: hasNeg,
                      negRegion: hasNeg ? negValueWidth + 1 + negCells : 0,
                      rawLabels: rawLabels, valueTexts: valueTexts, lengths: lengths)
    }

    /// Bar `k`'s line: label, the bar left or right of the axis, its value at the end.
    private func line(_ bar: Bar, number k: Int, layout: Layout) -> String {
        let glyphs = context.glyphs
        let fills = context.spec.by != nil && !context.style.color ? glyphs.groupFills : [glyphs.full]
        let label = DisplayWidth.pad(glyphs.truncate(layout.rawLabels[k], to: layout.labelWidth), to: layout.labelWidth)
        let fill = fills[bar.group % fills.count]
        let len = layout.lengths[k], valueText = layout.valueTexts[k]
        var line = label + " "
        if layout.hasNeg {
            if len < 0 {
                let body = negativeBar(cells: -len * layout.scale, fill: fill)
                let text = valueText + " " + context.paint(body.text, series: bar.group)
                line += String(repeating: " ", count: max(0, layout.negRegion - DisplayWidth.of(valueText) - 1 - body.width)) + text
            } else {
                line += String(repeating: " ", count: layout.negRegion)
            }
        }
        line += glyphs.vertical
        if len >= 0 {
            let body = positiveBar(cells: len * layout.scale, fill: fill)
            line += context.paint(body, series: bar.group) + " " + valueText
        }
        return line.hasSuffix(" ") ? String(line.dropLast()) : line
    }

    /// The legend of the groups drawn (fill and name), noting when fills repeat.
    private func legend(_ bars: [Bar], groups: SeriesGroups, notes: inout [String]) -> [String] {
        let style = context.style, glyphs = context.glyphs
        let fillsForLegend = style.color ? [glyphs.full] : glyphs.groupFills
        var used: [Int] = []
        for b in bars where !used.contains(b.group) { used.append(b.group) }
        used.sort()
        let lines = context.wrap(used.map {
            context.paint(fillsForLegend[$0 % fillsForLegend.count], series: $0) + " " + groups.names[$0]
        })
        if groups.names.count > glyphs.groupFills.count && !style.color {
            notes.append("more than \(glyphs.groupFills.count) groups: fills repeat")
        }
        return lines
    }

    /// A bar growing right, in eighths of a cell (Unicode, plain fill) or whole cells.
    private func positiveBar(cells: Double, fill: String) -> String {
        if context.glyphs.ascii || fill != "█" {
            return String(repeating: fill, count: Int(cells.rounded()))
        }
        let eighths = Int((cells * 8).rounded())
        var s = String(repeating: fill, count: eighths / 8)
        if eighths % 8 > 0 { s += ChartGlyphs.leftEighths[eighths % 8 - 1] }
        return s
    }

    /// A bar growing left, in half cells (Unicode, plain fill) or whole cells.
    private func negativeBar(cells: Double, fill: String) -> (text: String, width: Int) {
        if context.glyphs.ascii || fill != "█" {
            let n = Int(cells.rounded())
            return (String(repeating: fill, count: n), n)
        }
        let halves = Int((cells * 2).rounded())
        let half = halves % 2 == 1 ? "▐" : ""
        let n = halves / 2
        return (half + String(repeating: fill, count: n), n + (half.isEmpty ? 0 : 1))
    }
}
