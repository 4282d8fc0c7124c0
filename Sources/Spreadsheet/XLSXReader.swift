import Foundation
import Tables

/// How to read a workbook: which sheet, which cells, whether the first row holds the names.
public struct XLSXOptions: Sendable, Equatable {
    /// The sheet's name; nil = the first visible sheet.
    public var sheet: String?
    /// Only these cells (`A3:F200`); nil = every cell of the sheet.
    public var range: CellRange?
    /// Whether the first row holds column names; nil = detect (it does unless it holds a number, a date or
    /// a true/false).
    public var header: Bool?
    /// false: every column is text.
    public var inferTypes: Bool

    public init(sheet: String? = nil, range: CellRange? = nil, header: Bool? = nil, inferTypes: Bool = true) {
        self.sheet = sheet; self.range = range; self.header = header; self.inferTypes = inferTypes
    }
}

/// A sheet read as a table, what the reader had to decide (one line each), and the title row found above
/// the header (KOSTRA and SSB extracts put the table's name there, often merged across the columns).
public struct XLSXLoadResult: Sendable {
    public var table: Table
    public var warnings: [String]
    public var title: String?
    /// The sheet that was read.
    public var sheet: String
}

/// Reads `.xlsx` workbooks (Office Open XML) into typed tables.
///
/// One sheet is read with a streaming XML parser. Cells keep their types: numbers (integers when every
/// value of the column is written without a fraction), dates (cells whose style is a date format) as
/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` text, true/false, and text from shared or inline strings. A column
/// whose cells are of several kinds is text, with a warning when most of it was numbers; SSB's missing
/// markers (`..`, `.`, `:`, `-`) in a numeric column are nulls. Rows above the header that hold one value
/// only (a title, often merged across the table) are skipped and the first becomes the title; in a sheet
/// with such a title, one-value rows below the table after a blank row (sources, notes) are left out with
/// a warning. A merged cell's
/// value fills every cell of the merge. Empty rows inside the table are rows of nulls; empty text is null.
public enum XLSXReader {
    public static func read(path: String, options: XLSXOptions = .init()) throws -> XLSXLoadResult {
        let workbook = try XLSXWorkbook(path: path, name: path)
        return try read(workbook, options: options)
    }

    /// Reads a workbook held in memory; `name` stands for the file in messages.
    public static func read(data: Data, name: String = "data.xlsx", options: XLSXOptions = .init()) throws -> XLSXLoadResult {
        try read(try XLSXWorkbook(data: data, name: name), options: options)
    }

    /// The names of the workbook's sheets, in order.
    public static func sheetNames(path: String) throws -> [String] {
        try XLSXWorkbook(path: path, name: path).sheets.map(\.name)
    }

    static func read(_ workbook: XLSXWorkbook, options: XLSXOptions) throws -> XLSXLoadResult {
        let sheet = try workbook.sheet(named: options.sheet)
        guard let data = try workbook.part(sheet.part, sheet: sheet.name) else {
            throw XLSXError(file: workbook.file, sheet: sheet.name, problem: "the sheet's part \(sheet.part) is missing; the file is damaged")
        }
        let cells = try SheetCells.parse(data, workbook: workbook, sheet: sheet.name, part: sheet.part)
        try Cancellation.check()
        return try SheetTable(cells: cells, workbook: workbook, sheet: sheet.name, options: options).build()
    }
}

/// A cell's value as the sheet stores it.
enum CellValue {
    case empty
    /// A number; `exact` when its text is an integer (no fraction, no exponent).
    case number(Double, exact: Int64?)
    case text(String)
    case bool(Bool)
    /// A date or time, already as text.
    case date(String)
    /// `#DIV/0!`, `#N/A`, …
    case error(String)

    var isEmpty: Bool { if case .empty = self { return true }; return false }
    var isText: Bool { if case .text = self { return true }; return false }

    /// The value as text (for names and text columns); nil for empty and errors.
    var text: String? {
        switch self {
        case .empty, .error: return nil
        case .number(let d, let exact): return exact.map { String($0) } ?? NumberFormat.plain(d)
        case .text(let s), .date(let s): return s
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

/// The non-empty cells of one sheet, row by row, and its merged ranges.
struct SheetCells {
    struct Cell { var row: Int32; var column: Int32; var value: CellValue }
    var cells: [Cell] = []
    var merges: [CellRange] = []

    /// The cell's type attribute `t`.
    enum Kind { case number, shared, inline, formulaString, bool, error, isoDate }

    /// The cells of the sheet part `data`, in one streaming pass; a damaged cell address or shared-string
    /// index is an error naming the sheet (and cell).
    static func parse(_ data: Data, workbook: XLSXWorkbook, sheet: String, part: String) throws -> SheetCells {
        var out = SheetCells()
        var row = -1, column = -1
        var kind = Kind.number, style = -1
        var value: Range<Int>? = nil   // the `<v>` text when it came in one piece with no entities
        var text = ""                  // otherwise (and inline strings) as decoded text
        var pieces = 0
        var inCell = false, inValue = false, inInline = false, phonetic = false, inText = false
        var badRef: String? = nil
        var badIndex: (String, Int)? = nil
        let shared = workbook.sharedStrings
        let decoder = CellDecoder(shared: shared, styleKinds: workbook.styleKinds, date1904: workbook.date1904)
        try XMLScanner.scan(data, malformed: workbook.malformed(part, sheet: sheet)) { x, event in
            switch event {
            case .start(let name, let empty):
                if x.equals(name, "c") {
                    if let r = x.attribute("r") {
                        if let a = XMLScanner.address(x.bytes, r) { column = a.column; row = a.row }
                        else { badRef = badRef ?? (try? x.string(r)) ?? "?" }  // (only for the message; "?" if unreadable)
                    } else { column += 1 }
                    if let t = x.attribute("t") { kind = Self.kind(x, t) } else { kind = .number }
                    style = x.attributeInt("s") ?? -1
                    value = nil; text = ""; pieces = 0
                    inCell = !empty
                } else if x.equals(name, "row") {
                    if x.attribute("r") != nil {
                        guard let r = x.attributeInt("r"), r >= 1, r <= CellAddress.maxRows else {
                            badRef = badRef ?? "row " + ((try? x.attributeString("r")) ?? "?"); return  // (message only)
                        }
                        row = r - 1
                    } else { row += 1 }
                    column = -1
                } else if inCell, x.equals(name, "v") {
                    inValue = !empty
                } else if inCell, x.equals(name, "is") {
                    inInline = !empty
                } else if x.equals(name, "rPh") {
                    phonetic = !empty
                } else if inInline, x.equals(name, "t") {
                    inText = !phonetic && !empty
                } else if x.equals(name, "mergeCell"), let ref = try x.attributeString("ref"), let range = CellRange(ref) {
                    out.merges.append(range)
                }
            case .text(let r, let raw):
                if inValue {
                    pieces += 1
                    if pieces == 1 && raw { value = r } else {
                        if let v = value { text = try x.string(v, raw: true); value = nil }
                        text += try x.string(r, raw: raw)
                    }
                } else if inText {
                    text += try x.string(r, raw: raw)
                }
            case .end(let name):
                if x.equals(name, "v") { inValue = false }
                else if x.equals(name, "t") { inText = false }
                else if x.equals(name, "rPh") { phonetic = false }
                else if x.equals(name, "is") { inInline = false }
                else if x.equals(name, "c") {
                    inCell = false
                    guard row >= 0, column >= 0 else { return }
                    guard let cell = decoder.value(kind: kind, style: style, raw: value, text: text, bytes: x.bytes) else {
                        // A shared-string index that does not exist (reported after the scan).
                        badIndex = badIndex ?? (CellAddress(column: column, row: row).name, Int(value.flatMap { XMLScanner.integer(x.bytes, $0) } ?? -1))
                        return
                    }
                    if !cell.isEmpty { out.cells.append(Cell(row: Int32(row), column: Int32(column), value: cell)) }
                }
            }
        }
        if let badRef {
            throw XLSXError(file: workbook.file, sheet: sheet, problem: "`\(badRef)` is not a cell address; the file is damaged")
        }
        if let (cell, k) = badIndex {
            throw XLSXError(file: workbook.file, sheet: sheet, cell: cell,
                            problem: "shared string \(k) does not exist (the workbook has \(shared.count)); the file is damaged")
        }
        return out
    }

    /// The kind a cell's `t` attribute names (unknown kinds read as numbers).
    @inline(__always)
    static func kind(_ x: borrowing XMLScanner, _ t: Range<Int>) -> Kind {
        x.equals(t, "s") ? .shared : x.equals(t, "n") ? .number : x.equals(t, "inlineStr") ? .inline
            : x.equals(t, "str") ? .formulaString : x.equals(t, "b") ? .bool : x.equals(t, "e") ? .error
            : x.equals(t, "d") ? .isoDate : .number
    }

    /// Turns a cell's stored text into its value: shared strings looked up, numbers parsed, dates by
    /// their number style (or ISO text).
    struct CellDecoder {
        let shared: [String]
        let styleKinds: [(date: Bool, time: Bool)?]
        let date1904: Bool

        /// The value of a cell of `kind` and `style`: its `<v>` text is `raw` (a byte range of `bytes`,
        /// when it came in one piece with no entities) or else `text`. `.empty` for a cell with nothing in
        /// it; nil when a shared-string index does not exist.
        @inline(__always)
        func value(kind: Kind, style: Int, raw value: Range<Int>?, text: String,
                   bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
            func rawText(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
            switch kind {
            case .shared:
                let k: Int64? = value.flatMap { XMLScanner.integer(bytes, $0) } ?? Int64(text)
                guard let k, k >= 0, k < shared.count else {
                    return value != nil || !text.isEmpty ? nil : .empty
                }
                return shared[Int(k)].isEmpty ? .empty : .text(shared[Int(k)])
            case .inline, .formulaString:
                let s = OOXMLEscape.decode(value.map(rawText) ?? text)
                return s.isEmpty ? .empty : .text(s)
            case .bool:
                let s = value.map(rawText) ?? text
                return s.isEmpty ? .empty : .bool(s == "1" || s.lowercased() == "true")
            case .error:
                return .error(value.map(rawText) ?? text)
            case .isoDate:
                // ISO 8601 date cells (strict OOXML): `2024-01-31T00:00:00`.
                var s = (value.map(rawText) ?? text).replacingOccurrences(of: "T", with: " ")
                if s.hasSuffix("Z") { s.removeLast() }
                if s.hasSuffix(" 00:00:00") { s.removeLast(9) }
                return s.isEmpty ? .empty : .date(s)
            case .number:
                return number(style: style, raw: value, text: text, bytes: bytes)
            }
        }

        /// A number cell: the number (exact when its text is an integer), a date when its style is a date
        /// format, the text as written when it is no number, `.empty` when blank.
        @inline(__always)
        func number(style: Int, raw value: Range<Int>?, text: String, bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
            var exact: Int64? = nil
            var d: Double? = nil
            if let v = value {
                if v.isEmpty { return .empty }
                exact = XMLScanner.integer(bytes, v)
                d = exact.map(Double.init) ?? Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[v]), as: UTF8.self)
                                                        .trimmingCharacters(in: .whitespaces))
            } else {
                let t = text.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .empty }
                exact = Int64(t)
                d = exact.map(Double.init) ?? Double(t)
            }
            guard let d else { return .text(value.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } ?? text) }
            if style >= 0, style < styleKinds.count, let kind = styleKinds[style],
               let shown = ExcelDate.text(serial: d, date1904: date1904, time: kind.time, timeOnly: !kind.date) {
                return .date(shown)
            }
            return .number(d, exact: exact)
        }
    }
}
