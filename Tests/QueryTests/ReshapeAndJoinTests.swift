import Testing
import Tables
@testable import Query

@Suite struct JoinTests {
    private let left = Table(names: ["occupation", "year", "fte"], rows: [
        [.string("Sykepleier"), .int(2020), .double(10)],
        [.string("Lege"), .int(2020), .double(5)],
        [.string("Psykolog"), .int(2020), .double(2)],
        [.null, .int(2020), .double(1)],
    ])
    private let right = Table(names: ["occupation", "fte", "education"], rows: [
        [.string("Lege"), .double(50), .int(6)],
        [.string("Sykepleier"), .double(100), .int(3)],
        [.string("Jordmor"), .double(7), .int(5)],
        [.null, .double(0), .int(0)],
    ])
    private var resolver: TableResolver { TableResolver(["l": left, "r": right]) }

    @Test func innerJoinKeepsLeftOrderAndPrefixesClashes() throws {
        let t = try table("from l | join r on occupation", resolver: resolver)
        #expect(t.columnNames == ["occupation", "year", "fte", "r_fte", "education"])
        #expect(rows(t) == [[.string("Sykepleier"), .int(2020), .double(10), .double(100), .int(3)],
                            [.string("Lege"), .int(2020), .double(5), .double(50), .int(6)]])
    }

    /// A join whose keys never meet (the report's plural `Sykepleiere` against the engine's `Sykepleier`) warns,
    /// whatever the kind; one that matches some rows does not.
    @Test func joinThatMatchesNothingWarns() throws {
        let plural = Table(names: ["occupation", "gap"], rows: [[.string("Sykepleiere"), .double(-29_700)],
                                                                  [.string("Leger"), .double(-1_700)]])
        let engine = QueryEngine(resolver: TableResolver(["l": left, "p": plural, "r": right]))
        for kind in ["inner", "left", "full"] {
            let r = try engine.execute("from l | join p on occupation kind=\(kind)")
            #expect(r.warnings == ["join p on occupation: no row matched (4 rows against 2); check that the key values are spelled alike on both sides"], "\(kind)")
        }
        #expect(try engine.execute("from l | join p on occupation").table.rowCount == 0)
        #expect(try engine.execute("from l | join r on occupation kind=full").warnings.isEmpty)
        #expect(try engine.execute("from l | where year == 1 | join r on occupation").warnings.isEmpty)
    }

    @Test func leftJoinFillsNulls() throws {
        let t = try table("from l | join r on occupation kind=left", resolver: resolver)
        #expect(t.rowCount == 4)
        #expect(values(t, "education") == [.int(3), .int(6), .null, .null])  // null keys never match
    }

    @Test func fullJoinAddsUnmatchedRightRowsWithTheirKeys() throws {
        let t = try table("from l | join r on occupation kind=full", resolver: resolver)
        #expect(t.rowCount == 6)
        #expect(values(t, "occupation") == [.string("Sykepleier"), .string("Lege"), .string("Psykolog"), .null,
                                            .string("Jordmor"), .null])
        #expect(values(t, "year") == [.int(2020), .int(2020), .int(2020), .int(2020), .null, .null])
        #expect(values(t, "education") == [.int(3), .int(6), .null, .null, .int(5), .int(0)])
    }

    @Test func joinOnDifferentNamesAndSeveralKeys() throws {
        let a = Table(names: ["kommune", "år", "v"], rows: [[.string("Oslo"), .int(2020), .int(1)], [.string("Oslo"), .int(2021), .int(2)],
                                                             [.string("Bergen"), .int(2020), .int(3)]])
        let b = Table(names: ["name", "year", "pop"], rows: [[.string("Oslo"), .int(2021), .int(700)], [.string("Bergen"), .int(2020), .int(285)],
                                                              [.string("Oslo"), .int(2020), .int(690)]])
        let t = try table("from a | join b on kommune == name, år == year", resolver: TableResolver(["a": a, "b": b]))
        #expect(t.columnNames == ["kommune", "år", "v", "name", "year", "pop"])
        #expect(values(t, "pop") == [.int(690), .int(700), .int(285)])
    }

    @Test func duplicateRightKeysMultiplyRows() throws {
        let a = Table(names: ["k"], rows: [[.int(1)], [.int(2)]])
        let b = Table(names: ["k", "x"], rows: [[.int(1), .string("a")], [.int(1), .string("b")], [.int(3), .string("c")]])
        let t = try table("from a | join b on k", resolver: TableResolver(["a": a, "b": b]))
        #expect(rows(t) == [[.int(1), .string("a")], [.int(1), .string("b")]])
        let m = try table("from a | join b on k", resolver: TableResolver(["a": a.gather([0]), "b": b]))
        #expect(m.rowCount == 2)
    }

    @Test func intAndDoubleKeysMatchByValue() throws {
        let a = Table(names: ["k"], rows: [[.int(1)], [.int(2)]])
        let b = Table(names: ["k", "x"], rows: [[.double(2), .string("two")]])
        let t = try table("from a | join b on k", resolver: TableResolver(["a": a, "b": b]))
        #expect(rows(t) == [[.double(2), .string("two")]])
    }
}

