import Synchronization

/// The dictionary of a text column: each distinct string once, addressed by a `UInt32` code.
/// Built while loading, then shared read-only by every column that was derived from it.
/// Unchecked: it is only added to by the one thread building it, before any other thread sees it.
public final class StringDictionary: @unchecked Sendable {
    public private(set) var values: [String]
    private var index: [String: UInt32]
    /// Values derived from the strings (sort ranks per collation), with the count they were made for.
    private let derived = Mutex<[String: (count: Int, value: any Sendable)]>([:])

    /// The value `make` computes from the strings, computed once per `key` and kept with the dictionary
    /// (a dictionary that has grown since computes it again). For a column sorted again and again in a
    /// session, so that the sort ranks of a million distinct strings are made once.
    public func derived<T: Sendable>(_ key: String, _ make: () throws -> T) rethrows -> T {
        let n = values.count
        if let hit = derived.withLock({ $0[key] }), hit.count == n, let v = hit.value as? T { return v }
        let v = try make()
        derived.withLock { $0[key] = (n, v) }
        return v
    }

    public init() { values = []; index = [:] }

    public init(_ values: [String]) {
        self.values = []
        self.index = [:]
        self.values.reserveCapacity(values.count)
        for v in values { _ = code(for: v) }
    }

    /// The code of `s`, adding it if new.
    @inline(__always)
    public func code(for s: String) -> UInt32 {
        if let c = index[s] { return c }
        let c = UInt32(values.count)
        values.append(s)
        index[s] = c
        return c
    }

    /// Makes room for `count` strings in all, so adding them never grows the table. Growing rehashes every
    /// string already in it in one step (a few hundred ms at a few million strings, with no chance to look
    /// for Ctrl-C), so code that may add a string per row reserves the row count first. The memory is only
    /// touched as strings arrive.
    public func reserveCapacity(_ count: Int) {
        values.reserveCapacity(count)
        index.reserveCapacity(count)
    }

    /// The code of `s` if present.
    public func existingCode(for s: String) -> UInt32? { index[s] }

    public var count: Int { values.count }

    @inline(__always)
    public subscript(code: UInt32) -> String { values[Int(code)] }
}
