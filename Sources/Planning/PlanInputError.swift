import Tables

/// A problem in one of the planning engine's input tables, naming the table, the data row (1-based,
/// header not counted) and the column: "table `users`, row 4, column `rate`: negative rate -0.02".
public struct PlanInputError: DiagnosticError, Sendable, Equatable {
    public var table: String
    public var row: Int?
    public var column: String?
    public var problem: String
    public var hint: String?

    public init(table: String, row: Int? = nil, column: String? = nil, problem: String, hint: String? = nil) {
        self.table = table; self.row = row; self.column = column; self.problem = problem; self.hint = hint
    }

    public var message: String {
        var place = "table `\(table)`"
        if let row { place += ", row \(row)" }
        if let column { place += ", column `\(column)`" }
        return place + ": " + problem
    }

    public var span: SourceSpan? { nil }
}
