import Tables

/// `join D on k1, k2 [kind=inner|left|full]`: a hash join on typed keys. Keys of both sides map into
/// one dense id space (text through the strings of the two dictionaries, numbers through a hash of
/// their values); the right side is indexed by composite id, the left side probes it.
extension Planner {
    func bindJoin(dataset: String, span: SourceSpan, keys: [(left: String, right: String, span: SourceSpan)],
                  kind: JoinKind, input: Schema) throws -> PlanStep {
        guard let resolver else {
            throw Diagnostic("unknown dataset `\(dataset)`", span: span, hint: "no datasets are available here")
        }
        let right = try resolver.dataset(named: dataset, span: span)
        var leftKeys: [Int] = [], rightKeys: [Int] = []
        for k in keys {
            let l = try column(k.left, k.span, input)
            guard let r = ExprCompiler.resolve(k.right, in: right.schema) else {
                throw Diagnostic("unknown column `\(k.right)` in `\(dataset)`", span: k.span,
                                 hint: NameSuggester.hint(for: k.right, in: right.schema.names))
            }
            let lt = input.fields[l].type, rt = right.schema.fields[r].type
            guard lt == rt || (lt.isNumeric && rt.isNumeric) else {
                throw Diagnostic("cannot join \(typeWord(lt)) `\(input.fields[l].name)` with \(typeWord(rt)) `\(right.schema.fields[r].name)`",
                                 span: k.span, hint: "join keys must have the same kind of value")
            }
            leftKeys.append(l); rightKeys.append(r)
        }
        // output: left columns, then right non-key columns (name clashes get the dataset as prefix)
        var fields = input.fields
        var names = Set(input.names)
        let sameNameKeys = Set(zip(leftKeys, rightKeys).compactMap { l, r in
            input.fields[l].name == right.schema.fields[r].name ? r : nil })
        var rightOut: [Int] = []
        for (j, f) in right.schema.fields.enumerated() where !sameNameKeys.contains(j) {
            var name = f.name
            if names.contains(name) { name = dataset + "_" + f.name }
            var k = 2
            while names.contains(name) { name = dataset + "_" + f.name + "_\(k)"; k += 1 }
            names.insert(name)
            fields.append(Field(name: name, type: f.type, unit: f.unit))
            rightOut.append(j)
        }
        // a full join fills left keys from the right side where the left is missing
        let keyTypes = zip(leftKeys, rightKeys).map { l, r -> DataType in
            input.fields[l].type == right.schema.fields[r].type ? input.fields[l].type : .double
        }
        for (k, l) in leftKeys.enumerated() where fields[l].type != keyTypes[k] { fields[l].type = keyTypes[k] }
        let outFields = fields
        let keyWords = keys.map { $0.left == $0.right ? $0.left : "\($0.left) == \($0.right)" }.joined(separator: ", ")
        return PlanStep(schema: Schema(outFields)) { left, warnings in
            let rowBytes = left.columns.reduce(0) { $0 + $1.bytesPerRow } + rightOut.reduce(0) { $0 + right.columns[$1].bytesPerRow }
            let (li, ri) = try Join.match(left: try leftKeys.enumerated().map { try Kernels.promoted(left.columns[$1], to: keyTypes[$0]) },
                                          right: try rightKeys.enumerated().map { try Kernels.promoted(right.columns[$1], to: keyTypes[$0]) },
                                          leftCount: left.rowCount, rightCount: right.rowCount, kind: kind,
                                          bytesPerOutputRow: rowBytes, span: span)
            // Keys that never meet (plural against singular labels, codes against names) are a silent empty join.
            let matched = try li.map { li in try Join.anyPair(li, ri) } ?? Kernels.anyElement(ri) { $0 >= 0 }
            if left.rowCount > 0, right.rowCount > 0, !matched {
                warnings.add("join \(dataset) on \(keyWords): no row matched (\(left.rowCount) rows against \(right.rowCount)); "
                             + "check that the key values are spelled alike on both sides")
            }
            // li == nil: every left row once, in order (unique right keys), so the left side needs no gather
            var cols = try li.map { idx in try left.columns.map { c in
                try Cancellation.check()
                return try c.takeChecked(idx, mayBeMissing: kind == .full)
            } } ?? left.columns
            if kind == .full, let li {
                // unmatched right rows: take their key values
                for (k, l) in leftKeys.enumerated() {
                    let lk = try Kernels.promoted(left.columns[l], to: keyTypes[k])
                    let rk = try Kernels.promoted(right.columns[rightKeys[k]], to: keyTypes[k])
                    cols[l] = try Join.coalesceGather(lk, li, rk, ri)
                }
            } else {
                for (k, l) in leftKeys.enumerated() { cols[l] = try Kernels.promoted(cols[l], to: keyTypes[k]) }
            }
            cols += try rightOut.map { j in
                try Cancellation.check()
                return try right.columns[j].takeChecked(ri, mayBeMissing: kind != .inner)
            }
            return try Planner.makeTable(outFields, cols)
        }
    }
}

