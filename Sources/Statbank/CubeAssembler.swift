import Foundation
import Tables

/// Places the cells of one or more JSON-stat 2.0 data replies into the cube of the whole selection, checks that
/// every cell arrived exactly once, and builds the long table: per dimension a code column named after it and a
/// `<dim>_label` column, then `value` (null where the cell has a status symbol) and `status`.
struct CubeAssembler {
    let metadata: StatbankMetadata
    let dims: [StatbankMetadata.Dimension]
    let codes: [[String]]
    let positions: [[String: Int]]
    let strides: [Int]
    let cells: Int
    var values: [Double]
    var valid: Bitmap
    var status: [String?]
    var filled: Bitmap
    var filledCount = 0

    /// What one cell of the selection costs while it is fetched and assembled: its value, status and
    /// bits here, a code and a label column per dimension in the table, and the parsed reply it came in.
    static func bytesPerCell(dimensions: Int) -> Int { 8 + 16 + 1 + dimensions * 8 + 4 + 64 }

    /// Checks the memory budget for the whole selection before anything is allocated or requested
    /// (`MemoryLimitError` naming the table and its cells).
    init(metadata: StatbankMetadata, resolved: [(dimension: String, codes: [String])]) throws {
        var cellCount = 1
        var overflow = false
        for r in resolved {
            let (p, o) = cellCount.multipliedReportingOverflow(by: r.codes.count)
            cellCount = p; overflow = overflow || o
        }
        let (bytes, o2) = cellCount.multipliedReportingOverflow(by: Self.bytesPerCell(dimensions: resolved.count))
        try MemoryBudget.reserve(overflow || o2 ? .max : bytes,
                                 for: "fetching table \(metadata.id) (\(NumberFormat.grouped(Int64(cellCount))) cells)")
        self.metadata = metadata
        dims = resolved.map { r in metadata.dimension(r.dimension)! }
        codes = resolved.map(\.codes)
        positions = codes.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
        var s = [Int](repeating: 1, count: codes.count)
        var c = 1
        for k in codes.indices.reversed() { s[k] = c; c *= codes[k].count }
        strides = s
        cells = c
        values = try Cancellation.array(repeating: 0, count: c)
        valid = Bitmap(count: c, value: false)
        status = try Cancellation.array(repeating: nil, count: c)
        filled = Bitmap(count: c, value: false)
    }

    /// Adds one reply. Errors (not JSON-stat, cut off, cells outside the selection) are `StatbankError`s without a status.
    mutating func add(_ body: Data, what: String) throws {
        let root: JSONStatValue
        do { root = try JSONStatParser.parse(body) } catch let e as JSONStatError {
            throw StatbankError("\(what): the reply is \(e.message)")
        }
        guard let ids = root["id"]?.arrayElements?.compactMap(\.stringValue),
              let sizes = root["size"]?.arrayElements?.compactMap({ wholeNumber($0) }),
              ids.count == sizes.count, let dimObject = root["dimension"] else {
            throw StatbankError("\(what): the reply is not a JSON-stat 2.0 dataset (no `id`, `size` and `dimension`)")
        }
        // For each reply dimension: which of ours, and each of its categories' position in our code list.
        var map: [(ours: Int?, pos: [Int])] = []
        for (k, id) in ids.enumerated() {
            let category = dimObject[id]?["category"]
            var cats: [String]
            switch category?["index"] {
            case .array(let a)?: cats = a.compactMap(\.stringValue)
            case .object(let m)?:
                cats = [String](repeating: "", count: m.count)
                for (c, p) in m { if let i = wholeNumber(p), i >= 0, i < m.count { cats[i] = c } }
            default: cats = (category?["label"]?.objectMembers ?? []).map(\.key)
            }
            guard cats.count == sizes[k] else {
                throw StatbankError("\(what): dimension `\(id)` lists \(cats.count) categories but `size` says \(sizes[k])")
            }
            guard let ours = dims.firstIndex(where: { $0.code == id }) else {
                guard sizes[k] == 1 else { throw StatbankError("\(what): the reply has dimension `\(id)`, which was not selected") }
                map.append((nil, [0]))
                continue
            }
            map.append((ours, try cats.map { c in
                guard let p = positions[ours][c] else {
                    throw StatbankError("\(what): the reply has `\(id)`=`\(c)`, which was not selected")
                }
                return p
            }))
        }
        for (k, d) in dims.enumerated() where !map.contains(where: { $0.ours == k }) {
            throw StatbankError("\(what): the reply has no dimension `\(d.code)`")
        }
        // Each size equals a category list's length (checked above); their product must also fit.
        var n = 1
        for s in sizes {
            let (p, overflow) = n.multipliedReportingOverflow(by: s)
            guard !overflow, p <= cells else { throw StatbankError("\(what): the reply has more cells than were selected") }
            n = p
        }
        var rawValues: [JSONStatValue] = []
        var sparse: [(key: String, value: JSONStatValue)]? = nil
        switch root["value"] {
        case .array(let a)?:
            guard a.count == n else { throw StatbankError("\(what): `value` has \(a.count) entries for \(n) cells") }
            rawValues = a
        case .object(let m)?: sparse = m
        default: throw StatbankError("\(what): the reply has no `value`")
        }
        var statusOf: [Int: String] = [:]
        var statusArray: [JSONStatValue]? = nil
        switch root["status"] {
        case .object(let m)?: for (key, v) in m { if let i = Int(key), let s = v.stringValue { statusOf[i] = s } }
        case .array(let a)?: statusArray = a.count == n ? a : nil
            if a.count == 1, let s = a[0].stringValue { for i in 0..<n { statusOf[i] = s } }
        case .string(let s)?: for i in 0..<n { statusOf[i] = s }
        default: break
        }
        // Walk the reply's cells in row-major order with an odometer over its dimensions.
        var counter = [Int](repeating: 0, count: ids.count)
        let ourStride = map.map { $0.ours.map { strides[$0] } ?? 0 }
        var sparseValues: [Int: JSONStatValue] = [:]
        if let sparse { for (key, v) in sparse { if let i = Int(key) { sparseValues[i] = v } } }
        try Cancellation.inBlocks(of: n) { block in
            for r in block {
                var target = 0
                for k in ids.indices { target += map[k].pos[counter[k]] * ourStride[k] }
                guard !filled[target] else {
                    throw StatbankError("\(what): cell \(cellName(target)) arrived twice")
                }
                filled[target] = true
                filledCount += 1
                let v = sparse == nil ? rawValues[r] : (sparseValues[r] ?? .null)
                if case .number(let d) = v { values[target] = d; valid[target] = true }
                if let a = statusArray { status[target] = a[r].stringValue } else if let s = statusOf[r] { status[target] = s }
                var k = ids.count - 1
                while k >= 0 {
                    counter[k] += 1
                    if counter[k] < sizes[k] { break }
                    counter[k] = 0
                    k -= 1
                }
            }
        }
    }

