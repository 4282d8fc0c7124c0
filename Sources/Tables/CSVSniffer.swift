import Foundation

/// The dialect of a CSV file as found in its first records.
struct CSVDialect {
    var delimiter: UInt8
    var decimal: UInt8
    var header: Bool
    /// A title line above the header (SSB exports), unquoted.
    var title: String?
    /// Byte offset and 0-based line of the first record after any title lines (the header, if there is one).
    var start: Int
    var startLine: Int
}

/// Finds the delimiter, decimal separator, title lines and header of a CSV file from a sample of its start.
enum CSVSniffer {
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]  // , ; tab |
    static let sampleBytes = 1 << 18
    static let sampleRecords = 200

    private struct Sample {
        var records: [[CSVField]] = []
        var ends: [Int] = []       // byte offset after each record
        var lines: [Int] = []      // 0-based start line of each record
        var endLines: [Int] = []   // 0-based line after each record
    }

    private static func sample(_ base: UnsafePointer<UInt8>, _ end: Int, delimiter: UInt8) -> Sample {
        var tok = CSVTokenizer(base: base, start: 0, end: end, delimiter: delimiter)
        var s = Sample()
        var fields = CSVFieldBuffer(capacity: 64)
        defer { fields.deallocate() }
        while s.records.count < sampleRecords {
            // The sample ends at a record the tokenizer refuses; the full read reports it with its line.
            guard let more = try? tok.next(into: &fields), more else { break }
            s.records.append(fields.array); s.ends.append(tok.pos); s.lines.append(tok.recordLine); s.endLines.append(tok.line)
        }
        return s
    }

    static func isBlank(_ r: [CSVField]) -> Bool { r.count == 1 && !r[0].quoted && r[0].start == r[0].end }

    static func sniff(_ base: UnsafePointer<UInt8>, count: Int, options: CSVOptions) -> CSVDialect {
        // The sample: whole records within the first 256 KiB (or the first line, however long).
        var end = min(count, sampleBytes)
        var truncated = end < count
        if truncated {
            var p = end
            while p > 0 && base[p - 1] != 0x0A { p -= 1 }
            if p > 0 { end = p } else {
                if let nl = memchr(base + end, 0x0A, count - end) {
                    end = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base + 1
                } else { end = count }
                truncated = end < count
            }
        }
        let delimiters = options.delimiter.map { [$0] } ?? candidates
        var best: (delimiter: UInt8, score: Int, width: Int, skip: Int, sample: Sample)? = nil
        var decimalCommaColumn = false
        for d in delimiters {
            var s = sample(base, end, delimiter: d)
            if truncated && s.records.count > 1 {
                s.records.removeLast(); s.ends.removeLast(); s.lines.removeLast(); s.endLines.removeLast()
            }
            if d == 0x2C && options.delimiter == nil && isDecimalCommaColumn(base, s.records) {
                decimalCommaColumn = true
                continue
            }
            let counts = s.records.map { isBlank($0) ? 0 : $0.count }
            // Leading one-field records (title lines, blank lines) before a wider table are skipped.
            var skip = 0
            let rest = { (k: Int) in counts.dropFirst(k).filter { $0 > 0 } }
            let mode = { (xs: [Int]) -> (Int, Int) in
                var freq: [Int: Int] = [:]
                for x in xs { freq[x, default: 0] += 1 }
                return freq.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }.map { ($0.key, $0.value) } ?? (0, 0)
            }
            while skip < min(4, counts.count - 1), counts[skip] <= 1, mode(Array(rest(skip + 1))).0 > 1 { skip += 1 }
            let (width, freq) = mode(Array(rest(skip)))
            let score = width > 1 ? freq : 0
            if best == nil || score > best!.score || (score == best!.score && score > 0 && width > best!.width && d != 0x7C) {
                best = (d, score, width, skip, s)
            }
        }
        guard let chosen = best else { return CSVDialect(delimiter: 0x2C, decimal: 0x2E, header: true, title: nil, start: 0, startLine: 0) }
        // A one-column file of decimal-comma numbers: split on a byte it does not hold, so each line is one field.
        let fallback: UInt8 = decimalCommaColumn ? 0x3B : 0x2C
        let delimiter = chosen.score > 0 ? chosen.delimiter : (options.delimiter ?? fallback)
        let skip = chosen.score > 0 ? chosen.skip : 0
        let s = chosen.score > 0 ? chosen.sample : sample(base, end, delimiter: delimiter)
        var title: String? = nil
        for r in s.records.prefix(skip) where !isBlank(r) && title == nil {
            let t = fieldString(base, r[0]).trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { title = t }
        }
        let start = skip > 0 ? s.ends[skip - 1] : 0
        let startLine = skip > 0 ? s.endLines[skip - 1] : 0
        let records = Array(s.records.dropFirst(skip).filter { !isBlank($0) })

        let decimal = options.decimalSeparator ?? sniffDecimal(base, records.dropFirst(), delimiter: delimiter)
        let header = options.header ?? detectHeader(base, records, parser: CSVFieldParser(decimal: decimal))
        return CSVDialect(delimiter: delimiter, decimal: decimal, header: header, title: title, start: start, startLine: startLine)
    }

    /// Whether records split on `,` are one column of decimal-comma numbers (`verdi` / `1,5` / `2,5`): a
    /// header line without a comma, then lines that are either one field or exactly one comma between
    /// digits (`-12,5`, `1 234,75`), at least one of them with the comma.
    static func isDecimalCommaColumn(_ base: UnsafePointer<UInt8>, _ records: [[CSVField]]) -> Bool {
        let rows = records.filter { !isBlank($0) }
        guard rows.count >= 2, rows[0].count == 1 else { return false }
        let header = rows[0][0]
        guard CSVFieldParser(decimal: 0x2C).classify(base, header.start, header.end, escaped: header.escaped) == .text else { return false }
        var split = 0
        for r in rows.dropFirst() {
            if r.count == 1 { continue }
            guard r.count == 2, !r[0].quoted, !r[1].quoted else { return false }
            var s = r[0].start, e = r[1].end
            CSVFieldParser.trim(base, &s, &e)
            // Digits (a sign first, grouping spaces allowed) on the left, digits only on the right.
            var i = s
            if i < e && (base[i] == 0x2D || base[i] == 0x2B) { i += 1 }
            guard i < r[0].end, CSVFieldParser.isDigit(base[i]), CSVFieldParser.isDigit(base[r[0].end - 1]) else { return false }
            while i < r[0].end { guard CSVFieldParser.isDigit(base[i]) || base[i] == 0x20 else { return false }; i += 1 }
            guard r[1].start < e else { return false }
            for k in r[1].start..<e where !CSVFieldParser.isDigit(base[k]) { return false }
            split += 1
        }
        return split > 0
    }

    /// `,` when numbers with a decimal comma outnumber those with a decimal point (never when `,` delimits).
    static func sniffDecimal(_ base: UnsafePointer<UInt8>, _ records: ArraySlice<[CSVField]>, delimiter: UInt8) -> UInt8 {
        if delimiter == 0x2C { return 0x2E }
        let comma = CSVFieldParser(decimal: 0x2C), point = CSVFieldParser(decimal: 0x2E)
        var commas = 0, points = 0
        for r in records {
            for f in r where !f.escaped {
                let hasComma = memchr(base + f.start, 0x2C, f.end - f.start) != nil
                let hasPoint = memchr(base + f.start, 0x2E, f.end - f.start) != nil
                if hasComma, comma.classify(base, f.start, f.end, escaped: false) == .double { commas += 1 }
                if hasPoint, point.classify(base, f.start, f.end, escaped: false) == .double { points += 1 }
            }
        }
        if commas != points { return commas > points ? 0x2C : 0x2E }
        return delimiter == 0x3B ? 0x2C : 0x2E
    }

    /// Whether the first record holds column names. Evidence for a header: a text value above a numeric or
    /// boolean column, quoted numbers above unquoted ones, or years in increasing order above numeric
    /// columns (SSB's wide tables). Without such evidence the first record is data only when its values
    /// have the types of the columns below it and at least one column is numeric or boolean.
    static func detectHeader(_ base: UnsafePointer<UInt8>, _ records: [[CSVField]], parser: CSVFieldParser) -> Bool {
        guard let first = records.first, records.count > 1 else { return true }
        let body = records.dropFirst()
        var typedColumns = 0
        var years: [Int64] = []
        for (j, f) in first.enumerated() {
            var numeric = 0, bools = 0, others = 0, quotedNumbers = 0
            for r in body where j < r.count {
                let g = r[j]
                switch parser.classify(base, g.start, g.end, escaped: g.escaped) {
                case .int, .double: numeric += 1; if g.quoted { quotedNumbers += 1 }
                case .bool: bools += 1
                case .null, .marker: break
                case .text, .paddedInt, .bigInt: others += 1
                }
            }
            let firstKind = parser.classify(base, f.start, f.end, escaped: f.escaped)
            let bodyNumeric = numeric > 0 && others == 0 && bools == 0
            let bodyBool = bools > 0 && others == 0 && numeric == 0
            let firstIsNumber = firstKind == .int || firstKind == .double
            if bodyNumeric || bodyBool {
                switch firstKind {
                case .text, .paddedInt, .bigInt: return true
                case .bool where bodyNumeric: return true
                case .int where bodyBool, .double where bodyBool: return true
                default: break
                }
                if firstIsNumber && f.quoted && quotedNumbers == 0 { return true }
                if firstKind == .int && bodyNumeric {
                    let y = parser.int(base, f.start, f.end)
                    if (1800...2200).contains(y) { years.append(y) }
                }
                if firstKind != .null { typedColumns += 1 }
            }
        }
        if years.count >= 2 && zip(years, years.dropFirst()).allSatisfy({ $0 < $1 }) { return true }
        return typedColumns == 0
    }

    /// The text of a field, with doubled quotes unescaped.
    static func fieldString(_ base: UnsafePointer<UInt8>, _ f: CSVField) -> String {
        let bytes = UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
        if !f.escaped { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            out.append(bytes[i])
            if bytes[i] == 0x22 && i + 1 < bytes.count && bytes[i + 1] == 0x22 { i += 2 } else { i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
