import Testing
@testable import Tables

@Suite struct NumberFormatTests {
    @Test func groupsThousandsWithASpace() {
        #expect(NumberFormat.grouped(0) == "0")
        #expect(NumberFormat.grouped(999) == "999")
        #expect(NumberFormat.grouped(1_000) == "1 000")
        #expect(NumberFormat.grouped(-1_868) == "-1 868")
        #expect(NumberFormat.grouped(10_000_000) == "10 000 000")
    }

    @Test func countsWithTheRightNumberOfTheNoun() {
        #expect(NumberFormat.counted(0, "row") == "0 rows")
        #expect(NumberFormat.counted(1, "row") == "1 row")
        #expect(NumberFormat.counted(1, "column") == "1 column")
        #expect(NumberFormat.counted(2, "column") == "2 columns")
        #expect(NumberFormat.counted(10_000, "row") == "10 000 rows")
    }
}
