import Tables
import Query

/// What the user asked for, per dimension: value codes or the API's selection expressions
/// (`*`, `top(n)`, `bottom(n)`, `from(x)`, `to(x)`, `range(a,b)`, wildcards `03*`, `*3`, `SE?1`),
/// and optionally a codelist (`codelist[Region]=agg_KommSummer`). Dimensions are kept in the order given.
public struct Selection: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var variable: String
        public var expressions: [String]
        public var span: SourceSpan?
        public init(variable: String, expressions: [String], span: SourceSpan? = nil) {
            self.variable = variable; self.expressions = expressions; self.span = span
        }
    }
    public var items: [Item]
    /// Variable (as typed) → codelist id.
    public var codelists: [(variable: String, id: String, span: SourceSpan?)]

    public init(items: [Item] = [], codelists: [(variable: String, id: String, span: SourceSpan?)] = []) {
        self.items = items; self.codelists = codelists
    }

    public static func == (a: Selection, b: Selection) -> Bool {
        a.items == b.items && a.codelists.map { "\($0.variable)=\($0.id)" } == b.codelists.map { "\($0.variable)=\($0.id)" }
    }

    /// Parses `VAR=a,b` words as `CommandArguments` splits them: a keyed word starts a dimension and the
    /// positional words after it (the splitter cuts at commas) continue its list; `range(a` `b)` are joined again.
    /// `statement` (the text the spans point into) gives back the variables' case, which the splitter lower-cases.
    public static func parse(_ words: [CommandArguments.Word], statement: String? = nil) throws -> Selection {
        let chars = statement.map(Array.init)
        var selection = Selection()
        var current: Item? = nil
        var pending: String? = nil   // an expression with an open parenthesis
        func flush() {
            if let c = current { selection.items.append(c) }
            current = nil
        }
        for w in words {
            if let key = w.key, pending == nil {
                flush()
                // The splitter lower-cases keys; take the variable from the word as typed.
                var typedKey = key
                if let chars, w.span.start >= 0, w.span.start + key.count <= chars.count {
                    let typed = String(chars[w.span.start..<(w.span.start + key.count)])
                    if typed.lowercased() == key { typedKey = typed }
                }
                if key.hasPrefix("codelist[") && key.hasSuffix("]") {
                    let variable = String(typedKey.dropFirst("codelist[".count).dropLast())
                    guard !variable.isEmpty, !w.value.isEmpty else {
                        throw Diagnostic("`codelist[VAR]=ID` needs a variable and a codelist id", span: w.span)
                    }
                    selection.codelists.append((variable, w.value, w.span))
                    continue
                }
                current = Item(variable: typedKey, expressions: [], span: w.span)
                try add(w.value, w)
            } else {
                guard current != nil else {
                    throw Diagnostic("expected VARIABLE=VALUES, found `\(w.text)`", span: w.span,
                                     hint: "select values per dimension: Region=0301,5001 Tid=top(5)")
                }
                current!.span = current!.span.map { SourceSpan(start: $0.start, end: w.span.end) }
                try add(w.text, w)
            }
        }
        func add(_ text: String, _ w: CommandArguments.Word) throws {
            if let p = pending {
                let joined = p + "," + text
                if balanced(joined) { current!.expressions.append(joined); pending = nil } else { pending = joined }
                return
            }
            if text.isEmpty {
                throw Diagnostic("`\(current!.variable)=` needs values", span: w.span,
                                 hint: "a comma list of codes, `*`, `top(n)`, `from(x)`, `to(x)`, `range(a,b)` or a wildcard like `03*`")
            }
            // A quoted word may hold several codes: split at commas outside parentheses.
            var piece = "", depth = 0
            for c in text {
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                if c == ",", depth == 0 { if !piece.isEmpty { current!.expressions.append(piece) }; piece = "" } else { piece.append(c) }
            }
            if piece.isEmpty { return }
            if balanced(piece) { current!.expressions.append(piece) } else { pending = piece }
        }
        if let p = pending, let w = words.last {
            throw Diagnostic("`\(p)` is missing its closing `)`", span: w.span)
        }
        flush()
        // `VAR=vs:ID[,codes…]` / `VAR=agg:ID[,codes…]`: the codelist `vs_ID` / `agg_ID`, its values as selected (all by default).
        for i in selection.items.indices {
            guard let first = selection.items[i].expressions.first else { continue }
            let lower = first.lowercased()
            guard lower.hasPrefix("vs:") || lower.hasPrefix("agg:") else { continue }
            let prefix = lower.hasPrefix("vs:") ? "vs_" : "agg_"
            let name = String(first.drop { $0 != ":" }.dropFirst())
            guard !name.isEmpty else {
                throw Diagnostic("`\(first)` needs a codelist name", span: selection.items[i].span, hint: "e.g. Region=agg:KommSummer")
            }
            let item = selection.items[i]
            guard !selection.codelists.contains(where: { $0.variable.lowercased() == item.variable.lowercased() }) else {
                throw Diagnostic("`\(item.variable)` has two codelists", span: item.span)
            }
            selection.codelists.append((item.variable, name.lowercased().hasPrefix(prefix) ? name : prefix + name, item.span))
            selection.items[i].expressions = item.expressions.count > 1 ? Array(item.expressions.dropFirst()) : ["*"]
        }
        var seen = Set<String>()
        for item in selection.items {
            guard seen.insert(item.variable.lowercased()).inserted else {
                throw Diagnostic("`\(item.variable)` is selected twice", span: item.span)
            }
        }
        return selection
    }

    private static func balanced(_ s: String) -> Bool {
        s.filter { $0 == "(" }.count == s.filter { $0 == ")" }.count
    }

    /// The canonical text of the selection (`Region=0301,5001 Tid=top(5) codelist[Region]=…`), for keys and locks.
    public var text: String {
        (items.map { "\($0.variable)=\($0.expressions.joined(separator: ","))" }
            + codelists.map { "codelist[\($0.variable)]=\($0.id)" }).joined(separator: " ")
    }
}

