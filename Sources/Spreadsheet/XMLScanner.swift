import Foundation
import Tables

/// A streaming pull parser over the bytes of one XML part (UTF-8). It hands out element starts (with
/// their attributes as byte ranges, valid until the next call), element ends and text, and keeps only a
/// stack of open element names, so a sheet of millions of cells is never held as a tree and no `String`
/// is made unless the caller asks for one. Namespace prefixes are ignored (`x:row` is `row`). Checks what
/// the parts of a workbook need: tags close in order, quotes and markup are terminated, entities known.
/// Comments, processing instructions and the document type are skipped; CDATA sections are text.
struct XMLScanner {
    enum Event {
        /// A start tag; `name` is the local name's byte range. `empty` for `<x/>` (no end event follows).
        case start(name: Range<Int>, empty: Bool)
        case end(name: Range<Int>)
        /// Character data; `raw` when it needs no entity decoding (CDATA, or no `&` in it).
        case text(Range<Int>, raw: Bool)
    }

    struct Malformed: Error { var offset: Int; var reason: String }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var pos = 0
    /// Attributes of the last start tag: local name and value byte ranges (the value without its quotes).
    private(set) var attributes: [(name: Range<Int>, value: Range<Int>)] = []
    private var open: [Range<Int>] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        attributes.reserveCapacity(8)
        open.reserveCapacity(16)
        // A UTF-8 byte order mark is not part of the document.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    @inline(__always) private func isNameEnd(_ b: UInt8) -> Bool { isSpace(b) || b == 0x3E || b == 0x2F || b == 0x3D }

