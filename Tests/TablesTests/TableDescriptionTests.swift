import Testing
@testable import Tables

@Suite struct TableDescriptionTests {
    @Test func describesEveryColumn() {
        let d = TableDescription.describe(TableRendererTests.workforce())
        #expect(d.columnNames == ["column", "type", "nulls", "distinct", "min", "max", "sample"])
        #expect(d.rowCount == 5)
        #expect(d.row(0) == [.string("yrke"), .string("text"), .int(0), .int(3), .string("Helsefagarbeider"),
                             .string("Sykepleier"), .string("Sykepleier, Helsefagarbeider, Jordmor")])
        #expect(d.row(1) == [.string("år"), .string("int"), .int(0), .int(2), .string("2019"), .string("2040"), .string("2019, 2040")])
        #expect(d.row(2)[4...5] == [.string("1 868.25"), .string("60 000")])
        #expect(d.row(3) == [.string("andel"), .string("double (share)"), .int(1), .int(2), .string("41.2 %"),
                             .string("50.0 %"), .string("41.2 %, 50.0 %")])
        #expect(d.row(4)[2...6] == [.int(0), .int(2), .string("false"), .string("true"), .string("true, false")])
    }

    @Test func allNullAndNaNColumns() {
        let s = TableDescription.summary(Column.nulls(.double, count: 3))
        #expect(s == TableDescription.Summary(nulls: 3, distinct: 0, min: nil, max: nil, sample: []))
        let n = TableDescription.summary(Column(doubles: [.nan, 2, -0.0, 0]))
        #expect(n.distinct == 3)
        #expect(n.min == "0")
        #expect(n.max == "2")
    }

    @Test func describesALoadedCSV() throws {
        let t = try loadCSV("kommune;årsverk\nOslo;5 500,5\nBergen;..\nOslo;12\n").table
        let d = TableDescription.describe(t)
        #expect(d.row(0)[3] == .int(2))
        #expect(d.row(1)[2] == .int(1))
        #expect(d.row(1)[4] == .string("12"))
        #expect(d.row(1)[5] == .string("5 500.5"))
    }
}
