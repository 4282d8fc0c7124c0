import Foundation
import Tables
import Statbank

/// A full table the mock server holds: dimensions with codes and labels, and one value (or null) and status
/// per cell in row-major order, the last dimension varying fastest.
public struct MockCube: Sendable {
    public struct Dimension: Sendable {
        public var code: String
        public var label: String
        public var codes: [String]
        public var labels: [String]
        public var elimination: Bool
        public var isTime: Bool
        public var isContents: Bool
        public init(code: String, label: String, codes: [String], labels: [String]? = nil, elimination: Bool = false,
                    isTime: Bool = false, isContents: Bool = false) {
            self.code = code; self.label = label; self.codes = codes; self.labels = labels ?? codes
            self.elimination = elimination; self.isTime = isTime; self.isContents = isContents
        }
    }
    public var id: String
    public var label: String
    public var updated: String
    public var dimensions: [Dimension]
    public var values: [Double?]
    public var status: [String?]
    /// Unit and decimals per content code.
    public var units: [String: (String, Int)]
    /// Codelists per dimension code (`agg_…` sums groups of values, `vs_…` picks some).
    public var codelists: [String: [MockCodelist]] = [:]
    /// The table's footnotes in its metadata.
    public var notes: [String] = ["Synthetic table for tests: æøå ÆØÅ."]

    public init(id: String, label: String, updated: String, dimensions: [Dimension], values: [Double?], status: [String?],
                units: [String: (String, Int)] = [:]) {
        self.id = id; self.label = label; self.updated = updated; self.dimensions = dimensions
        self.values = values; self.status = status; self.units = units
    }

    public var cellCount: Int { dimensions.reduce(1) { $0 * $1.codes.count } }

    /// A synthetic cube: values from a seeded generator, about one cell in 15 with a status symbol and no value.
    public static func synthetic(id: String, label: String, updated: String = "2025-03-01T08:00:00Z",
                                 dimensions: [Dimension], seed: UInt64 = 1) -> MockCube {
        var rng = SplitMix64(seed: seed)
        let n = dimensions.reduce(1) { $0 * $1.codes.count }
        var values = [Double?](repeating: nil, count: n)
        var status = [String?](repeating: nil, count: n)
        let symbols = [".", "..", "...", ":", "-"]
        for i in 0..<n {
            let r = rng.next()
            if r % 15 == 0 {
                status[i] = symbols[Int((r >> 8) % 5)]
            } else {
                values[i] = Double((r >> 16) % 100_000) / 10
            }
        }
        return MockCube(id: id, label: label, updated: updated, dimensions: dimensions, values: values, status: status,
                        units: Dictionary(uniqueKeysWithValues: dimensions.filter(\.isContents).flatMap(\.codes).map { ($0, ("personer", 1)) }))
    }

    /// A cube from a recorded JSON-stat 2.0 reply (the whole table), e.g. SSB's 05300.
    public static func load(jsonStat data: Data, id: String) throws -> MockCube {
        let root = try JSONStatParser.parse(data)
        let ids = root["id"]!.arrayElements!.compactMap(\.stringValue)
        let time = Set((root["role"]?["time"]?.arrayElements ?? []).compactMap(\.stringValue))
        let metric = Set((root["role"]?["metric"]?.arrayElements ?? []).compactMap(\.stringValue))
        var units: [String: (String, Int)] = [:]
        let dims: [Dimension] = ids.map { code in
            let d = root["dimension"]![code]!
            let index = d["category"]!["index"]!.objectMembers!
            var codes = [String](repeating: "", count: index.count)
            for (c, p) in index { codes[Int(p.numberValue!)] = c }
            let labels = codes.map { d["category"]?["label"]?[$0]?.stringValue ?? $0 }
            for c in codes {
                if let u = d["category"]?["unit"]?[c] {
                    units[c] = (u["base"]?.stringValue ?? "", Int(u["decimals"]?.numberValue ?? 0))
                }
            }
            return Dimension(code: code, label: d["label"]?.stringValue ?? code, codes: codes, labels: labels,
                             elimination: false, isTime: time.contains(code), isContents: metric.contains(code))
        }
        let values: [Double?] = root["value"]!.arrayElements!.map { $0.numberValue }
        var status = [String?](repeating: nil, count: values.count)
        for (k, v) in root["status"]?.objectMembers ?? [] { status[Int(k)!] = v.stringValue }
        return MockCube(id: id, label: root["label"]?.stringValue ?? id, updated: root["updated"]?.stringValue ?? "",
                        dimensions: dims, values: values, status: status, units: units)
    }

