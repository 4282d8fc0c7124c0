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
