import Foundation
import Testing
@testable import Tables

/// The bundled datasets against the totals printed in the reports. Total rows are not in the files, so
/// each test sums the rows and compares with the report's own total, within the rounding of the source:
/// n rows each rounded to a unit u can be off by n × u/2 in sum.
@Suite struct DatasetTotalsTests {
    static let scenarios = ["low", "mid", "high"]

    // MARK: - NOU 2023:4 chapter 2 (HELSEMOD)

    @Test func table22SupplySumsToThePrintedSum() throws {
        let d = try DatasetView("helsemod_supply")
        let n = Double(d.count("fte_thousands", where: ["year": "2019"]))
        #expect(n == 14)
        expectClose(d.sum("fte_thousands", where: ["year": "2019"]), 225.9, within: n * 0.05, "supply 2019")
        expectClose(d.sum("fte_thousands", where: ["year": "2040"]), 282.5, within: n * 0.05, "supply 2040")
        // The Sum row's printed growth (25.4 %) cannot be reproduced from 225.9 -> 282.5 (25.1 %): the catalog
        // says so. Each occupation's growth must follow from its own rounded levels.
        for occ in d.distinct("occupation") {
            let a = d.value("fte_thousands", where: ["occupation": occ, "year": "2019"])!
            let b = d.value("fte_thousands", where: ["occupation": occ, "year": "2040"])!
            let g = d.value("growth_pct", where: ["occupation": occ, "year": "2040"])!
            // Levels are rounded to 0.1 thousand: the growth lies between the extreme ratios.
            let lo = ((b - 0.05) / (a + 0.05) - 1) * 100, hi = ((b + 0.05) / (a - 0.05) - 1) * 100
            #expect(g >= lo - 0.05 && g <= hi + 0.05, "\(occ): growth \(g) outside \(lo)…\(hi)")
        }
    }

    @Test func table24ServiceAreasSumToIAlt() throws {
        let d = try DatasetView("helsemod_demand_service")
        let printed2040 = ["low": 401.1, "mid": 481.0, "high": 562.0]
        let printedGrowth = ["low": 22.4, "mid": 46.8, "high": 71.4]
        for s in Self.scenarios {
            let n = Double(d.count("fte_thousands", where: ["scenario": s, "year": "2040"]))
            #expect(n == 10)
            let base = d.sum("fte_thousands", where: ["scenario": s, "year": "2019"])
            let horizon = d.sum("fte_thousands", where: ["scenario": s, "year": "2040"])
            expectClose(base, 327.8, within: n * 0.05, "I alt 2019 (\(s))")
            expectClose(horizon, printed2040[s]!, within: n * 0.05, "I alt 2040 (\(s))")
            // Growth from the printed totals, rounded to 0.1 thousand: within the extreme ratios.
            let lo = ((printed2040[s]! - 0.05) / 327.85 - 1) * 100, hi = ((printed2040[s]! + 0.05) / 327.75 - 1) * 100
            #expect(printedGrowth[s]! >= lo - 0.05 && printedGrowth[s]! <= hi + 0.05, "I alt growth (\(s))")
        }
    }

    @Test func table25OccupationsSumToSum() throws {
        let d = try DatasetView("helsemod_demand_occupation")
        let printed2040 = ["low": 296.7, "mid": 352.0, "high": 406.2]
        for s in Self.scenarios {
            let n = Double(d.count("fte_thousands", where: ["scenario": s, "year": "2040"]))
            #expect(n == 14)
            expectClose(d.sum("fte_thousands", where: ["scenario": s, "year": "2019"]), 234.9, within: n * 0.05, "Sum 2019 (\(s))")
            expectClose(d.sum("fte_thousands", where: ["scenario": s, "year": "2040"]), printed2040[s]!, within: n * 0.05, "Sum 2040 (\(s))")
        }
    }

    @Test func table21GapSumsAndBaseYearShortage() throws {
        let d = try DatasetView("helsemod_gap")
        let printed = ["low": -14_100.0, "mid": -69_500.0, "high": -123_600.0]
        for s in Self.scenarios {
            let n = Double(d.count("gap_fte", where: ["scenario": s, "year": "2040"]))
            #expect(n == 14)
            expectClose(d.sum("gap_fte", where: ["scenario": s, "year": "2040"]), printed[s]!, within: n * 50, "gap Sum 2040 (\(s))")
            // The 2019 column is NAV's base-year shortage, listed in the note under table 2.5:
            // 5 500 + 1 700 + 700 + 600 + 450 + 200 = 9 150.
            #expect(d.sum("gap_fte", where: ["scenario": s, "year": "2019"]) == -9_150)
            #expect(d.count("gap_fte", where: ["scenario": s, "year": "2019"]) == 6)
        }
        #expect(d.value("gap_fte", where: ["occupation": "Sykepleier", "scenario": "mid", "year": "2040"]) == -29_700)
        #expect(d.value("gap_fte", where: ["occupation": "Helsefagarbeider", "scenario": "high", "year": "2040"]) == -47_400)
    }

