/// How `TableRenderer` shows a table.
public struct RenderOptions: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned text with a header rule, for terminals.
        case table
        case csv
        case tsv
        /// An array of objects, one per row.
        case json
        /// A pipe table.
        case markdown
    }

    public var format: Format
    /// Rows shown by `table` and `markdown` before a `… N more rows` footer; nil = all. csv, tsv and json
    /// always write every row.
    public var maxRows: Int?
    /// Terminal width in cells; columns that do not fit are dropped and named in a footer. nil = no limit.
    public var width: Int?
    /// Decimals for double columns; nil = per column, the fewest (up to `maxAutoDecimals`) that show the
    /// shown values exactly.
    public var decimals: Int?
    public var maxAutoDecimals: Int
    /// Text longer than this many cells is cut with `…`.
    public var maxColumnWidth: Int
    /// ANSI styling: bold header, dim rule, nulls and footers.
    public var color: Bool
    /// ASCII `-` `|` `+` instead of box-drawing characters.
    public var ascii: Bool
    /// A last line `N rows × M columns` under `table` output.
    public var showDimensions: Bool

    public init(format: Format = .table, maxRows: Int? = 20, decimals: Int? = nil, width: Int? = nil,
                ascii: Bool = false, color: Bool = false, maxAutoDecimals: Int = 2, maxColumnWidth: Int = 40,
                showDimensions: Bool = false) {
        self.format = format; self.maxRows = maxRows; self.width = width; self.decimals = decimals
        self.maxAutoDecimals = maxAutoDecimals; self.maxColumnWidth = maxColumnWidth; self.color = color
        self.ascii = ascii; self.showDimensions = showDimensions
    }
}
