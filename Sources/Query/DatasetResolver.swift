import Tables

/// Where a pipeline finds its data: named datasets (`from D`, `join D`) and engine commands at the head
/// of a pipeline (`project gap …`). The shell implements it over its session; tests use small in-memory ones.
public protocol DatasetResolver {
    /// The dataset called `named`; throws a `DiagnosticError` at `span` when there is none.
    func dataset(named: String, span: SourceSpan) throws -> Table
    /// Every dataset name, for suggestions and completion.
    var datasetNames: [String] { get }
    /// Runs an engine command (`project …`, `indicator …`, `generate …`) and returns its table.
    func runCommand(_ command: CommandArguments) throws -> Table
    /// Reads the file of `from "path" [key=value …]` (the path as written; `span` is its place in the
    /// statement). The default says files cannot be read here.
    func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table
    /// Reads the file as `file(path:span:options:)` does, but the table need hold only the columns `columns`
    /// picks from the file's column names (nil: every column), in file order; a reader that can parse only
    /// those (CSV) does so. Each kept column must be the one a whole read gives. The default reads the whole
    /// file and drops the others.
    func file(path: String, span: SourceSpan, options: CommandArguments,
              columns: @escaping ([String]) -> Set<String>?) throws -> Table
    /// True when dataset `named` parses its columns on demand (a lazily loaded CSV file): a question then asks
    /// `dataset(named:span:columns:)` for only the columns it uses. The default says no.
    func datasetIsLazy(named: String) -> Bool
    /// The dataset's columns that `columns` picks from its column names (nil: every column), in its order; a
    /// lazy dataset parses only those. Each column is the one `dataset(named:span:)` holds. The default takes
    /// the whole table and drops the others.
    func dataset(named: String, span: SourceSpan, columns: @escaping ([String]) -> Set<String>?) throws -> Table
    /// The dataset's column names and types without reading or parsing its rows (nil: no such dataset). For a
    /// lazy dataset the types of columns not parsed yet are its sample's (provisional), so this is for names
    /// (pruning, completion), never for results. The default is `dataset(named:span:)`'s schema.
    func datasetSchema(named: String) -> Schema?
}

extension DatasetResolver {
    public func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table {
        throw Diagnostic("files cannot be read here", span: span, hint: "load the file first, then use its dataset name")
    }

    public func file(path: String, span: SourceSpan, options: CommandArguments,
                     columns: @escaping ([String]) -> Set<String>?) throws -> Table {
        let table = try file(path: path, span: span, options: options)
        guard let keep = columns(table.schema.names) else { return table }
        return try table.selecting(table.schema.names.filter { keep.contains($0) })
    }

    public func datasetIsLazy(named: String) -> Bool { false }

    public func dataset(named name: String, span: SourceSpan, columns: @escaping ([String]) -> Set<String>?) throws -> Table {
        let table = try dataset(named: name, span: span)
        guard let keep = columns(table.schema.names) else { return table }
        return try table.selecting(table.schema.names.filter { keep.contains($0) })
    }

    public func datasetSchema(named name: String) -> Schema? {
        // An unknown or unreadable dataset has no schema (its error comes when a statement reads it).
        try? dataset(named: name, span: SourceSpan(start: 0, end: 0)).schema
    }
}

/// The error a resolver reports for an unknown dataset, with the nearest names as a hint.
public func unknownDatasetError(_ name: String, span: SourceSpan, known: [String]) -> Diagnostic {
    Diagnostic("unknown dataset `\(name)`", span: span,
               hint: NameSuggester.hint(for: name, in: known)
                   ?? (known.isEmpty ? "load one with `load \"file.csv\" as NAME`" : "datasets: " + known.sorted().prefix(10).joined(separator: ", ")))
}

/// A resolver over a fixed set of tables and no commands (used by `QueryEngine.apply` and tests).
public struct TableResolver: DatasetResolver, Sendable {
    public var tables: [String: Table]
    public init(_ tables: [String: Table] = [:]) { self.tables = tables }

    public func dataset(named name: String, span: SourceSpan) throws -> Table {
        guard let t = tables[name] else { throw unknownDatasetError(name, span: span, known: datasetNames) }
        return t
    }

    public var datasetNames: [String] { tables.keys.sorted() }

    public func runCommand(_ command: CommandArguments) throws -> Table {
        throw Diagnostic("unknown command `\(command.command)`", span: command.commandSpan,
                         hint: "a pipeline starts with `from DATASET`")
    }
}
