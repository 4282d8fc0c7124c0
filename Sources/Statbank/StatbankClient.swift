import Foundation
import Tables

/// The server's limits from `/config` (SSB: 800 000 cells, 30 calls per 60 s).
public struct ServerConfig: Sendable, Equatable {
    public var maxDataCells: Int
    public var maxCalls: Int
    public var timeWindow: Double
    public init(maxDataCells: Int = 800_000, maxCalls: Int = 30, timeWindow: Double = 60) {
        self.maxDataCells = maxDataCells; self.maxCalls = maxCalls; self.timeWindow = timeWindow
    }
}

/// What a fetch reports while it runs (for a progress line).
public enum FetchEvent: Sendable, Equatable {
    /// Request `part` (1-based) of `of` is being sent (`cached`: read from the cache instead).
    case request(part: Int, of: Int, cells: Int, cached: Bool)
    /// Waiting `seconds` before the next request (`reason`: rate limit, Retry-After, retry).
    case waiting(seconds: Double, reason: String)
}

public struct StatbankOptions: Sendable {
    /// The API root, e.g. `https://data.ssb.no/api/pxwebapi/v2`.
    public var baseURL: String
    public var language: String
    /// Where replies are stored; nil = no cache (and offline mode has nothing to read).
    public var cacheFolder: String?
    /// Never touch the network; a reply not in the cache is an error naming the request.
    public var offline: Bool
    /// GET URLs longer than this are sent as POST with the selection in the body.
    public var maxURLLength: Int
    /// Attempts after a 429 (each waits Retry-After).
    public var maxRateLimitRetries: Int
    /// Attempts after a 5xx, a dropped connection or a truncated reply (waiting 1, 2, 4, … s).
    public var maxRetries: Int

    public static let defaultBaseURL = "https://data.ssb.no/api/pxwebapi/v2"

    public init(baseURL: String = StatbankOptions.defaultBaseURL, language: String = "no", cacheFolder: String? = nil,
                offline: Bool = false, maxURLLength: Int = 2000, maxRateLimitRetries: Int = 5, maxRetries: Int = 3) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base; self.language = language; self.cacheFolder = cacheFolder; self.offline = offline
        self.maxURLLength = maxURLLength; self.maxRateLimitRetries = maxRateLimitRetries; self.maxRetries = maxRetries
    }
}

/// The result of fetching a selection.
public struct FetchResult: Sendable {
    public var table: Table
    public var metadata: StatbankMetadata
    /// The selection with explicit codes, per selected dimension, in the table's order.
    public var resolved: [(dimension: String, codes: [String])]
    /// The requests the fetch needed (parts), and how many of them came from the network.
    public var parts: Int
    public var fromNetwork: Int
    public var lock: StatbankLockEntry
}

/// A PxWebApi 2.0 client (Statistics Norway's statbank and other PxWeb servers): table search, metadata,
/// data for a selection, split under the server's cell limit, paced to its rate limit, retried, reassembled
/// and cached. Synchronous: it runs inside a statement; `isCancelled` is polled between and during requests.
/// Unchecked: its mutable state (`cacheOnly`, the server configuration, `sentRequests`) belongs to the one
/// statement that uses the client, on that statement's thread; the shared rate budget is the locked `RatePacer`.
public final class StatbankClient: @unchecked Sendable {
    public let options: StatbankOptions
    let transport: HTTPTransport
    let clock: StatbankClock
    let isCancelled: @Sendable () -> Bool
    public var progress: (@Sendable (FetchEvent) -> Void)?
    private let pacer: RatePacer
    private var paced = false
    private var serverConfig: ServerConfig?
    /// Set while `refresh` reads the old vintage: the cache only.
    private var cacheOnly = false
    var offline: Bool { options.offline || cacheOnly }
    /// Requests that went to the network, in order (for tests and `timer`).
    public private(set) var sentRequests: [HTTPRequest] = []

