import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raised when a load or a query would use more memory than the budget (`set memory_limit`): the
/// statement stops with this one-line error instead of the kernel killing the process.
public struct MemoryLimitError: DiagnosticError, Sendable {
    public var message: String
    public var span: SourceSpan?
    public var hint: String?
    /// The limit in force, in bytes.
    public var limit: Int
    /// The memory the process would need (resident now plus what the statement was about to allocate).
    public var needed: Int

    public init(message: String, span: SourceSpan? = nil, hint: String? = nil, limit: Int, needed: Int) {
        self.message = message; self.span = span; self.hint = hint; self.limit = limit; self.needed = needed
    }
}

/// The memory budget: how much resident memory a statement may bring the process to.
///
/// * The limit in force is `MemoryBudget.limit`: the one bound with `withLimit` around the running
///   statement (the shell binds the session's `set memory_limit`), else `defaultLimit`
///   (75 % of the memory available: physical RAM or, if lower, the cgroup limit).
/// * `poll()` (called from `Cancellation.check()`, so from every long loop) compares the resident set
///   size with the limit. `/proc/self/statm` is read at most every 10 ms; in between a check costs a
///   clock read and two atomic loads.
/// * `reserve(_:for:span:)` is the predictive check before a big allocation whose size is known up
///   front (a CSV load from the file size, a join's output rows, `generate register rows=N`).
public enum MemoryBudget {
    // MARK: - The limit

