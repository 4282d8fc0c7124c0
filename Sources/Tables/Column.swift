/// A typed column: one contiguous buffer per type, plus an optional validity bitmap
/// (`nil` means no nulls). Text is dictionary-encoded: `UInt32` codes into a `StringDictionary`.
/// The buffer slot of a null holds an unspecified value (0, 0.0, code 0, false).
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        case double([Double])
        case string(codes: [UInt32], dictionary: StringDictionary)
        case bool([Bool])
    }

    public var storage: Storage
    /// Bit set = value present. `nil` = every value present.
    public var validity: Bitmap?

    public init(storage: Storage, validity: Bitmap? = nil) {
        self.storage = storage
        if let v = validity, v.allSet { self.validity = nil } else { self.validity = validity }
    }

    public init(ints: [Int64], validity: Bitmap? = nil) { self.init(storage: .int(ints), validity: validity) }
    public init(doubles: [Double], validity: Bitmap? = nil) { self.init(storage: .double(doubles), validity: validity) }
    public init(bools: [Bool], validity: Bitmap? = nil) { self.init(storage: .bool(bools), validity: validity) }
    public init(codes: [UInt32], dictionary: StringDictionary, validity: Bitmap? = nil) {
        self.init(storage: .string(codes: codes, dictionary: dictionary), validity: validity)
    }

    /// Text column from optional strings (nil = null); builds a fresh dictionary.
    public init(strings: [String?]) {
        let dict = StringDictionary()
        var codes = [UInt32](); codes.reserveCapacity(strings.count)
        var valid = Bitmap(count: strings.count, value: true)
        for (i, s) in strings.enumerated() {
            if let s { codes.append(dict.code(for: s)) } else { codes.append(0); valid[i] = false }
        }
        self.init(storage: .string(codes: codes, dictionary: dict), validity: valid)
    }

    public init(strings: [String]) { self.init(strings: strings.map { Optional($0) }) }

    /// Column of `type` from scalar values; values are converted (int -> double) and anything
    /// that does not fit the type becomes null.
    public init(values: [Value], type: DataType) {
        var valid = Bitmap(count: values.count, value: true)
        switch type {
        case .int:
            var out = [Int64](repeating: 0, count: values.count)
            for (i, v) in values.enumerated() {
                switch v {
                case .int(let x): out[i] = x
                case .bool(let b): out[i] = b ? 1 : 0
                default: valid[i] = false
                }
            }
            self.init(storage: .int(out), validity: valid)
        case .double:
            var out = [Double](repeating: 0, count: values.count)
            for (i, v) in values.enumerated() {
                if let d = v.asDouble { out[i] = d } else { valid[i] = false }
            }
            self.init(storage: .double(out), validity: valid)
        case .bool:
            var out = [Bool](repeating: false, count: values.count)
            for (i, v) in values.enumerated() {
                if case .bool(let b) = v { out[i] = b } else { valid[i] = false }
            }
            self.init(storage: .bool(out), validity: valid)
        case .string:
            self.init(strings: values.map { v -> String? in
                switch v {
                case .null: return nil
                case .string(let s): return s
                default: return v.description
                }
            })
        }
    }

    /// Column from scalar values with the type inferred (int < double < text; bool only if all bool).
    public init(values: [Value]) {
        var type: DataType? = nil
        for v in values {
            guard let t = v.type else { continue }
            switch (type, t) {
            case (nil, _): type = t
            case (.int?, .double), (.double?, .int): type = .double
            case let (a?, b) where a == b: break
            default: type = .string
            }
        }
        self.init(values: values, type: type ?? .string)
    }

    /// A column of `count` nulls.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        Column(values: [Value](repeating: .null, count: count), type: type)
    }

    public var type: DataType {
        switch storage {
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        }
    }

    public var count: Int {
        switch storage {
        case .int(let a): return a.count
        case .double(let a): return a.count
        case .string(let c, _): return c.count
        case .bool(let a): return a.count
        }
    }

    @inline(__always)
    public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }

    /// Number of nulls.
    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// The value at row `i` (boxed; for rendering and small tables, not hot loops).
    public subscript(i: Int) -> Value {
        if isNull(i) { return .null }
        switch storage {
        case .int(let a): return .int(a[i])
        case .double(let a): return .double(a[i])
        case .string(let c, let d): return .string(d[c[i]])
        case .bool(let a): return .bool(a[i])
        }
    }

    /// All values, boxed.
    public var values: [Value] { (0..<count).map { self[$0] } }

    /// The rows at `indices`, in that order (a gather; negative index = null row).
    public func gather(_ indices: [Int]) -> Column {
        var valid: Bitmap? = nil
        if validity != nil || indices.contains(where: { $0 < 0 }) {
            var b = Bitmap(count: indices.count, value: true)
            for (o, i) in indices.enumerated() where i < 0 || isNull(i) { b[o] = false }
            valid = b
        }
        switch storage {
        case .int(let a): return Column(ints: indices.map { $0 < 0 ? 0 : a[$0] }, validity: valid)
        case .double(let a): return Column(doubles: indices.map { $0 < 0 ? 0 : a[$0] }, validity: valid)
        case .bool(let a): return Column(bools: indices.map { $0 < 0 ? false : a[$0] }, validity: valid)
        case .string(let c, let d): return Column(codes: indices.map { $0 < 0 ? 0 : c[$0] }, dictionary: d, validity: valid)
        }
    }

    /// Rows `range` as a new column.
    public func slice(_ range: Range<Int>) -> Column { gather(Array(range)) }

    /// Numeric values as Double (ints converted, bools as 0/1); nil for text.
    public var doubleValues: [Double]? {
        switch storage {
        case .int(let a): return a.map { Double($0) }
        case .double(let a): return a
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return nil
        }
    }
}
