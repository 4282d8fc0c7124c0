import Tables

/// Dense group ids for rows by one or more key columns, numbered in order of first appearance.
/// Text keys hash nothing (dictionary codes index an array); integer keys use an array over their
/// range when it is small, else a hash on the raw `Int64`; several keys compose pairwise.
struct Grouping {
    /// Group id of each row.
    var ids: [Int32]
    /// Number of groups.
    var count: Int
    /// The first row of each group.
    var firstRow: [Int]

    static func group(_ keys: [Column], rowCount n: Int) throws -> Grouping {
        guard let first = keys.first else {
            return Grouping(ids: try Cancellation.array(repeating: 0, count: n), count: n > 0 ? 1 : 0, firstRow: n > 0 ? [0] : [])
        }
        var (ids, card) = try denseIds(first, n)
        for k in keys.dropFirst() {
            try Cancellation.check()
            let (next, d) = try denseIds(k, n)
            try Cancellation.check()
            (ids, card) = try combine(ids, card, next, d, n)
        }
        try Cancellation.check()
        var firstRow = try Cancellation.array(repeating: -1, count: card)
        try Cancellation.inBlocks(of: n) { block in
            for i in block where firstRow[Int(ids[i])] < 0 { firstRow[Int(ids[i])] = i }
        }
        return Grouping(ids: ids, count: card, firstRow: firstRow)
    }

    /// Densifies raw ids (`raw[i] < bound`) into first-appearance order (looking for Ctrl-C every 64 k rows).
    private static func densify<T: BinaryInteger>(_ raw: [T], bound: Int) throws -> ([Int32], Int) {
        var map: [Int32] = try Cancellation.array(repeating: -1, count: bound)
        var next: Int32 = 0
        let n = raw.count
        var ids: [Int32] = try Cancellation.array(repeating: 0, count: n)
        try raw.withUnsafeBufferPointer { r in
            try ids.withUnsafeMutableBufferPointer { out in
                try map.withUnsafeMutableBufferPointer { m in
                    try Cancellation.inBlocks(of: n) { block in
                        for i in block {
                            let k = Int(r[i])
                            assert(k >= 0 && k < bound, "densify: raw id \(k) outside 0..<\(bound)")
                            var g = m[k]
                            if g < 0 { g = next; m[k] = next; next += 1 }
                            out[i] = g
                        }
                    }
                }
            }
        }
        return (ids, Int(next))
    }

    private static func hashDensify<K: Hashable>(_ n: Int, _ key: (Int) -> K) throws -> ([Int32], Int) {
        var map: [K: Int32] = [:]
        // Room for a key per row: growing rehashes every key in one step (100s of ms at millions of
        // keys, with no look for Ctrl-C); the memory is touched only as keys arrive.
        map.reserveCapacity(n)
        var ids: [Int32] = try Cancellation.array(repeating: 0, count: n)
        for i in 0..<n {
            if i & 0xFFFF == 0 { try Cancellation.check() }
            let k = key(i)
            if let g = map[k] { ids[i] = g } else {
                let g = Int32(map.count); map[k] = g; ids[i] = g
            }
        }
        return (ids, map.count)
    }

    /// Dense ids of one key column (null is a group of its own).
    static func denseIds(_ c: Column, _ n: Int) throws -> ([Int32], Int) {
        let valid = c.validity
        switch c.storage {
        case .string(let codes, let dict):
            let nullCode = UInt32(dict.count)
            if let v = valid {
                return try densify(try Kernels.mapIndices(n) { v[$0] ? codes[$0] : nullCode }, bound: dict.count + 1)
            }
            return try densify(codes, bound: max(dict.count, 1))
        case .bool(let a):
            let raw: [UInt8] = try Kernels.mapIndices(n) { i in valid.map { !$0[i] } ?? false ? 2 : (a[i] ? 1 : 0) }
            return try densify(raw, bound: 3)
        case .int(let a):
            var lo = Int64.max, hi = Int64.min
            try a.withUnsafeBufferPointer { pa in
                try Cancellation.inBlocks(of: pa.count) { block in
                    var l = lo, h = hi  // locals: the loop stays in registers (and vectorizes)
                    for i in block { l = Swift.min(l, pa[i]); h = Swift.max(h, pa[i]) }
                    lo = l; hi = h
                }
            }
            if n > 0, hi.subtractingReportingOverflow(lo).overflow == false, hi - lo < Int64(Swift.max(1 << 16, 2 * n)) {
                let span = Int(hi - lo) + 1
                let raw: [UInt32]
                if let v = valid {
                    raw = try Kernels.mapIndices(n) { v[$0] ? UInt32(truncatingIfNeeded: a[$0] &- lo) : UInt32(span) }
                } else {
                    raw = try Kernels.mapRows(a) { UInt32(truncatingIfNeeded: $0 &- lo) }
                }
                return try densify(raw, bound: span + 1)
            }
            if let v = valid { return try hashDensify(n) { v[$0] ? a[$0] : nil } }
            return try hashDensify(n) { a[$0] }
        case .double(let a):
            func bits(_ x: Double) -> UInt64 { x == 0 ? 0 : (x.isNaN ? Double.nan.bitPattern : x.bitPattern) }
            if let v = valid { return try hashDensify(n) { v[$0] ? bits(a[$0]) : nil } }
            return try hashDensify(n) { bits(a[$0]) }
        }
    }

    /// Ids of the pair (a, b), densified.
    static func combine(_ a: [Int32], _ ca: Int, _ b: [Int32], _ cb: Int, _ n: Int) throws -> ([Int32], Int) {
        let product = ca * cb
        if product <= Swift.max(1 << 20, 2 * n) {
            let cbl = Int32(cb)
            let raw = try Kernels.mapRows(a, b) { UInt32(bitPattern: $0 &* cbl &+ $1) }
            return try densify(raw, bound: Swift.max(product, 1))
        }
        let cbl = Int64(cb)
        return try hashDensify(n) { Int64(a[$0]) * cbl + Int64(b[$0]) }
    }
}
