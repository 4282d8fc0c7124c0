import Foundation
import Tables
import ZIPFoundation

/// Writes a table as an `.xlsx` workbook with one sheet: a bold header row frozen in place, typed cells
/// (numbers, true/false, text as shared strings, and text columns whose every value is a date
/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` as real dates) and column widths fitted to the values.
/// Nulls and empty text are empty cells. The file is written atomically.
public enum XLSXWriter {
    /// Writes `table` to `path`; returns warnings (values Excel cannot hold exactly).
    @discardableResult
    public static func write(_ table: Table, to path: String, sheetName: String? = nil) throws -> [String] {
        let name = sheetName ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let (data, warnings) = try data(table, sheetName: name, file: path)
        try AtomicFile.write(data, to: path, cancellable: true)
        return warnings
    }

    /// The workbook's bytes and warnings.
    public static func data(_ table: Table, sheetName: String = "Sheet1", file: String = "data.xlsx") throws -> (Data, [String]) {
        guard table.rowCount + 1 <= CellAddress.maxRows else {
            throw XLSXError(file: file, problem: "a sheet holds at most \(NumberFormat.grouped(Int64(CellAddress.maxRows))) rows; the table has \(NumberFormat.grouped(Int64(table.rowCount))) and a header",
                            hint: "write .csv for tables this long")
        }
        guard table.columnCount <= CellAddress.maxColumns else {
            throw XLSXError(file: file, problem: "a sheet holds at most \(CellAddress.maxColumns) columns; the table has \(table.columnCount)")
        }
        // Before building it: the sheet's XML (about 40 bytes a cell), its compressed copy and the shared strings.
        let (cells, overflow) = (table.rowCount + 1).multipliedReportingOverflow(by: max(1, table.columnCount))
        try MemoryBudget.reserve(overflow ? .max : cells * 64,
                                 for: "writing \((file as NSString).lastPathComponent) (\(NumberFormat.grouped(Int64(table.rowCount))) rows)")
        var sheet = SheetWriter(table: table, file: file)
        let sheetXML = try sheet.sheetXML()
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rootRels.utf8)),
            ("docProps/app.xml", Array(appXML.utf8)),
            ("xl/workbook.xml", Array(workbookXML(sheetName: safeSheetName(sheetName)).utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
            ("xl/styles.xml", Array(stylesXML.utf8)),
            ("xl/sharedStrings.xml", sheet.sharedStringsXML()),
            ("xl/worksheets/sheet1.xml", sheetXML),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
            try Cancellation.check()
            let size = Int64(bytes.count)
            try bytes.withUnsafeBytes { raw in
                try archive.addEntry(with: path, type: .file, uncompressedSize: size, modificationDate: Date(timeIntervalSince1970: 1_704_067_200),
                                     compressionMethod: .deflate, bufferSize: 1 << 18) { position, count in
                    // compressing a big sheet takes seconds: look for Ctrl-C between pieces
                    try Cancellation.check()
                    return Data(raw[Int(position)..<Int(position) + count])
                }
            }
        }
        guard let data = archive.data else { throw XLSXError(file: file, problem: "the workbook could not be assembled") }
        return (data, sheet.warnings)
    }

    /// Excel's rules for sheet names: at most 31 characters, none of `[]:*?/\`, not empty.
    static func safeSheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' ")).isEmpty ? "Sheet1" : cleaned
    }

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes = header + """
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
    <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
    </Types>
    """

    static let rootRels = header + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
    </Relationships>
    """

    static let appXML = header + """
    <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>hws</Application></Properties>
    """

    static func workbookXML(sheetName: String) -> String {
        header + "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><bookViews><workbookView/></bookViews><sheets>"
            + "<sheet name=\"\(xmlEscaped(sheetName, attribute: true))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    }

    static let workbookRels = header + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
    </Relationships>
    """

    /// Styles: 0 default, 1 bold (the header), 2 date, 3 date and time.
    static let stylesXML = header + """
    <styleSheet xmlns="\(mainNS)">\
    <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
    <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """

    /// Text for XML: `& < >` (and `"` in attributes) escaped; characters XML 1.0 cannot hold, and a
    /// literal `_xHHHH_`, written as OOXML's `_xHHHH_` escapes.
    static func xmlEscaped(_ s: String, attribute: Bool = false) -> String {
        var out = [UInt8]()
        appendEscaped(s, to: &out, attribute: attribute)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendEscaped(_ s: String, to out: inout [UInt8], attribute: Bool = false) {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            let b = u[i]
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22 where attribute: out += Array("&quot;".utf8)
            case 0x0A where attribute: out += Array("&#10;".utf8)
            case 0x09, 0x0A, 0x0D: out.append(b)
            case 0..<0x20:
                out += Array(String(format: "_x%04X_", Int(b)).utf8)
            case 0x5F where i + 6 < u.count && u[i + 1] == 0x78 && u[i + 6] == 0x5F
                          && u[(i + 2)..<(i + 6)].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }):
                out += Array("_x005F_".utf8)
            case 0xEF where i + 2 < u.count && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF):
                // U+FFFE and U+FFFF are not XML characters either.
                out += Array(String(format: "_x%04X_", u[i + 2] == 0xBE ? 0xFFFE : 0xFFFF).utf8)
                i += 2
            default: out.append(b)
            }
            i += 1
        }
    }
}