/// Resolving selection expressions against a dimension's value codes (in the table's order).
public enum SelectionExpression {
    /// The codes `expressions` select from `codes`, in the table's order, each once.
    /// `isTime`: `top(n)` takes the n latest periods (the last n), as SSB's statbank does; elsewhere the first n.
    /// Throws a one-line message (the caller adds the dimension) naming the expression at fault.
    public static func resolve(_ expressions: [String], codes: [String], isTime: Bool) throws -> [String] {
        var chosen = [Bool](repeating: false, count: codes.count)
        let position = Dictionary(codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for raw in expressions {
            let e = raw.trimmingCharacters(in: .whitespaces)
            let lower = e.lowercased()
            func args(_ name: String) -> [String]? {
                guard lower.hasPrefix(name + "("), e.hasSuffix(")") else { return nil }
                return e.dropFirst(name.count + 1).dropLast().split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
            func index(_ code: String) throws -> Int {
                guard let p = position[code] else { throw SelectionError.unknownValue(code, expression: e) }
                return p
            }
            if let a = args("top") ?? args("bottom") {
                let isTop = lower.hasPrefix("top")
                guard (1...2).contains(a.count), let n = Int(a[0]), n >= 0, a.count == 1 || Int(a[1]).map({ $0 >= 0 }) == true else {
                    throw SelectionError.badExpression(e, "write top(n) or top(n,offset) with whole numbers")
                }
                let offset = a.count == 2 ? Int(a[1])! : 0
                // top = latest periods for time, first values otherwise; bottom the other end.
                let fromEnd = isTime == isTop
                for k in offset..<min(codes.count, offset + n) {
                    chosen[fromEnd ? codes.count - 1 - k : k] = true
                }
            } else if let a = args("from") {
                guard a.count == 1 else { throw SelectionError.badExpression(e, "write from(x)") }
                for k in try index(a[0])..<codes.count { chosen[k] = true }
            } else if let a = args("to") {
                guard a.count == 1 else { throw SelectionError.badExpression(e, "write to(x)") }
                for k in 0...(try index(a[0])) { chosen[k] = true }
            } else if let a = args("range") {
                guard a.count == 2 else { throw SelectionError.badExpression(e, "write range(a,b)") }
                let i = try index(a[0]), j = try index(a[1])
                for k in min(i, j)...max(i, j) { chosen[k] = true }
            } else if e.contains("*") || e.contains("?") {
                let pattern = Array(e)
                var any = false
                for (k, c) in codes.enumerated() where wildcard(pattern, Array(c)) { chosen[k] = true; any = true }
                if !any && e != "*" { throw SelectionError.noMatch(e) }
            } else {
                chosen[try index(e)] = true
            }
        }
        return codes.indices.filter { chosen[$0] }.map { codes[$0] }
    }

    /// `*` any run of characters, `?` one character.
    static func wildcard(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] { pi += 1; si += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// Why an expression selects nothing it could.
public enum SelectionError: Error, Equatable {
    case unknownValue(String, expression: String)
    case badExpression(String, String)
    case noMatch(String)

    public var message: String {
        switch self {
        case .unknownValue(let v, let e): return e == v ? "has no value `\(v)`" : "has no value `\(v)` (in `\(e)`)"
        case .badExpression(let e, let how): return "cannot read `\(e)`: \(how)"
        case .noMatch(let e): return "has no value matching `\(e)`"
        }
    }
}
