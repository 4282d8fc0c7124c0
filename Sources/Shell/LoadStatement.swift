import Foundation
import Tables
import Query

/// Reads data files for `load` and for lazily registered datasets.
enum DataLoading {
    /// A data file in the format its extension names (see `FileFormat`), with the reader's warnings.
    static func read(path: String, options: CSVOptions) throws -> (table: Table, warnings: [String]) {
        let r = try read(path: path, options: FileReadOptions(csv: options))
        return (r.table, r.warnings)
    }

    /// The size of a regular file in bytes, or nil (missing, not a file: the reader says why).
    static func fileSize(_ path: String) -> Int? {
        // nil on purpose: the reader reports a missing or unreadable file with its own reason.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? NSNumber else { return nil }
        return size.intValue
    }
}

extension Session {
    /// The options `load` accepts, with their usage.
    static var loadOptions: [String: String] { fileOptions }

    /// `load "path" [as NAME] [delimiter=semicolon decimal=comma encoding=latin1 header=no ragged=pad types=no]`,
    /// for a workbook `load "x.xlsx" [as NAME] [sheet="Ark 2"] [range=A3:F200] [header=] [types=]`.
    /// The dataset is bound only when the whole file was read.
    func load(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        var words = args.words[...]
        guard let pathWord = words.popFirst(), pathWord.key == nil else {
            throw Diagnostic("`load` needs a file name", span: args.words.first?.span ?? SourceSpan(start: args.commandSpan.end, end: args.commandSpan.end + 1),
                             hint: "load \"file.csv\" [as NAME]")
        }
        var name = ((pathWord.text as NSString).lastPathComponent as NSString).deletingPathExtension
        if FileFormat.of(pathWord.text)?.gzip == true { name = (name as NSString).deletingPathExtension }
        if let asWord = words.first, asWord.key == nil, asWord.text.lowercased() == "as" {
            words.removeFirst()
            guard let nameWord = words.popFirst(), nameWord.key == nil else {
                throw Diagnostic("`as` needs a dataset name", span: asWord.span, hint: "load \"file.csv\" as NAME")
            }
            guard Session.isValidName(nameWord.text) else {
                throw Diagnostic("`\(nameWord.text)` cannot name a dataset", span: nameWord.span,
                                 hint: "use letters, digits and _ (æøå are fine), not starting with a digit")
            }
            name = nameWord.text
        }
        let options = try Session.fileReadOptions(words, path: pathWord.text, usage: "load \"file.csv\" [as NAME] [key=value …]")
        let path = readTarget(DatasetsFolder.absolute(pathWord.text, base: pathBase))
        let warnings: [String], rows: Int, columns: Int
        if let lazy = try loadLazily(pathWord.text, at: path, span: pathWord.span, options: options) {
            // An uncompressed CSV or TSV file: its columns are parsed when a question needs them.
            registry.bind(name, lazy: lazy.file, origin: .loaded(path: path))
            (warnings, rows, columns) = (lazy.warnings, lazy.file.rowCount, lazy.file.names.count)
        } else {
            let loaded = try readFile(pathWord.text, at: path, span: pathWord.span, options: options)
            registry.bind(name, table: loaded.table, origin: .loaded(path: path))
            (warnings, rows, columns) = (loaded.warnings, loaded.table.rowCount, loaded.table.columnCount)
        }
        // Warnings name the file as the user wrote it: no absolute path of this machine in a notebook.
        var lines = warnings.map { "warning: " + TextSafety.clean($0.replacingOccurrences(of: path, with: pathWord.text)) }
        lines.append("loaded \(TextSafety.clean(name)): \(NumberFormat.counted(rows, "row")), \(NumberFormat.counted(columns, "column"))")
        return lines.joined(separator: "\n")
    }

    /// `load` of an uncompressed CSV or TSV file (by its extension) that is a non-empty regular file: opened and
    /// read without parsing a column (`LazyCSVFile`). Nil for every other file, which is read whole.
    func loadLazily(_ shown: String, at path: String, span: SourceSpan,
                    options: FileReadOptions) throws -> (file: LazyCSVFile, warnings: [String])? {
        guard let (format, gzip) = FileFormat.of(shown), format == .csv || format == .tsv,
              LazyCSVFile.applies(to: path, gzip: gzip) else { return nil }
        do { try FileKind.check(path: path, shownAs: shown, streams: false) } catch let e as Diagnostic {
            throw Diagnostic(e.message, span: span, hint: e.hint)
        }
        // As for an eager load: refuse a file whose typed columns (up to about 1.2 times its size) cannot fit,
        // before reading a byte (a whole-table use parses them all).
        if let size = DataLoading.fileSize(path) {
            try MemoryBudget.reserve(size / 5 * 6, for: "loading `\(shown)`", span: span)
        }
        var csv = options.csv
        if format == .tsv, csv.delimiter == nil { csv.delimiter = UInt8(ascii: "\t") }
        return try Session.namingFile(shown, at: path, span: span) { try LazyCSVFile.open(shown: shown, path: path, options: csv) }
    }

    static func yesNo(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: return nil
        }
    }

    /// True for a name usable as a dataset name without quotes.
    static func isValidName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
