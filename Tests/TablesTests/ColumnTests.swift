import Testing
@testable import Tables

@Suite struct ColumnTests {
    @Test func inferredTypesAndNulls() {
        let c = Column(values: [.int(1), .null, .double(2.5)])
        #expect(c.type == .double)
        #expect(c.nullCount == 1)
        #expect(c[2] == .double(2.5))
        #expect(c.isNull(1))
    }

    @Test func gatherKeepsDictionaryAndMarksOutOfRangeAsNull() {
        let c = Column(strings: ["Sykepleier", "Lege", "Sykepleier"])
        let g = c.gather([2, -1, 1])
        #expect(g[0] == .string("Sykepleier"))
        #expect(g[1] == .null)
        #expect(g[2] == .string("Lege"))
        if case .string(_, let d) = g.storage { #expect(d.count == 2) } else { Issue.record("not text") }
    }

    @Test func numberFormatGroupsThousandsWithSpace() {
        #expect(NumberFormat.display(Int64(12345)) == "12 345")
        #expect(NumberFormat.display(-5500.5, decimals: 1) == "-5 500.5")
        #expect(NumberFormat.display(-0.001, decimals: 2) == "0.00")
        #expect(NumberFormat.plain(3.0) == "3")
    }

    @Test func displayWidthCountsNorwegianLettersAsOneCell() {
        #expect(DisplayWidth.of("årsverk") == 7)
        #expect(DisplayWidth.of("a\u{030A}rsverk") == 7)
        #expect(DisplayWidth.truncate("Helsefagarbeider", to: 8) == "Helsefa…")
    }

    @Test func suggesterFoldsAccents() {
        #expect(NameSuggester.nearest("arsverk", in: ["årsverk", "year", "fte"]) == ["årsverk"])
    }
}
