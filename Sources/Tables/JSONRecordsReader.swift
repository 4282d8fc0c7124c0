import Foundation

/// Reads a JSON array of records — `[{"a": 1, "b": "x"}, …]`, what `write "x.json"` writes — into a table.
///
/// Columns are the members in the order they first appear; a record without a member has null there.
/// Each column's type is decided over the whole column: integers only → int, integers and decimals →
/// double, `true`/`false` only → bool, text only (or nothing but nulls) → text. A column that mixes kinds
/// (numbers and text) is read as text, each value as written, with a warning. Integers are exact up to
/// Int64; a larger one makes its column double, with a warning. Nested arrays and objects are an error
/// naming the record and member.
public enum JSONRecordsReader {
    /// Whether `data` looks like an array of records (its first non-space character is `[`), not JSON-stat.
    public static func isRecords(_ data: Data) -> Bool {
        let utf8 = JSONStatReader.asUTF8(data)
        return utf8.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) == UInt8(ascii: "[")
    }

    /// Reads the file at `path`; errors name the file.
    public static func read(path: String) throws -> CSVLoadResult {
        if let problem = FileKind.problem(path) { throw JSONStatError("`\(path)` \(problem)") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw JSONStatError("cannot read `\(path)`: \(error.localizedDescription)")
        }
        do { return try read(data: data) } catch let e as JSONStatError {
            throw JSONStatError("\(path): \(e.message)", hint: e.hint)
        }
    }

    static let hint = "a JSON table is an array of objects, one per row: [{\"a\": 1, \"b\": \"x\"}, …]"

    /// One cell as read; numbers keep how they were written.
    enum Cell { case null, bool(Bool), int(Int64), double(Double), big(Double), text(String) }

    /// Reads an array of records held in memory.
    public static func read(data: Data) throws -> CSVLoadResult {
        var literals: [JSONStatParser.NumberLiteral] = []
        let root: JSONStatValue
        do { root = try JSONStatParser.parse(JSONStatReader.asUTF8(data), literals: &literals) } catch let e as JSONStatError {
            throw JSONStatError(e.message, hint: hint)
        }
        guard let records = root.arrayElements else {
            throw JSONStatError("a JSON table must be an array of objects, not \(root.kind)", hint: hint)
        }
        let (names, cells) = try cells(of: records, literals: literals)
        var warnings: [String] = []
        let (unique, renamed) = ColumnNames.unique(names)
        if !renamed.isEmpty { warnings.append("column names made unique: " + renamed.joined(separator: ", ")) }
        var columns: [(String, Column)] = []
        for (j, column) in cells.enumerated() {
            try Cancellation.check()
            columns.append((unique[j], typedColumn(column, name: unique[j], warnings: &warnings)))
        }
        guard !columns.isEmpty else {
            if records.isEmpty { throw JSONStatError("the JSON table holds no records, so it has no columns", hint: hint) }
            throw JSONStatError("the JSON table's records have no members, so it has no columns", hint: hint)
        }
        return CSVLoadResult(table: Table(columns), warnings: warnings)
    }

    /// The member names in order of first appearance, and per name a cell a record (null where a record
    /// lacks the member; a repeated member: the last wins). `literals`: how each number was written, in order.
    static func cells(of records: [JSONStatValue], literals: [JSONStatParser.NumberLiteral]) throws
        -> (names: [String], cells: [[Cell]]) {
        var names: [String] = []
        var index: [String: Int] = [:]
        var cells: [[Cell]] = []  // per column, one per record seen so far (missing members padded with null)
        var nextLiteral = 0
        for (r, record) in records.enumerated() {
            if r & 0xFFFF == 0 { try Cancellation.check() }
            guard let members = record.objectMembers else {
                throw JSONStatError("record \(r + 1) is \(record.kind), not an object", hint: hint)
            }
            var seen = [Bool](repeating: false, count: names.count)
            for (key, value) in members {
                let cell: Cell
                switch value {
                case .null: cell = .null
                case .bool(let b): cell = .bool(b)
                case .string(let s): cell = .text(s)
                case .number(let d):
                    switch literals[nextLiteral] {
                    case .int(let i): cell = .int(i)
                    case .bigInt: cell = .big(d)
                    case .decimal: cell = .double(d)
                    }
                    nextLiteral += 1
                case .array, .object:
                    throw JSONStatError("record \(r + 1), member \"\(key)\": \(value.kind) cannot be a table cell",
                                        hint: "each member of a record must be text, a number, true, false or null")
                }
                let j: Int
                if let known = index[key] { j = known } else {
                    j = names.count
                    index[key] = j
                    names.append(key)
                    cells.append([Cell](repeating: .null, count: r))
                    seen.append(false)
                }
                if seen[j] { cells[j][r] = cell } else { cells[j].append(cell); seen[j] = true }  // repeated: the last wins
            }
            for j in 0..<seen.count where !seen[j] { cells[j].append(.null) }
        }
        return (names, cells)
    }

    /// A column of cells, typed over all of them: int, double (with a warning for integers beyond 64 bits),
    /// bool, or text (with a warning when kinds are mixed, each value as written).
    static func typedColumn(_ column: [Cell], name: String, warnings: inout [String]) -> Column {
        var ints = 0, doubles = 0, bigs = 0, bools = 0, texts = 0
        for c in column {
            switch c {
            case .null: break
            case .bool: bools += 1
            case .int: ints += 1
            case .double: doubles += 1
            case .big: bigs += 1
            case .text: texts += 1
            }
        }
        let numbers = ints + doubles + bigs
        let kinds = (numbers > 0 ? 1 : 0) + (bools > 0 ? 1 : 0) + (texts > 0 ? 1 : 0)
        if kinds > 1 {
            warnings.append("column `\(name)`: mixed values (\([numbers > 0 ? "numbers" : nil, bools > 0 ? "true/false" : nil, texts > 0 ? "text" : nil].compactMap { $0 }.joined(separator: ", "))) read as text")
        }
        if kinds == 1, numbers > 0 {
            if bigs > 0 {
                warnings.append("column `\(name)`: \(NumberFormat.counted(bigs, "integer")) too large for 64 bits; read as decimals")
            }
            if doubles + bigs == 0 {
                return Column(values: column.map { if case .int(let i) = $0 { return .int(i) }; return .null }, type: .int)
            }
            return Column(values: column.map {
                switch $0 { case .int(let i): return .double(Double(i)); case .double(let d), .big(let d): return .double(d); default: return .null }
            }, type: .double)
        }
        if kinds == 1, bools > 0 {
            return Column(values: column.map { if case .bool(let b) = $0 { return .bool(b) }; return .null }, type: .bool)
        }
        return Column(strings: column.map {
            switch $0 {
            case .null: return nil
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return String(i)
            case .double(let d), .big(let d): return NumberFormat.plain(d)
            case .text(let s): return s
            }
        })
    }
}
