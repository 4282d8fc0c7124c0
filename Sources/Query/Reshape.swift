import Foundation
import Tables

/// `pivot NAMES values VALUES [agg=sum]` (long → wide) and `unpivot c1, c2 into name, value` /
/// `unpivot 2019..2040` (wide → long, as in SSB tables with years as columns).
extension Planner {
    func bindPivot(names: String, namesSpan: SourceSpan, values: String, valuesSpan: SourceSpan,
                   agg: String, aggSpan: SourceSpan?, input: Schema) throws -> PlanStep {
        let ni = try column(names, namesSpan, input)
        let vi = try column(values, valuesSpan, input)
        guard ni != vi else { throw Diagnostic("`pivot` needs two different columns", span: valuesSpan) }
        guard let kind = Aggregate.kind(agg), agg != "quantile" else {
            throw Diagnostic("unknown aggregate `\(agg)` for pivot", span: aggSpan ?? namesSpan,
                             hint: NameSuggester.hint(for: agg, in: QueryLanguage.aggregates.filter { $0 != "quantile" }))
        }
        let vt = input.fields[vi].type
        switch kind {
        case .sum, .mean, .median, .sd, .variance:
            guard vt.isNumeric || vt == .bool else {
                throw Diagnostic("`agg=\(agg)` needs numbers but `\(values)` is \(typeWord(vt))", span: valuesSpan,
                                 hint: "use agg=first for text")
            }
        default: break
        }
        let ids = input.fields.indices.filter { $0 != ni && $0 != vi }
        let resultType = Aggregate.resultType(kind, vt)
        let unit = input.fields[vi].unit
        let txt = "pivot"
        return PlanStep(schema: input, dataDependent: true) { t, w in
            let n = t.rowCount
            let g = try Grouping.group(ids.map { t.columns[$0] }, rowCount: n)
            let groups = ids.isEmpty ? (n > 0 ? 1 : 0) : g.count
            let rowIds = ids.isEmpty ? try Cancellation.array(repeating: 0, count: n) : g.ids
            // the distinct names, sorted
            let nameCol = t.columns[ni]
            let ng = try Grouping.group([nameCol], rowCount: n)
            let firstCol = try nameCol.takeChecked(ng.firstRow)
            let order = try Sorting.argsort([Sorting.Key(column: firstCol, descending: false)], count: ng.count)
            var position: [Int] = try Cancellation.array(repeating: 0, count: ng.count)
            try Cancellation.inBlocks(of: order.count) { block in for p in block { position[order[p]] = p } }
            let nn = ng.count
            // Before allocating: groups × names cells (each a value, a validity bit and the gather index),
            // and a column header each.
            let (cells, overflow) = groups.multipliedReportingOverflow(by: nn)
            let (bytes, overflow2) = cells.multipliedReportingOverflow(by: resultType.valueBytes + 9)
            try MemoryBudget.reserve(overflow || overflow2 ? .max : bytes + nn * 256,
                                     for: "this pivot (\(NumberFormat.grouped(Int64(groups))) rows × \(NumberFormat.grouped(Int64(nn))) columns)",
                                     span: namesSpan)
            guard cells <= Int(Int32.max) else {
                throw Diagnostic("this pivot would make \(NumberFormat.grouped(Int64(cells))) cells, more than \(NumberFormat.grouped(Int64(Int32.max)))",
                                 span: namesSpan, hint: "pivot fewer rows or names (where) first")
            }
            var cell: [Int32] = try Cancellation.array(repeating: 0, count: n)
            try Cancellation.inBlocks(of: n) { block in
                for i in block { cell[i] = Int32(Int(rowIds[i]) * nn + position[Int(ng.ids[i])]) }
            }
            let agg = try Aggregate.run(kind, t.columns[vi], ids: cell, groups: groups * nn, warnings: w, text: txt)
            var fields = ids.map { t.schema.fields[$0] }
            var cols = try ids.map { try t.columns[$0].takeChecked(g.firstRow, mayBeMissing: true) }
            var used = Set(fields.map(\.name))
            for p in 0..<nn {
                try Cancellation.check()
                var name = firstCol[order[p]].description
                while used.contains(name) { name += "_" }
                used.insert(name)
                fields.append(Field(name: name, type: resultType, unit: unit))
                cols.append(try agg.takeChecked(try Cancellation.map(groups) { $0 * nn + p }))
            }
            return try Planner.makeTable(fields, cols)
        }
    }

