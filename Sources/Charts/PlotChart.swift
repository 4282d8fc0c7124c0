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

    func render() throws -> [String] {
        let spec = context.spec, style = context.style, glyphs = context.glyphs
        let xs = try context.numeric(spec.x!), ys = try context.numeric(spec.y!)
        let groups = try context.groups()
        let n = context.table.rowCount
        let seriesShown = min(groups.names.count, Self.maxSeries)
        var notes: [String] = []

        // Pass 1: ranges.
        var xmin = Double.infinity, xmax = -Double.infinity, ymin = Double.infinity, ymax = -Double.infinity
        var nonPositive = 0, noX = 0, points = 0
        let log = spec.log
        let ids = groups.ids
        try ids.withUnsafeBufferPointer { ids in
            try xs.values.withUnsafeBufferPointer { xv in
                try ys.values.withUnsafeBufferPointer { yv in
                    for i in 0..<n {
                        if i & 65535 == 0 { try Cancellation.check() }
                        let g = Int(ids[i])
                        guard g >= 0, g < seriesShown else { continue }
                        let x = xv[i], y = yv[i]
                        guard x.isFinite else { noX += 1; continue }
                        guard y.isFinite else { continue }
                        if log && y <= 0 { nonPositive += 1; continue }
                        if x < xmin { xmin = x }
                        if x > xmax { xmax = x }
                        if y < ymin { ymin = y }
                        if y > ymax { ymax = y }
                        points += 1
                    }
                }
            }
        }
        if points == 0 {
            if spec.log && nonPositive > 0 { throw context.noPositiveValuesError() }
            return ["(no values to chart)"]
        }
        if groups.names.count > seriesShown { notes.append("showing \(seriesShown) of \(groups.names.count) series") }
        if noX > 0 { notes.append("\(noX) \(noX == 1 ? "row" : "rows") without \(spec.x!) left out") }
        if let n = context.nonPositiveNote(nonPositive) { notes.append(n) }

        // Axes.
        let height = max(2, style.height ?? Self.defaultHeight)
        let yAxis = ValueAxis(min: ymin, max: ymax, unit: ys.field.unit, log: spec.log,
                              maxTicks: min(6, max(3, height / 2 + 1)))
        let yLabelWidth = yAxis.ticks.map { DisplayWidth.of($0.label) }.max() ?? 0
        let plotWidth = max(1, context.width - yLabelWidth - 2)
        let xProbe = ValueFormatter.axis(step: 1, unit: xs.field.unit, yearLike: xs.isYearLike)
        let xLabelGuess = max(DisplayWidth.of(xProbe.string(xmin)), DisplayWidth.of(xProbe.string(xmax))) + 3
        let xAxis = ValueAxis(min: xmin, max: xmax, unit: xs.field.unit, log: false, integer: xs.isInteger,
                              yearLike: xs.isYearLike, maxTicks: max(3, min(8, plotWidth / max(1, xLabelGuess))),
                              tight: true)

        let colour = style.color
        // Scatter plots of a few points (or of several series without colour) use a marker a cell:
        // single braille dots are too faint to find.
        let sparseScatter = !lines && points <= plotWidth / 2
        let braille = !style.ascii && !sparseScatter && (colour || seriesShown == 1 || lines)
        let useMarkers = !colour && seriesShown > 1 && braille
        var canvas = DotCanvas(columns: plotWidth, rows: height, braille: braille)
        let pw = canvas.pixelWidth, ph = canvas.pixelHeight
        let xSpan = xAxis.hi - xAxis.lo, ySpan = yAxis.hi - yAxis.lo
        let xScale = xSpan > 0 ? Double(pw - 1) / xSpan : 0
        let yScale = ySpan > 0 ? Double(ph - 1) / ySpan : 0
        let xOffset = xSpan > 0 ? 0.0 : Double(pw / 2)
        let yOffset = ySpan > 0 ? 0.0 : Double(ph / 2)
        let xlo = xAxis.lo, ylo = yAxis.lo

        // Pass 2: bin every point into the dot grid.
        if lines {
            var low = [Int32](repeating: Int32.max, count: seriesShown * pw)
            var high = [Int32](repeating: -1, count: seriesShown * pw)
            var gap = [Bool](repeating: false, count: seriesShown * pw)
            try ids.withUnsafeBufferPointer { ids in
                try xs.values.withUnsafeBufferPointer { xv in
                    try ys.values.withUnsafeBufferPointer { yv in
                        for i in 0..<n {
                            if i & 65535 == 0 { try Cancellation.check() }
                            let g = Int(ids[i])
                            let x = xv[i]
                            guard g >= 0, g < seriesShown, x.isFinite else { continue }
                            // x + 0.5 truncated: rounding without a libm call (coordinates are ≥ 0 here).
                            let px = min(max(Int((x - xlo) * xScale + xOffset + 0.5), 0), pw - 1)
                            let slot = g * pw + px
                            let v = yv[i]
                            guard v.isFinite, !(log && v <= 0) else { gap[slot] = true; continue }
                            let y = log ? log10(v) : v
                            let py = Int32(ph - 1 - min(max(Int((y - ylo) * yScale + yOffset + 0.5), 0), ph - 1))
                            if py < low[slot] { low[slot] = py }
                            if py > high[slot] { high[slot] = py }
                        }
                    }
                }
            }
            for s in 0..<seriesShown {
                var previous = -1
                // Markers at most about every tenth of the width, so the line between them stays visible.
                let markerGap = max(3, plotWidth / 10)
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
        } else {
            try ids.withUnsafeBufferPointer { ids in
                try xs.values.withUnsafeBufferPointer { xv in
                    try ys.values.withUnsafeBufferPointer { yv in
                        for i in 0..<n {
                            if i & 65535 == 0 { try Cancellation.check() }
                            let g = Int(ids[i])
                            let x = xv[i], v = yv[i]
                            guard g >= 0, g < seriesShown, x.isFinite, v.isFinite, !(log && v <= 0) else { continue }
                            let y = log ? log10(v) : v
                            canvas.set(Int((x - xlo) * xScale + xOffset + 0.5),
                                       ph - 1 - Int((y - ylo) * yScale + yOffset + 0.5), series: g)
                        }
                    }
                }
            }
        }

        // Frame: y labels and axis, plot rows, x axis with ticks, x labels, legend.
        let dotsPerRow = braille ? 4 : 1, dotsPerColumn = braille ? 2 : 1
        var tickRows: [Int: String] = [:]
        for t in yAxis.ticks {
            let py = ph - 1 - Int(((t.value - ylo) * yScale + yOffset).rounded())
            let r = max(0, min(height - 1, py / dotsPerRow))
            if tickRows[r] == nil { tickRows[r] = t.label }
        }
        var xTicks: [(center: Int, text: String)] = []
        for t in xAxis.ticks {
            let px = Int(((t.value - xlo) * xScale + xOffset).rounded())
            xTicks.append((max(0, min(plotWidth - 1, px / dotsPerColumn)), t.label))
        }
        let markers = glyphs.seriesMarkers
        let glyph: (Int) -> String = { seriesShown == 1 && !useMarkers && style.ascii ? "*" : markers[$0 % markers.count] }
        let paint: ((String, Int) -> String)? = colour ? { Ansi.color($0, series: $1) } : nil

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

        if spec.by != nil {
            let key: (Int) -> String = { s in
                if useMarkers || !braille { return glyph(s) }
                return glyphs.ascii ? "*" : "⣿"
            }
            out += context.wrap((0..<seriesShown).map { context.paint(key($0), series: $0) + " " + groups.names[$0] })
        }
        return out + context.notes(notes)
    }
}
