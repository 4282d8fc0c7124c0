import Foundation

/// Number formatting shared by table rendering, charts and writers, so a number reads the same everywhere.
/// Display form groups thousands with a space (Norwegian style: `12 345`) and uses `.` for decimals.
public enum NumberFormat {
    /// Machine form for files: integral values without decimals, otherwise the shortest round-trip form.
    public static func plain(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `n` grouped, then `noun` in the singular for one and with an `s` otherwise: "1 row", "10 000 rows".
    public static func counted(_ n: Int, _ noun: String) -> String {
        "\(grouped(Int64(n))) \(noun)\(n == 1 ? "" : "s")"
    }

    /// `12 345` for 12345; negative numbers keep the sign in front.
    public static func grouped(_ n: Int64, separator: String = " ") -> String {
        let digits = String(n.magnitude)
        guard digits.count > 3 else { return n < 0 ? "-" + digits : digits }
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// Display form with exactly `decimals` decimals and grouped thousands, e.g. `5 500.50`.
    /// Very large or very small magnitudes fall back to scientific notation.
    public static func display(_ x: Double, decimals: Int, grouping: Bool = true) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "-∞" }
        if abs(x) >= 1e15 || (x != 0 && abs(x) < pow(10, Double(-max(decimals, 0))) / 2 && decimals > 0 && abs(x) < 1e-6) {
            return String(format: "%.\(max(decimals, 2))e", x)
        }
        let d = max(0, min(decimals, 12))
        let s = String(format: "%.\(d)f", x)
        guard grouping else { return s }
        var intPart = Substring(s)
        var frac = Substring("")
        if let dot = s.firstIndex(of: ".") { intPart = s[..<dot]; frac = s[dot...] }
        let negative = intPart.hasPrefix("-")
        if negative { intPart = intPart.dropFirst() }
        guard let n = Int64(intPart) else { return s }
        let g = grouped(n)
        let body = g + frac
        // "-0.00" reads as noise: show zero without a sign.
        if negative, body.allSatisfy({ $0 == "0" || $0 == "." || $0 == " " }) { return body }
        return negative ? "-" + body : body
    }

    /// Display form of an integer with grouped thousands.
    public static func display(_ n: Int64, grouping: Bool = true) -> String {
        grouping ? grouped(n) : String(n)
    }

    /// The fewest decimals (up to `maxDecimals`) that show every value of `values` exactly
    /// at that precision; used to pick one precision per column.
    public static func decimalsNeeded(_ values: some Sequence<Double>, maxDecimals: Int) -> Int {
        var need = 0
        for v in values where v.isFinite {
            while need < maxDecimals {
                let scale = pow(10, Double(need))
                if abs((v * scale).rounded() - v * scale) < 1e-9 * max(1, abs(v * scale)) { break }
                need += 1
            }
            if need == maxDecimals { break }
        }
        return need
    }
}
