import Testing
import Foundation
import Tables
import Query
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

/// The bundled table against the plan's own statements.
@Suite struct BundledUsersTableTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/omsorg_users_by_age.csv").path

    @Test func thePlansCounterfactualLiesWithinTheRoundingOfItsRates() throws {
        let t = try CSVReader.read(path: Self.path, options: CSVOptions()).table
        let implied = try QueryEngine.apply("derive persons = users / rate | select year, age_group, persons", to: t)
        let out = try Decomposition.run(population: implied, users: t, from: 2009, to: 2021)
        let young = try #require(out.texts("age").firstIndex(of: "0-49"))
        #expect(out.numbers("users_from")[young] == 61569)
        #expect(out.numbers("users_to")[young] == 80926)
        // Rates printed to 0.1 percentage point: 1,9 % and 2,4 % stand for [1.85, 1.95] and [2.35, 2.45],
        // so the counterfactual U1·r0/r1 can be anything in [61 107, 67 151]; the plan's 64 792 is inside.
        let low = 80926 * 0.0185 / 0.0245, high = 80926 * 0.0195 / 0.0235
        #expect(low < 64792 && 64792 < high)
        #expect(close(out.numbers("counterfactual")[young], 80926 * 0.019 / 0.024))
        // "om lag 16 000 av veksten på 20 000": 16 860 with the rounded rates, 16 134 with the plan's 64 792.
        #expect(abs(out.numbers("use")[young] - 16_000) < 1_000)
        // "nærmere 41 pst." under 67 in 2021: the table gives 41.4 %.
        let y2021 = try QueryEngine.apply("where year == 2021", to: t)
        let users = y2021.numbers("users"), ages = y2021.texts("age_group")
        let under67 = zip(users, ages).filter { ["0-49", "50-66"].contains($0.1) }.reduce(0) { $0 + $1.0 }
        #expect(abs(under67 / users.reduce(0, +) - 0.414) < 0.0005)
    }
}
