import Foundation
import Tables
import Query
import Spreadsheet

/// The file formats `load`, `from "file"` and `write` know, by extension.
enum FileFormat: String, CaseIterable {
    case csv, tsv, json, xlsx, markdown

    /// The format of `path` by its extension (`.csv.gz` and `.tsv.gz` are gzip-packed CSV and TSV; `.json` is
    /// JSON-stat or an array of records, told apart by shape when read), and
    /// whether it is gzip-packed; nil for an extension no reader knows.
    static func of(_ path: String) -> (format: FileFormat, gzip: Bool)? {
        var name = (path as NSString).lastPathComponent.lowercased()
        var gzip = false
        if name.hasSuffix(".gz") { gzip = true; name.removeLast(3) }
        switch (name as NSString).pathExtension {
        case "csv", "txt": return (.csv, gzip)
        case "tsv", "tab": return (.tsv, gzip)
        case "json" where !gzip: return (.json, false)
        case "xlsx" where !gzip, "xlsm" where !gzip: return (.xlsx, false)
        case "md" where !gzip, "markdown" where !gzip: return (.markdown, false)
        default: return nil
        }
    }

    /// The extensions `write` accepts.
    static let writable = [".csv", ".tsv", ".json", ".md", ".xlsx"]
}

/// What `load` and `from "file"` were told about reading a file.
struct FileReadOptions {
    var csv = CSVOptions()
    var xlsx = XLSXOptions()
    var json = JSONStatOptions()
    /// The options as the user gave them, `key=value` (part of the cache key).
    var given: [String] = []
}

extension DataLoading {
    /// Reads `path` in the format its extension names (CSV for any other), with `options`.
    /// `columns` picks the columns to parse from a CSV or TSV file's names (see `CSVReader.ColumnChooser`);
    /// other formats are read whole.
    static func read(path: String, options: FileReadOptions,
                     columns: CSVReader.ColumnChooser? = nil) throws -> (table: Table, warnings: [String], title: String?) {
        if FileKind.isStandardInput(path) {
            // Piped data, read as a stream: JSON-stat when it starts with `{`, records when `[`, else CSV.
            let data = try FileKind.readStream()
            let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) })
            if first == UInt8(ascii: "{") {
                return (try JSONStatReader.read(data: data, options: options.json), [], nil)
            }
            if first == UInt8(ascii: "[") {
                let r = try JSONRecordsReader.read(data: data)
                return (r.table, r.warnings, nil)
            }
            let r = try CSVReader.read(data: data, name: path, options: options.csv)
            return (r.table, r.warnings, r.title)
        }
        if (path as NSString).pathExtension.lowercased() == "xls" {
            throw Diagnostic("\(path): old .xls workbooks cannot be read", hint: "save it as .xlsx (Excel Workbook) or .csv")
        }
        let (format, gzip) = FileFormat.of(path) ?? (.csv, false)
        switch format {
        case .markdown:
            throw Diagnostic("\(path): Markdown tables are written, not read", hint: "read .csv, .tsv, .json (JSON-stat or an array of records) or .xlsx")
        case .json:
            // By shape: an array of records (what `write "x.json"` writes), else JSON-stat.
            if let head = FileHandle(forReadingAtPath: path).map({ h in defer { try? h.close() }; return h.readData(ofLength: 4096) }),
               JSONRecordsReader.isRecords(head) {
                if options.json.dataset != nil {
                    throw Diagnostic("\(path): `dataset=` applies to JSON-stat files; this one is an array of records")
                }
                let r = try JSONRecordsReader.read(path: path)
                return (r.table, r.warnings, nil)
            }
            return (try JSONStatReader.read(path: path, options: options.json), [], nil)
        case .xlsx:
            let r = try XLSXReader.read(path: path, options: options.xlsx)
            return (r.table, r.warnings, r.title)
        case .csv, .tsv:
            var csv = options.csv
            if format == .tsv, csv.delimiter == nil { csv.delimiter = UInt8(ascii: "\t") }
            let r: CSVLoadResult
            if gzip {
                guard let packed = FileManager.default.contents(atPath: path) else {
                    throw CSVError(file: path, problem: "cannot open the file: No such file or directory")
                }
                r = try CSVReader.read(data: try Gzip.decompress(packed, name: path), name: path, options: csv, columns: columns)
            } else {
                r = try CSVReader.read(path: path, options: csv, columns: columns)
            }
            return (r.table, r.warnings, r.title)
        }
    }
}

