import Query
import Tables

/// The indicators a session knows: the built-ins of ENGINES §7 and those the user defines with
/// `indicator define NAME = EXPR [per …] [description="…"]`.
public struct IndicatorCatalog: Sendable {
    public private(set) var indicators: [Indicator]

    /// The built-in indicators.
    public init() { indicators = BuiltinIndicators.all }

    /// All names, in listing order.
    public var names: [String] { indicators.map(\.name) }

    /// The indicator named `name` (exact), or nil.
    public func indicator(named name: String) -> Indicator? {
        indicators.first { $0.name == name } ?? indicators.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The indicator named `name`, or a diagnostic with the nearest names.
    public func lookup(_ name: String, span: SourceSpan? = nil) throws -> Indicator {
        if let i = indicator(named: name) { return i }
        throw Diagnostic("unknown indicator `\(name)`", span: span,
                         hint: NameSuggester.hint(for: name, in: names) ?? "`indicators` lists them")
    }

    /// Defines (or redefines) a user indicator. `formula` is an aggregate expression
    /// (`mean(position_pct >= 100)`) or a chain of steps ending in `agg` (`where … | agg x = …`).
    /// `per` is the default grouping when the user gives no `by`.
    public mutating func define(name: String, formula: String, description: String? = nil,
                                per: [String] = [], nameSpan: SourceSpan? = nil,
                                formulaSpan: SourceSpan? = nil) throws {
        guard Self.isIdentifier(name) else {
            throw Diagnostic("`\(name)` cannot name an indicator", span: nameSpan,
                             hint: "use letters, digits and _, starting with a letter")
        }
        if let existing = indicator(named: name), existing.isBuiltIn {
            throw Diagnostic("`\(name)` is a built-in indicator and cannot be redefined", span: nameSpan,
                             hint: "choose another name")
        }
        let text = formula.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw Diagnostic("indicator `\(name)` needs a formula", span: formulaSpan ?? nameSpan,
                             hint: "indicator define \(name) = mean(position_pct >= 100)")
        }
        let first = text.prefix { $0.isLetter }.lowercased()
        let isSteps = text.contains("|") || ["where", "filter", "derive", "mutate", "agg"].contains(first)
            && text.dropFirst(first.count).first?.isWhitespace == true
        let steps = isSteps ? text : "agg \(name) = \(text)"
        do {
            let pipeline = try QueryParser.parseSteps(steps)
            guard let last = pipeline.steps.last, case .agg = last.step else {
                throw Diagnostic("the formula of `\(name)` must end in an `agg` step", span: formulaSpan,
                                 hint: "e.g. where age >= 55 | agg \(name) = sum(fte)")
            }
        } catch let e as any DiagnosticError {
            if e.message.hasPrefix("the formula of") { throw e }
            // Map the error's span from the wrapped steps back into the statement.
            var span = formulaSpan
            let prefix = steps.count - text.count
            if let f = formulaSpan, let inner = e.span, inner.start >= prefix {
                span = SourceSpan(start: f.start + inner.start - prefix, end: f.start + inner.end - prefix)
            }
            throw Diagnostic("in the formula of `\(name)`: \(e.message)", span: span, hint: e.hint)
        }
        let ind = Indicator(
            name: name, norwegianName: "", englishName: name,
            definition: description ?? "user-defined: \(text)", source: "defined in this session",
            unit: "", variants: [.init(.any, steps)], per: per, isBuiltIn: false)
        if let i = indicators.firstIndex(where: { $0.name == name }) {
            indicators[i] = ind
        } else {
            indicators.append(ind)
        }
    }

    /// Removes a user-defined indicator; false if there is none of that name.
    @discardableResult
    public mutating func remove(userDefined name: String) -> Bool {
        guard let i = indicators.firstIndex(where: { $0.name == name && !$0.isBuiltIn }) else { return false }
        indicators.remove(at: i)
        return true
    }

    /// The user-defined indicators as `indicator define …` statements (to save with a session).
    public var definitionStatements: [String] {
        indicators.filter { !$0.isBuiltIn }.map { ind in
            var s = "indicator define \(ind.name) = \(ind.variants.first?.steps ?? "")"
            if let pre = "agg \(ind.name) = " as String?, s.contains("= " + pre) {
                s = s.replacingOccurrences(of: "= " + pre, with: "= ")
            }
            if !ind.per.isEmpty { s += " per " + ind.per.joined(separator: ", ") }
            if !ind.definition.hasPrefix("user-defined: ") {
                s += " description=\"\(ind.definition.replacingOccurrences(of: "\"", with: "'"))\""
            }
            return s
        }
    }

    /// The listing for `indicators`: name, Norwegian name, unit, level, definition, source.
    public func table() -> Table {
        Table([
            ("name", Column(strings: indicators.map(\.name))),
            ("norwegian", Column(strings: indicators.map { $0.norwegianName.isEmpty ? nil : $0.norwegianName })),
            ("unit", Column(strings: indicators.map { $0.unit.isEmpty ? nil : $0.unit })),
            ("level", Column(strings: indicators.map(\.level.rawValue))),
            ("definition", Column(strings: indicators.map(\.definition))),
            ("source", Column(strings: indicators.map(\.source))),
        ])
    }

    /// The text of `help indicator NAME`: definition, source, formula(s), columns, unit, parameters.
    public func help(name: String) throws -> String {
        let ind = try lookup(name)
        var lines: [String] = []
        let title = ind.norwegianName.isEmpty ? ind.name : "\(ind.name) — \(ind.norwegianName) (\(ind.englishName))"
        lines.append(title)
        lines.append("  definition: \(ind.definition)")
        lines.append("  source:     \(ind.source)")
        if !ind.unit.isEmpty { lines.append("  unit:       \(ind.unit)\(ind.unit == "share" ? " (shown as %)" : "")") }
        lines.append("  works on:   \(ind.level.rawValue)")
        for v in ind.variants {
            let cond = v.when.isEmpty ? "" : " [" + v.when.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ") + "]"
            let label = !ind.isBuiltIn ? "formula"
                : v.level == .person ? "person-level" : v.level == .rates ? "published rates (one row per group)" : "aggregated"
            lines.append("  \(label)\(cond): \(v.display)")
            lines.append("    needs columns: \(v.requires.isEmpty ? "none" : v.requires.joined(separator: ", "))")
        }
        switch ind.kind {
        case .bands:
            lines.append("  then: one row per band with employed and share = employed ÷ all employed (of each `by` group)")
        case .perPopulation:
            lines.append("  with population=D: sum(fte) by the `by` columns ÷ D's inhabitants by the same columns × 1000")
        case .perUser:
            lines.append("  with users=D: sum(fte) by the `by` columns ÷ D's users by the same columns")
        case .formula: break
        }
        for p in ind.parameters { lines.append("  \(p.name)=…  \(p.help)") }
        if !ind.per.isEmpty { lines.append("  per:        \(ind.per.joined(separator: ", ")) (default grouping)") }
        lines.append("  usage:      indicator \(ind.name) on DATASET [by col, …]"
            + ind.parameters.map { " [\($0.name)=…]" }.joined())
        return lines.joined(separator: "\n")
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
