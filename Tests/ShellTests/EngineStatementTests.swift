import Foundation
import Testing
import Tables
@testable import Shell

/// The projection and indicator engines wired into statements, on the bundled datasets.
@Suite("Engine statements")
struct EngineStatementTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets").path

    func session() -> Session {
        Session(options: SessionOptions(datasetsDirectory: Self.datasets, workingDirectory: FileManager.default.temporaryDirectory.path))
    }

    @Test("project gap heads a pipeline; mid 2040 total shortage is NOU 2023:4 table 2.1's −69 500 within rounding")
    func projectGap() throws {
        let s = session()
        s.settings.format = .csv
        let outcome = s.execute("project gap scenario=mid to=2040 | where year == 2040 | agg gap = sum(gap)")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.first == "gap")
        let total = try #require(Double(lines[1]))
        #expect(abs(total - -69_500) <= 500)
    }

    @Test("scenario defines a named scenario that `scenarios` lists and `project` uses; a bad one changes nothing")
    func scenarios() throws {
        let s = session()
        let defined = s.execute("scenario slow from mid standard=0.8%")
        #expect(defined.ok, "\(defined.error ?? "")")
        #expect(defined.output.hasPrefix("scenario slow defined"))
        #expect(s.scenarios.names.contains("slow"))
        s.settings.format = .csv
        let listed = s.execute("scenarios | select scenario")
        #expect(listed.output == "scenario\nlow\nmid\nhigh\nslow")
        let run = s.execute("project demand scenario=slow to=2030 | where year == 2030 | agg n = count()")
        #expect(run.ok, "\(run.error ?? "")")
        let before = s.scenarios.names
        let bad = s.execute("scenario quick from mdi")
        #expect(bad.error?.contains("hint: did you mean `mid`?") == true)
        #expect(s.scenarios.names == before)
    }

    @Test("indicators lists the catalog; help indicator shows the definition; an unknown one suggests")
    func indicatorCatalog() {
        let s = session()
        s.settings.format = .csv
        let listed = s.execute("indicators | select name")
        #expect(listed.output.split(separator: "\n").contains("fulltime_share"))
        #expect(s.execute("help indicator fulltime_share").output.contains("employed with agreed position ≥ 100 % ÷ all employed"))
        #expect(s.execute("help indicator fulltime_shar").error?.contains("did you mean `fulltime_share`?") == true)
    }

    @Test("avg_position_size of helsefagarbeidere 2021 is 50 095 / 63 251 = 0.792 (full-time plan)")
    func indicatorOnBundled() throws {
        let s = session()
        s.settings.format = .csv
        let outcome = s.execute("""
            indicator avg_position_size on omsorg_fte_employed_2021 by education_group \
            | where education_group == "Helsefagarbeidere"
            """)
        #expect(outcome.ok, "\(outcome.error ?? "")")
        let value = try #require(outcome.output.split(separator: "\n").last?.split(separator: ",").last.flatMap { Double($0) })
        #expect(abs(value - 50_095.0 / 63_251.0) < 0.0005)
    }

    @Test("indicator define adds a user indicator usable on a generated register; errors point into the formula")
    func defineIndicator() throws {
        let s = session()
        let defined = s.execute("indicator define seniors = mean(age >= 60) per occupation")
        #expect(defined.ok, "\(defined.error ?? "")")
        #expect(defined.output == "indicator seniors defined (per occupation)")
        s.settings.format = .csv
        let run = s.execute("let reg = generate register rows=3000 seed=2; indicator seniors on reg | agg n = count()")
        #expect(run.ok, "\(run.error ?? "")")
        let bad = s.execute("indicator define broken = mean(age >=)")
        let lines = try #require(bad.error).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("error: in the formula of `broken`"))
        #expect(!s.indicators.names.contains("broken"))
    }
}

@Suite("describe and datasets on the bundled datasets")
struct DescribeTests {
    func session() -> Session {
        Session(options: SessionOptions(datasetsDirectory: EngineStatementTests.datasets,
                                        workingDirectory: FileManager.default.temporaryDirectory.path))
    }

    @Test("describe shows the catalog's source, unit and caveats, then one row per column")
    func describeBundled() throws {
        let s = session()
        let outcome = s.execute("describe omsorg_fte_employed_2021")
        #expect(outcome.ok, "\(outcome.error ?? "")")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "omsorg_fte_employed_2021: 12 rows, 3 columns")
        #expect(lines.contains { $0.hasPrefix("source:  Opptrappingsplan for heltid og god bemanning") })
        #expect(lines.contains { $0.hasPrefix("unit:    årsverk (FTE); persons employed") })
        #expect(lines.contains { $0.hasPrefix("caveats: ") })
        #expect(lines.contains("file:    datasets/omsorg_fte_employed_2021.csv"))
        #expect(lines.contains { $0.hasPrefix("fte ") && $0.contains("50095") })
        #expect(lines.contains { $0.hasPrefix("education_group ") && $0.contains("Aktivitør") })
    }

    @Test("describe of an unknown dataset points at the name and suggests")
    func describeUnknown() throws {
        let outcome = session().execute("describe helsemod_gapp")
        #expect(outcome.error == """
            error: unknown dataset `helsemod_gapp`
            describe helsemod_gapp
                     ^^^^^^^^^^^^^
            hint: did you mean `helsemod_gap` or `helsemod_supply`?
            """)
    }

    @Test("datasets lists bundled files with their size and catalog title, rows once loaded, without loading")
    func datasetsListing() throws {
        let s = session()
        let before = s.execute("datasets").output
        let line = try #require(before.split(separator: "\n").first { $0.hasPrefix("helsemod_gap ") })
        #expect(!line.contains("null") && !line.contains("not loaded"))
        #expect(line.contains(" KB │ HELSEMOD gap"), "\(line)")
        #expect(s.registry.entry("helsemod_gap")?.table == nil, "listing loaded the file")
        #expect(s.execute("from helsemod_gap | take 1").ok)
        let after = try #require(s.execute("datasets").output.split(separator: "\n").first { $0.hasPrefix("helsemod_gap ") })
        #expect(after.contains(" 84 "))
    }
}

@Suite struct LetShadowingTests {
    @Test func hidingABundledOrLoadedDatasetWarnsOnce() throws {
        let box = try SessionSandbox()
        let s = box.session()
        let first = s.execute("let probe = from probe | take 1")
        #expect(first.output.hasPrefix("warning: `probe` now names this result; the bundled dataset of that name is hidden"), "\(first.output)")
        #expect(!s.execute("let probe = from probe | take 1").output.contains("warning"))
        try box.write("a\n1\n", to: "mine.csv")
        #expect(s.execute("load \"mine.csv\" as mine").ok)
        #expect(s.execute("let mine = from mine").output.hasPrefix("warning: `mine` now names this result; it no longer names the file mine.csv"))
    }
}
