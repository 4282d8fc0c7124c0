import Foundation

/// Decides how the bytes of a CSV file are encoded and, when they are not UTF-8, transcodes them once to
/// UTF-8 so that the parser only ever sees UTF-8 (delimiters, quotes and digits are ASCII in every case).
enum CSVEncoding {
    /// The bytes to parse: either a range of the input (UTF-8, BOM skipped) or a transcoded copy.
    enum Prepared {
        case original(offset: Int)
        case transcoded([UInt8])
    }

    struct Result {
        var prepared: Prepared
        var warnings: [String]
        /// The bytes are read as UTF-8 unchecked: the parser validates them chunk by chunk, in parallel, and
        /// on the first invalid byte the reader calls `invalidUTF8` for what to do instead.
        var checkUTF8 = false
    }

    static func prepare(_ bytes: UnsafeBufferPointer<UInt8>, encoding: CSVOptions.Encoding, file: String) throws -> Result {
        let n = bytes.count
        // UTF-16 byte-order marks.
        if n >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF), encoding == .auto {
            let little = bytes[0] == 0xFF
            var units = [UInt16]()
            units.reserveCapacity(n / 2)
            var i = 2
            while i + 1 < n {
                units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            let s = String(decoding: units, as: UTF16.self)
            return Result(prepared: .transcoded(Array(s.utf8)), warnings: ["\(file): read as UTF-16 (byte-order mark)"])
        }
        var start = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        switch encoding {
        case .latin1:
            return Result(prepared: .transcoded(latin1ToUTF8(UnsafeBufferPointer(rebasing: bytes[start...]))), warnings: [])
        case .utf8, .auto:
            return Result(prepared: .original(offset: start), warnings: [], checkUTF8: true)
        }
    }

    /// What to read when `body` (the input after any BOM) holds invalid UTF-8 first at `bad`: strict UTF-8
    /// stops with the line of the bad byte; otherwise the input is read as Latin-1, with a warning.
    static func invalidUTF8(_ body: UnsafeBufferPointer<UInt8>, at bad: Int, encoding: CSVOptions.Encoding, file: String) throws -> Result {
        let line = 1 + body[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if encoding == .utf8 {
            throw CSVError(file: file, line: line, problem: String(format: "invalid UTF-8 byte 0x%02X", body[bad]),
                           hint: "load it with encoding=latin1 if it is a Latin-1 (ISO-8859-1) file")
        }
        let mixed = mixedToUTF8(body, firstBad: bad)
        let lines = mixed.badLines == 1 ? "1 line" : "\(NumberFormat.grouped(Int64(mixed.badLines))) lines"
        let warning = mixed.utf8Lines == 0
            ? "\(file): not valid UTF-8 (\(lines), first at line \(line)); read as Latin-1 (ISO-8859-1)"
            : "\(file): \(lines) not valid UTF-8 (first at line \(line)) read as Latin-1 (ISO-8859-1); the other lines as UTF-8"
        return Result(prepared: .transcoded(mixed.bytes), warnings: [warning])
    }

    /// The input with each line that is not valid UTF-8 transcoded from Latin-1 and every other line kept as
    /// it is, so one stray Latin-1 byte does not turn a file's UTF-8 letters into mojibake. `firstBad` is the
    /// invalid byte reported. Also counts the lines read as Latin-1 and the
    /// valid lines that hold non-ASCII letters (none: the file is Latin-1 throughout).
    static func mixedToUTF8(_ body: UnsafeBufferPointer<UInt8>, firstBad: Int) -> (bytes: [UInt8], badLines: Int, utf8Lines: Int) {
        let n = body.count
        var out = [UInt8]()
        out.reserveCapacity(n + n / 8)
        var badLines = 0, utf8Lines = 0
        var at = 0                    // start of the part not yet copied
        var bad: Int? = firstInvalidUTF8(body) ?? firstBad  // the parallel pass reports a chunk's first, not the file's
        func lineEnd(_ i: Int) -> Int {
            guard i < n, let p = memchr(body.baseAddress! + i, 0x0A, n - i) else { return n }
            return UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - body.baseAddress! + 1
        }
        func hasNonASCII(_ r: Range<Int>) -> Bool { r.contains { body[$0] >= 0x80 } }
        while let b = bad {
            var lineStart = b
            while lineStart > at && body[lineStart - 1] != 0x0A { lineStart -= 1 }
            let end = lineEnd(b)
            // Valid lines before the bad one are copied as they are.
            if utf8Lines == 0 {
                var i = at
                while i < lineStart { let e = lineEnd(i); if hasNonASCII(i..<e) { utf8Lines += 1; break }; i = e }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: body[at..<lineStart]))
            out.append(contentsOf: latin1ToUTF8(UnsafeBufferPointer(rebasing: body[lineStart..<end])))
            badLines += 1
            at = end
            bad = firstInvalidUTF8(UnsafeBufferPointer(rebasing: body[at..<n])).map { $0 + at }
        }
        if utf8Lines == 0 && hasNonASCII(at..<n) { utf8Lines = 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: body[at..<n]))
        return (out, badLines, utf8Lines)
    }

    /// Index of the first byte that is not part of a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0
        guard let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            // ASCII fast path: 32 bytes at a time, then 8.
            while i + 32 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if w & high != 0 { break }
                i += 32
            }
            if i >= n { break }
            if i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minValue: UInt32 = 0
            var value: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; value = UInt32(c & 0x1F); minValue = 0x80 }
            else if c & 0xF0 == 0xE0 { need = 2; value = UInt32(c & 0x0F); minValue = 0x800 }
            else if c & 0xF8 == 0xF0 { need = 3; value = UInt32(c & 0x07); minValue = 0x10000 }
            else { return i }
            if i + need >= n { return i }
            for k in 1...need {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                value = value << 6 | UInt32(cc & 0x3F)
            }
            if value < minValue || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }

    /// Windows-1252's printable characters at 0x80–0x9F (0 = undefined there: read as the C1 control).
    private static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// ISO-8859-1 (with Windows-1252's letters at 0x80–0x9F) to UTF-8.
    static func latin1ToUTF8(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(b.count + b.count / 8)
        for c in b {
            if c < 0x80 { out.append(c); continue }
            var v = UInt32(c)
            if c < 0xA0, cp1252High[Int(c - 0x80)] != 0 { v = cp1252High[Int(c - 0x80)] }
            if v < 0x800 {
                out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return out
    }
}
