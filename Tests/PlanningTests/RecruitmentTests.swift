import Testing
import Tables
@testable import Planning

@Suite struct RecruitmentTests {
    static let noExits = table("age, turnover, retirement", [["0+", 0, 0]])
    static let tenPercent = table("age, turnover, retirement", [["0+", 0.1, 0]])
    /// 100 nurses aged 40 in 80 FTE (position 0.8).
    static let staff = table("occupation, age, persons, fte", [["Sykepleier", 40, 100, 80]])
    static let growing = table("year, occupation, fte", [[2021, "Sykepleier", 80], [2022, "Sykepleier", 80], [2023, "Sykepleier", 88]])

    @Test func noGrowthAndNoExitsNeedNobody() throws {
        let staff = table("occupation, age, persons, fte", [["A", "30-39", 50, 40], ["B", 45, 10, 10]])
        let demand = table("year, occupation, fte", (2021...2030).flatMap { [[$0, "A", 40], [$0, "B", 10]] as [[Any]] })
        let out = try Recruitment.run(staff: staff, demand: demand, exits: Self.noExits)
        #expect(out.rowCount == 18)
        #expect(out.numbers("need_fte").allSatisfy { abs($0) < 1e-9 })
        #expect(out.numbers("need_persons").allSatisfy { abs($0) < 1e-9 })
    }

