import Tables

/// Turns a sheet's cells into a table: the area (range, title rows, notes below), the header, merged cells
/// filled, and each column's type decided over all of its cells.
struct SheetTable {
    let cells: SheetCells
    let workbook: XLSXWorkbook
    let sheet: String
    let options: XLSXOptions

    /// One row's cells: a range into the sorted cell list.
    struct RowGroup { var row: Int; var range: Range<Int> }

    func error(_ problem: String, cell: String? = nil, hint: String? = nil) -> XLSXError {
        XLSXError(file: workbook.file, sheet: sheet, cell: cell, problem: problem, hint: hint)
    }

    static func extent(_ cells: [SheetCells.Cell]) -> String? {
        guard !cells.isEmpty else { return nil }
        var r0 = Int32.max, r1 = Int32.min, c0 = Int32.max, c1 = Int32.min
        for c in cells { r0 = min(r0, c.row); r1 = max(r1, c.row); c0 = min(c0, c.column); c1 = max(c1, c.column) }
        return CellAddress(column: Int(c0), row: Int(r0)).name + ":" + CellAddress(column: Int(c1), row: Int(r1)).name
    }

    /// Where the table lies in the sheet: its row groups, header row and data rows, and its columns.
    struct Area {
        /// Row groups of the header (or first data row) and of the last data row.
        var first: Int, last: Int
        var title: String?
        var headerRow: Int
        var hasHeader: Bool
        var firstColumn: Int, lastColumn: Int
        var firstDataRow: Int, lastDataRow: Int
        var ncols: Int { lastColumn - firstColumn + 1 }
        var nrows: Int { max(0, lastDataRow - firstDataRow + 1) }
    }

    /// The table: its area found, the cells laid into a grid (merges filled), names made unique, each
    /// column typed.
    func build() throws -> XLSXLoadResult {
        var warnings: [String] = []
        let list = try cellsInRange()
        let groups = Self.rowGroups(list)
        let area = self.area(groups, list, warnings: &warnings)
        let ncols = area.ncols, nrows = area.nrows
        try MemoryBudget.reserve(nrows * ncols * MemoryLayout<CellValue>.stride, for: "reading sheet \(sheet) of \(workbook.file)")
        var (headerCells, grid) = try layOut(list, groups, area)
        if !cells.merges.isEmpty { fillMerges(&headerCells, &grid, area) }

        var names = area.hasHeader ? headerCells.map { ($0.text ?? "").trimmingCharacters(in: .whitespaces) }
                                   : (0..<ncols).map { "column_\($0 + 1)" }
        let (unique, renamed) = ColumnNames.unique(names)
        if !renamed.isEmpty { warnings.append("column names made unique: " + renamed.joined(separator: ", ")) }
        names = unique

        var columns: [Column] = []
        var fields: [Field] = []
        for j in 0..<ncols {
            let (column, notes) = try buildColumn(j, grid: grid, nrows: nrows, ncols: ncols, name: names[j],
                                                 sheetColumn: area.firstColumn + j, firstRow: area.firstDataRow)
            warnings += notes
            columns.append(column)
            fields.append(Field(name: names[j], type: column.type))
        }
        let table = try Table(schema: Schema(fields), columns: columns)
        return XLSXLoadResult(table: table, warnings: warnings, title: area.title, sheet: sheet)
    }

    /// The cells inside `range=` (all without it), sorted by row and column; an error when none are left.
    func cellsInRange() throws -> [SheetCells.Cell] {
        var list = cells.cells
        if let r = options.range {
            list = list.filter { r.contains(column: Int($0.column), row: Int($0.row)) }
            if list.isEmpty {
                let where_ = SheetTable.extent(cells.cells).map { "; the sheet's values are in \($0)" } ?? "; the sheet is empty"
                throw error("the range \(r) holds no values" + where_, hint: "range=A1:F200 names the first and the last cell")
            }
        }
        guard !list.isEmpty else { throw error("the sheet is empty: expected a header row") }
        if !zip(list, list.dropFirst()).allSatisfy({ ($0.row, $0.column) < ($1.row, $1.column) }) {
            list.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        }
        return list
    }

