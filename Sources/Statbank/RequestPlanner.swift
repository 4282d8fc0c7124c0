import Foundation

/// Splitting a selection into requests the server accepts, and writing each as GET or POST.
public enum RequestPlanner {
    /// Splits the per-dimension code lists into parts of at most `maxCells` cells each, cutting the largest
    /// dimension into runs (and, when one of its values alone is still too many cells, the next largest, …).
    /// The parts cover the selection exactly once.
    public static func split(_ codes: [[String]], maxCells: Int) -> [[[String]]] {
        let cells = codes.reduce(1) { $0 * $1.count }
        guard cells > max(1, maxCells) else { return [codes] }
        guard let largest = codes.indices.filter({ codes[$0].count > 1 }).max(by: { codes[$0].count < codes[$1].count }) else {
            return [codes]
        }
        let n = codes[largest].count
        let rest = cells / n
        let run = max(1, maxCells / rest)
        var parts: [[[String]]] = []
        var start = 0
        while start < n {
            var part = codes
            part[largest] = Array(codes[largest][start..<min(n, start + run)])
            parts.append(contentsOf: split(part, maxCells: maxCells))
            start += run
        }
        return parts
    }

    /// `GET …/tables/ID/data?lang=…&outputFormat=json-stat2&valueCodes[VAR]=a,b…`, or a POST with the selection
    /// as a JSON body when that URL would be longer than `maxURLLength`.
    public static func request(base: String, table: String, language: String, dimensions: [String], codes: [[String]],
                               codelists: [(String, String)], maxURLLength: Int) -> HTTPRequest {
        let root = "\(base)/tables/\(StatbankClient.encode(table))/data?lang=\(language)&outputFormat=json-stat2"
        var url = root
        for (d, c) in zip(dimensions, codes) {
            url += "&valueCodes%5B\(StatbankClient.encode(d))%5D=" + c.map(StatbankClient.encode).joined(separator: ",")
        }
        for (d, id) in codelists { url += "&codelist%5B\(StatbankClient.encode(d))%5D=\(StatbankClient.encode(id))" }
        if url.count <= maxURLLength { return HTTPRequest(url: url) }
        return HTTPRequest(method: "POST", url: root, body: postBody(dimensions: dimensions, codes: codes, codelists: codelists))
    }

    /// `{"selection":[{"variableCode":"Region","valueCodes":["0301"],"codelist":"…"}]}`.
    static func postBody(dimensions: [String], codes: [[String]], codelists: [(String, String)]) -> Data {
        func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let items = zip(dimensions, codes).map { d, c -> String in
            var item = "{\"variableCode\":\(quote(d)),\"valueCodes\":[\(c.map(quote).joined(separator: ","))]"
            if let cl = codelists.first(where: { $0.0 == d }) { item += ",\"codelist\":\(quote(cl.1))" }
            return item + "}"
        }
        return Data("{\"selection\":[\(items.joined(separator: ","))]}".utf8)
    }
}
