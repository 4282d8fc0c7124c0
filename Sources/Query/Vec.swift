import Synchronization
import Tables

/// The value of an expression over a batch: a whole column, or one constant broadcast to every row.
enum Vec {
    case column(Column)
    case scalar(Value)

    /// A column of `count` rows (broadcasting a constant of type `type`).
    func materialize(count: Int, type: DataType) throws -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v): return try Vec.broadcast(v, count: count, type: type)
        }
    }

    /// `v` in every one of `count` rows, filled in blocks that look for Ctrl-C.
    static func broadcast(_ v: Value, count: Int, type: DataType) throws -> Column {
        switch (v, type) {
        case (.null, _): return try nullColumn(type, count: count)
        case (.int(let x), .int): return Column(ints: try Cancellation.array(repeating: x, count: count))
        case (.int(let x), .double): return Column(doubles: try Cancellation.array(repeating: Double(x), count: count))
        case (.double(let x), _): return Column(doubles: try Cancellation.array(repeating: x, count: count))
        case (.bool(let b), _): return Column(bools: try Cancellation.array(repeating: b, count: count))
        case (.string(let s), _):
            let d = StringDictionary([s])
            return Column(codes: try Cancellation.array(repeating: 0, count: count), dictionary: d)
        default: return try Kernels.column(values: try Cancellation.array(repeating: v, count: count), type: type)
        }
    }

    /// A column of `count` nulls, filled in blocks that look for Ctrl-C.
    static func nullColumn(_ type: DataType, count: Int) throws -> Column {
        let none = Bitmap(count: count, value: false)
        switch type {
        case .int: return Column(ints: try Cancellation.array(repeating: 0, count: count), validity: none)
        case .double: return Column(doubles: try Cancellation.array(repeating: 0, count: count), validity: none)
        case .bool: return Column(bools: try Cancellation.array(repeating: false, count: count), validity: none)
        case .string: return Column(codes: try Cancellation.array(repeating: 0, count: count), dictionary: StringDictionary(), validity: none)
        }
    }

    var scalarValue: Value? { if case .scalar(let v) = self { return v } else { return nil } }
}

/// Where warnings of one statement collect (division by zero, overflow …), deduplicated. A kernel may
/// warn from a worker thread, so the list is behind a lock (warnings are rare: the lock costs nothing).
final class WarningSink: Sendable {
    private let list = Mutex<[String]>([])
    var messages: [String] { list.withLock { $0 } }
    func add(_ m: String) { list.withLock { if !$0.contains(m) { $0.append(m) } } }
}

/// The columns an expression reads, positionally as bound, plus the statement's warning sink.
struct Batch {
    var columns: [Column]
    var count: Int
    var warnings: WarningSink
}

/// Validity helpers: `nil` means every value present.
enum Validity {
    static func and(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil): return x
        case (nil, let y?): return y
        case (let x?, let y?): return x & y
        }
    }

    /// `base` with the rows in `nulls` cleared (looking for Ctrl-C every 64 k of them).
    static func clearing(_ base: Bitmap?, count: Int, rows nulls: [Int]) throws -> Bitmap? {
        if nulls.isEmpty { return base }
        var b = base ?? Bitmap(count: count, value: true)
        try Cancellation.inBlocks(of: nulls.count) { block in for k in block { b[nulls[k]] = false } }
        return b
    }

    /// A bitmap from a predicate over rows (only built when some row is null), looking for Ctrl-C
    /// every 64 k rows.
    static func from(count: Int, _ valid: (Int) -> Bool) throws -> Bitmap? {
        var b: Bitmap? = nil
        try Cancellation.inBlocks(of: count) { block in
            for i in block where !valid(i) {
                if b == nil { b = Bitmap(count: count, value: true) }
                b![i] = false
            }
        }
        return b
    }
}

extension Column {
    /// The dictionary-decoded string at row `i` (no null check).
    @inline(__always)
    func stringAt(_ i: Int) -> String {
        if case .string(let c, let d) = storage { return d[c[i]] }
        return self[i].description
    }

    /// A copy with a different validity.
    func withValidity(_ v: Bitmap?) -> Column { Column(storage: storage, validity: v) }

