/// A named, typed column of a schema. `unit` is a display hint carried with the column
/// (e.g. "share" renders as a percentage, "FTE", "per 1000"); nil for plain values.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: DataType
    public var unit: String?
    public init(name: String, type: DataType, unit: String? = nil) {
        self.name = name; self.type = type; self.unit = unit
    }
}

/// The ordered fields of a table.
public struct Schema: Sendable, Hashable {
    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }
    public var names: [String] { fields.map(\.name) }
    /// Index of the field named `name` (exact match).
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// Errors from building or reshaping tables.
public struct TableError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An in-memory columnar table: equal-length typed columns with a schema.
public struct Table: Sendable {
    public private(set) var schema: Schema
    public private(set) var columns: [Column]
    public private(set) var rowCount: Int

    /// An empty table with no columns.
    public init() { schema = Schema([]); columns = []; rowCount = 0 }

    /// A table from named columns; all must have the same length.
    public init(_ named: [(String, Column)]) {
        precondition(Set(named.map(\.0)).count == named.count, "duplicate column names")
        let n = named.first?.1.count ?? 0
        precondition(named.allSatisfy { $0.1.count == n }, "columns of unequal length")
        schema = Schema(named.map { Field(name: $0.0, type: $0.1.type) })
        columns = named.map(\.1)
        rowCount = n
    }

    /// A table from a schema and matching columns (units kept from the schema).
    public init(schema: Schema, columns: [Column]) throws {
        guard schema.fields.count == columns.count else {
            throw TableError("schema has \(schema.fields.count) fields but \(columns.count) columns were given")
        }
        let n = columns.first?.count ?? 0
        for (f, c) in zip(schema.fields, columns) {
            guard c.count == n else { throw TableError("column `\(f.name)` has \(c.count) rows, expected \(n)") }
            guard c.type == f.type else { throw TableError("column `\(f.name)` is \(c.type), schema says \(f.type)") }
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = n
    }

    /// A table from rows of values, with column types inferred.
    public init(names: [String], rows: [[Value]]) {
        let cols = names.indices.map { j in Column(values: rows.map { j < $0.count ? $0[j] : .null }) }
        self.init(Array(zip(names, cols)))
    }

    public var columnCount: Int { columns.count }
    public var columnNames: [String] { schema.names }

    public func index(of name: String) -> Int? { schema.index(of: name) }

    public func column(named name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// The value at row `row`, column `col`.
    public subscript(row: Int, col: Int) -> Value { columns[col][row] }

    /// One row as values.
    public func row(_ i: Int) -> [Value] { columns.map { $0[i] } }

    /// The rows at `indices`, in that order.
    public func gather(_ indices: [Int]) -> Table {
        var t = self
        t.columns = columns.map { $0.gather(indices) }
        t.rowCount = indices.count
        return t
    }

    /// The first `n` rows.
    public func head(_ n: Int) -> Table { n >= rowCount ? self : gather(Array(0..<max(0, n))) }

    /// Appends or replaces a column (replacing keeps its position).
    public mutating func setColumn(_ name: String, _ column: Column, unit: String? = nil) {
        precondition(columns.isEmpty || column.count == rowCount, "column length mismatch")
        let field = Field(name: name, type: column.type, unit: unit)
        if let i = index(of: name) {
            columns[i] = column; schema.fields[i] = field
        } else {
            columns.append(column); schema.fields.append(field)
        }
        rowCount = column.count
    }

    /// Sets the display unit of a column.
    public mutating func setUnit(_ unit: String?, for name: String) {
        if let i = index(of: name) { schema.fields[i].unit = unit }
    }

    /// Removes a column if present.
    public mutating func removeColumn(_ name: String) {
        if let i = index(of: name) { columns.remove(at: i); schema.fields.remove(at: i) }
        if columns.isEmpty { rowCount = 0 }
    }

    /// Renames a column if present.
    public mutating func renameColumn(_ old: String, to new: String) {
        if let i = index(of: old) { schema.fields[i].name = new }
    }

    /// The columns `names`, in that order (missing names throw).
    public func selecting(_ names: [String]) throws -> Table {
        var out: [(String, Column)] = []
        var fields: [Field] = []
        for n in names {
            guard let i = index(of: n) else { throw TableError("no column `\(n)`") }
            out.append((n, columns[i])); fields.append(schema.fields[i])
        }
        return try Table(schema: Schema(fields), columns: out.map(\.1))
    }
}
