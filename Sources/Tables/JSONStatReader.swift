import Foundation

/// How `JSONStatReader` names categories and columns.
public struct JSONStatOptions: Sendable, Equatable {
    /// What the cells of a dimension column hold.
    public enum Categories: Sendable, Equatable {
        /// Category labels ("Oslo", "Sykepleiere"): the default, as an analyst reads them.
        case labels
        /// Category codes ("0301", "2221").
        case codes
        /// Labels in a column named after the dimension, codes in `<dimension>_code` next to it.
        case both
        /// Codes in a column named after the dimension, labels in `<dimension>_label` next to it: the
        /// default, as the statbank client builds its tables. Two categories with the same label (Herøy
        /// 1515 and 1818) stay apart by their codes.
        case codesAndLabels
    }

    public var categories: Categories
    /// Column names from dimension labels ("region", "år") instead of dimension ids ("Region", "Tid").
    public var dimensionLabelsAsNames: Bool
    /// Which dataset of a collection or bundle to read (0 = the first); see also `dataset`.
    public var datasetIndex: Int?
    /// Which dataset of a collection or bundle to read, by name (the bundle key or the item's label) or by
    /// number (1 = the first). With neither this nor `datasetIndex`, a document holding several datasets is
    /// an error naming them.
    public var dataset: String?
    /// Name of the value column.
    public var valueColumn: String

    public init(categories: Categories = .codesAndLabels, dimensionLabelsAsNames: Bool = false,
                datasetIndex: Int? = nil, dataset: String? = nil, valueColumn: String = "value") {
        self.categories = categories
        self.dimensionLabelsAsNames = dimensionLabelsAsNames
        self.datasetIndex = datasetIndex
        self.dataset = dataset
        self.valueColumn = valueColumn
    }

    /// Codes instead of labels (`true`), or labels (`false`).
    public var codes: Bool {
        get { categories == .codes }
        set { categories = newValue ? .codes : .labels }
    }
}

/// A malformed JSON-stat document: a one-line message saying what is wrong and where, and a hint.
public struct JSONStatError: DiagnosticError, Sendable {
    public var message: String
    public var span: SourceSpan? { nil }
    public var hint: String?
    public init(_ message: String, hint: String? = nil) { self.message = message; self.hint = hint }
}