@Suite struct ReshapeTests {
    @Test func pivotLongToWide() throws {
        let long = Table(names: ["occupation", "year", "fte"], rows: [
            [.string("Lege"), .int(2019), .double(30)], [.string("Lege"), .int(2040), .double(40)],
            [.string("Sykepleier"), .int(2019), .double(100)], [.string("Sykepleier"), .int(2040), .double(120)],
            [.string("Sykepleier"), .int(2040), .double(5)],
        ])
        let t = try table("from t | pivot year values fte", resolver: TableResolver(["t": long]))
        #expect(t.columnNames == ["occupation", "2019", "2040"])
        #expect(rows(t) == [[.string("Lege"), .double(30), .double(40)], [.string("Sykepleier"), .double(100), .double(125)]])
        let m = try table("from t | pivot year values fte agg=max | where `2040` > 50", resolver: TableResolver(["t": long]))
        #expect(rows(m) == [[.string("Sykepleier"), .double(100), .double(120)]])
        let c = try table("from t | pivot year values fte agg=count", resolver: TableResolver(["t": long]))
        #expect(values(c, "2040") == [.int(1), .int(2)])
    }

    @Test func pivotErrorsAreFoundBeforeRunning() throws {
        let long = Table(names: ["a", "b"], rows: [[.string("x"), .string("y")]])
        let r = TableResolver(["t": long])
        let q = "from t | pivot a values b agg=mean"
        let e = failure(q, resolver: r)
        #expect(e?.message == "`agg=mean` needs numbers but `b` is text")
        let q2 = "from t | pivot a values b agg=smu"
        #expect(failure(q2, resolver: r)?.hint?.contains("`sum`") == true)
    }

    @Test func unpivotNamedColumns() throws {
        let wide = Table(names: ["occupation", "supply", "demand"], rows: [
            [.string("Lege"), .int(30), .int(32)], [.string("Jordmor"), .int(3), .null]])
        let t = try table("from t | unpivot supply, demand into kind, fte", resolver: TableResolver(["t": wide]))
        #expect(t.columnNames == ["occupation", "kind", "fte"])
        #expect(rows(t) == [[.string("Lege"), .string("supply"), .int(30)], [.string("Lege"), .string("demand"), .int(32)],
                            [.string("Jordmor"), .string("supply"), .int(3)], [.string("Jordmor"), .string("demand"), .null]])
    }

    @Test func unpivotYearRangeGivesIntYears() throws {
        let wide = Table(names: ["region", "2019", "2020", "2040", "note"], rows: [
            [.string("Oslo"), .int(1), .double(1.5), .int(3), .string("x")]])
        let t = try table("from t | unpivot 2019..2030 | sort -year", resolver: TableResolver(["t": wide]))
        #expect(t.columnNames == ["region", "2040", "note", "year", "value"])
        #expect(t.schema.fields[3].type == .int)
        #expect(values(t, "year") == [.int(2020), .int(2019)])
        #expect(values(t, "value") == [.double(1.5), .double(1)])
        let e = failure("from t | unpivot 1990..1995", resolver: TableResolver(["t": wide]))
        #expect(e?.message == "no columns named 1990..1995")
        let mixed = failure("from t | unpivot 2040, note", resolver: TableResolver(["t": wide]))
        #expect(mixed?.message.hasPrefix("cannot unpivot number and text") == true)
    }

    @Test func pivotThenUnpivotRoundTrips() throws {
        let long = Table(names: ["k", "year", "v"], rows: [
            [.string("a"), .int(2020), .double(1)], [.string("a"), .int(2021), .double(2)],
            [.string("b"), .int(2020), .double(3)], [.string("b"), .int(2021), .double(4)]])
        let t = try table("from t | pivot year values v | unpivot 2020..2021 into year, v", resolver: TableResolver(["t": long]))
        #expect(rows(t) == rows(long))
    }

    @Test func distinctKeepsFirstAppearance() throws {
        let t = try table("from employees | distinct occupation")
        #expect(t.columnNames == ["occupation"])
        #expect(values(t, "occupation") == [.string("Sykepleier"), .string("Lege"), .string("Helsefagarbeider")])
        let two = try table("from employees | distinct year, sex")
        #expect(two.rowCount == 4)
        let all = try table("from employees | select year | distinct")
        #expect(values(all, "year") == [.int(2020), .int(2021)])
    }
}