/// Writes a pipeline's result in the format the file's extension names.
enum DataWriting {
    /// The text's UTF-8 and a final line break, copied 16 MB at a time with a look for Ctrl-C between
    /// (a rendered table of millions of rows is hundreds of MB).
    static func bytes(_ text: String) throws -> Data {
        var text = text
        var data = Data()
        data.reserveCapacity(text.utf8.count + 1)
        try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                try Cancellation.check()
                let end = min(buffer.count, offset + (1 << 24))
                data.append(UnsafeBufferPointer(rebasing: buffer[offset..<end]))
                offset = end
            }
        }
        data.append(0x0A)
        return data
    }

    /// Writes `table` to `path` (absolute); `shown` is the path as the user wrote it. Returns warnings.
    static func write(_ table: Table, to path: String, shown: String, span: SourceSpan) throws -> [String] {
        guard let (format, gzip) = FileFormat.of(shown), !gzip else {
            let ext = (shown as NSString).pathExtension
            throw Diagnostic(ext.isEmpty ? "`write` needs a file name with an extension" : "`write` cannot write .\(ext) files",
                             span: span, hint: "write to " + FileFormat.writable.joined(separator: ", "))
        }
        do {
            switch format {
            case .csv: try CSVWriter.write(table, to: path)
            case .tsv: try CSVWriter.write(table, to: path, delimiter: UInt8(ascii: "\t"))
            case .xlsx: return try XLSXWriter.write(table, to: path)
            case .json, .markdown:
                let options = RenderOptions(format: format == .json ? .json : .markdown, maxRows: nil, maxColumnWidth: .max)
                let text = try TableRenderer.render(table, options: options, checking: Cancellation.check)
                try AtomicFile.write(try Self.bytes(text), to: path, cancellable: true)
            }
        } catch let error as DiagnosticError {
            throw Diagnostic(error.message.replacingOccurrences(of: path, with: shown), span: span, hint: error.hint)
        }
        return []
    }
}

/// Tables read by `from "file"`, by path and options, kept while the file's size and modification time
/// stay the same, so a second question about a file does not read it again. Holds the last few files.
///
/// A question that names only some of a CSV file's columns reads only those; the entry then holds those
/// columns, and a later question that needs others reads just the missing ones and adds them (each column
/// is decided over the whole file on its own, so columns of two reads of an unchanged file fit together).
final class FileSourceCache {
    struct Key: Hashable { var path: String; var options: [String] }
    /// `table` holds some of the file's columns (`names`, every column in file order), in file order.
    struct Entry { var size: Int; var modified: timespec; var table: Table; var names: [String] }
    typealias Read = (CSVReader.ColumnChooser?) throws -> (table: Table, warnings: [String])
    private var entries: [Key: Entry] = [:]
    private var order: [Key] = []
    /// The reader's warnings from files read for the running statement (shown with its output).
    private var warnings: [String] = []
    static let capacity = 4
    /// How many times a file was read (not found in the cache): for tests.
    private(set) var reads = 0
    /// How many columns the reads parsed: for tests.
    private(set) var columnsRead = 0

