import Dispatch
import Foundation

/// A loaded CSV file: the table, what the reader had to guess or repair (one line each), and the title line
/// found above the header, if any (SSB exports put the table's name there).
public struct CSVLoadResult: Sendable {
    public var table: Table
    public var warnings: [String]
    public var title: String?
    public init(table: Table, warnings: [String], title: String? = nil) {
        self.table = table; self.warnings = warnings; self.title = title
    }
}

/// Reads CSV (RFC 4180 and the dialects Norwegian exports use) into a typed `Table`.
///
/// The reader works on bytes: the file is memory-mapped, split into chunks at record boundaries and parsed
/// in parallel, twice: a first pass infers each column's type over the whole column, a second writes the
/// values straight into the final typed buffers. Text is dictionary-encoded through a byte-keyed hash, so
/// no `String` is made per field. Long loads stop at `Cancellation.check()` between chunks.
public enum CSVReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: CSVOptions = .init()) throws -> CSVLoadResult {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVError(file: path, problem: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw CSVError(file: path, problem: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw CSVError(file: path, problem: "is a folder, not a file") }
        let size = Int(st.st_size)
        if size == 0 || (st.st_mode & S_IFMT) != S_IFREG {
            // Empty files and pipes: read what is there.
            let data = FileManager.default.contents(atPath: path) ?? Data()
            return try read(data: data, name: path, options: options)
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw CSVError(file: path, problem: "cannot map the file: \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        return try read(UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size), name: path, options: options,
                        mapped: true)
    }

    /// Reads CSV held in memory; `name` stands for the file in messages.
    public static func read(data: Data, name: String = "data", options: CSVOptions = .init()) throws -> CSVLoadResult {
        try data.withUnsafeBytes { raw in try read(raw.bindMemory(to: UInt8.self), name: name, options: options) }
    }

    /// Reads CSV held in memory; `name` stands for the file in messages.
    public static func read(bytes: [UInt8], name: String = "data", options: CSVOptions = .init()) throws -> CSVLoadResult {
        try bytes.withUnsafeBufferPointer { try read($0, name: name, options: options) }
    }

    static func read(_ buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, mapped: Bool = false) throws -> CSVLoadResult {
        guard buffer.count > 0, let base = buffer.baseAddress else {
            throw CSVError(file: name, problem: "the file is empty: expected a header line", hint: nil)
        }
        let prepared = try CSVEncoding.prepare(UnsafeBufferPointer(start: base, count: buffer.count), encoding: options.encoding, file: name)
        var result: CSVLoadResult
        switch prepared.prepared {
        case .original(let offset):
            result = try CSVParseJob(base: base + offset, count: buffer.count - offset, file: name, options: options,
                                     releasable: mapped).run()
        case .transcoded(let bytes):
            result = try bytes.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress, b.count > 0 else {
                    throw CSVError(file: name, problem: "the file is empty: expected a header line")
                }
                return try CSVParseJob(base: p, count: b.count, file: name, options: options).run()
            }
        }
        result.warnings = prepared.warnings + result.warnings
        return result
    }
}

/// Statistics of one column in one chunk, from the first pass.
struct CSVColumnStats {
    var nulls = 0, markers = 0, dashes = 0, bools = 0, ints = 0, padded = 0, doubles = 0, texts = 0
    /// First value that is neither a number nor missing: chunk-local line and byte range.
    var firstOtherLine = -1
    var firstOtherStart = 0, firstOtherEnd = 0

    mutating func add(_ o: CSVColumnStats) {
        nulls += o.nulls; markers += o.markers; dashes += o.dashes; bools += o.bools; ints += o.ints
        padded += o.padded; doubles += o.doubles; texts += o.texts
    }
}