@Suite struct WindowTests {
    private let series = Table(names: ["k", "year", "x"], rows: [
        [.string("b"), .int(2021), .int(30)],
        [.string("a"), .int(2020), .int(10)],
        [.string("a"), .int(2022), .null],
        [.string("a"), .int(2021), .int(20)],
        [.string("b"), .int(2020), .int(15)],
        [.string("a"), .int(2023), .int(40)],
    ])
    private var resolver: TableResolver { TableResolver(["s": series]) }

    @Test func lagLeadCumsumPctChangeByPartitionInOrder() throws {
        let t = try table("""
            from s | derive prev = lag(x), next = lead(x), c = cumsum(x), g = pct_change(x), n = row_number() \
            over (by k order year) | sort k, year
            """, resolver: resolver)
        #expect(values(t, "prev") == [.null, .int(10), .int(20), .null, .null, .int(15)])
        #expect(values(t, "next") == [.int(20), .null, .int(40), .null, .int(30), .null])
        #expect(values(t, "c") == [.int(10), .int(30), .int(30), .int(70), .int(15), .int(45)])
        #expect(values(t, "g") == [.null, .double(1), .null, .null, .null, .double(1)])
        #expect(values(t, "n") == [.int(1), .int(2), .int(3), .int(4), .int(1), .int(2)])
    }

    @Test func shareRankAndWindowAggregates() throws {
        let t = try table("""
            from s | derive s = share(x), r = rank(-x), total = sum(x), m = max(year) over (by k) | sort k, year
            """, resolver: resolver)
        let expected: [Value] = [.double(10.0 / 70), .double(20.0 / 70), .null, .double(40.0 / 70),
                                 .double(15.0 / 45), .double(30.0 / 45)]
        #expect(values(t, "s") == expected)
        #expect(values(t, "r") == [.int(3), .int(2), .null, .int(1), .int(2), .int(1)])
        #expect(values(t, "total") == [.int(70), .int(70), .int(70), .int(70), .int(45), .int(45)])
        #expect(values(t, "m") == [.int(2023), .int(2023), .int(2023), .int(2023), .int(2021), .int(2021)])
    }

    @Test func rankTiesShareARank() throws {
        let t = Table(names: ["v"], rows: [[.int(5)], [.int(3)], [.int(5)], [.int(1)]])
        let r = try table("from t | derive r = rank(-v)", resolver: TableResolver(["t": t]))
        #expect(values(r, "r") == [.int(1), .int(3), .int(1), .int(4)])
    }

    @Test func windowWithoutOverUsesWholeTableInCurrentOrder() throws {
        let t = try table("from s | sort year, k | derive c = cumsum(x), lagged = lag(year, 2), d = x - lag(x)", resolver: resolver)
        #expect(values(t, "c") == [.int(10), .int(25), .int(45), .int(75), .int(75), .int(115)])
        #expect(values(t, "lagged") == [.null, .null, .int(2020), .int(2020), .int(2021), .int(2021)])
        #expect(values(t, "d") == [.null, .int(5), .int(5), .int(10), .null, .null])
    }

    @Test func windowFunctionsOutsideDeriveAreErrors() {
        let q = "from s | where lag(x) > 1"
        let e = failure(q, resolver: resolver)
        #expect(e?.message == "window function `lag` is only allowed in `derive`")
        #expect(spanned(q, e) == "lag")
        let q2 = "from s | derive y = x over (by k)"
        #expect(failure(q2, resolver: resolver)?.message == "`over (…)` needs a window function or an aggregate")
    }
}
