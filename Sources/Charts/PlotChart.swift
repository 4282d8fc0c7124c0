import Foundation
import Tables

/// Line and scatter charts: series over a numeric x axis drawn in braille dots (2×4 a cell), with a
/// y axis of round ticks, an x axis with (year) labels and a legend. Points are binned into the dot
/// grid in one pass over the typed buffers, so a million points draw in milliseconds.
///
/// Lines: per series and dot column the lowest and highest dot are kept; each column is drawn as a
/// vertical run and joined to the previous occupied column, unless a null value (a row with x but
/// no y) lies between them: missing values break the line. Without colour, several series are told
/// apart by marker glyphs at their points (ASCII: `*`, `+`, `o`, `x`, …).
struct PlotChart {
    let context: ChartContext
    let lines: Bool
    init(_ context: ChartContext, lines: Bool) { self.context = context; self.lines = lines }

    static let defaultHeight = 12
    static let maxSeries = 8

    /// The chart's points: x and y, the series of each row and how many series are drawn.
    struct Points {
        let xs: NumericColumn
        let ys: NumericColumn
        let ids: [Int32]
        let count: Int
        let seriesShown: Int
        let log: Bool

        /// `body(series, x, y)` for every row of a shown series, in row order, looking for Ctrl-C every 64 k
        /// rows (the passes over the points share this loop; each decides which values it can draw).
        @inline(__always)
        func forEachShownRow(_ body: (Int, Double, Double) throws -> Void) throws {
            try ids.withUnsafeBufferPointer { ids in
                try xs.values.withUnsafeBufferPointer { xv in
                    try ys.values.withUnsafeBufferPointer { yv in
                        for i in 0..<count {
                            if i & 65535 == 0 { try Cancellation.check() }
                            let g = Int(ids[i])
                            guard g >= 0, g < seriesShown else { continue }
                            try body(g, xv[i], yv[i])
                        }
                    }
                }
            }
        }
    }

    /// What pass 1 found: the ranges of the drawable points and the rows left out.
    struct Extent {
        var xmin = Double.infinity, xmax = -Double.infinity, ymin = Double.infinity, ymax = -Double.infinity
        var nonPositive = 0, noX = 0, points = 0
    }

    /// The axes, the dot grid's size and the scale from values to dots.
    struct Layout {
        let height: Int
        let yAxis: ValueAxis, xAxis: ValueAxis
        let yLabelWidth: Int, plotWidth: Int
        let braille: Bool, useMarkers: Bool
        let pw: Int, ph: Int
        let xScale: Double, yScale: Double, xOffset: Double, yOffset: Double
        var xlo: Double { xAxis.lo }
        var ylo: Double { yAxis.lo }
    }

    /// The chart's lines: plot rows, axes, legend and notes.
    func render() throws -> [String] {
        let spec = context.spec
        let groups = try context.groups()
        let data = Points(xs: try context.numeric(spec.x!), ys: try context.numeric(spec.y!), ids: groups.ids,
                          count: context.table.rowCount, seriesShown: min(groups.names.count, Self.maxSeries),
                          log: spec.log)
        let extent = try measure(data)
        if extent.points == 0 {
            if spec.log && extent.nonPositive > 0 { throw context.noPositiveValuesError() }
            return ["(no values to chart)"]
        }
        var notes: [String] = []
        if groups.names.count > data.seriesShown { notes.append("showing \(data.seriesShown) of \(groups.names.count) series") }
        if extent.noX > 0 { notes.append("\(extent.noX) \(extent.noX == 1 ? "row" : "rows") without \(spec.x!) left out") }
        if let n = context.nonPositiveNote(extent.nonPositive) { notes.append(n) }

        let layout = self.layout(data, extent)
        var canvas = DotCanvas(columns: layout.plotWidth, rows: layout.height, braille: layout.braille)
        if lines {
            try drawLines(data, layout, on: &canvas)
        } else {
            try drawPoints(data, layout, on: &canvas)
        }
        return frame(canvas, layout, seriesShown: data.seriesShown, names: groups.names) + context.notes(notes)
    }

    /// Pass 1: the ranges of x and y over the rows of the shown series, and the rows left out.
    func measure(_ data: Points) throws -> Extent {
        var e = Extent()
        let log = data.log
        try data.forEachShownRow { _, x, y in
            guard x.isFinite else { e.noX += 1; return }
            guard y.isFinite else { return }
            if log && y <= 0 { e.nonPositive += 1; return }
            if x < e.xmin { e.xmin = x }
            if x > e.xmax { e.xmax = x }
            if y < e.ymin { e.ymin = y }
            if y > e.ymax { e.ymax = y }
            e.points += 1
        }
        return e
    }