    /// The local part of a qualified name's range (after the last `:`).
    @inline(__always) private func local(_ r: Range<Int>) -> Range<Int> {
        var k = r.upperBound - 1
        while k >= r.lowerBound { if bytes[k] == 0x3A { return (k + 1)..<r.upperBound }; k -= 1 }
        return r
    }

    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        var i = from
        let n = bytes.count - pattern.count
        while i <= n {
            if bytes[i] == pattern[0] {
                var k = 1
                while k < pattern.count && bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The next event, or nil at the end of the document.
    mutating func next() throws -> Event? {
        let n = bytes.count
        while pos < n {
            if bytes[pos] != 0x3C {
                // Text up to the next `<` (white space between elements included; callers ignore it).
                let start = pos
                var amp = false
                while pos < n && bytes[pos] != 0x3C { if bytes[pos] == 0x26 { amp = true }; pos += 1 }
                if open.isEmpty {
                    if (start..<pos).contains(where: { !isSpace(bytes[$0]) }) { throw Malformed(offset: start, reason: "text outside the document's element") }
                    continue
                }
                return .text(start..<pos, raw: !amp)
            }
            guard pos + 1 < n else { throw Malformed(offset: pos, reason: "the part ends inside a tag") }
            switch bytes[pos + 1] {
            case 0x2F:  // </name>
                let nameStart = pos + 2
                var k = nameStart
                while k < n && !isNameEnd(bytes[k]) { k += 1 }
                let name = nameStart..<k
                while k < n && isSpace(bytes[k]) { k += 1 }
                guard k < n, bytes[k] == 0x3E else { throw Malformed(offset: pos, reason: "the part ends inside a tag") }
                guard let top = open.popLast() else { throw Malformed(offset: pos, reason: "a closing tag without an opening tag") }
                guard top.count == name.count, memcmp(bytes.baseAddress! + top.lowerBound, bytes.baseAddress! + name.lowerBound, top.count) == 0 else {
                    throw Malformed(offset: pos, reason: "a closing tag that does not match")
                }
                pos = k + 1
                return .end(name: local(name))
            case 0x3F:  // <? … ?>
                guard let end = find([0x3F, 0x3E], from: pos + 2) else { throw Malformed(offset: pos, reason: "the part ends inside a processing instruction") }
                pos = end + 2
            case 0x21:  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE >
                if pos + 3 < n, bytes[pos + 2] == 0x2D, bytes[pos + 3] == 0x2D {
                    guard let end = find([0x2D, 0x2D, 0x3E], from: pos + 4) else { throw Malformed(offset: pos, reason: "the part ends inside a comment") }
                    pos = end + 3
                } else if pos + 8 < n, bytes[pos + 2] == 0x5B, Array(bytes[(pos + 3)..<(pos + 9)]) == Array("CDATA[".utf8) {
                    guard let end = find([0x5D, 0x5D, 0x3E], from: pos + 9) else { throw Malformed(offset: pos, reason: "the part ends inside a CDATA section") }
                    let text = (pos + 9)..<end
                    pos = end + 3
                    guard !open.isEmpty else { throw Malformed(offset: text.lowerBound, reason: "text outside the document's element") }
                    return .text(text, raw: true)
                } else {
                    // <!DOCTYPE …> (internal subsets are not expected in workbooks)
                    guard let end = find([0x3E], from: pos + 2) else { throw Malformed(offset: pos, reason: "the part ends inside a declaration") }
                    pos = end + 1
                }
            default:  // <name attr="v" …> or <name …/>
                let nameStart = pos + 1
                var k = nameStart
                while k < n && !isNameEnd(bytes[k]) { k += 1 }
                let name = nameStart..<k
                guard !name.isEmpty else { throw Malformed(offset: pos, reason: "a `<` that starts no tag") }
                attributes.removeAll(keepingCapacity: true)
                while true {
                    while k < n && isSpace(bytes[k]) { k += 1 }
                    guard k < n else { throw Malformed(offset: pos, reason: "the part ends inside a tag") }
                    if bytes[k] == 0x3E { k += 1; break }
                    if bytes[k] == 0x2F {
                        guard k + 1 < n, bytes[k + 1] == 0x3E else { throw Malformed(offset: k, reason: "a malformed tag") }
                        pos = k + 2
                        return .start(name: local(name), empty: true)
                    }
                    let a = k
                    while k < n && !isNameEnd(bytes[k]) { k += 1 }
                    let attributeName = a..<k
                    while k < n && isSpace(bytes[k]) { k += 1 }
                    guard !attributeName.isEmpty, k < n, bytes[k] == 0x3D else { throw Malformed(offset: a, reason: "a malformed attribute") }
                    k += 1
                    while k < n && isSpace(bytes[k]) { k += 1 }
                    guard k < n, bytes[k] == 0x22 || bytes[k] == 0x27 else { throw Malformed(offset: a, reason: "an attribute value without quotes") }
                    let quote = bytes[k]
                    let v = k + 1
                    k = v
                    while k < n && bytes[k] != quote { if bytes[k] == 0x3C { break }; k += 1 }
                    guard k < n, bytes[k] == quote else { throw Malformed(offset: a, reason: "an unterminated attribute value") }
                    attributes.append((local(attributeName), v..<k))
                    k += 1
                }
                pos = k
                open.append(name)
                return .start(name: local(name), empty: false)
            }
        }
        if !open.isEmpty { throw Malformed(offset: n, reason: "the part ends before its elements are closed") }
        return nil
    }

    // MARK: reading names and values

    @inline(__always) func equals(_ r: Range<Int>, _ s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress! + r.lowerBound, s.utf8Start, r.count) == 0
    }

    /// The value range of attribute `name` of the last start tag.
    @inline(__always) func attribute(_ name: StaticString) -> Range<Int>? {
        for a in attributes where equals(a.name, name) { return a.value }
        return nil
    }

    /// The text of a byte range, entities decoded.
    func string(_ r: Range<Int>, raw: Bool = false) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[r])
        if raw || !slice.contains(0x26) { return String(decoding: slice, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            guard bytes[i] == 0x26 else { out.append(bytes[i]); i += 1; continue }
            var k = i + 1
            while k < r.upperBound && bytes[k] != 0x3B && k - i < 12 { k += 1 }
            guard k < r.upperBound, bytes[k] == 0x3B else { throw Malformed(offset: i, reason: "an `&` that starts no entity") }
            let name = Array(bytes[(i + 1)..<k])
            switch name {
            case Array("amp".utf8): out.append(0x26)
            case Array("lt".utf8): out.append(0x3C)
            case Array("gt".utf8): out.append(0x3E)
            case Array("quot".utf8): out.append(0x22)
            case Array("apos".utf8): out.append(0x27)
            default:
                guard name.first == 0x23 else { throw Malformed(offset: i, reason: "an unknown entity") }
                let hex = name.count > 1 && (name[1] == 0x78 || name[1] == 0x58)
                let digits = String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self)
                guard let v = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(v) else {
                    throw Malformed(offset: i, reason: "a malformed character reference")
                }
                out += Array(String(Character(scalar)).utf8)
            }
            i = k + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An attribute's value as text, or nil when the tag has no such attribute.
    func attributeString(_ name: StaticString) throws -> String? {
        try attribute(name).map { try string($0) }
    }

    /// An attribute's value as a non-negative integer, or nil.
    func attributeInt(_ name: StaticString) -> Int? {
        guard let r = attribute(name), !r.isEmpty, r.count < 19 else { return nil }
        var v = 0
        for i in r { let d = bytes[i] &- 48; guard d < 10 else { return nil }; v = v * 10 + Int(d) }
        return v
    }

    /// A decimal integer written in `r` (an optional `-`, digits, nothing else), or nil.
    @inline(__always) static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int64? {
        var i = r.lowerBound
        let negative = i < r.upperBound && bytes[i] == 0x2D
        if negative { i += 1 }
        guard i < r.upperBound, r.upperBound - i <= 19 else { return nil }
        var v: UInt64 = 0
        while i < r.upperBound {
            let d = bytes[i] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ UInt64(d)  // 19 digits fit in a UInt64
            i += 1
        }
        if negative { return v <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- v) : nil }
        return v <= UInt64(Int64.max) ? Int64(v) : nil
    }

