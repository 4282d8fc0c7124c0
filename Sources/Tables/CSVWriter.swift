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
    /// shorter; an empty table gives the header alone), calling `check` once per block of rows.
    /// A block is formatted column by column (one type dispatch per column and block, not per cell) into
    /// one byte buffer with the end of every cell, then its rows are copied out in order.
    static func produce(_ table: Table, delimiter: UInt8, checking check: () throws -> Void,
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
        let columns = table.columnCount
        var cells: [UInt8] = []       // one block's cells, column after column
        var cellEnds: [Int] = []      // cellEnds[j * rows + r]: the end of column j's cell in row r
        var start = 0
        while start < table.rowCount {
            try check()
            let rows = Swift.min(blockRows, table.rowCount - start)
            cells.removeAll(keepingCapacity: true)
            cellEnds.removeAll(keepingCapacity: true)
            for (j, c) in table.columns.enumerated() {
                formatBlock(c, start ..< start + rows, encoded: encoded[j], oneColumn: oneColumn,
                            into: &cells, ends: &cellEnds)
            }
            cells.withUnsafeBufferPointer { cb in
                cellEnds.withUnsafeBufferPointer { eb in
                    for r in 0..<rows {
                        for j in 0..<columns {
                            if j > 0 { out.append(delimiter) }
                            let k = j * rows + r
                            let from = k == 0 ? 0 : eb[k - 1]
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: cb[from ..< eb[k]]))
                        }
                        out.append(0x0A)
                    }
                }
            }
            start += rows
            if out.count >= pieceBytes {
                try emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty || table.rowCount == 0 { try emit(out) }
    }

    /// The encoded strings of one dictionary, back to back.
    struct Encoded {
        var bytes: [UInt8] = []
        var ends: [Int] = []
    }

    /// Appends the cells of `rows` of `c` to `cells`, and the end of each to `ends`.
    private static func formatBlock(_ c: Column, _ rows: Range<Int>, encoded: Encoded?, oneColumn: Bool,
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

    /// `NumberFormat.plain(x)`'s bytes, without making a String for the integral values.
    @inline(__always)
    static func appendDouble(_ x: Double, to out: inout [UInt8]) {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { appendInt(Int64(x), to: &out); return }
        out.append(contentsOf: NumberFormat.plain(x).utf8)
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
