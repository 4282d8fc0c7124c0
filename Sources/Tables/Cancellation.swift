import Dispatch
import Synchronization

/// Raised by long-running work when the user pressed Ctrl-C.
public struct CancelledError: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "cancelled" }
}

/// The process-wide cancellation request. The shell's SIGINT handler calls `request()`;
/// loaders, executors, charts and engines call `check()` between chunks of work (every few
/// thousand rows), so a statement stops within milliseconds and changes nothing. The same check
/// enforces the memory budget (`MemoryBudget.poll()`: the resident size, re-read at most every 10 ms).
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// Ask running work to stop (async-signal-safe: a single atomic store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Clear the request before a new statement starts.
    public static func reset() { flag.store(false, ordering: .relaxed) }

    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Runs `body` over `0..<count` in blocks of `size` (64 k by default), calling `check()` before each
    /// block: the one way a long loop over rows looks for Ctrl-C without a test in its inner loop.
    /// (`@inlinable` here and in `array` and `map`: unspecialised across modules, a generic call per
    /// element cost more than the work — a sort of 10 M rows spent 12 % of its time in generic metadata.)
    @inlinable @inline(__always)
    public static func inBlocks(of count: Int, size: Int = 1 << 16, _ body: (Range<Int>) throws -> Void) throws {
        var start = 0
        while start < count {
            try check()
            let end = Swift.min(count, start + size)
            try body(start..<end)
            start = end
        }
    }

    /// An array of `count` copies of `value`, filled in blocks with a `check()` before each: a big
    /// `[T](repeating:count:)` is one pass over memory the kernel has to fault in (hundreds of ms for a
    /// few hundred MB), with no chance to look for Ctrl-C in between.
    @inlinable
    public static func array<T>(repeating value: T, count: Int) throws -> [T] {
        let count = Swift.max(0, count)
        if count <= 1 << 16 { return [T](repeating: value, count: count) }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try inBlocks(of: count, size: 1 << 18) { block in
                (buffer.baseAddress! + block.lowerBound).initialize(repeating: value, count: block.count)
                initialized = block.upperBound
            }
        }
    }

    /// `(0..<count).map(body)` in blocks, with a `check()` before each.
    @inlinable
    public static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(Swift.max(0, count))
        try inBlocks(of: count) { block in for i in block { out.append(try body(i)) } }
        return out
    }

    /// Frees `value` on a background queue a moment later, for the partial result of a statement that
    /// stopped: millions of strings freed one by one would otherwise delay `cancelled` by 100s of ms.
    public static func releaseLater(_ value: Any) {
        // Unchecked: once handed to the queue, only that one block touches `value` (no one else holds the box).
        final class Box: @unchecked Sendable {
            var value: Any?
            init(_ value: Any) { self.value = value }
        }
        let box = Box(value)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .milliseconds(200)) { box.value = nil }
    }

    /// Throws `CancelledError` if cancellation was requested (process-wide, or on the token bound with
    /// `withToken`), or `MemoryLimitError` when the process has grown past the memory budget.
    @inline(__always)
    public static func check() throws {
        if flag.load(ordering: .relaxed) { throw CancelledError() }
        if boundTokens.load(ordering: .relaxed) > 0, let t = token { try t.checked() }
        try MemoryBudget.poll()
    }

    // MARK: - A request scoped to one piece of work

    /// The token bound to the running work (see `withToken`).
    @TaskLocal static var token: CancellationToken?
    /// How many `withToken` scopes are open in the process: while none is, `check()` skips the task-local
    /// look-up (one relaxed load instead).
    private static let boundTokens = Atomic<Int>(0)

    /// Runs `body` with `token` bound: every `check()` inside (on this thread or task and its child tasks,
    /// not on threads it hands work to) counts on it and stops with `CancelledError` once it was requested.
    /// Tests use it to cancel one statement from another thread, or at a chosen check, without the
    /// process-wide flag that would stop every other test too.
    public static func withToken<T>(_ token: CancellationToken, _ body: () throws -> T) rethrows -> T {
        boundTokens.add(1, ordering: .relaxed)
        defer { boundTokens.subtract(1, ordering: .relaxed) }
        return try $token.withValue(token) { try body() }
    }
}

/// A cancellation request for the work run inside `Cancellation.withToken`: `request()` may come from
/// any thread. It counts the checks made under it, and can call `onCheck` with that count on each one
/// (before looking at the request), so a test can cancel at a chosen point of a long loop.
public final class CancellationToken: Sendable {
    private let requested = Atomic<Bool>(false)
    private let count = Atomic<Int>(0)
    private let onCheck: (@Sendable (_ checks: Int) -> Void)?

    public init(onCheck: (@Sendable (_ checks: Int) -> Void)? = nil) { self.onCheck = onCheck }

    public func request() { requested.store(true, ordering: .releasing) }
    public var isRequested: Bool { requested.load(ordering: .acquiring) }
    /// The checks made under this token so far.
    public var checks: Int { count.load(ordering: .relaxed) }

    func checked() throws {
        let k = count.add(1, ordering: .relaxed).newValue
        onCheck?(k)
        if isRequested { throw CancelledError() }
    }
}
