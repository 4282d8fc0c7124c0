import Foundation
import Tables

/// Queries pasted from elsewhere: a v2 data URL as the statbank page or a colleague's script has it, and the
/// API v1 POST body the statbank page shows ("API query"), translated to a v2 selection.
extension Selection {
    /// `https://…/api/pxwebapi/v2/tables/11924/data?lang=no&valueCodes[Region]=0301,5001&codelist[Region]=…`
    /// → the API root (`https://…/api/pxwebapi/v2`), the table id and the selection.
    public static func fromURL(_ text: String) throws -> (base: String, table: String, selection: Selection) {
        let parts = text.split(separator: "?", maxSplits: 1).map(String.init)
        guard let path = parts.first, let range = path.range(of: "/tables/") else {
            throw StatbankError("`\(text)` is not a PxWebApi 2.0 table URL (…/tables/ID/data?valueCodes[VAR]=…)")
        }
        let base = String(path[..<range.lowerBound])
        let tail = path[range.upperBound...].split(separator: "/").map(String.init)
        guard let table = tail.first, !table.isEmpty, tail.count <= 2, tail.count == 1 || tail[1] == "data" || tail[1] == "metadata" else {
            throw StatbankError("`\(text)` names no table (expected …/tables/ID/data)")
        }
        var selection = Selection()
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            let key = kv[0], value = kv.count > 1 ? kv[1] : ""
            func inner(_ prefix: String) -> String? {
                guard key.lowercased().hasPrefix(prefix.lowercased() + "["), key.hasSuffix("]") else { return nil }
                return String(key.dropFirst(prefix.count + 1).dropLast())
            }
            if let v = inner("valueCodes") {
                selection.items.append(Item(variable: v, expressions: splitTopLevel(value)))
            } else if let v = inner("codelist") {
                selection.codelists.append((v, value, nil))
            }
            // lang, outputFormat, outputValues, heading, stub: not part of the selection.
        }
        return (base, table, selection)
    }

    /// An API v1 query (`{"query": [{"code": "Region", "selection": {"filter": "item", "values": […]}}], …}`):
    /// `item` → the codes, `all` → the patterns (`*`, `03*`), `top` → `top(n)`, `agg:X` / `vs:X` → the codelist
    /// `agg_X` / `vs_X` with the codes.
    public static func fromV1Query(_ data: Data, source: String) throws -> Selection {
        let root: JSONStatValue
        do { root = try JSONStatParser.parse(data) } catch let e as JSONStatError {
            throw StatbankError("\(source): \(e.message)")
        }
        guard let query = root["query"]?.arrayElements else {
            throw StatbankError("\(source): no `query` list (expected an API v1 query as the statbank page shows it)")
        }
        var selection = Selection()
        for (n, q) in query.enumerated() {
            guard let code = q["code"]?.stringValue, let sel = q["selection"], let filter = sel["filter"]?.stringValue else {
                throw StatbankError("\(source): query item \(n + 1) needs `code` and `selection.filter`")
            }
            let values = (sel["values"]?.arrayElements ?? []).compactMap(\.stringValue)
            let f = filter.lowercased()
            switch f {
            case "item":
                selection.items.append(Item(variable: code, expressions: values))
            case "all":
                selection.items.append(Item(variable: code, expressions: values.isEmpty ? ["*"] : values))
            case "top":
                guard values.count == 1, Int(values[0]) != nil else {
                    throw StatbankError("\(source): `\(code)`: filter `top` needs one number in `values`")
                }
                selection.items.append(Item(variable: code, expressions: ["top(\(values[0]))"]))
            default:
                if f.hasPrefix("agg:") || f.hasPrefix("vs:") {
                    let prefix = f.hasPrefix("agg:") ? "agg_" : "vs_"
                    let name = String(filter.drop { $0 != ":" }.dropFirst())
                    selection.codelists.append((code, name.hasPrefix(prefix) ? name : prefix + name, nil))
                    selection.items.append(Item(variable: code, expressions: values.isEmpty ? ["*"] : values))
                } else {
                    throw StatbankError("\(source): `\(code)`: filter `\(filter)` is not one of item, all, top, agg:…, vs:…")
                }
            }
        }
        return selection
    }

    static func splitTopLevel(_ s: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { if !current.isEmpty { out.append(current) }; current = "" } else { current.append(c) }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
