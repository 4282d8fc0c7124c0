import Foundation
import Tables

/// Aggregate functions over rows grouped by dense group ids. Nulls are skipped; a group without values
/// gives null (count gives 0). Booleans count as 0/1, so `mean(x > 0)` is a share.
enum Aggregate {
    enum Kind: Equatable {
        case countRows, count, sum, mean, median, min, max, sd, variance, quantile(Double), nDistinct, first, last
    }

    /// The kind for a function name and its argument count, or nil when unknown.
    static func kind(_ name: String) -> Kind? {
        switch name {
        case "count": return .count
        case "sum": return .sum
        case "mean", "avg": return .mean
        case "median": return .median
        case "min": return .min
        case "max": return .max
        case "sd", "stddev": return .sd
        case "var", "variance": return .variance
        case "quantile": return .quantile(0.5)
        case "n_distinct": return .nDistinct
        case "first": return .first
        case "last": return .last
        default: return nil
        }
    }

    /// The result type for an input type (nil input = count()).
    static func resultType(_ k: Kind, _ input: DataType?) -> DataType {
        switch k {
        case .countRows, .count, .nDistinct: return .int
        case .sum: return input == .double ? .double : .int
        case .mean, .median, .sd, .variance, .quantile: return .double
        case .min, .max, .first, .last: return input ?? .int
        }
    }

    /// Aggregates `input` (nil for count()) per group.
    static func run(_ k: Kind, _ input: Column?, ids: [Int32], groups g: Int, warnings: WarningSink, text: String) throws -> Column {
        guard let c = input else { return try rowCounts(ids: ids, groups: g) }
        switch k {
        case .countRows, .count:
            return try valueCounts(c, ids: ids, groups: g)
        case .sum where c.type != .double:
            return try exactSums(c, ids: ids, groups: g, warnings: warnings, text: text)
        case .sum, .mean:
            return try sumsOrMeans(c, mean: k == .mean, ids: ids, groups: g)
        case .sd, .variance:
            return try variances(c, sd: k == .sd, ids: ids, groups: g)
        case .median, .quantile:
            let p: Double
            if case .quantile(let q) = k { p = q } else { p = 0.5 }
            return try quantiles(c, p: p, ids: ids, groups: g)
        case .min, .max:
            return try extremes(c, max: k == .max, ids: ids, groups: g)
        case .first, .last:
            return try firstOrLast(c, last: k == .last, ids: ids, groups: g)
        case .nDistinct:
            return try distinctCounts(c, ids: ids, groups: g)
        }
    }

    /// `count()`: the rows of each group.
    static func rowCounts(ids: [Int32], groups g: Int) throws -> Column {
        var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
        try ids.withUnsafeBufferPointer { pid in
            try counts.withUnsafeMutableBufferPointer { pc in
                try Cancellation.inBlocks(of: pid.count) { block in for i in block { pc[Int(pid[i])] += 1 } }
            }
        }
        return Column(ints: counts)
    }

    /// `count(x)`: the non-null values of each group.
    static func valueCounts(_ c: Column, ids: [Int32], groups g: Int) throws -> Column {
        let valid = c.validity
        var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
        // (a check per block, not per row where a value is: a column of nulls would make none)
        try ids.withUnsafeBufferPointer { pid in
            try counts.withUnsafeMutableBufferPointer { pc in
                try Cancellation.inBlocks(of: pid.count) { block in
                    for i in block where valid?[i] ?? true { pc[Int(pid[i])] += 1 }
                }
            }
        }
        return Column(ints: counts)
    }

    /// `sum` of integers (booleans as 0/1), exact: accumulated in 128 bits (2^63 rows of 2^63 cannot happen),
    /// so the answer does not depend on row order; only a final sum outside Int64 is null (with a warning).
    static func exactSums(_ c: Column, ids: [Int32], groups g: Int, warnings: WarningSink, text: String) throws -> Column {
        let n = ids.count
        let valid = c.validity
        @inline(__always) func ok(_ i: Int) -> Bool { valid?[i] ?? true }
        let a: [Int64]
        switch c.storage {
        case .int(let x): a = x
        case .bool(let x): a = try Kernels.mapRows(x) { $0 ? 1 : 0 }
        default: a = try Cancellation.array(repeating: 0, count: n)
        }
        var sums: [Int128] = try Cancellation.array(repeating: 0, count: g)
        var seen: [Bool] = try Cancellation.array(repeating: false, count: g)
        assert(a.count >= n && ids.count >= n, "sum: fewer values or group ids than rows")
        try ids.withUnsafeBufferPointer { pid in
            try a.withUnsafeBufferPointer { pa in
                try sums.withUnsafeMutableBufferPointer { ps in
                    try seen.withUnsafeMutableBufferPointer { pseen in
                        try Cancellation.inBlocks(of: n) { block in
                            for i in block where ok(i) {
                                let gi = Int(pid[i])
                                ps[gi] &+= Int128(pa[i])
                                pseen[gi] = true
                            }
                        }
                    }
                }
            }
        }
        let fits = try Cancellation.map(g) { Int64(exactly: sums[$0]) }
        var overflowed = false
        let validOut = Bitmap(try Cancellation.map(g) { k in
            if seen[k] && fits[k] == nil { overflowed = true }
            return seen[k] && fits[k] != nil
        })
        if overflowed { warnings.add("integer overflow in `\(text)`: result set to null") }
        return Column(ints: try Cancellation.map(g) { fits[$0] ?? 0 }, validity: validOut)
    }

