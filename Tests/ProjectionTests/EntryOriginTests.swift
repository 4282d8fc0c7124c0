import Foundation
import Query
import Tables
import Testing
@testable import Projection

/// SSB's variant «10 prosent økning i tilgangen på helsepersonell utdannet i Norge fra og med 2025» (NOU 2023:4
/// §2.2) raises only the entries educated in Norway: `entries_norway=+10%@2025`, split per occupation by the
/// `entry_origin` input (the 2021 shares of new authorisations on foreign education, NOU §10.3.7).
@Suite("projection: entries by origin")
struct EntryOriginTests {
    static let years = 22

    func entered(_ s: Scenario) throws -> [Double] { try SupplyModel(inputs: Fixtures.bundled).run(s, years: Self.years).entered }

    @Test("entries_norway=+10%@2025 raises each occupation's entries by 10 % × its share educated in Norway, from 2025")
    func norwegianEntriesOnly() throws {
        let inputs = Fixtures.bundled
        let reference = try entered(.mid)
        var s = Scenario.mid
        s.entriesNorway = .init(factor: 1.1, fromYear: 2025)
        let variant = try entered(s)
        // The published shares of new authorisations on foreign education in 2021.
        let abroad: [String: Double] = ["Lege": 0.65, "Tannlege": 0.53, "Jordmor": 0.47, "Psykolog": 0.33, "Sykepleier": 0.25,
                                        "Helsefagarbeider": 0.19]
        for (name, share) in abroad {
            let g = try #require(inputs.occupations.firstIndex(of: name))
            #expect(inputs.entryAbroadShare?[g] == share, "\(name)")
            for y in 1..<Self.years {
                let i = g * Self.years + y
                let expected = 2019 + y >= 2025 ? 1 + 0.1 * (1 - share) : 1
                #expect(abs(variant[i] / reference[i] - expected) < 1e-12, "\(name) \(2019 + y)")
            }
        }
    }

    @Test("Norway and abroad together are all entries; the old entries= still scales all of them")
    func partsAddUp() throws {
        var both = Scenario.mid
        both.entriesNorway = .init(factor: 1.1, fromYear: 2025)
        both.entriesAbroad = .init(factor: 1.1, fromYear: 2025)
        var all = Scenario.mid
        all.entries = .init(factor: 1.1, fromYear: 2025)
        let a = try entered(both), b = try entered(all)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
        // Abroad only: doctors gain 65 % of what all entries would give them in entries.
        let reference = try entered(.mid)
        var abroad = Scenario.mid
        abroad.entriesAbroad = .init(factor: 1.1, fromYear: 2025)
        let c = try entered(abroad)
        let g = Fixtures.bundled.occupations.firstIndex(of: "Lege")!
        let i = g * Self.years + 10
        #expect(abs((c[i] - reference[i]) / (b[i] - reference[i]) - 0.65) < 1e-9)
    }

    @Test("scenario … entries_norway= is a registered parameter: defined, listed, swept")
    func parameterIsRegistered() throws {
        #expect(ScenarioParameter.keys.contains("entries_norway") && ScenarioParameter.keys.contains("entries_abroad"))
        #expect(ScenarioParameter.numericKeys.contains("entries_norway"))
        var registry = ScenarioRegistry()
        let s = try registry.define(try CommandArguments.parse("scenario ssb from mid entries_norway=+10%@2025"))
        #expect(s.entriesNorway == .init(factor: 1.1, fromYear: 2025) && s.entries == nil)
        let listed = registry.table()
        let row = try #require((0..<listed.rowCount).first { listed[$0, listed.index(of: "scenario")!].description == "ssb" })
        #expect(listed[row, listed.index(of: "entries")!].description == "norway +10%@2025")
        // Supply in 2040 lies between the reference and the all-entries variant, for every occupation.
        let supply = try Fixtures.project("project supply scenario=all", scenarios: {
            var r = registry
            _ = try r.define(try CommandArguments.parse("scenario every from mid entries=+10%@2025"))
            return r
        }())
        for occupation in Fixtures.bundled.occupations {
            func at(_ scenario: String) -> Double {
                Fixtures.value(supply, "supply", where: ["scenario": .string(scenario), "occupation": .string(occupation),
                                                         "year": .int(2040)])!
            }
            #expect(at("mid") < at("ssb") && at("ssb") < at("every"), "\(occupation)")
        }
        let swept = try Fixtures.project("project supply occupation=Sykepleier to=2040 vary entries_norway=0..10% step=5%")
        #expect(swept.rowCount > 0)
        #expect {
            _ = try registry.define(try CommandArguments.parse("scenario bad from mid entries_norway=10"))
        } throws: { e in (e as? any DiagnosticError)?.message.contains("entries_norway must be a change in percent") == true }
    }

    @Test("without the entry_origin input, entries_norway is refused in one line")
    func needsTheInput() throws {
        let inputs = try SmallInputs().inputs()
        var s = Scenario.mid
        s.entriesNorway = .init(factor: 1.1, fromYear: 2020)
        #expect {
            _ = try SupplyModel(inputs: inputs).run(s, years: 3)
        } throws: { e in (e as? any DiagnosticError)?.message.contains("need the `entry_origin` input") == true }
    }
}