/// One parse of one input: sniff, split, infer, fill.
struct CSVParseJob: @unchecked Sendable {  // read-only pointer into the input, shared by the worker threads
    let base: UnsafePointer<UInt8>
    let count: Int
    let file: String
    let options: CSVOptions
    /// The field separator, once sniffed.
    var delimiterByte: UInt8 = 0x2C
    /// The input is a read-only file mapping: pages of a chunk already parsed may be dropped (they are
    /// read back from the page cache if touched again), so resident memory stays near the typed columns.
    var releasable = false

    init(base: UnsafePointer<UInt8>, count: Int, file: String, options: CSVOptions, releasable: Bool = false) {
        self.base = base; self.count = count; self.file = file; self.options = options; self.releasable = releasable
    }

    /// Runs `body` for 0..<n, on all cores when `parallel`.
    static func forEach(_ n: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel && n > 1 { DispatchQueue.concurrentPerform(iterations: n, execute: body) } else { for k in 0..<n { body(k) } }
    }

    /// Drops the whole pages of `range` from memory (file mappings only).
    func release(_ range: Range<Int>) {
        guard releasable else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = UInt(bitPattern: base + range.lowerBound), end = UInt(bitPattern: base + range.upperBound)
        let lo = (start + UInt(page) - 1) & ~UInt(page - 1), hi = end & ~UInt(page - 1)
        if hi > lo { madvise(UnsafeMutableRawPointer(bitPattern: lo), Int(hi - lo), MADV_DONTNEED) }
    }

    /// Chunks smaller than this are not worth a thread.
    static let minChunkBytes = 1 << 20

    func error(_ e: CSVTokenError, lineOffset: Int) -> CSVError {
        CSVError(file: file, line: e.line + lineOffset + 1, column: e.column, problem: e.problem, hint: e.hint)
    }

    func run() throws -> CSVLoadResult {
        var onlySpace = true
        for i in 0..<count where !(base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09) { onlySpace = false; break }
        if onlySpace { throw CSVError(file: file, problem: "the file is empty: expected a header line") }

        let dialect = CSVSniffer.sniff(base, count: count, options: options)
        var job = self
        job.delimiterByte = dialect.delimiter
        return try job.parse(dialect)
    }

