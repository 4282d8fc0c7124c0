import Foundation
import Tables
import Query

/// Reads data files for `load` and for lazily registered datasets.
enum DataLoading {
    /// A CSV file (or JSON-stat for `.json`), with the reader's warnings.
    static func read(path: String, options: CSVOptions, json: JSONStatOptions = .init()) throws -> (table: Table, warnings: [String]) {
        if FileKind.isStandardInput(path) {
            // Piped data, read as a stream: JSON-stat when it starts with `{`, else CSV.
            let data = try FileKind.readStream()
            if data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) == UInt8(ascii: "{") {
                return (try JSONStatReader.read(data: data, options: json), [])
            }
            let result = try CSVReader.read(data: data, name: path, options: options)
            return (result.table, result.warnings)
        }
        if path.lowercased().hasSuffix(".json") {
            return (try JSONStatReader.read(path: path, options: json), [])
        }
        let result = try CSVReader.read(path: path, options: options)
        return (result.table, result.warnings)
    }

    /// The size of a regular file in bytes, or nil (missing, not a file: the reader says why).
    static func fileSize(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? NSNumber else { return nil }
        return size.intValue
    }
}

extension Session {
    /// The options `load` accepts, with their usage.
    static let loadOptions: [String: String] = [
        "delimiter": "delimiter=comma | semicolon | tab | pipe, delimiter=; or any character in quotes: delimiter=\"|\"",
        "dataset": "dataset=NAME or dataset=NUMBER (which dataset of a JSON-stat bundle or collection)",
        "decimal": "decimal=dot | comma (or decimal=\",\")",
        "encoding": "encoding=auto | utf8 | latin1",
        "header": "header=yes | no",
        "ragged": "ragged=error | pad",
        "types": "types=yes | no (no: every column is text)",
    ]

    /// `load "path" [as NAME] [delimiter=semicolon decimal=comma encoding=latin1 header=no ragged=pad types=no]`.
    /// The dataset is bound only when the whole file was read.
    func load(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        var words = args.words[...]
        guard let pathWord = words.popFirst(), pathWord.key == nil else {
            throw Diagnostic("`load` needs a file name", span: args.words.first?.span ?? SourceSpan(start: args.commandSpan.end, end: args.commandSpan.end + 1),
                             hint: "load \"file.csv\" [as NAME]")
        }
        var name = ((pathWord.text as NSString).lastPathComponent as NSString).deletingPathExtension
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
        var options = CSVOptions()
        var json = JSONStatOptions()
        for word in words {
            guard let key = word.key else {
                throw Diagnostic("unexpected `\(word.text)`", span: word.span, hint: "load \"file.csv\" [as NAME] [key=value …]")
            }
            let value = word.value
            func bad(_ expected: String) -> Diagnostic {
                Diagnostic("`\(value)` is not a valid \(key)", span: word.valueSpan, hint: "use " + expected)
            }
            switch key {
            case "delimiter", "sep", "separator":
                switch value.lowercased() {
                case ",", "comma": options.delimiter = UInt8(ascii: ",")
                case ";", "semicolon": options.delimiter = UInt8(ascii: ";")
                case "tab", "\\t", "\t": options.delimiter = UInt8(ascii: "\t")
                case "|", "pipe": options.delimiter = UInt8(ascii: "|")
                default: throw bad(Session.loadOptions["delimiter"]!)
                }
            case "decimal":
                switch value.lowercased() {
                case ".", "dot", "point": options.decimalSeparator = UInt8(ascii: ".")
                case ",", "comma": options.decimalSeparator = UInt8(ascii: ",")
                default: throw bad(Session.loadOptions["decimal"]!) }
            case "encoding":
                switch value.lowercased() {
                case "auto": options.encoding = .auto
                case "utf8", "utf-8": options.encoding = .utf8
                case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252": options.encoding = .latin1
                default: throw bad(Session.loadOptions["encoding"]!)
                }
            case "header":
                guard let b = Session.yesNo(value) else { throw bad(Session.loadOptions["header"]!) }
                options.header = b
            case "ragged":
                switch value.lowercased() { case "error": options.ragged = .error; case "pad": options.ragged = .pad
                default: throw bad(Session.loadOptions["ragged"]!) }
            case "types":
                guard let b = Session.yesNo(value) else { throw bad(Session.loadOptions["types"]!) }
                options.inferTypes = b
            case "dataset":
                json.dataset = value
            default:
                let keys = Session.loadOptions.keys.sorted()
                throw Diagnostic("unknown option `\(key)`; options are \(keys.joined(separator: ", "))", span: word.span,
                                 hint: NameSuggester.hint(for: key, in: keys))
            }
        }
        let path = readTarget(DatasetsFolder.absolute(pathWord.text, base: pathBase))
        // A FIFO, device or folder is refused here (a FIFO with no writer would block forever).
        do { try FileKind.check(path: path, shownAs: pathWord.text, streams: true) } catch let e as Diagnostic {
            throw Diagnostic(e.message, span: pathWord.span, hint: e.hint)
        }
        // The typed columns of a CSV take up to about 1.2 times the file's size: refuse a load that
        // cannot fit in the memory budget before reading a byte of it.
        if let size = DataLoading.fileSize(path) {
            try MemoryBudget.reserve(size / 5 * 6, for: "loading `\(pathWord.text)`", span: pathWord.span)
        }
        let loaded: (table: Table, warnings: [String])
        do {
            loaded = try DataLoading.read(path: path, options: options, json: json)
        } catch var error as MemoryLimitError {
            error.span = error.span ?? pathWord.span
            throw error
        } catch let error as CSVError {
            // Name the file as the user wrote it; point at it in the statement.
            var e = error
            e.file = pathWord.text
            throw Diagnostic(e.message, span: pathWord.span, hint: e.hint)
        } catch let error as DiagnosticError {
            throw Diagnostic(error.message.replacingOccurrences(of: path, with: pathWord.text), span: pathWord.span, hint: error.hint)
        }
        registry.bind(name, table: loaded.table, origin: .loaded(path: path))
        // Warnings name the file as the user wrote it: no absolute path of this machine in a notebook.
        var lines = loaded.warnings.map { "warning: " + TextSafety.clean($0.replacingOccurrences(of: path, with: pathWord.text)) }
        lines.append("loaded \(TextSafety.clean(name)): \(NumberFormat.counted(loaded.table.rowCount, "row")), \(NumberFormat.counted(loaded.table.columnCount, "column"))")
        return lines.joined(separator: "\n")
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
