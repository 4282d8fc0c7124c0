import Foundation

/// A numeric axis: round ticks over the data (log10 when asked), the domain they span, tick labels
/// in the table number format, and the transform from a value to axis units.
struct ValueAxis {
    let log: Bool
    /// Domain in axis units (log10 of values on a log axis).
    let lo: Double
    let hi: Double
    let ticks: [(value: Double, label: String)]

    /// An axis over `min…max`. `includeZero` pulls zero into a linear domain (bars); `integer` keeps
    /// the step ≥ 1; `tight` uses the data range as the domain and shows only the ticks inside it.
    init(min: Double, max: Double, unit: String?, log: Bool, includeZero: Bool = false, integer: Bool = false,
         yearLike: Bool = false, maxTicks: Int, tight: Bool = false) {
        self.log = log
        if log {
            let t = NiceScale.logTicks(min: min, max: max, maxTicks: maxTicks)
            let f = ValueFormatter.logAxis(unit: unit)
            lo = log10(t.first!); hi = log10(t.last!)
            ticks = t.map { (log10($0), f.string($0)) }
            return
        }
        let a = includeZero ? Swift.min(0, min) : min
        let b = includeZero ? Swift.max(0, max) : max
        let t = NiceScale.ticks(min: a, max: b, maxTicks: maxTicks, integer: integer)
        let step = t.count > 1 ? t[1] - t[0] : 1
        let f = ValueFormatter.axis(step: step, unit: unit, yearLike: yearLike)
        if tight && a < b {
            lo = a; hi = b
            ticks = t.filter { $0 >= a - step * 1e-9 && $0 <= b + step * 1e-9 }.map { ($0, f.string($0)) }
        } else {
            lo = t.first!; hi = t.last!
            ticks = t.map { ($0, f.string($0)) }
        }
    }

    init(values: [Double], unit: String?, log: Bool, includeZero: Bool, maxTicks: Int) {
        var a = Double.infinity, b = -Double.infinity
        for v in values where v.isFinite { a = Swift.min(a, v); b = Swift.max(b, v) }
        if !a.isFinite { a = 0; b = 1 }
        self.init(min: a, max: b, unit: unit, log: log, includeZero: includeZero, maxTicks: maxTicks)
    }

    @inline(__always)
    func transform(_ v: Double) -> Double { log ? log10(v) : v }
}
