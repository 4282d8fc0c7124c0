import Testing
import Tables
@testable import Planning

@Suite struct DemandTests {
    @Test func mechanicalProjectionByHand() throws {
        // Rates: home 10/1000 = 0.01 (0-66), 20/100 = 0.2 (67+); institution 0 and 0.1.
        // 2022: home users 10 + 0.2·150 = 40, FTE 15·40/30 = 20; institution 15 users, FTE 30·15/10 = 45.
        // 2023: home 11 + 40 = 51, FTE 25.5; institution 20, FTE 60.
        let out = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte, options: Small.options)
        #expect(out.columnNames == ["year", "service", "users", "fte"])
        #expect(out.rowCount == 6)
        #expect(close(out.value("users", where: ["year": "2021", "service": "home"]), 30))
        #expect(close(out.value("fte", where: ["year": "2021", "service": "home"]), 15))
        #expect(close(out.value("users", where: ["year": "2022", "service": "home"]), 40))
        #expect(close(out.value("fte", where: ["year": "2022", "service": "home"]), 20))
        #expect(close(out.value("fte", where: ["year": "2022", "service": "institution"]), 45))
        #expect(close(out.value("users", where: ["year": "2023", "service": "home"]), 51))
        #expect(close(out.value("fte", where: ["year": "2023", "service": "home"]), 25.5))
        #expect(close(out.value("fte", where: ["year": "2023", "service": "institution"]), 60))
    }

    @Test func rateTrendPerAgeBandAndStandardPerService() throws {
        // +10 % a year on the 67+ rates: 2022 home 10 + 0.22·150 = 43; institution 0.11·150 = 16.5.
        // Standard +5 % a year in institutions: FTE 30 · 16.5/10 · 1.05 = 51.975.
        var o = Small.options
        o.rateTrend = try YearlyChange.table("trend", table("age, change", [["67+", 0.10]]))
        o.standard = YearlyChange(byService: ["institution": 0.05])
        let out = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte, options: o)
        #expect(close(out.value("users", where: ["year": "2022", "service": "home"]), 43))
        #expect(close(out.value("fte", where: ["year": "2022", "service": "home"]), 15 * 43 / 30))
        #expect(close(out.value("users", where: ["year": "2022", "service": "institution"]), 16.5))
        #expect(close(out.value("fte", where: ["year": "2022", "service": "institution"]), 51.975))
        // 2023: 67+ rates ×1.21: home 11 + 0.242·200 = 59.4; institution FTE 30 · 24.2/10 · 1.1025.
        #expect(close(out.value("users", where: ["year": "2023", "service": "home"]), 59.4))
        #expect(close(out.value("fte", where: ["year": "2023", "service": "institution"]), 30 * 2.42 * 1.1025))
    }

    @Test func occupationsFollowTheBaseYearMix() throws {
        let out = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fteByOccupation,
                                           options: Small.options)
        #expect(out.columnNames == ["year", "service", "occupation", "fte"])
        // Home 2022: 20 FTE, nurses 5/15 of it.
        #expect(close(out.value("fte", where: ["year": "2022", "service": "home", "occupation": "Sykepleier"]), 20.0 / 3))
        #expect(close(out.value("fte", where: ["year": "2022", "service": "institution", "occupation": "Helsefagarbeider"]), 45 * 0.6))
    }

    @Test func ratesGivenDirectlyAndFTEPerUser() throws {
        let rates = table("age, service, rate", [["0-66", "home", 0.01], ["67+", "home", 0.2],
                                                 ["0-66", "institution", 0], ["67+", "institution", 0.1]])
        let perUser = table("service, fte_per_user", [["home", 0.5], ["institution", 3]])
        let a = try MechanicalDemand.run(population: Small.population, users: rates, fte: perUser, options: Small.options)
        let b = try MechanicalDemand.run(population: Small.population, users: Small.users, fte: Small.fte, options: Small.options)
        #expect(a.canonicalRows() == b.canonicalRows())
    }

    @Test func usersPerBand() throws {
        let out = try MechanicalDemand.users(population: Small.population, users: Small.users, options: Small.options)
        #expect(out.columnNames == ["year", "service", "age", "persons", "rate", "users"])
        #expect(close(out.value("users", where: ["year": "2023", "service": "home", "age": "67+"]), 40))
        #expect(close(out.value("rate", where: ["year": "2023", "service": "institution", "age": "67+"]), 0.1))
    }

    @Test func areasWithNationalRates() throws {
        // Two areas, the same rates and FTE per user: each area's result is its own population's.
        let pop = table("area, year, age, persons", [
            ["A", 2021, "0-66", 1000], ["A", 2021, "67+", 100], ["A", 2022, "0-66", 1000], ["A", 2022, "67+", 150],
            ["B", 2021, "0-66", 500], ["B", 2021, "67+", 50], ["B", 2022, "0-66", 500], ["B", 2022, "67+", 100],
        ])
        let rates = table("age, service, rate", [["0-66", "home", 0.01], ["67+", "home", 0.2]])
        let perUser = table("service, fte_per_user", [["home", 0.5]])
        let out = try MechanicalDemand.run(population: pop, users: rates, fte: perUser, options: DemandOptions(base: 2021, to: 2022))
        #expect(out.columnNames == ["area", "year", "service", "users", "fte"])
        #expect(close(out.value("users", where: ["area": "B", "year": "2022", "service": "home"]), 25))
        #expect(close(out.value("fte", where: ["area": "A", "year": "2022", "service": "home"]), 20))
    }
}
