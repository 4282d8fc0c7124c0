import Foundation
import Synchronization

/// A hash table from byte strings to dense `UInt32` codes, used while parsing a text column: a field's
/// bytes are looked up without making a `String`, so each distinct value becomes a `String` only once,
/// when the chunk's dictionary is merged into the column's `StringDictionary`.
struct CSVByteDictionary {
    /// The bytes of every key, back to back (distinct keys, unless `raw`).
    private(set) var arena: [UInt8] = []
    /// Start of key `i` in `arena`; `offsets[count]` is the end of the last key.
    private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing slots holding `code + 1` (0 = empty).
    private var slots: [UInt32] = [UInt32](repeating: 0, count: 64)
    private var mask = 63
    /// Lookups so far, and whether the table was given up: a column whose values are nearly all distinct
    /// (`rawAfter` keys or more, three in four lookups new) appends every further value as a new key, with
    /// no lookup. Each lookup into a table of millions of keys is a cache miss, most of the parse's time;
    /// the merge finds the repeats instead, in cache-sized partitions. A key may then occur more than once.
    private var lookups = 0
    private(set) var raw = false
    private let rawAfter: Int

    var count: Int { hashes.count }

    init(rawAfter: Int = 1 << 15) { self.rawAfter = rawAfter }

    /// Room for `keys` keys of `bytes` bytes in all, so adding them never grows the table.
    init(keys: Int, bytes: Int) {
        rawAfter = Int.max
        var size = 64
        while size < keys * 2 + 2 { size *= 2 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        hashes.reserveCapacity(keys)
        offsets.reserveCapacity(keys + 1)
        arena.reserveCapacity(bytes)
    }

    /// The merged keys of `parts` (each distinct key once, in order of first appearance: part by part, code
    /// by code) and, per part, the merged code of each of its codes. A part's keys need not be distinct
    /// (a part that gave up its table, `raw`).
    ///
    /// Not by inserting every key into one big table: at millions of distinct keys each insert is a cache
    /// miss into a table of tens of MB (most of a load's time for a column of distinct values). The keys are
    /// split by their hashes (kept from parsing) into partitions of about `partitionSize`, and each partition
    /// finds its repeats in a small table that stays in cache, in parallel (`parallel`). The split has two
    /// levels: at most `2^coarseBits` coarse partitions over the whole input (every part scatters its own
    /// keys, in parallel; a scatter into thousands of partitions at once is a TLB miss per key), then each
    /// coarse partition into fine ones in a buffer of its own. A partition entry is one word: 31 bits of
    /// the hash and the key's number, so the scatter writes one stream per partition and a probe compares
    /// hashes without leaving the table. Keys keep their order through both levels, so the first key of
    /// its bytes that a partition meets is its first occurrence; only the repeats are written down, and
    /// numbering the keys in order, skipping them, gives the codes a single table would give.
    static func merge(_ parts: [CSVByteDictionary], partitionSize: Int = 1 << 13, coarseBits: Int = 8,
                      parallel: Bool = true) throws -> (CSVMergedKeys, [[UInt32]]) {
        // part p's keys are numbered first[p] ..< first[p + 1]; its bytes start at byteStart[p]
        var firsts = [0], byteStarts = [0]
        for part in parts { firsts.append(firsts[firsts.count - 1] + part.count); byteStarts.append(byteStarts[byteStarts.count - 1] + part.arena.count) }
        let first = firsts, byteStart = byteStarts
        let total = first[parts.count], bytes = byteStart[parts.count]
        guard total < Int(UInt32.max) else { throw CSVError(file: "a text column", problem: "\(total) values to merge, more than a column's codes can number") }
        let go = parallel && parts.count > 1
        final class Stop: Sendable { let error = Mutex<(any Error)?>(nil) }
        let stopped = Stop()
        @Sendable func checked() -> Bool {
            do { try Cancellation.check(); return true } catch { stopped.error.withLock { $0 = error }; return false }
        }
        // every key back to back: the parts' arenas and offsets one after another, each part by itself
        try Cancellation.check()
        let arena = [UInt8](unsafeUninitializedCapacity: bytes) { buf, n in
            let shared = CSVUnsafeShared((parts, buf))
            CSVParseJob.forEach(parts.count, parallel: go) { p in
                let (parts, buf) = shared.value
                parts[p].arena.withUnsafeBufferPointer { src in
                    if src.count > 0 { (buf.baseAddress! + byteStart[p]).initialize(from: src.baseAddress!, count: src.count) }
                }
            }
            n = bytes
        }
        let offsets = [Int](unsafeUninitializedCapacity: total + 1) { buf, n in
            let shared = CSVUnsafeShared((parts, buf))
            CSVParseJob.forEach(parts.count, parallel: go) { p in
                let (parts, buf) = shared.value
                let shift = byteStart[p], at = first[p]
                parts[p].offsets.withUnsafeBufferPointer { src in
                    var i = 0
                    while i < parts[p].count {
                        if i & 0xFFFF == 0 && !checked() { return }
                        buf[at + i] = shift + src[i]
                        i += 1
                    }
                }
            }
            buf[total] = bytes
            n = total + 1
        }
        if let e = stopped.error.withLock({ $0 }) { throw e }
        // coarse partitions by the hash's top bits; fine ones and the tables use the low 31 bits
        var bits = 0
        while bits < coarseBits && total >> bits > partitionSize { bits += 1 }
        let cbits = bits
        let nc = 1 << cbits
        @Sendable @inline(__always) func coarse(_ h: UInt64) -> Int { cbits == 0 ? 0 : Int(truncatingIfNeeded: h >> UInt64(64 - cbits)) }
        // per part, its count in each coarse partition; then where its keys of each partition go
        var at = [[Int]](repeating: [Int](repeating: 0, count: nc), count: parts.count)
        at.withUnsafeMutableBufferPointer { ab in
            let shared = CSVUnsafeShared((parts, ab))
            CSVParseJob.forEach(parts.count, parallel: go) { p in
                let (parts, ab) = shared.value
                var counts = [Int](repeating: 0, count: nc)
                parts[p].hashes.withUnsafeBufferPointer { hb in
                    for (i, h) in hb.enumerated() {
                        if i & 0xFFFF == 0 && !checked() { return }
                        counts[coarse(h)] += 1
                    }
                }
                ab[p] = counts
            }
        }
        if let e = stopped.error.withLock({ $0 }) { throw e }
        var cstart = [Int](repeating: 0, count: nc + 1)   // coarse partition q is entries cstart[q] ..< cstart[q + 1]
        var sum = 0
        for q in 0..<nc {
            cstart[q] = sum
            for p in parts.indices { let c = at[p][q]; at[p][q] = sum; sum += c }
        }
        cstart[nc] = sum
        // one word per key: a set top bit (no entry is 0, an empty slot), 31 bits of hash, the key's number
        let entries = [UInt64](unsafeUninitializedCapacity: total) { buf, n in
            let shared = CSVUnsafeShared((parts, buf, at))
            CSVParseJob.forEach(parts.count, parallel: go) { p in
                let (parts, buf, at) = shared.value
                var fill = at[p]
                let g = UInt64(first[p])
                parts[p].hashes.withUnsafeBufferPointer { hb in
                    fill.withUnsafeMutableBufferPointer { fb in
                        for (i, h) in hb.enumerated() {
                            if i & 0xFFFF == 0 && !checked() { return }
                            let q = coarse(h)
                            buf[fb[q]] = 1 << 63 | (h & 0x7FFF_FFFF) << 32 | (g + UInt64(i))
                            fb[q] += 1
                        }
                    }
                }
            }
            n = total
        }
        if let e = stopped.error.withLock({ $0 }) { throw e }
        // each coarse partition: into fine partitions, then each fine one through a small table; a key whose
        // bytes the table already holds is a repeat of that (earlier) key: (key << 32 | first occurrence)
        let repeats = Mutex<[UInt64]>([])
        arena.withUnsafeBufferPointer { ab in
            offsets.withUnsafeBufferPointer { ob in
                entries.withUnsafeBufferPointer { eb in
                    let shared = CSVUnsafeShared((ab, ob, eb, cstart))
                    let tasks = parallel ? Swift.min(nc, 4 * ProcessInfo.processInfo.activeProcessorCount) : 1
                    CSVParseJob.forEach(tasks, parallel: parallel) { t in
                        let (ab, ob, eb, cstart) = shared.value
                        let base = ab.baseAddress ?? UnsafePointer(bitPattern: 1)!  // (no bytes at all: any pointer for length 0)
                        var table: [UInt64] = []
                        var fine: [UInt64] = []
                        var found: [UInt64] = []
                        func dedup(_ part: UnsafeBufferPointer<UInt64>) {
                            var size = 16
                            while size < 2 * part.count + 2 { size *= 2 }
                            let mask = size - 1
                            table.removeAll(keepingCapacity: true)
                            table.append(contentsOf: repeatElement(0, count: size))
                            table.withUnsafeMutableBufferPointer { tb in
                                for x in part {
                                    var slot = Int(truncatingIfNeeded: x >> 32) & mask
                                    while true {
                                        let s = tb[slot]
                                        if s == 0 { tb[slot] = x; break }
                                        if s >> 32 == x >> 32 {
                                            let key = Int(truncatingIfNeeded: x & 0xFFFF_FFFF), other = Int(truncatingIfNeeded: s & 0xFFFF_FFFF)
                                            let n = ob[key + 1] - ob[key]
                                            if ob[other + 1] - ob[other] == n && memcmp(base + ob[other], base + ob[key], n) == 0 {
                                                found.append(UInt64(key) << 32 | UInt64(other)); break
                                            }
                                        }
                                        slot = (slot + 1) & mask
                                    }
                                }
                            }
                        }
                        var q = t * nc / tasks
                        let last = (t + 1) * nc / tasks
                        while q < last {
                            if !checked() { return }
                            let lo = cstart[q], hi = cstart[q + 1]
                            let m = hi - lo
                            var fbits = 0
                            while fbits < 12 && m >> fbits > partitionSize { fbits += 1 }
                            let whole = UnsafeBufferPointer(rebasing: eb[lo..<hi])
                            if fbits == 0 {
                                dedup(whole)
                            } else {
                                // by the hash bits just below the top one of the 31 (the tables use the low ones)
                                let nf = 1 << fbits, shift = UInt64(63 - fbits)
                                var fstart = [Int](repeating: 0, count: nf + 1)
                                for x in whole { fstart[Int(truncatingIfNeeded: (x >> shift) & UInt64(nf - 1)) + 1] += 1 }
                                for f in 0..<nf { fstart[f + 1] += fstart[f] }
                                var fill = fstart
                                fine.removeAll(keepingCapacity: true)
                                fine.append(contentsOf: repeatElement(0, count: m))
                                fine.withUnsafeMutableBufferPointer { fb in
                                    for x in whole {
                                        let f = Int(truncatingIfNeeded: (x >> shift) & UInt64(nf - 1))
                                        fb[fill[f]] = x
                                        fill[f] += 1
                                    }
                                }
                                fine.withUnsafeBufferPointer { fb in
                                    for f in 0..<nf { dedup(UnsafeBufferPointer(rebasing: fb[fstart[f]..<fstart[f + 1]])) }
                                }
                            }
                            q += 1
                        }
                        if !found.isEmpty { repeats.withLock { $0.append(contentsOf: found) } }
                    }
                }
            }
        }
        if let e = stopped.error.withLock({ $0 }) { throw e }
        var dups = repeats.withLock { $0 }
        try Cancellation.check()
        dups.sort()
        // number the keys in order, skipping the repeats; then each repeat takes its first occurrence's code
        var maps: [[UInt32]] = []
        maps.reserveCapacity(parts.count)
        var d = 0
        for p in parts.indices {
            try Cancellation.check()
            let g = first[p], count = parts[p].count
            let removedBefore = d
            if d == dups.count || Int(dups[d] >> 32) >= g + count {
                maps.append([UInt32](unsafeUninitializedCapacity: count) { buf, n in
                    let shift = UInt32(g - removedBefore)
                    for i in 0..<count { buf[i] = shift + UInt32(i) }
                    n = count
                })
                continue
            }
            maps.append(try [UInt32](unsafeUninitializedCapacity: count) { buf, n in
                try Cancellation.inBlocks(of: count) { block in
                    for i in block {
                        let k = g + i
                        if d < dups.count && Int(dups[d] >> 32) == k { buf[i] = 0; d += 1 } else { buf[i] = UInt32(k - d) }
                    }
                }
                n = count
            })
        }
        if dups.isEmpty { return (CSVMergedKeys(arena: arena, offsets: offsets), maps) }
        @inline(__always) func partOf(_ k: Int) -> Int {
            var lo = 0, hi = parts.count - 1   // the last p with first[p] <= k
            while lo < hi { let mid = (lo + hi + 1) / 2; if first[mid] <= k { lo = mid } else { hi = mid - 1 } }
            return lo
        }
        try Cancellation.inBlocks(of: dups.count) { block in
            for i in block {
                let k = Int(dups[i] >> 32), r = Int(dups[i] & 0xFFFF_FFFF)
                let pk = partOf(k), pr = partOf(r)
                maps[pk][k - first[pk]] = maps[pr][r - first[pr]]
            }
        }
        // keep the first occurrences' bytes only
        var kept: [UInt8] = []
        kept.reserveCapacity(arena.count)
        var keptOffsets: [Int] = [0]
        keptOffsets.reserveCapacity(total - dups.count + 1)
        d = 0
        try Cancellation.inBlocks(of: total) { block in
            for k in block {
                if d < dups.count && Int(dups[d] >> 32) == k { d += 1; continue }
                kept.append(contentsOf: arena[offsets[k]..<offsets[k + 1]])
                keptOffsets.append(kept.count)
            }
        }
        return (CSVMergedKeys(arena: kept, offsets: keptOffsets), maps)
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return h
    }

    /// The code of the bytes `p[0..<n]`, adding them if new.
    @inline(__always)
    mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let h = CSVByteDictionary.hash(p, n)
        if raw {
            hashes.append(h)
            arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
            offsets.append(arena.count)
            return UInt32(hashes.count - 1)
        }
        lookups += 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            let c = Int(s - 1)
            if hashes[c] == h {
                let o = offsets[c]
                if offsets[c + 1] - o == n {
                    let same = arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + o, p, n) == 0 }
                    if same { return UInt32(c) }
                }
            }
            slot = (slot + 1) & mask
        }
        let c = UInt32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(arena.count)
        slots[slot] = c + 1
        if hashes.count * 2 > mask {
            if hashes.count >= rawAfter && lookups * 3 <= hashes.count * 4 {
                raw = true
                slots = []
            } else {
                grow()
            }
        }
        return c
    }

    private mutating func grow() {
        let newCount = (mask + 1) * 2
        var newSlots = [UInt32](repeating: 0, count: newCount)
        let newMask = newCount - 1
        for (c, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = UInt32(c + 1)
        }
        slots = newSlots
        mask = newMask
    }
}