/// The sheet part and its shared strings, built as bytes.
struct SheetWriter {
    let table: Table
    let file: String
    var warnings: [String] = []
    /// Shared strings in order of first use, and the count of string cells (`count` in the part).
    var strings: [String] = []
    var stringCells = 0
    private var index: [String: Int] = [:]

    init(table: Table, file: String) { self.table = table; self.file = file }

    mutating func shared(_ s: String) -> Int {
        stringCells += 1
        if let k = index[s] { return k }
        index[s] = strings.count
        strings.append(s)
        return strings.count - 1
    }

    func sharedStringsXML() -> [UInt8] {
        var out = Array((XLSXWriter.header + "<sst xmlns=\"\(XLSXWriter.mainNS)\" count=\"\(stringCells)\" uniqueCount=\"\(strings.count)\">").utf8)
        for s in strings {
            let edges = s.first.map { $0.isWhitespace } == true || s.last.map { $0.isWhitespace } == true
            out += Array((edges ? "<si><t xml:space=\"preserve\">" : "<si><t>").utf8)
            XLSXWriter.appendEscaped(s, to: &out)
            out += Array("</t></si>".utf8)
        }
        out += Array("</sst>".utf8)
        return out
    }

    /// How each column is written.
    enum Kind { case int, double, bool, text, date(time: Bool) }

    /// The worksheet part: frozen header row, column widths, then a row of cells per table row.
    mutating func sheetXML() throws -> [UInt8] {
        let ncols = table.columnCount, nrows = table.rowCount
        let letters = (0..<max(1, ncols)).map { Array(CellAddress.letters($0).utf8) }
        let (kinds, dateSerials) = try columnKinds()
        var out = [UInt8]()
        out.reserveCapacity(512 + nrows * ncols * 16)
        appendHead(to: &out, kinds: kinds, letters: letters)
        try appendRows(to: &out, kinds: kinds, dateSerials: dateSerials, letters: letters)
        out += Array("</sheetData></worksheet>".utf8)
        return out
    }

    /// How each column is written, and per text column written as dates the serial of each dictionary
    /// code; warns about integers Excel cannot hold exactly and about NaN and infinities.
    mutating func columnKinds() throws -> (kinds: [Kind], dateSerials: [[Double]]) {
        let nrows = table.rowCount
        var kinds: [Kind] = []
        var dateSerials: [[Double]] = []  // per text column written as dates: serial per dictionary code
        for (j, c) in table.columns.enumerated() {
            switch c.storage {
            case .int(let a):
                kinds.append(.int); dateSerials.append([])
                var beyond = 0
                try Cancellation.inBlocks(of: nrows) { block in
                    for i in block where !c.isNull(i) && a[i].magnitude > 1 << 53 { beyond += 1 }
                }
                if beyond > 0 {
                    warnings.append("column `\(table.columnNames[j])`: \(NumberFormat.counted(beyond, "integer")) beyond 2^53; Excel shows 15 significant digits")
                }
            case .double(let a):
                kinds.append(.double); dateSerials.append([])
                var special = 0
                try Cancellation.inBlocks(of: nrows) { block in
                    for i in block where !c.isNull(i) && !a[i].isFinite { special += 1 }
                }
                if special > 0 {
                    warnings.append("column `\(table.columnNames[j])`: \(NumberFormat.counted(special, "value")) NaN or infinite written as empty cells (Excel has no such numbers)")
                }
            case .bool: kinds.append(.bool); dateSerials.append([])
            case .string(let codes, let dictionary):
                if let (time, serials) = Self.dateSerials(c, codes: codes, dictionary: dictionary) {
                    kinds.append(.date(time: time)); dateSerials.append(serials)
                } else {
                    kinds.append(.text); dateSerials.append([])
                }
            }
        }
        return (kinds, dateSerials)
    }

    /// A text column whose every value is a date of the same form (so that reading gives back the same
    /// text), with a value in some row, is written as dates: whether they hold a time, and each code's serial.
    static func dateSerials(_ c: Column, codes: [UInt32], dictionary: StringDictionary) -> (time: Bool, serials: [Double])? {
        var serials: [Double] = []
        var hasTime = false
        guard dictionary.count > 0 else { return nil }
        for s in dictionary.values {
            guard let d = ExcelDate.serial(s) else { return nil }
            serials.append(d.serial); hasTime = hasTime || d.hasTime
        }
        if dictionary.values.contains(where: { ExcelDate.serial($0)!.hasTime != hasTime }) { return nil }
        guard codes.indices.contains(where: { !c.isNull($0) }) else { return nil }
        return (hasTime, serials)
    }

