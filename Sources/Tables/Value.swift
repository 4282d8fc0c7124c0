/// One scalar cell value. Used at the edges (literals, rendering, small engine tables);
/// bulk work runs over typed column buffers instead.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The type of a non-null value; nil for null.
    public var type: DataType? {
        switch self {
        case .null: return nil
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        }
    }

    /// Numeric view: ints and doubles as Double, bools as 0/1, else nil.
    public var asDouble: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var asString: String? { if case .string(let s) = self { return s } else { return nil } }

    public var description: String {
        switch self {
        case .null: return "null"
        case .int(let v): return String(v)
        case .double(let v): return NumberFormat.plain(v)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// Total order used by sort: nulls last, numbers by value (int and double compare numerically),
    /// strings by Unicode scalar order, false < true. Values of different kinds order by kind.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            if let x = a.asDouble, let y = b.asDouble, a.type != .bool, b.type != .bool {
                return x < y ? -1 : (x > y ? 1 : 0)
            }
            return a.kindRank < b.kindRank ? -1 : (a.kindRank > b.kindRank ? 1 : 0)
        }
    }

    private var kindRank: Int {
        switch self {
        case .bool: return 0
        case .int, .double: return 1
        case .string: return 2
        case .null: return 3
        }
    }
}
