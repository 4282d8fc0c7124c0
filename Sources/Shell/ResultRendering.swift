import Foundation
import Tables

extension Session {
    /// Renders a result table with the session's settings.
    func render(_ table: Table) -> String { TableRenderer.render(table, options: renderOptions(settings)) }

    /// `render`, stopping on Ctrl-C or at the memory limit (for results that may be large).
    func renderCancellable(_ table: Table) throws -> String {
        try TableRenderer.render(table, options: renderOptions(settings), checking: Cancellation.check)
    }

    /// Renderer options from display settings.
    func renderOptions(_ s: DisplaySettings) -> RenderOptions {
        RenderOptions(format: RenderOptions.Format(rawValue: s.format.rawValue) ?? .table,
                      maxRows: rowCap.map { min(s.rows, $0) } ?? s.rows,
                      decimals: s.decimals, width: s.width, ascii: s.ascii, color: s.color)
    }
}
