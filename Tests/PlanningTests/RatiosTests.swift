import Testing
import Tables
@testable import Planning

@Suite struct RatiosTests {
    @Test func byHandFromBands() throws {
        let pop = table("year, age, persons", [
            [2018, "0-17", 100], [2018, "18-49", 300], [2018, "50-64", 150], [2018, "65-66", 36],
            [2018, "67-79", 60], [2018, "80-84", 20], [2018, "85+", 20],
        ])
        let out = try DependencyRatios.run(population: pop)
        // 50–66: 186 per 20 aged 85+ = 9.3; 67+ = 100 per 486 aged 18–66.
        #expect(close(out.value("family_care_coefficient", where: ["year": "2018"]), 9.3))
        #expect(close(out.value("forsorgerbrok", where: ["year": "2018"]), 100.0 / 486 * 100))
        #expect(close(out.value("share_80plus", where: ["year": "2018"]), 40.0 / 686))
        #expect(close(out.value("share_65plus", where: ["year": "2018"]), 136.0 / 686))
    }

    @Test func aRatioTheBandsCannotGiveIsEmpty() throws {
        let pop = table("year, age, persons", [[2021, "0-66", 89], [2021, "67-79", 8], [2021, "80+", 3]])
        let out = try DependencyRatios.run(population: pop)
        let c = try #require(out.column(named: "family_care_coefficient"))
        #expect(c.isNull(0))
        #expect(close(out.value("share_80plus", where: ["year": "2021"]), 0.03))
        #expect(out.column(named: "forsorgerbrok")!.isNull(0))
    }

    @Test func singleAgesAndSexesAddUp() throws {
        var rows: [[Any]] = []
        for age in 0...99 { for sex in ["kvinner", "menn"] { rows.append([2030, sex, age, 10]) } }
        let out = try DependencyRatios.run(population: table("year, sex, age, persons", rows))
        #expect(close(out.value("family_care_coefficient", where: ["year": "2030"]), 17.0 / 15))
        #expect(close(out.value("forsorgerbrok", where: ["year": "2030"]), 33.0 / 49 * 100))
    }
}

@Suite struct AgeRangeTests {
    @Test func labelsOfTheReports() {
        #expect(AgeRange.parse("0-49") == AgeRange(0, 49))
        #expect(AgeRange.parse("0–49 år") == AgeRange(0, 49))
        #expect(AgeRange.parse("90 år eller eldre") == AgeRange(90, nil))
        #expect(AgeRange.parse("90+") == AgeRange(90, nil))
        #expect(AgeRange.parse("60 og over") == AgeRange(60, nil))
        #expect(AgeRange.parse("Under 30") == AgeRange(0, 29))
        #expect(AgeRange.parse("37") == AgeRange(37, 37))
        #expect(AgeRange.parse("alle") == nil)
        #expect(AgeRange.parse("49-0") == nil)
        #expect(AgeRange(67, nil).description == "67+")
        #expect(AgeRange(67, nil).contains(AgeRange(90, nil)))
        #expect(!AgeRange(67, 79).contains(AgeRange(67, nil)))
    }
}
