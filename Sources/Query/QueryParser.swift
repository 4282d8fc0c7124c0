import Tables

/// Parses statements of the query language into `Statement`s. Spans are character offsets in `text`.
public enum QueryParser {
    /// Parses one statement: `from D | …`, `let NAME = …`, or an engine command at the head of a pipeline.
    /// The most steps one pipeline may have (not counting `chart` and `write`).
    public static let maxSteps = 1_000

    public static func parse(_ text: String) throws -> Statement {
        let chars = TextScanner.blankingComments(Array(text))
        let segments = try segment(chars, from: 0)
        guard let head = segments.first, !isBlank(chars, head) else {
            throw Diagnostic("empty statement", span: SourceSpan(start: 0, end: max(1, chars.count)))
        }
        var headRange = head
        var letName: (String, SourceSpan)? = nil
        let (firstWord, firstSpan) = word(chars, in: head)
        if firstWord.lowercased() == "let" {
            var i = firstSpan.end
            skipSpace(chars, &i, head.upperBound)
            let nameStart = i
            var name = ""
            if i < head.upperBound, chars[i] == "`" {
                let (end, closed) = TextScanner.quoteEnd(chars, at: i, limit: head.upperBound)
                guard closed else {
                    throw Diagnostic("unterminated quoted name", span: SourceSpan(start: nameStart, end: head.upperBound))
                }
                name = TextScanner.unquoted(chars, i..<end)
                i = end
            } else {
                while i < head.upperBound, Lexer.isIdentPart(chars[i]) { name.append(chars[i]); i += 1 }
            }
            guard !name.isEmpty, !(name.first!.isNumber) else {
                throw Diagnostic("`let` needs a name", span: SourceSpan(start: nameStart, end: nameStart + 1),
                                 hint: "let NAME = from D | …")
            }
            let nameSpan = SourceSpan(start: nameStart, end: i)
            skipSpace(chars, &i, head.upperBound)
            guard i < head.upperBound, chars[i] == "=", !(i + 1 < chars.count && chars[i + 1] == "=") else {
                throw Diagnostic("expected `=` after `let \(name)`", span: SourceSpan(start: i, end: i + 1),
                                 hint: "let NAME = from D | …")
            }
            i += 1
            headRange = i..<head.upperBound
            letName = (name, nameSpan)
            guard !isBlank(chars, headRange) else {
                throw Diagnostic("`let \(name) =` needs a pipeline", span: SourceSpan(start: i, end: i + 1))
            }
        }
        let pipeline = try parsePipeline(chars, head: headRange, rest: Array(segments.dropFirst()), text: text)
        if let (n, s) = letName { return .let(name: n, nameSpan: s, pipeline) }
        return .query(pipeline)
    }

    /// Parses a chain of steps without a source (`where … | agg …`), as `QueryEngine.apply` runs them.
    public static func parseSteps(_ text: String) throws -> Pipeline {
        let chars = TextScanner.blankingComments(Array(text))
        let segments = try segment(chars, from: 0)
        var p = Pipeline(source: .dataset(name: "", span: SourceSpan(start: 0, end: 0)), steps: [], text: text)
        if segments.count == 1, isBlank(chars, segments[0]) { return p }
        try parseSteps(chars, segments, into: &p)
        return p
    }

