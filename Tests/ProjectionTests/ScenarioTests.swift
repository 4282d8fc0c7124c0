import Foundation
import Testing
import Tables
import Query
@testable import Projection

/// Built-in scenarios (table 2.3) and `scenario NAME from BASE key=value …`.
@Suite("Scenarios")
struct ScenarioTests {
    /// The built-ins carry table 2.3's parameters (read from the bundled datasets/helsemod_scenarios.csv).
    @Test func builtInsMatchTable23() throws {
        let registry = ScenarioRegistry()
        for row in try Fixtures.rows("helsemod_scenarios") {
            let s = try #require(registry.scenario(named: row["scenario"]!))
            #expect(abs(s.standard - Double(row["standard_growth_pct"]!)! / 100) < 1e-12)
            #expect(abs(s.productivity - Double(row["productivity_growth_pct"]!)! / 100) < 1e-12)
            #expect(row["family_care"]! == (s.family == .share ? "Konstant andel" : "Konstant nivå"))
            if s.family == .level { #expect(Double(row["family_care_level_fte"]!) == s.familyLevel) }
            #expect((row["health_improvement"] == "Ja") == s.healthImprovement)
        }
        #expect(registry.scenario(named: "mid")?.familyLevel == 90_000)
    }

    @Test func defineFromBase() throws {
        var r = ScenarioRegistry()
        let s = try r.define(CommandArguments.parse(
            "scenario slow from high standard=0.8% productivity=0.5% family=share health=yes entries=+10%@2025 "
            + "study_places=+222@2023..2037 position=+5% participation=+2% base_shortage=no family_level=80000"))
        #expect(s.name == "slow" && s.base == "high")
        #expect(abs(s.standard - 0.008) < 1e-12 && abs(s.productivity - 0.005) < 1e-12)
        #expect(s.family == .level && s.familyLevel == 80_000)   // family_level implies a constant level
        #expect(s.healthImprovement && !s.baseShortage)
        #expect(s.entries == .init(factor: 1.1, fromYear: 2025))
        #expect(s.studyPlaces == [.init(occupation: "Sykepleier", places: 222, fromYear: 2023, toYear: 2037)])
        #expect(abs(s.position - 1.05) < 1e-12 && abs(s.participation - 1.02) < 1e-12)
        #expect(r.names == ["low", "mid", "high", "slow"])
        // Without `from`, a scenario starts from mid; redefining replaces it.
        let t = try r.define(CommandArguments.parse("scenario slow position_floor=70%"))
        #expect(t.base == "mid" && abs((t.positionFloor ?? 0) - 0.7) < 1e-12 && t.standard == 0.01)
        #expect(r.names.count == 4)
    }

    /// `scenarios` lists every scenario with its parameters.
    @Test func listing() throws {
        var r = ScenarioRegistry()
        try r.define(CommandArguments.parse("scenario more from mid entries=+10%@2025 study_places=Sykepleier:+1868@2023"))
        let t = r.table()
        #expect(t.rowCount == 4)
        #expect(t.columnNames.prefix(7) == ["scenario", "from", "standard", "productivity", "family", "family_level", "health"])
        #expect(t.schema.fields[2].unit == "share")
        #expect(t[0, 0] == .string("low") && t[0, 4] == .string("share") && t[0, 5] == .null)
        #expect(t[2, 6] == .string("no"))
        #expect(t[3, t.index(of: "entries")!] == .string("+10%@2025"))
        #expect(t[3, t.index(of: "study_places")!] == .string("Sykepleier:+1868@2023"))
    }

    /// Errors point at the offending word (character offsets in the statement) with a hint.
    @Test(arguments: [
        ("scenario x from mid standrd=1%", "unknown scenario parameter `standrd`", "standrd=1%", "did you mean `standard`?"),
        ("scenario x from mid family=some", "family must be `level` or `share`, not `some`", "some", nil),
        ("scenario x from mid health=maybe", "health must be yes or no, not `maybe`", "maybe", nil),
        ("scenario x from mdi", "unknown scenario `mdi`", "mdi", "did you mean `mid`?"),
        ("scenario low from mid", "`low` is a built-in scenario and cannot be redefined", "low", nil),
        ("scenario x from mid standard=0.8", "`0.8` reads as 80% a year", "0.8", nil),
        ("scenario x from mid entries=+10%@20x5", "`20x5` is not a year", "+10%@20x5", nil),
        ("scenario x from mid study_places=+222", "study_places needs the years: `@2023` (from 2023) or `@2023..2037` (+222 more every year)", "+222", nil),
        ("scenario x from mid position=5", "position must be a change in percent, not `5`", "5", nil),
        ("scenario x onto mid", "expected `from BASE` or key=value, found `onto`", "onto", nil),
    ] as [(String, String, String, String?)])
    func definitionErrors(_ text: String, _ message: String, _ word: String, _ hint: String?) throws {
        var r = ScenarioRegistry()
        do {
            try r.define(CommandArguments.parse(text))
            Issue.record("no error for \(text)")
        } catch let e as Diagnostic {
            #expect(e.message == message)
            let span = try #require(e.span)
            let chars = Array(text)
            #expect(String(chars[span.start..<span.end]) == word)
            if let hint { #expect(e.hint == hint) }
        }
        #expect(r.names == ["low", "mid", "high"])   // a failed definition changes nothing
    }
}
