import Tables

/// A problem in one of the projection's input tables, naming the table, the data row (1-based, header
/// not counted) and the column, so a user can fix the file: "table `stock`, row 12, column `persons`:
/// negative count -3". When the table came from a file, `file` names it.
public struct ProjectionInputError: DiagnosticError, Sendable, Equatable {
    public var table: String
    public var row: Int?
    public var column: String?
    public var problem: String
    public var hint: String?
    public var file: String?

    public init(table: String, row: Int? = nil, column: String? = nil, problem: String, hint: String? = nil,
                file: String? = nil) {
        self.table = table; self.row = row; self.column = column; self.problem = problem; self.hint = hint
        self.file = file
    }

    public var message: String {
        var where_ = "table `\(table)`"
        if let file { where_ += " (\(file))" }
        if let row { where_ += ", row \(row)" }
        if let column { where_ += ", column `\(column)`" }
        return where_ + ": " + problem
    }

    public var span: SourceSpan? { nil }
}
