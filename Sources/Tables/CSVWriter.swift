import Foundation

/// Writes tables as RFC 4180 CSV (or TSV): a header line, numbers in plain machine form (`5500.5`, no
/// grouping), text quoted when it holds the delimiter, a quote, a line break or edge spaces, nulls as
/// empty fields (`""` in a one-column table, where an empty field would be a blank line that pandas and R
/// drop), `\n` line ends, UTF-8.
public enum CSVWriter {
    /// Writes `table` to `path` atomically (see `AtomicFile`), streaming: the bytes are made and written
    /// in pieces of about 1 MB, so memory stays bounded whatever the table's size. Looks for Ctrl-C (and
    /// the memory limit) every few thousand rows; a write stopped there leaves the old file as it was and
    /// no temporary file.
    public static func write(_ table: Table, to path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        try AtomicFile.write(to: path, cancellable: true) { sink in
            try produce(table, delimiter: delimiter, checking: Cancellation.check) { try sink.write($0) }
        }
    }

    /// The file's bytes.
    public static func data(_ table: Table, delimiter: UInt8 = UInt8(ascii: ",")) -> Data {
        data(table, delimiter: delimiter, checking: {})
    }

    /// The file's bytes, calling `check` every few thousand rows (it may throw to stop).
    public static func data(_ table: Table, delimiter: UInt8 = UInt8(ascii: ","),
                            checking check: () throws -> Void) rethrows -> Data {
        Data(try bytes(table, delimiter: delimiter, checking: check))
    }

    /// The file as a String.
    public static func string(_ table: Table, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        string(table, delimiter: delimiter, checking: {})
    }

    /// The file as a String, calling `check` every few thousand rows (it may throw to stop).
    public static func string(_ table: Table, delimiter: UInt8 = UInt8(ascii: ","),
                              checking check: () throws -> Void) rethrows -> String {
        String(decoding: try bytes(table, delimiter: delimiter, checking: check), as: UTF8.self)
    }

    static func bytes(_ table: Table, delimiter: UInt8, checking check: () throws -> Void) rethrows -> [UInt8] {
        var out: [UInt8] = []
        try produce(table, delimiter: delimiter, checking: check) { out.append(contentsOf: $0) }
        return out
    }

    /// Rows per block: each block is formatted a column at a time, then its rows are assembled.
    static let blockRows = 4096
    /// Bytes gathered before they are handed to `emit`.
    static let pieceBytes = 1 << 20

    /// Makes the file's bytes and hands them to `emit` in pieces of about `pieceBytes` (the last may be
    /// shorter; an empty table gives the header alone), calling `check` once per batch of blocks.
    /// A block of `blockRows` rows is formatted column by column (one type dispatch per column and block, not
    /// per cell) into one byte buffer with the end of every cell, then its rows are copied out in order.
    /// With `parallel`, the blocks of a batch (one per core) are formatted on every core at once and handed
    /// on in order, so the file is the same byte for byte.
    static func produce(_ table: Table, delimiter: UInt8, checking check: () throws -> Void,
                        blockRows: Int = CSVWriter.blockRows, parallel: Bool = true,
                        emit: ([UInt8]) throws -> Void) rethrows {
        var out: [UInt8] = []
        out.reserveCapacity(pieceBytes + (pieceBytes >> 2))
        for (j, name) in table.columnNames.enumerated() {
            if j > 0 { out.append(delimiter) }
            appendText(name, to: &out, delimiter: delimiter)
        }
        out.append(0x0A)
        // With one column an empty field would be a blank line, which readers (pandas, R) drop: write `""`.
        let oneColumn = table.columnCount == 1
        // Each distinct string is encoded (quoted if need be) once per column: its bytes are
        // `bytes[ends[k-1]..<ends[k]]` of that column's `Encoded`.
        let encoded: [Encoded?] = try table.columns.map { c in
            guard case .string(_, let d) = c.storage else { return nil }
            var e = Encoded()
            e.ends.reserveCapacity(d.count + 1)
            e.ends.append(0)
            for (k, s) in d.values.enumerated() {
                if k % 4096 == 0 { try check() }
                appendText(s, to: &e.bytes, delimiter: delimiter)
                if e.bytes.count == e.ends.last!, oneColumn { e.bytes.append(0x22); e.bytes.append(0x22) }
                e.ends.append(e.bytes.count)
            }
            return e
        }
        let blockRows = Swift.max(1, blockRows)
        let blocks = (table.rowCount + blockRows - 1) / blockRows
        let cores = parallel ? Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        let perBatch = cores  // one block a core between checks: Ctrl-C waits for one block at most
        let slots = (0..<Swift.min(perBatch, Swift.max(blocks, 1))).map { _ in BlockBuffers() }
        let form = BlockFormat(table: table, encoded: encoded, delimiter: delimiter, oneColumn: oneColumn, blockRows: blockRows)
        var first = 0
        while first < blocks {
            try check()
            let n = Swift.min(slots.count, blocks - first)
            let batch = first
            CSVParseJob.forEach(n, parallel: n > 1) { k in form.format(block: batch + k, into: slots[k]) }
            for k in 0..<n {
                out.append(contentsOf: UnsafeBufferPointer(start: slots[k].bytes.base, count: slots[k].bytes.count))
                if out.count >= pieceBytes {
                    try emit(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            first += n
        }
        if !out.isEmpty || table.rowCount == 0 { try emit(out) }
    }

    /// A growable run of bytes written through a pointer: no uniqueness or capacity check per byte, and
    /// short pieces copied by a loop rather than a call (a cell is a few bytes; `Array.append(contentsOf:)`
    /// and its memmove per cell were a third of a large write's time).
    final class ByteRun {
        private(set) var base: UnsafeMutablePointer<UInt8>
        var count = 0
        private var capacity: Int

        init(capacity: Int = 1 << 16) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }

        /// Room for `n` more bytes.
        @inline(__always) func reserve(_ n: Int) {
            if count + n > capacity { grow(to: count + n) }
        }

        private func grow(to needed: Int) {
            var bigger = capacity * 2
            while bigger < needed { bigger *= 2 }
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            p.update(from: base, count: count)
            base.deallocate()
            base = p
            capacity = bigger
        }

        /// Appends `n` bytes from `p`; room must have been reserved.
        @inline(__always) func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
            let d = base + count
            if n <= 16 { for i in 0..<n { d[i] = p[i] } } else { d.update(from: p, count: n) }
            count += n
        }

        /// Appends one byte; room must have been reserved.
        @inline(__always) func put(_ b: UInt8) {
            base[count] = b
            count += 1
        }

        /// Appends `bytes`, reserving room for them.
        func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            reserve(bytes.count)
            for b in bytes { put(b) }
        }
    }