    /// The columns an unpivot names: listed, or every column named by a year in `a..b`.
    private func unpivotColumns(_ cols: [(String, SourceSpan)], _ range: (Int, Int, SourceSpan)?, _ input: Schema) throws -> [Int] {
        var idx: [Int] = []
        if let (a, b, s) = range {
            idx = input.fields.indices.filter { i in
                guard let y = Int(input.fields[i].name.trimmingCharacters(in: .whitespaces)) else { return false }
                return y >= min(a, b) && y <= max(a, b)
            }
            guard !idx.isEmpty else {
                throw Diagnostic("no columns named \(a)..\(b)", span: s,
                                 hint: "columns: " + input.names.prefix(12).map { "`\($0)`" }.joined(separator: ", "))
            }
        } else {
            for (n, s) in cols {
                let i = try column(n, s, input)
                if idx.contains(i) { throw Diagnostic("`\(n)` is listed twice", span: s) }
                idx.append(i)
            }
        }
        return idx
    }

    /// The one type the unpivoted values take (int and double make double; text does not mix).
    private func unpivotValueType(_ idx: [Int], _ cols: [(String, SourceSpan)], _ range: (Int, Int, SourceSpan)?,
                                  _ input: Schema) throws -> DataType {
        var vt: DataType? = nil
        for i in idx {
            guard let u = unifyTypes(vt, input.fields[i].type) else {
                let s = cols.first { ExprCompiler.resolve($0.0, in: input) == i }?.1 ?? range?.2
                throw Diagnostic("cannot unpivot \(typeWord(vt)) and \(typeWord(input.fields[i].type)) columns together (`\(input.fields[i].name)`)",
                                 span: s, hint: "unpivot columns of one kind at a time")
            }
            vt = u
        }
        return vt ?? .double
    }

