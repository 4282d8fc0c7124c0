import Query
import Tables
@testable import Indicators

/// The full-time plan's table «Årsverk og sysselsatte i omsorgstjenesten 2021», as bundled in
/// datasets/omsorg_fte_employed_2021.csv (values from /work/shared/data/omsorg_fte_employed_2021.csv).
let omsorg2021 = Table(names: ["education_group", "fte", "employed"], rows: [
    ["Aktivitør", 851, 1088], ["Barne- og ungdomsarbeider", 1848, 2288], ["Helsefagarbeidere", 50095, 63251],
    ["Ergoterapeut", 1325, 1444], ["Barnevernspedagog", 1302, 1440], ["Miljøterapeut", 4788, 6493],
    ["Sosionom", 2077, 2282], ["Sykepleier", 32266, 36053], ["Vernepleier", 9460, 10085],
    ["Pleieassistent med annen helseutdanning", 5894, 9252],
    ["Pleieassistent uten helse- og sosialfaglig utdanning", 34025, 62906],
    ["Service og administrativt personell", 4889, 6343],
].map { row in row.map { v -> Value in
    if let s = v as? String { return .string(s) }
    return .int(Int64(v as! Int))
} })

/// A hand-made register of 10 employees; the tests' expected values are computed by hand from it.
///
/// | # | occupation | pos % | fte | sick | contracted | left | chg muni | chg sub | health ed | higher ed | age | user facing | muni |
/// |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
/// | 1 | Sykepleier | 100 | 1.0 | 10 | 230 | | | | ✓ | ✓ | 56 | ✓ | 0301 |
/// | 2 | Sykepleier | 80 | 0.8 | 0 | 184 | | ✓ | | ✓ | ✓ | 34 | ✓ | 0301 |
/// | 3 | Sykepleier | 50 | 0.5 | 23 | 115 | ✓ | | | ✓ | ✓ | 61 | ✓ | 4601 |
/// | 4 | Helsefagarbeidere | 100 | 1.0 | 46 | 230 | | | | ✓ | | 45 | ✓ | 4601 |
/// | 5 | Helsefagarbeidere | 75 | 0.75 | 0 | 172.5 | | | ✓ | ✓ | | 25 | ✓ | 0301 |
/// | 6 | Helsefagarbeidere | 40 | 0.4 | 9.2 | 92 | ✓ | | | ✓ | | 58 | ✓ | 4601 |
/// | 7 | Helsefagarbeidere | 60 | 0.6 | 0 | 138 | | | | ✓ | | 29 | ✓ | 0301 |
/// | 8 | Pleieassistent uten … | 20 | 0.2 | 0 | 46 | ✓ | | | | | 19 | ✓ | 4601 |
/// | 9 | Pleieassistent uten … | 100 | 1.0 | 23 | 230 | | | | | | 55 | ✓ | 0301 |
/// | 10 | Service og administrativt personell | 90 | 0.9 | 0 | 207 | | | | | ✓ | 40 | | 0301 |
let tenRegister: Table = {
    let nurse = "Sykepleier", hfa = "Helsefagarbeidere"
    let unskilled = "Pleieassistent uten helse- og sosialfaglig utdanning", admin = "Service og administrativt personell"
    return Table([
        ("employee_id", Column(ints: Array(1...10))),
        ("occupation", Column(strings: [nurse, nurse, nurse, hfa, hfa, hfa, hfa, unskilled, unskilled, admin])),
        ("municipality_number", Column(strings: ["0301", "0301", "4601", "4601", "0301", "4601", "0301", "4601", "0301", "0301"])),
        ("position_pct", Column(doubles: [100, 80, 50, 100, 75, 40, 60, 20, 100, 90])),
        ("fte", Column(doubles: [1, 0.8, 0.5, 1, 0.75, 0.4, 0.6, 0.2, 1, 0.9])),
        ("sick_leave_days", Column(doubles: [10, 0, 23, 46, 0, 9.2, 0, 0, 23, 0])),
        ("contracted_days", Column(doubles: [230, 184, 115, 230, 172.5, 92, 138, 46, 230, 207])),
        ("left_municipal_sector", Column(bools: [false, false, true, false, false, true, false, true, false, false])),
        ("changed_municipality", Column(bools: [false, true, false, false, false, false, false, false, false, false])),
        ("changed_subservice", Column(bools: [false, false, false, false, true, false, false, false, false, false])),
        ("health_education", Column(bools: [true, true, true, true, true, true, true, false, false, false])),
        ("higher_education", Column(bools: [true, true, true, false, false, false, false, false, false, true])),
        ("age", Column(ints: [56, 34, 61, 45, 25, 58, 29, 19, 55, 40])),
        ("user_facing", Column(bools: [true, true, true, true, true, true, true, true, true, false])),
    ])
}()

/// Inhabitants of the two municipalities of the 10-row register.
let twoMunicipalities = Table([
    ("municipality_number", Column(strings: ["0301", "4601"])),
    ("inhabitants", Column(ints: [1000, 500])),
    ("inhabitants_67plus", Column(ints: [200, 100])),
])

let twoMunicipalityUsers = Table([
    ("municipality_number", Column(strings: ["0301", "4601"])),
    ("users", Column(ints: [10, 7])),
])

struct TestDatasets {
    var tables: [String: Table] = [
        "omsorg_fte_employed_2021": omsorg2021, "ten": tenRegister, "kommuner": twoMunicipalities,
        "brukere": twoMunicipalityUsers,
    ]
    func callAsFunction(_ name: String) throws -> Table {
        guard let t = tables[name] else {
            throw Diagnostic("unknown dataset `\(name)`", hint: NameSuggester.hint(for: name, in: Array(tables.keys)))
        }
        return t
    }
}

/// Runs `indicator …` text against the test datasets.
func indicator(_ text: String, catalog: IndicatorCatalog = IndicatorCatalog()) throws -> Table {
    let data = TestDatasets()
    return try IndicatorCommand.run(try CommandArguments.parse(text), catalog: catalog, dataset: { try data($0) })
}

/// The numbers of column `name`.
func numbers(_ t: Table, _ name: String) -> [Double] {
    guard let c = t.column(named: name) else { return [] }
    return (0..<t.rowCount).map { c[$0].asDouble ?? .nan }
}

func texts(_ t: Table, _ name: String) -> [String] {
    guard let c = t.column(named: name) else { return [] }
    return (0..<t.rowCount).map { c[$0].asString ?? "" }
}

func close(_ a: Double, _ b: Double, _ eps: Double = 1e-9) -> Bool { abs(a - b) <= eps }