    static func stamp(_ path: String) -> (size: Int, modified: timespec)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (Int(st.st_size), st.st_mtim)
    }

    /// Every column of the file.
    func table(_ key: Key, read: Read) throws -> Table {
        try table(key, columns: nil, read: read)
    }

    /// The columns `columns` picks from the file's names (nil: every column), in file order.
    func table(_ key: Key, columns wanted: (([String]) -> Set<String>?)?, read: Read) throws -> Table {
        let stamp = FileSourceCache.stamp(key.path)
        var cached: Entry? = nil
        if let stamp, let e = entries[key], e.size == stamp.size,
           e.modified.tv_sec == stamp.modified.tv_sec, e.modified.tv_nsec == stamp.modified.tv_nsec {
            cached = e
        }
        if let e = cached {
            let need = wanted?(e.names) ?? Set(e.names)
            let have = Set(e.table.schema.names)
            if need.isSubset(of: have) { return try FileSourceCache.select(need, from: e.table) }
            // Read only the columns still missing and add them to the entry.
            var seen: [String]? = nil
            let missing = need.subtracting(have)
            let loaded = try read({ names in seen = names; return missing })
            note(loaded)
            if seen == e.names, Set(loaded.table.schema.names) == missing, loaded.table.rowCount == e.table.rowCount {
                var merged = e
                var byName: [String: (Field, Column)] = [:]
                for t in [e.table, loaded.table] { for (f, c) in zip(t.schema.fields, t.columns) { byName[f.name] = (f, c) } }
                let kept = e.names.filter { byName[$0] != nil }
                merged.table = try Table(schema: Schema(kept.map { byName[$0]!.0 }), columns: kept.map { byName[$0]!.1 })
                store(key, merged)
                return try FileSourceCache.select(need, from: merged.table)
            }
            // The file changed under us (same size and time): read it afresh below.
        }
        var seen: [String]? = nil
        var chosen: Set<String>? = nil
        let loaded = try read(wanted.map { wanted in { names in seen = names; chosen = wanted(names); return chosen } })
        note(loaded)
        // A reader that cannot choose (not CSV) read every column; the choice is made here.
        let names = seen ?? loaded.table.schema.names
        if seen == nil, let wanted { chosen = wanted(names) }
        if let stamp {
            store(key, Entry(size: stamp.size, modified: stamp.modified, table: loaded.table, names: names))
        }
        guard let chosen else { return loaded.table }
        return try FileSourceCache.select(chosen, from: loaded.table)
    }

    private func note(_ loaded: (table: Table, warnings: [String])) {
        reads += 1
        columnsRead += loaded.table.columns.count
        warnings += loaded.warnings
    }

    private func store(_ key: Key, _ entry: Entry) {
        if entries[key] == nil { order.append(key) }
        entries[key] = entry
        while order.count > FileSourceCache.capacity { entries[order.removeFirst()] = nil }
    }

    /// `table`'s columns named in `names`, in the table's order (no data copied).
    static func select(_ names: Set<String>, from table: Table) throws -> Table {
        if names.count == table.columns.count { return table }
        return try table.selecting(table.schema.names.filter { names.contains($0) })
    }

    /// The warnings gathered since the last call.
    func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }
}

extension Session {
    /// The options `load` and `from "file"` accept, with their usage.
    static let fileOptions: [String: String] = [
        "delimiter": "delimiter=comma | semicolon | tab | pipe, delimiter=; or any character in quotes: delimiter=\"|\"",
        "decimal": "decimal=dot | comma (or decimal=\",\")",
        "encoding": "encoding=auto | utf8 | latin1",
        "header": "header=yes | no",
        "ragged": "ragged=error | pad",
        "types": "types=yes | no (no: every column is text)",
        "sheet": "sheet=NAME (an .xlsx workbook's sheet; the first by default)",
        "range": "range=A3:F200 (an .xlsx sheet's cells: first and last cell, or B:D for whole columns)",
        "dataset": "dataset=NAME or dataset=NUMBER (which dataset of a JSON-stat bundle or collection)",
    ]

