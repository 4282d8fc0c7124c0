import Query
import Testing
import Tables
@testable import Indicators

@Suite struct PublishedFactsTests {
    @Test func avgPositionSizeOfHelsefagarbeidereIs0792() throws {
        let t = try indicator("indicator avg_position_size on omsorg_fte_employed_2021 by education_group")
        let groups = texts(t, "education_group"), values = numbers(t, "avg_position_size")
        let hfa = values[groups.firstIndex(of: "Helsefagarbeidere")!]
        #expect(close(hfa, 50_095.0 / 63_251.0))
        #expect((hfa * 1000).rounded() / 1000 == 0.792)
        #expect(t.schema.fields[t.index(of: "avg_position_size")!].unit == "share")
    }

    @Test func fulltimePotentialIs54105InAllAnd3787ForNurses() throws {
        let all = try indicator("indicator fulltime_potential on omsorg_fte_employed_2021")
        #expect(all.rowCount == 1)
        #expect(numbers(all, "fulltime_potential") == [54_105])
        #expect(all.schema.fields[all.index(of: "fulltime_potential")!].unit == "FTE")
        let by = try indicator("indicator fulltime_potential on omsorg_fte_employed_2021 by education_group")
        let groups = texts(by, "education_group"), values = numbers(by, "fulltime_potential")
        #expect(values[groups.firstIndex(of: "Sykepleier")!] == 3_787)
        // "helsefagarbeidere om lag 14 000 årsverk og pleieassistenter uten … om lag 30 000 årsverk"
        #expect(values[groups.firstIndex(of: "Helsefagarbeidere")!] == 13_156)
        #expect(values[groups.firstIndex(of: "Pleieassistent uten helse- og sosialfaglig utdanning")!] == 28_881)
        #expect(values.reduce(0, +) == 54_105)
    }

    @Test func unskilledShareOfUserFacingFTEMatchesHelsedirektoratetsLevel() throws {
        // 34 025 / (148 820 − 4 889) = 23.6 % (Helsedirektoratet: 23.7 % in 2020).
        let t = try indicator("indicator unskilled_share on omsorg_fte_employed_2021")
        #expect(close(numbers(t, "unskilled_share")[0], 34_025.0 / (148_820.0 - 4_889.0)))
        let e = try indicator("indicator unskilled_share on omsorg_fte_employed_2021 basis=employed")
        #expect(close(numbers(e, "unskilled_share")[0], 62_906.0 / (202_925.0 - 6_343.0)))
    }

    @Test func targetNeedsPersonLevelData() {
        #expect {
            _ = try indicator("indicator fulltime_potential on omsorg_fte_employed_2021 target=90%")
        } throws: { e in
            (e as? any DiagnosticError)?.message.contains("position_pct") == true
        }
    }
}

@Suite struct TenRowRegisterTests {
    @Test func avgPositionSize() throws {
        #expect(close(numbers(try indicator("indicator avg_position_size on ten"), "avg_position_size")[0], 0.715))
    }

    @Test func fulltimeAndParttimeShare() throws {
        #expect(close(numbers(try indicator("indicator fulltime_share on ten"), "fulltime_share")[0], 0.3))
        #expect(close(numbers(try indicator("indicator parttime_share on ten"), "parttime_share")[0], 0.7))
        let by = try indicator("indicator fulltime_share on ten by occupation")
        let occ = texts(by, "occupation"), v = numbers(by, "fulltime_share")
        #expect(close(v[occ.firstIndex(of: "Sykepleier")!], 1.0 / 3))
        #expect(close(v[occ.firstIndex(of: "Helsefagarbeidere")!], 0.25))
        #expect(close(v[occ.firstIndex(of: "Service og administrativt personell")!], 0))
    }

    @Test func positionBandsGiveOneRowPerBandInOrder() throws {
        let t = try indicator("indicator position_bands on ten")
        #expect(texts(t, "position_band") == ["< 50 %", "50–74 %", "75–99 %", "≥ 100 %"])
        #expect(numbers(t, "employed") == [2, 2, 3, 3])
        #expect(zip(numbers(t, "position_bands"), [0.2, 0.2, 0.3, 0.3]).allSatisfy { close($0, $1) })
        let by = try indicator("indicator position_bands on ten by occupation")
        let nurses = (0..<by.rowCount).filter { texts(by, "occupation")[$0] == "Sykepleier" }
        #expect(nurses.map { texts(by, "position_band")[$0] } == ["50–74 %", "75–99 %", "≥ 100 %"])
        #expect(nurses.map { numbers(by, "position_bands")[$0] }.allSatisfy { close($0, 1.0 / 3) })
    }

