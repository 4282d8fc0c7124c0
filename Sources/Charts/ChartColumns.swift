import Tables

/// A numeric column read once into a `[Double]` buffer in which nulls (and NaN) are NaN, so hot loops
/// test validity with `isFinite` on the value they load anyway, without touching the bitmap.
struct NumericColumn {
    let values: [Double]
    let field: Field
    /// True for an `int` column whose values all lie in 1000…2999: shown without thousands separators.
    let isYearLike: Bool
    let isInteger: Bool

    init(_ column: Column, field: Field) throws {
        self.field = field
        var values = column.doubleValues ?? []
        try Cancellation.check()  // each step below is a pass over the whole column
        if let validity = column.validity {
            values.withUnsafeMutableBufferPointer { buffer in
                for (w, word) in validity.words.enumerated() where word != ~0 {
                    let base = w << 6
                    for bit in 0..<64 where base + bit < buffer.count && (word >> UInt64(bit)) & 1 == 0 {
                        buffer[base + bit] = .nan
                    }
                }
            }
        }
        self.values = values
        isInteger = column.type == .int || column.type == .bool
        try Cancellation.check()
        if column.type == .int {
            var lo = Double.infinity, hi = -Double.infinity
            for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            isYearLike = lo >= 1000 && hi <= 2999
        } else {
            isYearLike = false
        }
    }

    var count: Int { values.count }

    /// True when row `i` holds a finite value (not null, not NaN or infinite).
    @inline(__always)
    func isValid(_ i: Int) -> Bool { values[i].isFinite }

    var isShare: Bool { field.unit == "share" }
}

/// Text for a label column (any type): text as is, years plain, other numbers in display form.
struct LabelColumn {
    let column: Column
    let field: Field
    let formatter: ValueFormatter?

    init(_ column: Column, field: Field, styleDecimals: Int?) throws {
        self.column = column
        self.field = field
        if column.type.isNumeric {
            let numeric = try NumericColumn(column, field: field)
            formatter = try ValueFormatter(column: numeric.values, unit: field.unit, styleDecimals: styleDecimals,
                                           yearLike: numeric.isYearLike)
        } else {
            formatter = nil
        }
    }

    func label(_ i: Int) -> String {
        if column.isNull(i) { return "(null)" }
        switch column.storage {
        case .string(let codes, let dictionary): return dictionary[codes[i]]
        case .bool(let b): return b[i] ? "true" : "false"
        case .int(let a): return formatter?.string(Double(a[i])) ?? String(a[i])
        case .double(let a): return formatter?.string(a[i]) ?? NumberFormat.plain(a[i])
        }
    }
}

/// Rows split into series by a `by=` column: a group id per row, names in order of first appearance.
struct SeriesGroups {
    /// Group id per row; -1 for rows whose key is null.
    let ids: [Int32]
    let names: [String]

    /// One group holding every row.
    init(single count: Int, name: String) {
        ids = [Int32](repeating: 0, count: count)
        names = [name]
    }

    init(_ column: Column, field: Field) throws {
        let n = column.count
        var ids = [Int32](repeating: -1, count: n)
        var names: [String] = []
        switch column.storage {
        case .string(let codes, let dictionary):
            var map = [Int32](repeating: -1, count: dictionary.count)
            let validity = column.validity
            try codes.withUnsafeBufferPointer { codes in
                try ids.withUnsafeMutableBufferPointer { ids in
                    for i in 0..<n {
                        if i & 0xFFFF == 0 { try Cancellation.check() }
                        if let validity, !validity[i] { continue }
                        let c = Int(codes[i])
                        var g = map[c]
                        if g < 0 { g = Int32(names.count); map[c] = g; names.append(dictionary[codes[i]]) }
                        ids[i] = g
                    }
                }
            }
        default:
            let labels = try LabelColumn(column, field: field, styleDecimals: nil)
            var map: [String: Int32] = [:]
            for i in 0..<n where !column.isNull(i) {
                if i & 0x3FFF == 0 { try Cancellation.check() }
                let key = labels.label(i)
                if let g = map[key] { ids[i] = g } else {
                    let g = Int32(names.count); map[key] = g; names.append(key); ids[i] = g
                }
            }
        }
        self.ids = ids
        self.names = names
    }
}