    /// Reads `key=value` options for reading the file `path` (its format decides which apply).
    static func fileReadOptions(_ words: some Collection<CommandArguments.Word>, path: String, usage: String) throws -> FileReadOptions {
        let format = FileFormat.of(path)?.format ?? .csv
        var options = FileReadOptions()
        for word in words {
            guard let key = word.key else {
                throw Diagnostic("unexpected `\(word.text)`", span: word.span, hint: usage)
            }
            let value = word.value
            func bad(_ expected: String) -> Diagnostic {
                Diagnostic("`\(value)` is not a valid \(key)", span: word.valueSpan, hint: "use " + expected)
            }
            let excelOnly = ["sheet", "range"], csvOnly = ["delimiter", "sep", "separator", "decimal", "encoding", "ragged"]
            if format == .xlsx, csvOnly.contains(key) {
                throw Diagnostic("`\(key)=` applies to CSV files, not to .xlsx workbooks", span: word.span,
                                 hint: "for a workbook: sheet=NAME, range=A3:F200, header=, types=")
            }
            if format != .xlsx, excelOnly.contains(key) {
                throw Diagnostic("`\(key)=` applies to .xlsx workbooks", span: word.span, hint: Session.fileOptions[key])
            }
            options.given.append("\(key)=\(value)")
            switch key {
            case "delimiter", "sep", "separator":
                switch value.lowercased() {
                case ",", "comma": options.csv.delimiter = UInt8(ascii: ",")
                case ";", "semicolon": options.csv.delimiter = UInt8(ascii: ";")
                case "tab", "\\t", "\t": options.csv.delimiter = UInt8(ascii: "\t")
                case "|", "pipe": options.csv.delimiter = UInt8(ascii: "|")
                default: throw bad(Session.fileOptions["delimiter"]!)
                }
            case "decimal":
                switch value.lowercased() {
                case ".", "dot", "point": options.csv.decimalSeparator = UInt8(ascii: ".")
                case ",", "comma": options.csv.decimalSeparator = UInt8(ascii: ",")
                default: throw bad(Session.fileOptions["decimal"]!) }
            case "encoding":
                switch value.lowercased() {
                case "auto": options.csv.encoding = .auto
                case "utf8", "utf-8": options.csv.encoding = .utf8
                case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252": options.csv.encoding = .latin1
                default: throw bad(Session.fileOptions["encoding"]!)
                }
            case "header":
                guard let b = Session.yesNo(value) else { throw bad(Session.fileOptions["header"]!) }
                options.csv.header = b
                options.xlsx.header = b
            case "ragged":
                switch value.lowercased() { case "error": options.csv.ragged = .error; case "pad": options.csv.ragged = .pad
                default: throw bad(Session.fileOptions["ragged"]!) }
            case "types":
                guard let b = Session.yesNo(value) else { throw bad(Session.fileOptions["types"]!) }
                options.csv.inferTypes = b
                options.xlsx.inferTypes = b
            case "sheet":
                guard !value.isEmpty else { throw bad(Session.fileOptions["sheet"]!) }
                options.xlsx.sheet = value
            case "dataset":
                guard format == .json else {
                    throw Diagnostic("`dataset=` applies to JSON-stat files", span: word.span, hint: Session.fileOptions["dataset"])
                }
                options.json.dataset = value
            case "range":
                guard let range = CellRange(value) else {
                    throw Diagnostic("`\(value)` is not a cell range", span: word.valueSpan, hint: "use " + Session.fileOptions["range"]!)
                }
                options.xlsx.range = range
            default:
                let keys = Session.fileOptions.keys.sorted()
                throw Diagnostic("unknown option `\(key)`; options are \(keys.joined(separator: ", "))", span: word.span,
                                 hint: NameSuggester.hint(for: key, in: keys))
            }
        }
        return options
    }

    /// Reads the file the user named `shown` (at `span` in the statement): the memory check, then the reader
    /// for its format; errors name the file as the user wrote it and point at it.
    func readFile(_ shown: String, at path: String, span: SourceSpan, options: FileReadOptions,
                  columns: CSVReader.ColumnChooser? = nil) throws -> (table: Table, warnings: [String], title: String?) {
        // A FIFO, device or folder is refused here (a FIFO with no writer would block forever).
        do { try FileKind.check(path: path, shownAs: shown, streams: true) } catch let e as Diagnostic {
            throw Diagnostic(e.message, span: span, hint: e.hint)
        }
        // The typed columns of a CSV take up to about 1.2 times the file's size: refuse a load that
        // cannot fit in the memory budget before reading a byte of it.
        if let size = DataLoading.fileSize(path) {
            try MemoryBudget.reserve(size / 5 * 6, for: "loading `\(shown)`", span: span)
        }
        return try Session.namingFile(shown, at: path, span: span) {
            try DataLoading.read(path: path, options: options, columns: columns)
        }
    }

    /// Runs a reader of the file the user named `shown`: its errors name the file as written and point at `span`.
    static func namingFile<T>(_ shown: String, at path: String, span: SourceSpan, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch var error as MemoryLimitError {
            error.span = error.span ?? span
            throw error
        } catch let error as CSVError {
            // Name the file as the user wrote it; point at it in the statement.
            var e = error
            e.file = shown
            throw Diagnostic(e.message, span: span, hint: e.hint)
        } catch let error as DiagnosticError {
            throw Diagnostic(error.message.replacingOccurrences(of: path, with: shown), span: span, hint: error.hint)
        }
    }

    /// `from "path" [key=value …]`: the file's table, from the cache when the file has not changed; with
    /// `columns`, only the columns it picks from the file's names (a CSV file parses only those).
    func fileSource(path shown: String, span: SourceSpan, options words: CommandArguments,
                    columns: (([String]) -> Set<String>?)? = nil) throws -> Table {
        let options = try Session.fileReadOptions(words.words, path: shown, usage: "from \"file.csv\" [key=value …] | …")
        let path = readTarget(DatasetsFolder.absolute(shown, base: pathBase))
        return try fileSources.table(FileSourceCache.Key(path: path, options: options.given), columns: columns) { chooser in
            let r = try readFile(shown, at: path, span: span, options: options, columns: chooser)
            // Warnings name the file as the user wrote it.
            return (r.table, r.warnings.map { $0.replacingOccurrences(of: path, with: shown) })
        }
    }
}