    /// A cell address `AB12` in `r`, 0-based, or nil.
    @inline(__always) static func address(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> CellAddress? {
        var i = r.lowerBound
        var column = 0, row = 0
        while i < r.upperBound, case let b = bytes[i] | 0x20, b >= 0x61 && b <= 0x7A { column = column * 26 + Int(b - 0x60); i += 1 }
        let digits = i
        while i < r.upperBound, case let d = bytes[i] &- 48, d < 10 { row = row * 10 + Int(d); i += 1 }
        guard i == r.upperBound, digits > r.lowerBound, i > digits, i - digits <= 7, digits - r.lowerBound <= 3,
              column >= 1, column <= CellAddress.maxColumns, row >= 1, row <= CellAddress.maxRows else { return nil }
        return CellAddress(column: column - 1, row: row - 1)
    }

    /// Line and column (1-based) of a byte offset, for messages.
    func place(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        return (line, offset - lineStart + 1)
    }
}

extension XMLScanner {
    /// Runs `body` over the events of `data` (UTF-8, or UTF-16 with a byte order mark), checking for Ctrl-C
    /// every 64 k events; a malformed part throws `malformed(line, column, reason)`.
    static func scan(_ data: Data, malformed: (Int, Int, String) -> Error, _ body: (inout XMLScanner, Event) throws -> Void) throws {
        var utf8 = data
        if data.count >= 2, (data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF) || (data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE) {
            utf8 = Data((String(data: data, encoding: .utf16) ?? "").utf8)
        }
        try utf8.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw.bindMemory(to: UInt8.self))
            var events = 0
            do {
                while let e = try scanner.next() {
                    events &+= 1
                    if events & 0xFFFF == 0 { try Cancellation.check() }
                    try body(&scanner, e)
                }
            } catch let m as Malformed {
                let (line, column) = scanner.place(m.offset)
                throw malformed(line, column, m.reason)
            }
        }
    }
}
