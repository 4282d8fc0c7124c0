import Foundation
import Testing
import Tables
import Query
import TestTexts
@testable import Shell

/// The shell's former hand-written scanners (the completer's word scan and statement start, history recall)
/// agree with `TextScanner` (which `TextScannerTests` checks against an independent model) on random texts.
@Suite struct ScannerAgreementTests {
    /// `ScannerTexts`' random texts without `\r\n` pieces (the pieces this suite has always drawn from).
    static func random(_ rng: inout SplitMix64) -> String {
        ScannerTexts.random(&rng, from: ScannerTexts.pieces.filter { $0 != "\r\n" })
    }

    /// Runs of white space as one space (history recall turns line breaks, comments and continuations into spaces).
    static func squeezed(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func theCompletersScanAgreesWithTheScanner() {
        var rng = SplitMix64(seed: 1818)
        for _ in 0..<4_000 {
            let text = Self.random(&rng)
            let chars = Array(text)
            let why = text.debugDescription
            var quoted: [Range<Int>] = []
            var comments: [Range<Int>] = []
            let state = TextScanner.scan(chars) { piece, _ in
                if case .quoted(let r, true) = piece { quoted.append(r) }
                if case .comment(let r) = piece { comments.append(r) }
            }
            let scan = Completer.scan(chars)
            #expect(scan.openQuote.map(\.offset) ?? scan.openBacktick == state.openQuote?.offset, "\(why)")
            #expect(scan.openQuote.map(\.char) ?? (scan.openBacktick != nil ? "`" : nil) == state.openQuote?.character, "\(why)")
            let strings = scan.tokens.filter { TextScanner.isQuote(chars[$0.start]) }.map { $0.start..<$0.end }
            #expect(strings == quoted, "\(why)")
            for t in scan.tokens {
                #expect(!comments.contains { $0.overlaps(t.start..<t.end) }, "\(why): token \(t.text) in a comment")
            }
        }
    }

    @Test func aRecalledStatementIsTheStatementTyped() {
        var rng = SplitMix64(seed: 2718)
        var checked = 0
        for _ in 0..<4_000 {
            let text = Self.random(&rng)
            let typed = QueryParser.splitStatements(text)
            guard typed.count == 1, !QueryParser.needsContinuation(text) else { continue }
            let line = LineEditor.historyLine(text)
            #expect(!line.contains("\n"), "\(text.debugDescription)")
            let recalled = QueryParser.splitStatements(line)
            #expect(recalled.map { Self.squeezed($0.text) } == typed.map { Self.squeezed($0.text) },
                    "\(text.debugDescription) came back as \(line.debugDescription)")
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test func completionAfterEscapedAndDoubledQuotesWithSemicolons() throws {
        let box = try SessionSandbox()
        let completer = Completer(session: box.session())
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        #expect(complete("from probe | where yrke == 'a;b' and å") == ["år", "årsverk"])
        #expect(complete("from probe | where yrke == 'it''s;' and å") == ["år", "årsverk"])
        #expect(complete("from probe | where yrke == \"a\\\";b\" and å") == ["år", "årsverk"])
        #expect(complete("from probe | where `år` > 1 | sort -å") == ["-år", "-årsverk"])
        // `delimiter=;` is a value, not the end of a statement, for completion as for the splitter.
        #expect(complete("load \"data/probe.csv\" delimiter=; a") == ["as"])
    }

    @Test func aMultiLineStatementWithContinuationsAndACommentRecalledFromHistoryParses() throws {
        let box = try SessionSandbox()
        let s = box.session()
        let typed = "from probe | # only nurses\n  where yrke == \"Sykepleier\" \\\n  | select år, årsverk"
        let line = LineEditor.historyLine(typed)
        #expect(!line.contains("\n") && !line.contains("#"))
        let recalled = s.execute(line)
        #expect(recalled.ok, "\(recalled.error ?? "")")
        #expect(recalled.output == s.execute(typed).output)
        #expect(recalled.output.contains("100"))
    }
}
