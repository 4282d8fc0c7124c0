/// Splits input into statements at top-level `;` and decides when a line needs a continuation.
/// Quotes (`"…"`), backquoted names and brackets are respected; `#` starts a comment to the end of the line.
enum StatementSplitter {
    struct Piece: Equatable {
        /// The statement, trimmed of surrounding white space.
        var text: String
        /// Lines before the statement's first character, counted from the start of the input.
        var line: Int
    }

    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var currentLine = 0
        var line = 0
        var quote: Character? = nil
        var depth = 0
        var comment = false
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, !isOnlyComments(trimmed) { pieces.append(Piece(text: trimmed, line: currentLine)) }
            current = ""
        }
        for ch in text {
            if current.allSatisfy({ $0.isWhitespace }) && !ch.isWhitespace { currentLine = line }
            if ch == "\n" || ch == "\r\n" { line += 1; comment = false }
            if comment { current.append(ch); continue }
            if let q = quote {
                if ch == q { quote = nil }
                current.append(ch); continue
            }
            switch ch {
            case "\"", "`": quote = ch
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            case "#": comment = true
            case ";" where depth == 0: flush(); continue
            default: break
            }
            current.append(ch)
        }
        flush()
        return pieces
    }

    /// True for text made only of `#` comment lines.
    static func isOnlyComments(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).allSatisfy {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t.isEmpty || t.hasPrefix("#")
        }
    }

    /// True when `text` ends inside a quote or bracket, or its last line ends with `|` or `\`.
    static func needsContinuation(_ text: String) -> Bool {
        var quote: Character? = nil
        var depth = 0
        var comment = false
        for ch in text {
            if ch == "\n" || ch == "\r\n" { comment = false; continue }
            if comment { continue }
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "`": quote = ch
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            case "#": comment = true
            default: break
            }
        }
        if quote != nil || depth > 0 { return true }
        let lastLine = text.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        var code = lastLine
        if let hash = code.firstIndex(of: "#"), !code[..<hash].contains("\"") { code = String(code[..<hash]) }
        let t = code.trimmingCharacters(in: .whitespaces)
        return t.hasSuffix("|") || t.hasSuffix("\\")
    }
}
