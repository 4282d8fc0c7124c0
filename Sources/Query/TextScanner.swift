import Tables

/// The one scanner of statement text: where a string, a quoted name, a bracket, a comment and a statement
/// end. The lexer, the parser's step splitter, `splitStatements`, the `...>` continuation check, and the
/// shell's completion and history all ask it, so they cannot disagree about whether a `;`, `|` or `#` counts.
///
/// * `"…"` and `'…'` are strings: a doubled quote (`"a""b"`) or a backslash before the quote (`"a\"b"`)
///   stands for the quote and does not end the string.
/// * `` `…` `` is a quoted name: a doubled backquote stands for one.
/// * `#` outside those starts a comment that runs to the end of the line.
/// * `(` `)` and `[` `]` nest; a closing bracket that matches nothing (or closes the other kind) is noted,
///   not fatal.
/// * A `;` outside brackets ends a statement, except right after `=` (`delimiter=;` is a value).
/// * A `\` that is the last thing on its line (only blanks or a comment after it) continues the line.
///
/// Offsets are indexes into the `[Character]` scanned (statement spans count characters).
public enum TextScanner {
    /// What the scanner sees.
    public enum Piece: Equatable, Sendable {
        /// One character outside strings, quoted names and comments.
        case code(Int)
        /// A string or quoted name, its quotes included; `closed` is false when the text ends inside it.
        case quoted(Range<Int>, closed: Bool)
        /// `#` up to (not including) the line break.
        case comment(Range<Int>)
    }

    /// Where the text ends up: what is still open, and the first bracket that closed nothing.
    public struct State: Equatable, Sendable {
        /// An unclosed string or quoted name: its quote character and offset.
        public var openQuote: Opening?
        /// The brackets still open, outermost first.
        public var openBrackets: [Opening] = []
        /// The first `)` or `]` with no matching opening bracket (or the wrong kind).
        public var unbalanced: Opening?
        /// The bracket depth (number of open brackets).
        public var depth: Int { openBrackets.count }
        /// True when the text ends inside a string, a quoted name or brackets.
        public var isOpen: Bool { openQuote != nil || !openBrackets.isEmpty }
    }

    public struct Opening: Equatable, Sendable {
        public var character: Character
        public var offset: Int
    }

    public static func isQuote(_ c: Character) -> Bool { c == "\"" || c == "'" || c == "`" }

    /// The end (one past the closing quote) of the string or quoted name that opens at `start`, looking no
    /// further than `limit`; `closed` is false when `limit` comes first.
    public static func quoteEnd(_ chars: [Character], at start: Int, limit: Int? = nil) -> (end: Int, closed: Bool) {
        let n = limit ?? chars.count
        let q = chars[start]
        var i = start + 1
        while i < n {
            let c = chars[i]
            if c == q {
                if i + 1 < n, chars[i + 1] == q { i += 2; continue }    // doubled: stands for one
                return (i + 1, true)
            }
            if c == "\\", q != "`", i + 1 < n, chars[i + 1] == q { i += 2; continue }
            i += 1
        }
        return (n, false)
    }

    /// The text of a string or quoted name (quotes at `range`'s ends, if closed) with its escapes resolved.
    public static func unquoted(_ chars: [Character], _ range: Range<Int>, closed: Bool = true) -> String {
        let q = chars[range.lowerBound]
        let end = closed ? range.upperBound - 1 : range.upperBound
        var s = ""
        var i = range.lowerBound + 1
        while i < end {
            let c = chars[i]
            if i + 1 < end, c == q && chars[i + 1] == q || (c == "\\" && q != "`" && chars[i + 1] == q) {
                s.append(q); i += 2; continue
            }
            s.append(c); i += 1
        }
        return s
    }

    /// Walks `chars[range]` piece by piece. `visit` gets each piece and the bracket depth at it: for an
    /// opening bracket the depth outside it, for a closing one the depth after it closes (a top-level
    /// bracket pair is at depth 0).
    @discardableResult
    public static func scan(_ chars: [Character], in range: Range<Int>? = nil,
                            _ visit: (Piece, Int) throws -> Void) rethrows -> State {
        let r = range ?? 0..<chars.count
        var state = State()
        var i = r.lowerBound
        while i < r.upperBound {
            let c = chars[i]
            if isQuote(c) {
                let (end, closed) = quoteEnd(chars, at: i, limit: r.upperBound)
                if !closed { state.openQuote = Opening(character: c, offset: i) }
                try visit(.quoted(i..<end, closed: closed), state.depth)
                i = end
                continue
            }
            if c == "#" {
                var end = i
                while end < r.upperBound, chars[end] != "\n", chars[end] != "\r\n" { end += 1 }
                try visit(.comment(i..<end), state.depth)
                i = end
                continue
            }
            switch c {
            case "(", "[":
                try visit(.code(i), state.depth)
                state.openBrackets.append(Opening(character: c, offset: i))
            case ")", "]":
                // A bracket of the wrong kind still closes the innermost one (so `f(x]` is not left open).
                let open = state.openBrackets.popLast()
                if open.map({ ($0.character == "(") != (c == ")") }) ?? true, state.unbalanced == nil {
                    state.unbalanced = Opening(character: c, offset: i)
                }
                try visit(.code(i), state.depth)
            default:
                try visit(.code(i), state.depth)
            }
            i += 1
        }
        return state
    }

    /// The state at the end of `text`.
    public static func state(_ chars: [Character]) -> State { scan(chars) { _, _ in } }

    /// True when the code character at `i` (depth `depth`) ends a statement: a `;` outside brackets that
    /// does not follow `=`.
    public static func isStatementEnd(_ chars: [Character], _ i: Int, depth: Int) -> Bool {
        chars[i] == ";" && depth == 0 && !(i > 0 && chars[i - 1] == "=")
    }

    /// `chars` with each comment replaced by spaces (offsets stay true).
    public static func blankingComments(_ chars: [Character]) -> [Character] {
        guard chars.contains("#") else { return chars }
        var out = chars
        scan(chars) { piece, _ in
            if case .comment(let r) = piece { for i in r { out[i] = " " } }
        }
        return out
    }

    public static func isLineBreak(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }

    /// The offsets of the `\`s that continue a line: each is the last code character on its line (only
    /// blanks or a comment after it), and not inside a string or quoted name.
    public static func continuations(_ chars: [Character]) -> [Int] {
        var out: [Int] = []
        var candidate: Int? = nil
        scan(chars) { piece, _ in
            switch piece {
            case .code(let i):
                let c = chars[i]
                if isLineBreak(c) {
                    if let b = candidate { out.append(b) }
                    candidate = nil
                } else if c == "\\" {
                    candidate = i
                } else if !c.isWhitespace {
                    candidate = nil
                }
            case .quoted: candidate = nil
            case .comment: break
            }
        }
        if let b = candidate { out.append(b) }
        return out
    }

    /// The last top-level (depth 0) occurrence of `character` outside strings, names and comments, or of a
    /// statement end when `character` is `;`.
    public static func lastTopLevel(_ character: Character, in chars: [Character]) -> Int? {
        var found: Int? = nil
        scan(chars) { piece, depth in
            guard case .code(let i) = piece, chars[i] == character, depth == 0 else { return }
            if character == ";", !isStatementEnd(chars, i, depth: depth) { return }
            found = i
        }
        return found
    }
}
