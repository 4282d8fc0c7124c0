import Testing
import Foundation
import Tables
import Query
@testable import Charts

/// Properties every chart must keep, checked over all kinds and several widths, plus the behaviour
/// that golden files show only by example (breaks at missing values, colour, units, binning).
@Suite struct ChartBehaviourTests {
    static let steps: [(Table, String)] = [
        (Fixtures.gap(), "chart bar x=occupation y=mid_2040"),
        (Fixtures.gapLong(last: 6), "chart bar x=occupation y=gap by=scenario sort=asc"),
        (Fixtures.gap(), "chart column x=occupation y=high_2040"),
        (Fixtures.shortage(), "chart line x=year y=shortage by=series"),
        (Fixtures.partTime(), "chart hist x=parttime_share"),
        (Fixtures.supply(), "chart scatter x=supply_2019 y=growth_pct"),
        (Fixtures.shortage(), "chart spark x=year y=shortage by=series"),
        (Fixtures.partTime(), "chart spark y=parttime_share"),
    ]

    func render(_ table: Table, _ step: String, _ style: ChartStyle) throws -> [String] {
        try ChartRenderer.render(table, spec: Fixtures.spec(step), style: style)
    }

    @Test(arguments: [20, 40, 80, 200])
    func noLineIsWiderThanTheWidth(width: Int) throws {
        for (table, step) in Self.steps {
            for ascii in [false, true] {
                for color in [false, true] {
                    let lines = try render(table, step, ChartStyle(width: width, ascii: ascii, color: color))
                    #expect(!lines.isEmpty)
                    for line in lines {
                        #expect(Ansi.visibleWidth(line) <= width, "\(step) at \(width): \(line)")
                    }
                }
            }
        }
    }

    @Test func colourOnlyWhenAsked() throws {
        for (table, step) in Self.steps {
            let plain = try render(table, step, ChartStyle(width: 80))
            #expect(plain.allSatisfy { !$0.contains("\u{1B}") }, "\(step)")
            let coloured = try render(table, step, ChartStyle(width: 80, color: true))
            #expect(coloured.contains { $0.contains("\u{1B}[") }, "\(step)")
            // Where colour does not replace glyphs (one series), stripping it gives the plain chart back.
            if !step.contains("by=") {
                #expect(coloured.map { Ansi.strip($0) } == plain, "\(step)")
            }
        }
    }

    @Test func asciiModeDrawsOnlyAscii() throws {
        for (table, step) in Self.steps {
            let lines = try render(table, step, ChartStyle(width: 80, ascii: true))
            for line in lines {
                let drawing = line.unicodeScalars.filter { !$0.isASCII && !"æøåÆØÅ".unicodeScalars.contains($0) }
                #expect(drawing.isEmpty, "\(step): \(line)")
            }
        }
    }

    @Test func aMissingValueBreaksTheLine() throws {
        func row(_ values: [Double?]) throws -> String {
            let t = Table([("x", Column(ints: [1, 2, 3])), ("y", Column(values: values.map { $0.map(Value.double) ?? .null }, type: .double))])
            let lines = try render(t, "chart line x=x y=y height=3", ChartStyle(width: 30, ascii: true))
            // All three values are equal: the line sits on one row.
            return try #require(lines.first { $0.contains("*") })
        }
        let joined = try row([5, 5, 5])
        let broken = try row([5, nil, 5])
        let plotStart = joined.firstIndex(of: "*")!
        #expect(joined[plotStart...].allSatisfy { $0 == "*" })
        let plot = broken[plotStart...]
        #expect(plot.first == "*" && plot.last == "*")
        #expect(plot.contains(" "), "no segment may cross the missing value: \(broken)")
    }

    @Test func sharesShowAsPercent() throws {
        let bars = try render(Fixtures.partTime(), "chart bar x=occupation y=parttime_share sort=desc height=3", ChartStyle(width: 60))
        #expect(bars[0].hasSuffix(" 78.0 %"))
        #expect(bars[0].hasPrefix("Miljøarbeider "))
        #expect(bars.last == "showing 3 of 29 bars")
        let oneDecimal = try render(Fixtures.partTime(), "chart bar x=occupation y=parttime_share height=1", ChartStyle(width: 60, decimals: 0))
        #expect(oneDecimal[0].hasSuffix(" 6 %"))
        let t = Table([("year", Column(ints: [2019, 2020, 2021])), ("share", Column(doubles: [0.25, 0.3, 0.42]))])
        var shares = t
        shares.setUnit("share", for: "share")
        let line = try render(shares, "chart line x=year y=share height=6", ChartStyle(width: 50))
        #expect(line.contains { $0.hasPrefix("40 % ┤") || $0.hasPrefix("40.0 % ┤") || $0.contains("40 % ┤") })
        #expect(!line.contains { $0.contains("0.4 ") })
    }

    @Test func barValuesSitAtTheEndOfEachBarAndNegativesLeftOfTheAxis() throws {
        let lines = try render(Fixtures.gap(), "chart bar x=occupation y=mid_2040", ChartStyle(width: 80))
        let nurses = try #require(lines.first { $0.hasPrefix("Sykepleiere ") })
        let psychologists = try #require(lines.first { $0.hasPrefix("Psykologer ") })
        let axis = nurses.distance(from: nurses.startIndex, to: nurses.firstIndex(of: "│")!)
        #expect(psychologists.distance(from: psychologists.startIndex, to: psychologists.firstIndex(of: "│")!) == axis)
        #expect(nurses.hasSuffix("█│"))
        #expect(nurses.contains("-29 700 ▐█") || nurses.contains("-29 700 █"))
        #expect(psychologists.hasSuffix(" 1 800"))
        // Bar lengths follow the values: nurses' bar is the longest.
        let blocks = lines.map { $0.filter { "█▐".contains($0) }.count }
        #expect(blocks.max() == nurses.filter { "█▐".contains($0) }.count)
    }