enum Join {
    /// Composite key ids of both sides: `lid`/`rid` per row (meaningless where `lmiss`/`rmiss`, a null or a
    /// left value absent from the right), below `card`.
    struct KeyIds {
        var lid: [Int64], rid: [Int64]
        var lmiss: [Bool], rmiss: [Bool]
        var card: Int64 = 1
    }

    /// The right rows by composite id: each id's first row in `direct` (dense ids) or `head`, the rest
    /// chained through `next`; `unique` when no id has two rows.
    struct RightIndex {
        var useDirect: Bool
        var direct: [Int]
        var head: [Int64: Int] = [:]
        var next: [Int]
        var unique = true
    }

    /// Matching row pairs (index -1 = no row on that side), in left order; unmatched right rows last (full).
    /// Before the pairs are made, their number is counted and checked against the memory budget
    /// (`bytesPerOutputRow`: what one output row costs in the result's columns; `span`: the join's words).
    static func match(left: [Column], right: [Column], leftCount: Int, rightCount: Int, kind: JoinKind,
                      bytesPerOutputRow: Int = 0, span: SourceSpan? = nil) throws -> ([Int]?, [Int]) {
        // Every pass below is over millions of rows: Ctrl-C is looked for between them (and inside the long ones).
        let ids = try compositeIds(left: left, right: right, leftCount: leftCount, rightCount: rightCount)
        let index = try indexRight(ids, rightCount: rightCount)
        let first = try firstMatches(ids, index, leftCount: leftCount)
        try Cancellation.check()
        if index.unique, kind != .full {
            let allMatched = try !Kernels.anyElement(first) { $0 < 0 }
            if kind == .left || allMatched { return (nil, first) }
        }
        let total = try outputRowCount(ids, index, first: first, kind: kind)
        let (bytes, overflow) = total.multipliedReportingOverflow(by: 16 + bytesPerOutputRow)
        try MemoryBudget.reserve(overflow ? .max : bytes,
                                 for: "this join (\(NumberFormat.grouped(Int64(total))) rows)", span: span)
        return try pairs(first: first, next: index.next, total: total, kind: kind, rightCount: rightCount)
    }

    /// Dense ids over the right side's key values (left values not on the right are missing), combined
    /// over the keys into one id per row; kept small by renumbering when the product of the keys grows.
    static func compositeIds(left: [Column], right: [Column], leftCount: Int, rightCount: Int) throws -> KeyIds {
        var ids = KeyIds(lid: try Cancellation.array(repeating: Int64(0), count: leftCount),
                         rid: try Cancellation.array(repeating: Int64(0), count: rightCount),
                         lmiss: try Cancellation.array(repeating: false, count: leftCount),
                         rmiss: try Cancellation.array(repeating: false, count: rightCount))
        if left.count == 1 {
            // one key: its ids are the composite ids
            let (l, r, c) = try keyIds(left[0], right[0])
            try Cancellation.inBlocks(of: leftCount) { block in for i in block { ids.lid[i] = Int64(l[i]); ids.lmiss[i] = l[i] < 0 } }
            try Cancellation.inBlocks(of: rightCount) { block in for j in block { ids.rid[j] = Int64(r[j]); ids.rmiss[j] = r[j] < 0 } }
            ids.card = c
        }
        for (lc, rc) in zip(left, right) where left.count > 1 {
            let (l, r, c) = try keyIds(lc, rc)
            try Cancellation.inBlocks(of: leftCount) { block in
                for i in block { if l[i] < 0 { ids.lmiss[i] = true } else { ids.lid[i] = ids.lid[i] * c + Int64(l[i]) } }
            }
            try Cancellation.inBlocks(of: rightCount) { block in
                for i in block { if r[i] < 0 { ids.rmiss[i] = true } else { ids.rid[i] = ids.rid[i] * c + Int64(r[i]) } }
            }
            ids.card = ids.card.multipliedReportingOverflow(by: c).overflow ? Int64.max : ids.card * c
            if ids.card > Int64(1) << 40 { try densify(&ids, leftCount: leftCount, rightCount: rightCount) }
        }
        return ids
    }

