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
    }

    public var categories: Categories
    /// Column names from dimension labels ("region", "år") instead of dimension ids ("Region", "Tid").
    public var dimensionLabelsAsNames: Bool
    /// Which dataset of a collection or bundle to read (0 = the first).
    public var datasetIndex: Int
    /// Name of the value column.
    public var valueColumn: String

    public init(categories: Categories = .labels, dimensionLabelsAsNames: Bool = false,
                datasetIndex: Int = 0, valueColumn: String = "value") {
        self.categories = categories
        self.dimensionLabelsAsNames = dimensionLabelsAsNames
        self.datasetIndex = datasetIndex
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
/// into a long table: one column per dimension (category labels by default, codes on request), then a
/// `value` column (double; null where the cell has no value) and, if the document has one, a `status`
/// column (SSB's `..` and `:` symbols for missing and confidential cells).
///
/// Rows follow the document's cell order: row-major over the dimensions in `id` order, the last
/// dimension varying fastest. Dimension columns are dictionary-encoded straight from the category
/// lists, so no string is built per row. Time dimensions whose categories are all plain integers
/// ("2019") become integer columns.
public enum JSONStatReader {
    /// Reads the JSON-stat document at `path`; errors name the file.
    public static func read(path: String, options: JSONStatOptions = .init()) throws -> Table {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw JSONStatError("cannot read `\(path)`: \(error.localizedDescription)")
        }
        do { return try read(data: data, options: options) } catch let e as JSONStatError {
            throw JSONStatError("\(path): \(e.message)", hint: e.hint)
        }
    }

    /// Reads a JSON-stat dataset (or the `datasetIndex`-th dataset of a collection or bundle).
    public static func read(data: Data, options: JSONStatOptions = .init()) throws -> Table {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw JSONStatError("not valid JSON: \(shortDescription(of: error))",
                                hint: "a JSON-stat file is a JSON object with `id`, `size`, `dimension` and `value`")
        }
        guard let object = root as? [String: Any] else {
            throw JSONStatError("a JSON-stat document must be a JSON object, not \(kind(of: root))")
        }
        let dataset = try selectDataset(in: object, index: options.datasetIndex)
        return try readDataset(dataset, options: options)
    }

    // MARK: - Finding the dataset

    private static func selectDataset(in object: [String: Any], index: Int) throws -> [String: Any] {
        let cls = object["class"] as? String
        if cls == "dataset" || (cls == nil && object["value"] != nil && object["dimension"] != nil) {
            return object
        }
        if cls == "collection" || (cls == "bundle" && object["link"] != nil) {
            let link = object["link"] as? [String: Any]
            let items = (link?["item"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            let datasets = items.filter { ($0["class"] as? String ?? "dataset") == "dataset" && $0["dimension"] != nil }
            guard !datasets.isEmpty else {
                throw JSONStatError("the collection holds no embedded dataset",
                                    hint: "only datasets included in `link.item` can be read; fetch linked ones separately")
            }
            guard index >= 0, index < datasets.count else {
                throw JSONStatError("the collection holds \(datasets.count) dataset(s); there is no dataset \(index + 1)")
            }
            return datasets[index]
        }
        if cls == "dimension" {
            throw JSONStatError("this JSON-stat document is a dimension, not a dataset")
        }
        // JSON-stat 1.x bundle: { "name": { "dimension": …, "value": … }, … } (keys in file order are
        // not kept by JSONSerialization, so names are sorted for a stable choice).
        let names = object.keys.sorted().filter { (object[$0] as? [String: Any])?["dimension"] != nil }
        guard !names.isEmpty else {
            throw JSONStatError("no JSON-stat dataset found (expected `class: \"dataset\"` or a bundle of datasets)")
        }
        guard index >= 0, index < names.count else {
            throw JSONStatError("the bundle holds \(names.count) dataset(s); there is no dataset \(index + 1)")
        }
        return object[names[index]] as! [String: Any]
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

    private static func readDataset(_ ds: [String: Any], options: JSONStatOptions) throws -> Table {
        guard let dimObject = ds["dimension"] as? [String: Any] else {
            throw JSONStatError("the dataset has no `dimension` object")
        }
        // Version 2.0 keeps `id` and `size` at the dataset level; 1.x inside `dimension`.
        guard let idsAny = ds["id"] ?? dimObject["id"], let ids = idsAny as? [Any] else {
            throw JSONStatError("the dataset has no `id` array naming its dimensions")
        }
        guard let sizesAny = ds["size"] ?? dimObject["size"], let sizesRaw = sizesAny as? [Any] else {
            throw JSONStatError("the dataset has no `size` array")
        }
        let idStrings = try ids.enumerated().map { i, v -> String in
            guard let s = v as? String else { throw JSONStatError("`id[\(i)]` is not a string") }
            return s
        }
        let sizes = try sizesRaw.enumerated().map { i, v -> Int in
            guard let n = intValue(v), n >= 0 else {
                throw JSONStatError("`size[\(i)]` is not a non-negative integer")
            }
            return n
        }
        guard idStrings.count == sizes.count else {
            throw JSONStatError("`id` names \(idStrings.count) dimension(s) but `size` has \(sizes.count) entries")
        }
        guard Set(idStrings).count == idStrings.count else {
            throw JSONStatError("`id` names a dimension twice")
        }
        let roles = ds["role"] as? [String: Any] ?? dimObject["role"] as? [String: Any] ?? [:]
        let timeIDs = Set((roles["time"] as? [Any] ?? []).compactMap { $0 as? String })
        let metricIDs = Set((roles["metric"] as? [Any] ?? []).compactMap { $0 as? String })

        var dims: [Dimension] = []
        for (k, id) in idStrings.enumerated() {
            guard let d = dimObject[id] as? [String: Any] else {
                let known = dimObject.keys.filter { $0 != "id" && $0 != "size" && $0 != "role" }.sorted()
                throw JSONStatError("unknown dimension id `\(id)`: `dimension` has no entry for it",
                                    hint: NameSuggester.hint(for: id, in: known))
            }
            let dim = try readDimension(id: id, d, size: sizes[k], timeIDs: timeIDs, metricIDs: metricIDs)
            dims.append(dim)
        }

        var cellCount = 1
        for s in sizes {
            let (p, overflow) = cellCount.multipliedReportingOverflow(by: s)
            guard !overflow, p <= 500_000_000 else {
                throw JSONStatError("the dataset has too many cells (\(sizes.map(String.init).joined(separator: " × ")))")
            }
            cellCount = p
        }

        let (values, valid) = try readValues(ds["value"], count: cellCount)
        let status = try readStatus(ds["status"], count: cellCount)

        // Dimension columns: code[row] = (row / stride) % size, dictionary = the category names.
        var named: [(String, Column, String?)] = []
        var stride = cellCount
        var usedNames = Set<String>()
        func unique(_ name: String) -> String {
            var n = name; var i = 2
            while usedNames.contains(n) { n = "\(name)_\(i)"; i += 1 }
            usedNames.insert(n); return n
        }
        for dim in dims {
            let size = dim.codes.count
            stride = size == 0 ? 0 : stride / size
            let base = options.dimensionLabelsAsNames ? dim.label : dim.id
            switch options.categories {
            case .labels:
                named.append((unique(base), try column(dim.labels, dim: dim, stride: stride, rows: cellCount), nil))
            case .codes:
                named.append((unique(base), try column(dim.codes, dim: dim, stride: stride, rows: cellCount), nil))
            case .both:
                named.append((unique(base), try column(dim.labels, dim: dim, stride: stride, rows: cellCount), nil))
                named.append((unique(base + "_code"), try column(dim.codes, dim: dim, stride: stride, rows: cellCount), nil))
            }
        }
        let unit = dims.count(where: { $0.unit != nil }) == 1 ? dims.first(where: { $0.unit != nil })?.unit : nil
        named.append((unique(options.valueColumn), Column(doubles: values, validity: valid), unit))
        if let status { named.append((unique("status"), Column(strings: status), nil)) }

        var table = Table(named.map { ($0.0, $0.1) })
        for (name, _, unit) in named where unit != nil { table.setUnit(unit, for: name) }
        return table
    }

    private static func readDimension(id: String, _ d: [String: Any], size: Int,
                                      timeIDs: Set<String>, metricIDs: Set<String>) throws -> Dimension {
        let category = d["category"] as? [String: Any] ?? [:]
        let labelMap = category["label"] as? [String: Any] ?? [:]
        var codes: [String]
        switch category["index"] {
        case let array as [Any]:
            codes = try array.enumerated().map { i, v in
                guard let s = v as? String else {
                    throw JSONStatError("dimension `\(id)`: `category.index[\(i)]` is not a string")
                }
                return s
            }
        case let object as [String: Any]:
            codes = [String](repeating: "", count: object.count)
            var seen = [Bool](repeating: false, count: object.count)
            for (code, pos) in object {
                guard let p = intValue(pos), p >= 0, p < object.count, !seen[p] else {
                    throw JSONStatError("dimension `\(id)`: category `\(code)` has index \(pos), which is not a unique position 0…\(object.count - 1)")
                }
                codes[p] = code; seen[p] = true
            }
        case nil:
            // The index may be left out when there is a single category (or when labels list them all).
            guard !labelMap.isEmpty else {
                throw JSONStatError("dimension `\(id)` has no categories (`category.index` and `category.label` are both missing)")
            }
            guard labelMap.count == 1 else {
                throw JSONStatError("dimension `\(id)` has \(labelMap.count) labels but no `category.index` to order them",
                                    hint: "JSON-stat allows leaving out the index only for a single category")
            }
            codes = Array(labelMap.keys)
        default:
            throw JSONStatError("dimension `\(id)`: `category.index` must be an array or an object")
        }
        guard codes.count == size else {
            throw JSONStatError("dimension `\(id)` has \(codes.count) categories but `size` says \(size)")
        }
        let labels = codes.map { (labelMap[$0] as? String) ?? $0 }
        let idLower = id.lowercased()
        let isTime = timeIDs.contains(id) || (timeIDs.isEmpty && ["tid", "time", "year", "år", "aar"].contains(idLower))
        var unit: String? = nil
        if metricIDs.contains(id) || idLower == "contentscode", codes.count == 1,
           let units = category["unit"] as? [String: Any], let u = units[codes[0]] as? [String: Any] {
            unit = (u["base"] as? String) ?? (u["label"] as? String)
        }
        return Dimension(id: id, label: (d["label"] as? String) ?? id, codes: codes, labels: labels, isTime: isTime, unit: unit)
    }

    /// The column of one dimension: its categories repeated in row-major order.
    private static func column(_ names: [String], dim: Dimension, stride: Int, rows: Int) throws -> Column {
        let size = names.count
        if dim.isTime, let years = integers(names) {
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

    private static func readValues(_ raw: Any?, count: Int) throws -> ([Double], Bitmap) {
        var values = [Double](repeating: 0, count: count)
        var valid = Bitmap(count: count, value: false)
        switch raw {
        case let array as [Any]:
            guard array.count == count else {
                throw JSONStatError("`value` has \(array.count) entries but the sizes multiply to \(count) cells",
                                    hint: "`size` gives the number of categories of each dimension; their product is the number of values")
            }
            for (i, v) in array.enumerated() {
                if let d = try number(v, at: String(i)) { values[i] = d; valid[i] = true }
                if i & 0xFFFF == 0xFFFF { try Cancellation.check() }
            }
        case let object as [String: Any]:
            for (key, v) in object {
                guard let i = Int(key), i >= 0, i < count else {
                    throw JSONStatError("`value` has key \"\(key)\", which is not a cell index 0…\(count - 1)")
                }
                if let d = try number(v, at: key) { values[i] = d; valid[i] = true }
            }
        case nil:
            throw JSONStatError("the dataset has no `value`")
        default:
            throw JSONStatError("`value` must be an array or an object of cell index → number")
        }
        return (values, valid)
    }

    private static func number(_ v: Any, at position: String) throws -> Double? {
        if v is NSNull { return nil }
        if let s = v as? String {
            if let d = Double(s.replacingOccurrences(of: ",", with: ".")) { return d }
            throw JSONStatError("`value[\(position)]` is the text \"\(s)\", not a number",
                                hint: "missing cells are null in `value`, with their symbol in `status`")
        }
        if let n = v as? NSNumber {
            if isBoolean(n) { throw JSONStatError("`value[\(position)]` is a boolean, not a number") }
            return n.doubleValue
        }
        throw JSONStatError("`value[\(position)]` is \(kind(of: v)), not a number")
    }

    private static func readStatus(_ raw: Any?, count: Int) throws -> [String?]? {
        switch raw {
        case nil, is NSNull: return nil
        case let s as String: return [String?](repeating: s, count: count)
        case let array as [Any]:
            if array.count == 1, let s = array[0] as? String { return [String?](repeating: s, count: count) }
            guard array.count == count else {
                throw JSONStatError("`status` has \(array.count) entries but the dataset has \(count) cells")
            }
            return array.map { $0 as? String }
        case let object as [String: Any]:
            var out = [String?](repeating: nil, count: count)
            for (key, v) in object {
                guard let i = Int(key), i >= 0, i < count else {
                    throw JSONStatError("`status` has key \"\(key)\", which is not a cell index 0…\(count - 1)")
                }
                out[i] = v as? String
            }
            return out
        default:
            throw JSONStatError("`status` must be a string, an array or an object")
        }
    }

    private static func intValue(_ v: Any) -> Int? {
        if let n = v as? NSNumber, !isBoolean(n) {
            let d = n.doubleValue
            return d.rounded() == d && abs(d) < 1e15 ? Int(d) : nil
        }
        return nil
    }

    /// JSON `true`/`false` arrive as NSNumbers of ObjC type `c` (char), on Linux and macOS alike.
    private static func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    private static func kind(of v: Any) -> String {
        switch v {
        case is NSNull: return "null"
        case is String: return "text"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "a number"
        }
    }

    private static func shortDescription(of error: Error) -> String {
        let ns = error as NSError
        if let d = ns.userInfo["NSDebugDescription"] as? String { return d }
        return ns.localizedDescription
    }
}