    /// The cube with one more period at the end of the time dimension (values from `seed`).
    public func addingPeriod(_ period: String, updated: String, seed: UInt64 = 99) -> MockCube {
        let t = dimensions.firstIndex(where: \.isTime)!
        var dims = dimensions
        dims[t].codes.append(period); dims[t].labels.append(period)
        var rng = SplitMix64(seed: seed)
        var out = MockCube(id: id, label: label, updated: updated, dimensions: dims,
                           values: [], status: [], units: units)
        let oldSizes = dimensions.map(\.codes.count)
        let newSizes = dims.map(\.codes.count)
        let n = newSizes.reduce(1, *)
        out.values = [Double?](repeating: nil, count: n)
        out.status = [String?](repeating: nil, count: n)
        var counter = [Int](repeating: 0, count: dims.count)
        for i in 0..<n {
            if counter[t] < oldSizes[t] {
                var old = 0
                for k in dims.indices { old = old * oldSizes[k] + counter[k] }
                out.values[i] = values[old]; out.status[i] = status[old]
            } else {
                out.values[i] = Double(rng.next() % 10_000)
            }
            var k = dims.count - 1
            while k >= 0 { counter[k] += 1; if counter[k] < newSizes[k] { break }; counter[k] = 0; k -= 1 }
        }
        return out
    }

    // MARK: - JSON

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    func dimensionJSON(_ d: Dimension, codes: [String], withExtension: Bool) -> String {
        let index = codes.enumerated().map { "\(Self.quote($1)):\($0)" }.joined(separator: ",")
        let labels = codes.map { c in "\(Self.quote(c)):\(Self.quote(d.labels[d.codes.firstIndex(of: c)!]))" }.joined(separator: ",")
        var category = "\"index\":{\(index)},\"label\":{\(labels)}"
        if d.isContents {
            let u = codes.compactMap { c in units[c].map { "\(Self.quote(c)):{\"base\":\(Self.quote($0.0)),\"decimals\":\($0.1)}" } }
            if !u.isEmpty { category += ",\"unit\":{\(u.joined(separator: ","))}" }
        }
        var ext = ""
        if withExtension {
            ext = ",\"extension\":{\"elimination\":\(d.elimination)"
            if let lists = codelists[d.code], !lists.isEmpty {
                ext += ",\"codeLists\":[" + lists.map { "{\"id\":\(Self.quote($0.id)),\"label\":\(Self.quote($0.label))}" }.joined(separator: ",") + "]"
            }
            ext += "}"
        }
        return "\(Self.quote(d.code)):{\"label\":\(Self.quote(d.label)),\"category\":{\(category)}\(ext)}"
    }

    func roleJSON(_ dims: [Dimension]) -> String {
        let time = dims.filter(\.isTime).map { Self.quote($0.code) }
        let metric = dims.filter(\.isContents).map { Self.quote($0.code) }
        return "\"role\":{\"time\":[\(time.joined(separator: ","))],\"metric\":[\(metric.joined(separator: ","))]}"
    }

    /// The `/tables/{id}/metadata` reply: JSON-stat 2.0 with no values, elimination and codelists in `extension`.
    public func metadataJSON() -> String {
        let dims = dimensions.map { dimensionJSON($0, codes: $0.codes, withExtension: true) }.joined(separator: ",")
        return "{\"version\":\"2.0\",\"class\":\"dataset\",\"label\":\(Self.quote(label)),\"source\":\"Statistisk sentralbyrå\","
            + "\"updated\":\(Self.quote(updated)),\"note\":[\(notes.map(Self.quote).joined(separator: ","))],"
            + "\"id\":[\(dimensions.map { Self.quote($0.code) }.joined(separator: ","))],"
            + "\"size\":[\(dimensions.map { String($0.codes.count) }.joined(separator: ","))],"
            + roleJSON(dimensions) + ",\"dimension\":{\(dims)}}"
    }

