import Foundation
import Testing
@testable import Tables

@Suite struct TableRendererTests {
    static func workforce() -> Table {
        var t = Table([
            ("yrke", Column(strings: ["Sykepleier", "Helsefagarbeider", "Jordmor"])),
            ("år", Column(ints: [2019, 2019, 2040])),
            ("årsverk", Column(doubles: [5500.5, 60000, 1868.25])),
            ("andel", Column(values: [.double(0.412), .double(0.5), .null], type: .double)),
            ("heltid", Column(bools: [true, false, true])),
        ])
        t.setUnit("share", for: "andel")
        return t
    }

    @Test func prettyTableGolden() {
        // æøå take one cell each, so `år` and `årsverk` line up; numbers right, text left; shares as %.
        #expect(TableRenderer.render(Self.workforce(), options: RenderOptions(showDimensions: true)) == """
        yrke             │   år │   årsverk │  andel │ heltid
        ─────────────────┼──────┼───────────┼────────┼───────
        Sykepleier       │ 2019 │  5 500.50 │ 41.2 % │ true
        Helsefagarbeider │ 2019 │ 60 000.00 │ 50.0 % │ false
        Jordmor          │ 2040 │  1 868.25 │   null │ true
        3 rows × 5 columns
        """)
    }

    @Test func asciiNarrowTerminalTruncatesTextAndDropsColumns() {
        let text = TableRenderer.render(Self.workforce(), options: RenderOptions(width: 30, ascii: true, maxColumnWidth: 8, showDimensions: true))
        #expect(text == """
        yrke     |   år |   årsverk
        ---------+------+----------
        Sykeple… | 2019 |  5 500.50
        Helsefa… | 2019 | 60 000.00
        Jordmor  | 2040 |  1 868.25
        … 2 more columns: andel, heltid
        3 rows × 5 columns
        """)
        for line in text.split(separator: "\n").prefix(5) { #expect(DisplayWidth.of(line) <= 30) }
    }

    @Test func longTextIsCutBeforeColumnsAreDropped() {
        let text = TableRenderer.render(Self.workforce(), options: RenderOptions(width: 40))
        #expect(text == """
        yrke     │   år │   årsverk │  andel
        ─────────┼──────┼───────────┼───────
        Sykeple… │ 2019 │  5 500.50 │ 41.2 %
        Helsefa… │ 2019 │ 60 000.00 │ 50.0 %
        Jordmor  │ 2040 │  1 868.25 │   null
        … 1 more column: heltid
        """)
        let wide = TableRenderer.render(Self.workforce(), options: RenderOptions(width: 48))
        #expect(wide.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 48 })
        #expect(wide.contains("heltid"))
        #expect(wide.contains("Helsefagar… │"))
    }

    @Test func moreRowsFooterUsesGroupedCount() {
        let n = 12_365
        let big = Table([("id", Column(ints: (0..<n).map { Int64($0) })), ("v", Column(doubles: (0..<n).map { Double($0) * 1000.5 }))])
        #expect(TableRenderer.render(big, options: RenderOptions(maxRows: 3, showDimensions: true)) == """
        id │       v
        ───┼────────
         0 │     0.0
         1 │ 1 000.5
         2 │ 2 001.0
        … 12 362 more rows
        12 365 rows × 2 columns
        """)
    }

    @Test func fixedDecimalsAndUnitsInHeaders() {
        var t = Table([("fte", Column(doubles: [1.5, 22.25]))])
        t.setUnit("FTE", for: "fte")
        #expect(TableRenderer.render(t, options: RenderOptions(decimals: 0, showDimensions: false)) == """
        fte (FTE)
        ─────────
                2
               22
        """)
    }

    @Test func colorOnlyWhenAsked() {
        let plain = TableRenderer.render(Self.workforce())
        #expect(!plain.contains("\u{1B}"))
        let colored = TableRenderer.render(Self.workforce(), options: RenderOptions(color: true))
        #expect(colored.contains("\u{1B}[2m───"))
        #expect(colored.contains("\u{1B}[2m  null\u{1B}[0m"))
        #expect(colored.hasPrefix("\u{1B}[1myrke"))
    }

    @Test func csvTsvJsonMarkdownGoldens() {
        let t = Self.workforce()
        #expect(TableRenderer.render(t, options: RenderOptions(format: .csv)) == """
        yrke,år,årsverk,andel,heltid
        Sykepleier,2019,5500.5,0.412,true
        Helsefagarbeider,2019,60000,0.5,false
        Jordmor,2040,1868.25,,true
        """)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .tsv)) == """
        yrke\tår\tårsverk\tandel\theltid
        Sykepleier\t2019\t5500.5\t0.412\ttrue
        Helsefagarbeider\t2019\t60000\t0.5\tfalse
        Jordmor\t2040\t1868.25\t\ttrue
        """)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .json)) == """
        [
          {"yrke": "Sykepleier", "år": 2019, "årsverk": 5500.5, "andel": 0.412, "heltid": true},
          {"yrke": "Helsefagarbeider", "år": 2019, "årsverk": 60000.0, "andel": 0.5, "heltid": false},
          {"yrke": "Jordmor", "år": 2040, "årsverk": 1868.25, "andel": null, "heltid": true}
        ]
        """)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .markdown)) == """
        | yrke             |   år |   årsverk |  andel | heltid |
        |:-----------------|-----:|----------:|-------:|:-------|
        | Sykepleier       | 2019 |  5 500.50 | 41.2 % | true   |
        | Helsefagarbeider | 2019 | 60 000.00 | 50.0 % | false  |
        | Jordmor          | 2040 |  1 868.25 |   null | true   |
        """)
    }

    @Test func csvAndJsonPrintEveryRowTableDoesNot() {
        let t = Table([("i", Column(ints: (0..<50).map { Int64($0) }))])
        #expect(TableRenderer.render(t, options: RenderOptions(format: .csv)).split(separator: "\n", omittingEmptySubsequences: false).count == 51)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .json)).split(separator: "\n").count == 52)
        #expect(TableRenderer.render(t).contains("… 30 more rows"))
    }

    @Test func jsonEscapingAndNonFiniteNumbers() {
        let t = Table([("s", Column(strings: ["a\"b\\c\nd\u{1}é"])), ("x", Column(doubles: [.nan]))])
        #expect(TableRenderer.render(t, options: RenderOptions(format: .json)) == """
        [
          {"s": "a\\"b\\\\c\\nd\\u0001é", "x": null}
        ]
        """)
    }

    @Test func controlCharactersAndPipesStayOnOneLine() {
        let t = Table([("note", Column(strings: ["to\nlinjer", "a|b"]))])
        #expect(TableRenderer.render(t, options: RenderOptions(showDimensions: false)) == """
        note
        ──────────
        to\\nlinjer
        a|b
        """)
        #expect(TableRenderer.render(t, options: RenderOptions(format: .markdown)).contains("| a\\|b       |"))
    }

    @Test func emptyTables() {
        #expect(TableRenderer.render(Table()) == "(no columns)")
        let none = Table([("a", Column(ints: []))])
        #expect(TableRenderer.render(none, options: RenderOptions(showDimensions: true)) == "a\n─\n0 rows × 1 column")
        #expect(TableRenderer.render(none) == "a\n─")
        #expect(TableRenderer.render(none, options: RenderOptions(format: .json)) == "[]")
    }

    @Test func identifierLikeIntegersAreNotGrouped() {
        #expect(TableRenderer.isIdentifierLike("år"))
        #expect(TableRenderer.isIdentifierLike("kommune_nr"))
        #expect(!TableRenderer.isIdentifierLike("årsverk"))
        let t = Table([("year", Column(ints: [2019])), ("persons", Column(ints: [12345]))])
        #expect(TableRenderer.render(t, options: RenderOptions(showDimensions: false)).hasSuffix("2019 │  12 345"))
    }
}

/// Display rules per unit: FTE and persons as the reports print them, percentages that honour `set
/// decimals` and show 0.25 %, and floating-point noise as zero.
@Suite struct UnitDisplayTests {
    static func render(_ values: [Double], unit: String?, decimals: Int? = nil) -> [String] {
        var t = Table([("x", Column(doubles: values))])
        if let unit { t.setUnit(unit, for: "x") }
        let text = TableRenderer.render(t, options: RenderOptions(format: .table, maxRows: 100, decimals: decimals))
        return text.split(separator: "\n").dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func fteFromAThousandUpIsAWholeNumber() {
        #expect(Self.render([55_299.98, -123_868.78, 3.87], unit: "FTE") == ["55 300", "-123 869", "4"])
        #expect(Self.render([194.55, 12.0], unit: "FTE") == ["194.6", "12.0"])
        #expect(Self.render([194.55, 12.0], unit: "persons", decimals: 2) == ["194.55", "12.00"])
        // Other units keep every decimal they need.
        #expect(Self.render([55_299.98, 1.5], unit: "kr") == ["55 299.98", "1.50"])
    }

    @Test func percentagesHonourDecimalsAndShowQuarterSteps() {
        #expect(Self.render([0.0025, 0.005, 0.0075], unit: "share") == ["0.25 %", "0.50 %", "0.75 %"])
        #expect(Self.render([0.5412345, 0.79], unit: "share") == ["54.1 %", "79.0 %"])
        #expect(Self.render([0.5412345], unit: "share", decimals: 3) == ["54.123 %"])
    }

    @Test func floatingPointNoiseShowsAsZero() {
        #expect(Self.render([3.0e-54, 1_588.38, -288.0], unit: nil) == ["0.00", "1 588.38", "-288.00"])
        // A column of only tiny values is not noise: it is what there is.
        #expect(Self.render([3.0e-9], unit: nil).first?.contains("e-") == true)
    }
}
