import Tables
import Query

/// Typed, validated access to the columns of one named input table; every accessor reports the table,
/// row and column of the first bad value as a `PlanInputError`.
struct PlanTable {
    let name: String
    let table: Table

    init(_ name: String, _ table: Table) { self.name = name; self.table = table }

    var rowCount: Int { table.rowCount }

    func has(_ column: String) -> Bool { table.column(named: column) != nil }

    func error(row: Int? = nil, column: String? = nil, _ problem: String, hint: String? = nil) -> PlanInputError {
        PlanInputError(table: name, row: row.map { $0 + 1 }, column: column, problem: problem, hint: hint)
    }

    func column(_ column: String) throws -> Column {
        guard let c = table.column(named: column) else {
            throw error(column: column, "missing column `\(column)`",
                        hint: "the table has " + table.columnNames.map { "`\($0)`" }.joined(separator: ", "))
        }
        return c
    }

    /// Throws naming both when neither column is there.
    func requireOne(of a: String, _ b: String) throws {
        if !has(a) && !has(b) {
            throw error(column: a, "missing column `\(a)` (or `\(b)`)",
                        hint: "the table has " + table.columnNames.map { "`\($0)`" }.joined(separator: ", "))
        }
    }

    private func checkNulls(_ c: Column, _ column: String) throws {
        guard c.validity != nil else { return }
        for i in 0..<c.count where c.isNull(i) { throw error(row: i, column: column, "empty value") }
    }

    /// Text values (numbers read as their text form).
    func text(_ column: String) throws -> [String] {
        let c = try self.column(column)
        try checkNulls(c, column)
        switch c.storage {
        case .string(let codes, let dict): return codes.map { dict[$0] }
        default: return (0..<c.count).map { c[$0].description }
        }
    }

    /// Numbers; `nonNegative` rejects values below zero, naming them.
    func numbers(_ column: String, nonNegative: Bool = false, what: String = "value") throws -> [Double] {
        let c = try self.column(column)
        try checkNulls(c, column)
        var values: [Double]
        switch c.storage {
        case .int(let a):
            values = [Double](repeating: 0, count: a.count)
            try Cancellation.inBlocks(of: a.count) { block in for i in block { values[i] = Double(a[i]) } }
        case .double(let a): values = a
        case .bool: throw error(column: column, "expected numbers, found true/false")
        case .string(let codes, let dict):
            // Parse each distinct text once.
            let parsed = dict.values.map { CommandArguments.number($0) }
            values = [Double](repeating: 0, count: codes.count)
            try Cancellation.inBlocks(of: codes.count) { block in
                for i in block {
                    guard let v = parsed[Int(codes[i])] else {
                        throw error(row: i, column: column, "`\(dict[codes[i]])` is not a number")
                    }
                    values[i] = v
                }
            }
        }
        try Cancellation.inBlocks(of: values.count) { block in
            for i in block {
                let v = values[i]
                if !v.isFinite { throw error(row: i, column: column, "\(what) is not a finite number") }
                if nonNegative, v < 0 { throw error(row: i, column: column, "negative \(what) \(NumberFormat.plain(v))") }
            }
        }
        return values
    }

    /// Whole numbers (years).
    func integers(_ column: String, what: String = "value") throws -> [Int] {
        let d = try numbers(column, what: what)
        var out = [Int](repeating: 0, count: d.count)
        try Cancellation.inBlocks(of: d.count) { block in
            for i in block {
                let v = d[i]
                guard v == v.rounded(), abs(v) < 1e9 else {
                    throw error(row: i, column: column, "\(what) \(NumberFormat.plain(v)) is not a whole number")
                }
                out[i] = Int(v)
            }
        }
        return out
    }