    @Test func table23ScenarioParameters() throws {
        let d = try DatasetView("helsemod_scenarios")
        #expect(d.distinct("scenario") == Self.scenarios)
        #expect(d.value("standard_growth_pct", where: ["scenario": "low"]) == 0.5)
        #expect(d.value("standard_growth_pct", where: ["scenario": "mid"]) == 1.0)
        #expect(d.sum("productivity_growth_pct") == 1.5)
        #expect(d.value("family_care_level_fte", where: ["scenario": "mid"]) == 90_000)
        #expect(d.distinct("health_improvement") == ["Ja", "Nei"])
    }

    /// Table 2.4's mid scenario follows from the low one for services outside municipal care:
    /// standard growth 1.0 % instead of 0.5 % over 21 years (ENGINES.md §6.3).
    @Test func table24MidFollowsFromLowOutsideMunicipalCare() throws {
        let d = try DatasetView("helsemod_demand_service")
        let factor = pow(1.01 / 1.005, 21)
        let low = d.value("fte_thousands", where: ["service": "Somatiske institusjoner", "scenario": "low", "year": "2040"])!
        let mid = d.value("fte_thousands", where: ["service": "Somatiske institusjoner", "scenario": "mid", "year": "2040"])!
        expectClose(low * factor, mid, within: 0.1, "somatic mid from low")
    }

    // MARK: - NOU 2023:4, other chapters

    @Test func table91PositionFloorSumsToSum() throws {
        let d = try DatasetView("nou_position_floor_supply")
        let n = Double(d.table.rowCount)
        #expect(n == 14)
        expectClose(d.sum("supply_2019_fte"), 225_900, within: n * 50, "2019")
        expectClose(d.sum("supply_2040_reference_fte"), 282_500, within: n * 50, "2040 reference")
        expectClose(d.sum("added_fte_min_70pct"), 2_700, within: n * 5, "min 70 %")
        expectClose(d.sum("added_fte_min_100pct"), 43_300, within: n * 50, "min 100 %")
        // The reference path is table 2.2's supply in normalårsverk.
        let supply = try DatasetView("helsemod_supply")
        expectClose(d.sum("supply_2040_reference_fte") / 1000, supply.sum("fte_thousands", where: ["year": "2040"]), within: 0.001, "9.1 vs 2.2")
    }

    @Test func table41CumulativeGrowthCompoundsTheAnnualChanges() throws {
        let d = try DatasetView("nou_fte_growth")
        for sector in d.distinct("sector") {
            var level = 1.0
            for year in 2016...2021 {
                level *= 1 + d.value("annual_change_pct", where: ["sector": sector, "year": String(year)])! / 100
                let printed = d.value("cumulative_change_since_2015_pct", where: ["sector": sector, "year": String(year)])!
                // Each annual change is rounded to 0.1: allow 0.05 per compounded year.
                expectClose((level - 1) * 100, printed, within: 0.05 * Double(year - 2015) + 0.05, "\(sector) \(year)")
            }
            #expect(d.number("annual_change_pct", d.rows(where: ["sector": sector, "year": "2015"])[0]) == nil)
        }
        #expect(d.value("cumulative_change_since_2015_pct", where: ["sector": "Kommunale helse- og omsorgstjenester", "year": "2021"]) == 16.0)
        #expect(d.value("cumulative_change_since_2015_pct", where: ["sector": "Spesialisthelsetjenesten", "year": "2021"]) == 9.6)
    }

    @Test func table101PrintedChangesMatchTheCounts() throws {
        let d = try DatasetView("nou_trade_certificates")
        for programme in ["Ambulansefaget", "Helsearbeiderfaget", "Ortopediteknikkfaget"] {
            let first = d.value("certificates", where: ["programme": programme, "school_year": "2015/2016"])!
            let last = d.value("certificates", where: ["programme": programme, "school_year": "2020/2021"])!
            let printed = d.value("change_pct", where: ["programme": programme, "school_year": "2020/2021"])!
            expectClose((last / first - 1) * 100, printed, within: 0.5, programme)
        }
    }

