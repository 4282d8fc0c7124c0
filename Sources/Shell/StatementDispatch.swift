import Tables
import Query

/// The statements the shell knows, with one-line usage, in the order `help` lists them.
enum StatementCatalog {
    struct Entry { var keyword: String; var usage: String; var summary: String }

    static let entries: [Entry] = [
        Entry(keyword: "from", usage: "from D | step | …", summary: "query a dataset (see `help steps`)"),
        Entry(keyword: "let", usage: "let NAME = pipeline", summary: "keep a pipeline's result as a dataset"),
        Entry(keyword: "load", usage: "load \"file.csv\" [as NAME] [delimiter=semicolon decimal=comma encoding=latin1 header=no]",
              summary: "read a CSV or JSON-stat file"),
        Entry(keyword: "datasets", usage: "datasets", summary: "list datasets: rows, columns, source"),
        Entry(keyword: "describe", usage: "describe D", summary: "columns, types, nulls, ranges; source, unit, caveats"),
        Entry(keyword: "project", usage: "project supply|demand|gap [scenario=mid to=2040 by=occupation explain vary …]",
              summary: "run the projection engine"),
        Entry(keyword: "scenario", usage: "scenario NAME from mid standard=0.8% …", summary: "define a projection scenario"),
        Entry(keyword: "scenarios", usage: "scenarios", summary: "list projection scenarios"),
        Entry(keyword: "indicator", usage: "indicator NAME on D [by cols] | indicator define NAME = EXPR",
              summary: "compute or define a workforce indicator"),
        Entry(keyword: "indicators", usage: "indicators", summary: "list workforce indicators"),
        Entry(keyword: "generate", usage: "generate register rows=N seed=S", summary: "a synthetic person-level register"),
        Entry(keyword: "kostra", usage: "kostra [on D [layout=finest|memberships]]",
              summary: "KOSTRA functions and their service groups; adds `service_group` to D"),
        Entry(keyword: "plan", usage: PlanStatements.usage, summary: PlanStatements.summary),
        Entry(keyword: "set", usage: "set rows N | format table|csv|tsv|json|markdown | decimals N|auto | width N | charset unicode|ascii | color on|off | memory_limit 4GB|50%|default",
              summary: "output settings"),
        Entry(keyword: "timer", usage: "timer on|off", summary: "show wall time after each statement"),
        Entry(keyword: "history", usage: "history", summary: "this session's statements"),
        Entry(keyword: "save", usage: "save session NAME [replace]",
              summary: "write this session's statements to sessions/NAME.hws"),
        Entry(keyword: "replay", usage: "replay FILE [step]", summary: "run a script here; `step` pauses before each statement"),
        Entry(keyword: "export", usage: "export notebook FILE.md", summary: "write the session as a Markdown notebook"),
        Entry(keyword: "help", usage: "help [statement|steps|functions|indicator NAME]", summary: "this help"),
        Entry(keyword: "quit", usage: "quit", summary: "leave the shell (also `exit`, Ctrl-D)"),
    ]

    /// Every keyword that starts a statement.
    static var keywords: [String] { entries.map(\.keyword) + ["exit"] }
}

extension Session {
    /// Runs one statement (no `;`).
    func run(_ statement: String) throws -> StatementResult {
        let (word, span) = Session.firstWord(of: statement)
        switch word.lowercased() {
        case "quit", "exit":
            return StatementResult(recorded: false, quit: true)
        case "help":
            return StatementResult(output: try help(statement), recorded: false)
        case "history":
            return StatementResult(output: historyText(), recorded: false)
        case "timer":
            return StatementResult(output: try timer(statement), recorded: false)
        case "set":
            return StatementResult(output: try set(statement))
        case "datasets":
            return StatementResult(output: try listDatasets(statement))
        case "describe":
            return StatementResult(output: try describe(statement))
        case "load":
            return StatementResult(output: try load(statement))
        case "save", "replay", "export":
            return try runSessionFileStatement(word: word.lowercased(), statement: statement)
        default:
            if let result = try runEngineStatement(word: word.lowercased(), statement: statement) { return result }
            if Session.isPipelineHead(word) { return try runPipelineStatement(statement) }
            throw unknownStatement(word, span: span)
        }
    }

    /// The error for a statement that starts with an unknown word: lists the statements, suggests the nearest.
    func unknownStatement(_ word: String, span: SourceSpan) -> Diagnostic {
        let list = StatementCatalog.entries.map(\.keyword).joined(separator: ", ")
        let shown = word.isEmpty ? "statement" : "statement `\(word)`"
        return Diagnostic("unknown \(shown); statements are \(list)", span: span,
                          hint: NameSuggester.hint(for: word, in: StatementCatalog.keywords))
    }

    /// The statement's first word (letters, digits, `_`) and its span.
    static func firstWord(of statement: String) -> (String, SourceSpan) {
        var start = 0
        var word = ""
        var i = 0
        var started = false
        for ch in statement {
            if !started {
                if ch.isWhitespace { i += 1; continue }
                started = true; start = i
            }
            if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch); i += 1 } else { break }
        }
        if word.isEmpty {
            // Not a word (a stray symbol): point at it.
            return ("", SourceSpan(start: start, end: start + 1))
        }
        return (word, SourceSpan(start: start, end: start + word.count))
    }
}
