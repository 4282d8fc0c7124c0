import Tables

/// An age or an age band: `37`, `0-49`, `0–49`, `50-66 år`, `90+`, `90 år eller eldre`, `60 og over`,
/// `Under 30` (0–29).
/// `upper == nil` means open-ended ("and older").
public struct AgeRange: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var lower: Int
    public var upper: Int?

    public init(_ lower: Int, _ upper: Int?) { self.lower = lower; self.upper = upper }

    /// Reads a label; nil when it holds no age.
    public static func parse(_ text: String) -> AgeRange? {
        var numbers: [Int] = []
        var current = ""
        for ch in text {
            if ch.isASCII, ch.isNumber { current.append(ch) } else if !current.isEmpty { numbers.append(Int(current) ?? 0); current = "" }
        }
        if !current.isEmpty { numbers.append(Int(current) ?? 0) }
        let lower = text.lowercased()
        let open = lower.contains("+") || lower.contains("eldre") || lower.contains("older") || lower.contains("over")
            || lower.contains("og mer")
        let below = lower.hasPrefix("under") || lower.hasPrefix("<")
        switch numbers.count {
        case 1 where below: return numbers[0] > 0 ? AgeRange(0, numbers[0] - 1) : nil
        case 1: return AgeRange(numbers[0], open ? nil : numbers[0])
        case 2 where numbers[0] <= numbers[1]: return AgeRange(numbers[0], numbers[1])
        default: return nil
        }
    }

    /// The highest age in the range, with `top` standing for an open end.
    func upper(or top: Int) -> Int { upper ?? max(lower, top) }

    public func contains(_ other: AgeRange) -> Bool {
        guard other.lower >= lower else { return false }
        guard let u = upper else { return true }
        guard let ou = other.upper else { return false }
        return ou <= u
    }

    public func intersects(_ other: AgeRange) -> Bool {
        let aHi = upper ?? Int.max, bHi = other.upper ?? Int.max
        return lower <= bHi && other.lower <= aHi
    }

    public var description: String {
        guard let upper else { return "\(lower)+" }
        return upper == lower ? "\(lower)" : "\(lower)-\(upper)"
    }

    public static func < (a: AgeRange, b: AgeRange) -> Bool {
        a.lower != b.lower ? a.lower < b.lower : (a.upper ?? Int.max) < (b.upper ?? Int.max)
    }
}