    @Test func table131SharesAreFTEOverTheEconomysFTE() throws {
        let d = try DatasetView("nou_fte_2040_2060")
        let economy = ["2040": 2_590.0, "2060": 2_609.0]  // "Årsverk totalt, basisforløpet i Perspektivmeldingen 2021"
        for alt in d.distinct("alternative") {
            for (year, total) in economy {
                let fte = d.value("fte_thousands", where: ["alternative": alt, "year": year])!
                let share = d.value("share_of_employed_pct", where: ["alternative": alt, "year": year])!
                expectClose(fte / total * 100, share, within: 0.5, "\(alt) \(year)")
            }
        }
    }

    @Test func appendixGraduatesAndStudyPlaces() throws {
        let g = try DatasetView("nou_graduates")
        #expect(g.distinct("programme").count == 22)
        #expect(g.value("graduates", where: ["programme": "Sykepleie", "year": "2021"]) == 4_241)
        #expect(g.value("graduates", where: ["programme": "Paramedisinere", "year": "2016"]) == nil)
        #expect(g.value("target_2023", where: ["programme": "Sykepleie", "year": "2011"]) == 3_821)
        let p = try DatasetView("nou_nursing_study_places")
        #expect(p.value("planned_study_places", where: ["year": "2022"]) == 5_260)
        #expect(p.sum("planned_study_places") == 4_941 + 5_150 + 5_151 + 5_260)
    }

    // MARK: - Full-time plan

    @Test func fullTimePlanGroupsSumToTotalsum() throws {
        let d = try DatasetView("omsorg_fte_employed_2021")
        #expect(d.table.columnNames == ["education_group", "fte", "employed"])
        #expect(d.table.rowCount == 12)
        #expect(d.sum("fte") == 148_820)
        #expect(d.sum("employed") == 202_925)
        // ENGINES.md §7: average position of helsefagarbeidere 50 095 / 63 251 = 0.792.
        let fte = d.value("fte", where: ["education_group": "Helsefagarbeidere"])!
        let employed = d.value("employed", where: ["education_group": "Helsefagarbeidere"])!
        expectClose(fte / employed, 0.792, within: 0.0005, "helsefagarbeidere position size")
    }

    /// The plan's text rounds the table's total: "om lag 149 000 årsverk i 2021".
    @Test func fullTimePlanTextRoundsItsTable() throws {
        let facts = try DatasetView("municipal_care_facts")
        let stated = try #require(facts.value("value", where: ["indicator": "Årsverk i omsorgstjenesten", "year": "2021"]))
        let table = try DatasetView("omsorg_fte_employed_2021").sum("fte")
        expectClose(table, stated, within: 500, "om lag 149 000")
    }

    // MARK: - Evaluation of Kompetanseløft 2020 (tables 7.1–7.21)

    static func nationalFTE() throws -> [String: Double] {
        let t = try DatasetView("eval_employed_fte")
        return Dictionary(uniqueKeysWithValues: (2015...2019).map { y in
            (String(y), t.value("fte", where: ["year": String(y)])!)
        })
    }

    @Test func table71GrowthAsStatedInTheText() throws {
        let d = try DatasetView("eval_employed_fte")
        let e15 = d.value("employed", where: ["year": "2015"])!, e19 = d.value("employed", where: ["year": "2019"])!
        let f15 = d.value("fte", where: ["year": "2015"])!, f19 = d.value("fte", where: ["year": "2019"])!
        #expect(e19 - e15 == 13_589)
        #expect(f19 - f15 == 16_199)
        expectClose((f19 / f15 - 1) * 100, 11.4, within: 0.05, "FTE growth")
        expectClose((e19 / e15 - 1) * 100, 6.4, within: 0.05, "employed growth")
    }

    @Test func table72ServicesSumToTable71() throws {
        let d = try DatasetView("eval_fte_by_service")
        for (year, total) in try Self.nationalFTE() {
            expectClose(d.sum("fte", where: ["year": year]), total, within: 2 * 0.5, "7.2 \(year)")
            expectClose(d.sum("pct_of_total_fte", where: ["year": year]), 100, within: 0.1, "7.2 % \(year)")
        }
    }

