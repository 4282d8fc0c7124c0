import Tables

/// One token of the query language, with its span in character offsets of the statement.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier      // plain name (may hold æøå); `text` as typed
        case quotedName      // `any name`; `text` without the backquotes
        case string          // "text" or 'text'; `text` without quotes
        case integer(Int64)
        case decimal(Double)
        case symbol          // operators and punctuation; `text` is the symbol
        case end
    }
    var kind: Kind
    var text: String
    var span: SourceSpan

    /// True for an unquoted identifier equal (case-insensitively) to `word`.
    func isWord(_ word: String) -> Bool {
        kind == .identifier && text.lowercased() == word
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    var isName: Bool { kind == .identifier || kind == .quotedName }
}

/// Splits a statement (or one step of it) into tokens. Where strings, quoted names and comments end is
/// `TextScanner`'s rule: `#` starts a comment to the end of the line.
struct Lexer {
    let chars: [Character]
    /// Offset of `chars[0]` in the statement, so spans point into the whole statement.
    let base: Int

    init(_ text: String, base: Int = 0) { chars = Array(text); self.base = base }
    init(chars: [Character], base: Int) { self.chars = chars; self.base = base }

    static func isIdentStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    static func isIdentPart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    private func span(_ a: Int, _ b: Int) -> SourceSpan { SourceSpan(start: base + a, end: base + b) }

    func tokenize() throws -> [Token] {
        var out: [Token] = []
        var i = 0
        let n = chars.count
        while i < n {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "#" {   // a comment, to the end of the line (as `TextScanner` reads it)
                while i < n, !TextScanner.isLineBreak(chars[i]) { i += 1 }
                continue
            }
            let start = i
            if Lexer.isIdentStart(c) {
                while i < n, Lexer.isIdentPart(chars[i]) { i += 1 }
                out.append(Token(kind: .identifier, text: String(chars[start..<i]), span: span(start, i)))
                continue
            }
            if c.isASCII && c.isNumber || (c == "." && i + 1 < n && chars[i + 1].isASCII && chars[i + 1].isNumber) {
                out.append(try number(&i))
                continue
            }
            if TextScanner.isQuote(c) {
                let (end, closed) = TextScanner.quoteEnd(chars, at: i)
                let text = TextScanner.unquoted(chars, i..<end, closed: closed)
                i = end
                if c == "`" {
                    guard closed else {
                        throw Diagnostic("unterminated quoted name", span: span(start, n), hint: "close it with ` (a backquote inside a name is doubled: ``)")
                    }
                    guard !text.isEmpty else { throw Diagnostic("empty quoted name", span: span(start, i)) }
                    out.append(Token(kind: .quotedName, text: text, span: span(start, i)))
                } else {
                    guard closed else {
                        throw Diagnostic("unterminated string", span: span(start, n), hint: "close it with \(c)")
                    }
                    out.append(Token(kind: .string, text: text, span: span(start, i)))
                }
                continue
            }
            let two: String? = i + 1 < n ? String([c, chars[i + 1]]) : nil
            if let two, ["==", "!=", "<=", ">=", "<>", ".."].contains(two) {
                out.append(Token(kind: .symbol, text: two == "<>" ? "!=" : two, span: span(i, i + 2)))
                i += 2
                continue
            }
            if "+-*/%^()<>=,|;[]".contains(c) {
                out.append(Token(kind: .symbol, text: String(c), span: span(i, i + 1)))
                i += 1
                continue
            }
            throw Diagnostic("unexpected character \(Lexer.visible(c))", span: span(i, i + 1))
        }
        out.append(Token(kind: .end, text: "", span: span(n, n)))
        return out
    }

    private func number(_ i: inout Int) throws -> Token {
        let start = i
        let n = chars.count
        var isDecimal = false
        while i < n, chars[i].isASCII, chars[i].isNumber || chars[i] == "_" { i += 1 }
        // `2019..2040` is a range, not a decimal
        if i < n, chars[i] == ".", !(i + 1 < n && chars[i + 1] == ".") {
            isDecimal = true
            i += 1
            while i < n, chars[i].isASCII, chars[i].isNumber || chars[i] == "_" { i += 1 }
        }
        if i < n, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < n, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < n, chars[j].isASCII, chars[j].isNumber {
                isDecimal = true
                i = j
                while i < n, chars[i].isASCII, chars[i].isNumber { i += 1 }
            }
        }
        if i < n, Lexer.isIdentStart(chars[i]) {
            var j = i
            while j < n, Lexer.isIdentPart(chars[j]) { j += 1 }
            throw Diagnostic("malformed number `\(String(chars[start..<j]))`", span: span(start, j),
                             hint: "names cannot start with a digit; quote them with backquotes: `\(String(chars[start..<j]))`")
        }
        let text = String(chars[start..<i]).replacingOccurrences(of: "_", with: "")
        if !isDecimal, let v = Int64(text) {
            return Token(kind: .integer(v), text: text, span: span(start, i))
        }
        guard let d = Double(text) else {
            throw Diagnostic("malformed number `\(text)`", span: span(start, i))
        }
        return Token(kind: .decimal(d), text: text, span: span(start, i))
    }

    /// A character as a message shows it: `x` for a visible one, U+0007 for a control or
    /// invisible character that would otherwise print as nothing (or move the cursor).
    static func visible(_ c: Character) -> String {
        let invisible = c.unicodeScalars.contains {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                || $0.properties.generalCategory == .spaceSeparator
        }
        guard invisible else { return "`\(c)`" }
        return c.unicodeScalars.map { u -> String in
            let hex = String(u.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }
}
