import Foundation
import Tables

/// How text sorts: in `sort`, `agg … by` group order, `min`/`max`, `rank` and window orders (and so in
/// charts, which draw categories in the order the query gives them). Comparisons in expressions
/// (`where s < "M"`) compare Unicode code points in both collations, as DuckDB's default does.
public enum Collation: String, Sendable, CaseIterable {
    /// Norwegian (Bokmål/Nynorsk) dictionary order, as `sort` in the nb_NO locale: … X Y Z Æ Ø Å.
    /// Letters compare case-insensitively and without accents first (é as e, ä as æ, ö as ø, ü as y);
    /// then accents; then case, lower before upper; then code points. `aa` is two a's, not å.
    case norwegian
    /// Unicode code point order (UTF-8 byte order): Z < a < Å < Æ < Ø.
    case bytes

    /// The collation of the query running on this task (set by `QueryEngine.run`).
    @TaskLocal public static var current: Collation = .norwegian

    /// True when `a` sorts before `b`.
    public func less(_ a: String, _ b: String) -> Bool {
        switch self {
        case .bytes: return a < b
        case .norwegian:
            let ka = Collation.norwegianKey(a), kb = Collation.norwegianKey(b)
            return ka.lexicographicallyPrecedes(kb)
        }
    }

    /// A key whose lexicographic order is the Norwegian order: primary weights, 0, accent weights, 0,
    /// case weights, 0, code points.
    static func norwegianKey(_ s: String) -> [UInt32] {
        var primary: [UInt32] = [], accents: [UInt32] = [], cases: [UInt32] = []
        let n = s.utf8.count
        primary.reserveCapacity(n); accents.reserveCapacity(n); cases.reserveCapacity(n)
        // one letter: its weight (lower-cased), its accent, its case
        func letter(_ u: Unicode.Scalar) {
            let v = u.value
            if v < 0x80 {
                let upper = v >= 0x41 && v <= 0x5A
                primary.append(weight(Unicode.Scalar(upper ? v + 0x20 : v)!)); accents.append(1); cases.append(upper ? 2 : 1)
            } else if let w = nordic[v] {
                primary.append(letterBase + w.letter); accents.append(w.accent); cases.append(w.upper ? 2 : 1)
            } else if u.properties.canonicalCombiningClass.rawValue != 0, let last = primary.indices.last {
                // a combining mark accents the letter before it; a + ring is å, a/o + diaeresis are æ/ø, u + diaeresis y
                let base = primary[last]
                if v == 0x30A && base == letterBase { primary[last] = letterBase + 28; accents[last] = 1 }
                else if v == 0x308 && base == letterBase { primary[last] = letterBase + 26; accents[last] = 2 }
                else if v == 0x308 && base == letterBase + 14 { primary[last] = letterBase + 27; accents[last] = 2 }
                else if v == 0x308 && base == letterBase + 20 { primary[last] = letterBase + 24; accents[last] = 2 + v }
                else if accents[last] == 1 { accents[last] = 2 + v }
            } else {
                // another precomposed letter (é, ü …): its base letter and first mark; other characters by code point
                let d = Array(String(u).decomposedStringWithCanonicalMapping.unicodeScalars)
                let lower = Array(String(u).lowercased().unicodeScalars)
                let isUpper = lower.count == 1 && lower[0] != u
                if d.count > 1, d[0].value < 0x80 {
                    letter(d[0])
                    cases[cases.count - 1] = isUpper ? 2 : 1
                    for m in d.dropFirst() { letter(m) }
                } else {
                    primary.append(weight(lower.count == 1 ? lower[0] : u)); accents.append(1); cases.append(isUpper ? 2 : 1)
                }
            }
        }
        for u in s.unicodeScalars { letter(u) }
        return primary + [0] + accents + [0] + cases + [0] + s.unicodeScalars.map(\.value)
    }

    /// `norwegianKey` as bytes (3 per weight, big-endian), so that sorting many keys compares with memcmp.
    static func norwegianByteKey(_ s: String) -> [UInt8] {
        let k = norwegianKey(s)
        var out = [UInt8](repeating: 0, count: k.count * 3)
        for (i, w) in k.enumerated() {
            out[3 * i] = UInt8(truncatingIfNeeded: w >> 16)
            out[3 * i + 1] = UInt8(truncatingIfNeeded: w >> 8)
            out[3 * i + 2] = UInt8(truncatingIfNeeded: w)
        }
        return out
    }

