/// The logical type of a column.
public enum DataType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 64-bit signed integer.
    case int
    /// 64-bit IEEE double.
    case double
    /// Text, dictionary-encoded in columns.
    case string
    /// true / false.
    case bool

    /// The name users see (`int`, `double`, `text`, `bool`).
    public var description: String {
        switch self {
        case .int: return "int"
        case .double: return "double"
        case .string: return "text"
        case .bool: return "bool"
        }
    }

    /// True for `int` and `double`.
    public var isNumeric: Bool { self == .int || self == .double }

    /// Bytes one value takes in a column buffer (text: its dictionary code; the dictionary is shared).
    public var valueBytes: Int {
        switch self {
        case .int, .double: return 8
        case .string: return 4
        case .bool: return 1
        }
    }
}
