import Foundation

/// One field of a record as a byte range of the input (quotes excluded).
struct CSVField {
    var start: Int
    var end: Int
    /// The field was enclosed in double quotes.
    var quoted: Bool
    /// The quoted field holds doubled quotes (`""`) that must be unescaped.
    var escaped: Bool
}

/// A reusable buffer of the fields of one record (no per-record allocation, no uniqueness checks).
struct CSVFieldBuffer {
    private(set) var base: UnsafeMutablePointer<CSVField>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 8)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ f: CSVField) {
        if count == capacity { grow() }
        base[count] = f
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always) subscript(i: Int) -> CSVField { base[i] }

    /// One empty unquoted field: a blank line.
    var isBlank: Bool { count == 1 && !base[0].quoted && base[0].start == base[0].end }

    var array: [CSVField] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { base.deallocate() }
}

/// A malformed record, with a line number relative to where the tokenizer started.
struct CSVTokenError: Error {
    var line: Int
    var column: Int
    var problem: String
    var hint: String?
}

/// RFC 4180 tokenizer over raw UTF-8 bytes: quoted fields, doubled quotes, delimiters and newlines inside
/// quotes, LF / CRLF / CR line ends. It never copies: fields are byte ranges of the input.
struct CSVTokenizer {
    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Offset of the next unread byte.
    var pos: Int
    /// Physical line (0-based relative to the starting point) of `pos`.
    var line: Int = 0
    /// Line on which the last record returned by `next` started.
    var recordLine: Int = 0
    /// Whether a field in double quotes, or a line ended by a CR alone, was read: without either, every record
    /// is one line whose fields split at each delimiter (`CSVPlainScanner` reads such a file again faster).
    private(set) var sawQuotedField = false
    private(set) var sawLoneCR = false

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8) {
        self.base = base; self.pos = start; self.end = end; self.delimiter = delimiter
    }

    private static let quote: UInt8 = 0x22
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let fourteens: UInt64 = 0x0E0E_0E0E_0E0E_0E0E
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Reads the next record into `fields` (cleared first). Returns false at the end of the input.
    @inline(__always)
    mutating func next(into fields: inout CSVFieldBuffer) throws(CSVTokenError) -> Bool {
        fields.count = 0
        if pos >= end { return false }
        recordLine = line
        let d = delimiter
        let dd = UInt64(d) &* CSVTokenizer.ones
        while true {
            var p = pos
            if p < end && base[p] == CSVTokenizer.quote {
                // Quoted field.
                sawQuotedField = true
                let openLine = line
                p += 1
                let contentStart = p
                var escaped = false
                while true {
                    while p < end {
                        let c = base[p]
                        if c == CSVTokenizer.quote { break }
                        if c == 0x0A { line += 1 } else if c == 0x0D, p + 1 < end, base[p + 1] != 0x0A { line += 1 }
                        else if c == 0 {
                            throw CSVTokenError(line: line, column: fields.count + 1, problem: "NUL byte inside a field",
                                                hint: "this does not look like a text file")
                        }
                        p += 1
                    }
                    if p >= end {
                        throw CSVTokenError(line: openLine, column: fields.count + 1,
                                            problem: "quoted field is never closed: expected a closing `\"` before the end of the file",
                                            hint: "a quote inside a quoted field must be doubled (`\"\"`)")
                    }
                    if p + 1 < end && base[p + 1] == CSVTokenizer.quote { escaped = true; p += 2; continue }
                    break
                }
                fields.append(CSVField(start: contentStart, end: p, quoted: true, escaped: escaped))
                p += 1
                if p < end {
                    let c = base[p]
                    if c != d && c != 0x0A && c != 0x0D {
                        let shown = c < 0x80 && c >= 0x20 ? String(UnicodeScalar(c)) : String(format: "0x%02X", c)
                        throw CSVTokenError(line: line, column: fields.count,
                                            problem: "expected `\(CSVTokenizer.describe(d))` or end of line after the closing quote, found `\(shown)`",
                                            hint: "a quote inside a quoted field must be doubled (`\"\"`)")
                    }
                }
            } else {
                let start = p
                p = CSVTokenizer.skipFieldBytes(base, from: p, end: end, delimiterWord: dd)
                while p < end {
                    let c = base[p]
                    if c == d { break }
                    if c <= 0x0D {
                        if c == 0x0A || c == 0x0D { break }
                        if c == 0 {
                            throw CSVTokenError(line: line, column: fields.count + 1, problem: "NUL byte inside a field",
                                                hint: "this does not look like a text file")
                        }
                    }
                    p += 1
                }
                fields.append(CSVField(start: start, end: p, quoted: false, escaped: false))
            }
            // p is at a delimiter, a line end or the end of the input.
            if p >= end { pos = p; return true }
            let c = base[p]
            if c == d {
                pos = p + 1
                if pos >= end { fields.append(CSVField(start: pos, end: pos, quoted: false, escaped: false)); return true }
                continue
            }
            if c == 0x0D { if p + 1 < end && base[p + 1] == 0x0A { p += 1 } else { sawLoneCR = true } }
            pos = p + 1
            line += 1
            return true
        }
    }

    /// The first offset from `p` whose byte may end an unquoted field (the delimiter, or a control byte
    /// ≤ 0x0D: LF, CR, NUL, tab …), looking eight bytes at a time; near `end` (fewer than eight bytes left) it
    /// stops early and the caller's byte loop finishes. `dd` is the delimiter in every byte of a word. The
    /// lowest flagged byte of each SWAR test is exact, so no flagged byte is ever skipped.
    @inline(__always)
    static func skipFieldBytes(_ base: UnsafePointer<UInt8>, from start: Int, end: Int, delimiterWord dd: UInt64) -> Int {
        var p = start
        #if _endian(little)
        while p &+ 8 <= end {
            let w = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let x = w ^ dd
            let m = (((x &- ones) & ~x) | ((w &- fourteens) & ~w)) & highs
            if m == 0 { p &+= 8; continue }
            return p &+ (m.trailingZeroBitCount >> 3)
        }
        #endif
        return p
    }

    static func describe(_ d: UInt8) -> String {
        switch d {
        case 0x09: return "\\t"
        default: return String(UnicodeScalar(d))
        }
    }
}

