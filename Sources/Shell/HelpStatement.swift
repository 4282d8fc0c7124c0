import Tables
import Query

extension Session {
    /// `help`, `help STATEMENT`, `help steps`, `help functions`, `help indicator NAME`.
    func help(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        guard let topicWord = args.words.first else { return overview() }
        let topic = topicWord.text.lowercased()
        switch topic {
        case "steps": return stepsHelp()
        case "functions", "aggregates": return functionsHelp()
        case "settings", "set": return "usage:\n" + Session.setUsage.keys.sorted().map { "  " + Session.setUsage[$0]! }.joined(separator: "\n")
                + "\n\ncurrent settings:\n" + settingsText().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        case "indicator" where args.words.count >= 2:
            return try indicatorHelp(args.words[1])
        default:
            if let e = StatementCatalog.entries.first(where: { $0.keyword == topic }) {
                return "\(e.usage)\n  \(e.summary)"
            }
            let topics = StatementCatalog.keywords + ["steps", "functions", "settings", "indicator"]
            throw Diagnostic("no help on `\(topicWord.text)`", span: topicWord.span,
                             hint: NameSuggester.hint(for: topic, in: topics) ?? "try `help`")
        }
    }

    /// The list of statements with their usage.
    func overview() -> String {
        let width = StatementCatalog.entries.map { DisplayWidth.of($0.keyword) }.max() ?? 8
        var lines = ["Statements (`help NAME` for one, `help steps`, `help functions`, `help indicator NAME`):"]
        for e in StatementCatalog.entries {
            lines.append("  " + DisplayWidth.pad(e.keyword, to: width) + "  " + e.summary)
        }
        lines.append("Separate statements with `;`. A line ending in `|` or `\\` continues on the next.")
        return lines.joined(separator: "\n")
    }
}

extension Session {
    /// `help steps`: the pipeline steps with their forms.
    func stepsHelp() -> String {
        let forms: [String: String] = [
            "where": "where EXPR                        keep rows where EXPR is true",
            "select": "select a, b, new = expr, -drop    choose, rename, compute columns",
            "derive": "derive c = expr [over (by k order y)]  add columns (window functions with over)",
            "agg": "agg n = count(), s = sum(x) [by k, …]  aggregate, per group",
            "sort": "sort a, -b                        sort (`-` descends)",
            "take": "take N [offset M]                 the first N rows",
            "distinct": "distinct [cols]                   unique rows",
            "join": "join D on k1, k2 [kind=inner|left|full]  join another dataset",
            "pivot": "pivot NAMES VALUES [agg]          long to wide",
            "unpivot": "unpivot cols into (name, value)  wide to long",
            "chart": "chart bar|line|histogram|scatter|sparkline x=… y=… [by=…]  draw (last step)",
            "write": "write \"file.csv\"                  write the result (last step)",
        ]
        var lines = ["Steps (joined by `|`, read left to right):"]
        for step in QueryLanguage.steps { lines.append("  " + (forms[step] ?? step)) }
        return lines.joined(separator: "\n")
    }

    /// `help functions`: scalar, aggregate and window functions.
    func functionsHelp() -> String {
        func wrap(_ title: String, _ names: [String]) -> [String] {
            var lines = [title]
            var line = " "
            for n in names {
                if DisplayWidth.of(line) + n.count + 2 > min(settings.width, 100) { lines.append(line); line = " " }
                line += " " + n + ","
            }
            lines.append(String(line.dropLast()))
            return lines
        }
        return (wrap("Functions:", QueryLanguage.functions) + wrap("Aggregates (in agg):", QueryLanguage.aggregates)
                + wrap("Window functions (derive … over (by … order …)):", QueryLanguage.windowFunctions)
                + ["Operators: + - * / %, == != < <= > >=, and or not, in (…), between … and …, is [not] null"])
            .joined(separator: "\n")
    }
}
