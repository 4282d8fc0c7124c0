import Foundation
import Testing
import Tables
@testable import Planning

/// Builds a table from a header line and rows of loosely typed cells ("0-66" stays text, 12 an int).
func table(_ header: String, _ rows: [[Any]]) -> Table {
    let names = header.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    let values: [[Value]] = rows.map { row in
        row.map { cell -> Value in
            switch cell {
            case let i as Int: return .int(Int64(i))
            case let d as Double: return .double(d)
            default: return .string("\(cell)")
            }
        }
    }
    return Table(names: names, rows: values)
}

extension Table {
    /// The numbers of a column (ints as doubles); fails the test when missing.
    func numbers(_ name: String) -> [Double] {
        guard let c = column(named: name), let v = c.doubleValues else {
            Issue.record("no numeric column `\(name)` in \(columnNames)")
            return []
        }
        return v
    }

    func texts(_ name: String) -> [String] {
        guard let c = column(named: name) else { Issue.record("no column `\(name)`"); return [] }
        return (0..<c.count).map { c[$0].description }
    }

    /// The value of `column` in the one row whose key columns have the given text values.
    func value(_ column: String, where keys: [String: String]) -> Double? {
        let cols = keys.map { (self.column(named: $0.key), $0.value) }
        var found: [Double] = []
        for i in 0..<rowCount where cols.allSatisfy({ $0.0?[i].description == $0.1 }) {
            found.append(self.column(named: column)?.doubleValues?[i] ?? .nan)
        }
        #expect(found.count == 1, "\(found.count) rows match \(keys)")
        return found.first
    }

    /// Rows as text lines sorted, for comparisons that must not depend on row order (numbers to 9 digits).
    func canonicalRows() -> [String] {
        (0..<rowCount).map { i in
            columns.map { c -> String in
                if let d = c.doubleValues { return String(format: "%.9g", d[i]) }
                return c[i].description
            }.joined(separator: "|")
        }.sorted()
    }

    /// The same rows in another order.
    func shuffled(seed: UInt64) -> Table {
        var state = seed
        var idx = Array(0..<rowCount)
        for i in stride(from: idx.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let j = Int((state >> 33) % UInt64(i + 1))
            idx.swapAt(i, j)
        }
        return gather(idx)
    }
}

func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// A small world: two age bands (0-66, 67+), two services (home, institution), base year 2021.
enum Small {
    static let population = table("year, age, persons", [
        [2021, "0-66", 1000], [2021, "67+", 100],
        [2022, "0-66", 1000], [2022, "67+", 150],
        [2023, "0-66", 1100], [2023, "67+", 200],
    ])
    static let users = table("age, service, users", [
        ["0-66", "home", 10], ["67+", "home", 20],
        ["0-66", "institution", 0], ["67+", "institution", 10],
    ])
    static let fte = table("service, fte", [["home", 15], ["institution", 30]])
    static let fteByOccupation = table("service, occupation, fte", [
        ["home", "Sykepleier", 5], ["home", "Helsefagarbeider", 10], ["institution", "Sykepleier", 12],
        ["institution", "Helsefagarbeider", 18],
    ])
    static let options = DemandOptions(base: 2021, to: 2023)
}
