import Foundation
import Tables
import ZIPFoundation

/// An open `.xlsx` file: the ZIP archive, its sheets in workbook order, shared strings and which cell
/// styles show dates. Parts are read with a streaming XML parser, one at a time.
struct XLSXWorkbook {
    struct Sheet { var name: String; var part: String; var hidden: Bool }

    let file: String
    let archive: Archive
    var sheets: [Sheet] = []
    var date1904 = false
    /// Per cell style (`s="3"`): nil = a number, else whether it shows a date and/or a time.
    var styleKinds: [(date: Bool, time: Bool)?] = []
    var sharedStrings: [String] = []

    init(path: String, name: String) throws {
        file = name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw XLSXError(file: name, problem: "cannot open the file: No such file or directory")
        }
        if isDirectory.boolValue { throw XLSXError(file: name, problem: "is a folder, not a file") }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXError(file: name, problem: "not an Excel workbook: the file is not a ZIP archive",
                            hint: "an .xlsx is a ZIP of XML parts; an old .xls or a CSV renamed to .xlsx is not")
        }
        try open()
    }

    init(data: Data, name: String) throws {
        file = name
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw XLSXError(file: name, problem: "not an Excel workbook: the file is not a ZIP archive",
                            hint: "an .xlsx is a ZIP of XML parts; an old .xls or a CSV renamed to .xlsx is not")
        }
        try open()
    }

    /// The bytes of a part, or nil when the archive has no such entry.
    func part(_ path: String, sheet: String? = nil) throws -> Data? {
        let key = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let entry = archive[key] else { return nil }
        // A sheet's XML is held while it is parsed: check it fits before inflating it (a ZIP bomb stops here).
        try MemoryBudget.reserve(Int(clamping: entry.uncompressedSize) * 2, for: "reading \(file) (\(key))")
        var data = Data()
        data.reserveCapacity(Int(clamping: min(entry.uncompressedSize, 1 << 31)))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                try Cancellation.check()
                data.append(chunk)
            }
        } catch let e as CancelledError { throw e
        } catch let e as MemoryLimitError { throw e
        } catch {
            throw XLSXError(file: file, sheet: sheet, problem: "the part \(key) cannot be unpacked (\(error)); the file is damaged")
        }
        return data
    }

    func malformed(_ part: String, sheet: String? = nil) -> (Int, Int, String) -> Error {
        { line, column, reason in
            XLSXError(file: self.file, sheet: sheet, problem: "\(part) is not well-formed XML (line \(line), column \(column): \(reason))")
        }
    }

    private mutating func open() throws {
        guard let workbook = try part("xl/workbook.xml") else {
            throw XLSXError(file: file, problem: "not an Excel workbook: the archive has no xl/workbook.xml",
                            hint: "only .xlsx (Office Open XML) workbooks are read")
        }
        // Sheets in order, with their relationship ids.
        var listed: [(name: String, id: String, hidden: Bool)] = []
        var date1904 = false
        let events = XMLEvents()
        events.onStart = { name, attributes in
            switch name {
            case "sheet":
                let id = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
                listed.append((attributes["name"] ?? "", id, (attributes["state"] ?? "visible") != "visible"))
            case "workbookPr":
                let v = attributes["date1904"]?.lowercased()
                date1904 = v == "1" || v == "true"
            default: break
            }
        }
        try events.parse(workbook, malformed: malformed("xl/workbook.xml"))
        self.date1904 = date1904

        var targets: [String: String] = [:]
        var sharedStringsPart = "xl/sharedStrings.xml", stylesPart = "xl/styles.xml"
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            let r = XMLEvents()
            r.onStart = { name, attributes in
                guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
                let resolved = XLSXWorkbook.resolve(target)
                targets[id] = resolved
                let type = attributes["Type"] ?? ""
                if type.hasSuffix("/sharedStrings") { sharedStringsPart = resolved }
                if type.hasSuffix("/styles") { stylesPart = resolved }
            }
            try r.parse(rels, malformed: malformed("xl/_rels/workbook.xml.rels"))
        }
        sheets = listed.enumerated().map { k, s in
            Sheet(name: s.name, part: targets[s.id] ?? "xl/worksheets/sheet\(k + 1).xml", hidden: s.hidden)
        }
        if sheets.isEmpty { throw XLSXError(file: file, problem: "the workbook has no sheets") }
        if let data = try part(sharedStringsPart) { sharedStrings = try readSharedStrings(data, part: sharedStringsPart) }
        if let data = try part(stylesPart) { styleKinds = try readStyles(data, part: stylesPart) }
    }

    /// A relationship target, relative to `xl/` unless absolute.
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for p in target.split(separator: "/") {
            if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(String(p)) }
        }
        return parts.joined(separator: "/")
    }

    /// `<si>` items: plain `<t>` or rich-text runs `<r><t>`; phonetic runs (`<rPh>`) are not part of the text.
    private func readSharedStrings(_ data: Data, part: String) throws -> [String] {
        var out: [String] = []
        var current = ""
        var phonetic = false
        let events = XMLEvents()
        events.onStart = { [unowned events] name, _ in
            switch name {
            case "si": current = ""
            case "rPh": phonetic = true
            case "t": events.wantText = !phonetic
            default: break
            }
        }
        events.onText = { current += $0 }
        events.onEnd = { [unowned events] name in
            switch name {
            case "t": events.wantText = false
            case "rPh": phonetic = false
            case "si": out.append(OOXMLEscape.decode(current))
            default: break
            }
        }
        try events.parse(data, malformed: malformed(part))
        return out
    }

    /// Custom number formats and the `cellXfs` list: which style indexes show dates or times.
    private func readStyles(_ data: Data, part: String) throws -> [(date: Bool, time: Bool)?] {
        var custom: [Int: String] = [:]
        var kinds: [(date: Bool, time: Bool)?] = []
        var inCellXfs = false
        let events = XMLEvents()
        events.onStart = { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { custom[id] = code }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs:
                let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                if let code = custom[id] {
                    let k = ExcelDate.kind(ofFormat: code)
                    kinds.append(k.date || k.time ? k : nil)
                } else {
                    kinds.append(ExcelDate.builtinKind(id))
                }
            default: break
            }
        }
        events.onEnd = { name in if name == "cellXfs" { inCellXfs = false } }
        try events.parse(data, malformed: malformed(part))
        return kinds
    }

    /// The sheet called `name` (exact, then ignoring case), else the first visible sheet.
    func sheet(named name: String?) throws -> Sheet {
        guard let name else { return sheets.first { !$0.hidden } ?? sheets[0] }
        if let s = sheets.first(where: { $0.name == name }) ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return s
        }
        let names = sheets.map(\.name)
        throw XLSXError(file: file, problem: "no sheet `\(name)`; the sheets are " + names.map { "`\($0)`" }.joined(separator: ", "),
                        hint: NameSuggester.hint(for: name, in: names))
    }
}
