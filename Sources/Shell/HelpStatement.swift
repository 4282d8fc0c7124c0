import Tables
import Query
import Charts

extension Session {
    /// `help`, `help STATEMENT`, `help steps`, `help functions`, `help indicator NAME`.
    func help(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        guard let topicWord = args.words.first else { return overview() }
        let topic = topicWord.text.lowercased()
        switch topic {
        case "steps": return stepsHelp()
        case "functions", "aggregates": return functionsHelp()
        case "settings", "set": return (topic == "set" ? statementHelp(StatementRegistry.lookup("set")!) + "\n\n" : "") + "usage:\n"
                + SettingRegistry.entries.map { "  " + $0.usage + "  — " + $0.summary }.joined(separator: "\n")
                + "\n\ncurrent settings:\n" + settingsText().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        case "indicator" where args.words.count >= 2:
            return try indicatorHelp(args.words[1])
        default:
            if let e = StatementRegistry.lookup(topic) { return statementHelp(e) }
            if let step = QueryLanguage.step(named: topic) { return stepHelp(step) }
            let functions = QueryLanguage.functionRegistry.filter { $0.allNames.contains(topic) }
            if !functions.isEmpty { return functions.map(functionHelp).joined(separator: "\n\n") }
            let topics = StatementRegistry.keywords + QueryLanguage.stepKeywords + QueryLanguage.functionKeywords + Session.helpTopics
            throw Diagnostic("no help on `\(topicWord.text)`", span: topicWord.span,
                             hint: NameSuggester.hint(for: topic, in: topics) ?? "try `help`")
        }
    }

    /// Topics `help` knows besides the statements.
    static let helpTopics = ["steps", "functions", "settings", "indicator"]

    /// `help NAME` for a statement: usage, summary, aliases, and an example that runs.
    func statementHelp(_ e: StatementSpec) -> String {
        var lines = ["usage: " + e.usage, "  " + e.summary]
        if let details = e.details { lines += details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        if !e.aliases.isEmpty { lines.append("  also: " + e.aliases.joined(separator: ", ")) }
        if e.startsPipeline { lines.append("  the result flows on: add `| step …` (see `help steps`)") }
        lines.append("example:")
        lines.append("  " + e.example)
        return lines.joined(separator: "\n")
    }

    /// The list of statements with their usage.
    func overview() -> String {
        let width = StatementRegistry.entries.map { DisplayWidth.of($0.name) }.max() ?? 8
        var lines = ["Statements (`help NAME` for one, `help steps`, `help functions`, `help indicator NAME`):"]
        for e in StatementRegistry.entries {
            lines.append("  " + DisplayWidth.pad(e.name, to: width) + "  " + e.summary)
        }
        lines.append("Separate statements with `;`. A line ending in `|` or `\\` continues on the next.")
        return lines.joined(separator: "\n")
    }
}

extension Session {
    /// `help steps`: the pipeline steps with their forms (`QueryLanguage.stepRegistry`).
    func stepsHelp() -> String {
        let width = QueryLanguage.stepRegistry.map { DisplayWidth.of($0.usage) }.max() ?? 20
        var lines = ["Steps (joined by `|`, read left to right; `help NAME` for one):"]
        for step in QueryLanguage.stepRegistry {
            lines.append("  " + DisplayWidth.pad(step.usage, to: min(width, 48)) + "  " + step.summary)
        }
        return lines.joined(separator: "\n")
    }

    /// `help STEP`: its form, summary, aliases and a pipeline that runs.
    func stepHelp(_ step: QueryLanguage.StepSpec) -> String {
        var lines = ["usage: … | " + step.usage, "  " + step.summary]
        if !step.aliases.isEmpty { lines.append("  also: " + step.aliases.joined(separator: ", ")) }
        if step.name == "write" {
            lines.append("  formats, by the file's extension: " + FileFormat.writable.joined(separator: ", "))
        }
        if step.name == "chart" {
            lines.append("  kinds: " + ChartKind.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", "))
        }
        lines.append("example:")
        lines.append("  " + step.example)
        return lines.joined(separator: "\n")
    }

    /// `help functions`: scalar, aggregate and window functions with their signatures (`QueryLanguage.functionRegistry`).
    func functionsHelp() -> String {
        let groups: [(String, QueryLanguage.FunctionSpec.Kind)] = [
            ("Functions (anywhere in an expression):", .scalar), ("Aggregates (in agg, or derive … over (by …)):", .aggregate),
            ("Window functions (derive x = f(…) over (by … order …)):", .window)]
        let specs = QueryLanguage.functionRegistry
        let width = min(40, specs.map { DisplayWidth.of($0.signature) }.max() ?? 20)
        var lines: [String] = []
        for (title, kind) in groups {
            lines.append(title)
            for f in specs where f.kind == kind {
                let also = f.aliases.isEmpty ? "" : " (also " + f.aliases.joined(separator: ", ") + ")"
                lines.append("  " + DisplayWidth.pad(f.signature, to: width) + "  " + f.summary + also)
            }
        }
        lines.append("Operators: + - * / %, == != < <= > >=, and or not, in (…), between … and …, is [not] null; `help NAME` for one")
        return lines.joined(separator: "\n")
    }

    /// `help NAME` for a function.
    func functionHelp(_ f: QueryLanguage.FunctionSpec) -> String {
        var lines = ["usage: " + f.signature + "  (\(f.kind.rawValue))", "  " + f.summary]
        if !f.aliases.isEmpty { lines.append("  also: " + f.aliases.joined(separator: ", ")) }
        lines += ["example:", "  " + f.example]
        return lines.joined(separator: "\n")
    }
}
