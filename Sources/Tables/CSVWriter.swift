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
    /// With `parallel`, the blocks of a batch (four per core) are formatted on every core at once and handed
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
        let perBatch = cores == 1 ? 1 : cores * 4
        var slots = [BlockBuffers](repeating: BlockBuffers(), count: Swift.min(perBatch, Swift.max(blocks, 1)))
        let form = BlockFormat(table: table, encoded: encoded, delimiter: delimiter, oneColumn: oneColumn, blockRows: blockRows)
        var first = 0
        while first < blocks {
            try check()
            let n = Swift.min(slots.count, blocks - first)
            let batch = first
            slots.withUnsafeMutableBufferPointer { sb in
                let shared = CSVUnsafeShared(sb)
                CSVParseJob.forEach(n, parallel: n > 1) { k in form.format(block: batch + k, into: &shared.value[k]) }
            }
            for k in 0..<n {
                out.append(contentsOf: slots[k].bytes)
                if out.count >= pieceBytes {
                    try emit(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            first += n
        }
        if !out.isEmpty || table.rowCount == 0 { try emit(out) }
    }

    /// One block's scratch (cells column after column, and where each ends) and its finished rows; kept
    /// from batch to batch so that their memory is allocated once.
    struct BlockBuffers {
        var cells: [UInt8] = []
        var cellEnds: [Int] = []
        var bytes: [UInt8] = []
    }

    /// What formatting a block needs, shared read-only by the threads that format blocks.
    struct BlockFormat: Sendable {
        let table: Table
        let encoded: [Encoded?]
        let delimiter: UInt8
        let oneColumn: Bool
        let blockRows: Int

        /// The bytes of the rows of block `b`, each row ended by LF, into `buffers.bytes`.
        func format(block b: Int, into buffers: inout BlockBuffers) {
            let start = b * blockRows
            let rows = Swift.min(blockRows, table.rowCount - start)
            let columns = table.columnCount
            buffers.cells.removeAll(keepingCapacity: true)
            buffers.cellEnds.removeAll(keepingCapacity: true)
            buffers.bytes.removeAll(keepingCapacity: true)
            for (j, c) in table.columns.enumerated() {
                CSVWriter.formatBlock(c, start ..< start + rows, encoded: encoded[j], oneColumn: oneColumn,
                                      into: &buffers.cells, ends: &buffers.cellEnds)
            }
            let delimiter = self.delimiter
            buffers.cells.withUnsafeBufferPointer { cb in
                buffers.cellEnds.withUnsafeBufferPointer { eb in
                    for r in 0..<rows {
                        for j in 0..<columns {
                            if j > 0 { buffers.bytes.append(delimiter) }
                            let k = j * rows + r
                            let from = k == 0 ? 0 : eb[k - 1]
                            buffers.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: cb[from ..< eb[k]]))
                        }
                        buffers.bytes.append(0x0A)
                    }
                }
            }
        }
    }

    /// The encoded strings of one dictionary, back to back.
    struct Encoded: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
    }

    /// Appends the cells of `rows` of `c` to `cells`, and the end of each to `ends`.
    fileprivate static func formatBlock(_ c: Column, _ rows: Range<Int>, encoded: Encoded?, oneColumn: Bool,
                                    into cells: inout [UInt8], ends: inout [Int]) {
        let valid = c.validity
        @inline(__always) func null(_ i: Int) -> Bool {
            guard let valid, !valid[i] else { return false }
            if oneColumn { cells.append(0x22); cells.append(0x22) }
            ends.append(cells.count)
            return true
        }
        switch c.storage {
        case .int(let a):
            a.withUnsafeBufferPointer { pa in
                for i in rows where !null(i) { appendInt(pa[i], to: &cells); ends.append(cells.count) }
            }
        case .double(let a):
            a.withUnsafeBufferPointer { pa in
                for i in rows where !null(i) { appendDouble(pa[i], to: &cells); ends.append(cells.count) }
            }
        case .bool(let a):
            a.withUnsafeBufferPointer { pa in
                for i in rows where !null(i) {
                    if pa[i] { cells.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) }  // true
                    else { cells.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }  // false
                    ends.append(cells.count)
                }
            }
        case .string(let codes, _):
            let e = encoded!
            e.bytes.withUnsafeBufferPointer { eb in
                e.ends.withUnsafeBufferPointer { ee in
                    codes.withUnsafeBufferPointer { pc in
                        for i in rows where !null(i) {
                            let k = Int(pc[i])
                            cells.append(contentsOf: UnsafeBufferPointer(rebasing: eb[ee[k] ..< ee[k + 1]]))
                            ends.append(cells.count)
                        }
                    }
                }
            }
        }
    }

    /// `NumberFormat.plain(x)`'s bytes, without making a String for integral values nor for a value that
    /// is a decimal of at most six places (`0.75`, `37.5`, `1234.125`): the common cases of a register.
    @inline(__always)
    static func appendDouble(_ x: Double, to out: inout [UInt8]) {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { appendInt(Int64(x), to: &out); return }
        if appendShortDecimal(x, to: &out) { return }
        out.append(contentsOf: NumberFormat.plain(x).utf8)
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Appends `x` as Swift's shortest round-trip form prints it when that form is a plain decimal of at
    /// most six places, and says whether it did. The fewest places `k` for which `m = x·10^k` rounded gives
    /// back `x` as `m / 10^k` are the shortest form's places: `m` and `10^k` are exact doubles (below 2^50),
    /// so the division is the correctly rounded value of the decimal `m/10^k`, which is what reading that
    /// decimal gives, and a form with fewer digits would have been found at a smaller `k`. Swift prints
    /// exponents below 1e-4 and from 2^53 up, so only 0.001 ≤ |x| < 1e15 takes this path.
    @inline(__always)
    static func appendShortDecimal(_ x: Double, to out: inout [UInt8]) -> Bool {
        let a = abs(x)
        guard a >= 0.001, a < 1e15 else { return false }
        for k in 1...6 {
            let p = powersOfTen[k]
            let m = (a * p).rounded()
            guard m < 1e15 else { return false }  // below 2^50: a·10^k is off by far less than ½, so m is right
            if m / p == a {
                let digits = Int64(m)
                if x < 0 { out.append(0x2D) }
                let whole = digits / Int64(p), fraction = digits % Int64(p)
                appendInt(whole, to: &out)
                out.append(0x2E)
                // the fraction's k places, leading zeros kept (no trailing zero: k is the fewest)
                var scale = Int64(p) / 10
                var f = fraction
                while scale > 0 {
                    out.append(UInt8(truncatingIfNeeded: f / scale) + 0x30)
                    f %= scale
                    scale /= 10
                }
                return true
            }
        }
        return false
    }

    @inline(__always)
    static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        if v == 0 { out.append(0x30); return }
        if v < 0 { out.append(0x2D) }
        var m = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while m > 0 { d[n] = UInt8(m % 10) + 0x30; m /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
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
