import Foundation

/// What a field's bytes look like, for type inference.
enum CSVFieldKind: UInt8 {
    /// Empty, blank, `null`, `NULL`, `Null`, `NA`, `N/A`: missing in every column type.
    case null
    /// SSB's markers `..` `.` `:` `-` (not available, not applicable, confidential, nil): missing in a
    /// numeric column, kept as text in a text column.
    case marker
    case bool
    case int
    /// An integer written with a leading zero (`0301`, a municipality code): read as text.
    case paddedInt
    /// An integer beyond the 64-bit range (an id of 20 digits): read as text, never as a lossy decimal.
    case bigInt
    case double
    case text
}

/// Classifies and parses fields straight from bytes: numbers with `.` or `,` decimals, thousands grouped
/// with a space, NBSP or narrow NBSP (`5 500`, `-1 868`), exponents, `NaN`, `inf`, `∞`; booleans; nulls.
struct CSVFieldParser {
    /// `.` or `,`.
    let decimal: UInt8

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Trims ASCII spaces from both ends of `s..<e`.
    @inline(__always)
    static func trim(_ b: UnsafePointer<UInt8>, _ s: inout Int, _ e: inout Int) {
        while s < e && b[s] == 0x20 { s += 1 }
        while e > s && b[e - 1] == 0x20 { e -= 1 }
    }

    /// Length of a thousands separator at `i` (space 1, NBSP 2, narrow NBSP 3), or 0.
    @inline(__always)
    static func separatorLength(_ b: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        let c = b[i]
        if c == 0x20 { return 1 }
        if c == 0xC2 && i + 1 < e && b[i + 1] == 0xA0 { return 2 }
        if c == 0xE2 && i + 2 < e && b[i + 1] == 0x80 && b[i + 2] == 0xAF { return 3 }
        return 0
    }

    @inline(__always)
    static func equals(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ word: StaticString) -> Bool {
        guard e - s == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(e - s) where b[s + k] != w[k] { return false }
        return true
    }

    static func isNullWord(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        switch e - s {
        case 2: return equals(b, s, e, "NA")
        case 3: return equals(b, s, e, "N/A")
        case 4: return equals(b, s, e, "null") || equals(b, s, e, "NULL") || equals(b, s, e, "Null")
        default: return false
        }
    }

    static func isMarker(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        switch e - s {
        case 1: let c = b[s]; return c == 0x2E || c == 0x3A || c == 0x2D
        case 2: return b[s] == 0x2E && b[s + 1] == 0x2E
        default: return false
        }
    }

    /// nil when the bytes are not a boolean.
    static func bool(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        switch e - s {
        case 4: if equals(b, s, e, "true") || equals(b, s, e, "TRUE") || equals(b, s, e, "True") { return true }
        case 5: if equals(b, s, e, "false") || equals(b, s, e, "FALSE") || equals(b, s, e, "False") { return false }
        default: break
        }
        return nil
    }

    /// `NaN`, `inf`, `infinity`, `∞` with an optional sign; nil otherwise.
    static func special(_ b: UnsafePointer<UInt8>, _ s0: Int, _ e: Int) -> Double? {
        var s = s0
        var negative = false
        if s < e && (b[s] == 0x2D || b[s] == 0x2B) { negative = b[s] == 0x2D; s += 1 }
        let n = e - s
        if n == 3 && s == s0 && (equals(b, s, e, "NaN") || equals(b, s, e, "nan") || equals(b, s, e, "NAN")) { return .nan }
        if (n == 3 && (equals(b, s, e, "inf") || equals(b, s, e, "Inf") || equals(b, s, e, "INF")))
            || (n == 8 && (equals(b, s, e, "infinity") || equals(b, s, e, "Infinity")))
            || (n == 3 && equals(b, s, e, "∞")) {
            return negative ? -.infinity : .infinity
        }
        return nil
    }

    /// The kind of the (already trimmed) bytes `s..<e`. Quoted fields with doubled quotes are text.
    @inline(__always)
    func classify(_ b: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int, escaped: Bool) -> CSVFieldKind {
        if escaped { return .text }
        var s = s0, e = e0
        CSVFieldParser.trim(b, &s, &e)
        if s == e { return .null }
        let c = b[s]
        if CSVFieldParser.isDigit(c) || c == 0x2D || c == 0x2B || c == decimal {
            let k = numberKind(b, s, e)
            if k != .text { return k }
            if CSVFieldParser.isMarker(b, s, e) { return .marker }
            return CSVFieldParser.special(b, s, e) != nil ? .double : .text
        }
        if e - s <= 2 && CSVFieldParser.isMarker(b, s, e) { return .marker }
        if e - s <= 5 {
            if CSVFieldParser.isNullWord(b, s, e) { return .null }
            if CSVFieldParser.bool(b, s, e) != nil { return .bool }
        }
        if e - s <= 9, CSVFieldParser.special(b, s, e) != nil { return .double }
        return .text
    }

