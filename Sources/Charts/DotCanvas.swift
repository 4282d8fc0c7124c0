/// A grid of terminal cells drawn with dots: braille (2×4 dots a cell, U+2800 block) or one dot a cell
/// (ASCII and marker glyphs). Each cell remembers the series that last drew in it, for its colour or glyph.
struct DotCanvas {
    let columns: Int
    let rows: Int
    let braille: Bool
    /// Dots across and down.
    let pixelWidth: Int
    let pixelHeight: Int
    private var bits: [UInt8]
    /// Series + 1 of the last dot drawn in each cell; 0 = empty.
    private var owner: [UInt8]
    /// Series + 1 of a marker glyph that replaces the cell; 0 = none.
    private var marker: [UInt8]

    init(columns: Int, rows: Int, braille: Bool) {
        self.columns = max(1, columns); self.rows = max(1, rows); self.braille = braille
        pixelWidth = self.columns * (braille ? 2 : 1)
        pixelHeight = self.rows * (braille ? 4 : 1)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        owner = bits
        marker = bits
    }

    /// Sets the dot at (`x`, `y`), y = 0 at the top; dots outside are ignored.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        if braille {
            let cell = (y >> 2) * columns + (x >> 1)
            let dy = y & 3
            let bit: UInt8 = dy == 3 ? (x & 1 == 0 ? 0x40 : 0x80) : UInt8(1) << UInt8(dy + (x & 1) * 3)
            bits[cell] |= bit
            owner[cell] = UInt8(truncatingIfNeeded: series + 1)
        } else {
            let cell = y * columns + x
            bits[cell] = 1
            owner[cell] = UInt8(truncatingIfNeeded: series + 1)
        }
    }

    /// Dots along the segment from (x0, y0) to (x1, y1) (Bresenham).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, series: Int) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x, y, series: series)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Puts the marker of `series` in the cell that holds dot (`x`, `y`).
    mutating func mark(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let cell = braille ? (y >> 2) * columns + (x >> 1) : y * columns + x
        marker[cell] = UInt8(truncatingIfNeeded: series + 1)
    }

    /// The cell row `row` as text. `glyph(series)` gives the character of a one-dot-a-cell canvas and of
    /// markers; `paint(text, series)` colours a run of cells of one series.
    func text(row: Int, glyph: (Int) -> String, paint: ((String, Int) -> String)?) -> String {
        var out = ""
        var run = ""
        var runSeries = -1
        func flush() {
            guard !run.isEmpty else { return }
            out += runSeries >= 0 ? (paint?(run, runSeries) ?? run) : run
            run = ""
        }
        for c in 0..<columns {
            let cell = row * columns + c
            let ch: String
            var series = -1
            if marker[cell] > 0 {
                series = Int(marker[cell]) - 1; ch = glyph(series)
            } else if bits[cell] == 0 {
                ch = " "
            } else {
                series = Int(owner[cell]) - 1
                ch = braille ? String(Character(Unicode.Scalar(0x2800 + UInt32(bits[cell]))!)) : glyph(series)
            }
            if series != runSeries { flush(); runSeries = series }
            run += ch
        }
        flush()
        return out
    }
}