    static func parsePipeline(_ chars: [Character], head: Range<Int>, rest: [Range<Int>], text: String) throws -> Pipeline {
        let (w, wSpan) = word(chars, in: head)
        let source: PipelineSource
        if w.lowercased() == "from" {
            var q = wSpan.end
            skipSpace(chars, &q, head.upperBound)
            if q < head.upperBound, chars[q] == "\"" || chars[q] == "'" {
                // `from "file.csv" delimiter=";"`: the words after the path are the reader's options.
                let end = TextScanner.quoteEnd(chars, at: q, limit: head.upperBound).end
                let path = try Lexer(chars: Array(chars[q..<end]), base: q).tokenize()[0]
                let restStart = path.span.end
                var options = CommandArguments(command: "from", commandSpan: wSpan, words: [])
                if !isBlank(chars, restStart..<head.upperBound) {
                    // (`_ ` stands in for the command word, two characters before the options.)
                    options.words = try CommandArguments.parse("_ " + String(chars[restStart..<head.upperBound]), base: restStart - 2).words
                }
                guard !path.text.isEmpty else {
                    throw Diagnostic("`from \"\"` needs a file name", span: path.span, hint: "from \"file.csv\" | …")
                }
                let source = PipelineSource.file(path: path.text, span: path.span, options: options)
                var pipeline = Pipeline(source: source, steps: [], text: String(chars))
                try parseSteps(chars, rest, into: &pipeline)
                return pipeline
            }
            let tokens = try Lexer(chars: Array(chars[wSpan.end..<head.upperBound]), base: wSpan.end).tokenize()
            var p = TokenParser(tokens)
            if p.atEnd {
                throw Diagnostic("`from` needs a dataset name", span: SourceSpan(start: wSpan.start, end: wSpan.end))
            }
            let (name, span) = try p.name("a dataset name")
            if !p.atEnd {
                throw p.error("unexpected \(p.describe(p.current)) after `from \(name)`", at: p.current,
                              hint: "separate steps with |")
            }
            source = .dataset(name: name, span: span)
        } else {
            var start = head.lowerBound
            skipSpace(chars, &start, head.upperBound)
            if start < head.upperBound, !Lexer.isIdentStart(chars[start]) {
                throw Diagnostic("a pipeline starts with `from DATASET` or a command", span: SourceSpan(start: start, end: start + 1))
            }
            let args = try CommandArguments.parse(String(chars[head]), base: head.lowerBound)
            source = .command(args)
        }
        var p = Pipeline(source: source, steps: [], text: String(chars))
        try parseSteps(chars, rest, into: &p)
        return p
    }

    private static func parseSteps(_ chars: [Character], _ segments: [Range<Int>], into p: inout Pipeline) throws {
        for (k, seg) in segments.enumerated() {
            if isBlank(chars, seg) {
                let at = max(0, seg.lowerBound - 1)
                throw Diagnostic("missing step after `|`", span: SourceSpan(start: at, end: at + 1),
                                 hint: "steps: " + QueryLanguage.steps.joined(separator: ", "))
            }
            let (w, wSpan) = word(chars, in: seg)
            let keyword = QueryLanguage.step(named: w)?.name ?? w.lowercased()
            if p.chart != nil || p.write != nil, keyword != "chart", keyword != "write" {
                throw Diagnostic("`\(w)` cannot follow `chart` or `write`", span: wSpan,
                                 hint: "chart and write end a pipeline")
            }
            switch keyword {
            case "chart":
                if p.chart != nil { throw Diagnostic("a pipeline has one chart", span: wSpan) }
                var args = try CommandArguments.parse(String(chars[seg]), base: seg.lowerBound)
                args.command = "chart"
                p.chart = args
            case "write":
                if p.write != nil { throw Diagnostic("a pipeline writes one file", span: wSpan) }
                let tokens = try Lexer(chars: Array(chars[wSpan.end..<seg.upperBound]), base: wSpan.end).tokenize()
                guard tokens.count == 2, tokens[0].kind == .string || tokens[0].kind == .identifier else {
                    let t = tokens.count >= 2 ? tokens[tokens.count == 2 ? 0 : 1] : tokens[0]
                    throw Diagnostic("`write` needs one file name in quotes", span: tokens.count == 1 ? wSpan : t.span,
                                     hint: "write \"file.csv\"")
                }
                p.write = (tokens[0].text, tokens[0].span)
            default:
                // Each step keeps the schema it produces: thousands of steps would cost memory by the square.
                guard p.steps.count < QueryParser.maxSteps else {
                    throw Diagnostic("a pipeline has at most \(QueryParser.maxSteps) steps", span: wSpan,
                                     hint: "keep a result with `let name = …` and go on from it")
                }
                let tokens = try Lexer(chars: Array(chars[seg]), base: seg.lowerBound).tokenize()
                var parser = TokenParser(tokens)
                p.steps.append(try parser.step())
            }
            _ = k
        }
    }

    // MARK: raw scanning

