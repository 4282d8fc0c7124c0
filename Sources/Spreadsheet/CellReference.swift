import Tables

/// A cell address (`B7`): 0-based column and row.
public struct CellAddress: Sendable, Hashable {
    public var column: Int
    public var row: Int
    public init(column: Int, row: Int) { self.column = column; self.row = row }

    /// Excel's limits: 16 384 columns (XFD), 1 048 576 rows.
    public static let maxColumns = 16_384
    public static let maxRows = 1_048_576

    /// `A`, `Z`, `AA`, … for a 0-based column.
    public static func letters(_ column: Int) -> String {
        var n = column + 1
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// `B7`.
    public var name: String { CellAddress.letters(column) + String(row + 1) }

    /// Splits `AB12` into its letters and digits (either may be missing); nil when it is neither.
    static func parts(_ s: Substring) -> (column: Int?, row: Int?)? {
        var i = s.startIndex
        var column = 0, letters = 0
        while i < s.endIndex, let a = s[i].asciiValue, (a >= 65 && a <= 90) || (a >= 97 && a <= 122) {
            column = column * 26 + Int((a & ~0x20) - 64)
            letters += 1
            if letters > 3 { return nil }
            i = s.index(after: i)
        }
        var row = 0, digits = 0
        while i < s.endIndex, let a = s[i].asciiValue, a >= 48 && a <= 57 {
            row = row * 10 + Int(a - 48)
            digits += 1
            if digits > 7 { return nil }
            i = s.index(after: i)
        }
        guard i == s.endIndex, letters + digits > 0 else { return nil }
        return (letters > 0 ? column - 1 : nil, digits > 0 ? row - 1 : nil)
    }

    /// Parses `B7` (both parts required).
    public init?(_ s: some StringProtocol) {
        guard let p = CellAddress.parts(Substring(s)), let c = p.column, let r = p.row, r >= 0,
              c < CellAddress.maxColumns, r < CellAddress.maxRows else { return nil }
        self.init(column: c, row: r)
    }
}

/// A rectangle of cells, both ends included: `A3:F200`, `A3:F` (to the last row), `B:D` (whole columns).
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var first: CellAddress
    /// The last cell; `row` is `CellAddress.maxRows - 1` when the range was written without an end row.
    public var last: CellAddress

    public init(first: CellAddress, last: CellAddress) { self.first = first; self.last = last }

    /// Parses `A3:F200`, `A3:F`, `B:D` or a single cell `B7`; nil when `text` is none of these.
    public init?(_ text: String) {
        let sides = text.split(separator: ":", omittingEmptySubsequences: false)
        guard sides.count == 1 || sides.count == 2,
              let a = CellAddress.parts(sides[0]), let ac = a.column else { return nil }
        let b = sides.count == 2 ? CellAddress.parts(sides[1]) : a
        guard let b, let bc = b.column else { return nil }
        let ar = a.row ?? 0, br = b.row ?? (sides.count == 1 ? ar : CellAddress.maxRows - 1)
        guard ar >= 0, br >= 0, ac < CellAddress.maxColumns, bc < CellAddress.maxColumns,
              ar < CellAddress.maxRows, br < CellAddress.maxRows, ac <= bc, ar <= br else { return nil }
        // `B:D` = whole columns; `A3:F` = from row 3 down.
        self.init(first: CellAddress(column: ac, row: ar), last: CellAddress(column: bc, row: br))
    }

    public var description: String {
        let end = last.row == CellAddress.maxRows - 1 ? CellAddress.letters(last.column) : last.name
        return first.name + ":" + end
    }

    public func contains(column: Int, row: Int) -> Bool {
        column >= first.column && column <= last.column && row >= first.row && row <= last.row
    }
}
