import Foundation
import Testing
import Tables
@testable import Projection

/// The cohort-component model on a hand-computed example, and conservation of persons.
@Suite("Cohort model")
struct CohortModelTests {
    /// Stock 100/200/300 at ages 0/1/2+, exit rates 0.1/0.2/0.5, entries 10/5/0 a year:
    /// 2020: age 0 = 10; age 1 = 100·0.9 + 5 = 95; age 2+ = 200·0.8 + 300·0.5 = 310 (415 persons)
    /// 2021: age 0 = 10; age 1 = 10·0.9 + 5 = 14;  age 2+ = 95·0.8 + 310·0.5 = 231 (255 persons)
    /// FTE = Σ N·p·h with p = 1/0.5/1 and h = 1/1/0.8: 440, 305.5, 201.8.
    @Test func handComputedThreeAges() throws {
        let inputs = try SmallInputs().inputs()
        #expect(inputs.ageCount == 3)
        let r = try SupplyModel(inputs: inputs).run(.mid, years: 3)
        func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 } }
        #expect(close(r.persons, [600, 415, 255]))
        #expect(close(r.exited, [0, 200, 175]))      // 10 + 40 + 150; then 1 + 19 + 155
        #expect(close(r.entered, [0, 15, 15]))
        #expect(close(r.fte, [440, 305.5, 201.8]))
    }

    /// Persons change only through entries and exits, in every occupation and year of the bundled inputs,
    /// also with supply variants that add entries.
    @Test(arguments: ["mid", "entries"])
    func conservation(_ variant: String) throws {
        var s = Scenario.mid
        if variant == "entries" {
            s.entries = .init(factor: 1.1, fromYear: 2025)
            s.studyPlaces = [.init(occupation: "Sykepleier", places: 222, fromYear: 2023, toYear: 2037)]
        }
        let inputs = Fixtures.bundled
        let r = try SupplyModel(inputs: inputs).run(s, years: 42)
        for g in inputs.occupations.indices {
            for y in 1..<42 {
                let i = g * 42 + y
                let expected = r.persons[i - 1] + r.entered[i] - r.exited[i]
                #expect(abs(r.persons[i] - expected) <= 1e-9 * max(1, r.persons[i]), "\(inputs.occupations[g]) \(2019 + y)")
            }
        }
    }

    /// Demand on the small model: D = (900·0.1 + 1100·0.2 + 1500·0.5) / (1000·0.1 + 1000·0.2 + 1000·0.5) = 1060/800.
    @Test func handComputedDemand() throws {
        let inputs = try SmallInputs().inputs()
        let model = DemandModel(inputs: inputs)
        let d = 1060.0 / 800
        // low: family share, σ = π: service = 1000 · D; occupation = service · (0.5 + 2 · 0.01) + 10
        let low = model.services(.low, years: 3)
        #expect(abs(low[2] - 1000 * d) < 1e-9)
        let occ = model.occupations(.low, services: low, years: 3)
        #expect(abs(occ[2] - (1000 * d * 0.52 + 10)) < 1e-9)
        #expect(abs(occ[0] - (1000 * 0.5 + 10)) < 1e-9)
        // mid: family care at a constant level of 90 000 on the family-care service
        let mid = model.services(.mid, years: 3)
        let growth = d * pow(1.01 / 1.005, 2)
        #expect(abs(mid[2] - ((1000 + 90_000) * growth - 90_000)) < 1e-6)
        #expect(abs(mid[0] - 1000) < 1e-9)
    }

    /// Study places become entries after the delay, times the completion rate, at the graduate age.
    @Test func studyPlacesOnSmallModel() throws {
        let inputs = try SmallInputs().inputs()
        var s = Scenario.mid
        s.studyPlaces = [.init(occupation: "test", places: 100, fromYear: 2019, toYear: nil)]
        let base = try SupplyModel(inputs: inputs).run(.mid, years: 3)
        let more = try SupplyModel(inputs: inputs).run(s, years: 3)
        // delay 1: places of 2019 graduate in 2020, 50 % complete, at age 1 (p = 0.5, h = 1)
        #expect(abs(more.persons[1] - base.persons[1] - 50) < 1e-9)
        #expect(abs(more.fte[1] - base.fte[1] - 25) < 1e-9)
        // 2021: the 2020 graduates (50) plus 2019's survivors moving to 2+ (50 · 0.8)
        #expect(abs(more.persons[2] - base.persons[2] - 90) < 1e-9)
    }
}
