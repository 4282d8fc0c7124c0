import Foundation
import Tables

/// The datasets a session knows by name: bundled CSV files registered (not loaded) at start-up,
/// files the user loaded, and tables bound with `let`. A registered file is read on first use.
public final class DatasetRegistry {
    /// Where a dataset's rows come from.
    public enum Origin: Sendable, Equatable {
        /// A bundled file under the datasets folder (loaded on first use).
        case bundled(path: String)
        /// A file the user loaded with `load`.
        case loaded(path: String)
        /// A table bound with `let NAME = …`.
        case derived(statement: String)
    }

    public struct Entry: Sendable {
        public var name: String
        public var origin: Origin
        /// The rows, once loaded.
        public var table: Table?
        public var catalog: CatalogEntry?
        /// A file `load` read lazily: while `table` is nil its columns are parsed on demand (kept once they
        /// all are, holding the same columns as `table`).
        var lazy: LazyCSVFile?
        /// The rows, when known without reading the file.
        public var rowCount: Int? { table?.rowCount ?? lazy?.rowCount }
        /// The columns, when known without reading the file.
        public var columnCount: Int? { table?.columnCount ?? lazy?.names.count }
        /// The file backing this dataset, if any.
        public var path: String? {
            switch origin {
            case .bundled(let p), .loaded(let p): return p
            case .derived: return nil
            }
        }
    }

    /// Reads a file into a table, with the warnings the reader gave.
    public typealias Loader = (_ path: String) throws -> (table: Table, warnings: [String])

    public private(set) var entries: [String: Entry] = [:]

    /// The datasets as they are now (tables are shared, not copied), for `restore`.
    func snapshot() -> [String: Entry] { entries }
    /// Puts the datasets back as a `snapshot` had them (a lesson's `b`).
    func restore(_ saved: [String: Entry]) { entries = saved }
    /// Catalog descriptions by dataset name, from every `catalog.csv` under the folder; read on first use
    /// (`datasets`, `describe`), so start-up only lists file names.
    public var catalog: [String: CatalogEntry] {
        if let parsed = parsedCatalog { return parsed }
        var all: [String: CatalogEntry] = [:]
        for path in catalogPaths {
            do {
                for e in try DatasetCatalog.read(path: path) { all[e.name] = e }
            } catch {
                // A broken catalog must say so (its datasets still load, without titles and sources).
                let reason = (error as? DiagnosticError)?.message ?? String(describing: error)
                pendingWarnings.append("\((path as NSString).lastPathComponent) cannot be read, so its datasets have no titles: \(reason)")
            }
        }
        parsedCatalog = all
        return all
    }
    private var parsedCatalog: [String: CatalogEntry]?
    /// `catalog.csv` files, deepest first, so the top-level catalog has the last word.
    private var catalogPaths: [String] = []
    /// The datasets folder, if one was found.
    public let folder: String?
    private let loader: Loader
    /// Warnings from lazy loads not yet shown to the user.
    private var pendingWarnings: [String] = []

    /// Registers every `*.csv` under `folder` (recursively) by file stem, without reading it, and reads
    /// every `catalog.csv`. When two files share a stem, the one nearest the top of the folder wins.
    public init(folder: String?, loader: @escaping Loader) {
        self.folder = folder
        self.loader = loader
        guard let folder else { return }
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else { return }
        var files: [String] = []
        var catalogs: [String] = []
        while let rel = walker.nextObject() as? String {
            let last = (rel as NSString).lastPathComponent
            if last.hasPrefix(".") { walker.skipDescendants(); continue }
            guard last.lowercased().hasSuffix(".csv") else { continue }
            if last.lowercased() == "catalog.csv" { catalogs.append(rel) } else { files.append(rel) }
        }
        func depth(_ p: String) -> Int { p.split(separator: "/").count }
        files.sort { depth($0) != depth($1) ? depth($0) < depth($1) : $0 < $1 }
        catalogs.sort { depth($0) != depth($1) ? depth($0) > depth($1) : $0 < $1 }
        catalogPaths = catalogs.map { folder + "/" + $0 }
        for rel in files {
            let name = ((rel as NSString).lastPathComponent as NSString).deletingPathExtension
            guard entries[name] == nil else { continue }
            entries[name] = Entry(name: name, origin: .bundled(path: folder + "/" + rel), table: nil, catalog: nil)
        }
    }

