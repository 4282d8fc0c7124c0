import Tables
import Query
import Projection
import Indicators

/// One statement the shell knows: its name, aliases, usage, summary, a runnable example, and what runs it.
/// Declared once in `StatementRegistry.entries`; dispatch, pipeline heads, `help`, Tab completion and
/// "did you mean" all read it. Adding a statement is adding an entry here (and its handler).
struct StatementSpec: Sendable {
    let name: String
    var aliases: [String] = []
    let usage: String
    let summary: String
    /// A longer description `help NAME` shows after the summary (forms, inputs, defaults).
    var details: String? = nil
    /// A statement that runs on the bundled datasets (checked by a test, in registry order).
    let example: String
    /// Runs the statement; nil from it means "not this form": a pipeline head then runs it as a pipeline
    /// (`indicator define …` is a statement, `indicator NAME on D` a pipeline).
    var run: (@Sendable (Session, String) throws -> StatementResult?)? = nil
    /// Runs the command at the head of a pipeline (`project gap … | where …`): a table that flows on.
    var command: (@Sendable (Session, CommandArguments) throws -> Table)? = nil
    /// True for `from` and `let`, which are pipelines without a command of their own.
    var isPipeline = false
    /// True when the example asks a server (the reference page shows it without running it).
    var needsNetwork = false

    /// True when the statement can start a pipeline (`| step …` may follow).
    var startsPipeline: Bool { isPipeline || command != nil }
    /// The name and its aliases.
    var allNames: [String] { [name] + aliases }
}

/// The statements, in the order `help` lists them.
enum StatementRegistry {
    static let entries: [StatementSpec] = [
        StatementSpec(name: "from", usage: "from D | step | …  or  from \"file.csv|.tsv|.json|.xlsx|.csv.gz\" [options] | …",
                      summary: "query a dataset, or a file where it lies (options as for `load`; see `help steps`)",
                      example: "from helsemod_gap | where year == 2040 | sort gap_fte | take 3", isPipeline: true),
        StatementSpec(name: "let", usage: "let NAME = pipeline", summary: "keep a pipeline's result as a dataset",
                      example: "let gap2040 = from helsemod_gap | where year == 2040", isPipeline: true),
        StatementSpec(name: "load",
                      usage: "load \"file\" [as NAME] [" + Session.fileOptions.keys.sorted().map { $0 + "=…" }.joined(separator: " ") + "]",
                      summary: "read a CSV, TSV, JSON (JSON-stat or an array of records) or Excel (.xlsx) file, also gzip-packed (.csv.gz)",
                      details: "A CSV or TSV file is read lazily: `load` checks every record and counts the rows, and each "
                          + "column is parsed (its type decided over the whole column) the first time a question uses it; "
                          + "a column's warnings come with that question. The file is kept open until every column is parsed; "
                          + "if it is changed in place before then, `load` it again.\n"
                          + Session.fileOptions.keys.sorted().map { Session.fileOptions[$0]! }.joined(separator: "\n"),
                      example: "load \"datasets/omsorg_fte_employed_2021.csv\" as omsorg",
                      run: { s, text in StatementResult(output: try s.load(text)) }),
        StatementSpec(name: "datasets", usage: "datasets", summary: "list datasets: rows, columns, source",
                      example: "datasets",
                      run: { s, text in StatementResult(output: try s.listDatasets(text)) }),
        StatementSpec(name: "describe", usage: "describe D", summary: "columns, types, nulls, ranges; source, unit, caveats",
                      example: "describe helsemod_gap",
                      run: { s, text in StatementResult(output: try s.describe(text)) }),
        StatementSpec(name: "project",
                      usage: "project " + ProjectionCommand.kinds.joined(separator: "|") + " [scenario=mid|all|NAME to=2040 from=2019 "
                          + "by=occupation|service occupation=A/B] [explain | vary PARAM=a..b step=s | solve PARAM]",
                      summary: "run the projection engine (`help project` for the options)",
                      example: "project gap scenario=mid to=2040 | where year == 2040 | sort gap | take 3",
                      command: { s, args in
                          try ProjectionCommand.run(args, inputs: try s.projectionInputs(span: args.commandSpan),
                                                    scenarios: s.scenarios)
                      }),
        StatementSpec(name: "scenario", usage: "scenario NAME from mid standard=0.8% productivity=0.5% family=level|share "
                          + "health=yes|no entries=+10%@2025 position=+5% participation=+2%",
                      summary: "define a projection scenario",
                      example: "scenario slow from mid productivity=1%",
                      run: { s, text in try s.defineScenario(text) }),
        StatementSpec(name: "scenarios", usage: "scenarios", summary: "list projection scenarios", example: "scenarios",
                      command: { s, args in try Session.noArguments(args); return s.scenarios.table() }),
        StatementSpec(name: "indicator", usage: "indicator NAME on D [by cols] | indicator define NAME = EXPR [per cols]",
                      summary: "compute or define a workforce indicator",
                      example: "indicator avg_position_size on omsorg_fte_employed_2021 by education_group",
                      run: { s, text in try s.indicatorDefinition(text) },
                      command: { s, args in try s.runIndicator(args) }),
        StatementSpec(name: "indicators", usage: "indicators", summary: "list workforce indicators", example: "indicators",
                      command: { s, args in try s.runIndicator(args) }),
        StatementSpec(name: "generate", usage: "generate register rows=N seed=S [years=A-B]",
                      summary: "a synthetic person-level register",
                      example: "generate register rows=1000 seed=1 | agg n = count() by year",
                      command: { _, args in try RegisterGenerator.command(args) }),
        StatementSpec(name: "kostra", usage: "kostra [on D [layout=finest|memberships]]",
                      summary: "KOSTRA functions and their service groups; adds `service_group` to D",
                      example: "kostra",
                      command: { s, args in
                          let registry = s.registry
                          return try KostraCommand.run(args, dataset: { name in try registry.table(named: name) })
                      }),
        StatementSpec(name: "plan",
                      usage: "plan demand|users|decompose|recruitment|ratios|exits KEY=DATASET … [from=Y to=Y …]",
                      summary: "municipal planning: mechanical demand, growth split, recruitment need, care ratios",
                      details: PlanStatements.usage,
                      example: "plan ratios population=population | where year == 2040",
                      command: { s, args in try s.resolver.runPlan(args) }),
        StatementSpec(name: "ssb", usage: Session.ssbUsage,
                      summary: "Statistics Norway's statbank: search, describe and fetch any table (cached, offline-first)",
                      details: """
                          ssb search WORDS                      tables whose title matches: id, title, periods, updated
                          ssb describe ID [VAR=SELECTION …]     dimensions, codelists, units, notes, and the cells a selection has
                          ssb ID VAR=SELECTION …                the cells as a table: <dim>, <dim>_label, value, status
                          ssb url="https://…/tables/ID/data?…"  a query pasted from the statbank page; ssb ID query="file.json" (API v1)
                          ssb refresh NAME                      fetch again and show what changed (cells, periods, status)
                          SELECTION: codes (0301,5001), *, top(n), from(x), to(x), range(a,b), wildcards (03*);
                          codelist[VAR]=ID, VAR=agg:ID or VAR=vs:ID. Unselected dimensions that can be eliminated are left out.
                          Server: $HWS_SSB_URL or `set ssb url`; cache: $HWS_SSB_CACHE or `set ssb_cache DIR`;
                          `set ssb offline on` (or HWS_OFFLINE=1) never touches the network.
                          """,
                      example: "ssb 11924 Region=0301,5001 Tid=top(2) ContentsCode=*",
                      run: { s, text in try s.statbankStatement(text) },
                      command: { s, args in try s.runStatbank(args) }, needsNetwork: true),
        StatementSpec(name: "set", usage: "set NAME VALUE | set",
                      summary: "change a setting; `set` alone shows them all, `help settings` explains each",
                      example: "set rows 20",
                      run: { s, text in StatementResult(output: try s.set(text)) }),
        StatementSpec(name: "timer", usage: "timer on|off", summary: "show wall time after each statement",
                      example: "timer off",
                      run: { s, text in StatementResult(output: try s.timer(text), recorded: false) }),
        StatementSpec(name: "history", usage: "history", summary: "this session's statements", example: "history",
                      run: { s, _ in StatementResult(output: s.historyText(), recorded: false) }),
        StatementSpec(name: "save", usage: "save session NAME [replace]",
                      summary: "write this session's statements to sessions/NAME.hws",
                      example: "save session demo",
                      run: { s, text in try s.runSessionFileStatement(word: "save", statement: text) }),
        StatementSpec(name: "replay", usage: "replay FILE [step]",
                      summary: "run a script here; `step` pauses before each statement",
                      example: "replay demo",
                      run: { s, text in try s.runSessionFileStatement(word: "replay", statement: text) }),
        StatementSpec(name: "export", usage: "export notebook FILE.md [replace]",
                      summary: "write the session as a Markdown notebook", example: "export notebook demo.md",
                      run: { s, text in try s.runSessionFileStatement(word: "export", statement: text) }),
        StatementSpec(name: "help", usage: "help [NAME|steps|functions|settings|indicator NAME]", summary: "this help",
                      example: "help project",
                      // Recorded: a teacher's `help project` belongs in the notebook of the class.
                      run: { s, text in StatementResult(output: try s.help(text)) }),
        StatementSpec(name: "quit", aliases: ["exit"], usage: "quit", summary: "leave the shell (also Ctrl-D)",
                      example: "quit",
                      run: { _, _ in StatementResult(recorded: false, quit: true) }),
    ]

