import Query
/// Finds the column names a formula reads: identifiers (or `quoted names`) that are not function
/// calls, keywords, step names, or names the formula itself assigns (`agg x = …` assigns `x`).
enum FormulaColumns {
    static let keywords: Set<String> = [
        "and", "or", "not", "in", "between", "is", "null", "true", "false", "case", "when", "then", "else",
        "end", "by", "over", "order", "partition", "where", "filter", "select", "derive", "mutate", "agg",
        "aggregate", "summarise", "summarize", "sort", "take", "limit", "head", "distinct", "join", "on",
    ]

    static func referenced(in formula: String) -> [String] {
        let chars = Array(formula)
        var names: [(String, Int)] = []        // name and the step it is read in
        var assigned: [String: Int] = [:]      // name and the step that assigns it
        var step = 0
        var i = 0
        var atItemStart = true                 // after a step keyword, `,` or `|`
        func record(_ s: String, quoted: Bool) {
            var j = i
            while j < chars.count, chars[j].isWhitespace { j += 1 }
            let next: Character? = j < chars.count ? chars[j] : nil
            let next2: Character? = j + 1 < chars.count ? chars[j + 1] : nil
            let lower = s.lowercased()
            defer { atItemStart = !quoted && keywords.contains(lower) && lower != "not" }
            if !quoted, next == "(" { return }                         // function call
            if !quoted, keywords.contains(lower) { return }
            if atItemStart, next == "=", next2 != "=" { assigned[s] = assigned[s] ?? step; return }
            names.append((s, step))
        }

        while i < chars.count {
            let c = chars[i]
            if TextScanner.isQuote(c) {
                // Where a string or quoted name ends is `TextScanner`'s rule (doubled and escaped quotes).
                let (end, closed) = TextScanner.quoteEnd(chars, at: i)
                let text = TextScanner.unquoted(chars, i..<end, closed: closed)
                i = end
                if c == "`" { record(text, quoted: true) } else { atItemStart = false }
                continue
            }
            if c.isLetter || c == "_" {
                var s = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" {
                    s.append(chars[i]); i += 1
                }
                record(s, quoted: false)
                continue
            }
            if c.isNumber {
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                atItemStart = false
                continue
            }
            if c == "|" { step += 1 }
            if c == "," || c == "|" { atItemStart = true }
            else if !c.isWhitespace { atItemStart = false }
            i += 1
        }

        var seen = Set<String>()
        return names.filter { name, step in (assigned[name].map { $0 >= step } ?? true) }
            .map(\.0).filter { seen.insert($0).inserted }
    }
}