    private func parse(_ dialect: CSVDialect) throws -> CSVLoadResult {
        var warnings: [String] = []
        var tok = CSVTokenizer(base: base, start: dialect.start, end: count, delimiter: dialect.delimiter)
        tok.line = dialect.startLine
        var fieldBuffer = CSVFieldBuffer(capacity: 64)
        defer { fieldBuffer.deallocate() }
        var names: [String]
        do {
            // The first non-blank record gives the width (and the names, if it is a header).
            var first = tok
            repeat {
                tok = first
                guard try first.next(into: &fieldBuffer) else { throw CSVError(file: file, problem: "the file is empty: expected a header line") }
            } while fieldBuffer.isBlank && first.pos < count
            if dialect.header { tok = first }
        } catch let e as CSVTokenError {
            throw error(e, lineOffset: 0)
        }
        let fields = fieldBuffer.array
        let ncols = fields.count
        if dialect.header {
            names = fields.map { CSVSniffer.fieldString(base, $0).trimmingCharacters(in: .whitespaces) }
        } else {
            names = (1...ncols).map { "column_\($0)" }
        }
        let (unique, renamed) = CSVParseJob.uniqueNames(names)
        if !renamed.isEmpty { warnings.append("column names made unique: " + renamed.joined(separator: ", ")) }
        names = unique

        // Split the body into chunks at record boundaries.
        let parallelism = max(1, options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        // Several chunks per core for balance, and chunks of at most ~16 MiB even when serial, so that the
        // pages of a parsed chunk can be dropped early.
        let parts = max(parallelism == 1 ? 1 : parallelism * 3, (count - tok.pos) / (16 << 20))
        var chunks = splitChunks(start: tok.pos, end: count, parts: parts)
        let bodyLine = tok.line
        let decimal = dialect.decimal
        let parser = CSVFieldParser(decimal: decimal)

        // Pass 1: field kinds per column and chunk.
        var scans = scanChunks(chunks, ncols: ncols, parser: parser)
        if chunks.count > 1, scans.contains(where: { $0.error != nil }) {
            // A stray quote can fool the split; the serial pass is the authority.
            chunks = [chunks.first!.lowerBound..<chunks.last!.upperBound]
            scans = scanChunks(chunks, ncols: ncols, parser: parser)
        }
        var lineStarts: [Int] = []
        var rowStarts: [Int] = []
        var line = bodyLine, rows = 0
        for s in scans {
            lineStarts.append(line); rowStarts.append(rows)
            line += s.lines; rows += s.rows
        }
        for (k, s) in scans.enumerated() {
            if let e = s.error {
                if e is CancelledError { throw e }
                if let t = e as? CSVTokenError { throw error(t, lineOffset: lineStarts[k]) }
                throw e
            }
        }
        try Cancellation.check()

        // Column types over the whole column.
        var types: [DataType] = []
        var nullable: [Bool] = []
        for j in 0..<ncols {
            var total = CSVColumnStats()
            var firstOther: (line: Int, start: Int, end: Int)? = nil
            for (k, s) in scans.enumerated() {
                total.add(s.stats[j])
                if firstOther == nil, s.stats[j].firstOtherLine >= 0 {
                    firstOther = (s.stats[j].firstOtherLine + lineStarts[k] + 1, s.stats[j].firstOtherStart, s.stats[j].firstOtherEnd)
                }
            }
            let numbers = total.ints + total.doubles + total.padded
            let values = numbers + total.bools + total.texts
            var type: DataType
            if !options.inferTypes { type = .string }
            else if values == 0 { type = total.markers > 0 ? .double : .string }
            else if total.texts == 0 && total.bools == 0 && total.padded == 0 { type = total.doubles > 0 ? .double : .int }
            else if total.bools == values { type = .bool }
            else { type = .string }
            if type == .string, options.inferTypes, total.texts + total.bools > 0, numbers > total.texts + total.bools, let f = firstOther {
                let shown = String(decoding: UnsafeBufferPointer(start: base + f.start, count: f.end - f.start), as: UTF8.self)
                let n = total.texts + total.bools
                warnings.append(n == 1
                    ? "column `\(names[j])`: 1 value is not a number (line \(f.line): `\(shown)`); read as text"
                    : "column `\(names[j])`: \(NumberFormat.grouped(Int64(n))) values are not numbers (first at line \(f.line): `\(shown)`); read as text")
            }
            if type.isNumeric, total.dashes > 0 {
                warnings.append("column `\(names[j])`: \(total.dashes) value\(total.dashes == 1 ? "" : "s") `-` read as null (in SSB tables `-` means zero)")
            }
            types.append(type)
            nullable.append(type == .string ? total.nulls > 0 : total.nulls + total.markers > 0)
        }
        let padded = scans.reduce(0) { $0 + $1.paddedRows }
        if padded > 0, let k = scans.firstIndex(where: { $0.paddedRows > 0 }) {
            warnings.append("\(NumberFormat.grouped(Int64(padded))) short row\(padded == 1 ? "" : "s") padded with nulls (first at line \(scans[k].firstPaddedLine + lineStarts[k] + 1))")
        }

        // Pass 2: values into typed buffers.
        let sinks = (0..<ncols).map { CSVColumnSink(type: types[$0], rows: rows, nullable: nullable[$0]) }
        defer { sinks.forEach { $0.deallocate() } }
        let dicts = try fillChunks(chunks, rowStarts: rowStarts, ncols: ncols, parser: parser, sinks: sinks)

        // Merge each text column's chunk dictionaries and build the columns.
        var columns: [Column] = []
        columns.reserveCapacity(ncols)
        var textOrdinal = 0
        for j in 0..<ncols {
            let sink = sinks[j]
            if sink.type == .string {
                let dictionary = StringDictionary()
                for k in chunks.indices {
                    let map = dicts[k][textOrdinal].strings().map { dictionary.code(for: $0) }
                    if map.enumerated().allSatisfy({ $0.offset == Int($0.element) }) { continue }
                    let lo = rowStarts[k], hi = k + 1 < rowStarts.count ? rowStarts[k + 1] : rows
                    map.withUnsafeBufferPointer { m in
                        for i in lo..<hi where sink.isPresent(i) { sink.codes![i] = m[Int(sink.codes![i])] }
                    }
                }
                textOrdinal += 1
                columns.append(sink.column(dictionary: dictionary))
            } else {
                columns.append(sink.column(dictionary: nil))
            }
            sink.deallocate()
            try Cancellation.check()
        }
        let table = try Table(schema: Schema(zip(names, types).map { Field(name: $0.0, type: $0.1) }), columns: columns)
        return CSVLoadResult(table: table, warnings: warnings, title: dialect.title)
    }

    /// `x`, `x` → `x`, `x_2`; empty → `column_N`. Returns the names and a description of each change.
    static func uniqueNames(_ names: [String]) -> ([String], [String]) {
        var seen = Set<String>()
        var out: [String] = []
        var renamed: [String] = []
        for (i, n) in names.enumerated() {
            var name = n.isEmpty ? "column_\(i + 1)" : n
            if seen.contains(name) {
                var k = 2
                while seen.contains("\(name)_\(k)") { k += 1 }
                name = "\(name)_\(k)"
            }
            if name != n { renamed.append(n.isEmpty ? "(empty) → `\(name)`" : "`\(n)` → `\(name)`") }
            seen.insert(name)
            out.append(name)
        }
        return (out, renamed)
    }

    /// Byte ranges of about `parts` equal chunks, each starting at a record boundary (quotes respected).
    func splitChunks(start: Int, end: Int, parts: Int) -> [Range<Int>] {
        if parts <= 1 || end - start < 2 * CSVParseJob.minChunkBytes { return [start..<end] }
        let n = min(parts, (end - start) / CSVParseJob.minChunkBytes)
        let hasQuotes = memchr(base + start, 0x22, end - start) != nil
        var bounds = [start]
        var p = start
        var inQuote = false
        func find(_ byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let r = memchr(base + from, Int32(byte), to - from) else { return nil }
            return UnsafePointer<UInt8>(r.assumingMemoryBound(to: UInt8.self)) - base
        }
        for k in 1..<n {
            let target = start + (end - start) / n * k
            if target <= bounds.last! { continue }
            if hasQuotes {
                while let q = find(0x22, from: p, to: target) { inQuote.toggle(); p = q + 1 }
            }
            p = max(p, target)
            var boundary: Int? = nil
            while boundary == nil {
                if inQuote {
                    guard let q = find(0x22, from: p, to: end) else { break }
                    inQuote = false; p = q + 1
                } else {
                    guard let nl = find(0x0A, from: p, to: end) else { break }
                    if hasQuotes, let q = find(0x22, from: p, to: nl) { inQuote = true; p = q + 1; continue }
                    boundary = nl + 1
                }
            }
            guard let b = boundary, b < end else { break }
            bounds.append(b)
            p = b
        }
        bounds.append(end)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    struct ChunkScan {
        var rows = 0
        var lines = 0
        var stats: [CSVColumnStats] = []
        var paddedRows = 0
        var firstPaddedLine = 0
        var error: Error? = nil
    }

    /// Pass 1 over every chunk, in parallel.
    func scanChunks(_ chunks: [Range<Int>], ncols: Int, parser: CSVFieldParser) -> [ChunkScan] {
        var results = [ChunkScan](repeating: ChunkScan(), count: chunks.count)
        results.withUnsafeMutableBufferPointer { out in
            let out = CSVUnsafeShared(out)
            CSVParseJob.forEach(chunks.count, parallel: options.parallelism != 1) { k in
                out.value[k] = scan(chunks[k], ncols: ncols, parser: parser)
            }
        }
        return results
    }

    func raggedError(line: Int, found: Int, expected: Int) -> CSVTokenError {
        if found > expected {
            return CSVTokenError(line: line, column: expected + 1, problem: "expected \(expected) fields (as in the header), found \(found)",
                                 hint: "a field that holds the delimiter must be quoted")
        }
        return CSVTokenError(line: line, column: found + 1, problem: "expected \(expected) fields (as in the header), found \(found)",
                             hint: "load with ragged=pad to fill short rows with nulls")
    }

    func scan(_ range: Range<Int>, ncols: Int, parser: CSVFieldParser) -> ChunkScan {
        var result = ChunkScan()
        let st = UnsafeMutablePointer<CSVColumnStats>.allocate(capacity: ncols)
        st.initialize(repeating: CSVColumnStats(), count: ncols)
        defer { st.deallocate() }
        var tok = CSVTokenizer(base: base, start: range.lowerBound, end: range.upperBound, delimiter: delimiterByte)
        var fields = CSVFieldBuffer(capacity: ncols + 1)
        defer { fields.deallocate() }
        var rows = 0
        do {
            while try tok.next(into: &fields) {
                if fields.count != ncols {
                    if ncols > 1 && fields.isBlank { continue }
                    if fields.count < ncols && options.ragged == .pad {
                        if result.paddedRows == 0 { result.firstPaddedLine = tok.recordLine }
                        result.paddedRows += 1
                        for j in fields.count..<ncols { st[j].nulls += 1 }
                    } else {
                        throw raggedError(line: tok.recordLine, found: fields.count, expected: ncols)
                    }
                }
                do {
                    for j in 0..<min(ncols, fields.count) {
                        let f = fields[j]
                        switch parser.classify(base, f.start, f.end, escaped: f.escaped) {
                        case .null: st[j].nulls += 1
                        case .marker:
                            st[j].markers += 1
                            if f.end - f.start >= 1 && base[f.start] == 0x2D { st[j].dashes += 1 }
                        case .int: st[j].ints += 1
                        case .double: st[j].doubles += 1
                        case .paddedInt: st[j].padded += 1
                        case .bool:
                            st[j].bools += 1
                            if st[j].firstOtherLine < 0 { st[j].firstOtherLine = tok.recordLine; st[j].firstOtherStart = f.start; st[j].firstOtherEnd = f.end }
                        case .text:
                            st[j].texts += 1
                            if st[j].firstOtherLine < 0 { st[j].firstOtherLine = tok.recordLine; st[j].firstOtherStart = f.start; st[j].firstOtherEnd = f.end }
                        }
                    }
                }
                rows += 1
                if rows & 0x3FFF == 0 { try Cancellation.check() }
            }
        } catch {
            result.error = error
        }
        release(range)
        result.rows = rows
        result.lines = tok.line
        result.stats = Array(UnsafeBufferPointer(start: st, count: ncols))
        return result
    }

    /// Pass 2 over every chunk, in parallel: values into the sinks; returns each chunk's text dictionaries.
    func fillChunks(_ chunks: [Range<Int>], rowStarts: [Int], ncols: Int, parser: CSVFieldParser,
                    sinks: [CSVColumnSink]) throws -> [[CSVByteDictionary]] {
        let textColumns = sinks.enumerated().filter { $0.element.type == .string }.map(\.offset)
        var results = [[CSVByteDictionary]](repeating: [], count: chunks.count)
        var errors = [Error?](repeating: nil, count: chunks.count)
        results.withUnsafeMutableBufferPointer { out in
            errors.withUnsafeMutableBufferPointer { errs in
                let out = CSVUnsafeShared(out), errs = CSVUnsafeShared(errs)
                CSVParseJob.forEach(chunks.count, parallel: options.parallelism != 1) { k in
                    do {
                        out.value[k] = try fill(chunks[k], firstRow: rowStarts[k], ncols: ncols, parser: parser, sinks: sinks, textColumns: textColumns)
                    } catch { errs.value[k] = error }
                }
            }
        }
        if let e = errors.compactMap({ $0 }).first { throw e }
        return results
    }

    func fill(_ range: Range<Int>, firstRow: Int, ncols: Int, parser: CSVFieldParser, sinks: [CSVColumnSink],
              textColumns: [Int]) throws -> [CSVByteDictionary] {
        try Cancellation.check()
        // Plain pointers per column, so the hot loop touches no class references or array headers.
        let kinds = UnsafeMutablePointer<DataType>.allocate(capacity: max(ncols, 1))
        let outs = UnsafeMutablePointer<UnsafeMutableRawPointer>.allocate(capacity: max(ncols, 1))
        let valids = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: max(ncols, 1))
        let textIndex = UnsafeMutablePointer<Int>.allocate(capacity: max(ncols, 1))
        let dicts = UnsafeMutablePointer<CSVByteDictionary>.allocate(capacity: max(textColumns.count, 1))
        dicts.initialize(repeating: CSVByteDictionary(), count: textColumns.count)
        defer {
            kinds.deallocate(); outs.deallocate(); valids.deallocate(); textIndex.deallocate()
            dicts.deinitialize(count: textColumns.count); dicts.deallocate()
        }
        for (j, sink) in sinks.enumerated() {
            kinds[j] = sink.type
            outs[j] = sink.buffer
            valids[j] = sink.valid
            textIndex[j] = -1
        }
        for (o, j) in textColumns.enumerated() { textIndex[j] = o }
        var tok = CSVTokenizer(base: base, start: range.lowerBound, end: range.upperBound, delimiter: delimiterByte)
        var fields = CSVFieldBuffer(capacity: ncols + 1)
        defer { fields.deallocate() }
        var scratch: [UInt8] = []
        var row = firstRow
        let b = base
        /// A null: validity cleared and the slot zeroed (code 0, 0, 0.0, false), as `Column` promises.
        @inline(__always) func setNull(_ j: Int, _ row: Int) {
            valids[j]?[row] = 0
            switch kinds[j] {
            case .int: outs[j].assumingMemoryBound(to: Int64.self)[row] = 0
            case .double: outs[j].assumingMemoryBound(to: Double.self)[row] = 0
            case .bool: outs[j].assumingMemoryBound(to: Bool.self)[row] = false
            case .string: outs[j].assumingMemoryBound(to: UInt32.self)[row] = 0
            }
        }
        while try tok.next(into: &fields) {
            if fields.count != ncols {
                if ncols > 1 && fields.isBlank { continue }
                for j in fields.count..<ncols { setNull(j, row) }
            }
            for j in 0..<min(ncols, fields.count) {
                let f = fields[j]
                var s = f.start, e = f.end
                CSVFieldParser.trim(b, &s, &e)
                switch kinds[j] {
                case .string:
                    if s == e || (e - s <= 4 && CSVFieldParser.isNullWord(b, s, e)) { setNull(j, row); continue }
                    let code: UInt32
                    if f.escaped {
                        scratch.removeAll(keepingCapacity: true)
                        var i = f.start
                        while i < f.end {
                            scratch.append(b[i])
                            i += b[i] == 0x22 && i + 1 < f.end && b[i + 1] == 0x22 ? 2 : 1
                        }
                        code = scratch.withUnsafeBufferPointer { dicts[textIndex[j]].code($0.baseAddress!, $0.count) }
                    } else {
                        code = dicts[textIndex[j]].code(b + f.start, f.end - f.start)
                    }
                    outs[j].assumingMemoryBound(to: UInt32.self)[row] = code
                case .int:
                    let out = outs[j].assumingMemoryBound(to: Int64.self)
                    if s < e && CSVFieldParser.isDigit(b[s]) { out[row] = parser.int(b, s, e); continue }
                    switch parser.classify(b, s, e, escaped: false) {
                    case .int, .paddedInt: out[row] = parser.int(b, s, e)
                    default: setNull(j, row)
                    }
                case .double:
                    let out = outs[j].assumingMemoryBound(to: Double.self)
                    if s < e && CSVFieldParser.isDigit(b[s]) { out[row] = parser.double(b, s, e); continue }
                    switch parser.classify(b, s, e, escaped: false) {
                    case .int, .double, .paddedInt: out[row] = parser.double(b, s, e)
                    default: setNull(j, row)
                    }
                case .bool:
                    if let v = CSVFieldParser.bool(b, s, e) { outs[j].assumingMemoryBound(to: Bool.self)[row] = v }
                    else { setNull(j, row) }
                }
            }
            row += 1
            if row & 0x3FFF == 0 { try Cancellation.check() }
        }
        release(range)
        return Array(UnsafeBufferPointer(start: dicts, count: textColumns.count))
    }
}

/// The output buffers of one column while pass 2 fills them from several threads (disjoint rows).
final class CSVColumnSink: @unchecked Sendable {
    let type: DataType
    let rows: Int
    var ints: UnsafeMutablePointer<Int64>?
    var doubles: UnsafeMutablePointer<Double>?
    var bools: UnsafeMutablePointer<Bool>?
    var codes: UnsafeMutablePointer<UInt32>?
    /// 1 = present; nil when the column has no nulls.
    var valid: UnsafeMutablePointer<UInt8>?

