import Tables
import Query

/// Typed, validated access to the columns of one named input table. Every accessor reports the
/// table, row and column of the first bad value (`ProjectionInputError`).
struct InputTable {
    let name: String
    let table: Table

    init(_ name: String, _ table: Table) { self.name = name; self.table = table }

    var rowCount: Int { table.rowCount }

    func error(row: Int? = nil, column: String? = nil, _ problem: String, hint: String? = nil) -> ProjectionInputError {
        ProjectionInputError(table: name, row: row.map { $0 + 1 }, column: column, problem: problem, hint: hint)
    }

    private func column(_ name: String) throws -> Column {
        guard let c = table.column(named: name) else {
            throw error(column: name, "missing column `\(name)`",
                        hint: "the table has " + table.columnNames.map { "`\($0)`" }.joined(separator: ", "))
        }
        return c
    }

    private func checkNulls(_ c: Column, _ name: String) throws {
        guard c.validity != nil else { return }
        for i in 0..<c.count where c.isNull(i) { throw error(row: i, column: name, "empty value") }
    }

    /// Text values (numbers are read as their text form).
    func text(_ name: String) throws -> [String] {
        let c = try column(name)
        try checkNulls(c, name)
        switch c.storage {
        case .string(let codes, let dict): return codes.map { dict[$0] }
        default: return (0..<c.count).map { c[$0].description }
        }
    }

    /// Numeric values; `min`/`max` bound them (a count must not be negative, a rate lies in [0, 1]).
    func numbers(_ name: String, min: Double? = nil, max: Double? = nil, what: String = "value") throws -> [Double] {
        let c = try column(name)
        try checkNulls(c, name)
        let values: [Double]
        switch c.storage {
        case .int(let a): values = a.map { Double($0) }
        case .double(let a): values = a
        case .bool: throw error(column: name, "expected numbers, found true/false")
        case .string(let codes, let dict):
            var out = [Double](); out.reserveCapacity(codes.count)
            for (i, code) in codes.enumerated() {
                guard let v = CommandArguments.number(dict[code]) else {
                    throw error(row: i, column: name, "`\(dict[code])` is not a number")
                }
                out.append(v)
            }
            values = out
        }
        for (i, v) in values.enumerated() {
            if !v.isFinite { throw error(row: i, column: name, "\(what) is not a finite number") }
            if let min, v < min {
                throw error(row: i, column: name, min == 0 && max == nil ? "negative \(what) \(NumberFormat.plain(v))"
                            : "\(what) \(NumberFormat.plain(v)) outside [\(NumberFormat.plain(min)), \(NumberFormat.plain(max ?? .infinity))]")
            }
            if let max, v > max {
                throw error(row: i, column: name,
                            "\(what) \(NumberFormat.plain(v)) outside [\(NumberFormat.plain(min ?? -.infinity)), \(NumberFormat.plain(max))]")
            }
        }
        return values
    }

    /// Whole numbers (years, ages).
    func integers(_ name: String, min: Int? = nil, max: Int? = nil, what: String = "value") throws -> [Int] {
        let d = try numbers(name, what: what)
        var out = [Int](); out.reserveCapacity(d.count)
        for (i, v) in d.enumerated() {
            guard v == v.rounded(), abs(v) < 1e9 else { throw error(row: i, column: name, "\(what) \(v) is not a whole number") }
            let n = Int(v)
            if let min, n < min { throw error(row: i, column: name, "\(what) \(n) is below \(min)") }
            if let max, n > max { throw error(row: i, column: name, "\(what) \(n) is above \(max)") }
            out.append(n)
        }
        return out
    }

    /// yes/no flags (`yes`, `no`, `true`, `false`, `1`, `0`, `ja`, `nei`).
    func flags(_ name: String) throws -> [Bool] {
        let c = try column(name)
        if case .bool(let a) = c.storage { try checkNulls(c, name); return a }
        let t = try text(name)
        return try t.enumerated().map { i, s in
            switch s.lowercased() {
            case "yes", "true", "1", "ja", "y": return true
            case "no", "false", "0", "nei", "n", "": return false
            default: throw error(row: i, column: name, "`\(s)` is not yes/no")
            }
        }
    }

    /// Sex codes: 0 = women (`kvinner`, `k`, `female`), 1 = men (`menn`, `m`, `male`).
    func sexes(_ name: String = "sex") throws -> [Int] {
        try mapped(name) { ProjectionInputs.sexCode($0) } failure: { i, s in
            error(row: i, column: name, "unknown sex `\(s)`", hint: "use `kvinner` or `menn`")
        }
    }

    /// Maps a text column through `f`, once per distinct value for dictionary-encoded columns.
    private func mapped(_ name: String, _ f: (String) -> Int?, failure: (Int, String) -> ProjectionInputError) throws -> [Int] {
        let c = try column(name)
        try checkNulls(c, name)
        if case .string(let codes, let dict) = c.storage {
            let table = dict.values.map(f)
            var out = [Int](); out.reserveCapacity(codes.count)
            for (i, code) in codes.enumerated() {
                guard let v = table[Int(code)] else { throw failure(i, dict[code]) }
                out.append(v)
            }
            return out
        }
        return try text(name).enumerated().map { i, s in
            guard let v = f(s) else { throw failure(i, s) }
            return v
        }
    }

    /// Codes of `names` in `known` (exact, case-insensitive); unknown names are errors.
    func codes(_ name: String, in known: [String], what: String, definedBy: String) throws -> [Int] {
        var lookup: [String: Int] = [:]
        for (i, k) in known.enumerated() { lookup[k.lowercased()] = i }
        return try mapped(name) { lookup[$0.lowercased()] } failure: { i, s in
            error(row: i, column: name, "unknown \(what) `\(s)` (not in `\(definedBy)`)",
                  hint: NameSuggester.hint(for: s, in: known))
        }
    }
}
