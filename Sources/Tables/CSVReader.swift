import Dispatch
import Foundation

/// A loaded CSV file: the table, what the reader had to guess or repair (one line each), and the title line
/// found above the header, if any (SSB exports put the table's name there).
public struct CSVLoadResult: Sendable {
    public var table: Table
    public var warnings: [String]
    public var title: String?
    /// Every column of the file in file order (names made unique), also those a `ColumnChooser` left out:
    /// a parsed column has its type over the whole column, one left out the type its sample suggests
    /// (provisional: parsing it may decide otherwise).
    public var fields: [Field]
    /// The records read (the table's rows, also when no column was parsed).
    public var rows: Int
    /// The input was UTF-8 as it is and its body plain: no field in quotes, no line ended by a CR alone, no
    /// blank or padded line, so every record is one line of exactly the header's fields. A later read of the
    /// same bytes may then say `CSVOptions.knownPlain`.
    public var plain = false
    public init(table: Table, warnings: [String], title: String? = nil) {
        self.table = table; self.warnings = warnings; self.title = title
        self.fields = table.schema.fields; self.rows = table.rowCount
    }
}

/// Reads CSV (RFC 4180 and the dialects Norwegian exports use) into a typed `Table`.
///
/// The reader works on bytes: the file is memory-mapped, split into chunks at record boundaries and parsed
/// in parallel in one pass. A sample (the first records of every chunk) promises each column's type; every
/// field that does not fit is classified and counted, so the type is still decided over the whole column,
/// and the rare column the sample got wrong is parsed again alone. Text is dictionary-encoded through a
/// byte-keyed hash, so no `String` is made per field. Long loads stop at `Cancellation.check()` between chunks.
public enum CSVReader {
    /// Picks, from the header's column names (made unique), the columns to parse; nil = every column.
    /// The others are only tokenized (their fields are split, so record boundaries, ragged rows and their
    /// line numbers are found as in a full read) and are left out of the table. Each parsed column's type
    /// is still decided over the whole column, so a parsed column is the same as in a full read.
    public typealias ColumnChooser = ([String]) -> Set<String>?