    @Test func table73GroupsSumToTheNationalFTE() throws {
        let d = try DatasetView("eval_fte_by_competence")
        let printedSum = ["2015": 142_619.0, "2016": 145_273, "2017": 150_141, "2018": 154_338, "2019": 158_839]
        for (year, total) in printedSum {
            expectClose(d.sum("fte", where: ["year": year]), total, within: 8 * 0.5, "7.3 Sum \(year)")
        }
        // The printed 2015 Sum (142 619) disagrees with table 7.1 (142 640): a known inconsistency of the report.
        expectClose(d.sum("fte", where: ["year": "2015"]), try Self.nationalFTE()["2015"]!, within: 25, "7.3 vs 7.1 in 2015")
        try Self.expectGrowthWithinRounding(d, group: "competence_group", value: "fte", growth: "growth_pct_2015_2019")
    }

    @Test func table74And76And79And715SharesSumTo100() throws {
        let t74 = try DatasetView("eval_fte_share_by_competence")
        for y in 2015...2019 { expectClose(t74.sum("pct_of_total_fte", where: ["year": String(y)]), 100, within: 8 * 0.05, "7.4 \(y)") }
        let t76 = try DatasetView("eval_fte_share_by_county_competence_2019")
        for c in t76.distinct("county") { expectClose(t76.sum("pct_of_county_fte", where: ["county": c]), 100, within: 8 * 0.05, "7.6 \(c)") }
        let t79 = try DatasetView("eval_fte_by_age_competence_2019")
        for g in t79.distinct("competence_group") { expectClose(t79.sum("pct_of_group_fte", where: ["competence_group": g]), 100, within: 5 * 0.05, "7.9 \(g)") }
        let t715 = try DatasetView("eval_fte_share_by_size_competence_2019")
        for s in t715.distinct("municipality_size") { expectClose(t715.sum("pct_of_size_group_fte", where: ["municipality_size": s]), 100, within: 8 * 0.05, "7.15 \(s)") }
        let t712 = try DatasetView("eval_fte_share_by_county")
        for y in 2015...2019 { expectClose(t712.sum("pct_of_national_fte", where: ["year": String(y)]), 100, within: 18 * 0.05, "7.12 \(y)") }
    }

    @Test func groupTotalsInTables76And79And715SumToTheNation() throws {
        let national = try Self.nationalFTE()["2019"]!
        let t76 = try DatasetView("eval_fte_share_by_county_competence_2019")
        let counties = t76.rows(where: ["competence_group": "Ufaglærte"]).filter { t76.text("county", $0) != "Hele landet" }
        #expect(counties.count == 18)
        expectClose(counties.compactMap { t76.number("county_fte", $0) }.reduce(0, +), national, within: 18 * 0.5, "7.6 N")
        #expect(t76.value("county_fte", where: ["county": "Hele landet", "competence_group": "Annet"]) == national)
        let t79 = try DatasetView("eval_fte_by_age_competence_2019")
        let groups = t79.rows(where: ["age_group": "Under 30"]).filter { t79.text("competence_group", $0) != "Alle" }
        expectClose(groups.compactMap { t79.number("group_fte", $0) }.reduce(0, +), national, within: 8 * 0.5, "7.9 N")
        let t715 = try DatasetView("eval_fte_share_by_size_competence_2019")
        expectClose(t715.sum("size_group_fte", where: ["competence_group": "Ufaglærte"]), national, within: 5 * 0.5, "7.15 N")
    }

    @Test func table75ServicesSumToTheirPrintedSums() throws {
        let d = try DatasetView("eval_fte_by_competence_service_2019")
        expectClose(d.sum("fte", where: ["service": "Kommunehelsetjenesten"]), 20_640, within: 8 * 0.5, "7.5 kommunehelse")
        expectClose(d.sum("fte", where: ["service": "Pleie og omsorg"]), 138_199, within: 8 * 0.5, "7.5 pleie og omsorg")
        // And they are table 7.2's 2019 figures.
        let t72 = try DatasetView("eval_fte_by_service")
        #expect(t72.value("fte", where: ["year": "2019", "service": "Kommunehelsetjenesten"]) == 20_640)
        #expect(t72.value("fte", where: ["year": "2019", "service": "Pleie og omsorg"]) == 138_199)
    }

    @Test func table711CountiesSumToTheNationAndGrowthMatches() throws {
        let d = try DatasetView("eval_fte_by_county")
        for (year, total) in try Self.nationalFTE() {
            expectClose(d.sum("fte", where: ["year": year]), total, within: 18 * 0.5, "7.11 \(year)")
        }
        try Self.expectGrowthWithinRounding(d, group: "county", value: "fte", growth: "growth_pct_2015_2019")
    }