    /// One block's scratch (cells column after column, and where each ends) and its finished rows; kept
    /// from batch to batch so that their memory is allocated once. Each is used by one thread at a time.
    final class BlockBuffers: @unchecked Sendable {
        let cells = ByteRun()
        var cellEnds: [Int] = []
        let bytes = ByteRun()
    }

    /// What formatting a block needs, shared read-only by the threads that format blocks.
    struct BlockFormat: Sendable {
        let table: Table
        let encoded: [Encoded?]
        let delimiter: UInt8
        let oneColumn: Bool
        let blockRows: Int

        /// The bytes of the rows of block `b`, each row ended by LF, into `buffers.bytes`.
        func format(block b: Int, into buffers: BlockBuffers) {
            let start = b * blockRows
            let rows = Swift.min(blockRows, table.rowCount - start)
            let columns = table.columnCount
            let cells = buffers.cells, bytes = buffers.bytes
            cells.count = 0
            bytes.count = 0
            if buffers.cellEnds.count < rows * columns { buffers.cellEnds = [Int](repeating: 0, count: rows * columns) }
            buffers.cellEnds.withUnsafeMutableBufferPointer { eb in
                let ends = eb.baseAddress!
                for (j, c) in table.columns.enumerated() {
                    CSVWriter.formatBlock(c, start ..< start + rows, encoded: encoded[j], oneColumn: oneColumn,
                                          into: cells, ends: ends + j * rows)
                }
                bytes.reserve(cells.count + rows * columns)
                let delimiter = self.delimiter
                let cb = cells.base
                for r in 0..<rows {
                    for j in 0..<columns {
                        if j > 0 { bytes.put(delimiter) }
                        let k = j * rows + r
                        let from = k == 0 ? 0 : ends[k - 1]
                        bytes.put(cb + from, ends[k] - from)
                    }
                    bytes.put(0x0A)
                }
            }
        }
    }

