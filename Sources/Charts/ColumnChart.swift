import Foundation
import Tables

/// Vertical bars over a short (time) axis: y axis with round ticks, one column per row, labels under.
struct ColumnChart {
    let context: ChartContext
    init(_ context: ChartContext) { self.context = context }

    static let defaultHeight = 10

    func render() throws -> [String] {
        let spec = context.spec, style = context.style
        let yColumn = try context.numeric(spec.y!)
        let labels = try context.labels(spec.x!)

        var (rows, notes) = try context.drawableRows(yColumn)
        guard !rows.isEmpty else { return ["(no values to chart)"] + context.notes(notes) }
        if let sort = spec.sort {
            rows = rows.enumerated().sorted { a, b in
                let va = yColumn.values[a.element], vb = yColumn.values[b.element]
                return va == vb ? a.offset < b.offset : (sort == .asc ? va < vb : va > vb)
            }.map(\.element)
        }

        let height = max(2, style.height ?? Self.defaultHeight)
        let values = rows.map { yColumn.values[$0] }
        let axis = ValueAxis(values: values, unit: yColumn.field.unit, log: spec.log, includeZero: true,
                             maxTicks: min(6, max(3, height / 2 + 1)))
        let plot = VerticalBars(context: context, rows: height, lo: axis.lo, hi: axis.hi, ticks: axis.ticks,
                                baseline: spec.log ? axis.lo : 0)

        // Columns: at least two cells a slot (bar and gap); drop the rest with a note.
        let available = max(2, context.width - plot.axisWidth)
        let fitting = max(1, available / 2)
        if rows.count > fitting {
            notes.insert("showing \(fitting) of \(rows.count) columns", at: 0)
            rows = Array(rows.prefix(fitting))
        }
        let n = rows.count
        let slot = max(1, min(available / n, 12))
        let barWidth = slot >= 3 ? slot - 1 - (slot >= 6 ? 1 : 0) : 1
        let offset = (slot - barWidth) / 2
        let plotWidth = slot * n
        let shown = rows.map { Optional(axis.transform(yColumn.values[$0])) }
        var lines = plot.render(values: shown, slot: slot, barWidth: barWidth, offset: offset, plotWidth: plotWidth)

        // Labels under the bars: all if they fit, else every k-th (numbers) or cut short (text).
        let texts = rows.map { labels.label($0) }
        let longest = texts.map { DisplayWidth.of($0) }.max() ?? 0
        var placed: [(center: Int, text: String)] = []
        if longest <= slot - 1 || n == 1 {
            placed = texts.enumerated().map { ($0.offset * slot + offset + (barWidth - 1) / 2, $0.element) }
        } else if labels.column.type != .string || slot < 4 {
            let every = Int((Double(longest + 1) / Double(slot)).rounded(.up))
            placed = texts.enumerated().filter { $0.offset % every == 0 }
                .map { ($0.offset * slot + offset + (barWidth - 1) / 2, $0.element) }
        } else {
            placed = texts.enumerated().map {
                ($0.offset * slot + offset + (barWidth - 1) / 2, context.glyphs.truncate($0.element, to: slot - 1))
            }
        }
        lines.append(plot.labelLine(placed, plotWidth: plotWidth))
        return lines + context.notes(notes)
    }
}