    func bindUnpivot(_ cols: [(String, SourceSpan)], _ range: (Int, Int, SourceSpan)?, _ into: (String, String),
                     _ input: Schema) throws -> PlanStep {
        let idx = try unpivotColumns(cols, range, input)
        let valueType = try unpivotValueType(idx, cols, range, input)
        let keep = input.fields.indices.filter { !idx.contains($0) }
        let colNames = idx.map { input.fields[$0].name }
        let intNames = colNames.map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        let namesAreInts = intNames.allSatisfy { $0 != nil }
        var fields = keep.map { input.fields[$0] }
        for name in [into.0, into.1] where fields.contains(where: { $0.name == name }) {
            throw Diagnostic("`unpivot` would create `\(name)` twice", span: range?.2 ?? cols.first?.1,
                             hint: "choose other names: unpivot … into name, value")
        }
        let units = Set(idx.compactMap { input.fields[$0].unit })
        fields.append(Field(name: into.0, type: namesAreInts ? .int : .string))
        fields.append(Field(name: into.1, type: valueType, unit: units.count == 1 ? units.first : nil))
        let outFields = fields
        let keepBytes = keep.reduce(0) { $0 + input.fields[$1].type.valueBytes }
        return PlanStep(schema: Schema(outFields)) { t, _ in
            let n = t.rowCount, k = idx.count
            let (total, overflow) = n.multipliedReportingOverflow(by: k)
            // Before allocating: the output's rows, the kept columns repeated, names, values (text is
            // made through boxed values, about 24 bytes a row) and the row index used to gather.
            let perRow = 8 + keepBytes + 8 + (valueType == .string ? 24 + 4 : valueType.valueBytes) + 1
            let (bytes, overflow2) = total.multipliedReportingOverflow(by: perRow)
            try MemoryBudget.reserve(overflow || overflow2 ? .max : bytes, for: "this unpivot (\(NumberFormat.grouped(Int64(n))) rows × \(k) columns)")
            var rows: [Int] = try Cancellation.array(repeating: 0, count: total)
            try Cancellation.inBlocks(of: n, size: max(1, (1 << 16) / max(1, k))) { block in
                for i in block { for j in 0..<k { rows[i * k + j] = i } }
            }
            var out: [Column] = []
            for c in keep {
                try Cancellation.check()
                out.append(try Self.gatherChecked(t.columns[c], rows))
            }
            rows = []
            if namesAreInts {
                var a: [Int64] = try Cancellation.array(repeating: 0, count: total)
                try Cancellation.inBlocks(of: total) { block in for r in block { a[r] = intNames[r % k]! } }
                out.append(Column(ints: a))
            } else {
                let d = StringDictionary(colNames)
                var a: [UInt32] = try Cancellation.array(repeating: 0, count: total)
                try Cancellation.inBlocks(of: total) { block in for r in block { a[r] = UInt32(r % k) } }
                out.append(Column(codes: a, dictionary: d))
            }
            var sources: [Column] = []
            for j in idx { try Cancellation.check(); sources.append(try Kernels.promoted(t.columns[j], to: valueType)) }
            if valueType == .string {
                // Each source's dictionary codes map to the result's as they are first used (one hash per
                // distinct string, not per row), in blocks with checks.
                let dict = StringDictionary()
                var remap = sources.map { c -> [UInt32] in
                    if case .string(_, let d) = c.storage { return [UInt32](repeating: .max, count: d.count) }
                    return []
                }
                var valid = Bitmap(count: total, value: true)
                let codes: [UInt32] = try Cancellation.map(total) { r in
                    let i = r / k, j = r % k
                    let c = sources[j]
                    if c.isNull(i) { valid[r] = false; return 0 }
                    guard case .string(let cs, let d) = c.storage else { return dict.code(for: c.stringAt(i)) }
                    let code = Int(cs[i])
                    if remap[j][code] == .max { remap[j][code] = dict.code(for: d[cs[i]]) }
                    return remap[j][code]
                }
                out.append(Column(codes: codes, dictionary: dict, validity: valid))
            } else {
                // interleave typed buffers
                var valid = Bitmap(count: total, value: true)
                for j in 0..<k where sources[j].validity != nil {
                    try Cancellation.inBlocks(of: n) { block in
                        for i in block where sources[j].isNull(i) { valid[i * k + j] = false }
                    }
                }
                func interleave<T>(_ arrs: [[T]], _ zero: T) throws -> [T] {
                    var a: [T] = try Cancellation.array(repeating: zero, count: total)
                    try Cancellation.inBlocks(of: total) { block in for r in block { a[r] = arrs[r % k][r / k] } }
                    return a
                }
                switch valueType {
                case .int:
                    let arrs = sources.map { c -> [Int64] in if case .int(let a) = c.storage { return a }; return [] }
                    out.append(Column(ints: try interleave(arrs, 0), validity: valid))
                case .bool:
                    let arrs = sources.map { c -> [Bool] in if case .bool(let a) = c.storage { return a }; return [] }
                    out.append(Column(bools: try interleave(arrs, false), validity: valid))
                default:
                    let arrs = try sources.map { try Kernels.doubles($0) }
                    out.append(Column(doubles: try interleave(arrs, 0), validity: valid))
                }
            }
            return try Planner.makeTable(outFields, out)
        }
    }

    /// `column.gather(rows)` in blocks, looking for Ctrl-C and the memory limit between them.
    static func gatherChecked(_ column: Column, _ rows: [Int]) throws -> Column {
        var valid: Bitmap? = nil
        if column.validity != nil {
            var b = Bitmap(count: rows.count, value: true)
            try Cancellation.inBlocks(of: rows.count) { block in for r in block where column.isNull(rows[r]) { b[r] = false } }
            valid = b
        }
        func take<T>(_ a: [T], _ zero: T) throws -> [T] {
            var o: [T] = try Cancellation.array(repeating: zero, count: rows.count)
            try Cancellation.inBlocks(of: rows.count) { block in for r in block { o[r] = a[rows[r]] } }
            return o
        }
        switch column.storage {
        case .int(let a): return Column(ints: try take(a, 0), validity: valid)
        case .double(let a): return Column(doubles: try take(a, 0), validity: valid)
        case .bool(let a): return Column(bools: try take(a, false), validity: valid)
        case .string(let c, let d): return Column(codes: try take(c, 0), dictionary: d, validity: valid)
        }
    }
}