    /// The axes for the ranges, the plot's width beside the y labels, and whether to draw in braille dots
    /// or a marker a cell.
    func layout(_ data: Points, _ e: Extent) -> Layout {
        let style = context.style, xs = data.xs, ys = data.ys
        let height = max(2, style.height ?? Self.defaultHeight)
        let yAxis = ValueAxis(min: e.ymin, max: e.ymax, unit: ys.field.unit, log: data.log,
                              maxTicks: min(6, max(3, height / 2 + 1)))
        let yLabelWidth = yAxis.ticks.map { DisplayWidth.of($0.label) }.max() ?? 0
        let plotWidth = max(1, context.width - yLabelWidth - 2)
        let xProbe = ValueFormatter.axis(step: 1, unit: xs.field.unit, yearLike: xs.isYearLike)
        let xLabelGuess = max(DisplayWidth.of(xProbe.string(e.xmin)), DisplayWidth.of(xProbe.string(e.xmax))) + 3
        let xAxis = ValueAxis(min: e.xmin, max: e.xmax, unit: xs.field.unit, log: false, integer: xs.isInteger,
                              yearLike: xs.isYearLike, maxTicks: max(3, min(8, plotWidth / max(1, xLabelGuess))),
                              tight: true)

        let colour = style.color
        // Scatter plots of a few points (or of several series without colour) use a marker a cell:
        // single braille dots are too faint to find.
        let sparseScatter = !lines && e.points <= plotWidth / 2
        let braille = !style.ascii && !sparseScatter && (colour || data.seriesShown == 1 || lines)
        let useMarkers = !colour && data.seriesShown > 1 && braille
        // The dot grid's size, as `DotCanvas` makes it (plotWidth ≥ 1, height ≥ 2).
        let pw = plotWidth * (braille ? 2 : 1), ph = height * (braille ? 4 : 1)
        let xSpan = xAxis.hi - xAxis.lo, ySpan = yAxis.hi - yAxis.lo
        return Layout(height: height, yAxis: yAxis, xAxis: xAxis, yLabelWidth: yLabelWidth, plotWidth: plotWidth,
                      braille: braille, useMarkers: useMarkers, pw: pw, ph: ph,
                      xScale: xSpan > 0 ? Double(pw - 1) / xSpan : 0, yScale: ySpan > 0 ? Double(ph - 1) / ySpan : 0,
                      xOffset: xSpan > 0 ? 0.0 : Double(pw / 2), yOffset: ySpan > 0 ? 0.0 : Double(ph / 2))
    }

    /// Pass 2 for lines: the lowest and highest dot of each series in each dot column, then each column
    /// drawn as a vertical run joined to the previous one (unless a missing value lies between them).
    func drawLines(_ data: Points, _ layout: Layout, on canvas: inout DotCanvas) throws {
        let seriesShown = data.seriesShown, log = data.log
        let pw = layout.pw, ph = layout.ph, xlo = layout.xlo, ylo = layout.ylo
        let xScale = layout.xScale, yScale = layout.yScale, xOffset = layout.xOffset, yOffset = layout.yOffset
        var low = [Int32](repeating: Int32.max, count: seriesShown * pw)
        var high = [Int32](repeating: -1, count: seriesShown * pw)
        var gap = [Bool](repeating: false, count: seriesShown * pw)
        try data.forEachShownRow { g, x, v in
            guard x.isFinite else { return }
            // x + 0.5 truncated: rounding without a libm call (coordinates are ≥ 0 here).
            let px = min(max(Int((x - xlo) * xScale + xOffset + 0.5), 0), pw - 1)
            let slot = g * pw + px
            guard v.isFinite, !(log && v <= 0) else { gap[slot] = true; return }
            let y = log ? log10(v) : v
            let py = Int32(ph - 1 - min(max(Int((y - ylo) * yScale + yOffset + 0.5), 0), ph - 1))
            if py < low[slot] { low[slot] = py }
            if py > high[slot] { high[slot] = py }
        }
        let braille = layout.braille, useMarkers = layout.useMarkers
        for s in 0..<seriesShown {
            var previous = -1
            // Markers at most about every tenth of the width, so the line between them stays visible.
            let markerGap = max(3, layout.plotWidth / 10)
            var lastMarker = Int.min / 2
            var occupied = 0, lastColumn = 0
            for c in 0..<pw {
                let k = s * pw + c
                if gap[k] { previous = -1 }
                guard high[k] >= 0 else { continue }
                let mid = Int(low[k] + high[k]) / 2
                canvas.line(c, Int(low[k]), c, Int(high[k]), series: s)
                if previous >= 0 {
                    let p = s * pw + previous
                    canvas.line(previous, Int(low[p] + high[p]) / 2, c, mid, series: s)
                }
                previous = c
                occupied += 1; lastColumn = c
                let cell = braille ? c / 2 : c
                if useMarkers && cell >= lastMarker + markerGap {
                    canvas.mark(c, mid, series: s); lastMarker = cell
                }
            }
            // A lone point is one braille dot: show it with the series marker instead.
            if occupied == 1 && braille {
                let k = s * pw + lastColumn
                canvas.mark(lastColumn, Int(low[k] + high[k]) / 2, series: s)
            }
        }
    }

