import Foundation
import Tables

/// A statbank table's metadata, read from the v2 `/tables/{id}/metadata` reply (JSON-stat 2.0 without values).
public struct StatbankMetadata: Sendable, Equatable {
    public struct Dimension: Sendable, Equatable {
        public var code: String
        public var label: String
        public var codes: [String]
        public var labels: [String]
        /// True when the dimension may be left out of a selection (the API then sums it or uses `eliminationValue`).
        public var elimination: Bool
        public var eliminationValue: String?
        public var codelists: [(id: String, label: String)]
        public var isTime: Bool
        public var isContents: Bool
        public var notes: [String]

        public func label(of code: String) -> String? { codes.firstIndex(of: code).map { labels[$0] } }

        public static func == (a: Dimension, b: Dimension) -> Bool {
            a.code == b.code && a.label == b.label && a.codes == b.codes && a.labels == b.labels
                && a.elimination == b.elimination && a.eliminationValue == b.eliminationValue
                && a.codelists.map(\.id) == b.codelists.map(\.id) && a.isTime == b.isTime && a.notes == b.notes
        }
    }

    public struct ContentUnit: Sendable, Equatable {
        public var code: String
        public var unit: String
        public var decimals: Int?
    }

    public var id: String
    public var label: String
    public var source: String?
    public var updated: String?
    public var dimensions: [Dimension]
    public var units: [ContentUnit]
    public var notes: [String]

    public func dimension(_ code: String) -> Dimension? {
        dimensions.first { $0.code == code } ?? dimensions.first { $0.code.lowercased() == code.lowercased() }
    }

    /// Reads the metadata reply of table `id`.
    public static func parse(_ data: Data, table id: String) throws -> StatbankMetadata {
        let root: JSONStatValue
        do { root = try JSONStatParser.parse(data) } catch let e as JSONStatError {
            throw StatbankError("table \(id): the metadata is \(e.message)")
        }
        guard let ids = root["id"]?.arrayElements?.compactMap(\.stringValue), let dims = root["dimension"] else {
            throw StatbankError("table \(id): the metadata has no `id` and `dimension` (not a JSON-stat 2.0 reply)")
        }
        let timeIDs = Set((root["role"]?["time"]?.arrayElements ?? []).compactMap(\.stringValue))
        let metricIDs = Set((root["role"]?["metric"]?.arrayElements ?? []).compactMap(\.stringValue))
        var dimensions: [Dimension] = []
        var units: [ContentUnit] = []
        for code in ids {
            guard let d = dims[code] else { throw StatbankError("table \(id): the metadata names dimension `\(code)` but does not describe it") }
            let category = d["category"]
            var codes: [String] = []
            switch category?["index"] {
            case .array(let a)?: codes = a.compactMap(\.stringValue)
            case .object(let members)?:
                codes = [String](repeating: "", count: members.count)
                for (c, p) in members {
                    guard let i = wholeNumber(p), i >= 0, i < members.count else {
                        throw StatbankError("table \(id): dimension `\(code)` has a bad category index for `\(c)`")
                    }
                    codes[i] = c
                }
            default:
                codes = (category?["label"]?.objectMembers ?? []).map(\.key)
            }
            var labelOf: [String: String] = [:]
            for (c, l) in category?["label"]?.objectMembers ?? [] { labelOf[c] = l.stringValue }
            let ext = d["extension"]
            let elimination: Bool
            if case .bool(let b)? = ext?["elimination"] { elimination = b } else { elimination = false }
            let codelists = (ext?["codeLists"]?.arrayElements ?? []).compactMap { c -> (String, String)? in
                guard let i = c["id"]?.stringValue else { return nil }
                return (i, c["label"]?.stringValue ?? i)
            }
            let isContents = metricIDs.contains(code) || code == "ContentsCode"
            if isContents {
                for c in codes {
                    if let u = category?["unit"]?[c] {
                        units.append(ContentUnit(code: c, unit: u["base"]?.stringValue ?? u["label"]?.stringValue ?? "",
                                                 decimals: wholeNumber(u["decimals"] ?? .null)))
                    }
                }
            }
            let lower = code.lowercased()
            dimensions.append(Dimension(
                code: code, label: d["label"]?.stringValue ?? code, codes: codes, labels: codes.map { labelOf[$0] ?? $0 },
                elimination: elimination, eliminationValue: ext?["eliminationValueCode"]?.stringValue,
                codelists: codelists,
                isTime: timeIDs.contains(code) || (timeIDs.isEmpty && ["tid", "time", "år"].contains(lower)),
                isContents: isContents, notes: (d["note"]?.arrayElements ?? []).compactMap(\.stringValue)))
        }
        return StatbankMetadata(id: id, label: root["label"]?.stringValue ?? id, source: root["source"]?.stringValue,
                                updated: root["updated"]?.stringValue, dimensions: dimensions, units: units,
                                notes: (root["note"]?.arrayElements ?? []).compactMap(\.stringValue))
    }

    /// The table's dimensions, one row each: code, label, values (count), elimination, codelists, first and last value.
    public func dimensionsTable() -> Table {
        Table(names: ["dimension", "label", "values", "elimination", "codelists", "first", "last"],
              rows: dimensions.map { d in
                  [.string(d.code), .string(d.label), .int(Int64(d.codes.count)),
                   .string(d.elimination ? (d.eliminationValue.map { "yes (\($0))" } ?? "yes") : "no"),
                   .string(d.codelists.map(\.id).joined(separator: " ")),
                   d.codes.first.map { .string($0) } ?? .null, d.codes.last.map { .string($0) } ?? .null]
              })
    }

    /// Units and decimals per content code.
    public func unitsTable() -> Table {
        let contents = dimensions.first { $0.isContents }
        return Table(names: ["content", "label", "unit", "decimals"], rows: units.map { u in
            [.string(u.code), .string(contents?.label(of: u.code) ?? u.code), .string(u.unit),
             u.decimals.map { .int(Int64($0)) } ?? .null]
        })
    }
}

extension StatbankMetadata.Dimension {
    /// Values whose code starts with `prefix`, or whose label has a word starting with it, lower-cased and
    /// æøå-folded (`bod` and `Bodø` both find `1804 Bodø`, `trom` finds `5501 Tromsø`): for tab completion.
    public func values(matching prefix: String) -> [(code: String, label: String)] {
        let key = NameSuggester.fold(prefix)
        guard !key.isEmpty else { return zip(codes, labels).map { ($0, $1) } }
        func starts(_ text: String) -> Bool {
            let folded = NameSuggester.fold(text)
            return folded.count >= key.count && Array(folded.prefix(key.count)) == key
        }
        return codes.indices.filter { i in
            starts(codes[i]) || labels[i].split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "(" }).contains { starts(String($0)) }
        }.map { (codes[$0], labels[$0]) }
    }
}

extension StatbankCache {
    /// Table ids with something in the cache (for completing `ssb ID`), sorted.
    public func cachedTables() -> [String] {
        // No cache folder yet is no cached tables.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }.sorted()
    }
}
