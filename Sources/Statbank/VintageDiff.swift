import Tables

/// What changed between two vintages of the same selection (`ssb refresh`): one row per cell that is new,
/// gone, changed value or changed status symbol.
public enum VintageDiff {
    /// `old` and `new` are fetch results' tables; `dimensions` their code columns. Columns: `change`
    /// (`added`, `removed`, `changed`, `status`), the dimension codes, `old_value`, `new_value`, `old_status`, `new_status`.
    public struct Result: Sendable {
        public var table: Table
        /// Periods in the new vintage that the old one did not have.
        public var newPeriods: [String]
        /// One line: `2 cells changed, 6 added (new periods: 2025), 1 status changes, 0 removed`.
        public var summary: String
    }

    public static func diff(old: Table, new: Table, dimensions: [String], timeDimension: String? = nil) throws -> Result {
        func keyed(_ t: Table) throws -> (keys: [String], index: [String: Int], dims: [Column], value: Column, status: Column) {
            let dims = try dimensions.map { d -> Column in
                guard let c = t.column(named: d) else { throw StatbankError("refresh: the table has no column `\(d)`") }
                return c
            }
            guard let v = t.column(named: "value"), let s = t.column(named: "status") else {
                throw StatbankError("refresh: the table has no `value` and `status` columns")
            }
            var keys: [String] = []
            keys.reserveCapacity(t.rowCount)
            var index: [String: Int] = [:]
            try Cancellation.inBlocks(of: t.rowCount) { block in
                for r in block {
                    let k = dims.map { $0[r].description }.joined(separator: "\u{1F}")
                    keys.append(k); index[k] = r
                }
            }
            return (keys, index, dims, v, s)
        }
        let a = try keyed(old), b = try keyed(new)
        var rows: [[Value]] = []
        func row(_ change: String, dims: [Value], _ ov: Value, _ nv: Value, _ os: Value, _ ns: Value) {
            rows.append([.string(change)] + dims + [ov, nv, os, ns])
        }
        for r in 0..<new.rowCount {
            let dims = b.dims.map { $0[r] }
            guard let o = a.index[b.keys[r]] else {
                row("added", dims: dims, .null, b.value[r], .null, b.status[r]); continue
            }
            let (ov, nv, os, ns) = (a.value[o], b.value[r], a.status[o], b.status[r])
            if ov != nv { row("changed", dims: dims, ov, nv, os, ns) }
            else if os != ns { row("status", dims: dims, ov, nv, os, ns) }
        }
        for r in 0..<old.rowCount where b.index[a.keys[r]] == nil {
            row("removed", dims: a.dims.map { $0[r] }, a.value[r], .null, a.status[r], .null)
        }
        var table = Table(names: ["change"] + dimensions + ["old_value", "new_value", "old_status", "new_status"], rows: rows)
        // Keep the columns' types when there are no rows (all-null columns would otherwise come out untyped).
        if rows.isEmpty {
            var cols: [(String, Column)] = [("change", Column(strings: [String]()))]
            for (d, c) in zip(dimensions, b.dims) { cols.append((d, c.slice(0..<0))) }
            cols += [("old_value", Column(doubles: [])), ("new_value", Column(doubles: [])),
                     ("old_status", Column(strings: [String]())), ("new_status", Column(strings: [String]()))]
            table = Table(cols)
        }
        var newPeriods: [String] = []
        if let t = timeDimension, let oc = old.column(named: t), let nc = new.column(named: t) {
            let before = Set((0..<old.rowCount).map { oc[$0].description })
            var seen = Set<String>()
            for r in 0..<new.rowCount {
                let p = nc[r].description
                if !before.contains(p), seen.insert(p).inserted { newPeriods.append(p) }
            }
        }
        return Result(table: table, newPeriods: newPeriods, summary: summary(table, newPeriods: newPeriods))
    }

    static func summary(_ diff: Table, newPeriods periods: [String]) -> String {
        guard let change = diff.column(named: "change") else { return "" }
        var counts: [String: Int] = [:]
        for r in 0..<diff.rowCount { counts[change[r].asString ?? "", default: 0] += 1 }
        if diff.rowCount == 0 { return "no changes" }
        var parts = ["\(counts["changed"] ?? 0) cells changed", "\(counts["added"] ?? 0) added"]
        if !periods.isEmpty { parts[1] += " (new periods: \(periods.prefix(6).joined(separator: ", "))\(periods.count > 6 ? ", …" : ""))" }
        parts.append("\(counts["status"] ?? 0) status changes")
        parts.append("\(counts["removed"] ?? 0) removed")
        return parts.joined(separator: ", ")
    }
}
