import Tables
import Query

/// The scenarios a session knows: the built-in `low`, `mid` and `high` of NOU 2023:4 table 2.3 and
/// those defined with `scenario NAME from BASE key=value …`.
public struct ScenarioRegistry: Sendable {
    public private(set) var scenarios: [Scenario] = [.low, .mid, .high]
    public static let builtInNames: Set<String> = ["low", "mid", "high"]

    public init() {}

    public var names: [String] { scenarios.map(\.name) }

    public func scenario(named name: String) -> Scenario? {
        scenarios.first { $0.name == name.lowercased() }
    }

    /// Adds or replaces a scenario (built-ins cannot be replaced).
    public mutating func add(_ scenario: Scenario) throws {
        guard !Self.builtInNames.contains(scenario.name) else {
            throw Diagnostic("`\(scenario.name)` is a built-in scenario", hint: "choose another name")
        }
        if let i = scenarios.firstIndex(where: { $0.name == scenario.name }) { scenarios[i] = scenario }
        else { scenarios.append(scenario) }
    }

    /// `scenario NAME [from BASE] key=value …` (keys: standard, productivity, family, family_level, health,
    /// entries, study_places, position, position_floor, participation, base_shortage). Returns the new scenario.
    @discardableResult
    public mutating func define(_ args: CommandArguments) throws -> Scenario {
        let positional = args.positional
        guard let nameWord = positional.first else {
            throw Diagnostic("missing scenario name", span: args.commandSpan,
                             hint: "scenario NAME from mid standard=0.8%")
        }
        let name = nameWord.text.lowercased()
        guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw Diagnostic("`\(nameWord.text)` is not a valid scenario name", span: nameWord.span,
                             hint: "use letters, digits, _ and -, starting with a letter")
        }
        guard !Self.builtInNames.contains(name) else {
            throw Diagnostic("`\(name)` is a built-in scenario and cannot be redefined", span: nameWord.span,
                             hint: "choose another name, e.g. `scenario my_\(name) from \(name) …`")
        }
        var base = Scenario.mid
        var rest = positional.dropFirst()
        if let from = rest.first {
            guard from.text.lowercased() == "from" else {
                throw Diagnostic("expected `from BASE` or key=value, found `\(from.text)`", span: from.span,
                                 hint: "scenario \(name) from mid standard=0.8%")
            }
            rest = rest.dropFirst()
            guard let baseWord = rest.first else {
                throw Diagnostic("missing base scenario after `from`", span: from.span, hint: "one of " + names.joined(separator: ", "))
            }
            guard let b = scenario(named: baseWord.text) else {
                throw Diagnostic("unknown scenario `\(baseWord.text)`", span: baseWord.span,
                                 hint: NameSuggester.hint(for: baseWord.text, in: names) ?? "one of " + names.joined(separator: ", "))
            }
            base = b
            rest = rest.dropFirst()
        }
        if let extra = rest.first {
            throw Diagnostic("unexpected word `\(extra.text)`", span: extra.span, hint: "parameters are key=value, e.g. standard=0.8%")
        }
        var s = base
        s.name = name
        s.base = base.name
        for word in args.words where word.key != nil {
            try ScenarioParameter.apply(word, to: &s)
        }
        if let i = scenarios.firstIndex(where: { $0.name == name }) { scenarios[i] = s } else { scenarios.append(s) }
        return s
    }

    /// One row per scenario with its parameters (for the `scenarios` statement).
    public func table() -> Table {
        let rows = scenarios
        func text(_ f: (Scenario) -> String) -> Column { Column(strings: rows.map(f)) }
        func dbl(_ f: (Scenario) -> Double?) -> Column {
            let vals = rows.map(f)
            var valid = Bitmap(count: vals.count, value: true)
            for (i, v) in vals.enumerated() where v == nil { valid[i] = false }
            return Column(doubles: vals.map { $0 ?? 0 }, validity: valid)
        }
        var t = Table([
            ("scenario", text(\.name)),
            ("from", text { $0.base ?? "" }),
            ("standard", dbl(\.standard)),
            ("productivity", dbl(\.productivity)),
            ("family", text(\.family.rawValue)),
            ("family_level", dbl { $0.family == .level ? $0.familyLevel : nil }),
            ("health", text { $0.healthImprovement ? "yes" : "no" }),
            ("entries", text { s in
                ([s.entries.map { ScenarioParameter.describe($0) }, s.entriesNorway.map { "norway " + ScenarioParameter.describe($0) },
                  s.entriesAbroad.map { "abroad " + ScenarioParameter.describe($0) }] as [String?]).compactMap { $0 }
                    .joined(separator: " ")
            }),
            ("study_places", text { s in s.studyPlaces.map(ScenarioParameter.describe).joined(separator: " ") }),
            ("position", dbl { $0.position - 1 }),
            ("position_floor", dbl(\.positionFloor)),
            ("participation", dbl { $0.participation - 1 }),
            ("base_shortage", text { $0.baseShortage ? "yes" : "no" }),
        ])
        for c in ["standard", "productivity", "position", "position_floor", "participation"] { t.setUnit("share", for: c) }
        t.setUnit("FTE", for: "family_level")
        return t
    }
}
