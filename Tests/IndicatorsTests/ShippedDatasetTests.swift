import Foundation
import Testing
@testable import Indicators
import Tables

/// The files under datasets/register are what the generator makes (so they can be remade and trusted).
@Suite struct ShippedDatasetTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/register")

    @Test func registerSampleIsTheGeneratorsOutputAndUnder5MB() throws {
        let path = Self.folder.appendingPathComponent("register_sample.csv").path
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? .max
        #expect(size <= 5_000_000)
        let shipped = try CSVReader.read(path: path).table
        let made = RegisterGenerator.generate(rows: 36_000, seed: 2021, years: 2021...2024)
        #expect(shipped.rowCount == made.rowCount)
        #expect(shipped.columnNames == made.columnNames)
        // Every numeric column and every flag: each comes from its own draw in the generator's row loop.
        for name in ["employee_id", "year", "kostra_function", "position_pct", "fte", "sick_leave_days", "age",
                     "contracted_days", "left_municipal_sector", "changed_municipality", "changed_subservice",
                     "health_education", "higher_education", "further_education", "user_facing"] {
            #expect(shipped.column(named: name)?.doubleValues == made.column(named: name)?.doubleValues, "\(name)")
        }
        for name in ["occupation", "municipality", "county", "sex"] {
            #expect(texts(shipped, name) == texts(made, name), "\(name)")
        }
    }

    @Test func catalogMarksTheRegisterSynthetic() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("catalog.csv"), encoding: .utf8)
        let catalog = try CSVReader.read(path: Self.folder.appendingPathComponent("catalog.csv").path).table
        #expect(catalog.columnNames == ["name", "title", "source", "unit", "caveats"])
        #expect(texts(catalog, "name") == ["register_sample", "municipalities"])
        #expect(text.contains("SYNTHETIC") && text.contains("NOT REAL DATA"))
    }

    @Test func municipalitiesFileMatchesTheTable() throws {
        let shipped = try CSVReader.read(path: Self.folder.appendingPathComponent("municipalities.csv").path).table
        let m = RegisterGenerator.municipalities()
        #expect(texts(shipped, "municipality") == texts(m, "municipality"))
        #expect(shipped.column(named: "inhabitants")?.doubleValues == m.column(named: "inhabitants")?.doubleValues)
    }
}
