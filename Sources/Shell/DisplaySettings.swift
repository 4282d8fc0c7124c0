import Query

/// The output settings a user changes with `set …` and `timer on|off`.
public struct DisplaySettings: Sendable, Equatable {
    /// Output format of result tables.
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, tsv, json, markdown
    }

    /// How many rows a table shows before the `… N more rows` footer.
    public var rows: Int = 20
    public var format: Format = .table
    /// Fixed decimals for floating-point numbers; nil lets each column pick (up to 2).
    public var decimals: Int? = nil
    /// Terminal width in cells; tables and charts are sized to it.
    public var width: Int = 100
    /// True once the user chose the width (`set width N`, `--width N`): a resized terminal no longer changes it.
    public var widthFixed = false
    /// Draw tables and charts with ASCII characters only.
    public var ascii: Bool = false
    /// Colour in errors and charts.
    public var color: Bool = false
    /// Print the wall time after each statement.
    public var timer: Bool = false
    /// The memory budget of a statement in bytes (`set memory_limit 4GB`); nil = `MemoryBudget.defaultLimit`.
    public var memoryLimit: Int? = nil
    /// How text sorts in queries (`set collation norwegian|bytes`): Norwegian … Z Æ Ø Å, or code points.
    public var collation: Collation = .norwegian
    /// Where results go instead of the screen (`set output FILE`, `--output FILE`); nil: the screen.
    public var outputPath: String? = nil

    public init() {}
}
