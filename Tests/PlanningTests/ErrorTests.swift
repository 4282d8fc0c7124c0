import Testing
import Tables
import Query
@testable import Planning

@Suite struct PlanningErrorTests {
    func message(_ body: () throws -> Table) -> String {
        do { _ = try body(); return "no error" } catch let e as DiagnosticError { return e.message } catch { return "\(error)" }
    }

    @Test func missingColumn() {
        let pop = table("year, age, people", [[2021, "0-66", 10]])
        let m = message { try MechanicalDemand.run(population: pop, users: Small.users, fte: Small.fte, options: Small.options) }
        #expect(m == "table `population`, column `persons`: missing column `persons`")
        let users = table("age, service, count", [["0-66", "home", 1]])
        #expect(message { try MechanicalDemand.run(population: Small.population, users: users, fte: Small.fte, options: Small.options) }
                == "table `users`, column `users`: missing column `users` (or `rate`)")
    }

    @Test func aYearMissingFromThePopulation() {
        let m = message {
            try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte,
                                     options: DemandOptions(base: 2021, to: 2025))
        }
        #expect(m == "table `population`, column `year`: no rows for year 2024")
    }

    @Test func yearsTheWrongWayRound() {
        let m = message {
            try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte,
                                     options: DemandOptions(base: 2021, to: 2010))
        }
        #expect(m == "the first year 2021 comes after the last year 2010")
    }

    @Test func aPopulationBandCrossingAUsersBand() {
        let pop = table("year, age, persons", [[2021, "0-49", 10], [2021, "50-99", 10]])
        let m = message { try MechanicalDemand.run(population: pop, users: Small.users, fte: Small.fte, options: DemandOptions(base: 2021, to: 2021)) }
        #expect(m == "table `population`, row 2, column `age`: age 50-99 in year 2021 crosses the edge of band 0-66 of table `users`, row 1")
    }

    @Test func agesMissingFromABand() {
        var rows: [[Any]] = (0...60).map { [2021, $0, 10] }
        rows.append([2021, "67+", 5])
        let m = message {
            try MechanicalDemand.run(population: table("year, age, persons", rows), users: Small.users, fte: Small.fte,
                                     options: DemandOptions(base: 2021, to: 2021))
        }
        #expect(m == "table `population`, column `age`: ages 61-66 of band 0-66 (table `users`, row 1) are missing in year 2021")
    }

    @Test func negativeRatesAndCounts() {
        let users = table("age, service, rate", [["0-66", "home", 0.01], ["67+", "home", -0.2]])
        #expect(message { try MechanicalDemand.run(population: Small.population, users: users, fte: Small.fte, options: Small.options) }
                == "table `users`, row 2, column `rate`: negative rate -0.2")
        let staff = table("occupation, age, persons", [["A", 30, -1]])
        #expect(message { try Recruitment.run(staff: staff, demand: table("year, fte", [[2021, 1], [2022, 1]])) }
                == "table `staff`, row 1, column `persons`: negative count -1")
        let exits = table("age, turnover", [["0+", 1.5]])
        #expect(message { try Recruitment.run(staff: RecruitmentTests.staff, demand: RecruitmentTests.growing, exits: exits) }
                == "table `exits`, row 1, column `turnover`: rate 1.5 is above 1")
    }

    @Test func overlappingBandsAndUnknownServices() {
        let users = table("age, service, users", [["0-66", "home", 1], ["60+", "home", 2]])
        #expect(message { try MechanicalDemand.run(population: Small.population, users: users, fte: Small.fte, options: Small.options) }
                == "table `users`, row 2, column `age`: band 60+ of service `home` overlaps band 0-66 (row 1)")
        let fte = table("service, fte", [["home", 15], ["institution", 30], ["hjemmetjenester", 3]])
        #expect(message { try MechanicalDemand.run(population: Small.population, users: Small.users, fte: fte, options: Small.options) }
                == "table `fte`, row 3, column `service`: service `hjemmetjenester` is not in table `users`")
        let pop = table("year, age, persons", [[2021, "0-66", 1], [2021, 30, 1]])
        #expect(message { try DependencyRatios.run(population: pop) }
                == "table `population`, row 2, column `age`: age 30 overlaps age 0-66 in year 2021")
    }

    @Test func exitRatesMustCoverTheStaff() {
        let exits = table("age, turnover", [["0-54", 0.1]])
        let staff = table("occupation, age, persons", [["Sykepleier", 60, 1]])
        #expect(message { try Recruitment.run(staff: staff, demand: RecruitmentTests.growing, exits: exits) }
                == "table `exits`, column `age`: no exit rate for age 60 of occupation `Sykepleier` (table `staff`, row 1)")
    }

    @Test func commandErrorsPointAtTheWord() throws {
        let args = try CommandArguments.parse("plan demand population=p users=u fte=f to=20x")
        do {
            _ = try PlanCommand.run(args) { name, _ in ["p": Small.population, "u": Small.users, "f": Small.fte][name]! }
            Issue.record("no error")
        } catch let e as Diagnostic {
            #expect(e.message == "to must be a year like 2021")
            #expect(e.span == SourceSpan(start: 42, end: 45))
        }
        let unknown = try CommandArguments.parse("plan demnd")
        #expect(throws: Diagnostic.self) { try PlanCommand.run(unknown) { _, _ in Table() } }
        // A table error names the dataset the user gave.
        let bad = try CommandArguments.parse("plan ratios population=kommune")
        do {
            _ = try PlanCommand.run(bad) { _, _ in table("year, age", [[2021, 3]]) }
        } catch let e as PlanInputError {
            #expect(e.message == "table `kommune`, column `persons`: missing column `persons`")
        }
    }
}