/// Reads JSON-stat documents (the format of SSB's statbank API, version 2.0 and the older 1.x bundle)
/// into a long table: per dimension a column of category codes named after it and a `<dim>_label` column of
/// labels (as the statbank client builds them; labels or codes only on request), then a `value` column
/// (double; null where the cell has no value; text when the document's values are text) and, if the
/// document has one, a `status` column (SSB's `..` and `:` symbols for missing and confidential cells).
/// A dimension named `value` or `status` is named `<dim>_dim` so it does not clash with those.
///
/// Rows follow the document's cell order: row-major over the dimensions in `id` order, the last
/// dimension varying fastest. Dimension columns are dictionary-encoded straight from the category
/// lists, so no string is built per row. Time dimensions (`role.time`, or named Tid/time/year/år) whose
/// categories are all plain integers ("2019") become integer columns when their name reads as a year (so
/// they print without thousands separators), text columns otherwise. The document is parsed by `JSONStatParser` (bytes to values, numbers
/// without boxing): a million-cell reply reads in a fraction of a second, where JSONSerialization took seconds.
public enum JSONStatReader {
    /// Reads the JSON-stat document at `path`; errors name the file.
    public static func read(path: String, options: JSONStatOptions = .init()) throws -> Table {
        let data: Data
        if let problem = FileKind.problem(path) { throw JSONStatError("`\(path)` \(problem)") }
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw JSONStatError("cannot read `\(path)`: \(error.localizedDescription)")
        }
        do { return try read(data: data, options: options) } catch let e as JSONStatError {
            throw JSONStatError("\(path): \(e.message)", hint: e.hint)
        }
    }

    /// Reads a JSON-stat dataset (or the `datasetIndex`-th dataset of a collection or bundle).
    public static func read(data: Data, options: JSONStatOptions = .init()) throws -> Table {
        let root = try JSONStatParser.parse(asUTF8(data))
        guard case .object = root else {
            throw JSONStatError("a JSON-stat document must be a JSON object, not \(root.kind)")
        }
        let dataset = try selectDataset(in: root, options: options)
        return try readDataset(dataset, options: options)
    }

    /// The document as UTF-8: UTF-16 and UTF-32 (RFC 8259 names them for older JSON) are told by their
    /// byte-order mark or by the zero bytes around the first ASCII character, and transcoded.
    static func asUTF8(_ data: Data) -> Data {
        let b = [UInt8](data.prefix(4))
        guard b.count >= 2 else { return data }
        var encoding: String.Encoding? = nil
        if b.count >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF { encoding = .utf32BigEndian }
        else if b.count >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0 { encoding = .utf32LittleEndian }
        else if b[0] == 0xFE && b[1] == 0xFF { encoding = .utf16BigEndian }
        else if b[0] == 0xFF && b[1] == 0xFE { encoding = .utf16LittleEndian }
        else if b.count >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0 { encoding = .utf32BigEndian }
        else if b.count >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 { encoding = .utf32LittleEndian }
        else if b[0] == 0 && b[1] != 0 { encoding = .utf16BigEndian }
        else if b[0] != 0 && b[1] == 0 { encoding = .utf16LittleEndian }
        guard let encoding else { return data }
        var body = data
        if b[0] == 0xFE || b[0] == 0xFF || (b[0] == 0 && b[1] == 0 && b.count >= 4 && b[2] == 0xFE) {
            body = data.dropFirst(encoding == .utf32BigEndian || encoding == .utf32LittleEndian ? 4 : 2)
        }
        guard let text = String(data: Data(body), encoding: encoding) else { return data }
        return Data(text.utf8)
    }

    // MARK: - Finding the dataset

    private static func selectDataset(in object: JSONStatValue, options: JSONStatOptions) throws -> JSONStatValue {
        let cls = object["class"]?.stringValue
        if cls == "dataset" || (cls == nil && object["value"] != nil && object["dimension"] != nil) {
            return object
        }
        let kind: String
        var datasets: [(name: String, value: JSONStatValue)]
        if cls == "collection" || (cls == "bundle" && object["link"] != nil) {
            kind = "collection"
            let items = object["link"]?["item"]?.arrayElements ?? []
            datasets = items.filter {
                ($0["class"]?.stringValue ?? "dataset") == "dataset" && $0["dimension"] != nil
            }.enumerated().map { (k: Int, item: JSONStatValue) -> (name: String, value: JSONStatValue) in
                (item["label"]?.stringValue ?? item["href"]?.stringValue ?? String(k + 1), item)
            }
            guard !datasets.isEmpty else {
                throw JSONStatError("the collection holds no embedded dataset",
                                    hint: "only datasets included in `link.item` can be read; fetch linked ones separately")
            }
        } else {
            if cls == "dimension" {
                throw JSONStatError("this JSON-stat document is a dimension, not a dataset")
            }
            // JSON-stat 1.x bundle: { "name": { "dimension": …, "value": … }, … }, in file order.
            kind = "bundle"
            datasets = (object.objectMembers ?? []).filter { $0.value["dimension"] != nil }
                .map { (m: (key: String, value: JSONStatValue)) -> (name: String, value: JSONStatValue) in (m.key, m.value) }
            guard !datasets.isEmpty else {
                throw JSONStatError("no JSON-stat dataset found (expected `class: \"dataset\"` or a bundle of datasets)")
            }
        }
        let names = datasets.map { "`\($0.name)`" }.joined(separator: ", ")
        let hint = "load one with dataset=NAME or dataset=NUMBER (1 = the first)"
        if let wanted = options.dataset {
            if let k = datasets.firstIndex(where: { $0.name == wanted }) { return datasets[k].value }
            if let n = Int(wanted), n >= 1, n <= datasets.count { return datasets[n - 1].value }
            throw JSONStatError("the \(kind) has no dataset `\(wanted)`; it holds \(names)",
                                hint: NameSuggester.hint(for: wanted, in: datasets.map(\.name)) ?? hint)
        }
        if let index = options.datasetIndex {
            guard index >= 0, index < datasets.count else {
                throw JSONStatError("the \(kind) holds \(datasets.count) dataset(s); there is no dataset \(index + 1)")
            }
            return datasets[index].value
        }
        guard datasets.count == 1 else {
            throw JSONStatError("the \(kind) holds \(datasets.count) datasets: \(names)", hint: hint)
        }
        return datasets[0].value
    }

    // MARK: - Reading one dataset

    private struct Dimension {
        var id: String
        var label: String
        var codes: [String]
        var labels: [String]
        var isTime: Bool
        var unit: String?
    }

    /// One dataset as a table: a row per cell, a column (or two) per dimension, then the value and status.
    private static func readDataset(_ ds: JSONStatValue, options: JSONStatOptions) throws -> Table {
        guard let dimObject = ds["dimension"], dimObject.objectMembers != nil else {
            throw JSONStatError("the dataset has no `dimension` object")
        }
        let (idStrings, sizes) = try dimensionIdsAndSizes(ds, dimObject)
        let roles = ds["role"] ?? dimObject["role"]
        let timeIDs = Set((roles?["time"]?.arrayElements ?? []).compactMap(\.stringValue))
        let metricIDs = Set((roles?["metric"]?.arrayElements ?? []).compactMap(\.stringValue))

        var dims: [Dimension] = []
        for (k, id) in idStrings.enumerated() {
            guard let d = dimObject[id], d.objectMembers != nil else {
                let known = (dimObject.objectMembers ?? []).map(\.key).filter { $0 != "id" && $0 != "size" && $0 != "role" }
                throw JSONStatError("unknown dimension id `\(id)`: `dimension` has no entry for it",
                                    hint: NameSuggester.hint(for: id, in: known))
            }
            dims.append(try readDimension(id: id, d, size: sizes[k], timeIDs: timeIDs, metricIDs: metricIDs))
        }
        let cellCount = try Self.cellCount(sizes)

        // Every cell becomes a row (a sparse `value` object of a few entries too): the value, its validity
        // bit and a code per dimension, reserved before the first is made.
        let (bytes, overflow) = cellCount.multipliedReportingOverflow(by: 9 + 4 * sizes.count + (ds["status"] == nil ? 0 : 4))
        try MemoryBudget.reserve(overflow ? .max : bytes,
                                 for: "this JSON-stat dataset (\(NumberFormat.grouped(Int64(cellCount))) cells)")
        let valueColumn = try readValues(ds["value"], count: cellCount)
        let status = try readStatus(ds["status"], count: cellCount)

        var names = UniqueNames()
        var named = try dimensionColumns(dims, rows: cellCount, options: options, hasStatus: status != nil, names: &names)
        let withUnit = dims.filter { $0.unit != nil }
        named.append((names.unique(options.valueColumn), valueColumn, withUnit.count == 1 ? withUnit[0].unit : nil))
        if let status { named.append((names.unique("status"), Column(strings: status), nil)) }

        var table = Table(named.map { ($0.0, $0.1) })
        for (name, _, unit) in named where unit != nil { table.setUnit(unit, for: name) }
        return table
    }

    /// The dimension names (`id`) and their sizes (`size`), at the dataset level (2.0) or inside `dimension`
    /// (1.x); sizes written as text are read too (CSO Ireland).
    private static func dimensionIdsAndSizes(_ ds: JSONStatValue, _ dimObject: JSONStatValue) throws -> ([String], [Int]) {
        guard let ids = (ds["id"] ?? dimObject["id"])?.arrayElements else {
            throw JSONStatError("the dataset has no `id` array naming its dimensions")
        }
        guard let sizesRaw = (ds["size"] ?? dimObject["size"])?.arrayElements else {
            throw JSONStatError("the dataset has no `size` array")
        }
        let idStrings = try ids.enumerated().map { i, v -> String in
            guard let s = v.stringValue else { throw JSONStatError("`id[\(i)]` is \(v.kind), not a dimension name") }
            return s
        }
        let sizes = try sizesRaw.enumerated().map { i, v -> Int in
            // Some agencies (CSO Ireland) write sizes as text: "12" is read as 12.
            if case .string(let text) = v, let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 0 { return n }
            guard let n = intValue(v), n >= 0 else {
                let found: String
                switch v {
                case .string(let text): found = "the text \"\(text)\""
                case .number(let d): found = NumberFormat.plain(d)
                default: found = v.kind
                }
                throw JSONStatError("`size[\(i)]` is \(found), not a non-negative integer")
            }
            return n
        }
        guard idStrings.count == sizes.count else {
            throw JSONStatError("`id` names \(idStrings.count) dimension(s) but `size` has \(sizes.count) entries")
        }
        guard Set(idStrings).count == idStrings.count else {
            throw JSONStatError("`id` names a dimension twice")
        }
        return (idStrings, sizes)
    }

    /// The product of the sizes: the dataset's cells (at most 500 million).
    private static func cellCount(_ sizes: [Int]) throws -> Int {
        var cellCount = 1
        for s in sizes {
            let (p, overflow) = cellCount.multipliedReportingOverflow(by: s)
            guard !overflow, p <= 500_000_000 else {
                throw JSONStatError("the dataset has too many cells (\(sizes.map(String.init).joined(separator: " × ")))")
            }
            cellCount = p
        }
        return cellCount
    }

    /// Column names made unique in the order they are asked for (`name`, `name_2`, …).
    private struct UniqueNames {
        var used = Set<String>()
        mutating func unique(_ name: String) -> String {
            var n = name; var i = 2
            while used.contains(n) { n = "\(name)_\(i)"; i += 1 }
            used.insert(n); return n
        }
    }

    /// The dimension columns (codes, labels or both, as `options.categories` says): code[row] =
    /// (row / stride) % size, dictionary = the category names. The measure columns keep their names;
    /// a dimension called `value` or `status` gives way.
    private static func dimensionColumns(_ dims: [Dimension], rows cellCount: Int, options: JSONStatOptions,
                                         hasStatus: Bool, names: inout UniqueNames) throws -> [(String, Column, String?)] {
        var named: [(String, Column, String?)] = []
        var stride = cellCount
        let reserved: Set<String> = hasStatus ? [options.valueColumn, "status"] : [options.valueColumn]
        for dim in dims {
            let size = dim.codes.count
            stride = size == 0 ? 0 : stride / size
            var base = options.dimensionLabelsAsNames ? dim.label : dim.id
            if reserved.contains(base) { base += "_dim" }
            func add(_ name: String, _ values: [String], columnName: String?) throws {
                named.append((names.unique(name), try column(values, dim: dim, name: columnName, stride: stride, rows: cellCount), nil))
            }
            switch options.categories {
            case .codesAndLabels:
                try add(base, dim.codes, columnName: base)
                try add(base + "_label", dim.labels, columnName: nil)
            case .labels:
                try add(base, dim.labels, columnName: base)
            case .codes:
                try add(base, dim.codes, columnName: base)
            case .both:
                try add(base, dim.labels, columnName: base)
                try add(base + "_code", dim.codes, columnName: base)
            }
        }
        return named
    }

    private static func readDimension(id: String, _ d: JSONStatValue, size: Int,
                                      timeIDs: Set<String>, metricIDs: Set<String>) throws -> Dimension {
        let category = d["category"]
        var labelMap: [String: String] = [:]
        for (code, label) in category?["label"]?.objectMembers ?? [] {
            guard labelMap[code] == nil else {
                throw JSONStatError("dimension `\(id)`: category `\(code)` has two labels in `category.label`")
            }
            if let l = label.stringValue { labelMap[code] = l }
        }
        var codes: [String]
        switch category?["index"] {
        case .array(let array)?:
            codes = try array.enumerated().map { i, v in
                guard let s = v.stringValue else {
                    throw JSONStatError("dimension `\(id)`: `category.index[\(i)]` is \(v.kind), not a category code")
                }
                return s
            }
        case .object(let members)?:
            codes = [String](repeating: "", count: members.count)
            var seen = [Bool](repeating: false, count: members.count)
            for (code, pos) in members {
                guard let p = intValue(pos), p >= 0, p < members.count, !seen[p] else {
                    let shown = pos.numberValue.map { NumberFormat.plain($0) } ?? pos.kind
                    throw JSONStatError("dimension `\(id)`: category `\(code)` has index \(shown), which is not a unique position 0…\(members.count - 1)")
                }
                codes[p] = code; seen[p] = true
            }
        case nil:
            // The index may be left out when there is a single category.
            let labels = category?["label"]?.objectMembers ?? []
            guard !labels.isEmpty else {
                throw JSONStatError("dimension `\(id)` has no categories (`category.index` and `category.label` are both missing)")
            }
            guard labels.count == 1 else {
                throw JSONStatError("dimension `\(id)` has \(labels.count) labels but no `category.index` to order them",
                                    hint: "JSON-stat allows leaving out the index only for a single category")
            }
            codes = [labels[0].key]
        default:
            throw JSONStatError("dimension `\(id)`: `category.index` must be an array or an object")
        }
        var seenCodes = Set<String>()
        for code in codes where !seenCodes.insert(code).inserted {
            throw JSONStatError("dimension `\(id)`: category `\(code)` appears twice in `category.index`",
                                hint: "each category code must be unique within its dimension")
        }
        guard codes.count == size else {
            throw JSONStatError("dimension `\(id)` has \(codes.count) categories but `size` says \(size)")
        }
        let labels = codes.map { labelMap[$0] ?? $0 }
        let idLower = id.lowercased()
        let isTime = timeIDs.contains(id) || (timeIDs.isEmpty && ["tid", "time", "year", "år", "aar"].contains(idLower))
        var unit: String? = nil
        if metricIDs.contains(id) || idLower == "contentscode", codes.count == 1,
           let u = category?["unit"]?[codes[0]] {
            unit = u["base"]?.stringValue ?? u["label"]?.stringValue
        }
        return Dimension(id: id, label: d["label"]?.stringValue ?? id, codes: codes, labels: labels, isTime: isTime, unit: unit)
    }

    /// The column of one dimension: its categories repeated in row-major order. `name` is the column's name
    /// when these are the categories the column is keyed by (nil for a label column, always text): a time
    /// dimension of plain years is an integer column if that name reads as a year (`Tid`, `år`), so it
    /// prints as 2020, not 2 020, and text otherwise.
    private static func column(_ names: [String], dim: Dimension, name: String?, stride: Int, rows: Int) throws -> Column {
        let size = names.count
        if dim.isTime, let name, TableRenderer.isIdentifierLike(name), let years = integers(names) {
            var out = [Int64](repeating: 0, count: rows)
            var row = 0, nextCheck = 65_536
            while row < rows {
                let y = years[(row / stride) % size]
                let end = min(rows, row + stride)
                for r in row..<end { out[r] = y }
                row = end
                if row >= nextCheck { try Cancellation.check(); nextCheck = row + 65_536 }
            }
            return Column(ints: out)
        }
        let dict = StringDictionary()
        let codeOf = names.map { dict.code(for: $0) }
        var out = [UInt32](repeating: 0, count: rows)
        var row = 0, nextCheck = 65_536
        while row < rows {
            let c = codeOf[(row / stride) % size]
            let end = min(rows, row + stride)
            for r in row..<end { out[r] = c }
            row = end
            if row >= nextCheck { try Cancellation.check(); nextCheck = row + 65_536 }
        }
        return Column(codes: out, dictionary: dict)
    }

    /// All names as plain integers ("2019", not "02019" or "2019K1"), or nil.
    private static func integers(_ names: [String]) -> [Int64]? {
        var out: [Int64] = []
        out.reserveCapacity(names.count)
        for n in names {
            guard let first = n.first, first != "0" || n == "0", n.count <= 18,
                  n.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(n) else { return nil }
            out.append(v)
        }
        return out
    }

    /// The `value` column: numbers (null where a cell has none, or an SSB symbol `..` `.` `:` `-`), or text
    /// when the document's values are text (the schema allows strings): then every value is kept as text.
    private static func readValues(_ raw: JSONStatValue?, count: Int) throws -> Column {
        var values = [Double](repeating: 0, count: count)
        var valid = Bitmap(count: count, value: false)
        switch raw {
        case .array(let array)?:
            guard array.count == count else {
                throw JSONStatError("`value` has \(array.count) entries but the sizes multiply to \(count) cells",
                                    hint: "`size` gives the number of categories of each dimension; their product is the number of values")
            }
            for (i, v) in array.enumerated() {
                switch v {
                case .number(let d): values[i] = d; valid[i] = true
                case .null: break
                default:
                    if let d = try number(v, at: String(i)) { values[i] = d; valid[i] = true }
                    else if isText(v) { return try texts(raw!, count: count) }
                }
                if i & 0xFFFF == 0xFFFF { try Cancellation.check() }
            }
        case .object(let members)?:
            for (key, v) in members {
                guard let i = Int(key), i >= 0, i < count else {
                    throw JSONStatError("`value` has key \"\(key)\", which is not a cell index 0…\(count - 1)")
                }
                if let d = try number(v, at: key) { values[i] = d; valid[i] = true }
                else if isText(v) { return try texts(raw!, count: count) }
            }
        case nil:
            throw JSONStatError("the dataset has no `value`")
        default:
            throw JSONStatError("`value` must be an array or an object of cell index → number")
        }
        return Column(doubles: values, validity: valid)
    }

    /// A `value` that holds text: each cell as text (numbers in plain form), null where there is none.
    private static func texts(_ raw: JSONStatValue, count: Int) throws -> Column {
        var out = [String?](repeating: nil, count: count)
        switch raw {
        case .array(let array):
            for (i, v) in array.enumerated() {
                out[i] = text(v)
                if i & 0xFFFF == 0xFFFF { try Cancellation.check() }
            }
        case .object(let members):
            for (key, v) in members { if let i = Int(key), i >= 0, i < count { out[i] = text(v) } }
        default: break
        }
        return Column(strings: out)
    }

    private static func text(_ v: JSONStatValue) -> String? {
        switch v {
        case .string(let s): return s
        case .number(let d): return NumberFormat.plain(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A cell's number; nil for null, an SSB symbol, or text that is not a number (the caller then reads the
    /// whole `value` as text).
    @inline(__always)
    private static func number(_ v: JSONStatValue, at position: String) throws -> Double? {
        switch v {
        case .number(let d): return d
        case .null: return nil
        case .string(let s):
            if let d = Double(s.replacingOccurrences(of: ",", with: ".")) { return d }
            return nil
        default:
            throw JSONStatError("`value[\(position)]` is \(v.kind), not a number")
        }
    }

    /// SSB's symbols for a cell without a number.
    private static let symbols: Set<String> = ["..", ".", ":", "-", "…"]

    /// Text that is neither a number nor a symbol: the document's values are text.
    private static func isText(_ v: JSONStatValue) -> Bool {
        guard case .string(let s) = v else { return false }
        return !symbols.contains(s) && Double(s.replacingOccurrences(of: ",", with: ".")) == nil
    }

    private static func readStatus(_ raw: JSONStatValue?, count: Int) throws -> [String?]? {
        switch raw {
        case nil, .null?: return nil
        case .string(let s)?: return [String?](repeating: s, count: count)
        case .array(let array)?:
            if array.count == 1, let s = array[0].stringValue { return [String?](repeating: s, count: count) }
            guard array.count == count else {
                throw JSONStatError("`status` has \(array.count) entries but the dataset has \(count) cells")
            }
            return array.map(\.stringValue)
        case .object(let members)?:
            var out = [String?](repeating: nil, count: count)
            for (key, v) in members {
                guard let i = Int(key), i >= 0, i < count else {
                    throw JSONStatError("`status` has key \"\(key)\", which is not a cell index 0…\(count - 1)")
                }
                out[i] = v.stringValue
            }
            return out
        default:
            throw JSONStatError("`status` must be a string, an array or an object")
        }
    }

    private static func intValue(_ v: JSONStatValue) -> Int? {
        guard let d = v.numberValue, d.rounded() == d, abs(d) < 1e15 else { return nil }
        return Int(d)
    }
}
