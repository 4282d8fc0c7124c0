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

    static func parse(_ data: Data, workbook: XLSXWorkbook, sheet: String, part: String) throws -> SheetCells {
        var out = SheetCells()
        var row = -1, column = -1
        var type = "", style = -1
        var text = ""
        var inCell = false, inValue = false, inInline = false, phonetic = false
        var badRef: String? = nil
        var badIndex: (String, Int)? = nil
        let shared = workbook.sharedStrings, kinds = workbook.styleKinds, date1904 = workbook.date1904
        let events = XMLEvents()
        events.onStart = { [unowned events] name, a in
            switch name {
            case "row":
                if let r = a["r"] { row = (Int(r) ?? 0) - 1 } else { row += 1 }
                if row < 0 || row >= CellAddress.maxRows { badRef = badRef ?? "row \(a["r"] ?? "")" }
                column = -1
            case "c":
                inCell = true
                if let r = a["r"] {
                    if let address = CellAddress(r) { column = address.column; row = address.row } else { badRef = badRef ?? r }
                } else { column += 1 }
                type = a["t"] ?? "n"
                style = a["s"].flatMap { Int($0) } ?? -1
                text = ""
            case "v" where inCell: inValue = true; events.wantText = true
            case "is" where inCell: inInline = true
            case "rPh": phonetic = true
            case "t" where inInline: events.wantText = !phonetic
            case "mergeCell":
                if let ref = a["ref"], let range = CellRange(ref) { out.merges.append(range) }
            default: break
            }
        }
        events.onText = { text += $0 }
        events.onEnd = { [unowned events] name in
            switch name {
            case "v": inValue = false; events.wantText = false
            case "t": if inInline { events.wantText = false }
            case "rPh": phonetic = false
            case "is": inInline = false
            case "c":
                inCell = false
                let value: CellValue
                switch type {
                case "s":
                    if let k = Int(text), k >= 0, k < shared.count {
                        value = shared[k].isEmpty ? .empty : .text(shared[k])
                    } else {
                        if !text.isEmpty { badIndex = badIndex ?? (CellAddress(column: column, row: row).name, Int(text) ?? -1) }
                        value = .empty
                    }
                case "inlineStr", "str":
                    let s = OOXMLEscape.decode(text)
                    value = s.isEmpty ? .empty : .text(s)
                case "b": value = text.isEmpty ? .empty : .bool(text == "1" || text.lowercased() == "true")
                case "e": value = .error(text)
                case "d":
                    // ISO 8601 date cells (strict OOXML): `2024-01-31T00:00:00`.
                    var s = text.replacingOccurrences(of: "T", with: " ")
                    if s.hasSuffix(" 00:00:00") { s.removeLast(9) }
                    if s.hasSuffix("Z") { s.removeLast() }
                    value = s.isEmpty ? .empty : .date(s)
                default:
                    if text.isEmpty { value = .empty; break }
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    let exact = Int64(trimmed)
                    guard let d = exact.map(Double.init) ?? Double(trimmed) else { value = .text(text); break }
                    if style >= 0, style < kinds.count, let kind = kinds[style],
                       let shown = ExcelDate.text(serial: d, date1904: date1904, time: kind.time, timeOnly: !kind.date) {
                        value = .date(shown)
                    } else {
                        value = .number(d, exact: exact)
                    }
                }
                if !value.isEmpty, row >= 0, column >= 0 {
                    out.cells.append(Cell(row: Int32(row), column: Int32(column), value: value))
                }
            default: break
            }
        }
        try events.parse(data, malformed: workbook.malformed(part, sheet: sheet))
        if let badRef {
            throw XLSXError(file: workbook.file, sheet: sheet, problem: "`\(badRef)` is not a cell address; the file is damaged")
        }
        if let (cell, k) = badIndex {
            throw XLSXError(file: workbook.file, sheet: sheet, cell: cell,
                            problem: "shared string \(k) does not exist (the workbook has \(shared.count)); the file is damaged")
        }
        return out
    }
}