    init(type: DataType, rows: Int, nullable: Bool) {
        self.type = type
        self.rows = rows
        let n = max(rows, 1)
        switch type {
        // Pass 2 writes every slot (nulls as zero), so the buffers are left uninitialised here.
        case .int: ints = .allocate(capacity: n)
        case .double: doubles = .allocate(capacity: n)
        case .bool: bools = .allocate(capacity: n)
        case .string: codes = .allocate(capacity: n)
        }
        if nullable { valid = .allocate(capacity: n); valid!.initialize(repeating: 1, count: n) }
    }

    /// The value buffer, untyped.
    var buffer: UnsafeMutableRawPointer {
        switch type {
        case .int: return UnsafeMutableRawPointer(ints!)
        case .double: return UnsafeMutableRawPointer(doubles!)
        case .bool: return UnsafeMutableRawPointer(bools!)
        case .string: return UnsafeMutableRawPointer(codes!)
        }
    }

    @inline(__always) func setNull(_ i: Int) { valid?[i] = 0 }
    @inline(__always) func isPresent(_ i: Int) -> Bool { valid.map { $0[i] != 0 } ?? true }

    func column(dictionary: StringDictionary?) -> Column {
        var bitmap: Bitmap? = nil
        if let valid {
            var b = Bitmap(count: rows, value: true)
            for i in 0..<rows where valid[i] == 0 { b[i] = false }
            bitmap = b
        }
        switch type {
        case .int: return Column(ints: Array(UnsafeBufferPointer(start: ints, count: rows)), validity: bitmap)
        case .double: return Column(doubles: Array(UnsafeBufferPointer(start: doubles, count: rows)), validity: bitmap)
        case .bool: return Column(bools: Array(UnsafeBufferPointer(start: bools, count: rows)), validity: bitmap)
        case .string: return Column(codes: Array(UnsafeBufferPointer(start: codes, count: rows)), dictionary: dictionary!, validity: bitmap)
        }
    }

    func deallocate() {
        ints?.deallocate(); doubles?.deallocate(); bools?.deallocate(); codes?.deallocate(); valid?.deallocate()
        ints = nil; doubles = nil; bools = nil; codes = nil; valid = nil
    }
}

/// A buffer shared by the worker threads of one parse, each writing only its own elements.
struct CSVUnsafeShared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