    /// Renumbers the composite right ids densely and maps the left ones (ids not on the right go missing).
    static func densify(_ ids: inout KeyIds, leftCount: Int, rightCount: Int) throws {
        var map: [Int64: Int64] = [:]
        try Cancellation.inBlocks(of: rightCount) { block in
            for i in block where !ids.rmiss[i] {
                if let v = map[ids.rid[i]] { ids.rid[i] = v } else { let v = Int64(map.count); map[ids.rid[i]] = v; ids.rid[i] = v }
            }
        }
        try Cancellation.inBlocks(of: leftCount) { block in
            for i in block where !ids.lmiss[i] {
                if let v = map[ids.lid[i]] { ids.lid[i] = v } else { ids.lmiss[i] = true }
            }
        }
        ids.card = Int64(max(map.count, 1))
    }

    /// Right rows by composite id: a direct table when the ids are few enough, else a dictionary; rows of
    /// one id chained in row order.
    static func indexRight(_ ids: KeyIds, rightCount: Int) throws -> RightIndex {
        let useDirect = ids.card <= Int64(max(1 << 20, 4 * rightCount))
        var index = RightIndex(useDirect: useDirect, direct: try Cancellation.array(repeating: -1, count: useDirect ? Int(ids.card) : 0),
                               next: try Cancellation.array(repeating: -1, count: rightCount))
        let rid = ids.rid
        // backwards (each id's chain in row order), a check per 64 k rows whether their keys are null or not
        var j = rightCount - 1
        while j >= 0 {
            try Cancellation.check()
            let stop = Swift.max(-1, j - (1 << 16))
            while j > stop {
                if !ids.rmiss[j] {
                    if useDirect {
                        index.next[j] = index.direct[Int(rid[j])]; index.direct[Int(rid[j])] = j
                    } else {
                        index.next[j] = index.head[rid[j]] ?? -1; index.head[rid[j]] = j
                    }
                    if index.next[j] >= 0 { index.unique = false }
                }
                j -= 1
            }
        }
        return index
    }

    /// The first matching right row of each left row (-1 = none).
    static func firstMatches(_ ids: KeyIds, _ index: RightIndex, leftCount: Int) throws -> [Int] {
        var first = try Cancellation.array(repeating: -1, count: leftCount)
        assert(ids.lid.count >= leftCount && ids.lmiss.count >= leftCount, "join: left keys shorter than the left rows")
        assert(!index.useDirect || index.direct.count == Int(ids.card), "join: the direct table does not cover the keys")
        try ids.lid.withUnsafeBufferPointer { pl in
            try ids.lmiss.withUnsafeBufferPointer { pm in
                try first.withUnsafeMutableBufferPointer { pf in
                    if index.useDirect {
                        try index.direct.withUnsafeBufferPointer { pd in
                            try Cancellation.inBlocks(of: leftCount) { block in
                                for i in block where !pm[i] { pf[i] = pd[Int(pl[i])] }
                            }
                        }
                    } else {
                        let head = index.head
                        try Cancellation.inBlocks(of: leftCount) { block in
                            for i in block where !pm[i] { pf[i] = head[pl[i]] ?? -1 }
                        }
                    }
                }
            }
        }
        return first
    }