    /// The encoded strings of one dictionary, back to back.
    struct Encoded: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
    }

    /// Appends the cells of `rows` of `c` to `cells`, and the end of each (an offset in `cells`) to `ends`,
    /// one per row.
    fileprivate static func formatBlock(_ c: Column, _ rows: Range<Int>, encoded: Encoded?, oneColumn: Bool,
                                        into cells: ByteRun, ends: UnsafeMutablePointer<Int>) {
        let valid = c.validity
        let first = rows.lowerBound
        @inline(__always) func null(_ i: Int) -> Bool {
            guard let valid, !valid[i] else { return false }
            if oneColumn { cells.reserve(2); cells.put(0x22); cells.put(0x22) }
            ends[i - first] = cells.count
            return true
        }
        switch c.storage {
        case .int(let a):
            cells.reserve(rows.count * 20 + 2)
            a.withUnsafeBufferPointer { pa in
                for i in rows where !null(i) {
                    cells.count += writeInt(pa[i], cells.base + cells.count)
                    ends[i - first] = cells.count
                }
            }
        case .double(let a):
            a.withUnsafeBufferPointer { pa in
                for i in rows where !null(i) {
                    cells.reserve(32)
                    let n = writeNumber(pa[i], cells.base + cells.count)
                    if n > 0 { cells.count += n } else { cells.append(NumberFormat.plain(pa[i]).utf8) }
                    ends[i - first] = cells.count
                }
            }
        case .bool(let a):
            cells.reserve(rows.count * 5 + 2)
            let words: (UInt64, UInt64) = (0x6575_7274, 0x65_736C_6166)  // "true", "false" (little-endian bytes)
            withUnsafeBytes(of: words) { w in
                let t = w.baseAddress!.assumingMemoryBound(to: UInt8.self)
                a.withUnsafeBufferPointer { pa in
                    for i in rows where !null(i) {
                        if pa[i] { cells.put(t, 4) } else { cells.put(t + 8, 5) }
                        ends[i - first] = cells.count
                    }
                }
            }
        case .string(let codes, _):
            let e = encoded!
            e.bytes.withUnsafeBufferPointer { eb in
                e.ends.withUnsafeBufferPointer { ee in
                    codes.withUnsafeBufferPointer { pc in
                        for i in rows where !null(i) {
                            let k = Int(pc[i])
                            let n = ee[k + 1] - ee[k]
                            cells.reserve(n)
                            cells.put(eb.baseAddress! + ee[k], n)
                            ends[i - first] = cells.count
                        }
                    }
                }
            }
        }
    }

    /// `NumberFormat.plain(x)`'s bytes, without making a String for integral values nor for a value that
    /// is a decimal of at most six places (`0.75`, `37.5`, `1234.125`): the common cases of a register.
    static func appendDouble(_ x: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { tb in
            let n = writeNumber(x, tb.baseAddress!)
            if n > 0 { out.append(contentsOf: UnsafeBufferPointer(start: tb.baseAddress!, count: n)) }
            else { out.append(contentsOf: NumberFormat.plain(x).utf8) }
        }
    }

    /// `NumberFormat.plain(x)`'s bytes written at `p` (room for 32) when `x` is integral below 1e15 or a
    /// short decimal (`writeShortDecimal`); their count, or 0 when `x` needs the general form.
    @inline(__always)
    static func writeNumber(_ x: Double, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return writeInt(Int64(x), p) }
        return writeShortDecimal(x, p)
    }

    private static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Writes `x` at `p` as Swift's shortest round-trip form prints it when that form is a plain decimal of
    /// at most six places; returns the bytes written, or 0. The fewest places `k` for which `m = x·10^k`
    /// rounded gives back `x` as `m / 10^k` are the shortest form's places: `m` and `10^k` are exact doubles
    /// (below 2^50), so the division is the correctly rounded value of the decimal `m/10^k`, which is what
    /// reading that decimal gives, and a form with fewer digits would have been found at a smaller `k`.
    /// Swift prints exponents below 1e-4 and from 2^53 up, so only 0.001 ≤ |x| < 1e15 takes this path.
    @inline(__always)
    static func writeShortDecimal(_ x: Double, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let a = abs(x)
        guard a >= 0.001, a < 1e15 else { return 0 }
        for k in 1...6 {
            let scale = powersOfTen[k]
            let d = Double(scale)
            let m = (a * d).rounded()
            guard m < 1e15 else { return 0 }  // below 2^50: a·10^k is off by far less than ½, so m is right
            if m / d == a {
                let digits = Int64(m)
                var n = 0
                if x < 0 { p[0] = 0x2D; n = 1 }
                n += writeInt(digits / scale, p + n)
                p[n] = 0x2E
                // the fraction's k places, leading zeros kept (no trailing zero: k is the fewest)
                var f = digits % scale
                var q = p + n + 1 + k
                for _ in 0..<k { q -= 1; q.pointee = UInt8(truncatingIfNeeded: f % 10) &+ 0x30; f /= 10 }
                return n + 1 + k
            }
        }
        return 0
    }

    /// `writeShortDecimal` appended to `out`; whether it applied.
    static func appendShortDecimal(_ x: Double, to out: inout [UInt8]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { tb in
            let n = writeShortDecimal(x, tb.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(start: tb.baseAddress!, count: n))
            return n > 0
        }
    }

    /// The decimal digits of `v` (a minus sign first if negative) written at `p`, at most 20 bytes; their count.
    @inline(__always)
    static func writeInt(_ v: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = v.magnitude
        let sign = v < 0 ? 1 : 0
        if sign == 1 { p[0] = 0x2D }
        var width = 1
        var t = m
        while t >= 10 { t /= 10; width += 1 }
        var q = p + sign + width
        repeat { q -= 1; q.pointee = UInt8(truncatingIfNeeded: m % 10) &+ 0x30; m /= 10 } while m > 0
        return sign + width
    }

    static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { tb in
            out.append(contentsOf: UnsafeBufferPointer(start: tb.baseAddress!, count: writeInt(v, tb.baseAddress!)))
        }
    }

    /// Appends `s`, quoted when needed.
    static func appendText(_ s: String, to out: inout [UInt8], delimiter: UInt8) {
        let utf8 = s.utf8
        let needsQuotes = utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20
        if !needsQuotes { out.append(contentsOf: utf8); return }
        out.append(0x22)
        for b in utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
