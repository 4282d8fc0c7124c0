import Testing
import Query
import Tables
@testable import Indicators

/// Indicators never pool years silently, and refuse a denominator with another region structure (issue 17).
@Suite("indicators: years and region structures")
struct YearsAndRegionsTests {
    /// The evaluation's table 7.1 (datasets/eval_employed_fte.csv).
    static let employedFTE = Table(names: ["year", "employed", "fte"], rows: [
        [.int(2015), .int(212_535), .int(142_640)], [.int(2016), .int(214_643), .int(145_273)],
        [.int(2017), .int(218_900), .int(150_141)], [.int(2018), .int(222_373), .int(152_745)],
        [.int(2019), .int(226_124), .int(158_839)],
    ])
    /// FTE by county on the 18 counties before 2020 (two of them) for two years, and inhabitants on the 2020 structure.
    static let fteByCounty = Table(names: ["county", "year", "fte"], rows: [
        [.string("Oslo"), .int(2018), .int(10_000)], [.string("Hedmark"), .int(2018), .int(4_000)],
        [.string("Oslo"), .int(2019), .int(10_500)], [.string("Hedmark"), .int(2019), .int(4_100)],
    ])
    static let population2020 = Table(names: ["county", "inhabitants"], rows: [
        [.string("Oslo"), .int(693_494)], [.string("Innlandet"), .int(371_385)],
    ])

    func run(_ text: String) throws -> Table {
        var data = TestDatasets()
        data.tables["employed_fte"] = Self.employedFTE
        data.tables["fte_by_county"] = Self.fteByCounty
        data.tables["fte2019"] = try Self.filter("year == 2019")
        data.tables["oslo2019"] = try Self.filter("year == 2019 and county == \"Oslo\"")
        data.tables["population2020"] = Self.population2020
        return try IndicatorCommand.run(try CommandArguments.parse(text), catalog: IndicatorCatalog(), dataset: data.callAsFunction)
    }

    /// Five years give five rows (it gave one pooled 344 937 before); 2019 by hand: 226 124 − 158 839.
    @Test func severalYearsAreGroupedByYear() throws {
        let t = try run("indicator fulltime_potential on employed_fte")
        #expect(t.columnNames.first == "year")
        #expect(numbers(t, "year") == [2015, 2016, 2017, 2018, 2019])
        #expect(numbers(t, "fulltime_potential").last == Double(226_124 - 158_839))
        let a = try run("indicator avg_position_size on employed_fte")
        #expect(abs(numbers(a, "avg_position_size").last! - 158_839.0 / 226_124) < 1e-12)
        // one year: no year column is added (the published one-year tables keep their shape)
        let one = try run("indicator fulltime_potential on omsorg_fte_employed_2021")
        #expect(one.columnNames == ["fulltime_potential", "scope"] && numbers(one, "fulltime_potential") == [54_105])
    }

    /// FTE of five years against one population is refused, with the way out in the hint.
    @Test func severalYearsAgainstOnePopulationIsRefused() throws {
        do {
            _ = try run("indicator fte_per_1000 on fte_by_county by county population=population2020")
            Issue.record("no error")
        } catch let e as Diagnostic {
            #expect(e.message == "`fte_by_county` has 2 years (2018–2019) and `population2020` has no `year`: the FTE of every year would be set against one population")
            #expect(e.hint?.contains("where year == 2019") == true)
        }
    }

    /// Counties of two structures: refused, naming the groups without a match (it gave nulls without a word).
    @Test func mismatchedRegionsAreRefused() throws {
        do {
            _ = try run("indicator fte_per_1000 on fte2019 by county population=population2020")
            Issue.record("no error")
        } catch let e as Diagnostic {
            #expect(e.message == "1 of 2 groups of `fte2019` have no match in `population2020` (Hedmark)")
            #expect(e.hint?.contains("18 counties before 2020") == true)
        }
        // the same structure on both sides is fine: Oslo 10 500 / 693 494 × 1000
        let oslo = try run("indicator fte_per_1000 on oslo2019 by county population=population2020")
        #expect(abs(numbers(oslo, "fte_per_1000")[0] - 10_500.0 / 693_494 * 1000) < 1e-9)
    }

    static func filter(_ condition: String) throws -> Table {
        try QueryEngine(resolver: TableResolver()).apply("where " + condition, to: fteByCounty).table
    }
}
