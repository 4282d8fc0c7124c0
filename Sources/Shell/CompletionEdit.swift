import Tables

/// What pressing Tab does to the line, given the candidates a completer offered for the word at the
/// cursor: insert the only candidate (and a space), or extend the word to the candidates' common
/// prefix, or list them all. Offsets count characters. A candidate is the whole word as it should read;
/// the part of it already typed is found as the longest text before the cursor that matches the start
/// of every candidate (ignoring case, so `Hel` completes to `helsemod`).
public struct CompletionEdit: Equatable, Sendable {
    /// Characters to delete before the cursor.
    public var deleteCount: Int
    /// Text to insert at the cursor.
    public var insert: String
    /// Candidates to list under the line (empty when the edit says it all).
    public var listing: [String]

    public init(deleteCount: Int = 0, insert: String = "", listing: [String] = []) {
        self.deleteCount = deleteCount; self.insert = insert; self.listing = listing
    }

    public var isEmpty: Bool { deleteCount == 0 && insert.isEmpty && listing.isEmpty }

    /// `start`: where the word being completed begins (a character offset), when the completer knows;
    /// else the typed part is inferred from the candidates.
    public static func make(line: String, cursor: Int, candidates: [String], start: Int? = nil) -> CompletionEdit {
        var unique: [String] = []
        for c in candidates where !unique.contains(c) { unique.append(c) }
        guard !unique.isEmpty else { return CompletionEdit() }
        let before = Array(line.prefix(max(0, cursor)))
        let typed = start.map { max(0, before.count - max(0, min($0, before.count))) }
            ?? typedLength(before: before, candidates: unique)
        let typedText = String(before.suffix(typed))
        if unique.count == 1 {
            let word = unique[0]
            let ends = word.last.map { "/=(\"".contains($0) } ?? true
            let after = Array(line.dropFirst(max(0, cursor)))
            let suffix = ends || after.first == " " ? "" : " "
            return replacing(typedText, with: word + suffix)
        }
        let common = commonPrefix(unique)
        if common.count > typed { return replacing(typedText, with: common) }
        return CompletionEdit(listing: unique)
    }

    /// The edit that turns `typed` (just before the cursor) into `word`, touching as little as possible.
    private static func replacing(_ typed: String, with word: String) -> CompletionEdit {
        if word.hasPrefix(typed) { return CompletionEdit(insert: String(word.dropFirst(typed.count))) }
        return CompletionEdit(deleteCount: typed.count, insert: word)
    }

    /// The longest k such that the last k characters before the cursor start every candidate.
    static func typedLength(before: [Character], candidates: [String]) -> Int {
        let longest = min(before.count, candidates.map(\.count).min() ?? 0)
        var k = longest
        while k > 0 {
            let tail = String(before.suffix(k)).lowercased()
            if candidates.allSatisfy({ String($0.prefix(k)).lowercased() == tail }) { return k }
            k -= 1
        }
        return 0
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let w = Array(word)
            var n = 0
            while n < prefix.count, n < w.count, prefix[n] == w[n] { n += 1 }
            prefix = Array(prefix.prefix(n))
        }
        return String(prefix)
    }

    /// The candidates laid out in columns for a terminal `width` cells wide, at most `maxShown` of them.
    public static func layout(_ candidates: [String], width: Int, maxShown: Int = 120) -> String {
        let shown = Array(candidates.prefix(maxShown))
        guard !shown.isEmpty else { return "" }
        let cell = (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let columns = max(1, width / max(1, cell))
        let rows = (shown.count + columns - 1) / columns
        var lines: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<columns {
                let i = c * rows + r
                guard i < shown.count else { continue }
                let item = shown[i]
                let isLast = c == columns - 1 || (c + 1) * rows + r >= shown.count
                line += isLast ? item : item + String(repeating: " ", count: cell - DisplayWidth.of(item))
            }
            lines.append(line)
        }
        if candidates.count > shown.count { lines.append("… \(candidates.count - shown.count) more") }
        return lines.joined(separator: "\n") + "\n"
    }
}
