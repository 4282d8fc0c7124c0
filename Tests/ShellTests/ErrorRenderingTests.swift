import Testing
import Tables
@testable import Shell

@Suite("Error rendering")
struct ErrorRenderingTests {
    @Test("caret under the span, counted in cells, with the hint on its own line")
    func caretUnderSpan() {
        let text = ErrorRendering.render(
            message: "unknown column `arsverk`", span: SourceSpan(start: 21, end: 28),
            hint: "did you mean `årsverk`?", statement: "from omsorg | select arsverk")
        #expect(text == """
            error: unknown column `arsverk`
            from omsorg | select arsverk
                                 ^^^^^^^
            hint: did you mean `årsverk`?
            """)
    }

    @Test("æøå before the span count one cell each")
    func norwegianLettersBeforeSpan() {
        let statement = "from å | where ø == x"
        let text = ErrorRendering.render(message: "unknown column `x`", span: SourceSpan(start: 20, end: 21),
                                         hint: nil, statement: statement)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == String(repeating: " ", count: 20) + "^")
    }

    @Test("in a script the first line says file:line, counting lines inside a multi-line statement")
    func scriptPrefix() {
        let statement = "from x |\n  where y > 1"
        let text = ErrorRendering.render(message: "unknown column `y`", span: SourceSpan(start: 17, end: 18), hint: nil,
                                         statement: statement, origin: StatementOrigin(file: "a.hws", line: 4))
        #expect(text == """
            a.hws:5: error: unknown column `y`
              where y > 1
                    ^
            """)
    }

    @Test("colour only when asked")
    func colour() {
        let plain = ErrorRendering.render(message: "m", span: nil, hint: "h", statement: "s")
        let coloured = ErrorRendering.render(message: "m", span: nil, hint: "h", statement: "s", color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror:"))
    }

    @Test("cancellation reads `cancelled`")
    func cancelled() {
        #expect(ErrorRendering.render(CancelledError(), statement: "from x") == "error: cancelled")
    }
}
