import Tables

/// A workbook that cannot be read or written: names the file, and the sheet and cell when the problem is
/// at one place. One line: `kostra.xlsx, sheet Ark2, cell C7: …`.
public struct XLSXError: DiagnosticError, Sendable, Equatable {
    /// The file name as given.
    public var file: String
    public var sheet: String?
    public var cell: String?
    /// What went wrong, without the place.
    public var problem: String
    public var hint: String?

    public init(file: String, sheet: String? = nil, cell: String? = nil, problem: String, hint: String? = nil) {
        self.file = file; self.sheet = sheet; self.cell = cell; self.problem = problem; self.hint = hint
    }

    public var message: String {
        var place = file
        if let sheet { place += ", sheet \(sheet)" }
        if let cell { place += ", cell \(cell)" }
        return "\(place): \(problem)"
    }

    public var span: SourceSpan? { nil }
}
