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

/// From the hostile-input audit: data-derived text cannot drive the terminal, and a huge statement
/// gives a short error.
@Suite struct HostileErrorRenderingTests {
    @Test func controlCharactersFromDataAreNotPrintedRaw() throws {
        let box = try SessionSandbox()
        // A header that would clear the screen and retitle the terminal.
        try box.write("\u{1B}[2J\u{1B}]0;pwned\u{07}navn,år\nA,2020\n", to: "evil.csv")
        let s = box.session()
        let loaded = s.execute("load \"evil.csv\" as evil")
        #expect(loaded.ok, "\(loaded.error ?? "")")
        let outcome = s.execute("from evil | select navm")
        let error = try #require(outcome.error)
        #expect(!error.contains("\u{1B}") && !error.contains("\u{07}"), "\(error.debugDescription)")
        for text in [loaded.output, s.execute("describe evil").output] {
            #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"), "\(text.debugDescription)")
        }
    }

    @Test func aHugeStatementShowsAWindowAroundTheCaret() {
        let statement = "from x | where " + String(repeating: "a + ", count: 100_000) + "nope"
        let start = statement.count - 4
        let text = ErrorRendering.render(message: "unknown column `nope`", span: SourceSpan(start: start, end: start + 4),
                                         hint: nil, statement: statement)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].count == 1 + ErrorRendering.windowBefore + 4)
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("a + nope"))
        // The caret still sits under `nope`.
        #expect(lines[2] == String(repeating: " ", count: 1 + ErrorRendering.windowBefore) + "^^^^")
    }
}
