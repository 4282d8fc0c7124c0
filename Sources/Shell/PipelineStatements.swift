import Foundation
import Tables
import Query
import Charts

extension Session {
    /// Runs a pipeline (`from D | …`, an engine command head) or `let NAME = pipeline`, and presents the
    /// result: a chart, a written file, or the table. Nothing is bound or written unless every step succeeded.
    func runPipelineStatement(_ statement: String) throws -> StatementResult {
        _ = fileSources.takeWarnings()  // none left over from a statement that failed
        let parsed = try QueryParser.parse(statement)
        let engine = QueryEngine(resolver: resolver, collation: settings.collation)
        switch parsed {
        case .query(let pipeline):
            let result = try engine.execute(pipeline)
            let output = try present(result)
            lastResult = result.table
            return StatementResult(output: output)
        case .let(let name, _, let pipeline):
            let result = try engine.execute(pipeline)
            var lines = try present(result, showTable: false)
            lastResult = result.table
            // Hiding a bundled or loaded dataset is allowed, but never silent.
            var hidden: String? = nil
            switch registry.entry(name)?.origin {
            case .bundled?: hidden = "the bundled dataset of that name is hidden for this session"
            case .loaded(let path)?: hidden = "it no longer names the file \((path as NSString).lastPathComponent)"
            default: break
            }
            if let hidden { lines = (["warning: `\(name)` now names this result; " + hidden] + (lines.isEmpty ? [] : [lines])).joined(separator: "\n") }
            registry.bind(name, table: result.table, origin: .derived(statement: statement))
            let summary = "\(name): \(NumberFormat.counted(result.table.rowCount, "row")), \(NumberFormat.counted(result.table.columnCount, "column"))"
            lines = lines.isEmpty ? summary : lines + "\n" + summary
            return StatementResult(output: lines)
        }
    }

    /// Warnings, then the chart (when the pipeline ends in `chart`), the `wrote …` line (when it ends in
    /// `write`), or the table. The chart is drawn before the file is written, so a bad chart writes nothing.
    func present(_ result: QueryResult, showTable: Bool = true) throws -> String {
        var lines = (fileSources.takeWarnings() + result.warnings).map { "warning: " + TextSafety.clean($0) }
        var chartLines: [String] = []
        if let chartArgs = result.chart {
            let spec = try ChartSpec(chartArgs)
            let style = ChartStyle(width: settings.width, ascii: settings.ascii, color: settings.color,
                                   decimals: settings.decimals)
            chartLines = try ChartRenderer.render(result.table, spec: spec, style: style)
        }
        if let write = result.write {
            let path = try writeTarget(write.path, span: write.span)
            lines += try DataWriting.write(result.table, to: path, shown: write.path, span: write.span)
                .map { "warning: " + TextSafety.clean($0) }
            lines.append("wrote \(NumberFormat.grouped(Int64(result.table.rowCount))) rows to \(write.path)")
        }
        lines += chartLines
        if showTable, result.chart == nil, result.write == nil { lines.append(try renderCancellable(result.table)) }
        return lines.joined(separator: "\n")
    }
}
