import Foundation
import Testing
@testable import Tables

/// Finds and loads the bundled datasets (`datasets/*.csv` at the top of the repository) for the tests.
enum BundledDatasets {
    /// `datasets/`, found from this file's location (Tests/TablesTests/ → ../../datasets).
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets")

    /// Names of the top-level dataset files (without `.csv`), excluding `catalog.csv`.
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".csv") && $0 != "catalog.csv" }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name + ".csv").path }

    static func load(_ name: String) throws -> CSVLoadResult { try CSVReader.read(path: path(name)) }

    static func table(_ name: String) throws -> Table { try load(name).table }
}

/// Small helpers over a loaded dataset: filtered sums and lookups by column name.
struct DatasetView {
    let name: String
    let table: Table

    init(_ name: String) throws {
        self.name = name
        self.table = try BundledDatasets.table(name)
    }

    init(name: String, table: Table) { self.name = name; self.table = table }

    func text(_ column: String, _ row: Int) -> String? {
        guard let c = table.column(named: column) else { Issue.record("\(name): no column \(column)"); return nil }
        switch c[row] {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .null: return ""
        default: return nil
        }
    }

    func number(_ column: String, _ row: Int) -> Double? {
        guard let c = table.column(named: column) else { Issue.record("\(name): no column \(column)"); return nil }
        return c[row].asDouble
    }

    /// Row indices where every `column == value` (values compared as text: "2019", "mid"; "" = null).
    func rows(where conditions: [String: String] = [:]) -> [Int] {
        (0..<table.rowCount).filter { i in conditions.allSatisfy { text($0.key, i) == $0.value } }
    }

    /// Sum of a numeric column over the rows matching `conditions` (nulls skipped).
    func sum(_ column: String, where conditions: [String: String] = [:]) -> Double {
        rows(where: conditions).compactMap { number(column, $0) }.reduce(0, +)
    }

    /// Count of non-null values of `column` over the matching rows.
    func count(_ column: String, where conditions: [String: String] = [:]) -> Int {
        rows(where: conditions).compactMap { number(column, $0) }.count
    }

    /// The distinct values of a text column, in first-seen order.
    func distinct(_ column: String, where conditions: [String: String] = [:]) -> [String] {
        var seen: [String] = []
        for i in rows(where: conditions) { if let s = text(column, i), !seen.contains(s) { seen.append(s) } }
        return seen
    }

    /// The single value of `column` in the row matching `conditions`.
    func value(_ column: String, where conditions: [String: String]) -> Double? {
        let r = rows(where: conditions)
        guard r.count == 1 else { Issue.record("\(name): \(r.count) rows match \(conditions)"); return nil }
        return number(column, r[0])
    }
}

/// `|a - b| <= tolerance`, reporting both numbers on failure.
func expectClose(_ a: Double, _ b: Double, within tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(a - b) <= tolerance + 1e-9, "\(what): \(a) vs \(b) (tolerance \(tolerance))", sourceLocation: sourceLocation)
}
