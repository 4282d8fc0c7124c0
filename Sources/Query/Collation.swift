import Foundation

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
        for ch in s {
            let lower = String(ch).lowercased()
            cases.append(String(ch) == lower ? 1 : 2)
            switch lower {
            case "æ": primary.append(letterBase + 26); accents.append(1); continue
            case "ä": primary.append(letterBase + 26); accents.append(2); continue
            case "ø": primary.append(letterBase + 27); accents.append(1); continue
            case "ö": primary.append(letterBase + 27); accents.append(2); continue
            case "å": primary.append(letterBase + 28); accents.append(1); continue
            default: break
            }
            let scalars = Array(lower.decomposedStringWithCanonicalMapping.unicodeScalars)
            guard let base = scalars.first else { continue }
            var w = weight(base)
            if base == "ü" || (base == "u" && scalars.dropFirst().contains { $0.value == 0x308 }) { w = letterBase + 24 }  // ü as y
            primary.append(w)
            let marks = scalars.dropFirst().map(\.value)
            accents.append(marks.isEmpty ? 1 : 2 + (marks.first! & 0xFFFF))
        }
        return primary + [0] + accents + [0] + cases + [0] + s.unicodeScalars.map(\.value)
    }

    private static let letterBase: UInt32 = 0x1000

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