    /// Everything before the first data row: dimension, frozen pane, column widths and the header row.
    mutating func appendHead(to out: inout [UInt8], kinds: [Kind], letters: [[UInt8]]) {
        let ncols = table.columnCount, nrows = table.rowCount
        let lastCell = CellAddress(column: max(0, ncols - 1), row: nrows).name
        out += Array((XLSXWriter.header + "<worksheet xmlns=\"\(XLSXWriter.mainNS)\" xmlns:r=\"\(XLSXWriter.relNS)\">"
            + "<dimension ref=\"A1:\(lastCell)\"/>"
            + "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
            + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
            + "<sheetFormatPr defaultRowHeight=\"15\"/>").utf8)
        if ncols > 0 {
            out += Array("<cols>".utf8)
            for j in 0..<ncols {
                let w = width(j, kind: kinds[j])
                out += Array("<col min=\"\(j + 1)\" max=\"\(j + 1)\" width=\"\(w)\" customWidth=\"1\"/>".utf8)
            }
            out += Array("</cols>".utf8)
        }
        out += Array("<sheetData>".utf8)
        // The header row.
        out += Array("<row r=\"1\">".utf8)
        for (j, name) in table.columnNames.enumerated() {
            let k = shared(name)
            out += Array("<c r=\"".utf8); out += letters[j]; out += Array("1\" s=\"1\" t=\"s\"><v>\(k)</v></c>".utf8)
        }
        out += Array("</row>".utf8)
    }

    /// A `<row>` per table row (from sheet row 2), a cell per non-null value; a text longer than an Excel
    /// cell holds is an error naming the cell.
    mutating func appendRows(to out: inout [UInt8], kinds: [Kind], dateSerials: [[Double]], letters: [[UInt8]]) throws {
        let ncols = table.columnCount, nrows = table.rowCount
        // Shared-string indexes of each text column's dictionary, made on first use.
        var sharedCodes: [[Int]] = table.columns.map { c in
            if case .string(_, let d) = c.storage { return [Int](repeating: -1, count: d.count) }
            return []
        }
        // a row is a cell per column (about a µs each): blocks of about 32 k cells, not 64 k rows
        try Cancellation.inBlocks(of: nrows, size: max(64, (1 << 15) / max(1, ncols))) { block in
            for i in block {
                let r = Array(String(i + 2).utf8)
                out += Array("<row r=\"".utf8); out += r; out += Array("\">".utf8)
                for (j, c) in table.columns.enumerated() where !c.isNull(i) {
                    func open(_ attributes: String) {
                        out += Array("<c r=\"".utf8); out += letters[j]; out += r; out += Array(attributes.utf8)
                    }
                    switch (c.storage, kinds[j]) {
                    case (.int(let a), _):
                        open("\"><v>"); out += Array(String(a[i]).utf8)
                    case (.double(let a), _):
                        guard a[i].isFinite else { continue }
                        // Always with a point or an exponent, so the column reads back as decimals.
                        open("\"><v>"); out += Array(a[i].description.utf8)
                    case (.bool(let a), _):
                        open("\" t=\"b\"><v>"); out.append(a[i] ? 0x31 : 0x30)
                    case (.string(let codes, _), .date(let time)):
                        open(time ? "\" s=\"3\"><v>" : "\" s=\"2\"><v>")
                        out += Array(NumberFormat.plain(dateSerials[j][Int(codes[i])]).utf8)
                    case (.string(let codes, let d), _):
                        let code = Int(codes[i])
                        let s = d[codes[i]]
                        if s.isEmpty { continue }
                        if s.count > 32_767 {
                            throw XLSXError(file: file, cell: CellAddress(column: j, row: i + 1).name,
                                            problem: "column `\(table.columnNames[j])` holds \(s.count) characters; an Excel cell holds at most 32 767")
                        }
                        var k = sharedCodes[j][code]
                        if k < 0 { k = shared(s); sharedCodes[j][code] = k } else { stringCells += 1 }
                        open("\" t=\"s\"><v>"); out += Array(String(k).utf8)
                    }
                    out += Array("</v></c>".utf8)
                }
                out += Array("</row>".utf8)
            }
        }
    }

    /// A column's width in characters: its widest value among the first 10 000 rows or its name, plus
    /// room for the filter button, between 6 and 60.
    func width(_ j: Int, kind: Kind) -> Int {
        let c = table.columns[j]
        var widest = DisplayWidth.of(table.columnNames[j]) + 2
        switch kind {
        case .date(let time): widest = max(widest, time ? 19 : 10)
        case .text:
            if case .string(let codes, let d) = c.storage {
                for i in 0..<min(table.rowCount, 10_000) where !c.isNull(i) { widest = max(widest, DisplayWidth.of(d[codes[i]])) }
            }
        case .int, .double, .bool:
            for i in 0..<min(table.rowCount, 10_000) where !c.isNull(i) {
                widest = max(widest, c[i].description.count)
            }
        }
        return min(60, max(6, widest + 1))
    }
}
