import Tables

/// ANSI colour for charts, used only when `ChartStyle.color` is set.
enum Ansi {
    /// Series colours: cyan, yellow, magenta, green, red, blue, bright cyan, bright yellow.
    static let palette = [36, 33, 35, 32, 31, 34, 96, 93]
    static let reset = "\u{1B}[0m"

    static func color(_ text: String, series: Int) -> String {
        "\u{1B}[\(palette[series % palette.count])m" + text + reset
    }

    /// Terminal cells of `s`, not counting ANSI escape sequences.
    static func visibleWidth(_ s: String) -> Int { DisplayWidth.of(strip(s)) }

    /// `s` without ANSI escape sequences.
    static func strip(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        var out = ""
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(u.value) && u != "[" { inEscape = false }
                continue
            }
            if u == "\u{1B}" { inEscape = true; continue }
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// `s` cut to at most `width` visible cells, keeping escape sequences (and closing colour if cut).
    static func clamp(_ s: String, to width: Int) -> String {
        if visibleWidth(s) <= width { return s }
        var out = ""
        var w = 0
        var inEscape = false
        var sawEscape = false
        for ch in s {
            let u = ch.unicodeScalars.first!
            if inEscape {
                out.append(ch)
                if (0x40...0x7E).contains(u.value) && u != "[" { inEscape = false }
                continue
            }
            if u == "\u{1B}" { inEscape = true; sawEscape = true; out.append(ch); continue }
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width { break }
            out.append(ch); w += cw
        }
        return sawEscape ? out + reset : out
    }
}
