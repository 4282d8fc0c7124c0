/// The names of the language, for help and tab completion.
public enum QueryLanguage {
    /// One pipeline step: its name, aliases, form, summary and an example pipeline that runs on the
    /// bundled datasets. Declared once in `stepRegistry`; the parser, `help steps`, `help NAME`, Tab
    /// completion and "did you mean" read it.
    public struct StepSpec: Sendable {
        public let name: String
        public let aliases: [String]
        public let usage: String
        public let summary: String
        public let example: String
        public var allNames: [String] { [name] + aliases }
    }

    /// The steps, in the order `help steps` lists them (the terminal `chart` and `write` last).
    public static let stepRegistry: [StepSpec] = [
        StepSpec(name: "where", aliases: ["filter"], usage: "where EXPR", summary: "keep the rows where EXPR is true",
                 example: "from helsemod_gap | where year == 2040 and gap_fte < -1000"),
        StepSpec(name: "select", aliases: [], usage: "select a, b, new = expr, -drop",
                 summary: "choose, rename and compute columns (`-col` drops one)",
                 example: "from helsemod_gap | select occupation, year, gap = gap_fte"),
        StepSpec(name: "derive", aliases: ["mutate"], usage: "derive c = expr [, d = f(x) over (by k order y)]",
                 summary: "add columns; window functions with `over`",
                 example: "from helsemod_gap | derive thousands = gap_fte / 1000"),
        StepSpec(name: "agg", aliases: ["aggregate", "summarise", "summarize"], usage: "agg n = count(), s = sum(x) [by k, …]",
                 summary: "aggregate, per group (sorted by the groups)",
                 example: "from helsemod_gap | agg gap = sum(gap_fte) by scenario, year"),
        StepSpec(name: "sort", aliases: ["order"], usage: "sort a, -b", summary: "sort (`-` descends)",
                 example: "from helsemod_gap | sort -year, gap_fte"),
        StepSpec(name: "take", aliases: ["limit", "head"], usage: "take N [offset M]", summary: "the first N rows",
                 example: "from helsemod_gap | take 5 offset 10"),
        StepSpec(name: "distinct", aliases: [], usage: "distinct [cols]", summary: "unique rows (first appearance kept)",
                 example: "from helsemod_gap | distinct occupation"),
        StepSpec(name: "join", aliases: [], usage: "join D on k1, k2 [kind=inner|left|full]",
                 summary: "join another dataset on key columns",
                 example: "from helsemod_gap | join helsemod_scenarios on scenario kind=left"),
        StepSpec(name: "pivot", aliases: [], usage: "pivot NAMES values VALUES [agg=sum]",
                 summary: "long to wide: one column per value of NAMES",
                 example: "from helsemod_gap | where scenario == \"mid\" | pivot year values gap_fte"),
        StepSpec(name: "unpivot", aliases: ["melt"], usage: "unpivot cols [into name, value] | unpivot 2019..2040",
                 summary: "wide to long",
                 example: "from helsemod_gap | take 3 | unpivot gap_fte, year into measure, amount"),
        StepSpec(name: "chart", aliases: [], usage: "chart KIND x=… y=… [by=… title=… width=… height=…]",
                 summary: "draw the result (last step; `help chart` for the kinds)",
                 example: "from helsemod_gap | where year == 2040 and scenario == \"mid\" | chart bar x=occupation y=gap_fte"),
        StepSpec(name: "write", aliases: ["save"], usage: "write \"file.csv\"",
                 summary: "write the result to a file, in the format its extension names (last step; `help write`)",
                 example: "from helsemod_gap | take 3 | write \"gap.csv\""),
    ]

    /// The step named `word` (name or alias, any case).
    public static func step(named word: String) -> StepSpec? {
        let w = word.lowercased()
        return stepRegistry.first { $0.allNames.contains(w) }
    }

    /// Pipeline step names (including the terminal `chart` and `write`).
    public static var steps: [String] { stepRegistry.map(\.name) }
    /// Every step name and alias.
    public static var stepKeywords: [String] { stepRegistry.flatMap(\.allNames) }

    /// Scalar functions.
    public static let functions = ["if", "coalesce", "lower", "upper", "trim", "length", "contains",
                                   "starts_with", "ends_with", "replace", "substr", "concat", "abs", "round",
                                   "floor", "ceil", "sqrt", "ln", "exp", "pow", "min", "max"]

    /// Aggregate functions (in `agg`).
    public static let aggregates = ["count", "sum", "mean", "median", "min", "max", "sd", "var", "quantile",
                                    "n_distinct", "first", "last"]

    /// Window functions (in `derive … over (by … order …)`).
    public static let windowFunctions = ["lag", "lead", "cumsum", "rank", "pct_change", "share", "row_number"]

    /// Words with a meaning inside expressions; columns of these names need backquotes.
    static let reserved: Set<String> = ["and", "or", "not", "in", "between", "is", "null", "true", "false",
                                        "case", "when", "then", "else", "end"]
}
