import Foundation
import Testing
@testable import Tables

/// Every bundled dataset loads cleanly with the project's CSV reader, keeps its numbers numeric and its
/// Norwegian names intact, and has a catalog row naming its source.
@Suite struct DatasetCatalogTests {
    /// Columns that hold categories or notes; every other column must load as a number.
    static let textColumns: Set<String> = [
        "occupation", "scenario", "service", "name", "family_care", "health_improvement", "sector", "programme",
        "school_year", "alternative", "education_group", "competence_group", "county", "age_group",
        "municipality_size", "list", "municipality", "indicator", "group", "period", "qualifier", "source", "unit",
        "category", "weekend_frequency", "weekday_shift", "weekend_shift", "printed_as",
    ]

    @Test func thereAreBundledDatasets() throws {
        let names = try BundledDatasets.names()
        #expect(names.count >= 39, "found \(names.count) datasets in \(BundledDatasets.folder.path)")
        for required in ["helsemod_gap", "helsemod_supply", "helsemod_scenarios", "helsemod_demand_service",
                         "helsemod_demand_occupation", "omsorg_fte_employed_2021"] {
            #expect(names.contains(required), "missing \(required)")
        }
    }

    @Test(arguments: try BundledDatasets.names())
    func loadsWithoutWarnings(name: String) throws {
        let result = try BundledDatasets.load(name)
        #expect(result.warnings.isEmpty, "\(name): \(result.warnings)")
        #expect(result.title == nil, "\(name): unexpected title line \(result.title ?? "")")
        #expect(result.table.rowCount > 0)
        for field in result.table.schema.fields {
            if Self.textColumns.contains(field.name) {
                #expect(field.type == .string,
                        "\(name).\(field.name) should be text, is \(field.type)")
            } else {
                #expect(field.type == .int || field.type == .double, "\(name).\(field.name) should be numeric, is \(field.type)")
            }
        }
        // Column names are unique, lower-case identifiers (the query language needs no quoting).
        for column in result.table.columnNames {
            #expect(column.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(name): column `\(column)`")
        }
    }

    @Test func catalogHasOneRowWithSourcePerDatasetFile() throws {
        let result = try CSVReader.read(path: BundledDatasets.folder.appendingPathComponent("catalog.csv").path)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let catalog = result.table
        #expect(catalog.columnNames == ["name", "title", "source", "unit", "caveats"])
        let view = DatasetView(name: "catalog", table: catalog)
        let rows = (0..<catalog.rowCount).map { i in
            (name: view.text("name", i) ?? "", title: view.text("title", i) ?? "",
             source: view.text("source", i) ?? "", unit: view.text("unit", i) ?? "")
        }
        let files = Set(try BundledDatasets.names())
        let named = rows.map(\.name)
        #expect(Set(named) == files, "catalog without file: \(Set(named).subtracting(files)); file without catalog row: \(files.subtracting(named))")
        #expect(named.count == Set(named).count, "duplicate catalog rows")
        for r in rows {
            #expect(!r.title.isEmpty && !r.title.contains("\n"), "\(r.name): title")
            #expect(r.source.count > 10, "\(r.name): source `\(r.source)`")
            #expect(!r.unit.isEmpty, "\(r.name): unit")
        }
    }

    @Test func humanCatalogDescribesEveryDatasetAndTheOtherFolders() throws {
        let md = try String(contentsOf: BundledDatasets.folder.appendingPathComponent("CATALOG.md"), encoding: .utf8)
        for name in try BundledDatasets.names() {
            #expect(md.contains("#### \(name)\n"), "CATALOG.md has no section for \(name)")
        }
        #expect(md.contains("datasets/projection/catalog.csv"))
        #expect(md.contains("datasets/register/catalog.csv"))
        #expect(md.contains("2014 and 2015"))
    }

    @Test func norwegianNamesSurviveLoading() throws {
        let gap = try DatasetView("helsemod_gap")
        #expect(gap.distinct("occupation").contains("Jordmor"))
        #expect(gap.distinct("printed_as").contains("Jordmødre"))
        #expect(gap.distinct("printed_as").contains("Helsesekretærer og tannhelsesekretærer"))
        let scen = try DatasetView("helsemod_scenarios")
        #expect(scen.distinct("name") == ["Lavalternativet", "Mellomalternativet", "Høyalternativet"])
        let county = try DatasetView("eval_fte_by_county")
        #expect(county.distinct("county").first == "Østfold")
        #expect(county.distinct("county").count == 18)
    }
}
