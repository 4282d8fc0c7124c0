import Foundation
import Tables
import Query

extension Session {
    /// `datasets`: name, rows (or `not loaded`), columns, and the title from the catalog (or the file).
    func listDatasets(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        if let extra = args.words.first { throw Diagnostic("`datasets` takes no arguments", span: extra.span) }
        let names = registry.names
        guard !names.isEmpty else {
            return "no datasets" + (registry.folder == nil ? " (no datasets folder found; use `load \"file.csv\"`)" : "")
        }
        var rows: [[Value]] = []
        for name in names {
            let e = registry.entry(name)!
            let rowsValue: Value = e.table.map { .int(Int64($0.rowCount)) } ?? .string("not loaded")
            let cols: Value = e.table.map { .int(Int64($0.columnCount)) } ?? .null
            let about: String
            switch e.origin {
            case .derived: about = "let"
            case .loaded(let p): about = e.catalog?.title.nonEmpty ?? p
            case .bundled: about = e.catalog?.title.nonEmpty ?? ""
            }
            rows.append([.string(name), rowsValue, cols, .string(about)])
        }
        let table = Table([
            ("name", Column(strings: rows.map { $0[0].asString! })),
            ("rows", Column(strings: rows.map { r -> String in
                if case .int(let n) = r[1] { return NumberFormat.grouped(n) } else { return r[1].asString ?? "" }
            })),
            ("columns", Column(values: rows.map { $0[2] }, type: .int)),
            ("title", Column(strings: rows.map { $0[3].asString! })),
        ])
        return render(table)
    }
}

extension String {
    /// nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
