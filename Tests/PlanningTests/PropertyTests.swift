import Testing
import Tables
@testable import Planning

@Suite struct PlanningPropertyTests {
    @Test func occupationTotalsEqualServiceTotals() throws {
        let byService = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte, options: Small.options)
        let byOccupation = try MechanicalDemand.run(population: Small.population, users: Small.users,
                                                    fte: Small.fteByOccupation, options: Small.options)
        #expect(close(byService.numbers("fte").reduce(0, +), byOccupation.numbers("fte").reduce(0, +)))
        for year in 2021...2023 {
            for service in ["home", "institution"] {
                let parts = (0..<byOccupation.rowCount).filter {
                    byOccupation.texts("year")[$0] == "\(year)" && byOccupation.texts("service")[$0] == service
                }.map { byOccupation.numbers("fte")[$0] }
                #expect(close(parts.reduce(0, +), byService.value("fte", where: ["year": "\(year)", "service": service]) ?? .nan))
            }
        }
    }

    @Test func theBaseYearGivesBackTheInputs() throws {
        let out = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte, options: Small.options)
        #expect(close(out.value("fte", where: ["year": "2021", "service": "home"]), 15))
        #expect(close(out.value("fte", where: ["year": "2021", "service": "institution"]), 30))
        #expect(close(out.value("users", where: ["year": "2021", "service": "institution"]), 10))
    }

    @Test func decompositionBandsAddUpToTheTotal() throws {
        let pop = table("year, age, persons", [[2009, "0-49", 3000], [2009, "50+", 1000], [2021, "0-49", 3100], [2021, "50+", 1400]])
        let users = table("year, age, users", [[2009, "0-49", 60], [2009, "50+", 200], [2021, "0-49", 80], [2021, "50+", 240]])
        let out = try Decomposition.run(population: pop, users: users, from: 2009, to: 2021)
        #expect(close(out.numbers("change").reduce(0, +), 320 - 260))
        #expect(close(out.numbers("demography").reduce(0, +) + out.numbers("use").reduce(0, +), 60))
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func resultsDoNotDependOnRowOrder(seed: UInt64) throws {
        let a = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fteByOccupation, options: Small.options)
        let b = try MechanicalDemand.run(population: Small.population.shuffled(seed: seed), users: Small.users.shuffled(seed: seed + 9),
                                         fte: Small.fteByOccupation.shuffled(seed: seed + 17), options: Small.options)
        #expect(a.canonicalRows() == b.canonicalRows())

        let staff = table("occupation, age, persons, fte", [["A", "20-29", 30, 24], ["A", "30-54", 50, 45], ["A", "55-66", 20, 16],
                                                            ["B", "25-44", 10, 9], ["B", "45-66", 12, 12]])
        let demand = table("year, occupation, fte", (2021...2030).flatMap { [[$0, "A", 85 + $0 - 2021], [$0, "B", 21]] as [[Any]] })
        let r1 = try Recruitment.run(staff: staff, demand: demand)
        let r2 = try Recruitment.run(staff: staff.shuffled(seed: seed), demand: demand.shuffled(seed: seed + 3),
                                     exits: Recruitment.defaultExits().shuffled(seed: seed + 5))
        #expect(r1.canonicalRows() == r2.canonicalRows())

        let pop = table("year, sex, age, persons", (0...99).flatMap { age in [[2020, "kvinner", age, 50 + age % 7], [2020, "menn", age, 40 + age % 5]] as [[Any]] })
        #expect(try DependencyRatios.run(population: pop).canonicalRows()
                == DependencyRatios.run(population: pop.shuffled(seed: seed)).canonicalRows())
    }

    @Test func bandsAndSingleAgesAgreeWhenConstantWithinABand() throws {
        // The same population, once as bands 0-66 / 67-99 and once as single ages with the band's
        // persons spread evenly.
        var single: [[Any]] = []
        for (year, young, old) in [(2021, 670.0, 330.0), (2022, 670.0, 396.0), (2023, 737.0, 462.0)] {
            for age in 0...66 { single.append([year, age, young / 67]) }
            for age in 67...99 { single.append([year, age, old / 33]) }
        }
        let bands = table("year, age, persons", [[2021, "0-66", 670.0], [2021, "67-99", 330.0], [2022, "0-66", 670.0],
                                                 [2022, "67-99", 396.0], [2023, "0-66", 737.0], [2023, "67-99", 462.0]])
        let users = table("age, service, users", [["0-66", "home", 10], ["67-99", "home", 33], ["67-99", "institution", 12]])
        let fte = table("service, fte", [["home", 20], ["institution", 24]])
        let a = try MechanicalDemand.run(population: bands, users: users, fte: fte, options: Small.options)
        let b = try MechanicalDemand.run(population: table("year, age, persons", single), users: users, fte: fte, options: Small.options)
        #expect(a.canonicalRows() == b.canonicalRows())
        // Narrower user bands need single ages; they still add up to the wide band's users.
        let narrow = table("age, service, users", [["0-66", "home", 10], ["67-79", "home", 13], ["80-99", "home", 20],
                                                   ["67-99", "institution", 12]])
        let c = try MechanicalDemand.run(population: table("year, age, persons", single), users: narrow, fte: fte, options: Small.options)
        #expect(a.canonicalRows() == c.canonicalRows())
    }

    @Test func staffInBandsAndSingleAgesAgree() throws {
        let bands = table("occupation, age, persons, fte", [["A", "30-39", 100, 80]])
        let single = table("occupation, age, persons, fte", (30...39).map { ["A", $0, 10, 8] as [Any] })
        let demand = table("year, occupation, fte", (2021...2040).map { [$0, "A", 80 + 2 * ($0 - 2021)] as [Any] })
        #expect(try Recruitment.run(staff: bands, demand: demand).canonicalRows()
                == Recruitment.run(staff: single, demand: demand).canonicalRows())
    }
}
