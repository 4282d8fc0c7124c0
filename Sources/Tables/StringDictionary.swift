import Synchronization

/// The dictionary of a text column: each distinct string once, addressed by a `UInt32` code.
/// Built while loading, then shared read-only by every column that was derived from it.
/// Unchecked: it is only added to by the one thread building it, before any other thread sees it; the
/// index of a dictionary made from distinct strings (`init(distinct:)`) is built on its first lookup under
/// `indexLock`, and published through `indexReady` (release/acquire), so readers never see it half made.
public final class StringDictionary: @unchecked Sendable {
    public private(set) var values: [String]
    /// String → code. For `init(distinct:)` it stays empty until the first lookup needs it (`indexReady`):
    /// a load of ten million distinct strings need not hash them all if no one looks one up.
    private var index: [String: UInt32]
    private let indexReady: Atomic<Bool>
    private let indexLock = Mutex<Void>(())
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

    /// The value `derived(key, …)` made, if it was made for the dictionary as it is now; nothing is computed.
    public func derivedIfMade<T: Sendable>(_ key: String, as: T.Type) -> T? {
        guard let hit = derived.withLock({ $0[key] }), hit.count == values.count else { return nil }
        return hit.value as? T
    }

    public init() { values = []; index = [:]; indexReady = Atomic(true) }

    public init(_ values: [String]) {
        self.values = []
        self.index = [:]
        indexReady = Atomic(true)
        self.values.reserveCapacity(values.count)
        for v in values { _ = code(for: v) }
    }

    /// A dictionary of strings known to be distinct (the CSV reader's merged column dictionary), in code
    /// order. The index from string to code is made on the first lookup, not now.
    public init(distinct values: [String]) {
        self.values = values
        self.index = [:]
        indexReady = Atomic(values.isEmpty)
    }

    /// Makes the index of an `init(distinct:)` dictionary, once, whichever thread asks first.
    @inline(never)
    private func buildIndex() {
        indexLock.withLock { _ in
            guard !indexReady.load(ordering: .acquiring) else { return }
            var made = [String: UInt32](minimumCapacity: values.count)
            for (c, v) in values.enumerated() { made[v] = UInt32(c) }
            index = made
            indexReady.store(true, ordering: .releasing)
        }
    }

    /// The code of `s`, adding it if new.
    @inline(__always)
    public func code(for s: String) -> UInt32 {
        if !indexReady.load(ordering: .acquiring) { buildIndex() }
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
        if !indexReady.load(ordering: .acquiring) { buildIndex() }
        values.reserveCapacity(count)
        index.reserveCapacity(count)
    }

    /// The code of `s` if present.
    public func existingCode(for s: String) -> UInt32? {
        if !indexReady.load(ordering: .acquiring) { buildIndex() }
        return index[s]
    }

    public var count: Int { values.count }

    @inline(__always)
    public subscript(code: UInt32) -> String { values[Int(code)] }
}