    /// `pacer`: pass the same one to every client of a session so the rate limit holds across statements.
    public init(options: StatbankOptions, transport: HTTPTransport = URLSessionTransport.shared, clock: StatbankClock = SystemClock(),
                pacer: RatePacer = RatePacer(), isCancelled: @escaping @Sendable () -> Bool = { Cancellation.isRequested }) {
        self.options = options; self.transport = transport; self.clock = clock; self.pacer = pacer; self.isCancelled = isCancelled
    }

    var cache: StatbankCache? { options.cacheFolder.map(StatbankCache.init(folder:)) }

    // MARK: - Endpoints

    /// `/config`: the cell limit and the rate limit (defaults where the server leaves them out).
    public func config(refresh: Bool = false) throws -> ServerConfig {
        if let c = serverConfig, !refresh { return c }
        // Offline-first, but a stored configuration older than a day is asked for again when online.
        let body = try get(HTTPRequest(url: "\(options.baseURL)/config"), table: "", what: "the server's configuration",
                           cacheFirst: !refresh, maxAge: 86_400)
        // Not JSON, or not the shape expected: the else branch throws a StatbankError saying so.
        guard let root = try? JSONStatParser.parse(body) else {
            throw StatbankError("the server's configuration (\(options.baseURL)/config) is not JSON")
        }
        var c = ServerConfig()
        if let n = root["maxDataCells"].flatMap(wholeNumber), n >= 1 { c.maxDataCells = n }
        if let n = root["maxCallsPerTimeWindow"].flatMap(wholeNumber), n >= 1 { c.maxCalls = n }
        if let n = root["timeWindow"]?.numberValue, n.isFinite, n >= 0, n <= 86_400 { c.timeWindow = n }
        serverConfig = c
        pacer.configure(maxCalls: c.maxCalls, window: c.timeWindow)
        paced = true
        return c
    }

    /// `/tables?query=WORDS`: id, title, first and last period, updated.
    public func search(_ words: String, pageSize: Int = 100) throws -> Table {
        let url = "\(options.baseURL)/tables?query=\(Self.encode(words))&lang=\(options.language)&pageSize=\(pageSize)"
        let body = try get(HTTPRequest(url: url), table: "_search", what: "the table search for `\(words)`", cacheFirst: false)
        // Not JSON, or not the shape expected: the else branch throws a StatbankError saying so.
        guard let root = try? JSONStatParser.parse(body), let tables = root["tables"]?.arrayElements else {
            throw StatbankError("the table search for `\(words)` did not answer with a table list")
        }
        func text(_ v: JSONStatValue?) -> Value { v?.stringValue.map { .string($0) } ?? .null }
        return Table(names: ["id", "title", "first_period", "last_period", "updated"], rows: tables.map { t in
            [text(t["id"]), text(t["label"]), text(t["firstPeriod"]), text(t["lastPeriod"]), text(t["updated"])]
        })
    }

    /// `/tables/{id}/metadata`: dimensions, values, elimination, codelists, units, notes.
    public func metadata(_ id: String, refresh: Bool = false) throws -> StatbankMetadata {
        let url = "\(options.baseURL)/tables/\(Self.encode(id))/metadata?lang=\(options.language)"
        let body = try get(HTTPRequest(url: url), table: id, what: "table \(id) metadata", cacheFirst: !refresh)
        return try StatbankMetadata.parse(body, table: id)
    }

    /// A codelist's values (`/codelists/{id}`): code and label of each.
    public func codelist(_ listID: String, refresh: Bool = false) throws -> (id: String, label: String, values: [(code: String, label: String)]) {
        let url = "\(options.baseURL)/codelists/\(Self.encode(listID))?lang=\(options.language)"
        let body = try get(HTTPRequest(url: url), table: "_codelists", what: "codelist \(listID)", cacheFirst: !refresh)
        // Not JSON, or not the shape expected: the else branch throws a StatbankError saying so.
        guard let root = try? JSONStatParser.parse(body), let values = root["values"]?.arrayElements else {
            throw StatbankError("codelist \(listID): the reply has no `values`")
        }
        return (listID, root["label"]?.stringValue ?? listID, values.compactMap { v in
            v["code"]?.stringValue.map { ($0, v["value"]?.stringValue ?? v["label"]?.stringValue ?? $0) }
        })
    }

