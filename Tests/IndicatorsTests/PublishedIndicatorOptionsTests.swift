import Foundation
import Query
import Tables
import Testing
@testable import Indicators

/// The reports' own definitions as indicator options, each against the figure it publishes, on the bundled
/// datasets (issue 17): the evaluation's 30-hour full time, sick leave by certification, the NOU's 55+ shares
/// and position sizes by service, turnover's two KS scopes, the full-time potential's scope, and FTE per 1 000
/// inhabitants by pre-2020 county and size group.
@Suite("indicators: published figures behind the options")
struct PublishedIndicatorOptionsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets")

    /// A shipped dataset, read as the shell reads it.
    static func shipped(_ name: String) throws -> Table {
        try CSVReader.read(path: folder.appendingPathComponent(name + ".csv").path).table
    }

    func run(_ text: String, extra: [String: Table] = [:]) throws -> Table {
        var data = TestDatasets()
        for (k, v) in extra { data.tables[k] = v }
        return try IndicatorCommand.run(try CommandArguments.parse(text), catalog: IndicatorCatalog(), dataset: { name in
            if let t = data.tables[name] { return t }
            return try Self.shipped(name)
        })
    }

    /// Rounds to `decimals` places as a report prints.
    func printed(_ x: Double, _ decimals: Int) -> Double {
        let f = pow(10, Double(decimals))
        return (x * f).rounded() / f
    }

    func row(_ t: Table, _ column: String, _ value: String) -> Int? { texts(t, column).firstIndex(of: value) }

    // MARK: full time = 30 hours a week or more (the evaluation)

    @Test("fulltime_share definition=hours30 gives the evaluation's 36.3 % (2015) and 41.6 % (2019)")
    func evaluationFullTime() throws {
        let t = try run("indicator fulltime_share on eval_fulltime_30h definition=hours30")
        #expect(numbers(t, "year") == [2015, 2019])
        #expect(numbers(t, "fulltime_share").map { printed($0 * 100, 1) } == [36.3, 41.6])
        #expect(texts(t, "definition") == ["hours30", "hours30"])
        // The employed are table 7.1's.
        let employed = try Self.shipped("eval_employed_fte")
        let byYear = Dictionary(uniqueKeysWithValues: zip(numbers(employed, "year"), numbers(employed, "employed")))
        let data = try Self.shipped("eval_fulltime_30h")
        for (y, e) in zip(numbers(data, "year"), numbers(data, "employed")) { #expect(byYear[y] == e, "\(y)") }
        // The default definition needs other columns, and says so.
        #expect(throws: (any Error).self) { _ = try run("indicator fulltime_share on eval_fulltime_30h") }
    }

    @Test("person-level: ≥ 30 hours counts positions the 100 % rule does not")
    func hoursOnPersonLevelData() throws {
        // Hours at 37.5 a week: 37.5, 30, 18.75, 37.5, 28.125, 15, 22.5, 7.5, 37.5, 33.75 → 5 of 10 at ≥ 30 h.
        let hours = numbers(tenRegister, "position_pct").map { $0 * 0.375 }
        var ten = tenRegister
        ten.setColumn("hours_per_week", Column(doubles: hours))
        let h30 = try run("indicator fulltime_share on ten30 definition=hours30", extra: ["ten30": ten])
        #expect(numbers(h30, "fulltime_share") == [0.5])
        let p100 = try run("indicator fulltime_share on ten30", extra: ["ten30": ten])
        #expect(numbers(p100, "fulltime_share") == [0.3])
        #expect(p100.column(named: "definition") == nil)
    }

    // MARK: sick leave by certification (NOU 2023:4 figure 9.11)

    struct Quarter { var year, quarter, doctor, own, total: Double }
    /// The figure's labels as printed (year, quarter, legemeldt, egenmeldt, total above the bar).
    static let figure911: [Quarter] = [
        [2019, 1, 7.9, 1.5, 9.5], [2019, 2, 7.1, 1.0, 8.2], [2019, 3, 6.0, 0.9, 6.9], [2019, 4, 7.7, 1.3, 9.0],
        [2020, 1, 8.8, 1.8, 10.6], [2020, 2, 7.4, 1.0, 8.4], [2020, 3, 6.4, 1.1, 7.5], [2020, 4, 8.1, 1.4, 9.6],
        [2021, 1, 8.4, 1.6, 10.0], [2021, 2, 7.9, 1.2, 9.1], [2021, 3, 6.7, 1.2, 7.9], [2021, 4, 8.7, 1.9, 10.6],
    ].map { Quarter(year: $0[0], quarter: $0[1], doctor: $0[2], own: $0[3], total: $0[4]) }

    @Test("sick_leave_rate certified=doctor|self|all gives figure 9.11 quarter by quarter")
    func sickLeaveByCertification() throws {
        let series: [(String, KeyPath<Quarter, Double>)] = [("doctor", \.doctor), ("self", \.own), ("all", \.total)]
        for (cert, pick) in series {
            let t = try run("indicator sick_leave_rate on nou_sick_leave_by_certification by year, quarter certified=\(cert)")
            #expect(t.rowCount == 12)
            #expect(numbers(t, "sick_leave_rate").map { printed($0, 1) } == Self.figure911.map { $0[keyPath: pick] }, "\(cert)")
            #expect(numbers(t, "year") == Self.figure911.map(\.year))
            #expect(texts(t, "certified").allSatisfy { $0 == cert })
        }
    }

    @Test("the figure disagrees with itself within rounding: doctor + self = total in 9 of 12 quarters, 0.1 off in 3")
    func figure911AddsUpWithinRounding() throws {
        let t = try Self.shipped("nou_sick_leave_by_certification")
        let d = numbers(t, "doctor_certified_pct"), s = numbers(t, "self_certified_pct"), all = numbers(t, "sick_leave_pct")
        let off = (0..<t.rowCount).map { abs(printed(d[$0] + s[$0], 1) - all[$0]) }
        #expect(off.filter { $0 < 0.001 }.count == 9)
        #expect(off.allSatisfy { $0 <= 0.1 + 1e-9 })
        let catalog = try String(contentsOf: Self.folder.appendingPathComponent("catalog.csv"), encoding: .utf8)
        #expect(catalog.contains("doctor + self = the printed total in 9 of 12 quarters"))
    }

    @Test("published rates are never pooled: a group of several quarters is refused, naming the columns to group by")
    func ratesAreNotPooled() throws {
        do {
            _ = try run("indicator sick_leave_rate on nou_sick_leave_by_certification certified=doctor")
            Issue.record("pooled four quarters")
        } catch let e as any DiagnosticError {
            #expect(e.message.contains("cannot be pooled"))
            #expect(e.message.contains("4 rows fall in one group (year 2019)"))
            #expect(e.hint?.contains("by year, quarter") == true)
        }
    }

    @Test("person-level: doctor- and self-certified days over contracted days")
    func sickLeaveSplitOnPersonLevelData() throws {
        // Row 1: 10 days = 8 doctor + 2 self; row 3: 23 = 20 + 3; row 4: 46 = 46 + 0; row 6: 9.2 = 5 + 4.2; row 9: 23 = 21 + 2.
        var ten = tenRegister
        ten.setColumn("doctor_certified_days", Column(doubles: [8, 0, 20, 46, 0, 5, 0, 0, 21, 0]))
        ten.setColumn("self_certified_days", Column(doubles: [2, 0, 3, 0, 0, 4.2, 0, 0, 2, 0]))
        let contracted = 1644.5
        let doctor = try run("indicator sick_leave_rate on t certified=doctor", extra: ["t": ten])
        #expect(close(numbers(doctor, "sick_leave_rate")[0], 100 / contracted * 100))
        let own = try run("indicator sick_leave_rate on t certified=self", extra: ["t": ten])
        #expect(close(numbers(own, "sick_leave_rate")[0], 11.2 / contracted * 100))
        let all = try run("indicator sick_leave_rate on t", extra: ["t": ten])
        #expect(close(numbers(all, "sick_leave_rate")[0], numbers(doctor, "sick_leave_rate")[0] + numbers(own, "sick_leave_rate")[0]))
    }

    // MARK: 55+ and position sizes (NOU 2023:4 §4.7, §9.2.2)

    @Test("age_55plus_share: 24.5 % of the four groups, helsefagarbeidere 33.4 % (2021)")
    func age55Plus() throws {
        let t = try run("indicator age_55plus_share on nou_age_55plus_2021 by group")
        let v = numbers(t, "age_55plus_share")
        let four = "Sykepleiere, helsefagarbeidere, vernepleiere og personell uten helse- eller sosialfaglig utdanning"
        #expect(printed(v[try #require(row(t, "group", four))] * 100, 1) == 24.5)
        #expect(printed(v[try #require(row(t, "group", "Helsefagarbeidere"))] * 100, 1) == 33.4)
        #expect(t.schema.fields[t.index(of: "age_55plus_share")!].unit == "share")
        // The shares have no counts behind them: pooling the groups is refused, and the hint names the key.
        #expect {
            _ = try run("indicator age_55plus_share on nou_age_55plus_2021")
        } throws: { e in
            (e as? any DiagnosticError)?.hint == "group by the columns that tell the rows apart: by group"
        }
    }

    @Test("avg_position_size on user-facing positions: institutions 57.5 %, home services 57.1 %; medians 60.8 / 60.0")
    func positionSizeByService() throws {
        let mean = try run("indicator avg_position_size on nou_position_size_by_service_2021 by service")
        let m = numbers(mean, "avg_position_size").map { printed($0 * 100, 1) }
        #expect(m[try #require(row(mean, "service", "Institusjoner"))] == 57.5)
        #expect(m[try #require(row(mean, "service", "Hjemmetjenesten"))] == 57.1)
        let median = try run("indicator avg_position_size on nou_position_size_by_service_2021 by service stat=median")
        let md = numbers(median, "avg_position_size").map { printed($0 * 100, 1) }
        #expect(md[try #require(row(median, "service", "Institusjoner"))] == 60.8)
        #expect(md[try #require(row(median, "service", "Hjemmetjenesten"))] == 60.0)
        #expect(texts(median, "stat") == ["median", "median"])
    }

    @Test("stat=median on person-level data: the median agreed position")
    func medianPositionOnPersonLevelData() throws {
        // 20 40 50 60 75 | 80 90 100 100 100 → (75 + 80) / 2.
        #expect(numbers(try run("indicator avg_position_size on ten stat=median"), "avg_position_size") == [0.775])
        #expect(close(numbers(try run("indicator avg_position_size on ten"), "avg_position_size")[0], 7.15 / 10))
        // Aggregated tables have no median.
        #expect(throws: (any Error).self) { _ = try run("indicator avg_position_size on omsorg_fte_employed_2021 stat=median") }
    }

    // MARK: turnover's scopes

    @Test("turnover's scopes are named after what they measure; ks and helsedir still work, with a note")
    func turnoverScopes() throws {
        let sector = try run("indicator turnover on ten scope=left_sector")
        #expect(close(numbers(sector, "turnover")[0], 0.3))
        #expect(texts(sector, "scope") == ["left_sector: left the municipal sector (KS)"])
        #expect(texts(try run("indicator turnover on ten"), "scope") == texts(sector, "scope"))
        let total = try run("indicator turnover on ten scope=total")
        #expect(close(numbers(total, "turnover")[0], 0.5))
        #expect(texts(total, "scope")[0].hasPrefix("total: left the municipal sector, changed municipality or sub-service"))
        let old = try run("indicator turnover on ten scope=helsedir")
        #expect(numbers(old, "turnover") == numbers(total, "turnover"))
        #expect(texts(old, "scope")[0].contains("scope=helsedir is the old name of scope=total"))
        let ks = try run("indicator turnover on ten scope=ks")
        #expect(numbers(ks, "turnover") == numbers(sector, "turnover"))
        #expect(texts(ks, "scope")[0].contains("scope=ks is the old name of scope=left_sector"))
        // Completion offers the new names only; the headline no longer says «the same employer».
        #expect(IndicatorCommand.argumentValues["scope"]! == ["left_sector", "total"])
        let help = try IndicatorCatalog().help(name: "turnover")
        #expect(!help.contains("same employer"))
        #expect(help.contains("scope=left_sector") && help.contains("scope=total"))
    }

    // MARK: fulltime_potential's scope

    /// The plan: «om lag 55 000 flere årsverk. Av disse utgjør sykepleiere om lag 4 000 årsverk,
    /// helsefagarbeidere om lag 14 000 årsverk og pleieassistenter uten … om lag 30 000 årsverk».
    @Test("fulltime_potential on aggregates says it is employed − FTE, a lower bound of the plan's person-level count")
    func fulltimePotentialScope() throws {
        let t = try run("indicator fulltime_potential on omsorg_fte_employed_2021 by education_group")
        #expect(texts(t, "scope").allSatisfy { $0 == "aggregate: employed − FTE, a lower bound" })
        #expect(try IndicatorCatalog().help(name: "fulltime_potential").contains("lower bound of the person-level count"))
        let v = numbers(t, "fulltime_potential"), g = texts(t, "education_group")
        func value(_ name: String) -> Double { v[g.firstIndex(of: name)!] }
        let plan: [(String?, Double, Double)] = [   // group (nil = all), engine, the plan's «om lag»
            (nil, 54_105, 55_000), ("Sykepleier", 3_787, 4_000), ("Helsefagarbeidere", 13_156, 14_000),
            ("Pleieassistent uten helse- og sosialfaglig utdanning", 28_881, 30_000),
        ]
        var agreeing = 0
        for (group, engine, printedValue) in plan {
            let got = group.map(value) ?? v.reduce(0, +)
            #expect(got == engine)
            // The plan counts persons (positions over 100 % do not offset the rest), so it can only be larger;
            // rounded to the thousand, only the nurses' figure agrees.
            #expect(printedValue + 500 > got, "\(group ?? "all")")
            if printed(got / 1000, 0) * 1000 == printedValue { agreeing += 1 }
        }
        #expect(agreeing == 1)
    }

    @Test("person-level count ≥ employed − FTE, equal without positions over 100 %")
    func personLevelPotentialIsAtLeastTheAggregate() throws {
        let person = try run("indicator fulltime_potential on ten")
        #expect(texts(person, "scope") == ["person-level: Σ max(0, target − position)"])
        #expect(close(numbers(person, "fulltime_potential")[0], 10 - 7.15))
        // Two positions over full time (120 % and 150 %): the person-level count stays, the aggregate drops by 0.7.
        var over = tenRegister
        over.setColumn("position_pct", Column(doubles: [100, 80, 50, 120, 75, 40, 60, 20, 150, 90]))
        over.setColumn("fte", Column(doubles: [1, 0.8, 0.5, 1.2, 0.75, 0.4, 0.6, 0.2, 1.5, 0.9]))
        let p = numbers(try run("indicator fulltime_potential on over", extra: ["over": over]), "fulltime_potential")[0]
        let aggregate = Table(names: ["employed", "fte"], rows: [[.int(10), .double(7.85)]])
        let a = numbers(try run("indicator fulltime_potential on agg", extra: ["agg": aggregate]), "fulltime_potential")[0]
        #expect(close(p, 2.85) && close(a, 2.15) && p >= a)
    }

    // MARK: FTE per 1 000 inhabitants, tables 7.16 and 7.17

    @Test("fte_per_1000 by pre-2020 county reproduces table 7.17, all 18 counties × 5 years, to its printed decimal")
    func table717() throws {
        let t = try run("indicator fte_per_1000 on eval_fte_by_county population=eval_population_by_county by county")
        #expect(t.rowCount == 90)
        let published = try Self.shipped("eval_fte_per_1000_by_county")
        var expected: [String: Double] = [:]
        for r in 0..<published.rowCount {
            expected["\(texts(published, "county")[r]) \(Int(numbers(published, "year")[r]))"] = numbers(published, "fte_per_1000")[r]
        }
        let c = texts(t, "county"), y = numbers(t, "year"), v = numbers(t, "fte_per_1000")
        for r in 0..<t.rowCount {
            #expect(printed(v[r], 1) == expected["\(c[r]) \(Int(y[r]))"], "\(c[r]) \(Int(y[r]))")
        }
        // Derived, within the interval the printed ratio allows.
        let pop = try Self.shipped("eval_population_by_county")
        let p = numbers(pop, "inhabitants"), lo = numbers(pop, "inhabitants_low"), hi = numbers(pop, "inhabitants_high")
        #expect((0..<pop.rowCount).allSatisfy { lo[$0] <= p[$0] && p[$0] <= hi[$0] })
        let catalog = try String(contentsOf: Self.folder.appendingPathComponent("catalog.csv"), encoding: .utf8)
        #expect(catalog.contains("eval_population_by_county") && catalog.contains("DERIVED, not published"))
    }

    @Test("fte_per_1000 by size group reproduces table 7.16's 2019 column; 2015–2018 cannot be derived")
    func table716() throws {
        let t = try run("indicator fte_per_1000 on eval_fte_by_size_service_2019 population=eval_population_by_size_2019 by municipality_size")
        let published = try Self.shipped("eval_fte_per_1000_by_size")
        let g = texts(t, "municipality_size"), v = numbers(t, "fte_per_1000")
        #expect(g.count == 5)
        for (i, group) in g.enumerated() {
            let r = (0..<published.rowCount).first {
                texts(published, "municipality_size")[$0] == group && numbers(published, "year")[$0] == 2019
            }!
            #expect(printed(v[i], 1) == numbers(published, "fte_per_1000")[r], "\(group)")
        }
        // The national ratio from the groups: 158 840 FTE over the derived inhabitants gives table 7.16's Total, 29.9.
        let all = try run("indicator fte_per_1000 on eval_fte_by_size_service_2019 population=eval_population_by_size_2019")
        #expect(printed(numbers(all, "fte_per_1000")[0], 1) == 29.9)
        #expect(numbers(try Self.shipped("eval_population_by_size_2019"), "year").allSatisfy { $0 == 2019 })
    }
}
