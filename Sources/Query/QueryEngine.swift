import Tables

/// The result of running a pipeline: the table, plus the terminal chart and write requests for the
/// caller, and warnings (division by zero, overflow …) raised while computing.
public struct QueryResult: Sendable {
    public var table: Table
    /// `chart KIND …` at the end of the pipeline (command "chart"), for the Charts module.
    public var chart: CommandArguments?
    /// `write "file.csv"` at the end of the pipeline; the caller writes the table.
    public var write: (path: String, span: SourceSpan)?
    public var warnings: [String]
}

/// Runs pipelines: resolves the source, binds every step against the flowing schema (all errors found
/// before any row is read), then executes the compiled steps over whole columns.
public struct QueryEngine {
    public let resolver: DatasetResolver
    /// How text sorts (`sort`, group order, min/max, ranks); the shell's `set collation`.
    public var collation: Collation

    public init(resolver: DatasetResolver, collation: Collation = .norwegian) {
        self.resolver = resolver
        self.collation = collation
    }

    /// Parses and runs one statement's pipeline (for `let`, the pipeline only; binding the name is the caller's).
    public func execute(_ text: String) throws -> QueryResult {
        try execute(try QueryParser.parse(text).pipeline)
    }

    /// Runs a parsed pipeline.
    public func execute(_ pipeline: Pipeline) throws -> QueryResult {
        let source: Table
        switch pipeline.source {
        case .dataset(let name, let span):
            if resolver.datasetIsLazy(named: name) {
                // A lazily loaded file: parse only the columns the steps name.
                let types = Dictionary(resolver.datasetSchema(named: name)?.fields.map { ($0.name, $0.type) } ?? [],
                                       uniquingKeysWith: { a, _ in a })
                if let result = try runOnColumns(pipeline, types: types, read: { [resolver] chooser in
                    try resolver.dataset(named: name, span: span, columns: chooser)
                }, everyColumn: { [resolver] in resolver.datasetSchema(named: name) }) { return result }
            }
            source = try resolver.dataset(named: name, span: span)
        case .command(let args): source = try resolver.runCommand(args)
        case .file(let path, let span, let options):
            if let result = try runOnColumns(pipeline, read: { [resolver] chooser in
                try resolver.file(path: path, span: span, options: options, columns: chooser)
            }) { return result }
            source = try resolver.file(path: path, span: span, options: options)
        }
        return try run(pipeline, on: source)
    }

    /// A source whose columns are parsed on demand (`from "file" | …`, a lazy dataset) and whose steps name
    /// only some of them (`ColumnPruning`, over its names): `read` is given a chooser and returns only those (the
    /// CSV reader parses only them, in its one pass). The steps must bind against them; if one does not, nil is
    /// returned and the caller reads every column, so that errors and their suggestions are those of a whole
    /// read. Nil too when every column may matter. `types` are provisional types by name (which column to keep
    /// when none is named, so that `count()` counts); names not in it count as text. `everyColumn`, when given,
    /// is the source's schema once the chosen columns are read (every name; the named columns' real types): a
    /// statement that does not bind against the chosen columns is bound against it, and its error thrown, so a
    /// mistyped name in a question about a big lazy file parses nothing more (errors name columns, never the
    /// types of columns the statement does not name, so the error is the whole table's).
    private func runOnColumns(_ pipeline: Pipeline, types: [String: DataType] = [:],
                              read: (@escaping ([String]) -> Set<String>?) throws -> Table,
                              everyColumn: (() -> Schema?)? = nil) throws -> QueryResult? {
        final class Chosen { var some = false }
        let chosen = Chosen()
        let steps = pipeline.steps[...], text = pipeline.text
        // A joined name that is no dataset: no schema, so pruning keeps every column (the bind reports the name).
        let joined: (String) -> Schema? = { [resolver] in resolver.datasetSchema(named: $0) }
        let table = try read({ names in
            // Types do not matter to which columns are named (only names and the steps' structure do).
            let schema = Schema(names.map { Field(name: $0, type: types[$0] ?? .string) })
            guard let keep = ColumnPruning.kept(for: steps, text: text, schema: schema, joined: joined),
                  keep.count < names.count else { return nil }
            chosen.some = true
            return Set(keep.map { names[$0] })
        })
        guard chosen.some else { return try run(pipeline, on: table) }
        // Bind once against the columns read (as far as the schema is known before the data): a failure
        // means the statement is wrong, and the whole read reports it as it always would.
        let planner = Planner(text: text, resolver: resolver)
        var schema = table.schema
        do {
            for s in steps {
                let p = try Collation.$current.withValue(collation) { try planner.bind(s, input: schema) }
                schema = p.schema
                if p.dataDependent { break }
            }
        } catch {
            guard var schema = everyColumn?() else { return nil }
            for s in steps {
                let p = try Collation.$current.withValue(collation) { try planner.bind(s, input: schema) }
                schema = p.schema
                if p.dataDependent { break }
            }
            return nil  // binds against every column after all: the whole table decides
        }
        return try run(pipeline, on: table)
    }

    /// Runs the steps of `pipeline` (its source ignored) on `table`.
    public func run(_ pipeline: Pipeline, on table: Table) throws -> QueryResult {
        try Collation.$current.withValue(collation) { try runSteps(pipeline, on: table) }
    }