    // MARK: - Data

    /// Fetches `selection` of table `id` as one row per cell. `refresh`: ask the server again even for
    /// replies in the cache (metadata included, so `top(5)` sees new periods).
    public func fetch(_ id: String, selection: Selection, refresh: Bool = false) throws -> FetchResult {
        let (md, resolved, codelists) = try prepare(id, selection: selection, refresh: refresh)
        let cfg = try config()
        let parts = RequestPlanner.split(resolved.map(\.codes), maxCells: cfg.maxDataCells)
        var assembler = try CubeAssembler(metadata: md, resolved: resolved)
        var hashes: [String] = []
        var network = 0
        for (k, part) in parts.enumerated() {
            if isCancelled() { throw CancelledError() }
            let request = RequestPlanner.request(base: options.baseURL, table: id, language: options.language,
                                                 dimensions: resolved.map(\.dimension), codes: part, codelists: codelists,
                                                 maxURLLength: options.maxURLLength)
            let cells = part.reduce(1) { $0 * $1.count }
            let cached = refresh ? nil : cache?.read(request, table: id)
            progress?(.request(part: k + 1, of: parts.count, cells: cells, cached: cached != nil))
            var body: Data
            if let cached {
                body = cached
                try assembler.add(body, what: "table \(id) (cached reply \(k + 1) of \(parts.count))")
            } else {
                // A 200 whose body does not parse (cut off on the way) is retried like a dropped connection.
                var attempt = 0
                while true {
                    body = try send(request, table: id, what: "table \(id) data")
                    network += 1
                    do {
                        try assembler.add(body, what: "table \(id) (reply \(k + 1) of \(parts.count))")
                        break
                    } catch let e as StatbankError where e.status == nil && attempt < options.maxRetries {
                        attempt += 1
                        try wait(Double(1 << (attempt - 1)), reason: "reply was incomplete; retrying")
                    }
                }
                try cache?.write(body, for: request, table: id)
            }
            hashes.append(SHA256.hex(body))
        }
        let table = try assembler.table()
        let sha = hashes.count == 1 ? hashes[0] : SHA256.hex(hashes.joined(separator: "\n"))
        // The lock names dimensions as the table does (the shell's word splitter lower-cases them).
        var canonical = selection
        for i in canonical.items.indices { canonical.items[i].variable = md.dimension(canonical.items[i].variable)?.code ?? canonical.items[i].variable }
        let lock = StatbankLockEntry(table: id, query: canonical.text,
                                     updated: md.updated ?? "", sha256: sha)
        return FetchResult(table: table, metadata: md, resolved: resolved, parts: parts.count, fromNetwork: network, lock: lock)
    }

    /// The table's metadata (with codelists applied: their values replace the dimension's), the explicit codes
    /// the selection names per dimension, and the codelists to send.
    public func prepare(_ id: String, selection: Selection, refresh: Bool = false) throws
        -> (metadata: StatbankMetadata, resolved: [(dimension: String, codes: [String])], codelists: [(String, String)]) {
        var md = try metadata(id, refresh: refresh)
        // codelist[VAR]=ID: the dimension's values become the codelist's (aggregates or value sets).
        var codelists: [(String, String)] = []
        for c in selection.codelists {
            guard let k = md.dimensions.firstIndex(where: { $0.code.lowercased() == c.variable.lowercased() }) else {
                throw StatbankError("table \(id) has no dimension `\(c.variable)` for `codelist[\(c.variable)]`", span: c.span,
                                    hint: "its dimensions are \(md.dimensions.map(\.code).joined(separator: ", "))")
            }
            let d = md.dimensions[k]
            guard d.codelists.contains(where: { $0.id == c.id }) else {
                throw StatbankError("table \(id), dimension `\(d.code)` offers no codelist `\(c.id)`", span: c.span,
                                    hint: d.codelists.isEmpty ? "it has no codelists" : "its codelists: \(d.codelists.map(\.id).joined(separator: ", "))")
            }
            let list = try codelist(c.id, refresh: refresh)
            md.dimensions[k].codes = list.values.map(\.code)
            md.dimensions[k].labels = list.values.map(\.label)
            codelists.append((d.code, c.id))
        }
        return (md, try Self.resolve(selection, metadata: md), codelists)
    }