    /// The runs of sorted cells that share a row.
    static func rowGroups(_ list: [SheetCells.Cell]) -> [RowGroup] {
        var groups: [RowGroup] = []
        var start = 0
        for i in 1...list.count where i == list.count || list[i].row != list[start].row {
            groups.append(RowGroup(row: Int(list[start].row), range: start..<i))
            start = i
        }
        return groups
    }

    /// The table's area: title rows above it and note rows below it left out (with a warning), the header
    /// row (when its cells are all text, or as `header=` says), the columns (`range=`'s, or those used).
    func area(_ groups: [RowGroup], _ list: [SheetCells.Cell], warnings: inout [String]) -> Area {
        // Title rows: leading rows with one value above the first row with two or more.
        var first = 0
        var title: String? = nil
        if let wide = groups.firstIndex(where: { $0.range.count >= 2 }), wide > 0 {
            title = list[groups[0].range.lowerBound].value.text
            first = wide
        }
        // Notes below the table (in a report-like sheet, one with a title): rows with one value each, after a
        // blank row, below the last data row with two or more values.
        var last = groups.count - 1
        if options.range == nil, title != nil, let lastWide = groups.lastIndex(where: { $0.range.count >= 2 }), lastWide > first,
           lastWide < last, groups[lastWide + 1].row > groups[lastWide].row + 1 {
            let notes = groups[(lastWide + 1)...]
            let firstNote = list[notes.first!.range.lowerBound]
            let shown = firstNote.value.text ?? ""
            warnings.append("\(NumberFormat.counted(notes.count, "note row")) below the table left out (\(CellAddress(column: Int(firstNote.column), row: Int(firstNote.row)).name): `\(shown.count > 60 ? String(shown.prefix(57)) + "…" : shown)`)")
            last = lastWide
        }

        let headerGroup = groups[first]
        let hasHeader = options.header ?? list[headerGroup.range].allSatisfy { $0.value.isText }
        let firstColumn: Int, lastColumn: Int
        if let r = options.range {
            firstColumn = r.first.column; lastColumn = r.last.column
        } else {
            var lo = Int.max, hi = Int.min
            for g in groups[first...last] {
                lo = min(lo, Int(list[g.range.lowerBound].column)); hi = max(hi, Int(list[g.range.upperBound - 1].column))
            }
            firstColumn = lo; lastColumn = hi
        }
        return Area(first: first, last: last, title: title, headerRow: headerGroup.row, hasHeader: hasHeader,
                    firstColumn: firstColumn, lastColumn: lastColumn,
                    firstDataRow: hasHeader ? headerGroup.row + 1 : headerGroup.row, lastDataRow: groups[last].row)
    }

    /// The dense grid of the table's cells (row-major, `area.ncols` a row), and the header row's cells.
    func layOut(_ list: [SheetCells.Cell], _ groups: [RowGroup], _ area: Area) throws -> (header: [CellValue], grid: [CellValue]) {
        let ncols = area.ncols
        var headerCells = [CellValue](repeating: .empty, count: ncols)
        var grid = [CellValue](repeating: .empty, count: area.nrows * ncols)
        for g in groups[area.first...area.last] {
            try Cancellation.check()
            for k in g.range {
                let c = list[k]
                let j = Int(c.column) - area.firstColumn
                guard j >= 0, j < ncols else { continue }
                if area.hasHeader && g.row == area.headerRow { headerCells[j] = c.value }
                else { grid[(g.row - area.firstDataRow) * ncols + j] = c.value }
            }
        }
        return (headerCells, grid)
    }

    /// A merged cell's value fills the empty cells of its merge (within the area).
    func fillMerges(_ headerCells: inout [CellValue], _ grid: inout [CellValue], _ area: Area) {
        let ncols = area.ncols, firstColumn = area.firstColumn, firstDataRow = area.firstDataRow
        let tops = Set(cells.merges.map { Int($0.first.row) << 16 | $0.first.column })
        var topValues: [Int: CellValue] = [:]
        for c in cells.cells where tops.contains(Int(c.row) << 16 | Int(c.column)) { topValues[Int(c.row) << 16 | Int(c.column)] = c.value }
        for m in cells.merges {
            guard let v = topValues[m.first.row << 16 | m.first.column] else { continue }
            let r0 = max(m.first.row, area.headerRow), r1 = min(m.last.row, area.lastDataRow)
            let c0 = max(m.first.column, firstColumn), c1 = min(m.last.column, area.lastColumn)
            guard r0 <= r1, c0 <= c1 else { continue }
            for r in r0...r1 {
                for c in c0...c1 {
                    if area.hasHeader && r == area.headerRow {
                        if headerCells[c - firstColumn].isEmpty { headerCells[c - firstColumn] = v }
                    } else if r >= firstDataRow {
                        let k = (r - firstDataRow) * ncols + c - firstColumn
                        if grid[k].isEmpty { grid[k] = v }
                    }
                }
            }
        }
    }

