import Foundation
import Synchronization
import Statbank
#if canImport(Glibc)
import Glibc
#endif

/// A PxWebApi 2.0 server for tests, on 127.0.0.1 with a free port: `/config`, `/tables?query=`,
/// `/tables/{id}/metadata` and `/tables/{id}/data` (GET `valueCodes[VAR]=…` or POST `{"selection": …}`),
/// answering any selection by slicing its full cubes (selection expressions resolved with
/// `SelectionExpression`). Faults are queued with `inject` and hit the next matching requests.
/// HTTP/1.1 with `Connection: close`, one thread per connection. `stop()` (or deinit) ends it.
public final class MockPxWeb: @unchecked Sendable {
    public enum Fault: Sendable {
        /// Answer with this status, optional Retry-After and body (a problem document, …).
        case status(Int, retryAfter: String? = nil, body: String = "")
        /// Send the headers and half the body, then close.
        case truncate
        /// Close the connection without answering.
        case drop
        /// Hold the answer until `release()` or stop (at most `seconds`).
        case slow(seconds: Double)
    }

    struct State {
        var cubes: [String: MockCube] = [:]
        var maxDataCells = 800_000
        var maxCalls = 30
        var timeWindow = 60
        var faults: [(pathContains: String, fault: Fault)] = []
        var log: [String] = []
    }

    private let state = Mutex(State())
    private let listener: Int32
    public let port: UInt16
    private let stopped = Atomic<Bool>(false)
    private let released = Atomic<Bool>(false)
    private let slowStarted = Atomic<Int>(0)

    /// A path segment of this server's own. Suites run in parallel and ports are reused: a client whose
    /// server has stopped could reach the next server on the same port. Such a stray request gets 421 and
    /// is not logged, so it cannot change another test's answer or its request counts.
    public let token = "m" + String(UInt64.random(in: 0...UInt64.max), radix: 36)

    public var baseURL: String { "http://127.0.0.1:\(port)/\(token)/api/v2" }

    /// A transport of this server's own (its own URLSession and connection pool): clients of different
    /// test servers share no pooled connection, even when a port comes round again.
    public let transport = URLSessionTransport(timeout: 60)

    public init(cubes: [MockCube] = []) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MockError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw MockError("bind/listen failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        state.withLock { s in for c in cubes { s.cubes[c.id] = c } }
        // The loop holds the server weakly: dropping the last reference stops it (deinit), as does `stop()`.
        // The loop alone closes the listening socket, when it ends: were `stop()` to close it while the
        // loop sits in poll(2), the next server's socket could get the same descriptor number and this loop
        // would accept that server's connections and answer them with the wrong token (the 421s once seen).
        let thread = Thread { [weak self] in
            while let server = self, server.acceptOnce() {}
            close(fd)
        }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting (the accept loop closes the socket as it ends); connections in progress finish
    /// (slow ones are released).
    public func stop() {
        if stopped.exchange(true, ordering: .relaxed) { return }
        released.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
    }

    // MARK: - Control

    public func put(_ cube: MockCube) { state.withLock { $0.cubes[cube.id] = cube } }
    public func setLimits(maxDataCells: Int? = nil, maxCalls: Int? = nil, timeWindow: Int? = nil) {
        state.withLock { s in
            if let m = maxDataCells { s.maxDataCells = m }
            if let m = maxCalls { s.maxCalls = m }
            if let t = timeWindow { s.timeWindow = t }
        }
    }
    /// Queue a fault for the next request whose path and query contain `pathContains`.
    public func inject(_ fault: Fault, on pathContains: String = "/data") {
        state.withLock { $0.faults.append((pathContains, fault)) }
    }
    /// Requests served so far: `GET /api/v2/tables/…?…` (POST bodies after a space).
    public var log: [String] { state.withLock { $0.log } }
    public var dataRequests: [String] { log.filter { $0.contains("/data") } }
    public func release() { released.store(true, ordering: .relaxed) }
    /// How many slow answers have started waiting.
    public var slowRequestsWaiting: Int { slowStarted.load(ordering: .relaxed) }

    // MARK: - Serving

    /// Waits up to 50 ms for a connection and serves it on its own thread; false once stopped.
    private func acceptOnce() -> Bool {
        if stopped.load(ordering: .relaxed) { return false }
        var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 50) > 0 else { return true }
        let client = accept(listener, nil, nil)
        if client >= 0 { Thread.detachNewThread { [self] in handle(client) } }
        return true
    }