    /// Fetches `selection` again from the server and compares it with the vintage in the cache (cells changed,
    /// periods added, status changes). Without a cached vintage every cell counts as added.
    public func refresh(_ id: String, selection: Selection) throws -> (result: FetchResult, diff: VintageDiff.Result) {
        cacheOnly = true
        // No cached vintage (or an unreadable one) compares as empty: every cell counts as added, as documented.
        let old = try? fetch(id, selection: selection)
        cacheOnly = false
        let new = try fetch(id, selection: selection, refresh: true)
        let dims = new.resolved.map(\.dimension)
        let time = new.metadata.dimensions.first { $0.isTime && dims.contains($0.code) }?.code
        let empty = new.table.gather([])
        let diff = try VintageDiff.diff(old: old?.table ?? empty, new: new.table, dimensions: dims, timeDimension: time)
        return (new, diff)
    }

    /// The explicit codes a selection names, per dimension in the table's order. Unselected dimensions that can be
    /// eliminated are left out; others are an error listing their values.
    public static func resolve(_ selection: Selection, metadata md: StatbankMetadata) throws -> [(dimension: String, codes: [String])] {
        var byDimension: [String: Selection.Item] = [:]
        for item in selection.items {
            guard let d = md.dimension(item.variable) else {
                throw StatbankError("table \(md.id) has no dimension `\(item.variable)`", span: item.span,
                                    hint: NameSuggester.hint(for: item.variable, in: md.dimensions.map(\.code))
                                        ?? "its dimensions are \(md.dimensions.map(\.code).joined(separator: ", "))")
            }
            byDimension[d.code] = item
        }
        for c in selection.codelists where md.dimension(c.variable) == nil {
            throw StatbankError("table \(md.id) has no dimension `\(c.variable)` for `codelist[\(c.variable)]`", span: c.span)
        }
        var out: [(String, [String])] = []
        for d in md.dimensions {
            guard let item = byDimension[d.code] else {
                if d.elimination { continue }
                let shown = d.codes.prefix(8).enumerated().map { "\($1) \(d.labels[$0])" }.joined(separator: ", ")
                throw StatbankError("table \(md.id): dimension `\(d.code)` (\(d.label)) must be selected; its \(d.codes.count) values: \(shown)\(d.codes.count > 8 ? ", …" : "")",
                                    hint: "add \(d.code)=* for all, or \(d.code)=\(d.codes.first ?? "CODE")")
            }
            let codes: [String]
            do { codes = try SelectionExpression.resolve(item.expressions, codes: d.codes, isTime: d.isTime) } catch let e as SelectionError {
                throw StatbankError("table \(md.id), dimension `\(d.code)` \(e.message)", span: item.span,
                                    hint: unknownValueHint(e, d))
            }
            guard !codes.isEmpty else {
                throw StatbankError("table \(md.id), dimension `\(d.code)`: `\(item.expressions.joined(separator: ","))` selects no values", span: item.span)
            }
            out.append((d.code, codes))
        }
        return out
    }