    /// `sum` of decimals, or `mean`: a sum and a count per group in one pass (null where a group has no values).
    static func sumsOrMeans(_ c: Column, mean: Bool, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let valid = c.validity
        let a = try Kernels.doubles(c)
        var sums: [Double] = try Cancellation.array(repeating: 0, count: g)
        var counts: [Int] = try Cancellation.array(repeating: 0, count: g)
        assert(a.count >= n && ids.count >= n, "sum/mean: fewer values or group ids than rows")
        try ids.withUnsafeBufferPointer { pid in
            try a.withUnsafeBufferPointer { pa in
                try sums.withUnsafeMutableBufferPointer { ps in
                    try counts.withUnsafeMutableBufferPointer { pc in
                        try Cancellation.inBlocks(of: n) { block in
                            if let v = valid {
                                for i in block where v[i] { let gi = Int(pid[i]); ps[gi] += pa[i]; pc[gi] += 1 }
                            } else {
                                for i in block { let gi = Int(pid[i]); ps[gi] += pa[i]; pc[gi] += 1 }
                            }
                        }
                    }
                }
            }
        }
        let out = mean ? try Cancellation.map(g) { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 } : sums
        return Column(doubles: out, validity: Bitmap(try Cancellation.map(g) { counts[$0] > 0 }))
    }

    /// `variance` (or `sd`, its square root), sample, by Welford's one-pass update; null below two values.
    static func variances(_ c: Column, sd: Bool, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let valid = c.validity
        let a = try Kernels.doubles(c)
        var count: [Double] = try Cancellation.array(repeating: 0, count: g)
        var mean: [Double] = try Cancellation.array(repeating: 0, count: g)
        var m2: [Double] = try Cancellation.array(repeating: 0, count: g)
        assert(a.count >= n, "sd/variance: fewer values than rows")
        try ids.withUnsafeBufferPointer { pid in
            try a.withUnsafeBufferPointer { pa in
                try count.withUnsafeMutableBufferPointer { pc in
                    try mean.withUnsafeMutableBufferPointer { pm in
                        try m2.withUnsafeMutableBufferPointer { p2 in
                            try Cancellation.inBlocks(of: n) { block in
                                for i in block where valid?[i] ?? true {
                                    let gi = Int(pid[i])
                                    pc[gi] += 1
                                    let d = pa[i] - pm[gi]
                                    pm[gi] += d / pc[gi]
                                    p2[gi] += d * (pa[i] - pm[gi])
                                }
                            }
                        }
                    }
                }
            }
        }
        let out = try Cancellation.map(g) { count[$0] > 1 ? m2[$0] / (count[$0] - 1) : 0 }
        return Column(doubles: sd ? try Cancellation.map(g) { out[$0].squareRoot() } : out,
                      validity: Bitmap(try Cancellation.map(g) { count[$0] > 1 }))
    }

    /// `first(x)` / `last(x)`: the first / last non-null value of each group in row order.
    static func firstOrLast(_ c: Column, last: Bool, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let valid = c.validity
        @inline(__always) func ok(_ i: Int) -> Bool { valid?[i] ?? true }
        var pick: [Int] = try Cancellation.array(repeating: -1, count: g)
        try ids.withUnsafeBufferPointer { pid in
            try pick.withUnsafeMutableBufferPointer { pp in
                try Cancellation.inBlocks(of: n) { block in
                    if !last {
                        for i in block where ok(i) && pp[Int(pid[i])] < 0 { pp[Int(pid[i])] = i }
                    } else {
                        for i in block where ok(i) { pp[Int(pid[i])] = i }
                    }
                }
            }
        }
        return try c.takeChecked(pick, mayBeMissing: true)
    }

