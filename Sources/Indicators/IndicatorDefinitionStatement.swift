import Foundation
import Tables
import Query

extension IndicatorCatalog {
    /// Runs the statement `indicator define NAME = EXPR [per col, …] [description="…"]` (the whole
    /// statement text, so the formula keeps its commas and spacing; spans point into it).
    /// `per` names the default grouping, used when `indicator NAME on D` has no `by`.
    /// Returns the name defined.
    @discardableResult
    public mutating func define(statement: String) throws -> String {
        let chars = Array(statement)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        func word() -> (String, SourceSpan) {
            skipSpace()
            let s = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
            return (String(chars[s..<i]), SourceSpan(start: s, end: i))
        }
        let (head, headSpan) = word()
        guard head.lowercased() == "indicator" else {
            throw Diagnostic("expected `indicator define …`", span: headSpan)
        }
        let (def, defSpan) = word()
        guard def.lowercased() == "define" else {
            throw Diagnostic("expected `define` after `indicator`", span: defSpan,
                             hint: "indicator define NAME = EXPR [per col, …] [description=\"…\"]")
        }
        let (name, nameSpan) = word()
        guard !name.isEmpty else {
            throw Diagnostic("expected a name for the indicator", span: SourceSpan(start: i, end: i + 1),
                             hint: "indicator define NAME = EXPR")
        }
        skipSpace()
        guard i < chars.count, chars[i] == "=" else {
            throw Diagnostic("expected `=` after `\(name)`", span: SourceSpan(start: i, end: min(chars.count, i + 1)),
                             hint: "indicator define \(name) = mean(position_pct >= 100)")
        }
        i += 1
        skipSpace()
        let exprStart = i

        // Find `per` and `description=` at the top level (outside brackets, strings, quoted names: `TextScanner`).
        var perAt: Int? = nil, descAt: Int? = nil
        func isBoundary(_ k: Int) -> Bool {
            k < 0 || k >= chars.count || !(chars[k].isLetter || chars[k].isNumber || chars[k] == "_")
        }
        func matches(_ w: String, at k: Int) -> Bool {
            let wc = Array(w)
            guard k + wc.count <= chars.count else { return false }
            return String(chars[k..<(k + wc.count)]).lowercased() == w
        }
        TextScanner.scan(chars, in: exprStart..<chars.count) { piece, depth in
            guard case .code(let j) = piece, depth == 0, isBoundary(j - 1) else { return }
            if perAt == nil, descAt == nil, matches("per", at: j), isBoundary(j + 3) { perAt = j }
            if descAt == nil, matches("description", at: j) {
                var k = j + 11
                while k < chars.count, chars[k] == " " { k += 1 }
                if k < chars.count, chars[k] == "=" { descAt = j }
            }
        }
        let exprEnd = perAt ?? descAt ?? chars.count
        let formula = String(chars[exprStart..<exprEnd]).trimmingCharacters(in: .whitespaces)
        let formulaSpan = SourceSpan(start: exprStart, end: exprEnd)
        var per: [String] = []
        if let p = perAt {
            let listEnd = descAt ?? chars.count
            per = String(chars[(p + 3)..<listEnd])
                .split(whereSeparator: { $0 == "," || $0.isWhitespace })
                .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            if per.isEmpty {
                throw Diagnostic("`per` needs at least one column", span: SourceSpan(start: p, end: p + 3))
            }
        }
        var description: String? = nil
        if let d = descAt {
            var k = d + 11
            while k < chars.count, chars[k] == " " || chars[k] == "=" { k += 1 }
            guard k < chars.count, chars[k] == "\"" else {
                throw Diagnostic("description must be quoted", span: SourceSpan(start: d, end: chars.count),
                                 hint: "description=\"what it measures\"")
            }
            guard let close = chars[(k + 1)...].firstIndex(of: "\"") else {
                throw Diagnostic("unterminated description", span: SourceSpan(start: k, end: chars.count),
                                 hint: "close it with \"")
            }
            description = String(chars[(k + 1)..<close])
            let after = String(chars[(close + 1)...]).trimmingCharacters(in: .whitespaces)
            if !after.isEmpty {
                throw Diagnostic("unexpected text after the description", span: SourceSpan(start: close + 1, end: chars.count))
            }
        }
        try define(name: name, formula: formula, description: description, per: per,
                   nameSpan: nameSpan, formulaSpan: formulaSpan)
        return name
    }
}
