import Foundation
import Testing
import Tables
import Query
@testable import Projection

/// `project supply|demand|gap|paths …`, `explain` and `vary`.
@Suite("project command")
struct ProjectionCommandTests {
    @Test func gapTableShape() throws {
        let t = try Fixtures.project("project gap")
        #expect(t.columnNames == ["year", "scenario", "occupation", "supply", "demand", "gap", "note"])
        #expect(t.rowCount == 14 * 22)   // mid, 2019–2040
        #expect(t.schema.fields[3...5].allSatisfy { $0.unit == "FTE" && $0.type == .double })
        #expect(t.schema.fields[0].type == .int)
        // gap = supply × E[2019] / S[2019] − demand (supply re-based to observed base-year employment); the note
        // says so on exactly the rows where that differs from supply − demand by 50 FTE or more
        let engine = ProjectionEngine(inputs: Fixtures.bundled)
        for i in 0..<t.rowCount {
            let g = Fixtures.bundled.occupations.firstIndex(of: t[i, 2].description)!
            let supply = t[i, 3].asDouble!, demand = t[i, 4].asDouble!, gap = t[i, 5].asDouble!
            #expect(abs(gap - (supply * engine.rebasing[g] - demand)) < 1e-6)
            let note = t[i, 6].description
            #expect((abs(gap - (supply - demand)) >= 50) == !note.isEmpty, "\(t[i, 2]) \(t[i, 0]): `\(note)`")
            if !note.isEmpty { #expect(note.contains("re-based to the 2019 employment") && note.contains("table 2.1")) }
        }
        // hand check for leger: 2019 employment = demand 2019 − shortage 600; factor = that / supply 2019
        let lege = Fixtures.bundled.occupations.firstIndex(of: "Lege")!
        let d19 = Fixtures.value(t, "demand", where: ["occupation": .string("Lege"), "year": .int(2019)])!
        let s19 = Fixtures.value(t, "supply", where: ["occupation": .string("Lege"), "year": .int(2019)])!
        #expect(abs(engine.rebasing[lege] - (d19 - 600) / s19) < 1e-9)
        #expect(abs(Fixtures.bundled.baseEmployment[lege] - (d19 - 600)) < 1e-6)
    }

    @Test func filtersYearsAndScenarios() throws {
        let t = try Fixtures.project("project gap scenario=all from=2030 to=2035 occupation=Sykepleiere/lege")
        #expect(t.rowCount == 3 * 2 * 6)
        #expect(Set((0..<t.rowCount).map { t[$0, 2] }) == [.string("Sykepleier"), .string("Lege")])
        #expect(Set((0..<t.rowCount).map { t[$0, 1] }) == [.string("low"), .string("mid"), .string("high")])
        let s = try Fixtures.project("project supply occupation=\"Helsesekretær og tannhelsesekretær\" to=2060")
        #expect(s.columnNames == ["year", "scenario", "occupation", "supply"])
        #expect(s.rowCount == 42)
        let d = try Fixtures.project("project demand by=service service=Somatiske/Allmennlegetjenesten")
        #expect(d.columnNames == ["year", "scenario", "service", "demand"])
        #expect(d.rowCount == 2 * 22)
    }

    /// paths: supply once (no supply variant) and the three demand paths, for figures 2.7–2.9.
    @Test func paths() throws {
        let t = try Fixtures.project("project paths occupation=Sykepleier")
        #expect(t.columnNames == ["year", "occupation", "series", "fte"])
        #expect(Set((0..<t.rowCount).map { t[$0, 2].description }) == ["supply", "demand low", "demand mid", "demand high"])
        #expect(t.rowCount == 4 * 22)
        let gap = try Fixtures.project("project gap occupation=Sykepleier scenario=high to=2040 from=2040")
        let demandHigh = Fixtures.value(t, "fte", where: ["series": .string("demand high"), "year": .int(2040)])!
        #expect(abs(demandHigh - gap[0, 4].asDouble!) < 1e-9)
    }

    /// explain: the components add up to the change from observed 2019 FTE to the horizon, and show why mid and
    /// high differ (health improvement) and why low and mid differ (standard, family care).
    @Test func explainAddsUp() throws {
        let e = try Fixtures.project("project demand by=service explain scenario=all to=2040")
        #expect(e.columnNames == ["year", "scenario", "service", "component", "fte"])
        let d = try Fixtures.project("project demand by=service scenario=all to=2040")
        for scenario in ["low", "mid", "high"] {
            for service in Fixtures.bundled.services {
                var sum = 0.0
                for i in 0..<e.rowCount where e[i, 1] == .string(scenario) && e[i, 2] == .string(service) { sum += e[i, 4].asDouble! }
                let base = Fixtures.value(d, "demand", where: ["scenario": .string(scenario), "service": .string(service), "year": .int(2019)])!
                let end = Fixtures.value(d, "demand", where: ["scenario": .string(scenario), "service": .string(service), "year": .int(2040)])!
                #expect(abs(sum - (end - base)) < 1e-6, "\(scenario) \(service)")
            }
        }
        func part(_ s: String, _ k: String, _ c: String) -> Double {
            Fixtures.value(e, "fte", where: ["scenario": .string(s), "service": .string(k), "component": .string(c)])!
        }
        let care = "Kommunal helse og omsorg"
        #expect(part("high", care, "health improvement") == 0)
        #expect(part("mid", care, "health improvement") < -10_000)
        #expect(part("low", care, "family care") == 0 && part("mid", care, "family care") > 20_000)
        #expect(abs(part("low", care, "standard") + part("low", care, "productivity")) < 1e-6)
        // per occupation: the components add up to demand 2040 minus observed 2019 FTE (demand without shortage)
        let o = try Fixtures.project("project gap explain occupation=Sykepleier")
        #expect(o.columnNames == ["year", "scenario", "occupation", "component", "fte", "note"])
        let total = (0..<o.rowCount).reduce(0.0) { $0 + o[$1, 4].asDouble! }
        let g = try Fixtures.project("project demand occupation=Sykepleier")
        let d2040 = Fixtures.value(g, "demand", where: ["year": .int(2040)])!
        let d2019 = Fixtures.value(g, "demand", where: ["year": .int(2019)])!
        #expect(abs(total - (d2040 - (d2019 - 5_500))) < 1e-6)
        #expect(Fixtures.value(o, "fte", where: ["component": .string("base shortage")]) == 5_500)
    }

    /// explain splits sequentially, demography first: scenarios on one population share the demography part
    /// (76 261 / 80 534 / 86 532 under the old log-share split), low and mid also the health part; per occupation
    /// the note says which published table the demand and the gap follow.
    @Test func explainDemographyShared() throws {
        let e = try Fixtures.project("project demand by=service explain scenario=all to=2040")
        func part(_ s: String, _ k: String, _ c: String) -> Double {
            Fixtures.value(e, "fte", where: ["scenario": .string(s), "service": .string(k), "component": .string(c)])!
        }
        for service in Fixtures.bundled.services {
            let low = part("low", service, "demography")
            #expect(low == part("mid", service, "demography") && low == part("high", service, "demography"), "\(service)")
            #expect(part("low", service, "health improvement") == part("mid", service, "health improvement"))
            // by hand: base × (D − 1), D the demography index with constant user rates
            let k = Fixtures.bundled.services.firstIndex(of: service)!
            let d = Fixtures.bundled.demographyConstant[k * Fixtures.bundled.yearCount + 21]
            #expect(abs(low - Fixtures.bundled.serviceBaseFTE[k] * (d - 1)) < 1e-6)
        }
        let o = try Fixtures.project("project demand explain scenario=all to=2040 occupation=Lege/Sykepleier")
        let total = (0..<o.rowCount).filter { o[$0, 3] == .string("demography") && o[$0, 2] == .string("Lege") }
            .map { o[$0, 4].asDouble! }
        #expect(total.count == 3 && Set(total).count == 1)
        let notes = Set((0..<o.rowCount).filter { o[$0, 2] == .string("Lege") }.map { o[$0, 5].description })
        #expect(notes.count == 1 && notes.first!.hasPrefix("demand as table 2.5; the gap as table 2.1"))
    }

    /// vary: one block per value with a `value` column; standard = 0.5 % reproduces mid with low's standard.
    @Test func vary() throws {
        let t = try Fixtures.project("project gap scenario=mid from=2040 vary standard=0..1.5% step=0.25%")
        #expect(t.columnNames == ["value", "year", "scenario", "occupation", "supply", "demand", "gap", "note"])
        #expect(t.rowCount == 7 * 14)
        #expect(t.schema.fields[0].unit == "share")
        let values = Set((0..<t.rowCount).map { t[$0, 0].asDouble! })
        #expect(values.count == 7 && values.contains(0.015))
        var registry = ScenarioRegistry()
        try registry.define(Fixtures.args("scenario s05 from mid standard=0.5%"))
        let ref = try Fixtures.project("project gap scenario=s05 from=2040", scenarios: registry)
        let fromVary = Fixtures.value(t, "demand", where: ["value": .double(0.005), "occupation": .string("Lege")])!
        let direct = Fixtures.value(ref, "demand", where: ["occupation": .string("Lege")])!
        #expect(abs(fromVary - direct) < 1e-6)
        // demand rises with the standard
        let lo = Fixtures.value(t, "demand", where: ["value": .double(0), "occupation": .string("Lege")])!
        let hi = Fixtures.value(t, "demand", where: ["value": .double(0.015), "occupation": .string("Lege")])!
        #expect(hi > lo)
        // a supply parameter: each value gets its own cohort run
        let p = try Fixtures.project("project supply occupation=Lege from=2040 vary position=0..10% step=5%")
        let s0 = Fixtures.value(p, "supply", where: ["value": .double(0)])!
        let s5 = Fixtures.value(p, "supply", where: ["value": .double(0.05)])!
        let s10 = Fixtures.value(p, "supply", where: ["value": .double(0.1)])!
        #expect(abs(s5 / s0 - 1.05) < 1e-12 && abs(s10 / s0 - 1.1) < 1e-12)
    }

    /// solve: the parameter value that closes one occupation's gap in the horizon year. Supply is linear in extra
    /// study places, so the answer can be checked by hand from two direct projections: −gap(0) / (gap(1) − gap(0)).
    @Test func solveClosesTheGap() throws {
        let t = try Fixtures.project("project gap scenario=mid/high occupation=Sykepleier to=2040 solve study_places")
        #expect(t.columnNames == ["scenario", "occupation", "year", "parameter", "value", "supply", "demand", "gap"])
        #expect(t.rowCount == 2)
        var r = ScenarioRegistry()
        try r.define(Fixtures.args("scenario one from mid study_places=Sykepleier:+1@2023"))
        let g = try Fixtures.project("project gap scenario=mid/one occupation=Sykepleier from=2040", scenarios: r)
        let g0 = Fixtures.value(g, "gap", where: ["scenario": .string("mid")])!
        let g1 = Fixtures.value(g, "gap", where: ["scenario": .string("one")])!
        let byHand = -g0 / (g1 - g0)
        let solved = Fixtures.value(t, "value", where: ["scenario": .string("mid")])!
        #expect(abs(solved - byHand) < 1e-6 * byHand, "\(solved) vs \(byHand)")
        for i in 0..<t.rowCount { #expect(abs(t[i, 7].asDouble!) < 1e-3) }
        #expect(Fixtures.value(t, "value", where: ["scenario": .string("high")])! > solved)
        // a ramp defined in the scenario is scaled, not replaced
        try r.define(Fixtures.args("scenario ramp from mid study_places=Sykepleier:+1@2023..2037"))
        let ramp = try Fixtures.project("project gap scenario=ramp occupation=Sykepleier solve study_places", scenarios: r)
        #expect(ramp[0, 4].asDouble! < solved && ramp[0, 4].asDouble! > 222)
        // a share: the demand side (standard growth) closes a shortage by going down
        let std = try Fixtures.project("project gap occupation=Lege solve standard")
        #expect(std[0, 4].asDouble! < 0.01 && abs(std[0, 7].asDouble!) < 1e-3)
    }

    @Test(arguments: [
        ("project supply occupation=Lege solve entries", "solve closes a gap", "solve"),
        ("project gap solve entries", "solve closes the gap of one occupation", "entries"),
        ("project gap occupation=Lege solve health", "cannot solve for `health`", "health"),
        ("project gap occupation=Lege solve", "solve needs a parameter", "solve"),
        ("project gap occupation=Sykepleier solve participation",
         "no value of participation within ±100 % closes the gap of Sykepleier in 2040 (scenario mid: -29 829 FTE)", "participation"),
    ])
    func solveErrors(_ text: String, _ message: String, _ word: String) throws {
        do {
            _ = try Fixtures.project(text)
            Issue.record("no error for \(text)")
        } catch let e as Diagnostic {
            #expect(e.message == message)
            let span = try #require(e.span)
            #expect(String(Array(text)[span.start..<span.end]) == word)
        }
    }

    /// Supply variants move supply as specified and only from their year.
    @Test func supplyVariants() throws {
        var r = ScenarioRegistry()
        try r.define(Fixtures.args("scenario more from mid entries=+10%@2025"))
        try r.define(Fixtures.args("scenario pos from mid position=+5%"))
        try r.define(Fixtures.args("scenario places from mid study_places=+222@2023..2037"))
        try r.define(Fixtures.args("scenario part from mid participation=+2%"))
        let t = try Fixtures.project("project supply scenario=all occupation=Sykepleier", scenarios: r)
        func s(_ name: String, _ year: Int) -> Double {
            Fixtures.value(t, "supply", where: ["scenario": .string(name), "year": .int(Int64(year))])!
        }
        #expect(s("more", 2024) == s("mid", 2024) && s("more", 2025) > s("mid", 2025))
        for y in [2019, 2030, 2040] {
            #expect(abs(s("pos", y) / s("mid", y) - 1.05) < 1e-12)
            #expect(abs(s("part", y) / s("mid", y) - 1.02) < 1e-12)   // no participation reaches 1 here
        }
        // 222 more places a year from 2023; 75 % complete and enter three years later
        #expect(s("places", 2025) == s("mid", 2025) && s("places", 2026) > s("mid", 2026))
        let extra2040 = s("places", 2040) - s("mid", 2040)
        // at most 222 · 0.75 · (1 + 2 + … + 15) = 19 980 graduates by 2040, fewer FTE (p · h < 1, exits)
        #expect(extra2040 > 10_000 && extra2040 < 19_980)
        // the base-year shortage switch
        try r.define(Fixtures.args("scenario noshort from mid base_shortage=no"))
        let d = try Fixtures.project("project demand scenario=mid/noshort occupation=Sykepleier from=2040", scenarios: r)
        #expect(abs(d[0, 3].asDouble! - d[1, 3].asDouble! - 5_500) < 1e-6)
    }

    @Test(arguments: [
        ("project gapp", "unknown projection `gapp`", "gapp"),
        ("project gap scenario=mdi", "unknown scenario `mdi`", "mdi"),
        ("project gap to=2070", "to=2070 is outside the projection's years 2019–2060", "2070"),
        ("project gap from=2040 to=2030", "from=2040 is after to=2030", "2040"),
        ("project gap occupation=Snekker", "unknown occupation `Snekker`", "Snekker"),
        ("project gap by=service", "only demand is projected by service; supply is by occupation", "project"),
        ("project gap scenarios=mid", "unknown argument `scenarios` for project", "scenarios=mid"),
        ("project gap vary standard=0..1.5%", "vary needs step=", "standard=0..1.5%"),
        ("project gap vary standard=0..1.5 step=0.25%", "write the range of standard in percent", "0..1.5"),
        ("project gap vary health=0..1 step=1", "cannot vary `health`", "health=0..1"),
        ("project gap explian", "unexpected word `explian`", "explian"),
        ("project supply explain", "explain splits the growth of demand", "explain"),
    ])
    func errors(_ text: String, _ message: String, _ word: String) throws {
        do {
            _ = try Fixtures.project(text)
            Issue.record("no error for \(text)")
        } catch let e as Diagnostic {
            #expect(e.message == message)
            let span = try #require(e.span)
            #expect(String(Array(text)[span.start..<span.end]) == word)
        }
    }
}

/// `project recruitment`: the national recruitment need from the supply model's own flows.
@Suite struct NationalRecruitmentTests {
    @Test func needIsDemandGrowthPlusExitsAndTheFlowsAddUpToTheStock() throws {
        let inputs = Fixtures.bundled
        let t = try ProjectionCommand.run(try CommandArguments.parse("project recruitment scenario=mid to=2030"),
                                          inputs: inputs, scenarios: ScenarioRegistry())
        #expect(t.columnNames == ["year", "scenario", "occupation", "demand_growth", "exits", "exits_fte", "need",
                                  "entries", "entries_fte", "shortfall"])
        #expect(t.rowCount == inputs.occupations.count * (2030 - inputs.baseYear))
        func col(_ n: String) -> [Double] { (0..<t.rowCount).map { r in
            if case .double(let d) = t.column(named: n)![r] { return d } else { return .nan } } }
        let growth = col("demand_growth"), exitsFTE = col("exits_fte"), need = col("need")
        let entriesFTE = col("entries_fte"), shortfall = col("shortfall")
        for r in 0..<t.rowCount {
            #expect(abs(need[r] - (growth[r] + exitsFTE[r])) < 1e-6)
            #expect(abs(shortfall[r] - (need[r] - entriesFTE[r])) < 1e-6)
        }
        // The flows are the cohort model's: entries − exits is the change of the stock, year by year.
        let engine = ProjectionEngine(inputs: inputs)
        let flows = try engine.supplyModel.run(.mid, years: 2030 - inputs.baseYear + 1)
        let g = inputs.occupations.firstIndex(of: "Sykepleier")!
        let years = flows.years
        for y in 1..<years {
            let i = g * years + y
            #expect(abs((flows.persons[i] - flows.persons[i - 1]) - (flows.entered[i] - flows.exited[i])) < 1e-6 * flows.persons[i])
        }
        // And the table's nurse rows carry exactly those flows.
        let exits = col("exits")
        let rows = (0..<t.rowCount).filter { t.column(named: "occupation")![$0] == .string("Sykepleier") }
        #expect(rows.count == years - 1)
        for (k, r) in rows.enumerated() { #expect(exits[r] == flows.exited[g * years + k + 1]) }
        // Demand growth is the year-on-year change of project demand.
        let demand = try ProjectionCommand.run(try CommandArguments.parse("project demand scenario=mid to=2030 occupation=Sykepleier"),
                                               inputs: inputs, scenarios: ScenarioRegistry())
        let d = (0..<demand.rowCount).map { r -> Double in if case .double(let v) = demand.column(named: "demand")![r] { return v } else { return .nan } }
        for (k, r) in rows.enumerated() { #expect(abs(growth[r] - (d[k + 1] - d[k])) < 1e-6) }
    }
}