    @Test func yearsAreNotGroupedAndNumbersAre() throws {
        let lines = try render(Fixtures.shortage(), "chart line x=year y=shortage by=series", ChartStyle(width: 80))
        #expect(lines.contains { $0.contains("2014") && $0.contains("2022") })
        #expect(lines.contains { $0.hasPrefix("6 000 ┤") })
    }

    @Test func norwegianLabelsKeepAlignment() throws {
        let t = Fixtures.labelled([("Jordmødre", 500), ("Tannleger", 400), ("Bioingeniører", 800), ("Ås", 300)])
        let lines = try render(t, "chart bar x=name y=value", ChartStyle(width: 50))
        let axisColumns = lines.map { line in DisplayWidth.of(String(line[..<line.firstIndex(of: "│")!])) }
        #expect(Set(axisColumns).count == 1, "\(lines)")
        // Decomposed å (a + combining ring) takes one cell too.
        let decomposed = Fixtures.labelled([("Ja\u{030A}", 1), ("Nei", 2)])
        let d = try render(decomposed, "chart bar x=name y=value", ChartStyle(width: 30))
        #expect(Set(d.map { DisplayWidth.of(String($0[..<$0.firstIndex(of: "│")!])) }).count == 1)
    }

    @Test func droppedBarsAndSeriesAreNamed() throws {
        var names: [String] = [], values: [Double] = []
        for i in 0..<356 { names.append("kommune \(i)"); values.append(Double(i)) }
        let t = Fixtures.labelled(Array(zip(names, values)))
        let lines = try render(t, "chart bar x=name y=value height=30", ChartStyle(width: 80))
        #expect(lines.last == "showing 30 of 356 bars")
        #expect(lines.count == 31)
        let many = Table([("x", Column(ints: (0..<100).map { Int64($0 % 10) })),
                          ("g", Column(strings: (0..<100).map { "g\($0 / 10)" })),
                          ("y", Column(doubles: (0..<100).map { Double($0) }))])
        let line = try render(many, "chart line x=x y=y by=g", ChartStyle(width: 80))
        #expect(line.last == "showing 8 of 10 series")
        let columns = try render(t, "chart column x=name y=value", ChartStyle(width: 60))
        #expect(columns.last == "showing 27 of 356 columns")
    }

    @Test func freedmanDiaconisBinsAreRoundAndCountEveryValue() throws {
        let ages = Fixtures.ages(2000)
        let column = try NumericColumn(ages.columns[0], field: ages.schema.fields[0])
        let b = Histogram.binning(column: column, lo: 21, hi: 70, n: 2000, requested: nil, maxBins: 60)
        // IQR of the sum of two uniforms 0…25 is about 15; 2·15/2000^(1/3) ≈ 2.4 → a round 5.
        #expect(b.width == 5)
        #expect(b.start == 20)
        #expect(b.count == 11)
        #expect(Histogram.binning(column: column, lo: 21, hi: 70, n: 2000, requested: nil, maxBins: 4).width == 20)
        let exact = Histogram.binning(column: column, lo: 21, hi: 70, n: 2000, requested: 7, maxBins: 60)
        #expect(exact.count == 7 && exact.start == 21)
        let iqr = Histogram.interquartileRange(column: column, lo: 21, hi: 70)
        #expect(abs(iqr - 15) < 2)
        let lines = try render(ages, "chart hist x=age", ChartStyle(width: 80))
        #expect(lines.contains("2 000 values, 11 bins of width 5; y: count"))
    }

    @Test func sparklinesAverageLongSeriesIntoTheWidth() throws {
        let n = 10_000
        let t = Table([("i", Column(ints: (0..<n).map(Int64.init))), ("v", Column(doubles: (0..<n).map { Double($0) }))])
        let lines = try render(t, "chart spark x=i y=v", ChartStyle(width: 60))
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(line.hasPrefix("▁"))
        #expect(line.contains("█ min 0  max 9 999  last 9 999"))
        #expect(DisplayWidth.of(line) == 60)
        // Unsorted x is put in order.
        let shuffled = Table([("i", Column(ints: [3, 1, 2])), ("v", Column(doubles: [30, 10, 20]))])
        #expect(try render(shuffled, "chart spark x=i y=v", ChartStyle(width: 60)) == ["▁▅█ min 10  max 30  last 30"])
    }

    @Test func aMillionPointsDrawWithoutBoxing() throws {
        let n = 1_000_000
        let t = Table([("x", Column(doubles: (0..<n).map { Double($0) })),
                       ("y", Column(doubles: (0..<n).map { sin(Double($0) / 50_000) }))])
        let lines = try render(t, "chart line x=x y=y", ChartStyle(width: 100, height: 10))
        #expect(lines.count == 12)
        // A full sine period and a bit: dots in the top and the bottom row.
        #expect(lines[0].contains { $0.unicodeScalars.first!.value >= 0x2801 && $0.unicodeScalars.first!.value <= 0x28FF })
        #expect(lines[9].contains { $0.unicodeScalars.first!.value >= 0x2801 && $0.unicodeScalars.first!.value <= 0x28FF })
    }
}
