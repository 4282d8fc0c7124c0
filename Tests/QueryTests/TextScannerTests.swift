import Foundation
import Testing
import Tables
import TestTexts
@testable import Query

/// An independent, character-at-a-time model of the rules `TextScanner` documents, to check it (and the
/// call sites built on it) against.
struct ReferenceScan {
    enum Class: Equatable { case code(depth: Int), quoted, comment }
    var classes: [Class] = []
    /// The quoted runs (quotes included) and whether each closed.
    var quoted: [(range: Range<Int>, closed: Bool)] = []
    var openQuote: Int? = nil
    var depth = 0

    init(_ chars: [Character]) {
        var stack = 0
        var i = 0
        var comment = false
        while i < chars.count {
            let c = chars[i]
            if comment {
                if c == "\n" || c == "\r\n" { comment = false; classes.append(.code(depth: stack)) } else { classes.append(.comment) }
                i += 1; continue
            }
            if c == "\"" || c == "'" || c == "`" {
                let start = i
                classes.append(.quoted)
                i += 1
                var closed = false
                while i < chars.count {
                    classes.append(.quoted)
                    if chars[i] == c, i + 1 < chars.count, chars[i + 1] == c { classes.append(.quoted); i += 2; continue }
                    if chars[i] == c { closed = true; i += 1; break }
                    if c != "`", chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == c { classes.append(.quoted); i += 2; continue }
                    i += 1
                }
                quoted.append((start..<i, closed))
                if !closed { openQuote = start }
                continue
            }
            if c == "#" { comment = true; classes.append(.comment); i += 1; continue }
            if c == "(" || c == "[" { classes.append(.code(depth: stack)); stack += 1 }
            else if c == ")" || c == "]" { stack = max(0, stack - 1); classes.append(.code(depth: stack)) }
            else { classes.append(.code(depth: stack)) }
            i += 1
        }
        depth = stack
    }

    func isCode(_ i: Int) -> Bool { if case .code = classes[i] { return true }; return false }
    func depth(at i: Int) -> Int { if case .code(let d) = classes[i] { return d }; return -1 }

    /// A `;` at depth 0 that does not follow `=`.
    func isStatementEnd(_ chars: [Character], _ i: Int) -> Bool {
        chars[i] == ";" && depth(at: i) == 0 && !(i > 0 && chars[i - 1] == "=")
    }

    /// The statements `splitStatements` should give, rebuilt from the classes.
    func statements(_ chars: [Character]) -> [String] {
        var out: [String] = []
        var current = ""
        var last: Character? = nil
        // The `\`s that end their line (only blanks or a comment after them).
        var continuation = Set<Int>()
        var i = 0
        while i < chars.count {
            if isCode(i), chars[i] == "\\" {
                var j = i + 1
                while j < chars.count, isCode(j), chars[j].isWhitespace, chars[j] != "\n", chars[j] != "\r\n" { j += 1 }
                while j < chars.count, classes[j] == .comment { j += 1 }
                if j == chars.count || chars[j] == "\n" || chars[j] == "\r\n" { continuation.insert(i) }
            }
            i += 1
        }
        func flush() {
            let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { out.append(t) }
            current = ""; last = nil
        }
        for (i, c) in chars.enumerated() {
            switch classes[i] {
            case .quoted: current.append(c); last = c
            case .comment: current.append(" ")
            case .code(let d):
                if isStatementEnd(chars, i) { flush() }
                else if c == "\n" || c == "\r\n" {
                    if d == 0, last != "|", last != "\\" { flush() } else { current.append(" ") }
                } else if continuation.contains(i) { current.append(" "); last = "\\" }
                else { current.append(c); if !c.isWhitespace { last = c } }
            }
        }
        flush()
        return out
    }
}

@Suite struct TextScannerTests {
    @Test func scannerAgreesWithTheReferenceOnRandomTexts() {
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<4_000 {
            let text = ScannerTexts.random(&rng)
            let chars = Array(text)
            let ref = ReferenceScan(chars)
            var seen = [ReferenceScan.Class?](repeating: nil, count: chars.count)
            var quoted: [Range<Int>] = []
            let state = TextScanner.scan(chars) { piece, depth in
                switch piece {
                case .code(let i): seen[i] = .code(depth: depth)
                case .quoted(let r, _): quoted.append(r); for i in r { seen[i] = .quoted }
                case .comment(let r): for i in r { seen[i] = .comment }
                }
            }
            #expect(seen.map { $0! } == ref.classes, "\(text.debugDescription)")
            #expect(quoted == ref.quoted.map(\.range), "\(text.debugDescription)")
            #expect(state.openQuote?.offset == ref.openQuote, "\(text.debugDescription)")
            #expect(state.depth == ref.depth, "\(text.debugDescription)")
        }
    }

