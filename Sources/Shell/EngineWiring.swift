import Foundation
import Tables
import Query

/// Statements whose engine has not landed yet answer with this error.
func notAvailableYet(_ what: String, span: SourceSpan? = nil) -> Diagnostic {
    Diagnostic("\(what) is not available yet in this build", span: span)
}

extension Session {

    /// Renders a result table with the session's settings.
    func render(_ table: Table) -> String { TableRenderer.render(table, options: renderOptions(settings)) }

    /// Renderer options from display settings.
    func renderOptions(_ s: DisplaySettings) -> RenderOptions {
        RenderOptions(format: RenderOptions.Format(rawValue: s.format.rawValue) ?? .table, maxRows: s.rows,
                      decimals: s.decimals, width: s.width, ascii: s.ascii)
    }
}
