#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raised by a chunk whose bytes are not valid UTF-8: the reader then reads the input as Latin-1 (or stops,
/// when UTF-8 was asked for). `offset` is the absolute byte offset of the first bad byte.
struct CSVInvalidUTF8: Error { var offset: Int }

/// The typed values of every column of one chunk, parsed in a single pass.
///
/// Each column is parsed as the type the sample promised; a field that does not fit that type is classified
/// and counted, so that after the pass the counts over the whole column decide the final type exactly as a
/// full inference pass would. A column whose final type differs from the promise is parsed again (rare).
/// Buffers are plain memory grown as rows arrive; a column's validity bytes exist only once it met a null.
final class CSVChunkOutput: @unchecked Sendable {  // written by one worker thread, read after the pass
    let ncols: Int
    let types: UnsafeMutablePointer<DataType>
    /// Whether a column is parsed at all (a repair pass parses only the columns it fixes).
    let active: UnsafeMutablePointer<Bool>
    /// Each column's values (`Int64`, `Double`, `Bool`, or `UInt32` codes into `dicts`), room for `capacity`
    /// rows; nil for a column that is not parsed.
    let values: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// 1 = present; nil until the column's first null in this chunk.
    let valids: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    /// What the fields that left their type's fast path were, per column (the rest is counted after the pass).
    let stats: UnsafeMutablePointer<CSVColumnStats>
    /// The chunk's own dictionary of each text column (merged into one when the column is assembled).
    let dicts: UnsafeMutablePointer<CSVByteDictionary>
    private(set) var capacity: Int
    var rows = 0
    /// Physical lines the chunk spans.
    var lines = 0
    var paddedRows = 0
    var firstPaddedLine = 0
    /// Blank lines skipped, and whether a quoted field or a line ended by a CR alone was read: the chunk is
    /// plain (see `CSVPlainScanner`) when there were none and no padded rows.
    var blankLines = 0
    var sawQuotedOrLoneCR = false
    var isPlain: Bool { blankLines == 0 && paddedRows == 0 && !sawQuotedOrLoneCR }
    var error: Error?

    init(types: [DataType], active: [Bool], capacity: Int) {
        ncols = types.count
        let n = max(ncols, 1)
        self.types = .allocate(capacity: n); self.types.initialize(from: types, count: ncols)
        self.active = .allocate(capacity: n); self.active.initialize(from: active, count: ncols)
        values = .allocate(capacity: n); values.initialize(repeating: nil, count: ncols)
        valids = .allocate(capacity: n); valids.initialize(repeating: nil, count: ncols)
        stats = .allocate(capacity: n); stats.initialize(repeating: CSVColumnStats(), count: ncols)
        dicts = .allocate(capacity: n); dicts.initialize(repeating: CSVByteDictionary(), count: ncols)
        self.capacity = max(capacity, 16)
        for j in 0..<ncols where active[j] {
            values[j] = malloc(self.capacity * types[j].valueBytes)
        }
    }

    deinit {
        for j in 0..<ncols { free(values[j]); valids[j]?.deallocate() }
        types.deallocate(); active.deallocate(); values.deallocate(); valids.deallocate()
        stats.deinitialize(count: ncols); stats.deallocate()
        dicts.deinitialize(count: ncols); dicts.deallocate()
    }

    /// Room for at least one more row.
    func grow() {
        let bigger = capacity + capacity / 2 + 16
        for j in 0..<ncols where active[j] {
            guard let p = realloc(values[j], bigger * types[j].valueBytes) else { fatalError("out of memory") }
            values[j] = p
            if let v = valids[j] {
                let w = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
                w.update(from: v, count: capacity)
                (w + capacity).initialize(repeating: 1, count: bigger - capacity)
                v.deallocate()
                valids[j] = w
            }
        }
        capacity = bigger
    }

    /// Marks `row` of column `j` null: validity cleared and the slot zeroed, as `Column` promises.
    @inline(__always) func setNull(_ j: Int, _ row: Int) {
        if valids[j] == nil {
            let v = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            v.initialize(repeating: 1, count: capacity)
            valids[j] = v
        }
        valids[j]![row] = 0
        switch types[j] {
        case .int: values[j]!.assumingMemoryBound(to: Int64.self)[row] = 0
        case .double: values[j]!.assumingMemoryBound(to: Double.self)[row] = 0
        case .bool: values[j]!.assumingMemoryBound(to: Bool.self)[row] = false
        case .string: values[j]!.assumingMemoryBound(to: UInt32.self)[row] = 0
        }
    }

