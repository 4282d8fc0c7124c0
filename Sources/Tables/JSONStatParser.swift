import Foundation

/// A parsed JSON value, for the JSON-stat reader. Objects keep their members in file order.
public enum JSONStatValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONStatValue])
    case object([(key: String, value: JSONStatValue)])

    /// The member `key` of an object (the last one if repeated), or nil.
    public subscript(key: String) -> JSONStatValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var objectMembers: [(key: String, value: JSONStatValue)]? {
        if case .object(let m) = self { return m } else { return nil }
    }
    public var arrayElements: [JSONStatValue]? {
        if case .array(let a) = self { return a } else { return nil }
    }
    public var stringValue: String? {
        if case .string(let s) = self { return s } else { return nil }
    }
    public var numberValue: Double? {
        if case .number(let d) = self { return d } else { return nil }
    }

    /// A word for messages: "null", "text", "a number", "an array", …
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "text"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A small byte-level JSON parser (RFC 8259). Foundation's JSONSerialization boxes every number in an
/// NSNumber and takes seconds for a million-cell statbank reply; this parser reads numbers with `strtod`
/// straight from the bytes, and reports errors with line and column.
public struct JSONStatParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private var numberBuffer = [CChar](repeating: 0, count: 400)
    private static let maxDepth = 512
    /// When set, what each number of the document was as written, in document order.
    private var literals: [NumberLiteral]? = nil

    /// How a number was written: an integer that fits Int64 (exact), an integer that does not, or a decimal
    /// (a fraction or an exponent). `JSONStatValue.number` holds a Double, which cannot tell `2` from `2.0`.
    public enum NumberLiteral: Sendable, Equatable { case int(Int64), bigInt, decimal }

    /// Parses one JSON document (surrounding whitespace allowed, a UTF-8 BOM skipped).
    public static func parse(_ data: Data) throws -> JSONStatValue {
        try data.withUnsafeBytes { raw in
            var p = JSONStatParser(bytes: raw.bindMemory(to: UInt8.self))
            return try p.document()
        }
    }

    /// Parses one JSON document, and gives how each of its numbers was written, in document order (the
    /// order a depth-first walk of arrays and objects in member order meets them).
    public static func parse(_ data: Data, literals: inout [NumberLiteral]) throws -> JSONStatValue {
        let (value, found) = try data.withUnsafeBytes { raw in
            var p = JSONStatParser(bytes: raw.bindMemory(to: UInt8.self))
            p.literals = []
            let v = try p.document()
            return (v, p.literals!)
        }
        literals = found
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func document() throws -> JSONStatValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        skipWhitespace()
        guard pos < bytes.count else { throw error("the document is empty") }
        let v = try value()
        skipWhitespace()
        guard pos == bytes.count else { throw error("unexpected \(describe(pos)) after the end of the document") }
        return v
    }

    private mutating func value() throws -> JSONStatValue {
        guard pos < bytes.count else { throw error("unexpected end of the document") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = pos
            let d = try number()
            if literals != nil { literals!.append(literal(start..<pos)) }
            return .number(d)
        default: throw error("unexpected \(describe(pos)) where a value should start")
        }
    }

    private mutating func object() throws -> JSONStatValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        defer { depth -= 1 }
        pos += 1
        var members: [(key: String, value: JSONStatValue)] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw error("expected a quoted member name, found \(describe(pos))")
            }
            let key = try string()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw error("expected `:` after the member name \"\(key)\", found \(describe(pos))")
            }
            pos += 1
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of the document inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw error("expected `,` or `}` in an object, found \(describe(pos))")
        }
    }

    private mutating func array() throws -> JSONStatValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        defer { depth -= 1 }
        pos += 1
        var elements: [JSONStatValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value())
            if elements.count & 0xFFFF == 0 {
                try Cancellation.check()
                // A long array (a dataset's values): room for every element the rest of the document could
                // hold (one per two bytes), so it never grows by copying (a copy of millions of values
                // cannot be stopped). The memory is touched only as elements arrive.
                if elements.count == 0x10000 { elements.reserveCapacity(elements.count + (bytes.count - pos) / 2 + 1) }
            }
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of the document inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(elements) }
            throw error("expected `,` or `]` in an array, found \(describe(pos))")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard pos + n <= bytes.count, (0..<n).allSatisfy({ bytes[pos + $0] == w[$0] }) else {
            throw error("unexpected \(describe(pos)) where a value should start")
        }
        pos += n
    }

    /// Exact powers of ten that a Double holds (10^0 … 10^22), for the fast path below.
    private static let powersOfTen: [Double] = (0...22).map { Double("1e\($0)")! }

    private mutating func number() throws -> Double {
        let start = pos
        let negative = bytes[pos] == UInt8(ascii: "-")
        if negative { pos += 1 }
        let intStart = pos
        // Collect up to 19 significant digits as an integer mantissa while validating the syntax.
        var mantissa: UInt64 = 0, digits = 0, fractionDigits = 0
        while pos < bytes.count, isDigit(bytes[pos]) {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[pos] &- 48) }
            digits += 1; pos += 1
        }
        guard pos > intStart else { throw error("a number needs digits after `-`", at: start) }
        if bytes[intStart] == UInt8(ascii: "0"), pos - intStart > 1 { throw error("numbers may not have leading zeros", at: start) }
        var simple = true
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            let f = pos
            while pos < bytes.count, isDigit(bytes[pos]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[pos] &- 48); fractionDigits += 1 }
                digits += 1; pos += 1
            }
            guard pos > f else { throw error("a number needs digits after the decimal point", at: start) }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            simple = false
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            let e = pos
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
            guard pos > e else { throw error("a number needs digits in its exponent", at: start) }
        }
        // Clinger's fast path: a mantissa below 2^53 divided by an exact power of ten is correctly rounded.
        if simple, digits <= 19, mantissa < (1 << 53), fractionDigits <= 22 {
            let v = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -v : v
        }
        let length = pos - start
        guard length < numberBuffer.count else { throw error("a number with \(length) characters is too long", at: start) }
        let source = bytes
        return numberBuffer.withUnsafeMutableBufferPointer { buf in
            for i in 0..<length { buf[i] = CChar(bitPattern: source[start + i]) }
            buf[length] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    /// The number written at `range` (already checked to be valid JSON) as a `NumberLiteral`.
    private func literal(_ range: Range<Int>) -> NumberLiteral {
        var value: Int64 = 0
        let negative = bytes[range.lowerBound] == UInt8(ascii: "-")
        for i in range.dropFirst(negative ? 1 : 0) {
            let b = bytes[i]
            guard isDigit(b) else { return .decimal }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(b &- 48)) : m.addingReportingOverflow(Int64(b &- 48))
            if o1 || o2 {
                // the rest may still hold a fraction or an exponent
                return range.contains(where: { !isDigit(bytes[$0]) && bytes[$0] != UInt8(ascii: "-") }) ? .decimal : .bigInt
            }
            value = a
        }
        return .int(value)
    }

    private mutating func string() throws -> String {
        let quote = pos
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("a control character inside text must be escaped", at: pos) }
            pos += 1
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("a control character inside text must be escaped", at: pos) }
            if b != UInt8(ascii: "\\") { out.append(b); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw error("a \\u escape starts a surrogate pair that is not completed", at: pos)
                    }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate in a \\u escape", at: pos - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("a \\u escape is a lone low surrogate", at: pos - 6)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw error("unknown escape `\\\(Character(Unicode.Scalar(e)))` in text", at: pos - 2)
            }
        }
        throw error("text starting here is never closed", at: quote)
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits", at: pos) }
        var v: UInt32 = 0
        for i in 0..<4 {
            let b = bytes[pos + i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits", at: pos)
            }
            v = v << 4 | d
        }
        pos += 4
        return v
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    @inline(__always) private mutating func skipWhitespace() {
        while pos < bytes.count {
            let b = bytes[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    private func describe(_ at: Int) -> String {
        guard at < bytes.count else { return "end of the document" }
        let b = bytes[at]
        if b >= 0x21 && b < 0x7F { return "`\(Character(Unicode.Scalar(b)))`" }
        return String(format: "byte 0x%02X", b)
    }

    private func error(_ problem: String, at: Int? = nil) -> JSONStatError {
        let at = min(at ?? pos, bytes.count)
        var line = 1, column = 1
        for i in 0..<at {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
        }
        return JSONStatError("not valid JSON: \(problem) (line \(line), column \(column))",
                             hint: "a JSON-stat file is a JSON object with `id`, `size`, `dimension` and `value`")
    }
}