    /// How many different non-null values each group holds. The values are numbered densely first (text by
    /// dictionary code, integers through an array over a small range, else a hash: `Grouping.denseIds`, where
    /// doubles compare as numbers: 0 = -0, every NaN alike), then each (group, value) pair is counted once: one
    /// group needs a bit per value, few groups × values a bit per pair, else a set sized for the rows up front.
    /// `maxBits` (tests) caps the bits of the pair path.
    static func distinctCounts(_ c: Column, ids: [Int32], groups g: Int, maxBits: Int? = nil) throws -> Column {
        let n = ids.count
        let valid = c.validity
        var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
        let vids: [Int32], card: Int
        if case .string(let codes, let dict) = c.storage {
            vids = try Kernels.mapRows(codes) { Int32(bitPattern: $0) }
            card = Swift.max(dict.count, 1)
        } else {
            (vids, card) = try Grouping.denseIds(c, n)
        }
        try Cancellation.check()
        let (pairs, overflow) = g.multipliedReportingOverflow(by: card)
        if !overflow, pairs <= maxBits ?? Swift.max(1 << 26, 16 * n) {
            var seen: [UInt64] = try Cancellation.array(repeating: 0, count: (pairs + 63) / 64)
            try seen.withUnsafeMutableBufferPointer { bits in
                try ids.withUnsafeBufferPointer { pid in
                    try vids.withUnsafeBufferPointer { pv in
                        try counts.withUnsafeMutableBufferPointer { pc in
                            try Cancellation.inBlocks(of: n) { block in
                                for i in block where valid?[i] ?? true {
                                    let gi = Int(pid[i])
                                    let s = gi * card + Int(pv[i])
                                    let mask: UInt64 = 1 << UInt64(s & 63)
                                    if bits[s >> 6] & mask == 0 { bits[s >> 6] |= mask; pc[gi] += 1 }
                                }
                            }
                        }
                    }
                }
            }
        } else {
            var seen = Set<Int64>(minimumCapacity: Swift.min(n, pairs))
            try Cancellation.inBlocks(of: n) { block in
                for i in block where valid?[i] ?? true {
                    if seen.insert(Int64(ids[i]) << 32 | Int64(vids[i])).inserted { counts[Int(ids[i])] += 1 }
                }
            }
        }
        return Column(ints: counts)
    }

    private static func extremes(_ c: Column, max wantMax: Bool, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let valid = c.validity
        var seen: [Bool] = try Cancellation.array(repeating: false, count: g)
        func loop<T>(_ a: [T], _ initial: T, _ better: (T, T) -> Bool) throws -> [T] {
            var best: [T] = try Cancellation.array(repeating: initial, count: g)
            try a.withUnsafeBufferPointer { pa in
                try ids.withUnsafeBufferPointer { pid in
                    try best.withUnsafeMutableBufferPointer { pb in
                        try seen.withUnsafeMutableBufferPointer { ps in
                            try Cancellation.inBlocks(of: n) { block in
                                for i in block where valid?[i] ?? true {
                                    let gi = Int(pid[i])
                                    if !ps[gi] || better(pa[i], pb[gi]) { pb[gi] = pa[i]; ps[gi] = true }
                                }
                            }
                        }
                    }
                }
            }
            return best
        }
        switch c.storage {
        case .int(let a):
            let r = try wantMax ? loop(a, 0, >) : loop(a, 0, <)
            try Cancellation.check()
            return Column(ints: r, validity: Bitmap(seen))
        case .double(let a):
            let r = try wantMax ? loop(a, 0, >) : loop(a, 0, <)
            try Cancellation.check()
            return Column(doubles: r, validity: Bitmap(seen))
        case .bool(let a):
            let r = try wantMax ? loop(a, false) { $0 && !$1 } : loop(a, false) { !$0 && $1 }
            return Column(bools: r, validity: Bitmap(seen))
        case .string(let codes, let dict):
            let rank = try Sorting.dictionaryRanks(dict)
            let ranks = try Kernels.mapRows(codes) { Int($0) < rank.count ? rank[Int($0)] : 0 }
            var bestRank: [UInt32] = try Cancellation.array(repeating: 0, count: g)
            var bestCode: [UInt32] = try Cancellation.array(repeating: 0, count: g)
            try bestRank.withUnsafeMutableBufferPointer { pr in
                try bestCode.withUnsafeMutableBufferPointer { pc in
                    try seen.withUnsafeMutableBufferPointer { ps in
                        try Cancellation.inBlocks(of: n) { block in
                            for i in block where valid?[i] ?? true {
                                let gi = Int(ids[i])
                                if !ps[gi] || (wantMax ? ranks[i] > pr[gi] : ranks[i] < pr[gi]) {
                                    pr[gi] = ranks[i]; pc[gi] = codes[i]; ps[gi] = true
                                }
                            }
                        }
                    }
                }
            }
            return Column(codes: bestCode, dictionary: dict, validity: Bitmap(seen))
        }
    }