    /// Splits `chars` at top-level `|` (outside quotes, brackets and comments: `TextScanner`).
    static func segment(_ chars: [Character], from start: Int) throws -> [Range<Int>] {
        var out: [Range<Int>] = []
        var segStart = start
        var statementEnd: Int? = nil
        let state = TextScanner.scan(chars, in: start..<chars.count) { piece, depth in
            guard case .code(let i) = piece, depth == 0 else { return }
            if chars[i] == "|" {
                out.append(segStart..<i); segStart = i + 1
            } else if statementEnd == nil, TextScanner.isStatementEnd(chars, i, depth: depth) {
                statementEnd = i
            }
        }
        // The first problem in the text is the one reported.
        if let bad = state.unbalanced, bad.offset < (statementEnd ?? .max) {
            throw Diagnostic("unbalanced `\(bad.character)`", span: SourceSpan(start: bad.offset, end: bad.offset + 1))
        }
        if let i = statementEnd {
            throw Diagnostic("one statement at a time here", span: SourceSpan(start: i, end: i + 1),
                             hint: "split statements with QueryParser.splitStatements")
        }
        if let q = state.openQuote {
            let what = q.character == "`" ? "quoted name" : "string"
            throw Diagnostic("unterminated \(what)", span: SourceSpan(start: q.offset, end: chars.count), hint: "close it with \(q.character)")
        }
        if let open = state.openBrackets.last {
            throw Diagnostic("unclosed `\(open.character)`", span: SourceSpan(start: open.offset, end: open.offset + 1),
                             hint: "close it with `\(open.character == "(" ? ")" : "]")`")
        }
        out.append(segStart..<chars.count)
        return out
    }

    static func isBlank(_ chars: [Character], _ r: Range<Int>) -> Bool { chars[r].allSatisfy { $0.isWhitespace } }

    static func skipSpace(_ chars: [Character], _ i: inout Int, _ end: Int) {
        while i < end, chars[i].isWhitespace { i += 1 }
    }

    /// The first word of a segment and its span.
    static func word(_ chars: [Character], in r: Range<Int>) -> (String, SourceSpan) {
        var i = r.lowerBound
        skipSpace(chars, &i, r.upperBound)
        let s = i
        while i < r.upperBound, Lexer.isIdentPart(chars[i]) { i += 1 }
        if i == s, i < r.upperBound { i += 1 }
        return (String(chars[s..<i]), SourceSpan(start: s, end: i))
    }

    // MARK: statements and continuation

    /// Splits a line or script into statements at `;` and line ends outside quotes and brackets,
    /// dropping comments and blank statements. A line ending in `|` or `\` (or inside brackets or
    /// quotes) continues on the next. Offsets are character offsets of each statement in `text`.
    /// Where each of those ends is `TextScanner`'s rule.
    public static func splitStatements(_ text: String) -> [(text: String, offset: Int)] {
        let chars = Array(text)
        var out: [(text: String, offset: Int)] = []
        var current: [Character] = []
        var start = 0
        let continued = Set(TextScanner.continuations(chars))
        func flush(_ next: Int) {
            let trimmedStart = current.firstIndex { !$0.isWhitespace }
            if let a = trimmedStart {
                var b = current.count
                while b > a, current[b - 1].isWhitespace { b -= 1 }
                out.append((String(current[a..<b]), start + a))
            }
            current = []
            start = next
        }
        // The last character of the statement so far that is not blank or a comment.
        var lastSignificant: Character? = nil
        TextScanner.scan(chars) { piece, depth in
            switch piece {
            case .quoted(let r, _):
                current.append(contentsOf: chars[r]); lastSignificant = chars[r.upperBound - 1]
            case .comment(let r):
                // replaced by spaces so offsets stay true
                current.append(contentsOf: repeatElement(" ", count: r.count))
            case .code(let i):
                let c = chars[i]
                if TextScanner.isStatementEnd(chars, i, depth: depth) {
                    flush(i + 1); lastSignificant = nil
                } else if TextScanner.isLineBreak(c) {
                    if depth == 0, lastSignificant != "|", lastSignificant != "\\" {
                        flush(i + 1); lastSignificant = nil
                    } else {
                        current.append(" ")
                    }
                } else if continued.contains(i) {
                    current.append(" "); lastSignificant = "\\"
                } else {
                    current.append(c)
                    if !c.isWhitespace { lastSignificant = c }
                }
            }
        }
        flush(chars.count)
        return out
    }

    /// True when `text` cannot end here: it ends in `|` or `\`, or leaves a bracket or quote open
    /// (`TextScanner`). The shell then reads another line (`...>`).
    public static func needsContinuation(_ text: String) -> Bool {
        let chars = Array(text)
        var lastSignificant: Character? = nil
        let state = TextScanner.scan(chars) { piece, depth in
            switch piece {
            case .quoted(let r, _): lastSignificant = chars[r.upperBound - 1]
            case .comment: break
            case .code(let i):
                if TextScanner.isStatementEnd(chars, i, depth: depth) { lastSignificant = nil }
                else if !chars[i].isWhitespace { lastSignificant = chars[i] }
            }
        }
        if state.isOpen { return true }
        return lastSignificant == "|" || lastSignificant == "\\"
    }
}
