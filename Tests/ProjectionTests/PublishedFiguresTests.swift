import Foundation
import Testing
import Tables
import Query
@testable import Projection

/// ENGINES §6.3: the bundled inputs and the scenario parameters of table 2.3 reproduce the published tables of
/// NOU 2023:4 (2.1, 2.2, 2.4, 2.5, 9.1) to the rounding of the source.
@Suite("Published HELSEMOD figures")
struct PublishedFiguresTests {
    let demand: Table
    let gap: Table

    init() throws {
        demand = try Fixtures.project("project demand by=service scenario=all to=2040")
        gap = try Fixtures.project("project gap scenario=all to=2040")
    }

    func serviceFTE(_ service: String, _ scenario: String, _ year: Int = 2040) -> Double {
        Fixtures.value(demand, "demand", where: ["service": .string(service), "scenario": .string(scenario),
                                                  "year": .int(Int64(year))])! / 1000
    }

    /// Table 2.4, every service and scenario. Levels are printed in thousands with one decimal from unrounded
    /// bases, so a level may differ by its own rounding (0.05) plus the base's rounding carried by the growth
    /// (0.05 × growth factor); growth rates, printed to 0.1 %, must match to 0.05 points plus that base rounding.
    @Test func table24ServicesAllScenarios() throws {
        for row in try Fixtures.rows("helsemod_demand_service") where row["service"] != "I alt" && row["year"] == "2040" {
            let service = row["service"]!, scenario = row["scenario"]!
            let base = serviceFTE(service, scenario, 2019)
            let level = serviceFTE(service, scenario)
            let printed = Double(row["fte_thousands"]!)!
            #expect(abs(base - (try #require(Fixtures.value(demand, "demand", where: ["service": .string(service),
                "scenario": .string("low"), "year": .int(2019)])) / 1000)) < 1e-9)
            let tolerance = 0.05 + 0.05 * level / base + 1e-9
            #expect(abs(level - printed) <= tolerance, "\(service) \(scenario): \(level) vs printed \(printed)")
            let growth = (level / base - 1) * 100
            let printedGrowth = Double(row["growth_pct"]!)!
            let growthTolerance = 0.05 + 100 * 0.05 / base * level / base
            #expect(abs(growth - printedGrowth) <= growthTolerance,
                    "\(service) \(scenario): growth \(growth) vs printed \(printedGrowth)")
        }
    }

    /// growth_mid = growth_low × (1.01/1.005)^21 for every service outside municipal care (ENGINES §6.3);
    /// somatic institutions: 108.4 × 1.10984 = 120.3 thousand FTE.
    @Test func midFromLowIdentity() {
        let factor = pow(1.01 / 1.005, 21)
        #expect(abs(factor - 1.10984) < 1e-5)
        for service in Fixtures.bundled.services where service != "Kommunal helse og omsorg" {
            let ratio = serviceFTE(service, "mid") / serviceFTE(service, "low")
            #expect(abs(ratio - factor) < 1e-12, "\(service)")
        }
        #expect(abs(serviceFTE("Somatiske institusjoner", "mid") - 120.3) < 0.05)
    }

    /// Municipal care with family care at a constant level of 90 000 FTE:
    /// (143.8 + 90) × (181.4 / 143.8) × 1.10984 − 90 = 237.3 (printed 237.2: the report's rounding).
    @Test func municipalCareConstantFamilyLevel() {
        let low = serviceFTE("Kommunal helse og omsorg", "low")
        let mid = serviceFTE("Kommunal helse og omsorg", "mid")
        let identity = (143.8 + 90) * (low / 143.8) * pow(1.01 / 1.005, 21) - 90
        #expect(abs(mid - identity) < 1e-9)
        let printedInputs = (143.8 + 90) * (181.4 / 143.8) * pow(1.01 / 1.005, 21) - 90
        #expect(abs(printedInputs - 237.3) < 0.05)
        #expect(abs(mid - 237.2) <= 0.05 + 1e-9)
        #expect(abs(low - 181.4) <= 0.05 + 0.05 * low / 143.8)
        #expect(abs(serviceFTE("Kommunal helse og omsorg", "high") - 310.0) <= 0.05)
    }

    /// "I alt": 327.8; 401.1; 481.0; 562.0 and growth 22.4 %, 46.8 %, 71.4 %. The printed high total is 562.0
    /// while its rows sum to 561.9, so totals are held to 0.1.
    @Test func table24Totals() {
        func total(_ scenario: String, _ year: Int) -> Double {
            Fixtures.bundled.services.reduce(0) { $0 + serviceFTE($1, scenario, year) }
        }
        #expect(abs(total("low", 2019) - 327.8) < 0.05)
        for (scenario, level, growth) in [("low", 401.1, 22.4), ("mid", 481.0, 46.8), ("high", 562.0, 71.4)] {
            let t = total(scenario, 2040)
            #expect(abs(t - level) <= 0.1, "\(scenario) total \(t)")
            // 0.05 points of rounding plus the 0.1 thousand row-sum discrepancy (0.03 points of 327.8)
            #expect(abs((t / total(scenario, 2019) - 1) * 100 - growth) <= 0.08, "\(scenario) growth")
        }
    }

    /// Table 2.2: supply 2019 and 2040 per occupation (thousands, one decimal), its growth (0.1 %) and the printed
    /// sums 225.9 / 282.5 (whose rows sum to 226.1 / 282.6, so the sums are held to the rows' rounding).
    @Test func table22Supply() throws {
        var sums = [2019: 0.0, 2040: 0.0]
        for row in try Fixtures.rows("helsemod_supply") where row["occupation"] != "Sum" {
            let o = row["occupation"]!, year = Int(row["year"]!)!
            let fte = try #require(Fixtures.value(gap, "supply", where: ["occupation": .string(o),
                                                                          "scenario": .string("mid"), "year": .int(Int64(year))]))
            sums[year]! += fte
            #expect(abs(fte / 1000 - Double(row["fte_thousands"]!)!) <= 0.05 + 1e-9, "\(o) \(year)")
            if year == 2040 {
                let base = Fixtures.value(gap, "supply", where: ["occupation": .string(o), "scenario": .string("mid"), "year": .int(2019)])!
                let growth = (fte / base - 1) * 100
                #expect(abs(growth - Double(row["growth_pct"]!)!) <= 0.05 + 1e-9, "\(o) growth \(growth)")
            }
        }
        #expect(abs(sums[2019]! / 1000 - 225.9) <= 0.25)
        #expect(abs(sums[2040]! / 1000 - 282.5) <= 0.25)
    }

    /// Table 2.1's 2019 column is NAV's base-year shortage (leger −600, vernepleiere −700, psykologer −450, …; "–"
    /// for the rest): the engine gives it exactly, by construction, in every scenario.
    @Test func table21BaseYear() throws {
        for row in try Fixtures.rows("helsemod_gap") where row["year"] == "2019" && row["occupation"] != "Sum" {
            let occupation = row["occupation"]!
            let printed = Double(row["gap_fte"]!) ?? 0
            let g = try #require(Fixtures.value(gap, "gap", where: ["occupation": .string(occupation),
                "scenario": .string(row["scenario"]!), "year": .int(2019)]))
            #expect(abs(g - printed) < 1e-6, "\(occupation) \(row["scenario"]!): \(g) vs \(printed)")
        }
    }

    /// The occupations where no unrounded values inside every printed interval of tables 2.2 and 2.5 (levels and
    /// growth) give table 2.1's 2040 gap within its rounding, with the smallest reachable error (FTE) found by
    /// datasets/projection/derive.py (`target … gap error`): the report disagrees with itself by this much.
    static let gapInconsistency: [String: Double] = ["Sykepleier": 130, "Radiograf": 95, "Ergoterapeut": 75]

    /// Table 2.1: gap 2040 per occupation and scenario, printed rounded to 100 FTE (so within 50, or the report's
    /// own inconsistency above), and the sums −14 100 / −69 500 / −123 600 (rows sum to −14 200 / −69 400 /
    /// −123 600). Sykepleier mid −29 700, helsefagarbeider high −47 400.
    @Test func table21Gaps() throws {
        var sums: [String: Double] = [:]
        for row in try Fixtures.rows("helsemod_gap") where row["year"] == "2040" {
            let scenario = row["scenario"]!
            guard let printed = Double(row["gap_fte"]!) else { continue }
            if row["occupation"] == "Sum" {
                let s = sums[scenario]!
                #expect(abs(s - printed) <= 250, "total \(scenario): \(s) vs \(printed)")
                continue
            }
            let occupation = row["occupation"]!
            let g = try #require(Fixtures.value(gap, "gap", where: ["occupation": .string(occupation),
                                                                     "scenario": .string(scenario), "year": .int(2040)]))
            sums[scenario, default: 0] += g
            let tolerance = Self.gapInconsistency[occupation] ?? 50
            #expect(abs(g - printed) <= tolerance, "\(occupation) \(scenario): \(g) vs printed \(printed)")
        }
        let nurse = Fixtures.value(gap, "gap", where: ["occupation": .string("Sykepleier"), "scenario": .string("mid"), "year": .int(2040)])!
        #expect(abs(nurse - -29_700) <= 130)
        let hfa = Fixtures.value(gap, "gap", where: ["occupation": .string("Helsefagarbeider"), "scenario": .string("high"), "year": .int(2040)])!
        #expect(abs(hfa - -47_400) <= 50)
        #expect(abs(sums["mid"]! - -69_500) <= 250)
        // leger: table 2.1 and table 2.2 − table 2.5 disagree by 700 FTE; the engine gives both
        let lege = { (s: String, c: String) in
            Fixtures.value(self.gap, c, where: ["occupation": .string("Lege"), "scenario": .string(s), "year": .int(2040)])! }
        #expect(abs(lege("mid", "gap") - -1_700) <= 50)
        #expect(abs((lege("mid", "supply") - lege("mid", "demand")) - (39_400 - 41_800)) <= 100)
    }

    /// Table 2.5: demand per occupation, 2019 and 2040 in the three scenarios, every level to its rounding (0.1
    /// thousand) and every growth rate to its rounding (0.1 point).
    @Test func table25DemandByOccupation() throws {
        for row in try Fixtures.rows("helsemod_demand_occupation") where row["occupation"] != "Sum" {
            let occupation = row["occupation"]!
            let scenario = row["scenario"]!, year = Int(row["year"]!)!
            let printed = Double(row["fte_thousands"]!)! * 1000
            let d = try #require(Fixtures.value(gap, "demand", where: ["occupation": .string(occupation),
                "scenario": .string(scenario), "year": .int(Int64(year))]))
            #expect(abs(d - printed) <= 50 + 1e-6, "\(occupation) \(scenario) \(year): \(d) vs \(printed)")
            if year == 2040 {
                let base = Fixtures.value(gap, "demand", where: ["occupation": .string(occupation),
                    "scenario": .string(scenario), "year": .int(2019)])!
                let growth = (d / base - 1) * 100
                #expect(abs(growth - Double(row["growth_pct"]!)!) <= 0.05 + 1e-9, "\(occupation) \(scenario) growth \(growth)")
            }
        }
    }

    /// NOU 2023:4 §2.2.1 on leger: demand grows by "rundt 10 000" (low), 14 000 (mid) and 15 700 (high) årsverk
    /// 2019–2040.
    @Test func doctorDemandGrowth() {
        func growth(_ s: String) -> Double {
            Fixtures.value(gap, "demand", where: ["occupation": .string("Lege"), "scenario": .string(s), "year": .int(2040)])!
                - Fixtures.value(gap, "demand", where: ["occupation": .string("Lege"), "scenario": .string(s), "year": .int(2019)])!
        }
        #expect(abs(growth("low") - 10_000) <= 500)    // "rundt 10 000"
        #expect(abs(growth("mid") - 14_000) <= 50)
        #expect(abs(growth("high") - 15_700) <= 50)
    }

    /// §2.2.1 on sykepleiere: supply "rundt 13 000 flere årsverk i 2030, og ytterligere 8 000 årsverk flere i 2040"
    /// (each "rundt", so within 500).
    @Test func nurseSupplyPath() throws {
        let t = try Fixtures.project("project supply occupation=Sykepleier to=2040")
        func s(_ y: Int) -> Double { Fixtures.value(t, "supply", where: ["year": .int(Int64(y))])! }
        #expect(abs(s(2030) - s(2019) - 13_000) <= 500, "\(s(2030) - s(2019))")
        #expect(abs(s(2040) - s(2030) - 8_000) <= 500, "\(s(2040) - s(2030))")
    }

    /// §2.2.1 on helsefagarbeidere: "rundt 55 000 årsverk … Av disse hadde 48 000 årsverk (87 prosent)
    /// arbeidssted innen kommunale helse- og omsorgstjenester" (2019).
    @Test func helsefagarbeiderMunicipalShare() throws {
        let i = Fixtures.bundled
        let g = try #require(i.occupations.firstIndex(of: "Helsefagarbeider"))
        let k = try #require(i.services.firstIndex(of: "Kommunal helse og omsorg"))
        let municipal = i.serviceBaseFTE[k] * i.mixShare[k * i.occupations.count + g]
        let all = i.baseEmployment[g]
        #expect(abs(all - 55_000) <= 500)
        #expect(abs(municipal - 48_000) <= 500, "\(municipal)")
        #expect(abs(municipal / all * 100 - 87) <= 0.5, "\(municipal / all * 100) %")
    }

    /// The bundled (synthetic) population against every population figure NOU 2023:4 prints from SSB's 2022
    /// middle projection: 80+ "rundt 230 000" in 2020 and "over 250 000" more by 2040; 18–66 "rundt 3,45
    /// millioner" in 2022, "nesten 3,6 millioner i 2033", falling "fra 2034" (by "rundt 1 300") and "over 10 000
    /// personer mellom 2038 og 2039", and still after 2040; forsørgerbrøk (67+ / 18–66) "rundt 25 prosent i 2022
    /// til 30 prosent i 2030 og 37 prosent i 2040"; 18–66 as a share of all 63,5 / 62,7 / 59,7 %.
    @Test func populationFigures() {
        let i = Fixtures.bundled
        func persons(_ year: Int, _ ages: ClosedRange<Int>) -> Double {
            let y = year - i.baseYear
            var n = 0.0
            for s in 0..<2 { for a in ages where a < i.ageCount { n += i.population[(y * 2 + s) * i.ageCount + a] } }
            return n
        }
        let all = 0...(i.ageCount - 1), working = 18...66, old = 67...(i.ageCount - 1), oldest = 80...(i.ageCount - 1)
        #expect(abs(persons(2020, oldest) - 230_000) <= 5_000, "80+ 2020: \(persons(2020, oldest))")
        #expect(persons(2040, oldest) - persons(2020, oldest) > 250_000)
        #expect(abs(persons(2022, working) - 3_450_000) <= 5_000)
        let w2033 = persons(2033, working)
        #expect(w2033 < 3_600_000 && w2033 > 3_575_000, "18–66 2033: \(w2033)")
        for year in 2020...2033 { #expect(persons(year, working) > persons(year - 1, working), "18–66 grows to 2033: \(year)") }
        for year in 2034...2060 { #expect(persons(year, working) < persons(year - 1, working), "18–66 falls from 2034: \(year)") }
        #expect(abs(persons(2034, working) - persons(2033, working) - -1_300) <= 500)
        #expect(persons(2039, working) - persons(2038, working) < -10_000)
        for (year, ratio) in [(2022, 25.0), (2030, 30.0), (2040, 37.0)] {
            let r = persons(year, old) / persons(year, working) * 100
            #expect(abs(r - ratio) <= 0.5, "forsørgerbrøk \(year): \(r)")
        }
        for (year, share) in [(2022, 63.5), (2030, 62.7), (2040, 59.7)] {
            let r = persons(year, working) / persons(year, all) * 100
            #expect(abs(r - share) <= 0.05, "18–66 share \(year): \(r)")
        }
    }

    /// One naming: the occupations of the bundled HELSEMOD tables are the engine's, so joining engine output to
    /// them matches every row (it matched none when the tables used the report's plurals), and the printed plural
    /// is kept beside.
    @Test func occupationNamesJoin() throws {
        let engine = Set(Fixtures.bundled.occupations)
        for name in ["helsemod_gap", "helsemod_demand_occupation", "helsemod_supply", "nou_position_floor_supply"] {
            let rows = try Fixtures.rows(name).filter { $0["occupation"] != "Sum" }
            #expect(Set(rows.map { $0["occupation"]! }) == engine, "\(name)")
        }
        for row in try Fixtures.rows("helsemod_gap") {
            #expect(Fixtures.singular[row["printed_as"]!] == row["occupation"]!, "\(row["printed_as"]!)")
        }
        let joined = try QueryEngine(resolver: TableResolver(["published": try Fixtures.published("helsemod_gap"),
                                                               "engine": gap]))
            .execute("from engine | where year == 2040 | join published on occupation, scenario, year").table
        #expect(joined.rowCount == 3 * 14)
    }

    /// NOU 2023:4 §2.2.1: the directorate's two scenarios (+222 nurse study places a year 2023–2037, or +1 868 at
    /// once in 2023) give balance in 2040 against the mid scenario. They cannot against table 2.1's gap of
    /// −29 700: every extra place graduating by 2040 (three years after intake) adds at most one person, so at 100 %
    /// completion, no exits and a full FTE each, the ramp adds 222 × (1 + … + 15) = 26 640 FTE and the jump
    /// 15 × 1 868 = 28 020 — both short of 29 700. The published assumption the engine lacks is the directorate's
    /// own target gap (and yield per place): the two scenarios are consistent with each other (26 640 ≈ 28 020 ×
    /// 0.95, the ramp's graduates being younger), and would close a gap near 24 200 — table 2.1's less NAV's
    /// base-year shortage — at 0.86–0.91 FTE per place. The engine, at its assumed 75 % completion, leaves about
    /// −17 000.
    @Test func studyPlaceScenariosCannotCloseTheTable21Gap() throws {
        let ramp = Scenario.StudyPlaces(occupation: "Sykepleier", places: 222, fromYear: 2023, toYear: 2037)
        let once = Scenario.StudyPlaces(occupation: "Sykepleier", places: 1_868, fromYear: 2023, toYear: nil)
        let delay = try #require(Fixtures.bundled.education[Fixtures.bundled.occupations.firstIndex(of: "Sykepleier")!]).delay
        #expect(delay == 3)
        func graduatesBy2040(_ p: Scenario.StudyPlaces) -> Double {
            (2023...(2040 - delay)).reduce(0) { $0 + p.extraPlaces(in: $1) }
        }
        #expect(graduatesBy2040(ramp) == 26_640 && graduatesBy2040(once) == 28_020)
        #expect(graduatesBy2040(ramp) < 29_700 && graduatesBy2040(once) < 29_700)
        var registry = ScenarioRegistry()
        try registry.define(Fixtures.args("scenario ramp from mid study_places=Sykepleier:+222@2023..2037"))
        try registry.define(Fixtures.args("scenario once from mid study_places=Sykepleier:+1868@2023"))
        let t = try Fixtures.project("project gap scenario=mid/ramp/once occupation=Sykepleier from=2040", scenarios: registry)
        func gap(_ s: String) -> Double { Fixtures.value(t, "gap", where: ["scenario": .string(s)])! }
        for s in ["ramp", "once"] {
            let added = gap(s) - gap("mid")
            #expect(added > 0 && added < graduatesBy2040(s == "ramp" ? ramp : once), "\(s) adds \(added)")
            #expect(gap(s) < -15_000 && gap(s) > -20_000, "\(s) leaves \(gap(s))")
        }
    }

    /// Table 13.1 (Holmøy et al. 2023): 344 / 460 / 612 thousand FTE in 2040 and 333 / 561 / 1 013 in 2060 for the
    /// min, reference and max alternatives, from a base of 314 547 agreed FTE in 2019. Not reproduced, and it cannot
    /// be from the HELSEMOD tables: the reference alternative "is the mid scenario of Jia et al.", yet table 2.4's
    /// mid growth (481.0 / 327.8) on that base gives 461.6, not 460 — the base has another service composition,
    /// which the report does not print. The same holds for min (low without standard growth: 346.6 against 344) and
    /// max (high with 1 % a year more time per user: 608.4 against 612). The shares of all FTE (2 590 thousand in
    /// 2040) come out at 13 % and 18 % as printed, max 23 % against 24 %. 2060 would need the demography after 2040,
    /// which the report does not print either.
    @Test func table131NotReproducibleFromTheHelsemodTables() throws {
        var registry = ScenarioRegistry()
        try registry.define(Fixtures.args("scenario min from low standard=0%"))
        try registry.define(Fixtures.args("scenario max from high productivity=0%"))
        let t = try Fixtures.project("project demand by=service scenario=min/mid/max to=2040", scenarios: registry)
        func growth(_ s: String) -> Double {
            let rows = (0..<t.rowCount).filter { t[$0, 1] == .string(s) }
            let base = rows.filter { t[$0, 0] == .int(2019) }.reduce(0.0) { $0 + t[$1, 3].asDouble! }
            let end = rows.filter { t[$0, 0] == .int(2040) }.reduce(0.0) { $0 + t[$1, 3].asDouble! }
            return end / base
        }
        // the reference from the published table 2.4 alone, and from the engine (which reproduces table 2.4)
        #expect(abs(314.547 * 481.0 / 327.8 - 461.6) < 0.05)
        #expect(abs(314.547 * growth("mid") - 461.6) < 0.1)
        for (s, printed, engine) in [("min", 344.0, 346.6), ("mid", 460.0, 461.6), ("max", 612.0, 608.4)] {
            let fte = 314.547 * growth(s)
            #expect(abs(fte - engine) < 0.1, "\(s): \(fte)")
            #expect(abs(fte - printed) > 0.5, "\(s) would reproduce table 13.1: \(fte)")
        }
        #expect((314.547 * growth("min") / 2_590 * 100).rounded() == 13)
        #expect((314.547 * growth("mid") / 2_590 * 100).rounded() == 18)
        #expect((314.547 * growth("max") / 2_590 * 100).rounded() == 23)
    }

    /// Table 13.1's shares with total employment as an input (datasets/nou_total_fte_economy: 2 590 thousand årsverk
    /// in 2040, 2 609 in 2060, Perspektivmeldingen 2021). The table agrees with itself: every printed share is the
    /// printed FTE over the printed total. The engine's 2040 levels (346.6 / 461.6 / 608.4 on the 314 547 base) give
    /// 13 / 18 / 23 % against 13 / 18 / 24 % (max: 23.49 % — the level is 3.6 thousand short, see above). 2060 is not
    /// reproduced: the bundled population after 2040 is synthetic (calibrated to the report's figures up to 2040 and
    /// to a falling working-age population after it), and the engine gives 316 / 521 / 872 thousand against 333 / 561 /
    /// 1 013 (shares 12 / 20 / 33 % against 13 / 22 / 39 %).
    @Test func table131SharesOfAllFTE() throws {
        let totals = try Fixtures.rows("nou_total_fte_economy")
        var total: [String: Double] = [:]
        for r in totals { total[r["year"]!] = Double(r["fte_thousands"]!)! }
        #expect(total == ["2040": 2_590, "2060": 2_609])
        for r in try Fixtures.rows("nou_fte_2040_2060") {
            let share = Double(r["fte_thousands"]!)! / total[r["year"]!]! * 100
            #expect(share.rounded() == Double(r["share_of_employed_pct"]!)!, "\(r["alternative"]!) \(r["year"]!)")
        }
        var registry = ScenarioRegistry()
        try registry.define(Fixtures.args("scenario min from low standard=0%"))
        try registry.define(Fixtures.args("scenario max from high productivity=0%"))
        let t = try Fixtures.project("project demand by=service scenario=min/mid/max to=2060", scenarios: registry)
        func level(_ s: String, _ year: Int64) -> Double {
            let rows = (0..<t.rowCount).filter { t[$0, 1] == .string(s) }
            let base = rows.filter { t[$0, 0] == .int(2019) }.reduce(0.0) { $0 + t[$1, 3].asDouble! }
            let end = rows.filter { t[$0, 0] == .int(year) }.reduce(0.0) { $0 + t[$1, 3].asDouble! }
            return 314.547 * end / base
        }
        let engine2040 = ["min": 13.0, "mid": 18.0, "max": 23.0], printed2040 = ["min": 13.0, "mid": 18.0, "max": 24.0]
        for (s, share) in engine2040 {
            #expect((level(s, 2040) / 2_590 * 100).rounded() == share, "\(s) 2040")
            #expect(s == "max" ? share != printed2040[s]! : share == printed2040[s]!)
        }
        #expect(abs(level("max", 2040) / 2_590 * 100 - 23.5) < 0.05)
        for (s, printed, engine) in [("min", 333.0, 316.3), ("mid", 561.0, 521.1), ("max", 1_013.0, 872.1)] {
            #expect(abs(level(s, 2060) - engine) < 0.1, "\(s) 2060: \(level(s, 2060))")
            #expect(abs(level(s, 2060) / printed - 1) > 0.05, "\(s) 2060 would reproduce table 13.1")
        }
    }

    /// Table 9.1: every position raised to at least 70 % adds ≈ 2 700 FTE in 2040, to 100 % ≈ 43 300
    /// (reference 282.5 thousand). Per occupation to the table's rounding (10 FTE below 100, else 100).
    @Test func table91PositionFloor() throws {
        var registry = ScenarioRegistry()
        try registry.define(Fixtures.args("scenario floor70 from mid position_floor=70%"))
        try registry.define(Fixtures.args("scenario floor100 from mid position_floor=100%"))
        let t = try Fixtures.project("project supply scenario=mid/floor70/floor100 from=2040 to=2040", scenarios: registry)
        func supply(_ o: String, _ s: String) -> Double {
            Fixtures.value(t, "supply", where: ["occupation": .string(o), "scenario": .string(s)])!
        }
        var add70 = 0.0, add100 = 0.0
        for row in try Fixtures.rows("nou_position_floor_supply") where row["occupation"] != "Sum" {
            let o = row["occupation"]!
            let a70 = supply(o, "floor70") - supply(o, "mid"), a100 = supply(o, "floor100") - supply(o, "mid")
            add70 += a70; add100 += a100
            let p70 = Double(row["added_fte_min_70pct"]!)!, p100 = Double(row["added_fte_min_100pct"]!)!
            #expect(abs(a70 - p70) <= (p70 < 100 ? 5 : 50), "\(o) floor 70 %: \(a70) vs \(p70)")
            #expect(abs(a100 - p100) <= 50, "\(o) floor 100 %: \(a100) vs \(p100)")
        }
        // The rows of table 9.1 sum to 2 710 and 43 200 against the printed 2 700 and 43 300.
        #expect(abs(add70 - 2_700) <= 50)
        #expect(abs(add100 - 43_300) <= 150)
    }
}
