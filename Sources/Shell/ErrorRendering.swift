import Tables

/// Where a statement came from in a script, so errors can say `file:line:`.
public struct StatementOrigin: Sendable, Equatable {
    public var file: String
    /// 1-based line of the statement's first character.
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
}

/// Renders errors the way DESIGN §3 shows them:
///
/// ```
/// error: unknown column `arsverk`
/// from omsorg | select arsverk
///                      ^^^^^^^
/// hint: did you mean `årsverk`?
/// ```
///
/// Carets sit under the span's characters, counted in terminal cells (æ, ø, å are one cell).
/// A multi-line statement shows only the line where the span starts. In scripts every line of
/// the message starts the same way (`file:line:` on the first), so tools can grep it.
public enum ErrorRendering {
    /// Renders `error` raised by `statement`.
    public static func render(_ error: Error, statement: String, origin: StatementOrigin? = nil,
                              color: Bool = false) -> String {
        if let rendered = error as? RenderedError { return rendered.text }
        let message: String
        var span: SourceSpan? = nil
        var hint: String? = nil
        if let d = error as? DiagnosticError {
            message = d.message; span = d.span; hint = d.hint
        } else if error is CancelledError {
            message = "cancelled"
        } else {
            message = String(describing: error)
        }
        return render(message: message, span: span, hint: hint, statement: statement, origin: origin, color: color)
    }

    /// How many characters of the statement an error shows before the span's start and after its end.
    static let windowBefore = 60
    static let windowAfter = 100

    /// Renders a message with an optional span and hint.
    public static func render(message: String, span: SourceSpan?, hint: String?, statement: String,
                              origin: StatementOrigin? = nil, color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : "", cyan = color ? "\u{1B}[36m" : "", reset = color ? "\u{1B}[0m" : ""
        var lines: [String] = []
        let chars = Array(statement)
        var lineNumber = origin?.line
        var excerpt: (text: String, caretColumn: Int, caretWidth: Int)? = nil
        if let span, !chars.isEmpty {
            let start = min(max(0, span.start), chars.count)
            // The line holding the span's start.
            var lineStart = start
            while lineStart > 0, chars[lineStart - 1] != "\n" { lineStart -= 1 }
            var lineEnd = start
            while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
            let newlinesBefore = chars[0..<lineStart].filter { $0 == "\n" }.count
            if let l = lineNumber { lineNumber = l + newlinesBefore }
            // A window of the line around the span, so a huge statement gives a short error; control
            // characters (from a file or pasted data) are shown harmlessly.
            let from = max(lineStart, start - ErrorRendering.windowBefore)
            let to = min(lineEnd, max(start, min(max(span.end, start), lineEnd)) + ErrorRendering.windowAfter)
            let head = from > lineStart ? "…" : "", tail = to < lineEnd ? "…" : ""
            func shown(_ part: ArraySlice<Character>) -> String {
                TextSafety.clean(String(part)).replacingOccurrences(of: "\t", with: " ")
            }
            let column = DisplayWidth.of(head + shown(chars[from..<start]))
            let end = min(max(span.end, start), to)
            let width = max(1, DisplayWidth.of(shown(chars[start..<end])))
            excerpt = (head + shown(chars[from..<to]) + tail, column, width)
        }
        let prefix = origin.map { "\($0.file):\(lineNumber ?? $0.line): " } ?? ""
        lines.append("\(prefix)\(red)error:\(reset) \(TextSafety.clean(message))")
        if let excerpt {
            lines.append(excerpt.text)
            lines.append(String(repeating: " ", count: excerpt.caretColumn) + red
                         + String(repeating: "^", count: excerpt.caretWidth) + reset)
        } else if origin != nil, !statement.isEmpty {
            // In a script, name the statement even when the error has no position.
            let first = statement.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            lines.append(TextSafety.clean(first.count > windowAfter * 2 ? String(first.prefix(windowAfter * 2)) + "…" : first))
        }
        if let hint { lines.append("\(cyan)hint:\(reset) \(TextSafety.clean(hint))") }
        return lines.joined(separator: "\n")
    }
}
