import Testing
import Tables
@testable import Query

/// A statistics-bank table (`value` next to a text `status`): an aggregate over cells with status `:` (confidential,
/// value null) warns that they were left out, since a sum that skips them is not the total.
@Suite struct SuppressedCellTests {
    static let cells = Table(names: ["Region", "Tid", "value", "status"], rows: [
        [.string("1515"), .int(2023), .double(10), .null],
        [.string("1515"), .int(2024), .null, .string(":")],
        [.string("1818"), .int(2023), .null, .string(":")],
        [.string("1818"), .int(2024), .null, .string(":")],
        [.string("0301"), .int(2023), .double(100), .null],
        [.string("0301"), .int(2024), .null, .string("..")],
    ])
    static let resolver = TableResolver(["x": cells])

    @Test func aggregateOverSuppressedCellsWarns() throws {
        let r = try run("from x | agg s = sum(value) by Region", resolver: Self.resolver)
        #expect(r.warnings == [#"3 suppressed cells (status ":") in sum(value): they are not zeros"#])
        // The sums themselves skip the nulls, as before.
        #expect(values(r.table, "s") == [.double(100), .double(10), .null])
    }

    @Test func eachAggregateReadingValueIsNamedAndOthersAreNot() throws {
        let r = try run("from x | where Tid == 2024 | agg n = count(), m = mean(value / 1000), last = max(Tid)", resolver: Self.resolver)
        #expect(r.warnings == [#"2 suppressed cells (status ":") in mean(value / 1000): they are not zeros"#])
        let one = try run("from x | where Region == \"1515\" | agg s = sum(value)", resolver: Self.resolver)
        #expect(one.warnings == [#"1 suppressed cell (status ":") in sum(value): they are not zeros"#])
    }

    @Test func noWarningWithoutSuppressedCellsOrWithoutStatus() throws {
        // `..` (not available) is not a confidential cell.
        #expect(try run("from x | where Region == \"0301\" | agg s = sum(value)", resolver: Self.resolver).warnings.isEmpty)
        // Filtered away before the aggregate: nothing to warn about.
        #expect(try run("from x | where status is null | agg s = sum(value)", resolver: Self.resolver).warnings.isEmpty)
        // Not aggregating `value`.
        #expect(try run("from x | agg n = count() by Region", resolver: Self.resolver).warnings.isEmpty)
        // No `status` column.
        let plain = TableResolver(["y": Table(names: ["value"], rows: [[.null], [.double(2)]])])
        #expect(try run("from y | agg s = sum(value)", resolver: plain).warnings.isEmpty)
    }
}