    /// Numeric buffer as doubles (ints converted; bools as 0/1).
    var asDoubles: [Double] {
        switch storage {
        case .double(let a): return a
        case .int(let a): return a.map { Double($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return [Double](repeating: .nan, count: count)
        }
    }

    /// Converts an int column to double (other types unchanged).
    func promoted(to type: DataType) -> Column {
        if type == .double, case .int(let a) = storage { return Column(doubles: a.map { Double($0) }, validity: validity) }
        if type == .double, case .bool(let a) = storage { return Column(doubles: a.map { $0 ? 1 : 0 }, validity: validity) }
        return self
    }
}

/// A filler value for lookup tables.
protocol DefaultValue { static var defaultValue: Self { get } }
extension Bool: DefaultValue { static var defaultValue: Bool { false } }
extension Int64: DefaultValue { static var defaultValue: Int64 { 0 } }
extension UInt32: DefaultValue { static var defaultValue: UInt32 { 0 } }
extension Int32: DefaultValue { static var defaultValue: Int32 { 0 } }
extension String: DefaultValue { static var defaultValue: String { "" } }
extension Double: DefaultValue { static var defaultValue: Double { 0 } }

/// Gathers without per-row closures: `a[idx[i]]`, or `filler` where `idx[i] < 0`.
@inline(__always)
func gatherBuffer<T>(_ a: [T], _ idx: [Int], filler: T, mayBeMissing: Bool) -> [T] {
    let n = idx.count
    return a.withUnsafeBufferPointer { pa in
        idx.withUnsafeBufferPointer { pi in
            [T](unsafeUninitializedCapacity: n) { buf, c in
                if mayBeMissing {
                    for o in 0..<n {
                        let i = pi[o]
                        assert(i < pa.count, "gather: index \(i) past \(pa.count) rows")
                        buf.initializeElement(at: o, to: i < 0 ? filler : pa[i])
                    }
                } else {
                    for o in 0..<n {
                        assert(pi[o] >= 0 && pi[o] < pa.count, "gather: index \(pi[o]) outside 0..<\(pa.count)")
                        buf.initializeElement(at: o, to: pa[pi[o]])
                    }
                }
                c = n
            }
        }
    }
}

extension Column {
    /// The rows at `idx` (a negative index gives a null row when `mayBeMissing`), with tight typed loops.
    func take(_ idx: [Int], mayBeMissing: Bool = false) -> Column {
        var valid: Bitmap? = nil
        if validity != nil || mayBeMissing {
            let v = validity
            var missing: [Int] = []
            for o in 0..<idx.count {
                let i = idx[o]
                if i < 0 || !(v?[i] ?? true) { missing.append(o) }
            }
            if !missing.isEmpty {
                var b = Bitmap(count: idx.count, value: true)
                for o in missing { b[o] = false }
                valid = b
            }
        }
        switch storage {
        case .int(let a): return Column(ints: gatherBuffer(a, idx, filler: 0, mayBeMissing: mayBeMissing), validity: valid)
        case .double(let a): return Column(doubles: gatherBuffer(a, idx, filler: 0, mayBeMissing: mayBeMissing), validity: valid)
        case .bool(let a): return Column(bools: gatherBuffer(a, idx, filler: false, mayBeMissing: mayBeMissing), validity: valid)
        case .string(let c, let d):
            return Column(codes: gatherBuffer(c, idx, filler: 0, mayBeMissing: mayBeMissing), dictionary: d, validity: valid)
        }
    }
}

extension Column {
    /// `take(idx, mayBeMissing:)` in blocks of 64 k rows, looking for Ctrl-C and the memory limit between
    /// them: a gather of millions of rows takes tens of ms per column.
    func takeChecked(_ idx: [Int], mayBeMissing: Bool = false) throws -> Column {
        let n = idx.count
        if n <= 1 << 18 { return take(idx, mayBeMissing: mayBeMissing) }
        var valid: Bitmap? = nil
        if validity != nil || mayBeMissing {
            let v = validity
            var b = Bitmap(count: n, value: true)
            var any = false
            try Cancellation.inBlocks(of: n) { block in
                for o in block {
                    let i = idx[o]
                    if i < 0 || !(v?[i] ?? true) { b[o] = false; any = true }
                }
            }
            if any { valid = b }
        }
        func gather<T>(_ a: [T], _ filler: T) throws -> [T] {
            try a.withUnsafeBufferPointer { pa in
                try idx.withUnsafeBufferPointer { pi in
                    try [T](unsafeUninitializedCapacity: n) { buf, initialized in
                        try Cancellation.inBlocks(of: n) { block in
                            for o in block {
                                let i = pi[o]
                                (buf.baseAddress! + o).initialize(to: i < 0 ? filler : pa[i])
                            }
                            initialized = block.upperBound
                        }
                    }
                }
            }
        }
        switch storage {
        case .int(let a): return Column(ints: try gather(a, 0), validity: valid)
        case .double(let a): return Column(doubles: try gather(a, 0), validity: valid)
        case .bool(let a): return Column(bools: try gather(a, false), validity: valid)
        case .string(let c, let d): return Column(codes: try gather(c, 0), dictionary: d, validity: valid)
        }
    }
}

extension Table {
    /// The rows at `idx`, keeping the schema (units included); looks for Ctrl-C within each column.
    func take(_ idx: [Int], mayBeMissing: Bool = false) throws -> Table {
        try Planner.makeTable(schema.fields, try columns.map { c in
            try Cancellation.check()
            return try c.takeChecked(idx, mayBeMissing: mayBeMissing)
        })
    }
}
