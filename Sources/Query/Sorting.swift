import Foundation
import Tables

/// Stable argsort on typed keys. Each key becomes an order-preserving unsigned integer (ints with the
/// sign bit flipped, doubles by their IEEE bits, text by the rank of its dictionary entry), nulls last
/// in either direction, and NaN just before them in either direction. When the keys fit into 64 bits together they are packed and sorted with an
/// LSD radix sort (stable by construction); otherwise a comparison sort with the row index as last key.
enum Sorting {
    struct Key {
        var column: Column
        var descending: Bool
    }

    /// The rows in sort order; with `limit`, only the first `limit` of them (the same rows, in the same
    /// order, as the whole sort's prefix), found in one pass when few are wanted (`sort … | take k`).
    static func argsort(_ keys: [Key], count n: Int, limit: Int? = nil) throws -> [Int] {
        if let k = limit, k < n {
            if k <= 0 { return [] }
            if keys.isEmpty { return Array(0..<k) }
        }
        if n <= 1 || keys.isEmpty { return Array(0..<n) }
        // (packed keys made by an earlier sort are quicker still: the heap then compares integers)
        if let k = limit, k < n, k <= n / 8, keys.count == 1, case .string(let codes, let dict) = keys[0].column.storage,
           codes.count >= n, dict.derivedIfMade(packedKeysName(), as: PackedKeys.self) == nil, try dictionarySortsAsBytes(dict) {
            return try smallestText(k, codes: codes, dict: dict, validity: keys[0].column.validity, descending: keys[0].descending, count: n)
        }
        // normalized keys, each with its bit width (after subtracting its minimum)
        var parts: [(values: [UInt64], bits: Int)] = []
        for k in keys {
            try Cancellation.check()
            let hasNulls = k.column.validity != nil
            if case .double(let a) = k.column.storage, try Kernels.anyElement(a, where: { $0.isNaN }) {
                // NaN sorts after every number and before the nulls, in either direction (as nulls do).
                let v = k.column.validity
                parts.append((try Kernels.mapIndices(n) { i in v.map { !$0[i] } == true ? 2 : (a[i].isNaN ? 1 : 0) }, 2))
            }
            var norm = try normalized(k.column)
            try Cancellation.check()
            if k.descending { norm = try Kernels.mapRows(norm) { ~$0 } }
            var lo = UInt64.max, hi: UInt64 = 0
            try norm.withUnsafeBufferPointer { pn in
                try Cancellation.inBlocks(of: pn.count) { block in
                    var l = lo, h = hi  // locals: the loop stays in registers (and vectorizes)
                    for i in block { l = min(l, pn[i]); h = max(h, pn[i]) }
                    lo = l; hi = h
                }
            }
            if let v = k.column.validity {
                // nulls sort last whatever the direction: give them one past the maximum
                lo = UInt64.max; hi = 0
                try norm.withUnsafeBufferPointer { pn in
                    try Cancellation.inBlocks(of: n) { block in
                        var l = lo, h = hi
                        for i in block where v[i] { l = min(l, pn[i]); h = max(h, pn[i]) }
                        lo = l; hi = h
                    }
                }
                if lo > hi { lo = 0; hi = 0 }
                let nullKey = hi &- lo &+ 1
                if nullKey == 0 {
                    // the full 64-bit range is used: sort by a null flag first
                    parts.append((try Kernels.mapIndices(n) { v[$0] ? 0 : 1 }, 1))
                    parts.append((norm, 64))
                    continue
                }
                norm = try Kernels.mapIndices(n) { v[$0] ? norm[$0] &- lo : nullKey }
                parts.append((norm, bitWidth(nullKey)))
            } else {
                if lo != 0 { norm = try Kernels.mapRows(norm) { $0 &- lo } }
                // bits that are zero in every key carry no order
                var any: UInt64 = 0
                try norm.withUnsafeBufferPointer { pn in
                    try Cancellation.inBlocks(of: pn.count) { block in
                        var a: UInt64 = 0
                        for i in block { a |= pn[i] }
                        any |= a
                    }
                }
                let tz = UInt64(any.trailingZeroBitCount % 64)
                if tz > 0 { norm = try Kernels.mapRows(norm) { $0 >> tz } }
                parts.append((norm, bitWidth((hi &- lo) >> tz)))
            }
            _ = hasNulls
        }
        // pack adjacent keys into 64-bit words (most significant first), then LSD over the words
        var words: [(values: [UInt64], bits: Int)] = []
        var current: (values: [UInt64], bits: Int)? = nil
        for p in parts.reversed() where p.bits > 0 {
            try Cancellation.check()
            if var c = current, c.bits + p.bits <= 64 {
                let shift = UInt64(c.bits)
                c.values = try Kernels.mapRows(p.values, c.values) { ($0 << shift) | $1 }
                c.bits += p.bits
                current = c
            } else {
                if let c = current { words.append(c) }
                current = p
            }
        }
        if let c = current { words.append(c) }
        // words[0] is the least significant
        if let k = limit, k < n, k <= n / 8 { return try smallest(k, of: words.map(\.values), count: n) }
        var order: [UInt32] = try Cancellation.map(n) { UInt32($0) }
        for w in words {
            try Cancellation.check()
            assert(w.values.count == n, "sort: a key word of \(w.values.count) rows for \(n)")
            // a gather in sort order: random reads over the whole key, in blocks with checks
            let keys = try order.withUnsafeBufferPointer { po in try w.values.withUnsafeBufferPointer { pv in
                try Cancellation.map(n) { pv[Int(po[$0])] }
            } }
            try Cancellation.check()
            order = try radixSort(keys, order: order, bits: w.bits)
        }
        return try Cancellation.map(min(n, limit ?? n)) { Int(order[$0]) }
    }

