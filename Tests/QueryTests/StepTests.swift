import Testing
import Tables
@testable import Query

@Suite struct StepTests {
    @Test func whereFiltersWithAndOr() throws {
        let t = try table(#"from employees | where occupation == "Sykepleier" and year >= 2021 or age > 60"#)
        #expect(rows(t).map { $0[3] } == [.int(35), .int(62)])
    }

    @Test func whereDropsNullConditionRows() throws {
        // position is null for one row: `position > 10` is null there, so the row is dropped
        let t = try table("from employees | where position > 10")
        #expect(t.rowCount == 7)
        let u = try table("from employees | where not (position > 10)")
        #expect(u.rowCount == 0)
    }

    @Test func selectPicksRenamesComputesAndDrops() throws {
        let t = try table("from employees | select year, yrke = occupation, pct = position / 100")
        #expect(t.columnNames == ["year", "yrke", "pct"])
        #expect(t[0, 2] == .double(1.0))
        #expect(t.schema.fields[2].type == .double)
        let d = try table("from employees | select -fte, -årsverk")
        #expect(d.columnNames == ["year", "occupation", "sex", "age", "position"])
    }

    @Test func deriveAppendsAndReplacesAndSeesEarlierItems() throws {
        let t = try table("from employees | derive pct = position / 100, half = pct / 2, age = age + 1 | take 1")
        #expect(t.columnNames == ["year", "occupation", "sex", "age", "position", "fte", "årsverk", "pct", "half"])
        #expect(t[0, 3] == .int(35))
        #expect(t[0, 8] == .double(0.5))
    }

    @Test func aggByGroupsSortedByKeys() throws {
        let t = try table("from employees | agg n = count(), fte = sum(fte), avg_age = mean(age) by occupation")
        #expect(t.columnNames == ["occupation", "n", "fte", "avg_age"])
        #expect(values(t, "occupation") == [.string("Helsefagarbeider"), .string("Lege"), .string("Sykepleier")])
        #expect(values(t, "n") == [.int(3), .int(2), .int(3)])
        #expect(values(t, "fte") == [.double(1.65), .double(1.0), .double(2.8)])
        #expect(values(t, "avg_age") == [.double(27), .double(56.5), .double(38)])
    }

    @Test func aggWithoutByGivesOneRow() throws {
        let t = try table("from employees | agg n = count(), with_position = count(position), fulltime = mean(position >= 100)")
        #expect(rows(t) == [[.int(8), .int(7), .double(3.0 / 7.0)]])
        #expect(t.schema.fields[2].unit == "share")
        let e = try table("from employees | where year == 1900 | agg n = count(), s = sum(fte)")
        #expect(rows(e) == [[.int(0), .null]])
    }

    @Test func sortIsStableDescendingAndNullsLast() throws {
        let t = try table("from employees | sort -position")
        #expect(values(t, "position") == [.int(100), .int(100), .int(100), .int(80), .int(75), .int(50), .int(40), .null])
        // stable: the three 100s keep their input order (ages 34, 51, 35)
        #expect(Array(values(t, "age").prefix(3)) == [.int(34), .int(51), .int(35)])
        let a = try table("from employees | sort position")
        #expect(values(a, "position").last == .null)
        let m = try table("from employees | sort occupation, -age | select occupation, age")
        #expect(values(m, "age") == [.int(30), .int(29), .int(22), .int(62), .int(51), .int(45), .int(35), .int(34)])
    }

    @Test func takeWithOffset() throws {
        let t = try table("from employees | take 2 offset 3")
        #expect(values(t, "age") == [.int(29), .int(35)])
        #expect(try table("from employees | take 0").rowCount == 0)
        #expect(try table("from employees | take 100 offset 7").rowCount == 1)
    }
}