    private static func unknownValueHint(_ e: SelectionError, _ d: StatbankMetadata.Dimension) -> String? {
        guard case .unknownValue(let v, _) = e else { return nil }
        if let s = NameSuggester.hint(for: v, in: d.codes) { return s }
        // A label typed where a code belongs: offer the code.
        if let i = d.labels.firstIndex(where: { $0.lowercased() == v.lowercased() }) { return "`\(v)` is the label of code \(d.codes[i])" }
        return "`ssb describe \(d.code)` values: \(d.codes.prefix(6).joined(separator: ", "))\(d.codes.count > 6 ? ", …" : "")"
    }

    // MARK: - Requests

    /// A reply from the cache (when `cacheFirst` or offline) or from the network (then stored).
    private func get(_ request: HTTPRequest, table: String, what: String, cacheFirst: Bool, maxAge: Double? = nil) throws -> Data {
        if offline, let data = cache?.read(request, table: table) { return data }
        if cacheFirst, let data = cache?.read(request, table: table, maxAge: maxAge) { return data }
        let body = try send(request, table: table, what: what)
        try cache?.write(body, for: request, table: table)
        return body
    }

    /// Sends one request: paced, with 429 + Retry-After honoured and 5xx / dropped connections retried.
    func send(_ request: HTTPRequest, table: String, what: String) throws -> Data {
        if offline {
            throw StatbankError("offline, and \(what) is not in the cache: \(request.method) \(request.url)",
                                hint: "`set ssb offline off` to fetch it, or point `set ssb_cache DIR` at a cache that has it")
        }
        if !paced, !request.url.hasSuffix("/config") { _ = try config() }
        var rateLimited = 0, failures = 0
        while true {
            if isCancelled() { throw CancelledError() }
            let d = pacer.delay(at: clock.now())
            if d > 0 { try wait(d, reason: "pacing to \(pacer.maxCalls) requests per \(NumberFormat.plain(pacer.window)) s") }
            pacer.record(at: clock.now())
            sentRequests.append(request)
            let response: HTTPResponse
            do {
                response = try transport.send(request, isCancelled: isCancelled)
            } catch let e as TransportError where !e.retryable {
                let host = URL(string: request.url)?.host ?? request.url
                throw StatbankError("\(what): cannot reach \(host): \(e.description)",
                                    hint: "check the network or HWS_SSB_URL; `set ssb offline on` works from the cache")
            } catch let e as TransportError {
                failures += 1
                guard failures <= options.maxRetries else {
                    throw StatbankError("\(what): the connection failed \(failures) times: \(e.description) (\(request.method) \(request.url))")
                }
                try wait(Double(1 << (failures - 1)), reason: "connection failed; retrying")
                continue
            }
            switch response.status {
            case 200..<300:
                return response.body
            case 429:
                rateLimited += 1
                guard rateLimited <= options.maxRateLimitRetries else {
                    throw StatbankError("\(what): the server still refuses after \(rateLimited) waits (HTTP 429 Too Many Requests)",
                                        hint: "others behind the same address may be using the statbank; try again later", status: 429)
                }
                // Retry-After in seconds (an HTTP date or nonsense: one rate window); at most an hour.
                let retryAfter = response.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                    .flatMap { $0.isFinite && $0 >= 0 ? min($0, 3600) : nil }
                try wait(retryAfter ?? pacer.window, reason: "server asked to wait (429)")
            case 500..<600:
                failures += 1
                guard failures <= options.maxRetries else {
                    throw StatbankError.fromResponse(status: response.status, body: response.body, what: what)
                }
                try wait(Double(1 << (failures - 1)), reason: "server error \(response.status); retrying")
            default:
                throw StatbankError.fromResponse(status: response.status, body: response.body, what: what)
            }
        }
    }

    private func wait(_ seconds: Double, reason: String) throws {
        progress?(.waiting(seconds: seconds, reason: reason))
        try clock.sleep(seconds, isCancelled: isCancelled)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes a query value (RFC 3986 unreserved characters stay).
    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }
}