    /// Ages or age bands (`age` column: whole numbers, or labels such as `0-49`, `90+`; a table without
    /// `age` may call it `age_group`, as the bundled datasets do).
    func ages(_ name: String = "age") throws -> [AgeRange] {
        let column = name == "age" && !has("age") && has("age_group") ? "age_group" : name
        let c = try self.column(column)
        try checkNulls(c, column)
        switch c.storage {
        case .int(let a):
            return try a.enumerated().map { i, v in
                guard v >= 0, v < 200 else { throw error(row: i, column: column, "age \(v) is out of range") }
                return AgeRange(Int(v), Int(v))
            }
        case .string(let codes, let dict):
            let parsed = dict.values.map { AgeRange.parse($0) }
            return try codes.enumerated().map { i, code in
                guard let r = parsed[Int(code)] else {
                    throw error(row: i, column: column, "`\(dict[code])` is not an age or an age band",
                                hint: "write ages as 37, bands as 0-49 or 90+")
                }
                return r
            }
        default:
            let ints = try integers(column, what: "age")
            return try ints.enumerated().map { i, v in
                guard v >= 0, v < 200 else { throw error(row: i, column: column, "age \(v) is out of range") }
                return AgeRange(v, v)
            }
        }
    }

    /// The ages of every row as an index into the distinct ranges (parsed once per distinct value).
    func ageIDs(_ name: String = "age") throws -> ([Int], [AgeRange]) {
        let column = name == "age" && !has("age") && has("age_group") ? "age_group" : name
        let c = try self.column(column)
        if case .string(let codes, let dict) = c.storage, c.validity == nil {
            var ranges: [AgeRange] = []
            var idOf = [Int](repeating: -1, count: dict.count)
            var out = [Int](repeating: 0, count: codes.count)
            try Cancellation.inBlocks(of: codes.count) { block in
                for i in block {
                    let code = codes[i]
                    var id = idOf[Int(code)]
                    if id < 0 {
                        guard let r = AgeRange.parse(dict[code]) else {
                            throw error(row: i, column: column, "`\(dict[code])` is not an age or an age band",
                                        hint: "write ages as 37, bands as 0-49 or 90+")
                        }
                        if let existing = ranges.firstIndex(of: r) { id = existing } else { id = ranges.count; ranges.append(r) }
                        idOf[Int(code)] = id
                    }
                    out[i] = id
                }
            }
            return (out, ranges)
        }
        if case .int(let values) = c.storage, c.validity == nil {
            // Single ages: one id per age value, through an array.
            var idOf = [Int](repeating: -1, count: 200)
            var ranges: [AgeRange] = []
            var out = [Int](repeating: 0, count: values.count)
            try Cancellation.inBlocks(of: values.count) { block in
                for i in block {
                    let v = values[i]
                    guard v >= 0, v < 200 else { throw error(row: i, column: column, "age \(v) is out of range") }
                    if idOf[Int(v)] < 0 { idOf[Int(v)] = ranges.count; ranges.append(AgeRange(Int(v), Int(v))) }
                    out[i] = idOf[Int(v)]
                }
            }
            return (out, ranges)
        }
        let all = try ages(name)
        var ids: [AgeRange: Int] = [:]
        var ranges: [AgeRange] = []
        let out = all.map { r -> Int in
            if let id = ids[r] { return id }
            ids[r] = ranges.count; ranges.append(r)
            return ranges.count - 1
        }
        return (out, ranges)
    }

    /// An optional grouping column as ids in first-appearance order, with the names (`[""]` when absent).
    func keyIDs(_ column: String) throws -> ([Int], [String]) {
        guard has(column) else { return (Array(repeating: 0, count: rowCount), [""]) }
        let c = try self.column(column)
        if case .string(let codes, let dict) = c.storage, c.validity == nil {
            var idOf = [Int](repeating: -1, count: dict.count)
            var names: [String] = []
            var out = [Int](repeating: 0, count: codes.count)
            try Cancellation.inBlocks(of: codes.count) { block in
                for i in block {
                    let code = Int(codes[i])
                    if idOf[code] < 0 { idOf[code] = names.count; names.append(dict[codes[i]]) }
                    out[i] = idOf[code]
                }
            }
            return (out, names)
        }
        var ids: [String: Int] = [:]
        var names: [String] = []
        let out = try text(column).map { s -> Int in
            if let id = ids[s] { return id }
            ids[s] = names.count; names.append(s)
            return names.count - 1
        }
        return (out, names)
    }

    /// The text of an optional grouping column, or `fallback` for every row when it is absent.
    func keys(_ column: String, fallback: String = "") throws -> [String] {
        has(column) ? try text(column) : Array(repeating: fallback, count: rowCount)
    }
}