    /// Drops column `j`'s buffers (after they were copied into the final column).
    func release(_ j: Int) {
        free(values[j]); values[j] = nil
        valids[j]?.deallocate(); valids[j] = nil
        dicts[j] = CSVByteDictionary()
    }
}

extension CSVParseJob {
    /// Parses the records of `range` into `out` in one pass. `classifyText[j]` says whether the text column `j`
    /// must classify every field (its sample held no text, so the column may yet turn out to be numeric);
    /// `countFractions[j]` whether the decimal column `j` must count integers and decimals apart (its sample
    /// held no decimal, so the column may yet turn out to hold integers only). Fields that fit their column's
    /// type are not counted one by one: after the pass they are the rows not otherwise counted.
    /// Errors are stored in `out.error`, never thrown, so that the caller can report the first in file order.
    func parseChunk(_ range: Range<Int>, into out: CSVChunkOutput, parser: CSVFieldParser, classifyText: [Bool],
                    countFractions: [Bool], validateUTF8: Bool) {
        do {
            // A chunk that starts after Ctrl-C (or the memory limit) does no work at all.
            try Cancellation.check()
            if !(0..<out.ncols).contains(where: { out.active[$0] }), !options.knownPlain,
               let counted = try countPlainRecords(range, ncols: out.ncols, validateUTF8: validateUTF8) {
                // No column to parse (a lazy `load`'s first read) and the chunk is plain: counted, not tokenized.
                out.rows = counted.rows
                out.lines = counted.lines
            } else {
                if validateUTF8 {
                    for slice in utf8Slices(range) {
                        if let bad = CSVEncoding.firstInvalidUTF8(UnsafeBufferPointer(start: base + slice.lowerBound, count: slice.count)) {
                            throw CSVInvalidUTF8(offset: slice.lowerBound + bad)
                        }
                        try Cancellation.check()
                    }
                }
                try parseRecords(range, into: out, parser: parser, classifyText: classifyText, countFractions: countFractions)
            }
        } catch {
            out.error = error
        }
        release(range)
    }