    /// The statement named `word` (a name or an alias, any case).
    static func lookup(_ word: String) -> StatementSpec? {
        let w = word.lowercased()
        return entries.first { $0.allNames.contains(w) }
    }

    /// Every name and alias that starts a statement.
    static var keywords: [String] { entries.flatMap(\.allNames) }
    /// The names offered at the start of a statement (aliases resolve but are not offered).
    static var names: [String] { entries.map(\.name) }
    /// The names that can follow `let NAME =`.
    static var pipelineHeads: [String] { entries.filter(\.startsPipeline).map(\.name).filter { $0 != "let" } }
    /// The commands that head a pipeline (`project`, `indicator`, …), names and aliases.
    static var commands: [String] { entries.filter { $0.command != nil }.flatMap(\.allNames) }
}

extension Session {
    /// Runs one statement (no `;`).
    func run(_ statement: String) throws -> StatementResult {
        let (word, span) = Session.firstWord(of: statement)
        guard let spec = StatementRegistry.lookup(word) else { throw unknownStatement(word, span: span) }
        if let run = spec.run, let result = try run(self, statement) { return result }
        return try runPipelineStatement(statement)
    }

    /// The error for a statement that starts with an unknown word: lists the statements, suggests the nearest.
    func unknownStatement(_ word: String, span: SourceSpan) -> Diagnostic {
        let list = StatementRegistry.names.joined(separator: ", ")
        let shown = word.isEmpty ? "statement" : "statement `\(word)`"
        return Diagnostic("unknown \(shown); statements are \(list)", span: span,
                          hint: NameSuggester.hint(for: word, in: StatementRegistry.keywords))
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
