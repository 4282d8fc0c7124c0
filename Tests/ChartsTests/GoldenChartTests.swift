import Foundation
import Testing
import Tables
import Query
@testable import Charts

/// Whole-output tests: each chart is compared with a golden text file under Golden/ (read and checked
/// by eye when written), and no line may be wider than the width it was drawn for.
@Suite struct GoldenChartTests {
    /// Renders, checks the width of every line, and compares with the golden file.
    func golden(_ name: String, _ table: Table, _ step: String, width: Int, ascii: Bool = false,
                height: Int? = nil, decimals: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let spec = try Fixtures.spec(step)
        let lines = try ChartRenderer.render(table, spec: spec, style: ChartStyle(width: width, height: height, ascii: ascii,
                                                                                   decimals: decimals))
        let limit = spec.width ?? width
        for line in lines {
            #expect(DisplayWidth.of(line) <= limit, "line wider than \(limit): \(line)", sourceLocation: sourceLocation)
            if ascii { #expect(line.unicodeScalars.allSatisfy { $0.isASCII } || line.contains(where: { "æøåÆØÅ".contains($0) }),
                               "non-ASCII drawing in ASCII mode: \(line)", sourceLocation: sourceLocation) }
            #expect(!line.contains("\u{1B}"), "colour escape without colour: \(line)", sourceLocation: sourceLocation)
        }
        GoldenFile.check(lines, name, sourceLocation: sourceLocation)
    }

    // MARK: bar

    @Test func barNegativeGapsUnicode() throws {
        try golden("bar_gap_mid_80", Fixtures.gap(), "chart bar x=occupation y=mid_2040 title=\"Gap 2040, mid scenario (FTE)\"", width: 80)
    }
    @Test func barNegativeGapsAscii() throws {
        try golden("bar_gap_mid_80_ascii", Fixtures.gap(), "chart bar x=occupation y=mid_2040", width: 80, ascii: true)
    }
    @Test func barSortedAtWidth40() throws {
        try golden("bar_gap_high_sorted_40", Fixtures.gap(), "chart bar x=occupation y=high_2040 sort=asc", width: 40)
    }
    @Test func barWithMissingValuesAtWidth200() throws {
        try golden("bar_gap_2019_200", Fixtures.gap(), "chart bar x=occupation y=gap_2019_fte sort=desc", width: 200)
    }
    @Test func barGroupedByScenario() throws {
        try golden("bar_grouped_80", Fixtures.gapLong(), "chart bar x=occupation y=gap by=scenario", width: 80)
        try golden("bar_grouped_80_ascii", Fixtures.gapLong(), "chart bar x=occupation y=gap by=scenario", width: 80, ascii: true)
    }
    @Test func barShareUnitNorwegianLabelsAndDroppedBars() throws {
        try golden("bar_parttime_share_80", Fixtures.partTime(), "chart bar x=occupation y=parttime_share sort=desc height=12", width: 80)
    }
    @Test func barVeryLongLabels() throws {
        let t = Fixtures.labelled([
            ("Helsesekretærer og tannhelsesekretærer i kommunale helse- og omsorgstjenester", 4600),
            ("Sykepleiere med videreutdanning i psykisk helsearbeid, rus og avhengighet", 2900),
            ("Leger", 1700),
        ])
        try golden("bar_long_labels_40", t, "chart bar x=name y=value", width: 40)
        try golden("bar_long_labels_40_ascii", t, "chart bar x=name y=value", width: 40, ascii: true)
    }
    @Test func barHugeAndTinyMagnitudes() throws {
        let huge = Fixtures.labelled([("Norge", 1.2e9), ("Oslo", 3.5e8), ("Tromsø", 4.1e7)])
        try golden("bar_huge_80", huge, "chart bar x=name y=value", width: 80)
        let tiny = Fixtures.labelled([("a", 1e-4), ("b", 2.5e-4), ("c", -0.5e-4)])
        try golden("bar_tiny_80", tiny, "chart bar x=name y=value", width: 80)
    }

    // MARK: column

    @Test func columnShortageOverYears() throws {
        let t = try Fixtures.shortage(missing: false).filtered(series: "Sykepleiere")
        try golden("column_nurses_80", t, "chart column x=year y=shortage", width: 80)
        try golden("column_nurses_80_ascii", t, "chart column x=year y=shortage", width: 80, ascii: true)
        try golden("column_nurses_40", t, "chart column x=year y=shortage height=6", width: 40)
    }
    @Test func columnNegativeValues() throws {
        let t = Fixtures.gap().head(6)
        try golden("column_gap_negative_80", t, "chart column x=occupation y=mid_2040", width: 80)
    }

    // MARK: line

    @Test func lineThreeSeriesWithMissingValue() throws {
        let step = "chart line x=year y=shortage by=series"
        try golden("line_shortage_80", Fixtures.shortage(), step, width: 80)
        try golden("line_shortage_80_ascii", Fixtures.shortage(), step, width: 80, ascii: true)
        try golden("line_shortage_40", Fixtures.shortage(), step + " height=8", width: 40)
        try golden("line_shortage_200", Fixtures.shortage(), step, width: 200)
    }
    @Test func lineLogScale() throws {
        let t = Fixtures.labelled([("1", 3), ("2", 30), ("3", 300), ("4", 3000), ("5", 30000)])
        let x = Table([("step", Column(ints: [1, 2, 3, 4, 5])), ("value", t.columns[1])])
        try golden("line_log_60", x, "chart line x=step y=value log height=8", width: 60)
    }

    // MARK: hist

    @Test func histogramOfAges() throws {
        try golden("hist_ages_80", Fixtures.ages(2000), "chart hist x=age", width: 80)
        try golden("hist_ages_80_ascii", Fixtures.ages(2000), "chart hist x=age", width: 80, ascii: true)
        try golden("hist_ages_bins5_40", Fixtures.ages(2000), "chart hist y=age bins=5 height=6", width: 40)
    }

    // MARK: scatter

    @Test func scatterSupplyAgainstGrowth() throws {
        try golden("scatter_supply_80", Fixtures.supply(), "chart scatter x=supply_2019 y=growth_pct", width: 80)
        try golden("scatter_supply_80_ascii", Fixtures.supply(), "chart scatter x=supply_2019 y=growth_pct", width: 80, ascii: true)
        try golden("scatter_shortage_by_60", Fixtures.shortage(), "chart scatter x=year y=shortage by=series height=8", width: 60)
    }

    // MARK: spark

    @Test func sparklinesPerSeries() throws {
        let step = "chart spark x=year y=shortage by=series"
        try golden("spark_shortage_80", Fixtures.shortage(), step, width: 80)
        try golden("spark_shortage_80_ascii", Fixtures.shortage(), step, width: 80, ascii: true)
        try golden("spark_shortage_40", Fixtures.shortage(), step, width: 40)
    }

    // MARK: the branches of the plot, sparkline and bar renderers

    /// Golden/split_fixture.csv: 200 rows in descending year order (sparklines sort them by x), a series
    /// without values, missing values, a zero and a negative value (log axes leave them out), a row
    /// without year, ten occupations (more series than a plot shows). The split_*.txt files were made by
    /// hws before its renderers were split into functions (issue 18), so they pin the behaviour.
    @Test func everyBranchOfThePlotSparkAndBarRenderers() throws {
        let csv = try Data(contentsOf: GoldenFile.directory.appendingPathComponent("split_fixture.csv"))
        let t = try CSVReader.read(data: csv).table
        for (name, step) in [
            ("spark_unsorted_log_3of", "chart spark x=year y=fte by=occupation log height=3 width=80"),
            ("spark_unsorted_all", "chart spark x=year y=fte by=occupation width=100"),
            ("spark_narrow", "chart spark x=year y=fte by=occupation width=30"),
            ("line_log_many_series", "chart line x=year y=fte by=occupation log width=70 height=10"),
            ("line_nulls_one_series", "chart line x=year y=fte width=60 height=8"),
            ("scatter_by_sex", "chart scatter x=year y=fte by=sex width=60 height=8"),
            ("bar_grouped_sorted_cut", "chart bar x=occupation y=fte by=sex sort=desc height=7 width=70"),
            ("bar_grouped_many_groups", "chart bar x=sex y=fte by=occupation width=70"),
            ("bar_log_sorted", "chart bar x=occupation y=fte log sort=asc width=60"),
            ("bar_negative_sorted", "chart bar x=occupation y=fte sort=asc height=12 width=60"),
        ] {
            try golden("split_" + name, t, step, width: 80)
        }
        try golden("split_line_by_sex_ascii", t, "chart line x=year y=fte by=sex width=60 height=8", width: 80, ascii: true)
    }

    // MARK: edge cases

    @Test func oneRowOfEveryKind() throws {
        let one = Table([("year", Column(ints: [2040])), ("occupation", Column(strings: ["Sykepleiere"])),
                         ("gap", Column(doubles: [-29700]))])
        try golden("one_row_bar", one, "chart bar x=occupation y=gap", width: 60)
        try golden("one_row_column", one, "chart column x=year y=gap height=4", width: 60)
        try golden("one_row_line", one, "chart line x=year y=gap height=4", width: 60)
        try golden("one_row_scatter", one, "chart scatter x=year y=gap height=4", width: 60)
        try golden("one_row_hist", one, "chart hist x=gap height=4", width: 60)
        try golden("one_row_spark", one, "chart spark y=gap by=occupation", width: 60)
    }

    @Test func zeroRowsGiveAMessageLine() throws {
        let empty = Fixtures.gap().head(0)
        for kind in ["bar", "column", "line", "scatter", "hist", "spark"] {
            let step = kind == "hist" ? "chart hist x=mid_2040" : kind == "line" || kind == "scatter"
                ? "chart \(kind) x=low_2040 y=mid_2040" : "chart \(kind) x=occupation y=mid_2040 title=Empty"
            let lines = try ChartRenderer.render(empty, spec: Fixtures.spec(step), style: ChartStyle(width: 40))
            #expect(lines.last == ChartRenderer.noRowsMessage, "\(kind)")
        }
        let titled = try ChartRenderer.render(empty, spec: Fixtures.spec("chart bar x=occupation y=mid_2040 title=Empty"),
                                              style: ChartStyle(width: 40))
        #expect(titled == ["Empty", "(no rows to chart)"])
    }
}

extension Table {
    /// Rows whose `series` column equals `name`.
    func filtered(series name: String) throws -> Table {
        let c = column(named: "series")!
        return gather((0..<rowCount).filter { c[$0] == .string(name) })
    }
}
