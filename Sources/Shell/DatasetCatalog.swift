import Tables
import Foundation

/// What a `catalog.csv` (`name,title,source,unit,caveats`) says about one dataset.
public struct CatalogEntry: Sendable, Equatable {
    public var name: String
    public var title: String
    public var source: String
    public var unit: String
    public var caveats: String
    public init(name: String, title: String = "", source: String = "", unit: String = "", caveats: String = "") {
        self.name = name; self.title = title; self.source = source; self.unit = unit; self.caveats = caveats
    }
}

/// Reads `catalog.csv` files. They are small (one row per dataset), so a plain RFC 4180 reader over
/// `String` is enough and keeps start-up free of the bulk CSV machinery.
public enum DatasetCatalog {
    /// The entries of the catalog file at `path`; columns are found by header name, extra columns ignored.
    public static func read(path: String) throws -> [CatalogEntry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        return try parse(text)
    }

    /// Parses catalog text (UTF-8, optional BOM, `,` separated, `"` quoting). A catalog without a `name`
    /// column or with a quote that never closes is an error, not an empty catalog.
    public static func parse(_ text: String) throws -> [CatalogEntry] {
        let (parsed, openQuoteLine) = records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        if let line = openQuoteLine { throw Diagnostic("a quote opened on line \(line) is never closed") }
        var rows = parsed
        guard !rows.isEmpty else { return [] }
        let header = rows.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func col(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let nameIndex = col("name") else {
            throw Diagnostic("no `name` column (the header is \(header.joined(separator: ", ")))")
        }
        let t = col("title"), s = col("source"), u = col("unit"), c = col("caveats")
        func field(_ row: [String], _ i: Int?) -> String {
            guard let i, i < row.count else { return "" }
            return row[i].trimmingCharacters(in: .whitespaces)
        }
        return rows.compactMap { row in
            let name = field(row, nameIndex)
            guard !name.isEmpty else { return nil }
            return CatalogEntry(name: name.hasSuffix(".csv") ? String(name.dropLast(4)) : name,
                                title: field(row, t), source: field(row, s), unit: field(row, u), caveats: field(row, c))
        }
    }

    /// Splits CSV text into records of fields (quotes, doubled quotes, embedded newlines, CRLF), and the line
    /// of a quote left open at the end.
    static func records(_ text: String) -> ([[String]], Int?) {
        var line = 1
        var quoteLine = 0
        var out: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"": inQuotes = true; quoteLine = line
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r":
                line += 1
                row.append(field); field = ""
                if !(row.count == 1 && row[0].isEmpty) { out.append(row) }
                row = []
            default: field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); out.append(row) }
        return (out, inQuotes ? quoteLine : nil)
    }
}