    /// All dataset names, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// The dataset `name` with its catalog description.
    public func entry(_ name: String) -> Entry? {
        guard var e = entries[name] else { return nil }
        e.catalog = catalog[name]
        return e
    }

    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The rows of dataset `name`, reading its file on first use.
    /// Throws `Diagnostic` with a hint for an unknown name (span from the caller).
    public func table(named name: String, span: SourceSpan? = nil) throws -> Table {
        guard var entry = entries[name] else {
            let hint = NameSuggester.hint(for: name, in: names)
                ?? (names.isEmpty ? "load a file with `load \"file.csv\" as \(name)`" : "`datasets` lists them")
            throw Diagnostic("unknown dataset `\(name)`", span: span, hint: hint)
        }
        if let t = entry.table { return t }
        if let lazy = entry.lazy {
            // The whole table is needed: parse the columns still missing.
            let (table, warnings) = try lazy.table(columns: nil, span: span)
            pendingWarnings += warnings.map { "\(name): \($0)" }
            entry.table = table
            entries[name] = entry
            return table
        }
        guard let path = entry.path else { throw Diagnostic("dataset `\(name)` has no rows", span: span) }
        let result: (table: Table, warnings: [String])
        do {
            result = try loader(path)
        } catch let error as DiagnosticError {
            // Keep the reader's file/line message; point at the name the user typed.
            throw Diagnostic("cannot load `\(name)`: \(error.message)", span: span, hint: error.hint)
        }
        entry.table = result.table
        entries[name] = entry
        pendingWarnings += result.warnings.map { "\(name): \($0)" }
        return result.table
    }

    /// Whether dataset `name` parses its columns on demand (a lazily loaded file not wholly parsed yet).
    public func isLazy(_ name: String) -> Bool { entries[name].map { $0.table == nil && $0.lazy != nil } ?? false }

    /// The columns of dataset `name` that `columns` picks from its names (nil: all), in its order; a lazy
    /// dataset parses only those it has not parsed yet.
    public func table(named name: String, span: SourceSpan? = nil, columns: ([String]) -> Set<String>?) throws -> Table {
        guard var entry = entries[name], entry.table == nil, let lazy = entry.lazy else {
            let table = try self.table(named: name, span: span)
            guard let keep = columns(table.schema.names) else { return table }
            return try table.selecting(table.schema.names.filter { keep.contains($0) })
        }
        let (table, warnings) = try lazy.table(columns: columns(lazy.names), span: span)
        pendingWarnings += warnings.map { "\(name): \($0)" }
        if lazy.isComplete {
            entry.table = try lazy.table(columns: nil, span: span).table
            entries[name] = entry
        }
        return table
    }

    /// The column names and types of dataset `name` without parsing a lazy file (columns not parsed yet have
    /// their sample's provisional types); a bundled file not read yet is read. Nil for an unknown or unreadable one.
    public func schema(named name: String) -> Schema? {
        guard let entry = entries[name] else { return nil }
        if let t = entry.table { return t.schema }
        if let lazy = entry.lazy { return lazy.schema }  // parses nothing
        // An unreadable file has no schema here; a statement that reads it reports why.
        return try? table(named: name).schema
    }

    /// Binds `name` to a file `load` read lazily, replacing any earlier dataset of that name.
    func bind(_ name: String, lazy: LazyCSVFile, origin: Origin) {
        entries[name] = Entry(name: name, origin: origin, table: nil, catalog: nil, lazy: lazy)
    }

    /// Binds `name` to a table (from `load` or `let`), replacing any earlier dataset of that name.
    public func bind(_ name: String, table: Table, origin: Origin) {
        entries[name] = Entry(name: name, origin: origin, table: table, catalog: nil)
    }

    /// Warnings from lazy loads since the last call.
    public func takeWarnings() -> [String] {
        defer { pendingWarnings = [] }
        return pendingWarnings
    }
}