    /// Physical RAM in bytes.
    public static let physicalMemory: Int = {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        #else
        let pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE)
        #endif
        return pages > 0 && size > 0 ? pages * size : 8 << 30
    }()

    /// The cgroup memory limit of this process (v2 `memory.max` or v1 `memory.limit_in_bytes`), if one is set.
    public static let cgroupLimit: Int? = {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = readSmallFile(path) else { continue }
            let trimmed = text.filter { !$0.isWhitespace }
            // "max" (v2) or a huge number (v1) mean no limit.
            if let n = Int(trimmed), n > 0, n < physicalMemory { return n }
        }
        return nil
    }()

    /// The memory this process can have: physical RAM, or the cgroup limit when lower. `50%` means half of it.
    public static var availableMemory: Int { min(physicalMemory, cgroupLimit ?? .max) }

    /// The limit when none is set: 75 % of the available memory.
    public static let defaultLimit: Int = availableMemory / 4 * 3

    /// The limit bound to the running statement, if any (see `withLimit`).
    @TaskLocal static var boundLimit: Int?

    /// The limit in force on this thread: the one bound by `withLimit`, else `defaultLimit`.
    public static var limit: Int { boundLimit ?? defaultLimit }

    /// Runs `body` with `limit` in force (nil: the default). The shell wraps each statement in this,
    /// so a session's `set memory_limit` applies to its statements only.
    public static func withLimit<T>(_ limit: Int?, _ body: () throws -> T) rethrows -> T {
        try $boundLimit.withValue(limit ?? defaultLimit) { try body() }
    }

    // MARK: - Resident memory

    /// The resident set size of this process in bytes (`/proc/self/statm`), or nil where it cannot be read.
    public static func residentBytes() -> Int? {
        #if os(Linux)
        guard let text = readSmallFile("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * pageSize
        #else
        return nil
        #endif
    }

    private static let pageSize: Int = {
        #if canImport(Glibc)
        return sysconf(Int32(_SC_PAGESIZE))
        #else
        return Int(sysconf(_SC_PAGESIZE))
        #endif
    }()

    /// The resident size last sampled (0 = not yet), and when the next sample is due (monotonic ms).
    private static let sampledResident = Atomic<Int>(0)
    private static let nextSampleAt = Atomic<Int>(0)
    /// How often `poll()` reads `/proc/self/statm`, in milliseconds.
    public static let sampleInterval = 10

    /// Samples the resident size now (the shell calls this as a statement starts, so a sample taken
    /// before the last statement freed its memory is not held against the next one).
    @discardableResult
    public static func refresh() -> Int {
        let rss = residentBytes() ?? 0
        sampledResident.store(rss, ordering: .relaxed)
        nextSampleAt.store(monotonicMilliseconds() + sampleInterval, ordering: .relaxed)
        return rss
    }

    /// Throws `MemoryLimitError` when the resident size exceeds the limit in force. Cheap enough for
    /// every `Cancellation.check()`: the size is re-read at most every `sampleInterval` ms.
    public static func poll() throws {
        let now = monotonicMilliseconds()
        var rss = sampledResident.load(ordering: .relaxed)
        let due = nextSampleAt.load(ordering: .relaxed)
        if now >= due, nextSampleAt.compareExchange(expected: due, desired: now + sampleInterval, ordering: .relaxed).exchanged {
            rss = residentBytes() ?? 0
            sampledResident.store(rss, ordering: .relaxed)
        }
        let limit = self.limit
        if rss > limit { throw exceeded(resident: rss, limit: limit) }
    }

    /// Reads the resident size now and throws `MemoryLimitError` when it exceeds the limit in force.
    public static func check() throws {
        let rss = refresh()
        if rss > limit { throw exceeded(resident: rss, limit: limit) }
    }

    /// The error for a resident size over the limit (what `poll` and `check` throw).
    public static func exceeded(resident: Int, limit: Int) -> MemoryLimitError {
        MemoryLimitError(message: "stopped: hws used \(format(resident)), over the memory limit of \(format(limit))",
                         hint: raiseHint(needed: resident, limit: limit), limit: limit, needed: resident)
    }

    /// The predictive check: throws `MemoryLimitError` when allocating `bytes` more would bring the
    /// process over the limit. `what` names the work in the message (`loading \`big.csv\``,
    /// `this join`); `span` points at the word that asked for it.
    public static func reserve(_ bytes: Int, for what: String, span: SourceSpan? = nil) throws {
        let resident = residentBytes() ?? 0
        let limit = self.limit
        let (needed, overflow) = resident.addingReportingOverflow(max(0, bytes))
        guard overflow || needed > limit else { return }
        let left = max(0, limit - resident)
        throw MemoryLimitError(
            message: "\(what) needs about \(format(bytes)), more than the \(format(left)) left of the memory limit of \(format(limit))",
            span: span, hint: raiseHint(needed: overflow ? .max : needed, limit: limit), limit: limit,
            needed: overflow ? .max : needed)
    }

    /// `set memory_limit 8GB` with a round size above `needed`, or advice to work on less when even
    /// the whole available memory would not do.
    static func raiseHint(needed: Int, limit: Int) -> String {
        let want = needed / 4 * 5  // some room above the estimate
        if want > availableMemory || needed == .max {
            return "this machine has \(format(availableMemory)) for hws; work on fewer rows or columns (where, select) first"
        }
        var suggestion = 1 << 30
        while suggestion < want { suggestion *= 2 }
        if suggestion > availableMemory { suggestion = availableMemory / (1 << 30) * (1 << 30) }
        if suggestion <= limit { suggestion = min(availableMemory, limit + (1 << 30)) }
        return "raise it with `set memory_limit \(String(format(suggestion).filter { $0 != " " }))` or work on fewer rows (where, select) first"
    }

    // MARK: - Sizes as text

    /// Parses a memory size as typed after `set memory_limit`: `4GB`, `512MB`, `2.5GB`, `800k`, `1T`,
    /// a byte count, or a share of the available memory (`50%`). Units are binary (1 GB = 2^30 bytes),
    /// case-insensitive, with or without `B` / `iB`. Nil when it is not a size above zero.
    public static func parseSize(_ text: String) -> Int? {
        let t = String(text.lowercased().filter { $0 != " " }.map { $0 == "," ? "." : $0 })
        if t.hasSuffix("%") {
            guard let share = Double(t.dropLast()), share > 0, share <= 100 else { return nil }
            return Int(Double(availableMemory) * share / 100)
        }
        var number = Substring(t)
        var unit = ""
        while let last = number.last, last.isLetter { unit = String(last) + unit; number = number.dropLast() }
        let k = 1024.0, m = k * k, g = m * k, tera = g * k
        let factors: [String: Double] = [
            "": 1, "b": 1, "k": k, "kb": k, "kib": k, "m": m, "mb": m, "mib": m,
            "g": g, "gb": g, "gib": g, "t": tera, "tb": tera, "tib": tera,
        ]
        guard let factor = factors[unit], let value = Double(number), value.isFinite, value > 0 else { return nil }
        let bytes = value * factor
        guard bytes >= 1, bytes < 9e18 else { return nil }
        return Int(bytes)
    }

    /// `4 GB`, `2.5 GB`, `512 MB`, `800 KB`, `12 B` (binary units, at most one decimal).
    public static func format(_ bytes: Int) -> String {
        let units: [(String, Double)] = [("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10)]
        for (name, size) in units where Double(bytes) >= size {
            let v = Double(bytes) / size
            let rounded = (v * 10).rounded() / 10
            let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format1(rounded))
            return "\(text) \(name)"
        }
        return "\(bytes) B"
    }

    private static func format1(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    // MARK: - Helpers

    /// Milliseconds of a monotonic clock (coarse where available: a vDSO read, no system call).
    @inline(__always)
    static func monotonicMilliseconds() -> Int {
        var ts = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
        #else
        clock_gettime(CLOCK_MONOTONIC, &ts)
        #endif
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }

    /// The first few hundred bytes of a small file (a /proc or /sys entry), without Foundation.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
}

extension Column {
    /// Bytes one more row costs in a column of this type (strings: a code; their dictionary is shared).
    public var bytesPerRow: Int { type.valueBytes }
}
