import Foundation
import Tables

/// Every reply the client gets, stored by its canonical request (method, URL, body) so a session replays
/// without network: `<folder>/<table>/<sha256 of the request>.json`, with the request itself in `….request`.
public struct StatbankCache: Sendable {
    public var folder: String

    public init(folder: String) { self.folder = folder }

    /// `$XDG_CACHE_HOME/hws/ssb`, else `~/.cache/hws/ssb`.
    public static func defaultFolder(environment: [String: String]) -> String {
        if let x = environment["XDG_CACHE_HOME"], !x.isEmpty { return x + "/hws/ssb" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/hws/ssb"
    }

    func path(for request: HTTPRequest, table: String) -> String {
        let safe = table.isEmpty ? "_server" : table.replacingOccurrences(of: "/", with: "_")
        return "\(folder)/\(safe)/\(SHA256.hex(request.canonical)).json"
    }

    /// The stored reply; with `maxAge` (seconds) only one stored that recently.
    public func read(_ request: HTTPRequest, table: String, maxAge: Double? = nil) -> Data? {
        let p = path(for: request, table: table)
        if let maxAge {
            // No modification date: treated as stale, so it is fetched again.
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date,
                  Date().timeIntervalSince(modified) <= maxAge else { return nil }
        }
        return FileManager.default.contents(atPath: p)
    }

    /// The metadata of `table` stored in the cache without asking anyone: the reply to `GET …/tables/ID/metadata`
    /// from the server at `base` if stored, else from any server. Nil when none is stored or it does not parse.
    public func cachedMetadata(_ table: String, preferring base: String? = nil) -> StatbankMetadata? {
        let dir = "\(folder)/\(table.replacingOccurrences(of: "/", with: "_"))"
        // Nothing cached for the table is no metadata (completion only; it never touches the network).
        let requests = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".request") }.sorted()
        var found: [(preferred: Bool, json: String)] = []
        for r in requests {
            guard let text = FileManager.default.contents(atPath: dir + "/" + r).map({ String(decoding: $0, as: UTF8.self) }),
                  text.hasPrefix("GET "), text.contains("/tables/"), text.contains("/metadata") else { continue }
            found.append((base.map { text.hasPrefix("GET \($0)/") } ?? false, dir + "/" + String(r.dropLast(8)) + ".json"))
        }
        for f in found.filter(\.preferred) + found.filter({ !$0.preferred }) {
            // A damaged cached reply is passed over here; `ssb describe` fetches it again and says what is wrong.
            if let data = FileManager.default.contents(atPath: f.json), let md = try? StatbankMetadata.parse(data, table: table) { return md }
        }
        return nil
    }

    /// Stores a reply atomically (a half-written file never appears under the final name).
    public func write(_ body: Data, for request: HTTPRequest, table: String) throws {
        let p = path(for: request, table: table)
        do {
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try AtomicFile.write(Data((request.canonical + "\n").utf8), to: String(p.dropLast(5)) + ".request")
            try AtomicFile.write(body, to: p)
        } catch {
            throw StatbankError("cannot write the statbank cache in `\(folder)`: \(error.localizedDescription)",
                                hint: "set another folder with `set ssb_cache DIR`")
        }
    }
}

/// One line of `ssb.lock`: which table and query a session used, the table's `updated` stamp and the
/// SHA-256 of the reply (of the parts' hashes, one a line, when the fetch took several requests).
public struct StatbankLockEntry: Sendable, Equatable {
    public var table: String
    public var query: String
    public var updated: String
    public var sha256: String
    public init(table: String, query: String, updated: String, sha256: String) {
        self.table = table; self.query = query; self.updated = updated; self.sha256 = sha256
    }
}

/// `ssb.lock`: tab-separated `table, query, updated, sha256`, one entry per table and query (a new fetch
/// of the same query replaces its line). Written atomically.
public enum StatbankLock {
    public static let header = "table\tquery\tupdated\tsha256"

    public static func read(path: String) throws -> [StatbankLockEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var out: [StatbankLockEntry] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line == header { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else {
                throw StatbankError("\(path):\(n + 1): expected 4 tab-separated fields (table, query, updated, sha256), found \(f.count)")
            }
            out.append(StatbankLockEntry(table: f[0], query: f[1], updated: f[2], sha256: f[3]))
        }
        return out
    }

    public static func record(_ entry: StatbankLockEntry, path: String) throws {
        var entries = try read(path: path).filter { !($0.table == entry.table && $0.query == entry.query) }
        entries.append(entry)
        let text = ([header] + entries.map { "\($0.table)\t\($0.query)\t\($0.updated)\t\($0.sha256)" }).joined(separator: "\n") + "\n"
        try AtomicFile.write(text, to: path)
    }
}