    /// How many rows the join makes (a key repeated on both sides multiplies), before making them.
    static func outputRowCount(_ ids: KeyIds, _ index: RightIndex, first: [Int], kind: JoinKind) throws -> Int {
        let rightCount = ids.rid.count, leftCount = first.count
        let useDirect = index.useDirect
        var chainLength: [Int32] = try Cancellation.array(repeating: 0, count: useDirect ? Int(ids.card) : 0)
        var chainLengthOf: [Int64: Int] = [:]
        try chainLength.withUnsafeMutableBufferPointer { pc in
            try Cancellation.inBlocks(of: rightCount) { block in
                for j in block where !ids.rmiss[j] {
                    if useDirect { pc[Int(ids.rid[j])] += 1 } else { chainLengthOf[ids.rid[j], default: 0] += 1 }
                }
            }
        }
        var total = kind == .full ? rightCount : 0  // full: at most every right row once more
        for i in 0..<leftCount {
            if i & 0xFFFF == 0 { try Cancellation.check() }
            if first[i] < 0 { if kind != .inner { total += 1 }; continue }
            total += useDirect ? Int(chainLength[Int(ids.lid[i])]) : chainLengthOf[ids.lid[i]] ?? 0
        }
        return total
    }

    /// The `total` row pairs: each left row with each of its right rows (following `next`), or with -1
    /// (left and full); unmatched right rows last (full).
    static func pairs(first: [Int], next: [Int], total: Int, kind: JoinKind, rightCount: Int) throws -> ([Int], [Int]) {
        var li: [Int] = [], ri: [Int] = []
        li.reserveCapacity(total); ri.reserveCapacity(total)
        var rightMatched: [Bool] = try Cancellation.array(repeating: false, count: kind == .full ? rightCount : 0)
        var nextCheck = 0
        for i in 0..<first.count {
            // by rows made as well as rows read: one left row can match millions, and millions of left
            // rows can match none (an inner join makes no rows for them)
            if li.count >= nextCheck || i & 0xFFFF == 0 { try Cancellation.check(); nextCheck = li.count + 0x10000 }
            var j = first[i]
            if j < 0 {
                if kind != .inner { li.append(i); ri.append(-1) }
                continue
            }
            while j >= 0 {
                li.append(i); ri.append(j)
                if kind == .full { rightMatched[j] = true }
                j = next[j]
            }
        }
        if kind == .full {
            try Cancellation.inBlocks(of: rightCount) { block in
                for j in block where !rightMatched[j] { li.append(-1); ri.append(j) }
            }
        }
        return (li, ri)
    }

    /// Ids of key values shared by both sides: `right` values numbered densely; left values absent from
    /// the right, and nulls on either side, get -1 (null keys never match).
    static func keyIds(_ l: Column, _ r: Column) throws -> ([Int32], [Int32], Int64) {
        switch (l.storage, r.storage) {
        case (.string(let lc, let ld), .string(let rc, let rd)):
            // right codes are the id space; map left dictionary entries through the strings
            let leftToRight = try Cancellation.map(ld.count) { rd.existingCode(for: ld[UInt32($0)]).map { Int32($0) } ?? -1 }
            let lv = l.validity
            let lids = try Cancellation.map(lc.count) { i -> Int32 in
                if let lv, !lv[i] { return -1 }
                return Int(lc[i]) < leftToRight.count ? leftToRight[Int(lc[i])] : -1
            }
            let rids: [Int32] = try Cancellation.map(rc.count) { r.isNull($0) ? -1 : Int32(rc[$0]) }
            return (lids, rids, Int64(max(rd.count, 1)))
        case (.int(let la), .int(let ra)):
            if let ids = try directIntIds(l, la, r, ra) { return ids }
            fallthrough
        default:
            func raw(_ c: Column) throws -> [UInt64] {
                switch c.storage {
                case .int(let a): return try Kernels.mapRows(a) { UInt64(bitPattern: $0) }
                case .double(let a): return try Kernels.mapRows(a) { $0 == 0 ? 0 : $0.bitPattern }
                case .bool(let a): return try Kernels.mapRows(a) { $0 ? 1 : 0 }
                case .string: return []
                }
            }
            let rv = try raw(r), lv = try raw(l)
            var map: [UInt64: Int32] = [:]
            map.reserveCapacity(rv.count)
            var rids: [Int32] = try Cancellation.array(repeating: -1, count: rv.count)
            try rids.withUnsafeMutableBufferPointer { pr in
                try Cancellation.inBlocks(of: rv.count) { block in
                    for i in block where !r.isNull(i) {
                        if let v = map[rv[i]] { pr[i] = v } else { let v = Int32(map.count); map[rv[i]] = v; pr[i] = v }
                    }
                }
            }
            var lids: [Int32] = try Cancellation.array(repeating: -1, count: lv.count)
            try lids.withUnsafeMutableBufferPointer { pl in
                try Cancellation.inBlocks(of: lv.count) { block in
                    for i in block where !l.isNull(i) { pl[i] = map[lv[i]] ?? -1 }
                }
            }
            return (lids, rids, Int64(max(map.count, 1)))
        }
    }