    /// The `k` rows that sort first by `words` (the least significant first; ties by row, as the stable
    /// sort has them), in order: one pass with a heap of `k` rows whose top is the last of them, so a row
    /// that does not beat it costs one comparison.
    static func smallest(_ k: Int, of words: [[UInt64]], count n: Int) throws -> [Int] {
        let ws = Array(words.reversed())  // most significant first
        return try smallest(k, count: n) { i, j in
            for w in ws where w[i] != w[j] { return w[i] < w[j] }
            return i < j
        }
    }

    /// `smallest` for one text key whose dictionary sorts as its bytes (`dictionarySortsAsBytes`): the rows'
    /// strings compared byte by byte, so the dictionary needs neither ranks nor packed keys (a first
    /// `sort -pnr | head 3` over ten million distinct strings made a key for each of them). Nulls last in
    /// either direction, ties by row, as `argsort` has them.
    static func smallestText(_ k: Int, codes: [UInt32], dict: StringDictionary, validity: Bitmap?, descending: Bool,
                             count n: Int) throws -> [Int] {
        let values = dict.values
        // the bytes of the last `j` compared with: nearly always the heap's top, which a row must beat
        // and their first eight as one big-endian word (zeros past the end): two strings whose words differ
        // compare as their words do (a string that ends first has a 0 where the other has a byte above 0)
        var heldCode = -1
        var held: [UInt8] = []
        var heldWord: UInt64 = 0
        @inline(__always) func word(_ x: UnsafeBufferPointer<UInt8>) -> UInt64 {
            if x.count >= 8 { return UnsafeRawPointer(x.baseAddress!).loadUnaligned(as: UInt64.self).bigEndian }
            var w: UInt64 = 0
            for k in 0..<8 { w = w << 8 | (k < x.count ? UInt64(x[k]) : 0) }
            return w
        }
        return try codes.withUnsafeBufferPointer { cb in
            try smallest(k, count: n) { i, j in
                if let v = validity, !v[i] || !v[j] { return v[i] != v[j] ? v[i] : i < j }
                let a = Int(cb[i]), b = Int(cb[j])
                if a == b { return i < j }
                if b != heldCode {
                    held.removeAll(keepingCapacity: true)
                    if b < values.count { Collation.withBytes(values[b]) { held.append(contentsOf: $0) } }
                    heldWord = held.withUnsafeBufferPointer { word($0) }
                    heldCode = b
                }
                let c = Collation.withBytes(a < values.count ? values[a] : "") { x -> Int in
                    let wx = word(x)
                    if wx != heldWord { return wx < heldWord ? -1 : 1 }
                    return held.withUnsafeBufferPointer { y -> Int in
                        let m = Swift.min(x.count, y.count)
                        let d = m == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, m))
                        return d != 0 ? d : x.count - y.count
                    }
                }
                if c == 0 { return i < j }   // (equal strings under two codes: not in a dictionary, but as the ranks have it)
                return descending ? c > 0 : c < 0
            }
        }
    }

    /// The `k` rows that sort first by `less` (a strict total order), in order: one pass with a heap of `k`
    /// rows whose top is the last of them, so a row that does not beat it costs one comparison.
    @inline(__always)
    static func smallest(_ k: Int, count n: Int, by less: (Int, Int) -> Bool) throws -> [Int] {
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var top = i
                if l < heap.count && less(heap[top], heap[l]) { top = l }
                if r < heap.count && less(heap[top], heap[r]) { top = r }
                if top == i { return }
                heap.swapAt(i, top)
                i = top
            }
        }
        try Cancellation.inBlocks(of: n, size: 1 << 16) { block in
            for row in block {
                if heap.count < k {
                    heap.append(row)
                    var i = heap.count - 1
                    while i > 0 && less(heap[(i - 1) / 2], heap[i]) { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
                } else if less(row, heap[0]) {
                    heap[0] = row
                    siftDown(0)
                }
            }
        }
        return heap.sorted(by: less)
    }

    static func bitWidth(_ x: UInt64) -> Int { x == 0 ? 0 : 64 - x.leadingZeroBitCount }

    /// An order-preserving unsigned key per row (null rows hold an arbitrary key).
    static func normalized(_ c: Column) throws -> [UInt64] {
        switch c.storage {
        case .int(let a): return try Kernels.mapRows(a) { UInt64(bitPattern: $0) ^ (1 << 63) }
        case .double(let a):
            return try Kernels.mapRows(a) { x in
                let y = x == 0 ? 0.0 : (x.isNaN ? Double.infinity : x)
                let b = y.bitPattern
                return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
            }
        case .bool(let a): return try Kernels.mapRows(a) { $0 ? 1 : 0 }
        case .string(let codes, let dict):
            if let keys = try dictionaryPackedKeys(dict, rows: codes.count) {
                return try Kernels.mapRows(codes) { Int($0) < keys.count ? keys[Int($0)] : 0 }
            }
            let rank = try dictionaryRanks(dict)
            return try Kernels.mapRows(codes) { Int($0) < rank.count ? UInt64(rank[Int($0)]) : 0 }
        }
    }

    /// For a dictionary about as large as its column (64 k entries or more, at least one per two rows) whose
    /// strings sort as their bytes and fit whole into a packed key (`Collation.byteOrderKeys`): those keys,
    /// which order the rows by themselves. Ranking the dictionary first would cost about as much as
    /// sorting the rows again (ten million 11-digit keys: four radix passes saved). Kept with the dictionary.
    static func dictionaryPackedKeys(_ dict: StringDictionary, rows: Int) throws -> [UInt64]? {
        guard dict.count >= 1 << 16, dict.count * 2 >= rows else { return nil }
        let collation = Collation.current
        return try dict.derived(packedKeysName()) { () throws -> PackedKeys in
            guard let p = try Collation.byteOrderKeys(dict.values, collation), p.maxLen <= p.width else { return PackedKeys(keys: nil) }
            return PackedKeys(keys: p.keys)
        }.keys
    }

    /// `dictionaryPackedKeys`' result as kept with the dictionary, under `packedKeysName()`.
    struct PackedKeys: Sendable { let keys: [UInt64]? }
    static func packedKeysName() -> String { "packed sort keys, " + Collation.current.rawValue }

    /// Whether the dictionary's strings sort in the running query's collation as their bytes do
    /// (`Collation.sortsAsBytes`: ASCII digits, say). Kept with the dictionary.
    static func dictionarySortsAsBytes(_ dict: StringDictionary) throws -> Bool {
        let collation = Collation.current
        return try dict.derived("sorts as bytes, " + collation.rawValue) { try Collation.sortsAsBytes(dict.values, collation) }
    }

    /// The sort rank of each dictionary entry in the running query's collation (equal strings share a rank).
    /// Kept with the dictionary, so a column sorted again (or grouped, or its min taken) reuses them.
    static func dictionaryRanks(_ dict: StringDictionary) throws -> [UInt32] {
        let collation = Collation.current
        return try dict.derived("sort ranks, " + collation.rawValue) { try ranks(dict.values, collation) }
    }

    /// The ranks of `vals` (equal strings share one). Sorting 10 M distinct strings takes seconds, so the
    /// keys are made in blocks and the comparisons look for Ctrl-C every 64 k (`Collation.ticker`).
    static func ranks(_ vals: [String], _ collation: Collation,
                      check: @escaping () throws -> Void = { try Cancellation.check() }) throws -> [UInt32] {
        if let r = try Collation.byteOrderRanks(vals, collation, check: check) { return r }
        if collation == .norwegian, let r = try Collation.asciiNorwegianRanks(vals, check: check) { return r }
        let order: [Int]
        let tick = Collation.ticker(check)
        switch collation {
        case .bytes: order = try vals.indices.sorted { try tick(); return vals[$0] < vals[$1] }
        case .norwegian:
            let keys = try Cancellation.map(vals.count) { Collation.norwegianByteKey(vals[$0]) }
            order = try vals.indices.sorted { try tick(); return Collation.precedes(keys[$0], keys[$1]) }
        }
        var rank: [UInt32] = try Cancellation.array(repeating: 0, count: vals.count)
        var r: UInt32 = 0
        for (k, i) in order.enumerated() {
            if k & 0xFFFF == 0 { try check() }
            if k > 0, vals[order[k - 1]] != vals[i] { r += 1 }
            rank[i] = r
        }
        return rank
    }

    /// Stable LSD radix sort of `order` by `keys` (parallel arrays; only the low `bits` bits used).
    static func radixSort(_ keys: [UInt64], order: [UInt32], bits: Int) throws -> [UInt32] {
        try radixSortPairs(keys, order: order, bits: bits).order
    }

    /// `radixSort`, with the keys in their sorted order too (read in order, they cost no cache misses).
    static func radixSortPairs(_ keys: [UInt64], order: [UInt32], bits: Int) throws -> (order: [UInt32], keys: [UInt64]) {
        let n = keys.count
        var idx = order
        assert(keys.count == n && order.count == n, "radixSort: keys, order and rows disagree")
        if bits == 0 { return (idx, keys) }
        var k = keys
        var idx2: [UInt32] = try Cancellation.array(repeating: 0, count: n)
        var k2: [UInt64] = try Cancellation.array(repeating: 0, count: n)
        let digit = 11
        let buckets = 1 << digit
        var shift = 0
        while shift < bits {
            try Cancellation.check()
            var counts = [Int](repeating: 0, count: buckets + 1)
            let mask = UInt64(buckets - 1)
            let s = UInt64(shift)
            try k.withUnsafeBufferPointer { pk in
                try counts.withUnsafeMutableBufferPointer { pc in
                    try Cancellation.inBlocks(of: n, size: 1 << 18) { block in
                        for i in block { pc[Int((pk[i] >> s) & mask) + 1] += 1 }
                    }
                    for b in 0..<buckets { pc[b + 1] += pc[b] }
                }
            }
            try Cancellation.check()
            // every key has the same digit here: nothing moves
            if (0..<buckets).contains(where: { counts[$0 + 1] - counts[$0] == n }) { shift += digit; continue }
            // the scatter writes all over memory (tens of ms per million rows): in blocks, with checks
            try k.withUnsafeBufferPointer { pk in
                try idx.withUnsafeBufferPointer { pi in
                    try k2.withUnsafeMutableBufferPointer { pk2 in
                        try idx2.withUnsafeMutableBufferPointer { pi2 in
                            try counts.withUnsafeMutableBufferPointer { pc in
                                try Cancellation.inBlocks(of: n, size: 1 << 18) { block in
                                    for i in block {
                                        let d = Int((pk[i] >> s) & mask)
                                        let o = pc[d]
                                        assert(o < n, "radixSort: bucket offset \(o) past \(n) rows")
                                        pc[d] = o + 1
                                        pk2[o] = pk[i]
                                        pi2[o] = pi[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&k, &k2)
            swap(&idx, &idx2)
            shift += digit
        }
        return (idx, k)
    }
}
