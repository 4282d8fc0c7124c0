/// A file that cannot be read as CSV: names the file, the line and column (1-based; column = field number)
/// and what was expected there.
public struct CSVError: DiagnosticError, Sendable, Equatable {
    /// The file name as given (or the name passed with in-memory data).
    public var file: String
    /// 1-based physical line number; nil when the problem is not at one place (e.g. an empty file).
    public var line: Int?
    /// 1-based field number in the row; nil when not known.
    public var column: Int?
    /// What went wrong, without the location (e.g. "expected 3 fields, found 4").
    public var problem: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, problem: String, hint: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.problem = problem; self.hint = hint
    }

    /// `data.csv line 5, column 3: expected 3 fields, found 4`.
    public var message: String {
        var place = file
        if let line { place += " line \(line)" }
        if let column { place += line == nil ? " column \(column)" : ", column \(column)" }
        return "\(place): \(problem)"
    }

    public var span: SourceSpan? { nil }
}
