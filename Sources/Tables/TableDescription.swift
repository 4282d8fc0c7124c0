/// A summary of a table's columns, for `describe`.
public enum TableDescription {
    /// One row per column: `column`, `type`, `nulls`, `distinct`, `min`, `max`, `sample`
    /// (the first few distinct values). Min and max are in display form; text compares by Unicode order.
    public static func describe(_ table: Table, sampleSize: Int = 3) -> Table {
        var names: [String] = [], types: [String] = [], nulls: [Int64] = [], distinct: [Int64] = []
        var mins: [String?] = [], maxs: [String?] = [], samples: [String?] = []
        for (field, column) in zip(table.schema.fields, table.columns) {
            names.append(field.name)
            types.append(field.unit.map { "\(field.type) (\($0))" } ?? field.type.description)
            nulls.append(Int64(column.nullCount))
            let present: (Int) -> Bool = { i in column.validity.map { $0[i] } ?? true }
            var sample: [String] = []
            var count = 0
            var lo: String? = nil, hi: String? = nil
            switch column.storage {
            case .int(let a):
                var seen = Set<Int64>()
                var mn = Int64.max, mx = Int64.min
                for i in 0..<a.count where present(i) {
                    let v = a[i]
                    if seen.insert(v).inserted, sample.count < sampleSize { sample.append(String(v)) }
                    mn = min(mn, v); mx = max(mx, v)
                }
                count = seen.count
                if !seen.isEmpty { lo = String(mn); hi = String(mx) }
            case .double(let a):
                var seen = Set<Double>()
                var mn = Double.infinity, mx = -Double.infinity
                for i in 0..<a.count where present(i) {
                    let v = a[i]
                    if seen.insert(v).inserted, sample.count < sampleSize { sample.append(NumberFormat.plain(v)) }
                    if v < mn { mn = v }
                    if v > mx { mx = v }
                }
                count = seen.count
                if !seen.isEmpty { lo = NumberFormat.plain(mn); hi = NumberFormat.plain(mx) }
            case .string(let codes, let dict):
                var seen = [Bool](repeating: false, count: dict.count)
                var mnCode: UInt32? = nil, mxCode: UInt32? = nil
                for i in 0..<codes.count where present(i) {
                    let c = codes[i]
                    guard Int(c) < seen.count, !seen[Int(c)] else { continue }
                    seen[Int(c)] = true
                    count += 1
                    if sample.count < sampleSize { sample.append(dict[c]) }
                    if mnCode == nil || dict[c] < dict[mnCode!] { mnCode = c }
                    if mxCode == nil || dict[c] > dict[mxCode!] { mxCode = c }
                }
                lo = mnCode.map { dict[$0] }; hi = mxCode.map { dict[$0] }
            case .bool(let a):
                var t = false, f = false
                for i in 0..<a.count where present(i) { if a[i] { t = true } else { f = true } }
                count = (t ? 1 : 0) + (f ? 1 : 0)
                if t || f { lo = f ? "false" : "true"; hi = t ? "true" : "false" }
                sample = [f ? "false" : nil, t ? "true" : nil].compactMap { $0 }
            }
            distinct.append(Int64(count))
            mins.append(lo); maxs.append(hi)
            samples.append(sample.isEmpty ? nil : sample.joined(separator: ", "))
        }
        return Table([
            ("column", Column(strings: names)),
            ("type", Column(strings: types)),
            ("nulls", Column(ints: nulls)),
            ("distinct", Column(ints: distinct)),
            ("min", Column(strings: mins)),
            ("max", Column(strings: maxs)),
            ("sample", Column(strings: samples)),
        ])
    }
}
