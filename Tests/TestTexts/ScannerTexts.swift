import Tables

/// Random statement-like texts: quotes of all three kinds (doubled and backslash-escaped too), brackets,
/// `;`, `=;`, `#` comments, `|` and `\` continuations, line breaks, æøå. Shared by QueryTests (`TextScanner`
/// against an independent model) and ShellTests (the shell's scanners against `TextScanner`).
public enum ScannerTexts {
    public static let pieces: [String] = [
        "\"", "'", "`", "\"\"", "''", "``", "\\\"", "\\'", "\\", " \\\n", "(", ")", "[", "]", ";", "=;", "#", "# x ",
        "|", "\n", "\r\n", " ", "  ", "a", "æ", "ø", "å", "Ås", "x1", "=", "==", ",", "from", "where", "1.5",
    ]

    /// Up to 23 pieces drawn from `pieces`.
    public static func random(_ rng: inout SplitMix64, from pieces: [String] = pieces) -> String {
        let n = Int(rng.next() % 24)
        var s = ""
        for _ in 0..<n { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return s
    }
}
