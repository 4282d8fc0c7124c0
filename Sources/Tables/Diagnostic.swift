/// A span of a statement's text in character offsets (not bytes), for carets under the offending token.
public struct SourceSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = max(end, start) }
    public init(_ range: Range<Int>) { self.init(start: range.lowerBound, end: range.upperBound) }
    public var length: Int { end - start }
}

/// An error a user can act on: one-line message, an optional span in the statement they typed,
/// and an optional hint ("did you mean `årsverk`?"). The shell renders it with a caret.
public protocol DiagnosticError: Error, CustomStringConvertible {
    var message: String { get }
    var span: SourceSpan? { get }
    var hint: String? { get }
}

extension DiagnosticError {
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }
}

/// A general diagnostic usable by any module.
public struct Diagnostic: DiagnosticError, Sendable {
    public var message: String
    public var span: SourceSpan?
    public var hint: String?
    public init(_ message: String, span: SourceSpan? = nil, hint: String? = nil) {
        self.message = message; self.span = span; self.hint = hint
    }
}

/// Suggests the nearest names for a misspelt one: edit distance on lower-cased, accent-folded text,
/// so `arsverk` finds `årsverk` and `sykepleir` finds `sykepleier`.
public enum NameSuggester {
    /// Up to `limit` candidates close enough to `name`, nearest first.
    public static func nearest(_ name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let key = fold(name)
        let scored = candidates.map { c -> (String, Int) in (c, distance(key, fold(c))) }
        let maxDist = max(2, key.count / 3)
        return scored.filter { $0.1 <= maxDist }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit).map(\.0)
    }

    /// A hint "did you mean `a`?" / "did you mean `a` or `b`?", or nil.
    public static func hint(for name: String, in candidates: [String]) -> String? {
        let n = nearest(name, in: candidates, limit: 2)
        guard !n.isEmpty else { return nil }
        return "did you mean " + n.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }

    /// Lower-cased with Norwegian letters and accents folded to ASCII (æ→ae, ø→o, å→a, é→e).
    public static func fold(_ s: String) -> [Character] {
        var out: [Character] = []
        for ch in s.lowercased() {
            switch ch {
            case "æ": out.append("a"); out.append("e")
            case "ø", "ö", "ó", "ò": out.append("o")
            case "å", "ä", "á", "à": out.append("a")
            case "é", "è", "ê": out.append("e")
            case "ü", "ú": out.append("u")
            default: out.append(ch)
            }
        }
        return out
    }

    /// Levenshtein distance.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
