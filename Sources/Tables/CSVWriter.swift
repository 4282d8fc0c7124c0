import Foundation

/// Writes tables as RFC 4180 CSV (or TSV): a header line, numbers in plain machine form (`5500.5`, no
/// grouping), text quoted when it holds the delimiter, a quote, a line break or edge spaces, nulls as
/// empty fields (`""` in a one-column table, where an empty field would be a blank line that pandas and R
/// drop), `\n` line ends, UTF-8.
public enum CSVWriter {
    /// Writes `table` to `path` atomically (see `AtomicFile`).
    /// The bytes are made in memory first, looking for Ctrl-C (and the memory limit) every few thousand
    /// rows; a write stopped there leaves the old file as it was and no temporary file.
    public static func write(_ table: Table, to path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        let bytes = try bytes(table, delimiter: delimiter, checking: Cancellation.check)
        try Cancellation.check()
        try AtomicFile.write(Data(bytes), to: path, cancellable: true)
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
        out.reserveCapacity(64 + table.rowCount * table.columnCount * 8)
        for (j, name) in table.columnNames.enumerated() {
            if j > 0 { out.append(delimiter) }
            appendText(name, to: &out, delimiter: delimiter)
        }
        out.append(0x0A)
        // Each distinct string is quoted once per column.
        let encoded: [[[UInt8]]?] = try table.columns.map { c in
            guard case .string(_, let d) = c.storage else { return nil }
            return try d.values.enumerated().map { (k, s) in
                if k % 4096 == 0 { try check() }
                var b: [UInt8] = []
                appendText(s, to: &b, delimiter: delimiter)
                if b.isEmpty && table.columnCount == 1 { b = [0x22, 0x22] }  // not a blank line
                return b
            }
        }
        // With one column an empty field would be a blank line, which readers (pandas, R) drop: write `""`.
        let oneColumn = table.columnCount == 1
        for i in 0..<table.rowCount {
            if i % 4096 == 0 { try check() }
            for (j, c) in table.columns.enumerated() {
                if j > 0 { out.append(delimiter) }
                if c.isNull(i) {
                    if oneColumn { out.append(0x22); out.append(0x22) }
                    continue
                }
                switch c.storage {
                case .int(let a): appendInt(a[i], to: &out)
                case .double(let a): out.append(contentsOf: NumberFormat.plain(a[i]).utf8)
                case .bool(let a): out.append(contentsOf: (a[i] ? "true" : "false").utf8)
                case .string(let codes, _): out.append(contentsOf: encoded[j]![Int(codes[i])])
                }
            }
            out.append(0x0A)
        }
        return out
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
