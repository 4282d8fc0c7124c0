import Tables

/// The arguments of an engine command at the head of a pipeline (`project gap scenario=mid to=2040`,
/// `indicator fulltime_share on employees by year, occupation`), split into words with their positions
/// so an engine can report an error with a caret under the word it did not accept.
///
/// Words are separated by white space and commas; `"…"` quotes a word (æøå and spaces kept);
/// a word `key=value` (single `=`) is a named argument.
public struct CommandArguments: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        /// The word as typed (quotes removed).
        public var text: String
        /// Character offsets in the statement.
        public var span: SourceSpan
        /// True when the word was quoted.
        public var quoted: Bool
        /// For `key=value`: the key (lower-cased) and value; nil for a positional word.
        public var key: String?
        public var value: String
        public var valueSpan: SourceSpan
    }

    /// The command's name (`project`, `indicator`, …).
    public var command: String
    public var commandSpan: SourceSpan
    public var words: [Word]

    public init(command: String, commandSpan: SourceSpan, words: [Word]) {
        self.command = command; self.commandSpan = commandSpan; self.words = words
    }

    /// Positional words, in order.
    public var positional: [Word] { words.filter { $0.key == nil } }

    /// The named argument `key`, if given.
    public func named(_ key: String) -> Word? { words.first { $0.key == key.lowercased() } }

    /// Splits `text` (the command's part of a statement: name and arguments, no `|`),
    /// whose first character sits at offset `base` of the statement.
    public static func parse(_ text: String, base: Int = 0) throws -> CommandArguments {
        let chars = Array(text)
        var i = 0
        var raw: [Word] = []
        func isSep(_ c: Character) -> Bool { c == " " || c == "\t" || c == "," || c == "\n" || c == "\r" }
        while i < chars.count {
            if isSep(chars[i]) { i += 1; continue }
            let start = i
            var text = ""
            var quoted = false
            var key: String? = nil
            var valueStart = start
            while i < chars.count, !isSep(chars[i]) {
                let c = chars[i]
                if c == "\"" {
                    // Where the quoted part ends is `TextScanner`'s rule (`""` and `\"` stand for a quote).
                    quoted = true
                    let (end, closed) = TextScanner.quoteEnd(chars, at: i)
                    guard closed else {
                        throw Diagnostic("unterminated string", span: SourceSpan(start: base + i, end: base + chars.count),
                                         hint: "close it with \"")
                    }
                    text += TextScanner.unquoted(chars, i..<end)
                    i = end
                    continue
                }
                if c == "=", key == nil, !quoted, i + 1 <= chars.count,
                   !(i + 1 < chars.count && chars[i + 1] == "="), !text.isEmpty {
                    key = text.lowercased()
                    text = ""
                    i += 1
                    valueStart = i
                    continue
                }
                text.append(c)
                i += 1
            }
            let span = SourceSpan(start: base + start, end: base + i)
            let vspan = key == nil ? span : SourceSpan(start: base + valueStart, end: base + i)
            raw.append(Word(text: key.map { "\($0)=\(text)" } ?? text, span: span, quoted: quoted,
                            key: key, value: text, valueSpan: vspan))
        }
        guard let first = raw.first else {
            throw Diagnostic("empty command", span: SourceSpan(start: base, end: base + max(1, chars.count)))
        }
        return CommandArguments(command: first.text.lowercased(), commandSpan: first.span, words: Array(raw.dropFirst()))
    }

    /// Reads a number written as `12`, `0.8`, `0,8`, `5 500` or with a percent sign (`0.8%` → 0.008).
    public static func number(_ s: String) -> Double? {
        var t = s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        var scale = 1.0
        if t.hasSuffix("%") { t.removeLast(); scale = 0.01 }
        if t.hasPrefix("+") { t.removeFirst() }
        t = t.replacingOccurrences(of: ",", with: ".")
        return Double(t).map { $0 * scale }
    }
}
