import Tables

/// What every chart kind does with the rows it cannot draw: nulls and, on a log axis, values ≤ 0 are
/// left out with a note, and a log axis with nothing positive left is an error at the `log` word.
extension ChartContext {
    /// The error for a log axis whose values are all ≤ 0.
    func noPositiveValuesError() -> Diagnostic {
        Diagnostic("log scale needs positive values, but `\(spec.y!)` has none", span: spec.logSpan,
                   hint: "drop `log` or filter with `where \(spec.y!) > 0`")
    }

    /// The note for `count` non-positive values dropped from a log axis (nil when none were).
    func nonPositiveNote(_ count: Int) -> String? {
        count > 0 ? "\(count) non-positive \(count == 1 ? "value" : "values") left out (log scale)" : nil
    }

    /// The rows (in table order) that have a drawable `y` and pass `keep`, with notes on what was left out.
    /// Throws when a log axis leaves no row.
    func drawableRows(_ y: NumericColumn, keep: (Int) -> Bool = { _ in true }) throws -> (rows: [Int], notes: [String]) {
        var rows: [Int] = []
        var nulls = 0, nonPositive = 0
        for i in 0..<table.rowCount {
            if i & 4095 == 0 { try Cancellation.check() }
            guard y.isValid(i), keep(i) else { nulls += 1; continue }
            if spec.log && y.values[i] <= 0 { nonPositive += 1; continue }
            rows.append(i)
        }
        if spec.log && rows.isEmpty && nonPositive > 0 { throw noPositiveValuesError() }
        var notes: [String] = []
        if nulls > 0 { notes.append("\(nulls) \(nulls == 1 ? "row" : "rows") without a value left out") }
        if let n = nonPositiveNote(nonPositive) { notes.append(n) }
        return (rows, notes)
    }
}
