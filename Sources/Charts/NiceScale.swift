import Foundation

/// Round axis ticks ("nice numbers"): steps of 1, 2 or 5 times a power of ten, so an axis reads
/// 0, 10 000, 20 000, 30 000 rather than 0, 9 876, 19 752.
public enum NiceScale {
    /// Ticks covering `[min, max]`: at least 3 and at most `maxTicks` (clamped to 3…12) evenly spaced
    /// round values, the first ≤ `min` and the last ≥ `max`. `integer` keeps the step ≥ 1 (years).
    /// Equal bounds are widened; non-finite bounds give no ticks.
    public static func ticks(min lower: Double, max upper: Double, maxTicks: Int = 6, integer: Bool = false) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        var lo = Swift.min(lower, upper), hi = Swift.max(lower, upper)
        if lo == hi {
            let pad = integer ? 1 : (lo == 0 ? 1 : abs(lo) * 0.1)
            lo -= pad; hi += pad
        }
        let limit = Swift.max(3, Swift.min(maxTicks, 12))
        let (mantissa, exponent) = self.step(lo: lo, hi: hi, maxTicks: limit, integer: integer)
        let step = mantissa * pow(10, exponent)
        // k·m / 10^-e keeps 0.6 from coming out as 0.6000000000000001.
        func tick(_ k: Double) -> Double {
            let t = exponent < 0 ? k * mantissa / pow(10, -exponent) : k * mantissa * pow(10, exponent)
            return t == 0 ? 0 : t // no -0
        }
        let first = (lo / step + 1e-9).rounded(.down)
        let last = (hi / step - 1e-9).rounded(.up)
        var out: [Double] = []
        var k = first
        while k <= last + 0.5 {
            out.append(tick(k))
            k += 1
        }
        return out
    }

    /// The smallest 1-2-5 step (mantissa, power of ten) whose ticks over `[lo, hi]` number at most `maxTicks`.
    static func step(lo: Double, hi: Double, maxTicks: Int, integer: Bool) -> (Double, Double) {
        let range = hi - lo
        var exponent = (log10(range / Double(maxTicks))).rounded(.down) - 1
        while true {
            for mantissa in [1.0, 2.0, 5.0] {
                let step = mantissa * pow(10, exponent)
                if integer && step < 1 { continue }
                let count = (hi / step - 1e-9).rounded(.up) - (lo / step + 1e-9).rounded(.down) + 1
                if count <= Double(maxTicks) { return (mantissa, exponent) }
            }
            exponent += 1
        }
    }

    /// Decimals needed to print ticks spaced `step` apart (0 for 1, 2, 5, 10…; 1 for 0.5; 4 for 0.0002).
    public static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return Swift.max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
    }

    /// Ticks for a log10 axis over positive `[min, max]`: powers of ten (every k-th decade when there
    /// are many), with 2× and 5× added when the range spans two decades or less.
    public static func logTicks(min lower: Double, max upper: Double, maxTicks: Int = 6) -> [Double] {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else { return [] }
        let limit = Swift.max(3, Swift.min(maxTicks, 12))
        var a = Int(log10(Swift.min(lower, upper)).rounded(.down))
        var b = Int(log10(Swift.max(lower, upper)).rounded(.up))
        if a == b { b += 1 }
        if b - a <= 2 {
            var out: [Double] = []
            for e in a...b {
                for m in [1.0, 2.0, 5.0] where !(e == b && m > 1) {
                    out.append(m * pow(10, Double(e)))
                }
            }
            // Trim the 2×/5× ticks outside the data (keep the enclosing decades' ends).
            let lo = out.last(where: { $0 <= Swift.min(lower, upper) * (1 + 1e-12) }) ?? out[0]
            let hi = out.first(where: { $0 >= Swift.max(lower, upper) * (1 - 1e-12) }) ?? out[out.count - 1]
            out = out.filter { $0 >= lo && $0 <= hi }
            if out.count <= limit { return out }
            out = []
            for e in a...b { out.append(pow(10, Double(e))) }
            return out
        }
        let stride = Int((Double(b - a) / Double(limit - 1)).rounded(.up))
        a = Int((Double(a) / Double(stride)).rounded(.down)) * stride
        b = Int((Double(b) / Double(stride)).rounded(.up)) * stride
        return Swift.stride(from: a, through: b, by: stride).map { pow(10, Double($0)) }
    }
}