    private func handle(_ fd: Int32) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int? = nil
        while headerEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return }
            buffer.append(contentsOf: chunk[0..<n])
            headerEnd = Self.find(buffer, [13, 10, 13, 10])
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        let method = String(requestLine[0]), fullTarget = String(requestLine[1])
        let ours = fullTarget.hasPrefix("/\(token)/")
        // The log and the routes see the path without the token (`GET /api/v2/…`).
        let target = ours ? String(fullTarget.dropFirst(token.count + 1)) : fullTarget
        var length = 0
        for l in lines where l.lowercased().hasPrefix("content-length:") {
            length = Int(l.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        var body = Array(buffer[(headerEnd! + 4)...])
        while body.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return }
            body.append(contentsOf: chunk[0..<n])
        }
        let bodyData = Data(body)
        let fault: Fault? = !ours ? nil : state.withLock { s in
            s.log.append("\(method) \(target)" + (body.isEmpty ? "" : " " + String(decoding: body, as: UTF8.self)))
            guard let i = s.faults.firstIndex(where: { target.contains($0.pathContains) }) else { return nil }
            return s.faults.remove(at: i).fault
        }
        var (status, extra, payload) = ours ? route(method: method, target: target, body: bodyData)
            : Self.problem(421, "Misdirected Request", "not this server's path: \(fullTarget)")
        switch fault {
        case .status(let code, let retryAfter, let b)?:
            status = code; payload = Data(b.utf8)
            extra = retryAfter.map { ["Retry-After": $0] } ?? [:]
            extra["Content-Type"] = "application/problem+json"
        case .drop?: return
        case .slow(let seconds)?:
            slowStarted.add(1, ordering: .relaxed)
            let end = Date().addingTimeInterval(seconds)
            while !released.load(ordering: .relaxed), Date() < end { usleep(5_000) }
        default: break
        }
        var response = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n"
        if extra["Content-Type"] == nil { response += "Content-Type: application/json; charset=utf-8\r\n" }
        for (k, v) in extra { response += "\(k): \(v)\r\n" }
        response += "\r\n"
        var out = [UInt8](response.utf8)
        if case .truncate? = fault { out += payload.prefix(payload.count / 2) } else { out += payload }
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    static func problem(_ status: Int, _ title: String, _ detail: String) -> (Int, [String: String], Data) {
        let body = "{\"type\":\"about:blank\",\"title\":\(MockCube.quote(title)),\"status\":\(status),\"detail\":\(MockCube.quote(detail))}"
        return (status, ["Content-Type": "application/problem+json"], Data(body.utf8))
    }

    private func route(method: String, target: String, body: Data) -> (Int, [String: String], Data) {
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        var query: [(String, String)] = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query.append((kv[0], kv.count > 1 ? kv[1] : ""))
            }
        }
        let snapshot = state.withLock { $0 }
        guard path.hasPrefix("/api/v2/") else { return Self.problem(404, "Not Found", "no such endpoint: \(path)") }
        let rest = path.dropFirst("/api/v2/".count).split(separator: "/").map(String.init)
        if rest == ["config"] {
            let json = "{\"apiVersion\":\"2.0\",\"maxDataCells\":\(snapshot.maxDataCells),\"maxCallsPerTimeWindow\":\(snapshot.maxCalls),\"timeWindow\":\(snapshot.timeWindow)}"
            return (200, [:], Data(json.utf8))
        }
        if rest.count == 2, rest[0] == "codelists" {
            for c in snapshot.cubes.values { for lists in c.codelists.values { for l in lists where l.id == rest[1] {
                return (200, [:], Data(l.json().utf8))
            } } }
            return Self.problem(404, "Not Found", "No codelist with id \(rest[1]) found")
        }
        if rest == ["tables"] {
            let words = (query.first { $0.0 == "query" }?.1 ?? "").lowercased().split(separator: " ").map(String.init)
            let hits = snapshot.cubes.values.sorted { $0.id < $1.id }.filter { c in
                words.allSatisfy { c.label.lowercased().contains($0) || c.id.lowercased() == $0 }
            }
            let items = hits.map { c -> String in
                let time = c.dimensions.first(where: \.isTime)
                return "{\"id\":\(MockCube.quote(c.id)),\"label\":\(MockCube.quote(c.label)),\"updated\":\(MockCube.quote(c.updated)),"
                    + "\"firstPeriod\":\(MockCube.quote(time?.codes.first ?? "")),\"lastPeriod\":\(MockCube.quote(time?.codes.last ?? ""))}"
            }
            return (200, [:], Data("{\"language\":\"no\",\"tables\":[\(items.joined(separator: ","))]}".utf8))
        }
        guard rest.count == 3, rest[0] == "tables" else { return Self.problem(404, "Not Found", "no such endpoint: \(path)") }
        guard var cube = snapshot.cubes[rest[1]] else {
            return Self.problem(404, "Not Found", "No table with id \(rest[1]) found")
        }
        if rest[2] == "metadata" { return (200, [:], Data(cube.metadataJSON().utf8)) }
        guard rest[2] == "data" else { return Self.problem(404, "Not Found", "no such endpoint: \(path)") }
        // The selection: valueCodes[VAR]=… (GET) or the POST body.
        var selection: [String: [String]] = [:]
        if method == "POST" {
            guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let items = root["selection"] as? [[String: Any]] else {
                return Self.problem(400, "Bad Request", "The selection body is not valid")
            }
            for item in items {
                if let v = item["variableCode"] as? String, let codes = item["valueCodes"] as? [String] { selection[v] = codes }
            }
        } else {
            for (k, v) in query where k.hasPrefix("valueCodes[") && k.hasSuffix("]") {
                selection[String(k.dropFirst("valueCodes[".count).dropLast())] = Self.splitExpressions(v)
            }
        }
        // codelist[VAR]=ID (GET) or "codelist" in a POST item: the dimension's codes become the codelist's.
        var lists: [(String, String)] = query.filter { $0.0.hasPrefix("codelist[") && $0.0.hasSuffix("]") }
            .map { (String($0.0.dropFirst("codelist[".count).dropLast()), $0.1) }
        if method == "POST", let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let items = root["selection"] as? [[String: Any]] {
            for item in items { if let v = item["variableCode"] as? String, let c = item["codelist"] as? String { lists.append((v, c)) } }
        }
        for (variable, id) in lists {
            guard let list = cube.codelists[variable]?.first(where: { $0.id == id }) else {
                return Self.problem(400, "Bad Request", "Non-existent codelist \(id) for variable \(variable)")
            }
            cube = cube.applying(list, to: variable)
        }
        for name in selection.keys where !cube.dimensions.contains(where: { $0.code == name }) {
            return Self.problem(400, "Bad Request", "Non-existent variable \(name)")
        }
        var picked: [[String]?] = []
        for d in cube.dimensions {
            guard let exprs = selection[d.code] else {
                if d.elimination { picked.append(nil); continue }
                return Self.problem(400, "Bad Request", "Mandatory variable \(d.code) is missing in the selection")
            }
            do {
                picked.append(try SelectionExpression.resolve(exprs, codes: d.codes, isTime: d.isTime))
            } catch {
                return Self.problem(400, "Bad Request", "Non-existent value in \(exprs.joined(separator: ",")) for variable \(d.code)")
            }
        }
        let cells = picked.reduce(1) { $0 * ($1?.count ?? 1) }
        if cells > snapshot.maxDataCells {
            return Self.problem(403, "Forbidden", "Too many cells selected: \(cells), the limit is \(snapshot.maxDataCells)")
        }
        return (200, [:], Data(cube.dataJSON(selected: picked).utf8))
    }

    /// `a,b,range(c,d)` → [a, b, range(c,d)].
    static func splitExpressions(_ s: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { out.append(current); current = "" } else { current.append(c) }
        }
        out.append(current)
        return out.filter { !$0.isEmpty }
    }
}

public struct MockError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
