/// Terminal display width of text: how many cells it takes in a monospaced terminal.
/// Letters such as æ, ø, å take one cell (even when written with a combining ring),
/// East Asian wide characters and most emoji take two, control characters none.
public enum DisplayWidth {
    public static func of(_ s: some StringProtocol) -> Int {
        var w = 0
        for scalar in s.unicodeScalars { w += width(scalar) }
        return w
    }

    /// Width of one scalar (0, 1 or 2).
    public static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// `s` cut to at most `width` cells, ending in `…` when cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        if of(s) <= width { return s }
        if width <= 0 { return "" }
        var out = ""
        var w = 0
        for ch in s {
            let cw = of(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch); w += cw
        }
        return out + "…"
    }

    /// `s` padded with spaces to `width` cells, on the right (left-aligned) or on the left.
    public static func pad(_ s: String, to width: Int, alignRight: Bool = false) -> String {
        let fill = max(0, width - of(s))
        let spaces = String(repeating: " ", count: fill)
        return alignRight ? spaces + s : s + spaces
    }
}