    /// True when byte key `a` sorts before `b` (a shorter key that is a prefix sorts first).
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = Swift.min(a.count, b.count)
        if n == 0 { return a.count < b.count }   // (an empty array may have no base address for memcmp)
        let c = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in memcmp(pa.baseAddress!, pb.baseAddress!, n) } }
        return c != 0 ? c < 0 : a.count < b.count
    }

    /// Norwegian ranks for a dictionary of ASCII strings alone (nil when any string is not ASCII), without
    /// the general key's arrays of weights: a key of one byte per character for the primary weight (its rank
    /// among the ASCII weights), 0, one byte per character for the case, 0, the bytes themselves. The order
    /// is `norwegianKey`'s: ASCII letters carry no accents, and strings with equal primary weights have equal
    /// lengths, so the accent part never decides. Entries are distinct, so ranks are positions.
    static func asciiNorwegianRanks(_ vals: [String], check: @escaping () throws -> Void = { try Cancellation.check() }) throws -> [UInt32]? {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(vals.count + 1)
        ends.append(0)
        var size = 0
        for s in vals { size += 3 * s.utf8.count + 2 }
        bytes.reserveCapacity(size)
        let (primary, cases) = asciiTables
        for (k, s) in vals.enumerated() {
            if k & 0xFFFF == 0 { try check() }
            for b in s.utf8 {
                guard b < 0x80 else { return nil }
                bytes.append(primary[Int(b)])
            }
            bytes.append(0)
            for b in s.utf8 { bytes.append(cases[Int(b)]) }
            bytes.append(0)
            bytes.append(contentsOf: s.utf8)
            ends.append(bytes.count)
        }
        // Sort by the first 8 key bytes with the radix sort (no comparisons), then each run of equal
        // prefixes by the whole key: 10 M distinct keys in a fraction of what a comparison sort takes.
        let n = vals.count
        let prefixes: [UInt64] = try Cancellation.map(n) { i in
            var p: UInt64 = 0
            for k in 0..<8 { p = p << 8 | UInt64(ends[i] + k < ends[i + 1] ? bytes[ends[i] + k] : 0) }
            return p
        }
        var order = try Sorting.radixSort(prefixes, order: try Cancellation.map(n) { UInt32($0) }, bits: 64)
        let tick = ticker(check)
        try bytes.withUnsafeBufferPointer { kb in
            try ends.withUnsafeBufferPointer { eb in
                var k = 0
                while k < n {
                    var e = k + 1
                    let p = prefixes[Int(order[k])]
                    while e < n, prefixes[Int(order[e])] == p { e += 1 }
                    if e - k > 1 {
                        try order[k..<e].sort { a, b in
                            try tick()
                            let i = Int(a), j = Int(b)
                            let la = eb[i + 1] - eb[i], lb = eb[j + 1] - eb[j]
                            let c = memcmp(kb.baseAddress! + eb[i], kb.baseAddress! + eb[j], Swift.min(la, lb))
                            return c != 0 ? c < 0 : la < lb
                        }
                    }
                    if k & 0xFFFF == 0 { try check() }
                    k = e
                }
            }
        }
        var rank = [UInt32](repeating: 0, count: n)
        for (k, e) in order.enumerated() { rank[Int(e)] = UInt32(k) }
        return rank
    }

    /// A check for Ctrl-C to call from a sort's comparator: it looks every 64 k calls (a comparison is
    /// nanoseconds; a sort of millions of strings is seconds and has no other place to look).
    static func ticker(_ check: @escaping () throws -> Void = { try Cancellation.check() }) -> () throws -> Void {
        var calls = 0
        return {
            calls &+= 1
            if calls & 0xFFFF == 0 { try check() }
        }
    }

    /// Per ASCII byte: its primary weight's rank among the ASCII weights (from 1, so 0 ends a key) and its
    /// case weight (1, or 2 for upper case), as `norwegianKey` gives them.
    static let asciiTables: (primary: [UInt8], cases: [UInt8]) = {
        let weights = (0..<128).map { v -> UInt32 in
            let upper = v >= 0x41 && v <= 0x5A
            return weight(Unicode.Scalar(UInt8(upper ? v + 0x20 : v)))
        }
        let distinct = Array(Set(weights)).sorted()
        let primary = weights.map { w in UInt8(distinct.firstIndex(of: w)! + 1) }
        let cases = (0..<128).map { v -> UInt8 in v >= 0x41 && v <= 0x5A ? 2 : 1 }
        return (primary, cases)
    }()

    private static let letterBase: UInt32 = 0x1000

    /// Code point → (letter after z, accent weight, upper case) for Æ Ø Å Ä Ö and their lower case.
    private static let nordic: [UInt32: (letter: UInt32, accent: UInt32, upper: Bool)] = [
        0xC6: (26, 1, true), 0xE6: (26, 1, false), 0xC4: (26, 2, true), 0xE4: (26, 2, false),
        0xD8: (27, 1, true), 0xF8: (27, 1, false), 0xD6: (27, 2, true), 0xF6: (27, 2, false),
        0xC5: (28, 1, true), 0xE5: (28, 1, false),
    ]

    /// Punctuation and spaces first, then digits, then the letters a … z (æ ø å after), then the rest.
    private static func weight(_ u: Unicode.Scalar) -> UInt32 {
        switch u.value {
        case 0x61...0x7A: return letterBase + (u.value - 0x61)
        case 0x30...0x39: return 0x800 + (u.value - 0x30)
        case 0..<0x80: return u.value + 1
        default: return letterBase + 0x100 + u.value
        }
    }
}