    @Test func fulltimePotentialWithAndWithoutTarget() throws {
        #expect(close(numbers(try indicator("indicator fulltime_potential on ten"), "fulltime_potential")[0], 2.85))
        let t = try indicator("indicator fulltime_potential on ten target=90%")
        #expect(close(numbers(t, "fulltime_potential")[0], 2.15))
        #expect(numbers(t, "target") == [0.9])
        let by = try indicator("indicator fulltime_potential on ten by occupation target=90%")
        let occ = texts(by, "occupation"), v = numbers(by, "fulltime_potential")
        #expect(close(v[occ.firstIndex(of: "Helsefagarbeidere")!], 0.95))   // 15 + 50 + 30 points
        #expect(close(v[occ.firstIndex(of: "Service og administrativt personell")!], 0))
    }

    @Test func sickLeaveRate() throws {
        let t = try indicator("indicator sick_leave_rate on ten")
        #expect(close(numbers(t, "sick_leave_rate")[0], 111.2 / 1644.5 * 100))
        #expect(t.schema.fields[t.index(of: "sick_leave_rate")!].unit == "%")
    }

    @Test func turnoverInBothScopesSaysWhich() throws {
        let ks = try indicator("indicator turnover on ten")
        #expect(close(numbers(ks, "turnover")[0], 0.3))
        #expect(texts(ks, "scope")[0].hasPrefix("left_sector"))
        let broad = try indicator("indicator turnover on ten scope=total")
        #expect(close(numbers(broad, "turnover")[0], 0.5))
        #expect(texts(broad, "scope")[0].hasPrefix("total"))
    }

    @Test func unskilledAndHigherEducationShares() throws {
        #expect(close(numbers(try indicator("indicator unskilled_share on ten"), "unskilled_share")[0], 1.2 / 6.25))
        #expect(close(numbers(try indicator("indicator unskilled_share on ten basis=employed"), "unskilled_share")[0], 2.0 / 9))
        #expect(close(numbers(try indicator("indicator higher_ed_share on ten"), "higher_ed_share")[0], 3.2 / 7.15))
    }

    @Test func age55PlusShare() throws {
        #expect(close(numbers(try indicator("indicator age_55plus_share on ten"), "age_55plus_share")[0], 0.4))
    }

    @Test func ftePer1000WithPopulationTableAndAgeGroup() throws {
        let t = try indicator("indicator fte_per_1000 on ten by municipality_number population=kommuner")
        #expect(texts(t, "municipality_number").sorted() == ["0301", "4601"])
        let m = texts(t, "municipality_number"), v = numbers(t, "fte_per_1000")
        #expect(close(v[m.firstIndex(of: "0301")!], 5.05))
        #expect(close(v[m.firstIndex(of: "4601")!], 4.2))
        #expect(t.schema.fields[t.index(of: "fte_per_1000")!].unit == "per 1000")
        let total = try indicator("indicator fte_per_1000 on ten population=kommuner")
        #expect(close(numbers(total, "fte_per_1000")[0], 7.15 / 1500 * 1000))
        let old = try indicator("indicator fte_per_1000 on ten by municipality_number population=kommuner age=67+")
        let mo = texts(old, "municipality_number"), vo = numbers(old, "fte_per_1000")
        #expect(close(vo[mo.firstIndex(of: "0301")!], 25.25))
        #expect(close(vo[mo.firstIndex(of: "4601")!], 21.0))
    }

    @Test func ftePerUserWithUsersTable() throws {
        let t = try indicator("indicator fte_per_user on ten by municipality_number users=brukere")
        let m = texts(t, "municipality_number"), v = numbers(t, "fte_per_user")
        #expect(close(v[m.firstIndex(of: "0301")!], 0.505))
        #expect(close(v[m.firstIndex(of: "4601")!], 0.3))
    }