    /// Integer keys whose right-side values span a small range (at most twice the rows of both sides, or
    /// 64 k) are numbered through an array indexed by `value - min` instead of a hash table: the same
    /// ids as the hash path (right values densely in order of first appearance, -1 for nulls and for left
    /// values the right lacks). nil when the range is too wide.
    static func directIntIds(_ l: Column, _ la: [Int64], _ r: Column, _ ra: [Int64]) throws -> ([Int32], [Int32], Int64)? {
        let rv = r.validity, lv = l.validity
        var lo = Int64.max, hi = Int64.min
        try ra.withUnsafeBufferPointer { pr in
            try Cancellation.inBlocks(of: pr.count) { block in
                if let rv {
                    for i in block where rv[i] { lo = Swift.min(lo, pr[i]); hi = Swift.max(hi, pr[i]) }
                } else {
                    for i in block { lo = Swift.min(lo, pr[i]); hi = Swift.max(hi, pr[i]) }
                }
            }
        }
        guard lo <= hi else { return nil }  // no right value: the hash path gives the empty answer
        let (width, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, width < Int64(Swift.max(1 << 16, 2 * (la.count + ra.count))) else { return nil }
        let span = Int(width) + 1
        var map: [Int32] = try Cancellation.array(repeating: -1, count: span)
        var rids: [Int32] = try Cancellation.array(repeating: -1, count: ra.count)
        var lids: [Int32] = try Cancellation.array(repeating: -1, count: la.count)
        var next: Int32 = 0
        try map.withUnsafeMutableBufferPointer { m in
            try ra.withUnsafeBufferPointer { pr in
                try rids.withUnsafeMutableBufferPointer { out in
                    try Cancellation.inBlocks(of: pr.count) { block in
                        for i in block where rv?[i] ?? true {
                            let k = Int(pr[i] &- lo)
                            var id = m[k]
                            if id < 0 { id = next; m[k] = next; next += 1 }
                            out[i] = id
                        }
                    }
                }
            }
            try la.withUnsafeBufferPointer { pl in
                try lids.withUnsafeMutableBufferPointer { out in
                    try Cancellation.inBlocks(of: pl.count) { block in
                        for i in block where lv?[i] ?? true {
                            let x = pl[i]
                            if x >= lo && x <= hi { out[i] = m[Int(x &- lo)] }
                        }
                    }
                }
            }
        }
        return (lids, rids, Int64(Swift.max(Int(next), 1)))
    }

    /// Whether some pair has rows on both sides, looking for Ctrl-C every 64 k pairs.
    static func anyPair(_ li: [Int], _ ri: [Int]) throws -> Bool {
        var found = false
        try Cancellation.inBlocks(of: Swift.min(li.count, ri.count)) { block in
            if !found { for k in block where li[k] >= 0 && ri[k] >= 0 { found = true; break } }
        }
        return found
    }

    /// The left key where the left row exists, else the right key (full joins).
    static func coalesceGather(_ l: Column, _ li: [Int], _ r: Column, _ ri: [Int]) throws -> Column {
        let lg = try l.takeChecked(li, mayBeMissing: true), rg = try r.takeChecked(ri, mayBeMissing: true)
        let fromLeft = Column(bools: try Kernels.mapRows(li) { $0 >= 0 })
        return try Choose.select(conditions: [.column(fromLeft)], values: [lg], otherwise: rg, type: l.type, count: li.count)
    }
}