/// Reads the records of input that an earlier full read found plain (`CSVLoadResult.plain`: no field in
/// quotes, no line ended by a CR alone, no blank or short line, so every record is one line of exactly the
/// header's fields): splits only the first `width` fields of each record and skips to the next LF. A second
/// read of a file for a few of its columns (a lazy `load`'s) thus reads the bytes after the last column it
/// needs at `memchr`'s speed. Records are lines, so the line of a record is its index.
struct CSVPlainScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Fields split per record (the last parsed column's index + 1).
    let width: Int
    var pos: Int
    var line: Int = 0
    var recordLine: Int = 0

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8, width: Int) {
        self.base = base; self.pos = start; self.end = end; self.delimiter = delimiter; self.width = width
    }

    /// Reads the next record's first `width` fields into `fields` (fewer only if the line has fewer). Returns
    /// false at the end of the input.
    @inline(__always)
    mutating func next(into fields: inout CSVFieldBuffer) -> Bool {
        fields.count = 0
        if pos >= end { return false }
        recordLine = line
        let d = delimiter
        let dd = UInt64(d) &* 0x0101_0101_0101_0101
        var p = pos
        var atLineEnd = false
        while fields.count < width {
            let start = p
            p = CSVTokenizer.skipFieldBytes(base, from: p, end: end, delimiterWord: dd)
            while p < end {
                let c = base[p]
                if c == d { break }
                if c == 0x0A { atLineEnd = true; break }
                p += 1
            }
            if p >= end { atLineEnd = true }
            var fieldEnd = p
            if atLineEnd && fieldEnd > start && base[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
            fields.append(CSVField(start: start, end: fieldEnd, quoted: false, escaped: false))
            if atLineEnd { break }
            p += 1  // past the delimiter
        }
        if !atLineEnd && p < end {
            if let nl = memchr(base + p, 0x0A, end - p) {
                p = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base
            } else {
                p = end
            }
        }
        pos = p + 1
        line += 1
        return true
    }
}
