/// The names of the language, for help and tab completion.
public enum QueryLanguage {
    /// Pipeline steps (including the terminal `chart` and `write`).
    public static let steps = ["where", "select", "derive", "agg", "sort", "take", "distinct", "join",
                               "pivot", "unpivot", "chart", "write"]

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