/// The distinct keys of a merge, back to back, in code order.
struct CSVMergedKeys {
    /// The bytes of every key, back to back.
    let arena: [UInt8]
    /// Start of key `i` in `arena`; `offsets[count]` is the end of the last key.
    let offsets: [Int]

    var count: Int { offsets.count - 1 }

    /// True when some key has a byte of `threshold` or more (`0xCC`: a code point from U+0300 up).
    /// Eight bytes at a time: a word with no byte of 0x80 or more is skipped with one test.
    func hasByte(atLeast threshold: UInt8) -> Bool {
        arena.withUnsafeBufferPointer { a in
            guard threshold >= 0x80, let p = a.baseAddress else { return a.contains { $0 >= threshold } }
            let raw = UnsafeRawPointer(p)
            var i = 0
            while i + 8 <= a.count {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    for k in i..<(i + 8) where a[k] >= threshold { return true }
                }
                i += 8
            }
            while i < a.count { if a[i] >= threshold { return true }; i += 1 }
            return false
        }
    }

    /// Key `i` as a String (the bytes are valid UTF-8).
    func string(at i: Int) -> String {
        arena.withUnsafeBufferPointer { a in String(decoding: UnsafeBufferPointer(rebasing: a[offsets[i]..<offsets[i + 1]]), as: UTF8.self) }
    }

    /// The keys as Strings, in code order: blocks of keys on every core (ten million strings are a
    /// tenth of a second or more on one), each block looking for Ctrl-C first.
    func strings() throws -> [String] {
        let n = count
        if n < 1 << 16 { return try Cancellation.map(n) { string(at: $0) } }
        let block = 1 << 16
        let blocks = (n + block - 1) / block
        final class Stop: Sendable { let error = Mutex<(any Error)?>(nil) }
        let stopped = Stop()
        let out = arena.withUnsafeBufferPointer { ab in
            offsets.withUnsafeBufferPointer { ob in
                [String](unsafeUninitializedCapacity: n) { buf, made in
                    let shared = CSVUnsafeShared((ab, ob, buf))
                    CSVParseJob.forEach(blocks, parallel: true) { b in
                        let (ab, ob, buf) = shared.value
                        let lo = b * block, hi = Swift.min(n, lo + block)
                        // a stopped block still initializes its elements (empty), so the array is whole
                        let go: Bool
                        do { try Cancellation.check(); go = true } catch { stopped.error.withLock { $0 = error }; go = false }
                        for i in lo..<hi {
                            (buf.baseAddress! + i).initialize(to: go
                                ? String(decoding: UnsafeBufferPointer(rebasing: ab[ob[i]..<ob[i + 1]]), as: UTF8.self) : "")
                        }
                    }
                    made = n
                }
            }
        }
        if let e = stopped.error.withLock({ $0 }) { Cancellation.releaseLater(out); throw e }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