    /// The former hand-written scanners of the Query module (statement splitting, continuation, the step
    /// splitter, the lexer) each agree with the reference on the same random texts. (Command words quote
    /// with `"` only and know no comments, so they are checked by example below.)
    @Test func everyQueryCallSiteAgreesOnRandomTexts() {
        var rng = SplitMix64(seed: 18)
        for _ in 0..<4_000 {
            let text = ScannerTexts.random(&rng)
            let chars = Array(text)
            let ref = ReferenceScan(chars)
            let why = text.debugDescription

            // splitStatements: the statements the reference finds.
            #expect(QueryParser.splitStatements(text).map(\.text) == ref.statements(chars), "\(why)")
            for (s, offset) in QueryParser.splitStatements(text) {
                #expect(chars[offset] == s.first, "\(why): offset \(offset)")
            }

            // needsContinuation: open quote or bracket, or the last significant character is `|` or `\`.
            var last: Character? = nil
            for (i, c) in chars.enumerated() {
                switch ref.classes[i] {
                case .quoted: last = c
                case .comment: break
                case .code: if ref.isStatementEnd(chars, i) { last = nil } else if !c.isWhitespace { last = c }
                }
            }
            let open = ref.openQuote != nil || ref.depth > 0
            #expect(QueryParser.needsContinuation(text) == (open || last == "|" || last == "\\"), "\(why)")

            // The step splitter: `|` at depth 0 splits; it fails exactly when the text is not one closed statement.
            let bars = chars.indices.filter { ref.isCode($0) && chars[$0] == "|" && ref.depth(at: $0) == 0 }
            let ends = chars.indices.filter { ref.isCode($0) && ref.isStatementEnd(chars, $0) }
            var unbalanced = false
            var stack: [Character] = []
            for i in chars.indices where ref.isCode(i) {
                if chars[i] == "(" || chars[i] == "[" { stack.append(chars[i]) }
                if chars[i] == ")" || chars[i] == "]" {
                    let open = stack.popLast()
                    if open == nil || (open == "(") != (chars[i] == ")") { unbalanced = true }
                }
            }
            let blanked = TextScanner.blankingComments(chars)
            if let segments = try? QueryParser.segment(blanked, from: 0) {
                #expect(!open && !unbalanced && ends.isEmpty, "\(why)")
                #expect(segments.dropLast().map(\.upperBound) == bars, "\(why)")
            } else {
                #expect(open || unbalanced || !ends.isEmpty, "\(why)")
            }

            // The lexer: every string or quoted name it finds is one of the reference's closed quoted runs,
            // and an unterminated one is reported where the reference's open quote starts.
            do {
                let tokens = try Lexer(text).tokenize()
                let spans = tokens.filter { $0.kind == .string || $0.kind == .quotedName }.map { $0.span.start..<$0.span.end }
                #expect(spans == ref.quoted.filter(\.closed).map(\.range), "\(why)")
            } catch let e as Diagnostic {
                if e.message.hasPrefix("unterminated") { #expect(e.span?.start == ref.openQuote, "\(why)") }
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func quotesEscapesAndCommentsAreReadTheSameEverywhere() throws {
        // A doubled or escaped quote does not end a string, for the splitter as for the lexer.
        #expect(QueryParser.splitStatements("from d | where s == \"a\\\";b\"; from e").map(\.text)
                == ["from d | where s == \"a\\\";b\"", "from e"])
        #expect(QueryParser.splitStatements("from d | where s == 'it''s;' ; from e").count == 2)
        #expect(!QueryParser.needsContinuation("from d | where s == \"a\"\"b\""))
        #expect(QueryParser.needsContinuation("from d | where s == \"a\\\""))
        // A `#` ends the line only: the step on the next line still counts (it used to end the statement).
        let p = try QueryParser.parse("from d | # keep the big ones\n where x > 1")
        #expect(p.pipeline.steps.count == 1)
        // A `\` before a comment still continues the line.
        #expect(QueryParser.splitStatements("from d \\ # more\n| take 1").map { $0.text.split(separator: " ").joined(separator: " ") }
                == ["from d | take 1"])
        // A backquoted `let` name may hold a doubled backquote, as any quoted name.
        guard case .let(let name, _, _) = try QueryParser.parse("let `a``b` = from d") else { Issue.record("not a let"); return }
        #expect(name == "a`b")
        // Command words read quotes by the same rule.
        let args = try CommandArguments.parse(#"project gap title="a ""b"" c""#)
        #expect(args.named("title")?.value == #"a "b" c"#)
    }

    @Test func continuationsAreTheBackslashesThatEndALine() {
        #expect(TextScanner.continuations(Array("a \\\nb \\ c\\  # x\nd \"\\\n\" e\\")) == [2, 9, 24])
    }
}