    static func isMarker(_ s: String) -> Bool { s == ".." || s == "." || s == ":" || s == "-" }

    /// One column, typed over all its cells, with the warnings its cells call for.
    func buildColumn(_ j: Int, grid: [CellValue], nrows: Int, ncols: Int, name: String, sheetColumn: Int,
                     firstRow: Int) throws -> (Column, [String]) {
        var ints = 0, fractions = 0, texts = 0, markers = 0, dashes = 0, bools = 0, dates = 0, errors = 0
        var firstText: (Int, String)? = nil, firstError: (Int, String)? = nil
        try Cancellation.inBlocks(of: nrows) { block in
            for i in block {
                switch grid[i * ncols + j] {
                case .empty: break
                case .number(_, let exact): if exact != nil { ints += 1 } else { fractions += 1 }
                case .text(let s):
                    if SheetTable.isMarker(s) { markers += 1; if s == "-" { dashes += 1 } }
                    else { texts += 1; if firstText == nil { firstText = (i, s) } }
                case .bool: bools += 1
                case .date: dates += 1
                case .error(let e): errors += 1; if firstError == nil { firstError = (i, e) }
                }
            }
        }
        func cell(_ i: Int) -> String { CellAddress(column: sheetColumn, row: firstRow + i).name }
        var notes: [String] = []
        let numbers = ints + fractions
        let values = numbers + texts + bools + dates
        let type: DataType
        if !options.inferTypes { type = .string }
        else if values == 0 { type = markers > 0 ? .double : .string }
        else if numbers == values { type = fractions > 0 ? .double : .int }
        else if bools == values { type = .bool }
        else { type = .string }
        if type == .string, options.inferTypes, texts + bools > 0, numbers > texts + bools, let (i, s) = firstText {
            let n = texts + bools
            notes.append(n == 1
                ? "column `\(name)`: 1 value is not a number (cell \(cell(i)): `\(s)`); read as text"
                : "column `\(name)`: \(NumberFormat.grouped(Int64(n))) values are not numbers (first at cell \(cell(i)): `\(s)`); read as text")
        }
        if type.isNumeric, dashes > 0 {
            notes.append("column `\(name)`: \(dashes) value\(dashes == 1 ? "" : "s") `-` read as null (in SSB tables `-` means zero)")
        }
        if errors > 0, let (i, e) = firstError {
            notes.append("column `\(name)`: \(NumberFormat.counted(errors, "error value")) read as null (first at cell \(cell(i)): `\(e)`)")
        }

        var valid = Bitmap(count: nrows, value: true)
        let column: Column
        switch type {
        case .int:
            var out = [Int64](repeating: 0, count: nrows)
            for i in 0..<nrows {
                if case .number(_, let exact?) = grid[i * ncols + j] { out[i] = exact } else { valid[i] = false }
            }
            column = Column(ints: out, validity: valid)
        case .double:
            var out = [Double](repeating: 0, count: nrows)
            for i in 0..<nrows {
                if case .number(let d, _) = grid[i * ncols + j] { out[i] = d } else { valid[i] = false }
            }
            column = Column(doubles: out, validity: valid)
        case .bool:
            var out = [Bool](repeating: false, count: nrows)
            for i in 0..<nrows {
                if case .bool(let b) = grid[i * ncols + j] { out[i] = b } else { valid[i] = false }
            }
            column = Column(bools: out, validity: valid)
        case .string:
            let dictionary = StringDictionary()
            var codes = [UInt32](repeating: 0, count: nrows)
            try Cancellation.inBlocks(of: nrows) { block in
                for i in block {
                    if let s = grid[i * ncols + j].text { codes[i] = dictionary.code(for: s) } else { valid[i] = false }
                }
            }
            column = Column(codes: codes, dictionary: dictionary, validity: valid)
        }
        return (column, notes)
    }
}
