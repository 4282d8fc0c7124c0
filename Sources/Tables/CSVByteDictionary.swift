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
    /// split by the top bits of their hashes (kept from parsing) into partitions of a few thousand, and
    /// each partition finds its duplicates in a small table that stays in cache, in parallel (`parallel`).
    /// A key's representative is its first occurrence; one pass in key order then numbers the
    /// representatives, so the codes are the ones a single table would give.
    static func merge(_ parts: [CSVByteDictionary], partitionSize: Int = 1 << 13,
                      parallel: Bool = true) throws -> (CSVMergedKeys, [[UInt32]]) {
        let total = parts.reduce(0) { $0 + $1.count }
        // every key back to back: the parts' arenas one after another
        var arena: [UInt8] = []
        arena.reserveCapacity(parts.reduce(0) { $0 + $1.arena.count })
        var offsets: [Int] = []
        offsets.reserveCapacity(total + 1)
        offsets.append(0)
        for part in parts {
            try Cancellation.check()
            let shift = arena.count
            arena.append(contentsOf: part.arena)
            try Cancellation.inBlocks(of: part.count) { block in
                for i in block { offsets.append(shift + part.offsets[i + 1]) }
            }
        }
        // partitions by the hash's top bits (the tables below use its low bits)
        var pbits = 0
        while pbits < 16 && total >> pbits > partitionSize { pbits += 1 }
        let np = 1 << pbits
        @inline(__always) func partition(_ h: UInt64) -> Int { pbits == 0 ? 0 : Int(truncatingIfNeeded: h >> UInt64(64 - pbits)) }
        var starts = [Int](repeating: 0, count: np + 1)
        for part in parts {
            try Cancellation.inBlocks(of: part.count) { block in
                for i in block { starts[partition(part.hashes[i]) + 1] += 1 }
            }
        }
        for q in 0..<np { starts[q + 1] += starts[q] }
        var keyOf = try Cancellation.array(repeating: UInt32(0), count: total)    // partition entry -> key
        var hashOf = try Cancellation.array(repeating: UInt64(0), count: total)   // partition entry -> its hash
        var fill = starts
        var g = 0
        for part in parts {
            try Cancellation.inBlocks(of: part.count) { block in
                for i in block {
                    let h = part.hashes[i]
                    let q = partition(h)
                    keyOf[fill[q]] = UInt32(g + i)
                    hashOf[fill[q]] = h
                    fill[q] += 1
                }
            }
            g += part.count
        }
        // each key's first occurrence, partition by partition
        var rep = try Cancellation.array(repeating: UInt32(0), count: total)
        final class Stop: Sendable { let error = Mutex<(any Error)?>(nil) }
        let stopped = Stop()
        arena.withUnsafeBufferPointer { ab in
            offsets.withUnsafeBufferPointer { ob in
                keyOf.withUnsafeBufferPointer { kb in
                    hashOf.withUnsafeBufferPointer { hb in
                        rep.withUnsafeMutableBufferPointer { rb in
                            let shared = CSVUnsafeShared((ab, ob, kb, hb, rb, starts))
                            let tasks = parallel ? Swift.min(np, 4 * ProcessInfo.processInfo.activeProcessorCount) : 1
                            CSVParseJob.forEach(tasks, parallel: parallel) { t in
                                let (ab, ob, kb, hb, rb, starts) = shared.value
                                let base = ab.baseAddress ?? UnsafePointer(bitPattern: 1)!  // (no bytes at all: any pointer for length 0)
                                var slots: [UInt32] = []
                                var q = t * np / tasks
                                let last = (t + 1) * np / tasks
                                while q < last {
                                    do { try Cancellation.check() } catch { stopped.error.withLock { $0 = error }; return }
                                    let lo = starts[q], hi = starts[q + 1]
                                    var size = 16
                                    while size < 2 * (hi - lo) + 2 { size *= 2 }
                                    let mask = size - 1
                                    slots.removeAll(keepingCapacity: true)
                                    slots.append(contentsOf: repeatElement(0, count: size))
                                    slots.withUnsafeMutableBufferPointer { sb in
                                        for e in lo..<hi {
                                            let h = hb[e], key = Int(kb[e])
                                            var slot = Int(truncatingIfNeeded: h) & mask
                                            while true {
                                                let s = Int(sb[slot])
                                                if s == 0 { sb[slot] = UInt32(e - lo + 1); rb[key] = UInt32(key); break }
                                                let r = lo + s - 1
                                                if hb[r] == h {
                                                    let other = Int(kb[r])
                                                    let n = ob[key + 1] - ob[key]
                                                    if ob[other + 1] - ob[other] == n && memcmp(base + ob[other], base + ob[key], n) == 0 {
                                                        rb[key] = UInt32(other); break
                                                    }
                                                }
                                                slot = (slot + 1) & mask
                                            }
                                        }
                                    }
                                    q += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        if let e = stopped.error.withLock({ $0 }) { throw e }
        keyOf = []; hashOf = []
        // number the first occurrences in key order; a repeat takes its first occurrence's code (numbered
        // before it, in place)
        var distinct = 0
        try rep.withUnsafeMutableBufferPointer { rb in
            try Cancellation.inBlocks(of: total) { block in
                for k in block {
                    let r = Int(rb[k])
                    if r == k { rb[k] = UInt32(distinct); distinct += 1 } else { rb[k] = rb[r] }
                }
            }
        }
        var maps: [[UInt32]] = []
        g = 0
        for part in parts {
            try Cancellation.check()
            maps.append(Array(rep[g..<(g + part.count)]))
            g += part.count
        }
        if distinct == total { return (CSVMergedKeys(arena: arena, offsets: offsets), maps) }
        // some keys repeat: keep the first occurrences' bytes only
        var kept: [UInt8] = []
        kept.reserveCapacity(arena.count)
        var keptOffsets: [Int] = [0]
        keptOffsets.reserveCapacity(distinct + 1)
        var next: UInt32 = 0
        try Cancellation.inBlocks(of: total) { block in
            for k in block where rep[k] == next {
                kept.append(contentsOf: arena[offsets[k]..<offsets[k + 1]])
                keptOffsets.append(kept.count)
                next += 1
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
    func hasByte(atLeast threshold: UInt8) -> Bool {
        arena.withUnsafeBufferPointer { a in a.contains { $0 >= threshold } }
    }

    /// Key `i` as a String (the bytes are valid UTF-8).
    func string(at i: Int) -> String {
        arena.withUnsafeBufferPointer { a in String(decoding: UnsafeBufferPointer(rebasing: a[offsets[i]..<offsets[i + 1]]), as: UTF8.self) }
    }

    /// The keys as Strings, in code order.
    func strings() throws -> [String] {
        try Cancellation.map(count) { string(at: $0) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
