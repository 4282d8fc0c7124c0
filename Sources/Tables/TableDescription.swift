/// `describe`: one row per column of a table with its type, null count, distinct count, minimum, maximum
/// and a sample of its first distinct values.
public enum TableDescription {
    /// Columns: `column`, `type` (with the unit, e.g. `double (share)`), `nulls`, `distinct`, `min`, `max`,
    /// `sample` (min, max and sample as display text, so one table holds columns of every type).
    public static func describe(_ table: Table, sampleSize: Int = 3) -> Table {
        describe(table, sampleSize: sampleSize, checking: {})
    }

    /// `describe`, calling `check` every 64 k rows (the shell passes `Cancellation.check`).
    public static func describe(_ table: Table, sampleSize: Int = 3, checking check: () throws -> Void) rethrows -> Table {
        var names: [String?] = [], types: [String?] = []
        var nulls: [Int64] = [], distinct: [Int64] = []
        var mins: [String?] = [], maxs: [String?] = [], samples: [String?] = []
        for (field, column) in zip(table.schema.fields, table.columns) {
            let s = try summary(column, unit: field.unit, sampleSize: sampleSize, checking: check)
            names.append(field.name)
            types.append(field.unit.map { "\(field.type) (\($0))" } ?? field.type.description)
            nulls.append(Int64(s.nulls)); distinct.append(Int64(s.distinct))
            mins.append(s.min); maxs.append(s.max)
            samples.append(s.sample.isEmpty ? nil : s.sample.joined(separator: ", "))
        }
        return Table([
            ("column", Column(strings: names)), ("type", Column(strings: types)),
            ("nulls", Column(ints: nulls)), ("distinct", Column(ints: distinct)),
            ("min", Column(strings: mins)), ("max", Column(strings: maxs)), ("sample", Column(strings: samples)),
        ])
    }

    /// The figures `describe` shows for one column.
    public struct Summary: Sendable, Equatable {
        public var nulls: Int
        public var distinct: Int
        /// Display text of the smallest / largest value (numbers by value, text by Unicode order); nil if all null.
        public var min: String?
        public var max: String?
        /// The first distinct values, in row order.
        public var sample: [String]
    }

    public static func summary(_ column: Column, unit: String? = nil, sampleSize: Int = 3) -> Summary {
        summary(column, unit: unit, sampleSize: sampleSize, checking: {})
    }

    public static func summary(_ column: Column, unit: String? = nil, sampleSize: Int = 3,
                               checking check: () throws -> Void) rethrows -> Summary {
        let n = column.count
        let nulls = column.nullCount
        func show(_ x: Double) -> String {
            if unit == "share" { return NumberFormat.display(x * 100, decimals: 1) + " %" }
            return NumberFormat.display(x, decimals: NumberFormat.decimalsNeeded([x], maxDecimals: 4))
        }
        switch column.storage {
        case .int(let a):
            var seen = Set<Int64>(), sample: [String] = []
            // Room for a value per row: growing rehashes every value in one step (100-200 ms at millions,
            // with no look for Ctrl-C); the memory is touched only as values arrive.
            if n > 1 << 18 { seen.reserveCapacity(n) }
            var lo = Int64.max, hi = Int64.min
            for i in 0..<n where !column.isNull(i) {
                if i & 0xFFFF == 0 { try check() }
                let v = a[i]
                lo = Swift.min(lo, v); hi = Swift.max(hi, v)
                if seen.insert(v).inserted, sample.count < sampleSize { sample.append(String(v)) }
            }
            let any = nulls < n
            return Summary(nulls: nulls, distinct: seen.count,
                           min: any ? (unit == "share" ? show(Double(lo)) : String(lo)) : nil,
                           max: any ? (unit == "share" ? show(Double(hi)) : String(hi)) : nil, sample: sample)
        case .double(let a):
            var seen = Set<UInt64>(), sample: [String] = []
            if n > 1 << 18 { seen.reserveCapacity(n) }  // as for ints
            var lo = Double.infinity, hi = -Double.infinity
            var sawNaN = false
            for i in 0..<n where !column.isNull(i) {
                if i & 0xFFFF == 0 { try check() }
                let v = a[i]
                if v.isNaN { sawNaN = true } else { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
                let key = v == 0 ? 0 : (v.isNaN ? Double.nan.bitPattern : v.bitPattern)
                if seen.insert(key).inserted, sample.count < sampleSize { sample.append(show(v)) }
            }
            let any = lo <= hi
            return Summary(nulls: nulls, distinct: seen.count, min: any ? show(lo) : (sawNaN ? "NaN" : nil),
                           max: any ? show(hi) : (sawNaN ? "NaN" : nil), sample: sample)
        case .bool(let a):
            var t = false, f = false, sample: [String] = []
            for i in 0..<n where !column.isNull(i) {
                if i & 0xFFFF == 0 { try check() }
                if a[i] { if !t, sample.count < sampleSize { sample.append("true") }; t = true }
                else { if !f, sample.count < sampleSize { sample.append("false") }; f = true }
            }
            return Summary(nulls: nulls, distinct: (t ? 1 : 0) + (f ? 1 : 0), min: f ? "false" : (t ? "true" : nil),
                           max: t ? "true" : (f ? "false" : nil), sample: sample)
        case .string(let codes, let d):
            var used = [Bool](repeating: false, count: d.count)
            var distinct = 0, sample: [String] = []
            var lo: String? = nil, hi: String? = nil
            for i in 0..<n where !column.isNull(i) {
                if i & 0xFFFF == 0 { try check() }
                let c = Int(codes[i])
                if used[c] { continue }
                used[c] = true
                distinct += 1
                let s = d[codes[i]]
                if sample.count < sampleSize { sample.append(s) }
                if lo == nil || s < lo! { lo = s }
                if hi == nil || s > hi! { hi = s }
            }
            return Summary(nulls: nulls, distinct: distinct, min: lo, max: hi, sample: sample)
        }
    }
}