    /// Reads the file at `path`; `columns` picks the columns to parse (nil: all).
    public static func read(path: String, options: CSVOptions = .init(), columns: ColumnChooser? = nil) throws -> CSVLoadResult {
        // A FIFO with no writer would block the open forever; devices are not files.
        if let problem = FileKind.problem(path) { throw CSVError(file: path, problem: problem) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVError(file: path, problem: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return try read(fileDescriptor: fd, name: path, options: options, columns: columns)
    }

    /// Reads the open file `fd` from its start (the caller keeps and closes it); `name` stands for the file in
    /// messages. The file is mapped for the duration of this call only.
    public static func read(fileDescriptor fd: Int32, name path: String, options: CSVOptions = .init(),
                            columns: ColumnChooser? = nil) throws -> CSVLoadResult {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw CSVError(file: path, problem: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw CSVError(file: path, problem: "is a folder, not a file") }
        let size = Int(st.st_size)
        if size == 0 || (st.st_mode & S_IFMT) != S_IFREG {
            // Empty files and pipes: read what is there.
            let data = (try? FileHandle(fileDescriptor: fd, closeOnDealloc: false).readToEnd()) ?? Data()
            return try read(data: data, name: path, options: options, columns: columns)
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw CSVError(file: path, problem: "cannot map the file: \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        return try read(UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size), name: path, options: options,
                        mapped: true, columns: columns)
    }

    /// Reads CSV held in memory; `name` stands for the file in messages.
    public static func read(data: Data, name: String = "data", options: CSVOptions = .init(),
                            columns: ColumnChooser? = nil) throws -> CSVLoadResult {
        try data.withUnsafeBytes { raw in try read(raw.bindMemory(to: UInt8.self), name: name, options: options, columns: columns) }
    }

    /// Reads CSV held in memory; `name` stands for the file in messages.
    public static func read(bytes: [UInt8], name: String = "data", options: CSVOptions = .init(),
                            columns: ColumnChooser? = nil) throws -> CSVLoadResult {
        try bytes.withUnsafeBufferPointer { try read($0, name: name, options: options, columns: columns) }
    }

    static func read(_ buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, mapped: Bool = false,
                     columns: ColumnChooser? = nil) throws -> CSVLoadResult {
        guard buffer.count > 0, let base = buffer.baseAddress else {
            throw CSVError(file: name, problem: "the file is empty: expected a header line", hint: nil)
        }
        var prepared = try CSVEncoding.prepare(UnsafeBufferPointer(start: base, count: buffer.count), encoding: options.encoding, file: name)
        var result: CSVLoadResult
        func parse(_ p: UnsafePointer<UInt8>, _ n: Int, releasable: Bool, checkUTF8: Bool) throws -> CSVLoadResult {
            guard n > 0 else { throw CSVError(file: name, problem: "the file is empty: expected a header line") }
            var job = CSVParseJob(base: p, count: n, file: name, options: options, releasable: releasable, checkUTF8: checkUTF8)
            job.chooseColumns = columns
            return try job.run()
        }
        func parse(_ bytes: [UInt8]) throws -> CSVLoadResult {
            try bytes.withUnsafeBufferPointer { b in try parse(b.baseAddress ?? base, b.count, releasable: false, checkUTF8: false) }
        }
        switch prepared.prepared {
        case .original(let offset):
            do {
                result = try parse(base + offset, buffer.count - offset, releasable: mapped,
                                   checkUTF8: prepared.checkUTF8 && !options.knownPlain)
            } catch let bad as CSVInvalidUTF8 {
                prepared = try CSVEncoding.invalidUTF8(UnsafeBufferPointer(start: base + offset, count: buffer.count - offset),
                                                       at: bad.offset, encoding: options.encoding, file: name)
                guard case .transcoded(let bytes) = prepared.prepared else { preconditionFailure("Latin-1 fallback transcodes") }
                result = try parse(bytes)
                result.plain = false
            }
        case .transcoded(let bytes):
            result = try parse(bytes)
            result.plain = false
        }
        result.warnings = prepared.warnings + result.warnings
        return result
    }
}

/// One parse of one input: sniff, split, sample the types, parse, assemble the columns.
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
    /// The bytes still have to be checked for valid UTF-8 (done chunk by chunk, in the parallel pass).
    var checkUTF8 = false
    /// Picks the columns to parse from the header's names (nil: all); see `CSVReader.ColumnChooser`.
    var chooseColumns: CSVReader.ColumnChooser? = nil

    init(base: UnsafePointer<UInt8>, count: Int, file: String, options: CSVOptions, releasable: Bool = false, checkUTF8: Bool = false) {
        self.base = base; self.count = count; self.file = file; self.options = options; self.releasable = releasable
        self.checkUTF8 = checkUTF8
    }

    /// Runs `body` for 0..<n, on all cores when `parallel`.
    static func forEach(_ n: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        guard parallel && n > 1 else { for k in 0..<n { body(k) }; return }
        // Worker threads are not tasks: the statement's memory limit is bound on each one explicitly.
        let limit = MemoryBudget.limit
        DispatchQueue.concurrentPerform(iterations: n) { k in MemoryBudget.withLimit(limit) { body(k) } }
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
    var minChunkBytes: Int { options.minChunkBytes ?? CSVParseJob.minChunkBytes }

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

    /// The parse after sniffing: the header, one pass over the body, each chosen column's type over the whole
    /// column, the columns assembled.
    private func parse(_ dialect: CSVDialect) throws -> CSVLoadResult {
        let (tok, names, header) = try self.header(dialect)
        var warnings = header
        let ncols = names.count
        // The columns to parse; the others are only tokenized.
        let chosen = chooseColumns?(names)
        let parsed = names.map { chosen?.contains($0) ?? true }
        let body = try firstPass(dialect, from: tok, ncols: ncols, parsed: parsed)
        let rows = body.outputs.reduce(0) { $0 + $1.rows }
        let types = decideTypes(body, names: names, parsed: parsed, warnings: &warnings)
        let columns = try assembleColumns(body, types: types, names: names, parsed: parsed, rows: rows, warnings: &warnings)
        try Cancellation.check()
        let kept = (0..<ncols).filter { parsed[$0] }
        let table = try Table(schema: Schema(kept.map { Field(name: names[$0], type: types[$0]) }), columns: columns)
        var result = CSVLoadResult(table: table, warnings: warnings, title: dialect.title)
        result.fields = (0..<ncols).map { Field(name: names[$0], type: types[$0]) }
        result.rows = rows
        result.plain = body.outputs.allSatisfy(\.isPlain)
        return result
    }

    /// The first non-blank record: the column names (made unique; `column_N` without a header) and the
    /// tokenizer at the first body record, with the warnings the names call for.
    private func header(_ dialect: CSVDialect) throws -> (tok: CSVTokenizer, names: [String], warnings: [String]) {
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
            // RFC 4180: spaces are part of a field, so a name keeps them (said once, as it needs backticks).
            names = fields.map { CSVSniffer.fieldString(base, $0) }
            let spaced = names.filter { $0.first?.isWhitespace == true || $0.last?.isWhitespace == true }
            if !spaced.isEmpty {
                let shown = spaced.prefix(5).map { "`\($0)`" }.joined(separator: ", ") + (spaced.count > 5 ? ", …" : "")
                warnings.append("column name\(spaced.count == 1 ? "" : "s") with leading or trailing spaces kept as written: \(shown)")
            }
        } else {
            names = (1...ncols).map { "column_\($0)" }
        }
        let (unique, renamed) = CSVParseJob.uniqueNames(names)
        if !renamed.isEmpty { warnings.append("column names made unique: " + renamed.joined(separator: ", ")) }
        names = unique
        return (tok, names, warnings)
    }

    /// What one pass over the body found: its chunks, the sample's promises, each chunk's output and first line.
    struct FirstPass {
        var chunks: [Range<Int>]
        var sample: (types: [DataType], classifyText: [Bool], countFractions: [Bool], rowBytes: Double)
        var outputs: [CSVChunkOutput]
        var lineStarts: [Int]
        var parser: CSVFieldParser
    }

    /// Splits the body into chunks at record boundaries and parses them in one pass as the types a sample
    /// promises (the `parsed` columns; the others are only tokenized), counting what does not fit. Throws the
    /// first malformed record with its line, or invalid UTF-8 (read again as Latin-1 by the caller).
    private func firstPass(_ dialect: CSVDialect, from tok: CSVTokenizer, ncols: Int, parsed: [Bool]) throws -> FirstPass {
        // Split the body into chunks at record boundaries.
        let parallelism = max(1, options.parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        // Several chunks per core for balance, and chunks of at most ~16 MiB even when serial, so that the
        // pages of a parsed chunk can be dropped early.
        let parts = max(parallelism == 1 ? 1 : parallelism * 3, (count - tok.pos) / (16 << 20))
        var chunks = splitChunks(start: tok.pos, end: count, parts: parts)
        let bodyLine = tok.line
        let parser = CSVFieldParser(decimal: dialect.decimal)
        if checkUTF8, let bad = CSVEncoding.firstInvalidUTF8(UnsafeBufferPointer(start: base, count: tok.pos)) {
            throw CSVInvalidUTF8(offset: bad)
        }

        // One pass: every chunk parsed as the types a sample promises, counting what does not fit.
        let sample = sampleTypes(chunks, ncols: ncols, parser: parser)
        func firstPass(_ chunks: [Range<Int>]) -> [CSVChunkOutput] {
            parseChunks(chunks, types: sample.types, active: parsed, parser: parser,
                        classifyText: sample.classifyText, countFractions: sample.countFractions,
                        capacities: chunks.map { Int(Double($0.count) / sample.rowBytes * 1.1) }, validateUTF8: checkUTF8)
        }
        var outputs = firstPass(chunks)
        // Stopping (Ctrl-C, the memory limit) wins over what the data holds; invalid UTF-8 is read again as Latin-1.
        func stopOrReencode() throws {
            if let e = outputs.compactMap(\.error).first(where: { !($0 is CSVTokenError) && !($0 is CSVInvalidUTF8) }) { throw e }
            if let bad = outputs.compactMap({ $0.error as? CSVInvalidUTF8 }).first { throw bad }
        }
        try stopOrReencode()
        if chunks.count > 1, outputs.contains(where: { $0.error is CSVTokenError }) {
            // A stray quote can fool the split; the serial pass is the authority.
            chunks = [chunks.first!.lowerBound..<chunks.last!.upperBound]
            outputs = firstPass(chunks)
            try stopOrReencode()
        }
        var lineStarts: [Int] = []
        var line = bodyLine
        for o in outputs { lineStarts.append(line); line += o.lines }
        for (k, o) in outputs.enumerated() {
            if let e = o.error {
                if let t = e as? CSVTokenError { throw error(t, lineOffset: lineStarts[k]) }
                throw e
            }
        }
        try Cancellation.check()
        return FirstPass(chunks: chunks, sample: sample, outputs: outputs, lineStarts: lineStarts, parser: parser)
    }

    /// Each column's type over the whole column (a column not parsed keeps the sample's), with the warnings
    /// about numbers read as text, `-` read as null, and padded rows.
    private func decideTypes(_ pass: FirstPass, names: [String], parsed: [Bool], warnings: inout [String]) -> [DataType] {
        let (sample, outputs, lineStarts) = (pass.sample, pass.outputs, pass.lineStarts)
        let ncols = names.count
        var types: [DataType] = []
        for j in 0..<ncols {
            guard parsed[j] else { types.append(sample.types[j]); continue }  // not parsed: left out of the table
            var total = CSVColumnStats()
            var firstOther: (line: Int, start: Int, end: Int)? = nil
            var firstBig: (line: Int, start: Int, end: Int)? = nil
            for (k, o) in outputs.enumerated() {
                let st = o.stats[j]
                total.add(st)
                if firstOther == nil, st.firstOtherLine >= 0 {
                    firstOther = (st.firstOtherLine + lineStarts[k] + 1, st.firstOtherStart, st.firstOtherEnd)
                }
                if firstBig == nil, st.firstBigLine >= 0 {
                    firstBig = (st.firstBigLine + lineStarts[k] + 1, st.firstBigStart, st.firstBigEnd)
                }
            }
            let type = total.type(inferring: options.inferTypes)
            let numbers = total.numbers
            if type == .string, options.inferTypes, total.bigInts > 0, let f = firstBig {
                // Integers past Int64 stay exact as text; a decimal would silently merge distinct ids.
                let shown = String(decoding: UnsafeBufferPointer(start: base + f.start, count: f.end - f.start), as: UTF8.self)
                let n = total.bigInts
                warnings.append(n == 1
                    ? "column `\(names[j])`: 1 integer is too large for 64 bits (line \(f.line): `\(shown)`); read as text"
                    : "column `\(names[j])`: \(NumberFormat.grouped(Int64(n))) integers are too large for 64 bits (first at line \(f.line): `\(shown)`); read as text")
            }
            let others = total.texts - total.bigInts + total.bools
            if type == .string, options.inferTypes, others > 0, numbers + total.bigInts > others, let f = firstOther {
                let shown = String(decoding: UnsafeBufferPointer(start: base + f.start, count: f.end - f.start), as: UTF8.self)
                let n = others
                warnings.append(n == 1
                    ? "column `\(names[j])`: 1 value is not a number (line \(f.line): `\(shown)`); read as text"
                    : "column `\(names[j])`: \(NumberFormat.grouped(Int64(n))) values are not numbers (first at line \(f.line): `\(shown)`); read as text")
            }
            if type.isNumeric, total.dashes > 0 {
                warnings.append("column `\(names[j])`: \(total.dashes) value\(total.dashes == 1 ? "" : "s") `-` read as null (in SSB tables `-` means zero)")
            }
            types.append(type)
        }
        let padded = outputs.reduce(0) { $0 + $1.paddedRows }
        if padded > 0, let k = outputs.firstIndex(where: { $0.paddedRows > 0 }) {
            warnings.append("\(NumberFormat.grouped(Int64(padded))) short row\(padded == 1 ? "" : "s") padded with nulls (first at line \(outputs[k].firstPaddedLine + lineStarts[k] + 1))")
        }
        return types
    }

    /// The parsed columns, in file order: those the sample got wrong parsed again as what they are (a second
    /// pass over those only), then each assembled from its chunks, in parallel.
    private func assembleColumns(_ pass: FirstPass, types: [DataType], names: [String], parsed: [Bool], rows: Int,
                                 warnings: inout [String]) throws -> [Column] {
        let (chunks, sample, outputs, parser) = (pass.chunks, pass.sample, pass.outputs, pass.parser)
        let ncols = names.count
        let retyped = (0..<ncols).map { parsed[$0] && types[$0] != sample.types[$0] }
        var repaired: [CSVChunkOutput] = []
        if retyped.contains(true) {
            repaired = parseChunks(chunks, types: types, active: retyped, parser: parser,
                                   classifyText: [Bool](repeating: false, count: ncols),
                                   countFractions: [Bool](repeating: false, count: ncols), capacities: outputs.map(\.rows),
                                   validateUTF8: false)
            if let e = repaired.compactMap(\.error).first { throw e }  // cancelled or out of memory: the first pass read these bytes
        }

        // Assemble each column from its chunks, in parallel.
        var built = [Column?](repeating: nil, count: ncols)
        var decomposed = [Int](repeating: 0, count: ncols)
        var failed = [(any Error)?](repeating: nil, count: ncols)
        let finalTypes = types
        built.withUnsafeMutableBufferPointer { out in
            decomposed.withUnsafeMutableBufferPointer { nfd in
                failed.withUnsafeMutableBufferPointer { errors in
                    let out = CSVUnsafeShared(out), nfd = CSVUnsafeShared(nfd), errors = CSVUnsafeShared(errors)
                    let sources = CSVUnsafeShared((outputs, repaired))
                    CSVParseJob.forEach(ncols, parallel: options.parallelism != 1) { j in
                        guard parsed[j] else { return }
                        let parts = retyped[j] ? sources.value.1 : sources.value.0
                        do {
                            (out.value[j], nfd.value[j]) = try CSVParseJob.assemble(column: j, type: finalTypes[j], parts: parts, rows: rows)
                        } catch {
                            errors.value[j] = error  // Ctrl-C or the memory limit while merging a text column
                        }
                        for p in parts { p.release(j) }
                    }
                }
            }
        }
        if let e = failed.compactMap({ $0 }).first { throw e }
        for j in 0..<ncols where decomposed[j] > 0 {
            warnings.append("column `\(names[j])`: \(NumberFormat.counted(decomposed[j], "distinct value")) in decomposed Unicode (NFD) "
                            + "stored composed (NFC), so `Ås` typed either way is one value")
        }
        return (0..<ncols).filter { parsed[$0] }.map { built[$0]! }
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
        if parts <= 1 || end - start < 2 * minChunkBytes { return [start..<end] }
        let n = min(parts, (end - start) / minChunkBytes)
        // Scanning a mapped file pulls its pages in: drop them behind the scan (8 MiB at a time), so that
        // resident memory stays near the columns parsed, not the file's size.
        let block = 8 << 20
        var hasQuotes = false
        var at = start
        while at < end, !hasQuotes {
            let upto = min(end, at + block)
            hasQuotes = memchr(base + at, 0x22, upto - at) != nil
            release(at..<upto)
            at = upto
        }
        var bounds = [start]
        var p = start
        var inQuote = false
        var released = start
        func find(_ byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let r = memchr(base + from, Int32(byte), to - from) else { return nil }
            let found = UnsafePointer<UInt8>(r.assumingMemoryBound(to: UInt8.self)) - base
            if found - released > block { release(released..<found); released = found }
            return found
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

    func raggedError(line: Int, found: Int, expected: Int) -> CSVTokenError {
        if found > expected {
            return CSVTokenError(line: line, column: expected + 1, problem: "expected \(expected) fields (as in the header), found \(found)",
                                 hint: "a field that holds the delimiter must be quoted")
        }
        return CSVTokenError(line: line, column: found + 1, problem: "expected \(expected) fields (as in the header), found \(found)",
                             hint: "load with ragged=pad to fill short rows with nulls")
    }

    /// The types the first records of every chunk call for (about 20 000 records in all), whether a text
    /// column's sample held no text (so its every field must be classified), whether a decimal column's
    /// sample held no decimal (so integers and decimals must be counted apart), and the mean bytes per record.
    func sampleTypes(_ chunks: [Range<Int>], ncols: Int, parser: CSVFieldParser)
        -> (types: [DataType], classifyText: [Bool], countFractions: [Bool], rowBytes: Double) {
        var stats = [CSVColumnStats](repeating: CSVColumnStats(), count: ncols)
        var fields = CSVFieldBuffer(capacity: ncols + 1)
        defer { fields.deallocate() }
        let perChunk = options.sampleRecordsPerChunk ?? max(64, 20_000 / max(chunks.count, 1))
        var rows = 0, bytes = 0
        for chunk in chunks {
            var tok = CSVTokenizer(base: base, start: chunk.lowerBound, end: chunk.upperBound, delimiter: delimiterByte)
            var n = 0
            // A malformed record ends this chunk's type sample only: the full pass reports it with its line.
            while n < perChunk, let more = try? tok.next(into: &fields), more {
                if fields.count != ncols && ncols > 1 && fields.isBlank { continue }
                if fields.count > ncols { break }
                for j in 0..<fields.count {
                    let f = fields[j]
                    stats[j].count(parser.classify(base, f.start, f.end, escaped: f.escaped), base, f.start, f.end, line: 0)
                }
                n += 1
            }
            rows += n
            bytes += tok.pos - chunk.lowerBound
        }
        let types = stats.map { $0.type(inferring: options.inferTypes) }
        let classifyText = stats.map { options.inferTypes && $0.texts == 0 }
        return (types, classifyText, stats.map { $0.doubles == 0 }, rows > 0 ? max(Double(bytes) / Double(rows), 1) : 64)
    }

    /// One pass over every chunk, in parallel; `capacities[k]` is the rows chunk `k`'s buffers start with.
    /// `validateUTF8`: the chunks' bytes are checked for valid UTF-8 (the first pass, when the input needs it).
    func parseChunks(_ chunks: [Range<Int>], types: [DataType], active: [Bool], parser: CSVFieldParser, classifyText: [Bool],
                     countFractions: [Bool], capacities: [Int], validateUTF8 validate: Bool) -> [CSVChunkOutput] {
        let outputs = capacities.map { CSVChunkOutput(types: types, active: active, capacity: $0 + 16) }
        let shared = CSVUnsafeShared(outputs)
        CSVParseJob.forEach(chunks.count, parallel: options.parallelism != 1) { k in
            parseChunk(chunks[k], into: shared.value[k], parser: parser, classifyText: classifyText, countFractions: countFractions,
                       validateUTF8: validate)
        }
        return outputs
    }

    /// Column `j` of the whole input from its chunks: values copied into one buffer, text codes remapped
    /// into one dictionary, validity bytes packed into a bitmap. Text is normalised to NFC (composed):
    /// `Å` as one code point and as `A` + combining ring are the same value (Swift strings compare them
    /// equal anyway, so the dictionary would merge them and keep whichever came first); the count of
    /// distinct decomposed values comes back for the load's warning.
    static func assemble(column j: Int, type: DataType, parts: [CSVChunkOutput], rows: Int) throws -> (Column, decomposed: Int) {
        var validity: Bitmap? = nil
        if parts.contains(where: { $0.valids[j] != nil }) {
            var words = [UInt64](repeating: 0, count: (rows + 63) >> 6)
            words.withUnsafeMutableBufferPointer { w in
                var at = 0
                for p in parts {
                    if let v = p.valids[j] {
                        for i in 0..<p.rows where v[i] != 0 { w[(at + i) >> 6] |= 1 << UInt64((at + i) & 63) }
                    } else {
                        for i in at..<(at + p.rows) { w[i >> 6] |= 1 << UInt64(i & 63) }
                    }
                    at += p.rows
                }
            }
            validity = Bitmap(words: words, count: rows)
        }
        func copied<T>(_: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: rows) { buf, n in
                var at = 0
                for p in parts where p.rows > 0 {
                    (buf.baseAddress! + at).initialize(from: p.values[j]!.assumingMemoryBound(to: T.self), count: p.rows)
                    at += p.rows
                }
                n = rows
            }
        }
        switch type {
        case .int: return (Column(ints: copied(Int64.self), validity: validity), 0)
        case .double: return (Column(doubles: copied(Double.self), validity: validity), 0)
        case .bool: return (Column(bools: copied(Bool.self), validity: validity), 0)
        case .string:
            // The chunks' byte dictionaries merge on their bytes (no String hashing). When every value is made
            // of code points below U+0300 (bytes below 0xCC: ASCII, æøå, all Latin letters) the values are NFC
            // and no two of them are canonically equivalent, so the merged keys are the column's distinct
            // values as they are: they become its dictionary, whose index is made only if a lookup needs it.
            // Anything else takes the String path below, which normalises and merges equivalent values.
            let (merged, mergedMaps) = try CSVByteDictionary.merge(parts.map { $0.dicts[j] })
            if !merged.hasByte(atLeast: 0xCC) {
                let distinct = try merged.strings()
                return (Column(codes: remap(parts, column: j, rows: rows, maps: mergedMaps), dictionary: StringDictionary(distinct: distinct),
                               validity: validity), 0)
            }
            // The String path, over the merged keys (each made a String once): NFC, then one code per
            // canonically equivalent value (Swift strings compare them equal).
            let dictionary = StringDictionary()
            var decomposed = Set<String>()
            let toDictionary = try Cancellation.map(merged.count) { k -> UInt32 in
                let s = merged.string(at: k)
                // only a combining mark can make a string not NFC: ASCII and most text skip Foundation
                guard s.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.properties.canonicalCombiningClass.rawValue != 0 }) else {
                    return dictionary.code(for: s)
                }
                let nfc = s.precomposedStringWithCanonicalMapping
                if !nfc.unicodeScalars.elementsEqual(s.unicodeScalars) { decomposed.insert(nfc) }
                return dictionary.code(for: nfc)
            }
            let maps = mergedMaps.map { $0.map { toDictionary[Int($0)] } }
            return (Column(codes: remap(parts, column: j, rows: rows, maps: maps), dictionary: dictionary, validity: validity),
                    decomposed.count)
        }
    }

    /// Column `j`'s text codes of every chunk in one buffer, each chunk's codes through its map.
    static func remap(_ parts: [CSVChunkOutput], column j: Int, rows: Int, maps: [[UInt32]]) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: rows) { buf, n in
            var at = 0
            for (k, p) in parts.enumerated() where p.rows > 0 {
                let src = p.values[j]!.assumingMemoryBound(to: UInt32.self)
                let dst = buf.baseAddress! + at
                let map = maps[k]
                if map.isEmpty {
                    dst.initialize(repeating: 0, count: p.rows)  // every value of the chunk is null
                } else if map.enumerated().allSatisfy({ $0.offset == Int($0.element) }) {
                    dst.initialize(from: src, count: p.rows)
                } else {
                    map.withUnsafeBufferPointer { m in
                        for i in 0..<p.rows { dst[i] = m[Int(src[i])] }
                    }
                }
                at += p.rows
            }
            n = rows
        }
    }
}

/// A buffer shared by the worker threads of one parse, each writing only its own elements.
struct CSVUnsafeShared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
