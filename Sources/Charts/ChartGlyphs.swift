import Tables

/// The characters a chart draws with: Unicode blocks, box lines and braille, or plain ASCII.
struct ChartGlyphs {
    let ascii: Bool

    var vertical: String { ascii ? "|" : "│" }
    var horizontal: String { ascii ? "-" : "─" }
    var corner: String { ascii ? "+" : "└" }
    var tickLeft: String { ascii ? "+" : "┤" }
    var tickDown: String { ascii ? "+" : "┬" }
    var full: String { ascii ? "#" : "█" }
    var ellipsis: String { ascii ? "~" : "…" }

    /// Per-series point glyphs where colour cannot tell series apart.
    var seriesMarkers: [String] {
        ascii ? ["*", "+", "o", "x", "#", "@", "%", "&"] : ["●", "■", "▲", "◆", "○", "□", "△", "◇"]
    }

    /// Per-group fills of grouped bars without colour.
    var groupFills: [String] {
        ascii ? ["#", "=", "*", "+", "o", "x", "%", "@"] : ["█", "▓", "▒", "░", "▞", "▚", "▤", "▥"]
    }

    /// Eight sparkline levels, lowest first.
    var sparkLevels: [String] {
        ascii ? ["_", ".", "-", "~", "=", "+", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    }

    /// Left-aligned partial blocks of 1…7 eighths of a cell.
    static let leftEighths = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    /// Bottom-aligned partial blocks of 1…7 eighths of a cell.
    static let lowerEighths = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"]

    /// `s` cut to `width` cells with an ellipsis that suits the character set.
    func truncate(_ s: String, to width: Int) -> String {
        if DisplayWidth.of(s) <= width { return s }
        if width <= 0 { return "" }
        var out = ""
        var w = 0
        for ch in s {
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch); w += cw
        }
        return out + ellipsis
    }
}