    @Test func byServiceGroupAfterKostraMapping() throws {
        var reg = tenRegister
        reg.setColumn("kostra_function", Column(ints: [253, 253, 254, 254, 253, 234, 253, 253, 254, 232]))
        let withGroups = try Kostra.addServiceGroup(to: reg, layout: .memberships)
        var data = TestDatasets()
        data.tables["groups"] = withGroups
        let t = try IndicatorCommand.run(try .parse("indicator fulltime_share on groups by service_group"),
                                         catalog: IndicatorCatalog(), dataset: { try data($0) })
        let g = texts(t, "service_group"), v = numbers(t, "fulltime_share")
        #expect(close(v[g.firstIndex(of: "kommunal helse- og omsorgstjeneste")!], 0.3))
        #expect(close(v[g.firstIndex(of: "institusjonsbaserte tjenester")!], 0.2))   // rows 1,2,5,7,8
        #expect(close(v[g.firstIndex(of: "hjemmebaserte tjenester")!], 0.5))        // rows 3,4,6,9
    }
}

@Suite struct IndicatorErrorTests {
    @Test func missingColumnNamesTheColumnAndTheDefinition() {
        let reg = try! tenRegister.selecting(["employee_id", "occupation", "fte"])
        #expect {
            _ = try IndicatorCommand.run(try .parse("indicator fulltime_share on small"), catalog: IndicatorCatalog(),
                                         dataset: { _ in reg })
        } throws: { e in
            guard let d = e as? any DiagnosticError else { return false }
            return d.message == "indicator `fulltime_share` needs column `position_pct`, which `small` does not have"
                && d.hint?.contains("employed with agreed position ≥ 100 % ÷ all employed") == true
                && d.span == SourceSpan(start: 28, end: 33)
        }
    }

    @Test func unknownIndicatorSuggestsNearestNames() {
        #expect {
            _ = try indicator("indicator fulltime_shares on ten")
        } throws: { e in
            guard let d = e as? any DiagnosticError else { return false }
            return d.message == "unknown indicator `fulltime_shares`" && d.hint?.contains("`fulltime_share`") == true
                && d.span == SourceSpan(start: 10, end: 25)
        }
    }

    @Test func unknownByColumnAndArgumentAreDiagnostics() {
        #expect {
            _ = try indicator("indicator fulltime_share on ten by ocupation")
        } throws: { e in
            (e as? any DiagnosticError)?.hint?.contains("`occupation`") == true
        }
        #expect {
            _ = try indicator("indicator turnover on ten scope=nav")
        } throws: { e in
            (e as? any DiagnosticError)?.message.contains("`left_sector` or `total`") == true
        }
        #expect {
            _ = try indicator("indicator fulltime_share on ten target=90%")
        } throws: { e in
            (e as? any DiagnosticError)?.message.contains("takes no `target=`") == true
        }
        #expect {
            _ = try indicator("indicator fulltime_share on nowhere")
        } throws: { e in
            (e as? any DiagnosticError)?.span == SourceSpan(start: 28, end: 35)
        }
    }

    @Test func ftePer1000OnPersonDataNeedsPopulation() {
        #expect {
            _ = try indicator("indicator fte_per_1000 on ten")
        } throws: { e in
            (e as? any DiagnosticError)?.message.contains("needs population=D") == true
        }
    }
}

@Suite struct CatalogTests {
    @Test func everyIndicatorOfEnginesSection7IsListedWithMetadata() {
        let c = IndicatorCatalog()
        let expected = ["avg_position_size", "fulltime_share", "parttime_share", "position_bands", "fulltime_potential",
                        "sick_leave_rate", "turnover", "unskilled_share", "higher_ed_share", "fte_per_1000",
                        "fte_per_user", "age_55plus_share"]
        #expect(c.names == expected)
        for ind in c.indicators {
            #expect(!ind.norwegianName.isEmpty && !ind.definition.isEmpty && !ind.source.isEmpty && !ind.unit.isEmpty)
            #expect(!ind.requiredColumns.isEmpty, "\(ind.name) names its columns")
        }
        #expect(c.indicator(named: "avg_position_size")?.level == .both)
        #expect(c.indicator(named: "turnover")?.level == .person)
        #expect(c.indicator(named: "fulltime_share")?.variants[1].requires == ["position_pct"])
        #expect(c.indicator(named: "fulltime_share")?.variants.last?.requires == ["hours_per_week"])
        #expect(c.indicator(named: "sick_leave_rate")?.variants.first?.requires == ["sick_leave_days", "contracted_days"])
        #expect(c.indicator(named: "sick_leave_rate")?.requiredColumns.contains("doctor_certified_days") == true)
        let t = c.table()
        #expect(t.rowCount == expected.count)
        #expect(texts(t, "norwegian").contains("andel heltid"))
    }