    /// Pass 2 for a scatter plot: a dot (or marker) at every point.
    func drawPoints(_ data: Points, _ layout: Layout, on canvas: inout DotCanvas) throws {
        let log = data.log
        let ph = layout.ph, xlo = layout.xlo, ylo = layout.ylo
        let xScale = layout.xScale, yScale = layout.yScale, xOffset = layout.xOffset, yOffset = layout.yOffset
        try data.forEachShownRow { g, x, v in
            guard x.isFinite, v.isFinite, !(log && v <= 0) else { return }
            let y = log ? log10(v) : v
            canvas.set(Int((x - xlo) * xScale + xOffset + 0.5),
                       ph - 1 - Int((y - ylo) * yScale + yOffset + 0.5), series: g)
        }
    }

    /// The frame around the canvas: y labels and axis, plot rows, x axis with ticks, x labels, legend.
    func frame(_ canvas: DotCanvas, _ layout: Layout, seriesShown: Int, names: [String]) -> [String] {
        let style = context.style, glyphs = context.glyphs
        let braille = layout.braille, useMarkers = layout.useMarkers
        let height = layout.height, plotWidth = layout.plotWidth, yLabelWidth = layout.yLabelWidth
        let dotsPerRow = braille ? 4 : 1, dotsPerColumn = braille ? 2 : 1
        var tickRows: [Int: String] = [:]
        for t in layout.yAxis.ticks {
            let py = layout.ph - 1 - Int(((t.value - layout.ylo) * layout.yScale + layout.yOffset).rounded())
            let r = max(0, min(height - 1, py / dotsPerRow))
            if tickRows[r] == nil { tickRows[r] = t.label }
        }
        var xTicks: [(center: Int, text: String)] = []
        for t in layout.xAxis.ticks {
            let px = Int(((t.value - layout.xlo) * layout.xScale + layout.xOffset).rounded())
            xTicks.append((max(0, min(plotWidth - 1, px / dotsPerColumn)), t.label))
        }
        let markers = glyphs.seriesMarkers
        let glyph: (Int) -> String = { seriesShown == 1 && !useMarkers && style.ascii ? "*" : markers[$0 % markers.count] }
        let paint: ((String, Int) -> String)? = style.color ? { Ansi.color($0, series: $1) } : nil

        var out: [String] = []
        for r in 0..<height {
            let label = DisplayWidth.pad(tickRows[r] ?? "", to: yLabelWidth, alignRight: true)
            out.append(label + " " + (tickRows[r] != nil ? glyphs.tickLeft : glyphs.vertical)
                       + canvas.text(row: r, glyph: glyph, paint: paint))
        }
        var axis = [String](repeating: glyphs.horizontal, count: plotWidth)
        for t in xTicks { axis[t.center] = glyphs.tickDown }
        out.append(String(repeating: " ", count: yLabelWidth + 1) + glyphs.corner + axis.joined())
        out.append(AxisLabels.line(xTicks, plotWidth: plotWidth, indent: yLabelWidth + 2))

        if context.spec.by != nil {
            let key: (Int) -> String = { s in
                if useMarkers || !braille { return glyph(s) }
                return glyphs.ascii ? "*" : "⣿"
            }
            out += context.wrap((0..<seriesShown).map { context.paint(key($0), series: $0) + " " + names[$0] })
        }
        return out
    }
}