    @Test func needIsGrowthPlusExits() throws {
        // 2022: 10 % of 80 FTE leave (8), supply 72, demand 80 → hire 8 FTE = 10 persons at 0.8.
        // 2023: 8 leave again (10 % of 72 + 8), supply 72, demand 88 → 16 = growth 8 + exits 8.
        let out = try Recruitment.run(staff: Self.staff, demand: Self.growing, exits: Self.tenPercent)
        #expect(out.columnNames == ["year", "occupation", "demand", "growth", "exits_turnover", "exits_retirement",
                                    "qualified", "position_gain", "supply", "need_fte", "need_persons"])
        #expect(close(out.value("exits_turnover", where: ["year": "2022"]), 8))
        #expect(close(out.value("need_fte", where: ["year": "2022"]), 8))
        #expect(close(out.value("need_persons", where: ["year": "2022"]), 10))
        #expect(close(out.value("need_fte", where: ["year": "2023"]), 16))
        #expect(close(out.value("growth", where: ["year": "2023"]), 8))
        for i in 0..<out.rowCount {
            let n = out.numbers("need_fte")[i], g = out.numbers("growth")[i]
            let e = out.numbers("exits_turnover")[i] + out.numbers("exits_retirement")[i]
            #expect(close(n, g + e))
        }
    }

    @Test func retirementAndTurnoverAreSplit() throws {
        // At 60 both apply: 0.1 turnover + 0.3 retirement of 80 FTE.
        let staff = table("occupation, age, persons, fte", [["Sykepleier", 60, 100, 80]])
        let exits = table("age, turnover, retirement", [["0-59", 0.1, 0], ["60+", 0.1, 0.3]])
        let out = try Recruitment.run(staff: staff, demand: Self.growing, exits: exits)
        #expect(close(out.value("exits_turnover", where: ["year": "2022"]), 8))
        #expect(close(out.value("exits_retirement", where: ["year": "2022"]), 24))
        #expect(close(out.value("need_fte", where: ["year": "2022"]), 32))
    }

    @Test func leverReducedTurnover() throws {
        var o = RecruitmentOptions()
        o.turnoverChange = -0.5
        let out = try Recruitment.run(staff: Self.staff, demand: Self.growing, exits: Self.tenPercent, options: o)
        #expect(close(out.value("exits_turnover", where: ["year": "2022"]), 4))
        #expect(close(out.value("need_fte", where: ["year": "2022"]), 4))
    }

    @Test func leverBiggerPositions() throws {
        // Half the gap to full time closed: 100 persons × 0.5 × (1 − 0.8) = 10 FTE more, 90 in all.
        // 2022: 9 leave, supply 81 ≥ 80: nobody hired. 2023: 8.1 leave, supply 72.9, need 15.1
        // = 15.1 / 0.9 persons (new hires get the raised position 0.9).
        var o = RecruitmentOptions()
        o.fulltimeShare = 0.5
        o.targetPosition = 1
        let out = try Recruitment.run(staff: Self.staff, demand: Self.growing, exits: Self.tenPercent, options: o)
        #expect(close(out.value("position_gain", where: ["year": "2022"]), 10))
        #expect(close(out.value("supply", where: ["year": "2022"]), 81))
        #expect(close(out.value("need_fte", where: ["year": "2022"]), 0))
        #expect(close(out.value("position_gain", where: ["year": "2023"]), 0))
        #expect(close(out.value("need_fte", where: ["year": "2023"]), 15.1))
        #expect(close(out.value("need_persons", where: ["year": "2023"]), 15.1 / 0.9))
    }

    @Test func leverQualification() throws {
        // 100 unskilled in 50 FTE, 100 helsefagarbeidere in 80 FTE, nobody leaves, demand constant.
        // Half the unskilled qualify over 5 years: 10 persons (5 FTE) a year move; the unskilled side
        // hires 5 FTE (10 persons at 0.5) a year, the skilled side gains 5 FTE and hires nobody.
        let u = RecruitmentOptions.defaultUnskilled, s = RecruitmentOptions.defaultSkilled
        let staff = table("occupation, age, persons, fte", [[u, 40, 100, 50], [s, 40, 100, 80]])
        let demand = table("year, occupation, fte", (2021...2027).flatMap { [[$0, u, 50], [$0, s, 80]] as [[Any]] })
        var o = RecruitmentOptions()
        o.qualifyShare = 0.5
        o.qualifyYears = 5
        let out = try Recruitment.run(staff: staff, demand: demand, exits: Self.noExits, options: o)
        #expect(close(out.value("qualified", where: ["year": "2022", "occupation": u]), -5))
        #expect(close(out.value("qualified", where: ["year": "2022", "occupation": s]), 5))
        #expect(close(out.value("need_fte", where: ["year": "2022", "occupation": u]), 5))
        #expect(close(out.value("need_persons", where: ["year": "2022", "occupation": u]), 10))
        #expect(close(out.value("need_fte", where: ["year": "2022", "occupation": s]), 0))
        #expect(close(out.value("supply", where: ["year": "2026", "occupation": s]), 80 + 20 + 5))
        // After five years the moves stop.
        #expect(close(out.value("qualified", where: ["year": "2027", "occupation": s]), 0))
        #expect(close(out.value("need_fte", where: ["year": "2027", "occupation": u]), 0))
        // Persons are conserved by the move: 50 moved in all.
        let moved = out.numbers("qualified").filter { $0 > 0 }.reduce(0, +)
        #expect(close(moved, 25))
    }

    @Test func defaultExitsGiveAnExitAgeNearTheReports() throws {
        // Oslo's strategy (KLP): nurses leave at 57–58 on average.
        let mean = try Recruitment.meanRetirementAge(exits: Recruitment.defaultExits())
        #expect(mean > 57 && mean < 58.5, "mean exit age \(mean)")
        // Turnover 14 % a year (KS: 14–15 % leave the municipal health and care services each year).
        #expect(Recruitment.defaultExits().numbers("turnover").first == 0.14)
    }

    @Test func aFirstYearShortageIsHiredAtOnce() throws {
        let demand = table("year, occupation, fte", [[2021, "Sykepleier", 100], [2022, "Sykepleier", 100]])
        let out = try Recruitment.run(staff: Self.staff, demand: demand, exits: Self.noExits)
        #expect(close(out.value("need_fte", where: ["year": "2022"]), 20))
    }
}