    /// Quantile with linear interpolation between order statistics (R type 7, DuckDB `quantile_cont`).
    private static func quantiles(_ c: Column, p: Double, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let a = try Kernels.doubles(c)
        let present = c.validity
        // bucket the values of each group together (counting sort by group id)
        var start: [Int] = try Cancellation.array(repeating: 0, count: g + 1)
        try ids.withUnsafeBufferPointer { pid in
            try start.withUnsafeMutableBufferPointer { ps in
                try Cancellation.inBlocks(of: n) { block in
                    for i in block where present?[i] ?? true { ps[Int(pid[i]) + 1] += 1 }
                }
                try Cancellation.inBlocks(of: g) { block in for k in block { ps[k + 1] += ps[k] } }
            }
        }
        var fill: [Int] = try Kernels.mapIndices(g) { start[$0] }
        var vals: [Double] = try Cancellation.array(repeating: 0, count: start[g])
        try ids.withUnsafeBufferPointer { pid in
            try a.withUnsafeBufferPointer { pa in
                try vals.withUnsafeMutableBufferPointer { pv in
                    try fill.withUnsafeMutableBufferPointer { pf in
                        try Cancellation.inBlocks(of: n) { block in
                            for i in block where present?[i] ?? true {
                                let gi = Int(pid[i])
                                pv[pf[gi]] = pa[i]; pf[gi] += 1
                            }
                        }
                    }
                }
            }
        }
        fill = []
        var out: [Double] = try Cancellation.array(repeating: 0, count: g)
        var valid: [Bool] = try Cancellation.array(repeating: false, count: g)
        // a check per 64 k values selected over (many small groups or a few big ones alike)
        var sinceCheck = 0
        try vals.withUnsafeMutableBufferPointer { pv in
            for k in 0..<g {
                let lo = start[k], hi = start[k + 1]
                sinceCheck += hi - lo + 1
                if sinceCheck >= 1 << 16 { try Cancellation.check(); sinceCheck = 0 }
                guard hi > lo else { continue }
                out[k] = try quantile(of: UnsafeMutableBufferPointer(rebasing: pv[lo..<hi]), p)
                valid[k] = true
            }
        }
        return Column(doubles: out, validity: Bitmap(valid))
    }

    /// The p-quantile of `v` (not empty; reordered in place) interpolated between the order statistics
    /// ⌊h⌋ and ⌊h⌋ + 1, h = (count - 1) · p, where NaN sorts above every number (as in DuckDB). Finds the
    /// two by selection (expected linear time) instead of sorting the values.
    static func quantile(of v: UnsafeMutableBufferPointer<Double>, _ p: Double) throws -> Double {
        let h = Double(v.count - 1) * p
        let f = Int(h.rounded(.down))
        let frac = h - Double(f)
        // NaNs to the end: the numbers are v[0..<numbers]
        var numbers = 0
        try bigBlocks(v.count) { block in
            for i in block where !v[i].isNaN { v.swapAt(i, numbers); numbers += 1 }
        }
        guard f < numbers else { return .nan }
        try select(v, 0, numbers, f)
        let x = v[f]
        guard f + 1 < v.count else { return x }
        // the next order statistic: the least number above position f (or NaN when there is none)
        var y = Double.nan
        if f + 1 < numbers {
            y = v[f + 1]
            try bigBlocks(numbers - f - 2) { block in
                for i in block where v[f + 2 + i] < y { y = v[f + 2 + i] }
            }
        }
        return x + (y - x) * frac
    }

    /// `Cancellation.inBlocks` for a loop that may be long (one big group) but mostly is short (one of
    /// millions of small groups, whose caller checks per 64 k values): no check below one block.
    @inline(__always)
    static func bigBlocks(_ count: Int, _ body: (Range<Int>) throws -> Void) throws {
        if count <= 1 << 16 { if count > 0 { try body(0..<count) } } else { try Cancellation.inBlocks(of: count, body) }
    }

    /// Reorders the numbers `v[lo..<hi]` (no NaN) so that `v[k]` is the value a sort would put there, every
    /// value before it is ≤ and every value after it ≥ (Hoare partitions around a median of three; a range
    /// that keeps failing to shrink is sorted instead).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ lo0: Int, _ hi0: Int, _ k: Int) throws {
        var lo = lo0, hi = hi0 - 1
        var budget = 2 * (Int.bitWidth - (hi0 - lo0).leadingZeroBitCount) + 8
        while hi > lo {
            if hi - lo < 16 || budget == 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: v[lo...hi])
                rest.sort()
                return
            }
            budget -= 1
            if hi - lo > 1 << 16 { try Cancellation.check() }
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            // v[lo...j] ≤ pivot, v[i...hi] ≥ pivot, v[j+1..<i] = pivot
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}
