/// How a chart is drawn, set by the shell from the terminal and `set` options (not by the query).
public struct ChartStyle: Sendable, Equatable {
    /// Terminal cells per line; no line of the chart is wider.
    public var width: Int
    /// Plot rows; nil = the kind's default.
    public var height: Int?
    /// Plain ASCII (`#`, `*`, `-`, `|`) instead of block and braille characters.
    public var ascii: Bool
    /// ANSI colours (only on a terminal, never with NO_COLOR: the shell decides).
    public var color: Bool
    /// Decimals for values printed on bars and sparklines; nil = automatic.
    public var decimals: Int?

    public init(width: Int, height: Int? = nil, ascii: Bool = false, color: Bool = false, decimals: Int? = nil) {
        self.width = width; self.height = height; self.ascii = ascii; self.color = color; self.decimals = decimals
    }
}
