import Foundation
import Tables

/// One-line sparklines, one per `by=` group (or one for the whole column), in eight levels
/// (▁▂▃▄▅▆▇█; ASCII `_.-~=+*#`), each scaled to its own range, followed by its min, max and last value.
/// Points are in row order, or in `x=` order when x is numeric. Longer series than the line has room
/// for are averaged into the cells; missing values leave a blank cell.
struct Sparklines {
    let context: ChartContext
    init(_ context: ChartContext) { self.context = context }

    static let defaultMaxSeries = 40

    /// One drawn series: its rows (in point order) and the range and last of its values.
    typealias Stats = (name: String, members: [Int], min: Double, max: Double, last: Double)

    /// The widths of one chart's parts: labels, sparklines and (when they fit) the min/max/last texts.
    struct Layout {
        var showLabels: Bool
        var labelWidth: Int
        var sparkWidth: Int
        var withStats: Bool
        var texts: [(String, String, String)]
        var wMin: Int, wMax: Int, wLast: Int
    }

    /// The chart's lines: a sparkline a series, then the notes.
    func render() throws -> [String] {
        let spec = context.spec
        let ys = try context.numeric(spec.y!)
        let groups = try context.groups()
        var notes: [String] = []

        var members = try rowsPerGroup(groups)
        if let x = spec.x, context.table.schema.fields[context.table.index(of: x)!].type != .string {
            try orderByX(&members, xs: try context.numeric(x))
        }
        let maxSeries = max(1, context.style.height ?? Self.defaultMaxSeries)
        if members.count > maxSeries {
            notes.append("showing \(maxSeries) of \(members.count) series")
            members = Array(members.prefix(maxSeries))
        }
        let present = try seriesStats(members, values: ys, names: groups.names, notes: &notes)
        guard !present.isEmpty else { return ["(no values to chart)"] + context.notes(notes) }
        let layout = self.layout(present, values: ys)
        let lines = present.enumerated().map { k, s in line(s, number: k, values: ys, layout: layout) }
        return lines + context.notes(notes)
    }

    /// The rows of each group, in row order (one counting pass, no per-group appends).
    func rowsPerGroup(_ groups: SeriesGroups) throws -> [[Int]] {
        let n = context.table.rowCount
        let groupCount = groups.names.count
        var sizes = [Int](repeating: 0, count: groupCount)
        try Cancellation.inBlocks(of: n) { block in for i in block where groups.ids[i] >= 0 { sizes[Int(groups.ids[i])] += 1 } }
        var flat = [Int](repeating: 0, count: sizes.reduce(0, +))
        var next = [Int](repeating: 0, count: groupCount)
        for g in 1..<max(1, groupCount) { next[g] = next[g - 1] + sizes[g - 1] }
        let starts = next
        try groups.ids.withUnsafeBufferPointer { ids in
            try flat.withUnsafeMutableBufferPointer { flat in
                try Cancellation.inBlocks(of: n) { block in
                    for i in block {
                        let g = Int(ids[i])
                        if g >= 0 { flat[next[g]] = i; next[g] += 1 }
                    }
                }
            }
        }
        try Cancellation.check()
        return try (0..<groupCount).map { g in
            try Cancellation.check()
            return Array(flat[starts[g]..<(starts[g] + sizes[g])])
        }
    }

    /// Puts each group's rows in x order (stable; rows without x last) unless they already are.
    func orderByX(_ members: inout [[Int]], xs: NumericColumn) throws {
        var comparisons = 0
        for g in members.indices {
            try Cancellation.check()
            let m = members[g]
            var sorted = true
            var previous = -Double.infinity
            for i in m {
                let x = xs.values[i]
                if x.isFinite { if x < previous { sorted = false; break }; previous = x }
            }
            if !sorted {
                members[g] = try m.enumerated().sorted { a, b in
                    // one series can hold every row: look for Ctrl-C within the sort too
                    comparisons &+= 1
                    if comparisons & 0xFFFF == 0 { try Cancellation.check() }
                    let va = xs.isValid(a.element) ? xs.values[a.element] : .infinity
                    let vb = xs.isValid(b.element) ? xs.values[b.element] : .infinity
                    return va == vb ? a.offset < b.offset : va < vb
                }.map(\.element)
            }
        }
    }

    /// Min, max and last value of each series with values; notes the series and (log) values left out.
    func seriesStats(_ members: [[Int]], values ys: NumericColumn, names: [String],
                     notes: inout [String]) throws -> [Stats] {
        let log = context.spec.log
        var nonPositive = 0
        var stats: [Stats?] = []
        for (g, m) in members.enumerated() {
            var lo = Double.infinity, hi = -Double.infinity, last = Double.nan
            for i in m where ys.isValid(i) {
                let v = ys.values[i]
                if log && v <= 0 { nonPositive += 1; continue }
                lo = min(lo, v); hi = max(hi, v); last = v
            }
            stats.append(lo.isFinite ? (names[g], m, lo, hi, last) : nil)
        }
        if log && nonPositive > 0 {
            if stats.allSatisfy({ $0 == nil }) { throw context.noPositiveValuesError() }
            notes.append(context.nonPositiveNote(nonPositive)!)
        }
        let present = stats.compactMap { $0 }
        if !present.isEmpty && present.count < stats.count {
            let k = stats.count - present.count
            notes.append("\(k) \(k == 1 ? "series" : "series") without values left out")
        }
        return present
    }

