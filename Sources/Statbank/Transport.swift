import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Tables

/// One HTTP request as the client sends it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var body: Data?
    public init(method: String = "GET", url: String, body: Data? = nil) {
        self.method = method; self.url = url; self.body = body
    }
    /// The request as one line of text (method, URL, body), the cache key's source.
    public var canonical: String {
        "\(method) \(url)" + (body.map { " " + String(decoding: $0, as: UTF8.self) } ?? "")
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data
    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// The connection failed or dropped before a whole reply arrived. `retryable`: a drop or timeout (worth
/// trying again), not an unknown host, a refused connection or a TLS failure (no use waiting).
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var retryable: Bool
    public init(_ description: String, retryable: Bool = true) { self.description = description; self.retryable = retryable }
}

/// Sends requests. `isCancelled` is polled while waiting, so Ctrl-C stops a slow request at once.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse
}

/// Foundation's URLSession (libcurl on Linux, with the system's TLS and certificates): no extra package.
/// Unchecked: its one stored property is a `URLSession`, which is safe to use from any thread.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession
    /// One session for the process (a URLSession per statement would leak its queues).
    public static let shared = URLSessionTransport()

    public init(timeout: TimeInterval = 120) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse {
        guard let url = URL(string: request.url) else { throw StatbankError("not a valid URL: \(request.url)") }
        var r = URLRequest(url: url)
        r.httpMethod = request.method
        r.setValue("application/json", forHTTPHeaderField: "Accept")
        r.setValue("hws", forHTTPHeaderField: "User-Agent")
        if let body = request.body {
            r.httpBody = body
            r.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        }
        let result = Mutex<(Data?, URLResponse?, Error?)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: r) { data, response, error in
            result.withLock { $0 = (data, response, error) }
            done.signal()
        }
        task.resume()
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if isCancelled() {
                task.cancel()
                throw CancelledError()
            }
        }
        let (data, response, error) = result.withLock { $0! }
        if let error {
            let permanent: Set<URLError.Code> = [.cannotFindHost, .dnsLookupFailed, .cannotConnectToHost, .notConnectedToInternet,
                                                 .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                                                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .unsupportedURL, .badURL]
            let code = (error as? URLError)?.code
            throw TransportError(error.localizedDescription, retryable: code.map { !permanent.contains($0) } ?? true)
        }
        guard let http = response as? HTTPURLResponse else { throw TransportError("no HTTP reply") }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())
    }
}

/// Time for pacing and waiting. Injected so tests never sleep on a real clock.
public protocol StatbankClock: Sendable {
    /// Seconds on a monotonic scale.
    func now() -> Double
    /// Waits `seconds`, throwing `CancelledError` as soon as `isCancelled` says so.
    func sleep(_ seconds: Double, isCancelled: @escaping @Sendable () -> Bool) throws
}

/// The real clock: sleeps in 20 ms slices, looking for Ctrl-C between them.
public struct SystemClock: StatbankClock {
    public init() {}
    public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    public func sleep(_ seconds: Double, isCancelled: @escaping @Sendable () -> Bool) throws {
        let end = now() + seconds
        while true {
            if isCancelled() { throw CancelledError() }
            let left = end - now()
            if left <= 0 { return }
            usleep(useconds_t(min(left, 0.02) * 1_000_000))
        }
    }
}

/// At most `maxCalls` requests in any `window` seconds (SSB: 30 per 60 s per IP address).
/// Keep one per server for a whole session, so statements share the budget.
/// Shared by the session's clients, so its state is behind a lock.
public final class RatePacer: Sendable {
    private struct State { var maxCalls: Int; var window: Double; var sent: [Double] = [] }
    private let state: Mutex<State>
    public var maxCalls: Int { state.withLock { $0.maxCalls } }
    public var window: Double { state.withLock { $0.window } }

    public init(maxCalls: Int = 30, window: Double = 60) {
        state = Mutex(State(maxCalls: max(1, maxCalls), window: max(0, window)))
    }

    /// The server's limits from `/config`.
    public func configure(maxCalls: Int, window: Double) {
        state.withLock { $0.maxCalls = max(1, maxCalls); $0.window = max(0, window) }
    }

    /// How long to wait before the next request at time `now`.
    public func delay(at now: Double) -> Double {
        state.withLock { s in
            s.sent.removeAll { $0 <= now - s.window }
            guard s.sent.count >= s.maxCalls else { return 0 }
            return max(0, s.sent[s.sent.count - s.maxCalls] + s.window - now)
        }
    }

    public func record(at now: Double) { state.withLock { $0.sent.append(now) } }
}