    @Test func table713And714ServicesSumToTheirTotals() throws {
        let t713 = try DatasetView("eval_fte_by_county_service_2019")
        let t711 = try DatasetView("eval_fte_by_county")
        for county in t713.distinct("county") {
            let total = t711.value("fte", where: ["county": county, "year": "2019"])!
            expectClose(t713.sum("fte", where: ["county": county]), total, within: 2 * 0.5, "7.13 \(county)")
            expectClose(t713.sum("pct_of_county_fte", where: ["county": county]), 100, within: 0.1, "7.13 % \(county)")
        }
        let t714 = try DatasetView("eval_fte_by_size_service_2019")
        let printed = ["Under 2000": 5_438.0, "2000-3999": 11_069, "4000-6999": 16_563, "7000-14999": 24_312, "15000 og over": 101_457]
        for (size, total) in printed {
            expectClose(t714.sum("fte", where: ["municipality_size": size]), total, within: 2 * 0.5, "7.14 \(size)")
        }
        expectClose(t714.sum("fte"), try Self.nationalFTE()["2019"]!, within: 10 * 0.5, "7.14 all")
    }

    @Test func tables718To721PrintedChangesMatchTheirRows() throws {
        let t718 = try DatasetView("eval_fte_per_1000_extreme_municipalities")
        #expect(t718.distinct("municipality", where: ["list": "flest"]).count == 20)
        #expect(t718.distinct("municipality", where: ["list": "færrest"]).count == 20)
        var checked = 0
        for list in ["flest", "færrest"] {
            for m in t718.distinct("municipality", where: ["list": list]) {
                let a = t718.value("fte_per_1000", where: ["list": list, "municipality": m, "year": "2015"])
                let b = t718.value("fte_per_1000", where: ["list": list, "municipality": m, "year": "2019"])
                let change = t718.value("change_2015_2019", where: ["list": list, "municipality": m, "year": "2019"])
                guard let a, let b, let change else { continue }
                expectClose(b - a, change, within: 0.1 + 1e-6, "\(m) change")
                checked += 1
            }
        }
        #expect(checked >= 34)
        let t720 = try DatasetView("eval_fte_growth_extreme_municipalities")
        try Self.expectGrowthWithinRounding(t720, group: "municipality", value: "fte", growth: "growth_pct_2015_2019")
        #expect(t720.distinct("municipality").count == 40)
    }

    /// A printed growth 2015–2019 must lie within what the rounded levels allow.
    static func expectGrowthWithinRounding(_ d: DatasetView, group: String, value: String, growth: String,
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        for g in d.distinct(group) {
            guard let a = d.value(value, where: [group: g, "year": "2015"]),
                  let b = d.value(value, where: [group: g, "year": "2019"]),
                  let printed = d.value(growth, where: [group: g, "year": "2019"]) else { continue }
            let lo = ((b - 0.5) / (a + 0.5) - 1) * 100, hi = ((b + 0.5) / (a - 0.5) - 1) * 100
            #expect(printed >= lo - 0.05 && printed <= hi + 0.05, "\(d.name) \(g): \(printed) outside \(lo)…\(hi)",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - Text figures and Oslo

    @Test func oslosNamedCategoriesStayWithinTheStatedTotal() throws {
        let d = try DatasetView("oslo_fte_2021")
        #expect(d.sum("fte") == 9_208)
        #expect(d.sum("fte") <= 13_715)   // "av totalt 13715 årsverk"
        let p = try DatasetView("oslo_population")
        #expect(p.value("value", where: ["indicator": "Personer med demens", "year": "2040"]) == 18_471)
        // "Andelen med demens i Oslo øker med 70,5 prosent": the share, 1.39 % -> 2.37 %.
        let share2020 = p.value("value", where: ["indicator": "Andel med demens", "year": "2020", "base_year": ""])!
        let share2040 = p.value("value", where: ["indicator": "Andel med demens", "year": "2040", "base_year": ""])!
        let rise = p.value("value", where: ["indicator": "Andel med demens", "year": "2040", "base_year": "2020"])!
        expectClose((share2040 / share2020 - 1) * 100, rise, within: 0.5, "dementia share rise")
    }

    @Test func percentagesAreInRange() throws {
        let d = try DatasetView("municipal_workforce_indicators")
        for i in 0..<d.table.rowCount {
            let v = try #require(d.number("value_pct", i))
            #expect(v > 0 && v < 100, "row \(i): \(v)")
        }
        #expect(d.value("value_pct", where: ["indicator": "fulltime_share", "group": "Helsefagarbeidere", "year": "2021",
                                              "service": "omsorgstjenesten"]) == 28)
    }
}
