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
        try XMLScanner.scan(workbook, malformed: malformed("xl/workbook.xml")) { x, event in
            guard case .start(let name, _) = event else { return }
            if x.equals(name, "sheet") {
                // r:id: the attribute's local name is `id` (the sheet has no other `id`).
                listed.append((try x.attributeString("name") ?? "", try x.attributeString("id") ?? "",
                               (try x.attributeString("state") ?? "visible") != "visible"))
            } else if x.equals(name, "workbookPr") {
                let v = try x.attributeString("date1904")?.lowercased()
                date1904 = v == "1" || v == "true"
            }
        }
        self.date1904 = date1904

        var targets: [String: String] = [:]
        var sharedStringsPart = "xl/sharedStrings.xml", stylesPart = "xl/styles.xml"
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            try XMLScanner.scan(rels, malformed: malformed("xl/_rels/workbook.xml.rels")) { x, event in
                guard case .start(let name, _) = event, x.equals(name, "Relationship"),
                      let id = try x.attributeString("Id"), let target = try x.attributeString("Target") else { return }
                let resolved = XLSXWorkbook.resolve(target)
                targets[id] = resolved
                let type = try x.attributeString("Type") ?? ""
                if type.hasSuffix("/sharedStrings") { sharedStringsPart = resolved }
                if type.hasSuffix("/styles") { stylesPart = resolved }
            }
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
        var phonetic = false, inText = false
        try XMLScanner.scan(data, malformed: malformed(part)) { x, event in
            switch event {
            case .start(let name, let empty):
                if x.equals(name, "si") { current = "" }
                else if x.equals(name, "rPh") { phonetic = !empty }
                else if x.equals(name, "t") { inText = !phonetic && !empty }
                if empty && x.equals(name, "si") { out.append("") }
            case .text(let r, let raw):
                if inText { current += try x.string(r, raw: raw) }
            case .end(let name):
                if x.equals(name, "t") { inText = false }
                else if x.equals(name, "rPh") { phonetic = false }
                else if x.equals(name, "si") { out.append(OOXMLEscape.decode(current)) }
            }
        }
        return out
    }

    /// Custom number formats and the `cellXfs` list: which style indexes show dates or times.
    private func readStyles(_ data: Data, part: String) throws -> [(date: Bool, time: Bool)?] {
        var custom: [Int: String] = [:]
        var kinds: [(date: Bool, time: Bool)?] = []
        var inCellXfs = false
        try XMLScanner.scan(data, malformed: malformed(part)) { x, event in
            switch event {
            case .start(let name, let empty):
                if x.equals(name, "numFmt") {
                    if let id = x.attributeInt("numFmtId"), let code = try x.attributeString("formatCode") { custom[id] = code }
                } else if x.equals(name, "cellXfs") {
                    inCellXfs = !empty
                } else if inCellXfs, x.equals(name, "xf") {
                    let id = x.attributeInt("numFmtId") ?? 0
                    if let code = custom[id] {
                        let k = ExcelDate.kind(ofFormat: code)
                        kinds.append(k.date || k.time ? k : nil)
                    } else {
                        kinds.append(ExcelDate.builtinKind(id))
                    }
                }
            case .end(let name):
                if x.equals(name, "cellXfs") { inCellXfs = false }
            case .text: break
            }
        }
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
