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

    /// Ranks in byte order, for a dictionary whose strings are all ASCII and whose characters, taken
    /// together, sort in `collation` as their bytes do; nil otherwise (the caller takes another path).
    ///
    /// Why byte order is the order: `norwegianKey` of an ASCII string starts with one primary weight per
    /// character and a 0 (below every weight); accents are all equal; case and code points come after. If the
    /// primary weights of the characters that occur rise strictly with their bytes (digits; digits and the
    /// letters of one case; space and `!"#$%&'()*+,-./` before them), comparing primary weights is comparing
    /// bytes (a prefix first in both), and equal primary weights mean equal strings, so nothing after them
    /// ever decides. Mixed case (`a` and `B`: b's weight above a's, its byte below), æøå and `:;<=>?@[]^_{|}~`
    /// beside letters or digits fail the test. In `bytes` collation every ASCII string qualifies.
    ///
    /// Each character becomes its position in the sorted set of characters that occur (from 1; 0 ends a
    /// string), packed `bits` to a character into one 64-bit key, so that 11-digit strings (4 bits each) sort
    /// whole by one radix sort of 44 bits, with no comparisons; longer strings sort by the key, then each
    /// run of equal keys by the rest of their bytes. Equal strings share a rank.
    static func byteOrderRanks(_ vals: [String], _ collation: Collation,
                               check: @escaping () throws -> Void = { try Cancellation.check() }) throws -> [UInt32]? {
        let n = vals.count
        guard let packed = try byteOrderKeys(vals, collation, check: check) else { return nil }
        let keys = packed.keys, width = packed.width, bits = packed.bits, maxLen = packed.maxLen
        if n == 0 { return [] }
        if bits == 0 { return [UInt32](repeating: 0, count: n) }  // every string is empty
        let pairs = try Sorting.radixSortPairs(keys, order: blockMap(n, check) { UInt32($0) }, bits: width * bits)
        var order = pairs.order
        let sorted = pairs.keys   // the keys in sorted order: compared in order, not looked up through `order`
        let whole = maxLen <= width   // the key holds every string whole: equal keys are equal strings
        if !whole {
            // runs of equal keys: by the bytes after the key's characters
            let tick = ticker(check)
            var k = 0
            while k < n {
                var e = k + 1
                while e < n, sorted[e] == sorted[k] { e += 1 }
                if e - k > 1 {
                    try order[k..<e].sort { a, b in
                        try tick()
                        return withBytes(vals[Int(a)]) { x in withBytes(vals[Int(b)]) { y in
                            x[Swift.min(width, x.count)...].lexicographicallyPrecedes(y[Swift.min(width, y.count)...])
                        } }
                    }
                }
                if k & 0xFFFF == 0 { try check() }
                k = e
            }
        }
        var rank = [UInt32](repeating: 0, count: n)
        var r: UInt32 = 0
        try rank.withUnsafeMutableBufferPointer { rb in
            try order.withUnsafeBufferPointer { ob in
                try sorted.withUnsafeBufferPointer { sb in
                    for k in 0..<n {
                        if k & 0xFFFF == 0 { try check() }
                        let i = Int(ob[k])
                        if k > 0, sb[k] != sb[k - 1]
                            || (!whole && !withBytes(vals[Int(ob[k - 1])], { x in withBytes(vals[i]) { y in x.elementsEqual(y) } })) { r += 1 }
                        rb[i] = r
                    }
                }
            }
        }
        return rank
    }

    /// The ranks' packed keys: per string, its first `width` characters as alphabet positions of `bits`
    /// bits each (`maxLen` ≤ `width`: the whole string, so the keys order the strings by themselves);
    /// nil where `byteOrderRanks` is.
    static func byteOrderKeys(_ vals: [String], _ collation: Collation, check: @escaping () throws -> Void = { try Cancellation.check() })
        throws -> (keys: [UInt64], width: Int, bits: Int, maxLen: Int)? {
        let n = vals.count
        if n == 0 { return ([], 0, 0, 0) }
        guard let (alphabet, maxLen) = try byteOrderAlphabet(vals, collation, check: check) else { return nil }
        if alphabet.isEmpty { return ([UInt64](repeating: 0, count: n), 0, 0, 0) }  // every string is empty
        var code = [UInt64](repeating: 0, count: 128)
        for (k, b) in alphabet.enumerated() { code[b] = UInt64(k + 1) }
        let bits = Sorting.bitWidth(UInt64(alphabet.count))
        let width = Swift.min(maxLen, 64 / bits)   // characters in the key
        let keys: [UInt64] = try code.withUnsafeBufferPointer { cp in
            try blockMap(n, check) { i in
                withBytes(vals[i]) { b -> UInt64 in
                    var key: UInt64 = 0
                    for k in 0..<width { key = key << UInt64(bits) | (k < b.count ? cp[Int(b[k])] : 0) }
                    return key
                }
            }
        }
        return (keys, width, bits, maxLen)
    }

    /// True when the strings of `vals` sort in `collation` as their UTF-8 bytes do (a prefix first): the
    /// test of `byteOrderKeys`, without the keys. Two such strings compare in `collation` as their bytes
    /// compare (see `byteOrderRanks` for why).
    static func sortsAsBytes(_ vals: [String], _ collation: Collation, check: @escaping () throws -> Void = { try Cancellation.check() }) throws -> Bool {
        try byteOrderAlphabet(vals, collation, check: check) != nil
    }

    /// The ASCII bytes that occur in `vals` (ascending) and the longest string's length, when the bytes'
    /// order is their order in `collation`; nil when a string is not ASCII or the order differs.
    private static func byteOrderAlphabet(_ vals: [String], _ collation: Collation, check: @escaping () throws -> Void)
        throws -> (alphabet: [Int], maxLen: Int)? {
        let n = vals.count
        // the bytes that occur, and the longest string
        var seen = [Bool](repeating: false, count: 256)
        var maxLen = 0
        var ascii = true
        try seen.withUnsafeMutableBufferPointer { sp in
            var start = 0
            while start < n && ascii {
                try check()
                let end = Swift.min(n, start + (1 << 16))
                for i in start..<end {
                    let len = withBytes(vals[i]) { b -> Int in
                        for x in b { sp[Int(x)] = true }
                        return b.count
                    }
                    if len > maxLen { maxLen = len }
                }
                ascii = !sp[128...].contains(true)
                start = end
            }
        }
        guard ascii else { return nil }
        let alphabet = (0..<128).filter { seen[$0] }
        let weights: [Int] = collation == .norwegian ? alphabet.map { Int(asciiTables.primary[$0]) } : alphabet
        guard zip(weights, weights.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        return (alphabet, maxLen)
    }

    /// `body` over the UTF-8 bytes of `s` in contiguous memory (a small string's are copied to the stack).
    @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var c = s
        c.makeContiguousUTF8()
        return c.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// `(0..<n).map(body)` with `check()` before every 64 k elements.
    @inline(__always)
    static func blockMap<T>(_ n: Int, _ check: () throws -> Void, _ body: (Int) throws -> T) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(n)
        var start = 0
        while start < n {
            try check()
            let end = Swift.min(n, start + (1 << 16))
            for i in start..<end { out.append(try body(i)) }
            start = end
        }
        return out
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