    /// The data reply for explicit codes per dimension (nil = eliminated: summed, null if any part is null).
    public func dataJSON(selected: [[String]?]) -> String {
        let kept = dimensions.indices.filter { selected[$0] != nil }
        let picks: [[Int]] = dimensions.indices.map { k in
            selected[k].map { $0.map { c in dimensions[k].codes.firstIndex(of: c)! } } ?? Array(dimensions[k].codes.indices)
        }
        let sizes = dimensions.map(\.codes.count)
        let outSizes = kept.map { picks[$0].count }
        let n = outSizes.reduce(1, *)
        var valueText = [String]()
        valueText.reserveCapacity(n)
        var statusText = [String]()
        var outCounter = [Int](repeating: 0, count: kept.count)
        let eliminated = dimensions.indices.filter { selected[$0] == nil }
        for i in 0..<n {
            // Sum over the eliminated dimensions' values.
            var sum: Double? = 0
            var symbol: String? = nil
            var elimCounter = [Int](repeating: 0, count: eliminated.count)
            while true {
                var source = 0
                var ko = 0, ke = 0
                for k in dimensions.indices {
                    let pos: Int
                    if ko < kept.count, kept[ko] == k { pos = picks[k][outCounter[ko]]; ko += 1 } else { pos = elimCounter[ke]; ke += 1 }
                    source = source * sizes[k] + pos
                }
                if let v = values[source], let s = sum { sum = s + v } else { sum = nil; symbol = symbol ?? status[source] }
                if eliminated.isEmpty { symbol = status[source]; break }
                var e = eliminated.count - 1
                while e >= 0 { elimCounter[e] += 1; if elimCounter[e] < sizes[eliminated[e]] { break }; elimCounter[e] = 0; e -= 1 }
                if e < 0 { break }
            }
            if let s = sum {
                valueText.append(s == s.rounded() && abs(s) < 1e15 ? String(Int64(s)) : String(s))
            } else { valueText.append("null") }
            if let symbol { statusText.append("\"\(i)\":\(Self.quote(symbol))") }
            var k = kept.count - 1
            while k >= 0 { outCounter[k] += 1; if outCounter[k] < outSizes[k] { break }; outCounter[k] = 0; k -= 1 }
        }
        let dims = kept.map { k in dimensionJSON(dimensions[k], codes: picks[k].map { dimensions[k].codes[$0] }, withExtension: false) }
        let keptDims = kept.map { dimensions[$0] }
        return "{\"version\":\"2.0\",\"class\":\"dataset\",\"label\":\(Self.quote(label)),\"source\":\"Statistisk sentralbyrå\","
            + "\"updated\":\(Self.quote(updated)),"
            + "\"id\":[\(keptDims.map { Self.quote($0.code) }.joined(separator: ","))],"
            + "\"size\":[\(outSizes.map(String.init).joined(separator: ","))],"
            + roleJSON(keptDims) + ",\"dimension\":{\(dims.joined(separator: ","))},"
            + "\"value\":[\(valueText.joined(separator: ","))],\"status\":{\(statusText.joined(separator: ","))}}"
    }
}

/// A codelist of one dimension: new codes, each standing for one or more of the table's codes (summed).
public struct MockCodelist: Sendable {
    public var id: String
    public var label: String
    public var values: [(code: String, label: String, members: [String])]
    public init(id: String, label: String, values: [(code: String, label: String, members: [String])]) {
        self.id = id; self.label = label; self.values = values
    }

    /// The `/codelists/{id}` reply.
    public func json() -> String {
        let type = id.hasPrefix("vs_") ? "Valueset" : "Aggregation"
        let vals = values.map { v in
            "{\"code\":\(MockCube.quote(v.code)),\"value\":\(MockCube.quote(v.label)),\"valueMap\":[\(v.members.map(MockCube.quote).joined(separator: ","))]}"
        }
        return "{\"id\":\(MockCube.quote(id)),\"label\":\(MockCube.quote(label)),\"language\":\"no\",\"type\":\"\(type)\",\"values\":[\(vals.joined(separator: ","))]}"
    }
}

extension MockCube {
    /// The cube with dimension `dimension` replaced by the codelist's codes, each the sum of its members
    /// (null, with the first member's symbol, when a member has no value).
    public func applying(_ list: MockCodelist, to dimension: String) -> MockCube {
        let k = dimensions.firstIndex { $0.code == dimension }!
        var dims = dimensions
        dims[k].codes = list.values.map(\.code); dims[k].labels = list.values.map(\.label)
        var out = self
        out.dimensions = dims
        let oldSizes = dimensions.map(\.codes.count), newSizes = dims.map(\.codes.count)
        let n = newSizes.reduce(1, *)
        out.values = [Double?](repeating: nil, count: n)
        out.status = [String?](repeating: nil, count: n)
        var counter = [Int](repeating: 0, count: dims.count)
        for i in 0..<n {
            var sum: Double? = 0
            var symbol: String? = nil
            for m in list.values[counter[k]].members {
                var old = 0
                for j in dims.indices { old = old * oldSizes[j] + (j == k ? dimensions[k].codes.firstIndex(of: m)! : counter[j]) }
                if let v = values[old], let s = sum { sum = s + v } else { sum = nil; symbol = symbol ?? status[old] }
            }
            out.values[i] = sum; out.status[i] = symbol
            var j = dims.count - 1
            while j >= 0 { counter[j] += 1; if counter[j] < newSizes[j] { break }; counter[j] = 0; j -= 1 }
        }
        return out
    }
}