    func cellName(_ index: Int) -> String {
        dims.indices.map { k in "\(dims[k].code)=\(codes[k][(index / strides[k]) % codes[k].count])" }.joined(separator: ", ")
    }

    /// The long table, after checking that every cell of the selection arrived.
    func table() throws -> Table {
        if filledCount != cells {
            let first = (0..<cells).first { !filled[$0] } ?? 0
            throw StatbankError("table \(metadata.id): the replies hold \(filledCount) of \(cells) cells; missing e.g. \(cellName(first))")
        }
        var named: [(String, Column)] = []
        var used = Set<String>()
        func unique(_ n: String) -> String {
            var name = n, i = 2
            while used.contains(name) { name = "\(n)_\(i)"; i += 1 }
            used.insert(name); return name
        }
        for (k, d) in dims.enumerated() {
            let list = codes[k]
            let size = list.count, stride = strides[k]
            let labels = list.map { d.label(of: $0) ?? $0 }
            if d.isTime, let years = Self.years(list) {
                var out = try Cancellation.array(repeating: Int64(0), count: cells)
                try Cancellation.inBlocks(of: cells) { block in for r in block { out[r] = years[(r / stride) % size] } }
                named.append((unique(d.code), Column(ints: out)))
            } else {
                named.append((unique(d.code), try Self.repeated(list, stride: stride, rows: cells)))
            }
            named.append((unique(d.code + "_label"), try Self.repeated(labels, stride: stride, rows: cells)))
        }
        named.append((unique("value"), Column(doubles: values, validity: valid)))
        named.append((unique("status"), try Self.statusColumn(status)))
        var table = Table(named)
        let selectedContents = dims.firstIndex { $0.isContents }.map { codes[$0] } ?? metadata.units.map(\.code)
        let units = Set(metadata.units.filter { selectedContents.contains($0.code) }.map(\.unit))
        if units.count == 1, let u = units.first, !u.isEmpty { table.setUnit(u, for: "value") }
        return table
    }

    /// The status symbols as a text column (null where none), in blocks with checks.
    static func statusColumn(_ status: [String?]) throws -> Column {
        let dict = StringDictionary()
        var valid = Bitmap(count: status.count, value: true)
        let codes = try Cancellation.map(status.count) { i -> UInt32 in
            guard let s = status[i] else { valid[i] = false; return 0 }
            return dict.code(for: s)
        }
        return Column(codes: codes, dictionary: dict, validity: valid)
    }

    static func repeated(_ names: [String], stride: Int, rows: Int) throws -> Column {
        let dict = StringDictionary()
        let codeOf = names.map { dict.code(for: $0) }
        var out = try Cancellation.array(repeating: UInt32(0), count: rows)
        let size = names.count
        try Cancellation.inBlocks(of: rows) { block in for r in block { out[r] = codeOf[(r / stride) % size] } }
        return Column(codes: out, dictionary: dict)
    }

    /// Plain years ("2024"), or nil when any period is a quarter, month, week or other text (those sort as text,
    /// which is time order: 2024K1 < 2024K2, 2024M01 < 2024M12, 2024U01 < 2024U52).
    static func years(_ list: [String]) -> [Int64]? {
        var out: [Int64] = []
        for s in list {
            guard s.count == 4, s.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int64(s) else { return nil }
            out.append(y)
        }
        return out
    }
}

/// A JSON number that is a whole number an Int holds, else nil (never traps on 1e300 or NaN).
func wholeNumber(_ v: JSONStatValue) -> Int? {
    guard let d = v.numberValue, d.isFinite, d.rounded() == d, abs(d) < 1e15 else { return nil }
    return Int(d)
}
