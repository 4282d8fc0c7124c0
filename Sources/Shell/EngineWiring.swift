import Foundation
import Tables
import Query

/// Statements whose engine has not landed yet answer with this error.
func notAvailableYet(_ what: String, span: SourceSpan? = nil) -> Diagnostic {
    Diagnostic("\(what) is not available yet in this build", span: span)
}

extension Session {
    /// True for words that start a pipeline (a dataset query, `let`, or an engine command head).
    static func isPipelineHead(_ word: String) -> Bool {
        ["from", "let", "project", "indicator", "indicators", "scenarios", "generate"].contains(word.lowercased())
    }

    /// Statements that are not pipelines but belong to an engine (`scenario NAME from …`,
    /// `indicator define …`); nil when `word` is not one.
    func runEngineStatement(word: String, statement: String) throws -> StatementResult? {
        switch word {
        case "scenario":
            throw notAvailableYet("`scenario` (the projection engine)", span: Session.firstWord(of: statement).1)
        default:
            return nil
        }
    }

    func indicatorHelp(_ word: CommandArguments.Word) throws -> String {
        throw notAvailableYet("the indicator engine", span: word.span)
    }
}

extension Session {
    func describe(_ statement: String) throws -> String {
        throw notAvailableYet("`describe`", span: Session.firstWord(of: statement).1)
    }

    /// Renders a result table with the session's settings (interim: plain aligned text until
    /// Tables' `TableRenderer` is on main).
    func render(_ table: Table) -> String {
        let shown = table.head(settings.rows)
        var widths = table.columnNames.map { DisplayWidth.of($0) }
        var cells: [[String]] = []
        for r in 0..<shown.rowCount {
            let row = shown.row(r).map { $0.isNull ? "" : $0.description }
            for (j, c) in row.enumerated() { widths[j] = max(widths[j], DisplayWidth.of(c)) }
            cells.append(row)
        }
        var lines = [zip(table.columnNames, widths).map { DisplayWidth.pad($0, to: $1) }.joined(separator: "  ")]
        for row in cells { lines.append(zip(row, widths).map { DisplayWidth.pad($0, to: $1) }.joined(separator: "  ")) }
        if table.rowCount > shown.rowCount { lines.append("… \(NumberFormat.grouped(Int64(table.rowCount - shown.rowCount))) more rows") }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }
}
