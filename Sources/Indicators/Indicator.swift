/// One workforce indicator: its official definition, where that definition comes from, and its formula
/// written in the hws query language (so a user can read it with `help indicator NAME`).
///
/// An indicator has one or more formula variants: one for person-level register data (one row per
/// employee and year) and, where the definition allows, one for aggregated tables (columns such as
/// `fte` and `employed`). The engine uses the first variant whose columns the dataset has.
public struct Indicator: Sendable {
    /// What kind of data an indicator works on.
    public enum Level: String, Sendable {
        case person = "person-level register"
        case aggregate = "aggregated table"
        case both = "person-level register or aggregated table"
        case any = "any table with the columns it names"
        /// A table of published rates (one row per group, e.g. a report's figure): the formula reads the
        /// rate itself, so the engine refuses to pool several rows into one group (their denominators are
        /// not in the table).
        case rates = "table of published rates"
    }

    /// How the engine computes an indicator beyond running its formula.
    public enum Kind: String, Sendable {
        /// Runs the formula (`… | agg NAME = …`) with `by` appended to the final `agg`.
        case formula
        /// Position-size bands: one row per band with the employed and their share.
        case bands
        /// FTE per 1 000 inhabitants (denominator from the data or from `population=D`).
        case perPopulation
        /// FTE per service user (denominator from the data or from `users=D`).
        case perUser
    }

    /// One way to compute the indicator.
    public struct Variant: Sendable {
        public var level: Level
        /// Query steps; the last is an `agg` (the engine appends `by …`). `{target}` stands for the
        /// `target=` parameter (in %), where one is allowed.
        public var steps: String
        /// Named arguments that select this variant (e.g. `scope=helsedir`); missing keys take defaults.
        public var when: [String: String]
        /// The columns the formula reads (found in `steps`).
        public var requires: [String]

        public init(_ level: Level, _ steps: String, when: [String: String] = [:]) {
            self.level = level
            self.steps = steps
            self.when = when
            self.requires = FormulaColumns.referenced(in: steps.replacingOccurrences(of: "{target}", with: "100"))
        }

        /// The formula as shown to users (`{target}` at its default of 100).
        public var display: String { steps.replacingOccurrences(of: "{target}", with: "100") }
    }

    /// The indicator's name in the shell (`fulltime_share`).
    public var name: String
    /// Norwegian name as the authorities use it (`andel heltid`).
    public var norwegianName: String
    public var englishName: String
    /// The official definition (numerator and denominator).
    public var definition: String
    /// The document that defines it.
    public var source: String
    /// Unit of the result: "share" (shown as %), "%", "FTE", "per 1000" or "persons".
    public var unit: String
    public var kind: Kind
    public var variants: [Variant]
    /// Parameters the indicator accepts (`target=90%`), with a one-line explanation each.
    public var parameters: [(name: String, help: String)]
    /// Default grouping for user-defined indicators (`per …`); empty for built-ins.
    public var per: [String]
    public var isBuiltIn: Bool

    public init(name: String, norwegianName: String, englishName: String, definition: String, source: String,
                unit: String, kind: Kind = .formula, variants: [Variant],
                parameters: [(name: String, help: String)] = [], per: [String] = [], isBuiltIn: Bool = true) {
        self.name = name; self.norwegianName = norwegianName; self.englishName = englishName
        self.definition = definition; self.source = source; self.unit = unit; self.kind = kind
        self.variants = variants; self.parameters = parameters; self.per = per; self.isBuiltIn = isBuiltIn
    }

    /// The data it works on, from its variants.
    public var level: Level {
        if !isBuiltIn { return .any }
        let levels = Set(variants.map(\.level.rawValue))
        if levels.count > 1 { return .both }
        return variants.first?.level ?? .any
    }

    /// All columns any variant reads, without duplicates, in order of appearance.
    public var requiredColumns: [String] {
        var seen = Set<String>()
        return variants.flatMap(\.requires).filter { seen.insert($0).inserted }
    }
}
