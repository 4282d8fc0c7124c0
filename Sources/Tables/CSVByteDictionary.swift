/// A hash table from byte strings to dense `UInt32` codes, used while parsing a text column: a field's
/// bytes are looked up without making a `String`, so each distinct value becomes a `String` only once,
/// when the chunk's dictionary is merged into the column's `StringDictionary`.
struct CSVByteDictionary {
    /// The bytes of every distinct key, back to back.
    private(set) var arena: [UInt8] = []
    /// Start of key `i` in `arena`; `offsets[count]` is the end of the last key.
    private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing slots holding `code + 1` (0 = empty).
    private var slots: [UInt32] = [UInt32](repeating: 0, count: 64)
    private var mask = 63

    var count: Int { hashes.count }

    init() {}

    /// Room for `keys` keys of `bytes` bytes in all, so adding them never grows the table.
    init(keys: Int, bytes: Int) {
        var size = 64
        while size < keys * 2 + 2 { size *= 2 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        hashes.reserveCapacity(keys)
        offsets.reserveCapacity(keys + 1)
        arena.reserveCapacity(bytes)
    }

    /// The merged dictionary of `parts` and, per part, the merged code of each of its codes.
    static func merge(_ parts: [CSVByteDictionary]) throws -> (CSVByteDictionary, [[UInt32]]) {
        var merged = CSVByteDictionary(keys: parts.reduce(0) { $0 + $1.count }, bytes: parts.reduce(0) { $0 + $1.arena.count })
        var maps: [[UInt32]] = []
        for part in parts {
            var map = [UInt32](repeating: 0, count: part.count)
            try part.arena.withUnsafeBufferPointer { a in
                try Cancellation.inBlocks(of: part.count) { block in
                    for i in block {
                        let o = part.offsets[i]
                        // An empty key has no bytes to point at: any valid pointer with length 0 will do.
                        let base = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
                        map[i] = merged.code(base + o, part.offsets[i + 1] - o)
                    }
                }
            }
            maps.append(map)
        }
        return (merged, maps)
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
        if hashes.count * 2 > mask { grow() }
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