    /// `.int`, `.paddedInt`, `.double` or `.text` for trimmed bytes starting with a digit, sign or decimal.
    @inline(__always)
    func numberKind(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> CSVFieldKind {
        var i = s
        if b[i] == 0x2D || b[i] == 0x2B { i += 1 }
        let digitsStart = i
        var intDigits = 0
        var sinceSeparator = 0
        var sawSeparator = false
        while i < e {
            let c = b[i]
            if CSVFieldParser.isDigit(c) { intDigits += 1; sinceSeparator += 1; i += 1; continue }
            if c == decimal || c == 0x65 || c == 0x45 { break }
            let sep = CSVFieldParser.separatorLength(b, i, e)
            if sep == 0 || sinceSeparator == 0 || (sawSeparator ? sinceSeparator != 3 : sinceSeparator > 3) { return .text }
            sawSeparator = true; sinceSeparator = 0; i += sep
        }
        if sawSeparator && sinceSeparator != 3 { return .text }
        var isDouble = false
        var fracDigits = 0
        if i < e && b[i] == decimal {
            isDouble = true; i += 1
            while i < e && CSVFieldParser.isDigit(b[i]) { fracDigits += 1; i += 1 }
        }
        if intDigits + fracDigits == 0 { return .text }
        if i < e && (b[i] == 0x65 || b[i] == 0x45) {
            isDouble = true; i += 1
            if i < e && (b[i] == 0x2D || b[i] == 0x2B) { i += 1 }
            var expDigits = 0
            while i < e && CSVFieldParser.isDigit(b[i]) { expDigits += 1; i += 1 }
            if expDigits == 0 { return .text }
        }
        if i != e { return .text }
        if isDouble { return .double }
        if intDigits > 1 && b[digitsStart] == 0x30 { return .paddedInt }
        if intDigits > 18 && !CSVFieldParser.fitsInt64(b, s, e) { return .bigInt }
        return .int
    }

    /// Whether the integer in trimmed bytes `s..<e` (sign, digits, thousands separators) fits in `Int64`.
    static func fitsInt64(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let negative = b[s] == 0x2D
        let limit: UInt64 = negative ? 1 << 63 : UInt64(Int64.max)
        var m: UInt64 = 0
        for i in s..<e where isDigit(b[i]) {
            let (t, o1) = m.multipliedReportingOverflow(by: 10)
            let (u, o2) = t.addingReportingOverflow(UInt64(b[i] &- 0x30))
            if o1 || o2 || u > limit { return false }
            m = u
        }
        return true
    }

    /// The integer in trimmed bytes of the plain form `-?[0-9]{1,18}` without a padding zero, else nil (the
    /// caller then classifies the field). The fast path of a column already known to hold integers.
    @inline(__always)
    static func plainInt(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
        var i = s
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        let digits = e - i
        if digits < 1 || digits > 18 || (digits > 1 && b[i] == 0x30) { return nil }
        var v: Int64 = 0
        while i < e {
            let d = b[i] &- 0x30
            if d >= 10 { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// The number in trimmed bytes of the plain form `-?[0-9]+(D[0-9]+)?` (D the decimal separator) with
    /// at most 19 digits, else nil (the caller then classifies the field); `fraction` says whether it had
    /// decimals. Gives exactly what `double` gives for the same bytes.
    @inline(__always)
    static func plainDouble(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int, decimal: UInt8) -> (value: Double, fraction: Bool)? {
        var i = s
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        let intStart = i
        var mantissa: UInt64 = 0
        while i < e {
            let d = b[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        let intDigits = i - intStart
        if intDigits == 0 { return nil }
        var fracDigits = 0
        if i < e {
            if b[i] != decimal { return nil }
            i += 1
            let fracStart = i
            while i < e {
                let d = b[i] &- 0x30
                if d >= 10 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            fracDigits = i - fracStart
            if fracDigits == 0 { return nil }
        } else if intDigits > 1 && b[intStart] == 0x30 {
            return nil  // a zero-padded code
        }
        if intDigits + fracDigits > 19 || mantissa >= (1 << 53) || fracDigits > 22 { return nil }
        let m = Double(mantissa)
        let v = fracDigits == 0 ? m : m / powersOf10[fracDigits]
        return (negative ? -v : v, fracDigits > 0)
    }

    /// `true` / `false` in lower case, read with one or two word loads; nil for every other spelling.
    @inline(__always)
    static func plainBool(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        let raw = UnsafeRawPointer(b + s)
        switch e - s {
        case 4: return raw.loadUnaligned(as: UInt32.self) == 0x6575_7274 ? true : nil               // "true"
        case 5: return b[s] == 0x66 && (raw + 1).loadUnaligned(as: UInt32.self) == 0x6573_6C61 ? false : nil  // "f" "alse"
        default: return nil
        }
    }

    /// Whether a text field starting with byte `c` could be a number, a missing marker, a special number
    /// (`NaN`, `inf`, `∞`) or a boolean, so that it must be classified; other first bytes make it text.
    @inline(__always)
    static func mayBeNumber(_ c: UInt8, decimal: UInt8) -> Bool {
        if isDigit(c) { return true }
        switch c {
        case 0x2D, 0x2B, 0x2E, 0x3A, 0x2C, 0x4E, 0x6E, 0x49, 0x69, 0xE2, 0x74, 0x54, 0x66, 0x46: return true
        default: return c == decimal
        }
    }

    /// The integer in bytes classified as `.int` (or `.paddedInt`).
    @inline(__always)
    func int(_ b: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int) -> Int64 {
        var s = s0, e = e0
        CSVFieldParser.trim(b, &s, &e)
        var negative = false
        if b[s] == 0x2D || b[s] == 0x2B { negative = b[s] == 0x2D; s += 1 }
        var v: Int64 = 0
        while s < e {
            let c = b[s]
            if CSVFieldParser.isDigit(c) { v = v &* 10 &+ Int64(c &- 0x30) }
            s += 1
        }
        return negative ? 0 &- v : v  // Int64.min wraps to itself
    }

    static let powersOf10: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The number in bytes classified as `.int` or `.double` (or a special: NaN, inf, ∞).
    @inline(__always)
    func double(_ b: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int) -> Double {
        var s = s0, e = e0
        CSVFieldParser.trim(b, &s, &e)
        let start = s
        var negative = false
        if b[s] == 0x2D || b[s] == 0x2B { negative = b[s] == 0x2D; s += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var i = s
        var sawDigit = false
        // Integer part (separators skipped).
        while i < e {
            let c = b[i]
            if CSVFieldParser.isDigit(c) {
                sawDigit = true
                if significant < 19 { mantissa = mantissa &* 10 &+ UInt64(c &- 0x30); if mantissa != 0 { significant += 1 } }
                else { exponent += 1 }
                i += 1
            } else if c == decimal || c == 0x65 || c == 0x45 { break }
            else { let l = CSVFieldParser.separatorLength(b, i, e); if l == 0 { break }; i += l }
        }
        if i < e && b[i] == decimal {
            i += 1
            while i < e && CSVFieldParser.isDigit(b[i]) {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b[i] &- 0x30); exponent -= 1
                    if mantissa != 0 { significant += 1 }
                }
                i += 1
            }
        }
        if !sawDigit { return CSVFieldParser.special(b, start, e) ?? .nan }
        if i < e && (b[i] == 0x65 || b[i] == 0x45) { return slow(b, start, e) }
        if i != e { return CSVFieldParser.special(b, start, e) ?? .nan }
        if mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * CSVFieldParser.powersOf10[exponent] : m / CSVFieldParser.powersOf10[-exponent]
            return negative ? -v : v
        }
        return slow(b, start, e)
    }

    /// strtod on a cleaned copy (separators removed, `,` decimal turned into `.`).
    private func slow(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Double {
        var buf = [CChar]()
        buf.reserveCapacity(e - s + 1)
        var i = s
        while i < e {
            let c = b[i]
            let l = CSVFieldParser.separatorLength(b, i, e)
            if l > 0 { i += l; continue }
            buf.append(CChar(bitPattern: c == decimal ? 0x2E : c))
            i += 1
        }
        buf.append(0)
        return buf.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }
}