    private func runSteps(_ pipeline: Pipeline, on table: Table) throws -> QueryResult {
        let warnings = WarningSink()
        let planner = Planner(text: pipeline.text, resolver: resolver)
        var current = table
        var remaining = pipeline.steps[...]
        var pruned = false
        while !remaining.isEmpty {
            // bind as far as the schema is known (a pivot's columns depend on the data)
            var plan: [PlanStep] = []
            var schema = current.schema
            let round = remaining
            while let s = remaining.first {
                let p = try planner.bind(s, input: schema)
                plan.append(p)
                remaining = remaining.dropFirst()
                schema = p.schema
                if p.dataDependent { break }
            }
            let bound = round.prefix(plan.count)
            // A joined dataset that cannot be found is reported by the join itself; for pruning it is "unknown".
            if !pruned, let keep = ColumnPruning.kept(for: bound, text: pipeline.text, schema: current.schema,
                                                      joined: { [resolver] in resolver.datasetSchema(named: $0) }) {
                // Bound once against every column (so errors are the same); bound again against the ones used.
                current = try ColumnPruning.prune(current, to: keep)
                var schema = current.schema
                plan = try bound.map { s in
                    let p = try planner.bind(s, input: schema)
                    schema = p.schema
                    return p
                }
            }
            pruned = true
            for (i, p) in plan.enumerated() {
                try Cancellation.check()
                // `sort … | take n [offset m]`: the sort need only find its first n + m rows.
                if let firstRows = p.firstRows, i + 1 < plan.count,
                   case .take(let n, let offset) = bound[bound.startIndex + i + 1].step {
                    let (k, overflow) = n.addingReportingOverflow(offset)
                    if !overflow { current = try firstRows(current, warnings, k); continue }
                }
                current = try p.run(current, warnings)
            }
        }
        return QueryResult(table: current, chart: pipeline.chart, write: pipeline.write, warnings: warnings.messages)
    }

    /// Runs a chain of steps (`where … | agg …`) on `table`; `join` finds datasets through the resolver.
    public func apply(_ steps: String, to table: Table) throws -> QueryResult {
        try run(try QueryParser.parseSteps(steps), on: table)
    }

    /// Runs a chain of steps (`where … | agg …`) on `table` (the indicator engine writes its formulas
    /// this way). No datasets are available to `join`.
    public static func apply(_ steps: String, to table: Table) throws -> Table {
        try QueryEngine(resolver: TableResolver()).apply(steps, to: table).table
    }

    /// The columns flowing at the end of a partial pipeline, for tab completion: every step that parses
    /// and binds is applied to the schema (nothing runs on data); a trailing step still being typed is
    /// ignored. Nil when the source is unknown, is an engine command, or a `pivot` makes it data-dependent.
    public static func schema(atEndOf text: String, resolver: DatasetResolver) -> Schema? {
        let chars = TextScanner.blankingComments(Array(text))
        // Completion asks about text still being typed: a statement that does not parse or bind yet has no
        // schema, which is no error here (so the `try?`s below are the answer "unknown").
        guard let segments = try? QueryParser.segment(chars, from: 0), let head = segments.first else { return nil }
        var headRange = head
        let (w, wSpan) = QueryParser.word(chars, in: head)
        if w.lowercased() == "let", let eq = chars[head].firstIndex(of: "=") {
            headRange = (eq + 1)..<head.upperBound
        } else if w.lowercased() == "let" { return nil }
        _ = wSpan
        // (unknown until it parses and the dataset resolves: see above)
        guard let pipeline = try? QueryParser.parsePipeline(chars, head: headRange, rest: [], text: text),
              case .dataset(let name, _) = pipeline.source,
              var schema = resolver.datasetSchema(named: name) else { return nil }
        // A Tab press parses no file: joined datasets are bound by their names and provisional types too.
        let planner = Planner(text: text, resolver: SchemaOnlyResolver(base: resolver))
        for seg in segments.dropFirst() {
            // A step still being typed ends what is known (see above).
            guard let tokens = try? Lexer(chars: Array(chars[seg]), base: seg.lowerBound).tokenize() else { break }
            var p = TokenParser(tokens)
            // (likewise)
            guard let step = try? p.step(), let bound = try? planner.bind(step, input: schema) else { break }
            if bound.dataDependent { return nil }
            schema = bound.schema
        }
        return schema
    }
}

/// A resolver for completion: datasets as empty tables of their `datasetSchema` (names, provisional types),
/// so binding a `join` reads and parses nothing.
struct SchemaOnlyResolver: DatasetResolver {
    let base: DatasetResolver

    func dataset(named name: String, span: SourceSpan) throws -> Table {
        guard let schema = base.datasetSchema(named: name) else { return try base.dataset(named: name, span: span) }
        return try Table(schema: schema, columns: schema.fields.map { f in
            switch f.type {
            case .int: return Column(ints: [])
            case .double: return Column(doubles: [])
            case .string: return Column(strings: [String]())
            case .bool: return Column(bools: [])
            }
        })
    }

    var datasetNames: [String] { base.datasetNames }
    func datasetSchema(named name: String) -> Schema? { base.datasetSchema(named: name) }
    func runCommand(_ command: CommandArguments) throws -> Table { try base.runCommand(command) }
}
