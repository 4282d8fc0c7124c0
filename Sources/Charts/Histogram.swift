import Foundation
import Tables

/// A histogram of one numeric column: counts per bin as vertical bars, counts on the y axis, bin
/// edges on the x axis. Without `bins=`, the bin width follows Freedman–Diaconis (2·IQR·n^(-1/3),
/// rounded to a 1-2-5 step so edges are round numbers), with the quartiles estimated from a fine
/// pre-histogram (one pass, no sort); the bin count is kept within 1…60 and the plot width.
struct Histogram {
    let context: ChartContext
    init(_ context: ChartContext) { self.context = context }

    static let defaultHeight = 10
    static let maxAutoBins = 60

    func render() throws -> [String] {
        let style = context.style
        let column = try context.numeric(context.histColumn!.name)
        var notes: [String] = []

        var lo = Double.infinity, hi = -Double.infinity, n = 0
        for i in 0..<column.count {
            if i & 65535 == 0 { try Cancellation.check() }
            guard column.isValid(i) else { continue }
            let v = column.values[i]
            if v < lo { lo = v }
            if v > hi { hi = v }
            n += 1
        }
        guard n > 0 else { return ["(no values to chart)"] }
        let nulls = column.count - n
        if nulls > 0 { notes.append("\(nulls) missing \(nulls == 1 ? "value" : "values") left out") }

        let height = max(2, style.height ?? Self.defaultHeight)
        // The y axis width depends on the largest count; n bounds it.
        let countProbe = ValueAxis(min: 0, max: Double(n), unit: nil, log: false, integer: true, maxTicks: 6)
        let probeWidth = (countProbe.ticks.map { DisplayWidth.of($0.label) }.max() ?? 1) + 2
        let available = max(1, context.width - probeWidth)

        let binning = Self.binning(column: column, lo: lo, hi: hi, n: n, requested: context.spec.bins,
                                   maxBins: min(available, context.spec.bins ?? Self.maxAutoBins))
        if let asked = context.spec.bins, binning.count < asked {
            notes.append("bins reduced from \(asked) to \(binning.count) to fit the width")
        }
        var counts = [Int](repeating: 0, count: binning.count)
        let inverse = 1 / binning.width
        for i in 0..<column.count where column.isValid(i) {
            let b = Int((column.values[i] - binning.start) * inverse) // ≥ 0: truncation is floor
            counts[max(0, min(binning.count - 1, b))] += 1
        }

        let maxCount = counts.max()!
        let axis = ValueAxis(min: 0, max: Double(maxCount), unit: nil, log: false, integer: true,
                             maxTicks: min(6, max(3, height / 2 + 1)))
        let plot = VerticalBars(context: context, rows: height, lo: axis.lo, hi: axis.hi, ticks: axis.ticks, baseline: 0)
        let plotAvailable = max(1, context.width - plot.axisWidth)
        let barWidth = max(1, min(plotAvailable / binning.count, 8))
        let plotWidth = barWidth * binning.count
        var lines = plot.render(values: counts.map { Double($0) }, slot: barWidth, barWidth: barWidth, offset: 0,
                                plotWidth: plotWidth)

        // Edge labels at round values.
        let end = binning.start + binning.width * Double(binning.count)
        let edgeAxis = ValueAxis(min: binning.start, max: end, unit: column.field.unit, log: false,
                                 integer: column.isInteger && binning.width >= 1, yearLike: column.isYearLike,
                                 maxTicks: max(3, min(10, plotWidth / 5)), tight: true)
        var labels: [(center: Int, text: String)] = edgeAxis.ticks.map { t in
            let c = Int(((t.value - binning.start) / (end - binning.start) * Double(plotWidth)).rounded())
            return (min(plotWidth - 1, max(0, c)), t.label)
        }
        if hi <= lo {
            // One distinct value: name it under its bin.
            labels = [(plotWidth / 2, ValueFormatter(values: [lo], unit: column.field.unit, styleDecimals: style.decimals,
                                                     yearLike: column.isYearLike).string(lo))]
        }
        lines.append(plot.labelLine(labels, plotWidth: plotWidth))
        let widthText = ValueFormatter(values: [binning.width], unit: column.field.unit, styleDecimals: nil).string(binning.width)
        notes.insert("\(NumberFormat.display(Int64(n))) \(n == 1 ? "value" : "values"), \(binning.count) "
                     + "\(binning.count == 1 ? "bin" : "bins") of width \(widthText); y: count", at: 0)
        return lines + context.notes(notes)
    }

    struct Binning: Equatable {
        var start: Double
        var width: Double
        var count: Int
    }

    /// Bins over `[lo, hi]`: `requested` equal bins from lo to hi, or Freedman–Diaconis (Sturges when
    /// the IQR is 0), never more than `maxBins`.
    static func binning(column: NumericColumn, lo: Double, hi: Double, n: Int, requested: Int?, maxBins: Int) -> Binning {
        let cap = max(1, maxBins)
        if hi <= lo {
            let w = column.isInteger ? 1.0 : (lo == 0 ? 1 : abs(lo) * 0.1)
            return Binning(start: lo - w / 2, width: w, count: 1)
        }
        if let requested {
            let count = min(requested, cap)
            return Binning(start: lo, width: (hi - lo) / Double(count) * (1 + 1e-12), count: count)
        }
        let iqr = interquartileRange(column: column, lo: lo, hi: hi)
        var width = iqr > 0 ? 2 * iqr / cbrt(Double(n)) : (hi - lo) / (log2(Double(n)).rounded(.up) + 1)
        if column.isInteger { width = max(1, width) }
        width = niceStep(atLeast: width)
        while true {
            let start = (lo / width).rounded(.down) * width
            let count = Int(((hi - start) / width).rounded(.down)) + 1
            if count <= cap { return Binning(start: start, width: width, count: count) }
            width = niceStep(atLeast: width * 1.0001)
        }
    }

    /// The smallest 1-2-5 step ≥ `w`.
    static func niceStep(atLeast w: Double) -> Double {
        let e = log10(w).rounded(.down)
        for m in [1.0, 2.0, 5.0, 10.0] where m * pow(10, e) >= w * (1 - 1e-9) { return m * pow(10, e) }
        return 10 * pow(10, e)
    }

    /// IQR estimated from a 4096-bin pre-histogram over `[lo, hi]` (linear inside a bin).
    static func interquartileRange(column: NumericColumn, lo: Double, hi: Double) -> Double {
        let bins = 4096
        var counts = [Int](repeating: 0, count: bins)
        let scale = Double(bins) / (hi - lo)
        var n = 0
        for i in 0..<column.count where column.isValid(i) {
            counts[min(bins - 1, Int((column.values[i] - lo) * scale))] += 1
            n += 1
        }
        func quantile(_ p: Double) -> Double {
            let target = p * Double(n)
            var seen = 0.0
            for (b, c) in counts.enumerated() where c > 0 {
                if seen + Double(c) >= target {
                    let within = (target - seen) / Double(c)
                    return lo + (Double(b) + within) / scale
                }
                seen += Double(c)
            }
            return hi
        }
        return quantile(0.75) - quantile(0.25)
    }
}
