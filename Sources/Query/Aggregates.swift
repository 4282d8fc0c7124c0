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
        let n = ids.count
        guard let c = input else {
            var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
            for (i, id) in ids.enumerated() {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                counts[Int(id)] += 1
            }
            return Column(ints: counts)
        }
        let valid = c.validity
        @inline(__always) func ok(_ i: Int) -> Bool { valid?[i] ?? true }
        switch k {
        case .countRows, .count:
            var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
            for i in 0..<n where ok(i) {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                counts[Int(ids[i])] += 1
            }
            return Column(ints: counts)
        case .sum where c.type != .double:
            let a: [Int64]
            switch c.storage { case .int(let x): a = x; case .bool(let x): a = Kernels.map1(x) { $0 ? 1 : 0 }; default: a = [Int64](repeating: 0, count: n) }
            // exact: accumulate in 128 bits (2^63 rows of 2^63 cannot happen), so the answer does not depend
            // on row order; only a final sum outside Int64 is null (with a warning)
            var sums: [Int128] = try Cancellation.array(repeating: 0, count: g)
            var seen: [Bool] = try Cancellation.array(repeating: false, count: g)
            assert(a.count >= n && ids.count >= n, "sum: fewer values or group ids than rows")
            try ids.withUnsafeBufferPointer { pid in
                try a.withUnsafeBufferPointer { pa in
                    try sums.withUnsafeMutableBufferPointer { ps in
                        for i in 0..<n where ok(i) {
                            if i & 0xFFFF == 0 { try Cancellation.check() }
                            let gi = Int(pid[i])
                            ps[gi] &+= Int128(pa[i])
                            seen[gi] = true
                        }
                    }
                }
            }
            let fits = try Cancellation.map(g) { Int64(exactly: sums[$0]) }
            var overflowed = false
            let valid = Bitmap(try Cancellation.map(g) { k in
                if seen[k] && fits[k] == nil { overflowed = true }
                return seen[k] && fits[k] != nil
            })
            if overflowed { warnings.add("integer overflow in `\(text)`: result set to null") }
            return Column(ints: try Cancellation.map(g) { fits[$0] ?? 0 }, validity: valid)
        case .sum, .mean:
            let a = c.asDoubles
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
            let out = k == .mean ? try Cancellation.map(g) { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 } : sums
            return Column(doubles: out, validity: Bitmap(try Cancellation.map(g) { counts[$0] > 0 }))
        case .sd, .variance:
            let a = c.asDoubles
            var count: [Double] = try Cancellation.array(repeating: 0, count: g)
            var mean: [Double] = try Cancellation.array(repeating: 0, count: g)
            var m2: [Double] = try Cancellation.array(repeating: 0, count: g)
            for i in 0..<n where ok(i) {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                let gi = Int(ids[i])
                count[gi] += 1
                let d = a[i] - mean[gi]
                mean[gi] += d / count[gi]
                m2[gi] += d * (a[i] - mean[gi])
            }
            let out = try Cancellation.map(g) { count[$0] > 1 ? m2[$0] / (count[$0] - 1) : 0 }
            return Column(doubles: k == .sd ? try Cancellation.map(g) { out[$0].squareRoot() } : out,
                          validity: Bitmap(try Cancellation.map(g) { count[$0] > 1 }))
        case .median, .quantile:
            let p: Double
            if case .quantile(let q) = k { p = q } else { p = 0.5 }
            return try quantiles(c, p: p, ids: ids, groups: g)
        case .min, .max:
            return try extremes(c, max: k == .max, ids: ids, groups: g)
        case .first, .last:
            var pick: [Int] = try Cancellation.array(repeating: -1, count: g)
            if k == .first {
                for i in 0..<n {
                    if i & 0xFFFF == 0 { try Cancellation.check() }
                    if ok(i) && pick[Int(ids[i])] < 0 { pick[Int(ids[i])] = i }
                }
            } else {
                for i in 0..<n where ok(i) {
                    if i & 0xFFFF == 0 { try Cancellation.check() }
                    pick[Int(ids[i])] = i
                }
            }
            return try c.takeChecked(pick, mayBeMissing: true)
        case .nDistinct:
            var counts: [Int64] = try Cancellation.array(repeating: 0, count: g)
            switch c.storage {
            case .string(let codes, let dict):
                if dict.count * g <= Swift.max(1 << 22, n) {
                    var seen: [Bool] = try Cancellation.array(repeating: false, count: Swift.max(dict.count * g, 1))
                    for i in 0..<n where ok(i) {
                        if i & 0xFFFF == 0 { try Cancellation.check() }
                        let s = Int(ids[i]) * dict.count + Int(codes[i])
                        if !seen[s] { seen[s] = true; counts[Int(ids[i])] += 1 }
                    }
                } else {
                    var seen = Set<Int64>()
                    for i in 0..<n {
                        if i & 0xFFFF == 0 { try Cancellation.check() }
                        if ok(i) && seen.insert(Int64(ids[i]) << 32 | Int64(codes[i])).inserted { counts[Int(ids[i])] += 1 }
                    }
                }
            default:
                let raw: [UInt64]
                switch c.storage {
                case .int(let a): raw = a.map { UInt64(bitPattern: $0) }
                case .double(let a): raw = a.map { $0 == 0 ? 0 : $0.bitPattern }
                case .bool(let a): raw = a.map { $0 ? 1 : 0 }
                default: raw = []
                }
                struct Pair: Hashable { var g: Int32; var v: UInt64 }
                var seen = Set<Pair>()
                for i in 0..<n where ok(i) {
                    if i & 0xFFFF == 0 { try Cancellation.check() }
                    if seen.insert(Pair(g: ids[i], v: raw[i])).inserted { counts[Int(ids[i])] += 1 }
                }
            }
            return Column(ints: counts)
        }
    }

    private static func extremes(_ c: Column, max wantMax: Bool, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let valid = c.validity
        var seen: [Bool] = try Cancellation.array(repeating: false, count: g)
        func loop<T>(_ a: [T], _ initial: T, _ better: (T, T) -> Bool) throws -> [T] {
            var best: [T] = try Cancellation.array(repeating: initial, count: g)
            try a.withUnsafeBufferPointer { pa in
                for i in 0..<n where valid?[i] ?? true {
                    if i & 0xFFFF == 0 { try Cancellation.check() }
                    let gi = Int(ids[i])
                    if !seen[gi] || better(pa[i], best[gi]) { best[gi] = pa[i]; seen[gi] = true }
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
            let rank = Sorting.dictionaryRanks(dict)
            let ranks = try Cancellation.map(codes.count) { Int(codes[$0]) < rank.count ? rank[Int(codes[$0])] : 0 }
            var bestRank: [UInt32] = try Cancellation.array(repeating: 0, count: g)
            var bestCode: [UInt32] = try Cancellation.array(repeating: 0, count: g)
            for i in 0..<n where valid?[i] ?? true {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                let gi = Int(ids[i])
                if !seen[gi] || (wantMax ? ranks[i] > bestRank[gi] : ranks[i] < bestRank[gi]) {
                    bestRank[gi] = ranks[i]; bestCode[gi] = codes[i]; seen[gi] = true
                }
            }
            return Column(codes: bestCode, dictionary: dict, validity: Bitmap(seen))
        }
    }

    /// Quantile with linear interpolation between order statistics (R type 7, DuckDB `quantile_cont`).
    private static func quantiles(_ c: Column, p: Double, ids: [Int32], groups g: Int) throws -> Column {
        let n = ids.count
        let a = c.asDoubles
        // bucket the values of each group together (counting sort by group id)
        var start = [Int](repeating: 0, count: g + 1)
        for i in 0..<n where c.validity?[i] ?? true {
            if i & 0xFFFF == 0 { try Cancellation.check() }
            start[Int(ids[i]) + 1] += 1
        }
        try Cancellation.check()
        for k in 0..<g { start[k + 1] += start[k] }
        try Cancellation.check()
        var fill = start
        try Cancellation.check()
        var vals: [Double] = try Cancellation.array(repeating: 0, count: start[g])
        for i in 0..<n where c.validity?[i] ?? true {
            if i & 0xFFFF == 0 { try Cancellation.check() }
            let gi = Int(ids[i])
            vals[fill[gi]] = a[i]; fill[gi] += 1
        }
        var out: [Double] = try Cancellation.array(repeating: 0, count: g)
        var valid: [Bool] = try Cancellation.array(repeating: false, count: g)
        for k in 0..<g {
            if k & 0x3FF == 0 { try Cancellation.check() }
            let lo = start[k], hi = start[k + 1]
            guard hi > lo else { continue }
            var part = Array(vals[lo..<hi])
            part.sort()
            let h = Double(part.count - 1) * p
            let f = Int(h.rounded(.down))
            let frac = h - Double(f)
            out[k] = f + 1 < part.count ? part[f] + (part[f + 1] - part[f]) * frac : part[f]
            valid[k] = true
        }
        return Column(doubles: out, validity: Bitmap(valid))
    }
}
