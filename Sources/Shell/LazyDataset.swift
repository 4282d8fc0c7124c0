import Foundation
import Tables

/// A CSV or TSV file bound by `load` whose columns are parsed on demand (see "Lazy datasets" in
/// docs/ARCHITECTURE.md).
///
/// `open` reads the file once without parsing a column: the dialect is sniffed and every record tokenized
/// exactly as an eager read does (so errors, the row count and the dialect's warnings are the eager load's),
/// and a sample gives provisional types. The file stays open: a file renamed over the path or deleted after
/// `load` still gives the loaded data, as its inode lives while the descriptor does. `table(columns:)` parses
/// the columns not parsed yet in one pass over the file (mapped for that pass only), each typed over the whole
/// column by the same reader an eager load uses, and keeps them; when every column is parsed the file is closed.
/// A file changed in place (its size or modification time differ from `load`'s) is an error naming it.
/// Used from the session's thread only.
final class LazyCSVFile: @unchecked Sendable {
    /// The path as the user wrote it (messages) and the absolute path read.
    let shown: String
    let path: String
    let options: CSVOptions
    /// Every column's name, in file order.
    let names: [String]
    /// The records (the dataset's rows).
    let rowCount: Int
    /// The dialect's warnings of the first read (made again by every parse; not repeated).
    private let loadWarnings: Set<String>
    /// The first read found the file plain (`CSVLoadResult.plain`): a parse of a few columns then splits each
    /// line only up to the last of them, and does not check the UTF-8 again.
    let plain: Bool
    private var fd: Int32
    private let size: Int
    private let modified: timespec
    /// Types from the sample, for columns not parsed yet.
    private let provisional: [Field]
    private var parsed: [String: (field: Field, column: Column)] = [:]
    /// How many columns were parsed, and in how many passes: for tests.
    private(set) var columnsParsed = 0
    private(set) var parses = 0

    private init(shown: String, path: String, options: CSVOptions, fd: Int32, stat st: stat, first: CSVLoadResult) {
        self.shown = shown; self.path = path; self.options = options; self.fd = fd
        self.size = Int(st.st_size); self.modified = st.st_mtim
        self.names = first.fields.map(\.name)
        self.provisional = first.fields
        self.rowCount = first.rows
        self.loadWarnings = Set(first.warnings)
        self.plain = first.plain
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether `path` (absolute) with `format` is read lazily: an uncompressed CSV or TSV regular file that is not empty.
    static func applies(to path: String, gzip: Bool) -> Bool {
        guard !gzip, !FileKind.isStandardInput(path), let size = DataLoading.fileSize(path) else { return false }
        return size > 0
    }

    /// Opens `path` and reads it without parsing a column. Returns the file and the dialect's warnings
    /// (naming the file as `shown`). Reader errors are thrown as the reader gives them (`CSVError`).
    static func open(shown: String, path: String, options: CSVOptions) throws -> (file: LazyCSVFile, warnings: [String]) {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError(file: path, problem: "cannot open the file: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CSVError(file: path, problem: "cannot read the file: \(reason)")
        }
        let first: CSVLoadResult
        do {
            first = try CSVReader.read(fileDescriptor: fd, name: path, options: options, columns: { _ in [] })
        } catch {
            close(fd)
            throw error
        }
        let file = LazyCSVFile(shown: shown, path: path, options: options, fd: fd, stat: st, first: first)
        return (file, first.warnings.map { $0.replacingOccurrences(of: path, with: shown) })
    }

    /// Every column has been parsed (the file is closed).
    var isComplete: Bool { parsed.count == names.count }

    /// The columns in file order: the real type of each parsed column, the sample's for the others.
    var schema: Schema {
        Schema(provisional.map { parsed[$0.name]?.field ?? $0 })
    }

    /// The columns `wanted` names (nil: all), in file order, parsing the missing ones in one pass. Returns the
    /// warnings that pass gave about them. `span` is where the statement names the dataset.
    func table(columns wanted: Set<String>?, span: SourceSpan?) throws -> (table: Table, warnings: [String]) {
        let need = names.filter { wanted?.contains($0) ?? true }
        let missing = need.filter { parsed[$0] == nil }
        var warnings: [String] = []
        if !missing.isEmpty { warnings = try parse(Set(missing), span: span) }
        let table = try Table(schema: Schema(need.map { parsed[$0]!.field }), columns: need.map { parsed[$0]!.column })
        return (table, warnings)
    }

    /// The error for a file changed in place since `load`, at `span`.
    private func changed(_ span: SourceSpan?) -> Diagnostic {
        Diagnostic("`\(TextSafety.clean(shown))` was changed since it was loaded, so its columns cannot be read",
                   span: span, hint: "`load` it again")
    }

    /// Whether the open file still has `load`'s size and modification time.
    private func unchanged() -> Bool {
        var st = stat()
        guard fd >= 0, fstat(fd, &st) == 0 else { return false }
        return Int(st.st_size) == size && st.st_mtim.tv_sec == modified.tv_sec && st.st_mtim.tv_nsec == modified.tv_nsec
    }

    private func parse(_ missing: Set<String>, span: SourceSpan?) throws -> [String] {
        guard unchanged() else { throw changed(span) }
        // The typed columns take up to about 1.2 times their share of the file.
        let share = size / max(1, names.count) * missing.count
        try MemoryBudget.reserve(share / 5 * 6, for: "reading \(missing.count == 1 ? "a column" : "\(missing.count) columns") of `\(shown)`", span: span)
        let result: CSVLoadResult
        do {
            var again = options
            again.knownPlain = plain
            result = try CSVReader.read(fileDescriptor: fd, name: path, options: again, columns: { _ in missing })
        } catch var error as MemoryLimitError {
            error.span = error.span ?? span
            throw error
        } catch var error as CSVError {
            error.file = shown
            throw Diagnostic(error.message, span: span, hint: error.hint)
        }
        // A change during the pass (or one that kept size and time but not the records) is caught here.
        guard unchanged(), result.fields.map(\.name) == names, result.rows == rowCount,
              Set(result.table.schema.names) == missing else { throw changed(span) }
        parses += 1
        columnsParsed += missing.count
        for (f, c) in zip(result.table.schema.fields, result.table.columns) { parsed[f.name] = (f, c) }
        if isComplete, fd >= 0 { close(fd); fd = -1 }
        return result.warnings.filter { !loadWarnings.contains($0) }.map { $0.replacingOccurrences(of: path, with: shown) }
    }
}