    @Test func helpShowsDefinitionSourceAndFormula() throws {
        let h = try IndicatorCatalog().help(name: "fulltime_share")
        #expect(h.contains("andel heltid"))
        #expect(h.contains("employed with agreed position ≥ 100 % ÷ all employed"))
        #expect(h.contains("Opptrappingsplan for heltid"))
        #expect(h.contains("agg fulltime_share = mean(position_pct >= 100)"))
        #expect(throws: (any Error).self) { try IndicatorCatalog().help(name: "nope") }
    }

    @Test func formulaColumnsIgnoreFunctionsKeywordsAndAssignedNames() {
        #expect(FormulaColumns.referenced(in: "agg fte = sum(fte) / sum(`stillings prosent`)") == ["fte", "stillings prosent"])
        #expect(FormulaColumns.referenced(in: "derive b = if(x < 50, 0, 1) | agg n = count() by b") == ["x"])
        #expect(FormulaColumns.referenced(in: "where a == \"tekst med ord\" and not c | agg s = mean(d)") == ["a", "c", "d"])
    }

    @Test func everyIndicatorCanFeedAChart() throws {
        // Each result has a numeric column named like the indicator (what `| chart bar x=… y=NAME` needs).
        let queries = [
            "avg_position_size on ten by occupation", "fulltime_share on ten by occupation",
            "parttime_share on ten by occupation", "position_bands on ten", "fulltime_potential on ten by occupation",
            "sick_leave_rate on ten by occupation", "turnover on ten by occupation", "unskilled_share on ten by occupation",
            "higher_ed_share on ten by occupation", "fte_per_1000 on ten by municipality_number population=kommuner",
            "fte_per_user on ten by municipality_number users=brukere", "age_55plus_share on ten by occupation",
        ]
        for q in queries {
            let t = try indicator("indicator " + q)
            let name = String(q.prefix { $0 != " " })
            let field = t.schema.fields.first { $0.name == name }
            #expect(field?.type == .double, "\(name) gives a number column")
            #expect(t.rowCount > 0)
        }
    }
}

@Suite struct DefineTests {
    @Test func definesFromAStatementWithPerAndDescription() throws {
        var c = IndicatorCatalog()
        let name = try c.define(statement: "indicator define long_positions = mean(if(position_pct >= 75, 1, 0)) per occupation description=\"andel med 75 % eller mer\"")
        #expect(name == "long_positions")
        let ind = try #require(c.indicator(named: "long_positions"))
        #expect(ind.per == ["occupation"])
        #expect(ind.definition == "andel med 75 % eller mer")
        #expect(ind.variants[0].requires == ["position_pct"])
        let t = try indicator("indicator long_positions on ten", catalog: c)
        let occ = texts(t, "occupation"), v = numbers(t, "long_positions")
        #expect(close(v[occ.firstIndex(of: "Helsefagarbeidere")!], 0.5))
        #expect(close(v[occ.firstIndex(of: "Sykepleier")!], 2.0 / 3))
        #expect(c.definitionStatements == [
            "indicator define long_positions = mean(if(position_pct >= 75, 1, 0)) per occupation description=\"andel med 75 % eller mer\"",
        ])
    }

    @Test func definedStepsAndErrors() throws {
        var c = IndicatorCatalog()
        try c.define(name: "young_fte", formula: "where age < 30 | agg young_fte = sum(fte)")
        #expect(close(numbers(try indicator("indicator young_fte on ten", catalog: c), "young_fte")[0], 1.55))
        #expect(throws: (any Error).self) { try c.define(name: "fulltime_share", formula: "count()") }
        #expect {
            try c.define(statement: "indicator define broken = sum(fte")
        } throws: { e in
            guard let d = e as? any DiagnosticError else { return false }
            return d.message.hasPrefix("in the formula of `broken`") && d.span?.start == 29  // the unclosed `(`
        }
    }
}
