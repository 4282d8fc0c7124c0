/// The kinds of terminal chart the `chart` step draws.
public enum ChartKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Horizontal bars, one per row (label = x, length = y); negative values left of a zero axis.
    case bar
    /// Vertical bars over a short (time) axis, labels under the bars.
    case column
    /// One or more series over a numeric or year x axis, in braille dots.
    case line
    /// Histogram of one numeric column.
    case hist
    /// x/y points in braille.
    case scatter
    /// One-line sparkline per group.
    case spark

    public var description: String { rawValue }

    /// What the kind draws, for `help chart`.
    public var summary: String {
        switch self {
        case .bar: "horizontal bars, label x, length y"
        case .column: "vertical bars over a short axis"
        case .line: "series over x, by=…"
        case .hist: "histogram of x"
        case .scatter: "points x/y"
        case .spark: "a sparkline per group"
        }
    }

    /// True when the kind needs both `x=` and `y=`.
    var needsXAndY: Bool { self == .bar || self == .column || self == .line || self == .scatter }
}
