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

    /// A function of the language: its name, aliases, kind, signature, summary and an example pipeline that
    /// runs on the bundled datasets. Declared once in `functionRegistry`; the compiler resolves aliases
    /// through it, and `help`, Tab completion and "did you mean" read it.
    public struct FunctionSpec: Sendable {
        public enum Kind: String, Sendable { case scalar, aggregate, window }
        public let name: String
        public let aliases: [String]
        public let kind: Kind
        public let signature: String
        public let summary: String
        public let example: String
        public var allNames: [String] { [name] + aliases }
    }

    private static func f(_ kind: FunctionSpec.Kind, _ name: String, _ aliases: [String] = [], _ signature: String,
                          _ summary: String, _ example: String) -> FunctionSpec {
        FunctionSpec(name: name, aliases: aliases, kind: kind, signature: signature, summary: summary, example: example)
    }

    private static let g = "from helsemod_gap | where scenario == \"mid\" and year == 2040"

    public static let functionRegistry: [FunctionSpec] = [
        f(.scalar, "if", [], "if(cond, a, b)", "a where cond is true, else b", g + " | derive short = if(gap_fte < 0, \"yes\", \"no\") | select occupation, short | take 3"),
        f(.scalar, "coalesce", [], "coalesce(a, b, …)", "the first argument that is not null", g + " | derive g = coalesce(gap_fte, 0) | select occupation, g | take 3"),
        f(.scalar, "lower", [], "lower(text)", "text in lower case", g + " | select o = lower(occupation) | take 3"),
        f(.scalar, "upper", [], "upper(text)", "text in upper case", g + " | select o = upper(occupation) | take 3"),
        f(.scalar, "trim", [], "trim(text)", "text without leading and trailing white space", g + " | select o = trim(occupation) | take 3"),
        f(.scalar, "length", [], "length(text)", "the number of characters", g + " | select occupation, n = length(occupation) | take 3"),
        f(.scalar, "contains", [], "contains(text, part)", "true when text holds part", g + " | where contains(occupation, \"pleier\") | select occupation"),
        f(.scalar, "starts_with", [], "starts_with(text, prefix)", "true when text begins with prefix", g + " | where starts_with(occupation, \"Helse\") | select occupation"),
        f(.scalar, "ends_with", [], "ends_with(text, suffix)", "true when text ends with suffix", g + " | where ends_with(occupation, \"lege\") | select occupation"),
        f(.scalar, "replace", [], "replace(text, old, new)", "every old in text replaced by new", g + " | select o = replace(occupation, \"pleier\", \"PLEIER\") | take 3"),
        f(.scalar, "substr", [], "substr(text, start[, length])", "part of text, from start (1 = the first character)", g + " | select o = substr(occupation, 1, 4) | take 3"),
        f(.scalar, "concat", [], "concat(a, b, …)", "the arguments as text, joined", g + " | select label = concat(occupation, \": \", gap_fte) | take 3"),
        f(.scalar, "abs", [], "abs(x)", "the absolute value", g + " | select occupation, shortage = abs(gap_fte) | take 3"),
        f(.scalar, "round", [], "round(x[, decimals])", "x rounded half away from zero, as DuckDB (round(2.675, 2) = 2.67: 2.675 is 2.67499… in binary)", g + " | select occupation, k = round(gap_fte / 1000, 1) | take 3"),
        f(.scalar, "floor", [], "floor(x)", "the largest whole number not above x", g + " | select occupation, k = floor(gap_fte / 1000) | take 3"),
        f(.scalar, "ceil", [], "ceil(x)", "the smallest whole number not below x", g + " | select occupation, k = ceil(gap_fte / 1000) | take 3"),
        f(.scalar, "sqrt", [], "sqrt(x)", "the square root (null for negative x)", g + " | select occupation, r = sqrt(abs(gap_fte)) | take 3"),
        f(.scalar, "ln", [], "ln(x)", "the natural logarithm (null for x ≤ 0)", g + " | select occupation, l = ln(abs(gap_fte) + 1) | take 3"),
        f(.scalar, "exp", [], "exp(x)", "e to the power x", g + " | select occupation, e = exp(gap_fte / 10000) | take 3"),
        f(.scalar, "pow", [], "pow(x, y)", "x to the power y", g + " | select occupation, p = pow(gap_fte / 1000, 2) | take 3"),
        f(.scalar, "min", [], "min(a, b, …)", "the smallest argument, row by row (one argument in agg: the aggregate)", g + " | select occupation, m = min(gap_fte, 0) | take 3"),
        f(.scalar, "max", [], "max(a, b, …)", "the largest argument, row by row (one argument in agg: the aggregate)", g + " | select occupation, m = max(gap_fte, 0) | take 3"),
        f(.aggregate, "count", [], "count([x])", "rows (with x: rows where x is not null)", g + " | agg n = count()"),
        f(.aggregate, "sum", [], "sum(x)", "the total (exact for integers)", g + " | agg total = sum(gap_fte)"),
        f(.aggregate, "mean", ["avg"], "mean(x)", "the average; of a condition, the share where it holds", g + " | agg m = mean(gap_fte), short = mean(gap_fte < 0)"),
        f(.aggregate, "median", [], "median(x)", "the middle value (interpolated)", g + " | agg m = median(gap_fte)"),
        f(.aggregate, "min", [], "min(x)", "the smallest value", g + " | agg m = min(gap_fte)"),
        f(.aggregate, "max", [], "max(x)", "the largest value", g + " | agg m = max(gap_fte)"),
        f(.aggregate, "sd", ["stddev"], "sd(x)", "the sample standard deviation (n − 1)", g + " | agg s = sd(gap_fte)"),
        f(.aggregate, "var", ["variance"], "var(x)", "the sample variance (n − 1)", g + " | agg v = var(gap_fte)"),
        f(.aggregate, "quantile", [], "quantile(x, p)", "the p-quantile (interpolated; p between 0 and 1)", g + " | agg q = quantile(gap_fte, 0.25)"),
        f(.aggregate, "n_distinct", [], "n_distinct(x)", "how many different values", "from helsemod_gap | agg n = n_distinct(occupation)"),
        f(.aggregate, "first", [], "first(x)", "the first value that is not null (in row order)", g + " | agg o = first(occupation)"),
        f(.aggregate, "last", [], "last(x)", "the last value that is not null (in row order)", g + " | agg o = last(occupation)"),
        f(.window, "lag", [], "lag(x[, n]) over (by … order …)", "x of the row n before, in the window's order", "from helsemod_gap | where scenario == \"mid\" and occupation == \"Lege\" | derive prev = lag(gap_fte) over (order year) | select year, gap_fte, prev | take 3"),
        f(.window, "lead", [], "lead(x[, n]) over (by … order …)", "x of the row n after, in the window's order", "from helsemod_gap | where scenario == \"mid\" and occupation == \"Lege\" | derive next = lead(gap_fte) over (order year) | select year, gap_fte, next | take 3"),
        f(.window, "cumsum", [], "cumsum(x) over (by … order …)", "the running total in the window's order", "from helsemod_gap | where scenario == \"mid\" and year == 2040 | derive running = cumsum(gap_fte) over (order gap_fte) | select occupation, gap_fte, running | take 3"),
        f(.window, "rank", [], "rank([x]) over (by … order …)", "rank in the window's order (ties share a rank; gaps after them)", g + " | derive r = rank() over (order gap_fte) | select occupation, gap_fte, r | take 3"),
        f(.window, "dense_rank", [], "dense_rank([x]) over (by … order …)", "rank without gaps after ties", g + " | derive r = dense_rank() over (order gap_fte) | select occupation, gap_fte, r | take 3"),
        f(.window, "row_number", [], "row_number() over (by … order …)", "1, 2, 3 … in the window's order", g + " | derive n = row_number() over (order -gap_fte) | select occupation, n | take 3"),
        f(.window, "pct_change", [], "pct_change(x) over (by … order …)", "the change from the row before, as a share", "from helsemod_gap | where scenario == \"mid\" and occupation == \"Lege\" | derive change = pct_change(gap_fte) over (order year) | select year, gap_fte, change | take 3"),
        f(.window, "share", [], "share(x) over (by …)", "x as a share of its window's total", g + " | derive part = share(gap_fte) over () | select occupation, part | take 3"),
    ]

    /// The function named `word` of `kind` (name or alias, any case).
    public static func function(named word: String, kind: FunctionSpec.Kind? = nil) -> FunctionSpec? {
        let w = word.lowercased()
        return functionRegistry.first { $0.allNames.contains(w) && (kind == nil || $0.kind == kind) }
    }

    /// The name an alias stands for (`avg` → `mean`), or the word itself.
    public static func canonicalFunctionName(_ word: String) -> String {
        let w = word.lowercased()
        return functionRegistry.first { $0.aliases.contains(w) }?.name ?? w
    }

    /// Scalar functions.
    public static var functions: [String] { functionRegistry.filter { $0.kind == .scalar }.map(\.name) }
    /// Aggregate functions (in `agg`).
    public static var aggregates: [String] { functionRegistry.filter { $0.kind == .aggregate }.map(\.name) }
    /// Window functions (in `derive … over (by … order …)`).
    public static var windowFunctions: [String] { functionRegistry.filter { $0.kind == .window }.map(\.name) }
    /// Every function name and alias (for "did you mean").
    public static var functionKeywords: [String] { Array(Set(functionRegistry.flatMap(\.allNames))).sorted() }

    /// Words with a meaning inside expressions; columns of these names need backquotes.
    static let reserved: Set<String> = ["and", "or", "not", "in", "between", "is", "null", "true", "false",
                                        "case", "when", "then", "else", "end"]
}
