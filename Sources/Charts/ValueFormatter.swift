import Foundation
import Tables

/// Formats the numbers of one column for a chart the way tables do: thousands separated by a space,
/// one precision for the whole column (from `set decimals` or chosen from the values), shares as %.
struct ValueFormatter {
    let decimals: Int
    let share: Bool
    let yearLike: Bool

    init(decimals: Int, share: Bool = false, yearLike: Bool = false) {
        self.decimals = decimals; self.share = share; self.yearLike = yearLike
    }

    /// Precision chosen from `values`: the style's decimals if set, else the fewest decimals that
    /// show the values exactly, but no more than about four significant digits of the largest.
    init(values: some Sequence<Double>, unit: String?, styleDecimals: Int?, yearLike: Bool = false) {
        share = unit == "share"
        self.yearLike = yearLike && !share
        if let d = styleDecimals { decimals = max(0, d); return }
        if share { decimals = 1; return }
        if yearLike { decimals = 0; return }
        var maxAbs = 0.0
        for v in values where v.isFinite { maxAbs = max(maxAbs, abs(v)) }
        decimals = NumberFormat.decimalsNeeded(values, maxDecimals: ValueFormatter.maxDecimals(largest: maxAbs))
    }

    /// As `init(values:…)` over a whole column's buffer (NaN = no value), stopping at Ctrl-C: the values
    /// are looked at 64 k at a time with `Cancellation.check()` between (the same precision results).
    init(column values: [Double], unit: String?, styleDecimals: Int?, yearLike: Bool = false) throws {
        if styleDecimals != nil || unit == "share" || yearLike {
            self.init(values: [], unit: unit, styleDecimals: styleDecimals, yearLike: yearLike)
            return
        }
        var maxAbs = 0.0
        try Cancellation.inBlocks(of: values.count) { block in
            for v in values[block] where v.isFinite { maxAbs = max(maxAbs, abs(v)) }
        }
        let cap = ValueFormatter.maxDecimals(largest: maxAbs)
        // The decimals a set of values needs is the most any one of them needs: block by block.
        var need = 0
        try Cancellation.inBlocks(of: values.count) { block in
            if need < cap { need = max(need, NumberFormat.decimalsNeeded(values[block], maxDecimals: cap)) }
        }
        self.init(decimals: need, share: false, yearLike: false)
    }

    /// About four significant digits of the largest value, and never more than 10 decimals.
    private static func maxDecimals(largest maxAbs: Double) -> Int {
        min(maxAbs > 0 ? max(0, 3 - Int(log10(maxAbs).rounded(.down))) : 0, 10)
    }

    /// A formatter for axis ticks spaced `step` apart.
    static func axis(step: Double, unit: String?, yearLike: Bool = false) -> ValueFormatter {
        let share = unit == "share"
        return ValueFormatter(decimals: NiceScale.decimals(forStep: share ? step * 100 : step),
                              share: share, yearLike: yearLike && !share)
    }

    /// Ticks of a log axis: each with the decimals it needs.
    static func logAxis(unit: String?) -> ValueFormatter {
        ValueFormatter(decimals: -1, share: unit == "share")
    }

    func string(_ v: Double) -> String {
        if share { return NumberFormat.display(v * 100, decimals: decimalsFor(v * 100)) + " %" }
        if yearLike, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return NumberFormat.display(v, decimals: decimalsFor(v))
    }

    private func decimalsFor(_ v: Double) -> Int {
        if decimals >= 0 { return decimals }
        guard v != 0, v.isFinite else { return 0 }
        return max(0, Int(-(log10(abs(v)) + 1e-9).rounded(.down)))
    }
}
