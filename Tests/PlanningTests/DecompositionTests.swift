import Testing
import Tables
@testable import Planning

@Suite struct DecompositionTests {
    static let population = table("year, age, persons", [
        [2009, "0-66", 1000], [2009, "67+", 100], [2021, "0-66", 1200], [2021, "67+", 150],
    ])

    @Test func byHand() throws {
        // 67+: 20 users of 100 (0.2) → 40 of 150: change 20, demography 0.2·50 = 10, use 10, counterfactual 30.
        // 0-66: 10 of 1000 → 12 of 1200: all demography.
        let users = table("year, age, users", [[2009, "0-66", 10], [2009, "67+", 20], [2021, "0-66", 12], [2021, "67+", 40]])
        let out = try Decomposition.run(population: Self.population, users: users, from: 2009, to: 2021)
        #expect(out.columnNames == ["service", "age", "persons_from", "persons_to", "rate_from", "rate_to", "users_from",
                                    "users_to", "counterfactual", "change", "demography", "use"])
        #expect(close(out.value("change", where: ["age": "67+"]), 20))
        #expect(close(out.value("demography", where: ["age": "67+"]), 10))
        #expect(close(out.value("use", where: ["age": "67+"]), 10))
        #expect(close(out.value("counterfactual", where: ["age": "67+"]), 30))
        #expect(close(out.value("demography", where: ["age": "0-66"]), 2))
        #expect(close(out.value("use", where: ["age": "0-66"]), 0, 1e-12))
    }

    @Test func unchangedRatesAreAllDemography() throws {
        let users = table("year, age, service, rate", [
            [2009, "0-66", "home", 0.013], [2009, "67+", "home", 0.27], [2021, "0-66", "home", 0.013], [2021, "67+", "home", 0.27],
        ])
        let out = try Decomposition.run(population: Self.population, users: users, from: 2009, to: 2021)
        for i in 0..<out.rowCount {
            #expect(out.numbers("use")[i] == 0)
            #expect(out.numbers("demography")[i] == out.numbers("change")[i])
        }
    }

    @Test func identityHoldsForRandomInputs() throws {
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<200 {
            let pop = table("year, age, persons", [
                [2009, "0-49", 1e6 * next()], [2009, "50+", 1e5 * next()],
                [2021, "0-49", 1e6 * next()], [2021, "50+", 1e5 * next()],
            ])
            let users = table("year, age, rate", [[2009, "0-49", next() * 0.05], [2009, "50+", next()],
                                                  [2021, "0-49", next() * 0.05], [2021, "50+", next()]])
            let out = try Decomposition.run(population: pop, users: users, from: 2009, to: 2021)
            let d = out.numbers("demography"), u = out.numbers("use"), c = out.numbers("change")
            let from = out.numbers("users_from"), to = out.numbers("users_to")
            for i in 0..<out.rowCount {
                #expect(d[i] + u[i] == c[i])
                #expect(abs(to[i] - from[i] - c[i]) <= 1e-9 * max(1, to[i]))
            }
        }
    }

    @Test func thePlansTableReproduces() throws {
        // The bundled table: users and rounded rates; the population implied by users ÷ rate.
        let users = table("year, age_group, users, rate", [[2009, "0-49", 61569, 0.019], [2021, "0-49", 80926, 0.024]])
        let pop = table("year, age, persons", [[2009, "0-49", 61569 / 0.019], [2021, "0-49", 80926 / 0.024]])
        let out = try Decomposition.run(population: pop, users: users, from: 2009, to: 2021)
        #expect(close(out.value("change", where: ["age": "0-49"]), 19357))
        // r0·P1 = 0.019 · 80 926 / 0.024 = 64 066.4 (the plan, with SSB's population: 64 792).
        #expect(close(out.value("counterfactual", where: ["age": "0-49"]), 80926 * 0.019 / 0.024))
        #expect(close(out.value("use", where: ["age": "0-49"]), 80926 - 80926 * 0.019 / 0.024))
    }
}