    /// Labels get up to 2/5 of the width but give way (down to 12 cells) so the sparkline can show
    /// up to 24 points one a cell; stats only when the sparkline keeps room for its points
    /// (up to 8 cells) beside them.
    func layout(_ present: [Stats], values ys: NumericColumn) -> Layout {
        let formatter = ValueFormatter(values: present.flatMap { [$0.min, $0.max, $0.last] }, unit: ys.field.unit,
                                       styleDecimals: context.style.decimals)
        let texts = present.map { (formatter.string($0.min), formatter.string($0.max), formatter.string($0.last)) }
        let wMin = texts.map { DisplayWidth.of($0.0) }.max()!
        let wMax = texts.map { DisplayWidth.of($0.1) }.max()!
        let wLast = texts.map { DisplayWidth.of($0.2) }.max()!
        let statsWidth = 4 + wMin + 6 + wMax + 7 + wLast // "min X  max Y  last Z"

        let showLabels = context.spec.by != nil
        let longest = showLabels ? present.map { DisplayWidth.of($0.name) }.max()! : 0
        let width = context.width
        let longestSeries = present.map(\.members.count).max()!
        let minimumSpark = min(8, longestSeries)
        func fitLabel(reserving other: Int) -> Int {
            showLabels ? min(longest, max(3, min(width * 2 / 5, width - other - 1))) : 0
        }
        let preferredSpark = min(longestSeries, 24)
        var labelWidth = min(fitLabel(reserving: statsWidth + 1 + minimumSpark),
                             max(12, fitLabel(reserving: statsWidth + 1 + preferredSpark)))
        var room = width - (showLabels ? labelWidth + 1 : 0) - 1 - statsWidth
        let withStats = room >= minimumSpark
        if !withStats {
            labelWidth = fitLabel(reserving: minimumSpark)
            room = width - (showLabels ? labelWidth + 1 : 0)
        }
        return Layout(showLabels: showLabels, labelWidth: labelWidth, sparkWidth: max(1, min(longestSeries, room)),
                      withStats: withStats, texts: texts, wMin: wMin, wMax: wMax, wLast: wLast)
    }

    /// Series `k`'s line: label, sparkline (each series scaled to its own range) and stats.
    func line(_ s: Stats, number k: Int, values ys: NumericColumn, layout: Layout) -> String {
        let log = context.spec.log, glyphs = context.glyphs
        let levels = glyphs.sparkLevels
        let cells = compress(s.members, values: ys, into: layout.sparkWidth)
        let lo = log ? log10(s.min) : s.min, hi = log ? log10(s.max) : s.max
        var spark = ""
        for c in cells {
            guard let c else { spark += " "; continue }
            let v = log ? log10(c) : c
            let level = hi > lo ? Int(((v - lo) / (hi - lo) * 7).rounded()) : 3
            spark += levels[max(0, min(7, level))]
        }
        spark += String(repeating: " ", count: layout.sparkWidth - cells.count)
        let labelWidth = layout.labelWidth
        var line = layout.showLabels ? DisplayWidth.pad(glyphs.truncate(s.name, to: labelWidth), to: labelWidth) + " " : ""
        line += context.paint(spark, series: layout.showLabels ? k : 0)
        if layout.withStats {
            let t = layout.texts[k]
            line += " min " + DisplayWidth.pad(t.0, to: layout.wMin, alignRight: true)
                + "  max " + DisplayWidth.pad(t.1, to: layout.wMax, alignRight: true)
                + "  last " + DisplayWidth.pad(t.2, to: layout.wLast, alignRight: true)
        }
        return line
    }

    /// The values of rows `members` in `cells` cells (one a point when they fit, else the mean of
    /// each cell's points); nil where a cell has no valid value.
    private func compress(_ members: [Int], values: NumericColumn, into cells: Int) -> [Double?] {
        let m = members.count
        let log = context.spec.log
        func valid(_ i: Int) -> Bool { values.isValid(i) && !(log && values.values[i] <= 0) }
        if m <= cells { return members.map { valid($0) ? values.values[$0] : nil } }
        var out: [Double?] = []
        out.reserveCapacity(cells)
        for c in 0..<cells {
            let a = c * m / cells, b = (c + 1) * m / cells
            var sum = 0.0, k = 0
            for j in a..<b where valid(members[j]) { sum += values.values[members[j]]; k += 1 }
            out.append(k > 0 ? sum / Double(k) : nil)
        }
        return out
    }
}