    private func parseRecords(_ range: Range<Int>, into out: CSVChunkOutput, parser: CSVFieldParser, classifyText: [Bool],
                              countFractions flags: [Bool]) throws {
        let ncols = out.ncols
        let classify = UnsafeMutablePointer<Bool>.allocate(capacity: max(ncols, 1))
        classify.initialize(from: classifyText, count: ncols)
        let countFractions = UnsafeMutablePointer<Bool>.allocate(capacity: max(ncols, 1))
        countFractions.initialize(from: flags, count: ncols)
        defer { classify.deallocate(); countFractions.deallocate() }
        var tok = CSVTokenizer(base: base, start: range.lowerBound, end: range.upperBound, delimiter: delimiterByte)
        // Input read before and found plain: split each record only up to its last parsed column.
        let plain = options.knownPlain
        let width = plain ? ((0..<ncols).last { out.active[$0] }.map { $0 + 1 } ?? 0) : ncols
        var scan = CSVPlainScanner(base: base, start: range.lowerBound, end: range.upperBound, delimiter: delimiterByte, width: width)
        var fields = CSVFieldBuffer(capacity: ncols + 1)
        defer { fields.deallocate() }
        var scratch: [UInt8] = []
        let b = base
        let decimal = parser.decimal
        let types = out.types, active = out.active, values = out.values, stats = out.stats, dicts = out.dicts
        var row = 0
        while true {
            let line: Int
            if plain {
                guard scan.next(into: &fields) else { break }
                line = scan.recordLine
            } else {
                guard try tok.next(into: &fields) else { break }
                line = tok.recordLine
                if fields.count != ncols, try !acceptShort(fields, line: line, into: out) { continue }
            }
            if row == out.capacity { out.grow() }
            if fields.count < width {
                for j in fields.count..<ncols where active[j] { stats[j].nulls += 1; out.setNull(j, row) }
            }
            for j in 0..<min(ncols, fields.count) where active[j] {
                let f = fields[j]
                var s = f.start, e = f.end
                CSVFieldParser.trim(b, &s, &e)
                switch types[j] {
                case .int:
                    if !f.escaped, s < e, let v = CSVFieldParser.plainInt(b, s, e) {
                        values[j]!.assumingMemoryBound(to: Int64.self)[row] = v  // counted after the pass
                        continue
                    }
                    let kind = parser.classify(b, s, e, escaped: f.escaped)
                    stats[j].count(kind, b, f.start, f.end, line: line)
                    if kind == .int { values[j]!.assumingMemoryBound(to: Int64.self)[row] = parser.int(b, s, e) }
                    else { out.setNull(j, row) }  // missing, or a value that retypes the column (parsed again)
                case .double:
                    if !f.escaped, s < e, let r = CSVFieldParser.plainDouble(b, s, e, decimal: decimal) {
                        values[j]!.assumingMemoryBound(to: Double.self)[row] = r.value
                        if countFractions[j] { if r.fraction { stats[j].doubles += 1 } else { stats[j].ints += 1 } }
                        continue
                    }
                    let kind = parser.classify(b, s, e, escaped: f.escaped)
                    stats[j].count(kind, b, f.start, f.end, line: line)
                    if kind == .int || kind == .double { values[j]!.assumingMemoryBound(to: Double.self)[row] = parser.double(b, s, e) }
                    else { out.setNull(j, row) }
                case .bool:
                    if !f.escaped, let v = CSVFieldParser.plainBool(b, s, e) ?? CSVFieldParser.bool(b, s, e) {
                        values[j]!.assumingMemoryBound(to: Bool.self)[row] = v
                        continue
                    }
                    stats[j].count(parser.classify(b, s, e, escaped: f.escaped), b, f.start, f.end, line: line)
                    out.setNull(j, row)
                case .string:
                    if s == e || (e - s <= 4 && CSVFieldParser.isNullWord(b, s, e)) {
                        stats[j].nulls += 1
                        out.setNull(j, row)
                        continue
                    }
                    if classify[j] || CSVFieldParser.mayBeNumber(b[s], decimal: decimal) {
                        stats[j].count(parser.classify(b, f.start, f.end, escaped: f.escaped), b, f.start, f.end, line: line)
                    } else {
                        // an ordinary word: counted after the pass, only the first one's place kept here
                        if stats[j].firstOtherLine < 0 {
                            stats[j].firstOtherLine = line; stats[j].firstOtherStart = f.start; stats[j].firstOtherEnd = f.end
                        }
                    }
                    let code: UInt32
                    if f.escaped {
                        scratch.removeAll(keepingCapacity: true)
                        var i = f.start
                        while i < f.end {
                            scratch.append(b[i])
                            i += b[i] == 0x22 && i + 1 < f.end && b[i + 1] == 0x22 ? 2 : 1
                        }
                        code = scratch.withUnsafeBufferPointer { dicts[j].code($0.baseAddress!, $0.count) }
                    } else {
                        code = dicts[j].code(b + f.start, f.end - f.start)
                    }
                    values[j]!.assumingMemoryBound(to: UInt32.self)[row] = code
                }
            }
            row += 1
            out.rows = row
            if row & 0x3FFF == 0 { try Cancellation.check() }
        }
        out.rows = row
        out.lines = plain ? scan.line : tok.line
        out.sawQuotedOrLoneCR = plain ? false : tok.sawQuotedField || tok.sawLoneCR
        countFastPathFields(out)
    }

    /// `range` cut into slices of about `size` bytes, each ending before a letter's first byte (so each can be
    /// checked for UTF-8 alone, and a stop request is seen between them within milliseconds).
    func utf8Slices(_ range: Range<Int>, size: Int = 1 << 20) -> [Range<Int>] {
        var slices: [Range<Int>] = []
        var at = range.lowerBound
        while at < range.upperBound {
            var end = min(at + size, range.upperBound)
            var back = 0
            while end < range.upperBound && back < 3 && base[end] & 0xC0 == 0x80 { end -= 1; back += 1 }
            slices.append(at..<end)
            at = end
        }
        return slices
    }

    /// The records and lines of `range` when it is plain (no `"` byte at all, every line ended by LF or CRLF
    /// and holding exactly `ncols` fields, no NUL byte): what tokenizing it would count, found by counting
    /// delimiters and line ends eight bytes at a time. Nil as soon as the chunk is not plain (a quote, a lone
    /// CR, a NUL, a line with another field count, a blank line): the tokenizer then reads it, and reports
    /// whatever is wrong with its line.
    /// With `validateUTF8`, each slice of 256 KiB is checked for UTF-8 just before it is counted (while its
    /// bytes are in cache), and the first invalid byte is thrown as the tokenizing read would.
    func countPlainRecords(_ range: Range<Int>, ncols: Int, validateUTF8: Bool) throws -> (rows: Int, lines: Int)? {
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        // exact per byte (no borrow between bytes): the high bit of each byte that is 0, or below 0x0E
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x) & highs }
        @inline(__always) func controlBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ 0x7272_7272_7272_7272) | x) & highs }
        let d = delimiterByte
        let dd = UInt64(d) &* ones, qq = UInt64(0x22) &* ones
        let want = ncols - 1
        let b = base, end = range.upperBound
        var rows = 0, delimiters = 0
        // Delimiters of the words read since the last flush, one count per byte lane (each lane gets at most
        // one a word): flushed before a word with a line end, and every 31 words so no lane's sum reaches 256.
        var lanes: UInt64 = 0, pending = 0
        @inline(__always) func flush() { delimiters += Int(truncatingIfNeeded: (lanes &* ones) >> 56); lanes = 0; pending = 0 }
        // One byte that the word test flagged (or one of the tail): false when the chunk is not plain.
        @inline(__always) func byte(_ q: Int) -> Bool {
            let c = b[q]
            if c == d { delimiters += 1; return true }
            if c == 0x22 { return false }
            if c == 0x0A {
                guard delimiters == want else { return false }
                rows += 1; delimiters = 0
                return true
            }
            if c == 0x0D { return q + 1 < end && b[q + 1] == 0x0A }
            return c != 0
        }
        for slice in utf8Slices(range, size: 1 << 18) {
            if validateUTF8, let bad = CSVEncoding.firstInvalidUTF8(UnsafeBufferPointer(start: b + slice.lowerBound, count: slice.count)) {
                throw CSVInvalidUTF8(offset: slice.lowerBound + bad)
            }
            var p = slice.lowerBound
            #if _endian(little)
            while p &+ 8 <= slice.upperBound {
                let w = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self)
                let md = zeroBytes(w ^ dd)
                if zeroBytes(w ^ qq) != 0 { return nil }
                if controlBytes(w) & ~md == 0 {
                    lanes &+= md >> 7
                    pending += 1
                    if pending == 31 { flush() }
                } else {
                    flush()
                    for q in p..<(p + 8) where !byte(q) { return nil }
                }
                p &+= 8
            }
            #endif
            flush()
            while p < slice.upperBound {
                if !byte(p) { return nil }
                p += 1
            }
            try Cancellation.check()
        }
        // a last record with no line end
        let lines = rows
        if range.lowerBound < end && b[end - 1] != 0x0A {
            guard delimiters == want else { return nil }
            rows += 1
        }
        return (rows, lines)
    }

    /// A record whose field count is not the header's: false for a blank line (skipped), true for a short
    /// record under `ragged=pad` (its missing fields become nulls); any other is an error naming its line.
    private func acceptShort(_ fields: CSVFieldBuffer, line: Int, into out: CSVChunkOutput) throws -> Bool {
        if out.ncols > 1 && fields.isBlank { out.blankLines += 1; return false }
        guard fields.count < out.ncols && options.ragged == .pad else {
            throw raggedError(line: line, found: fields.count, expected: out.ncols)
        }
        if out.paddedRows == 0 { out.firstPaddedLine = line }
        out.paddedRows += 1
        return true
    }

    /// Fields that took a type's fast path were not counted one by one: they are the rows left uncounted.
    private func countFastPathFields(_ out: CSVChunkOutput) {
        let stats = out.stats
        for j in 0..<out.ncols where out.active[j] {
            let implicit = out.rows - stats[j].counted
            switch out.types[j] {
            case .int: stats[j].ints += implicit
            case .double: stats[j].doubles += implicit
            case .bool: stats[j].bools += implicit
            case .string: stats[j].texts += implicit
            }
        }
    }
}
