import Testing
import Tables
@testable import Query

/// Pipelines that end their prefix in `agg` or `select` carry only the source columns they name; the
/// answers (and errors) must be exactly those of carrying every column.
@Suite struct ColumnPruningTests {
    func kept(_ text: String) throws -> [String]? {
        let p = try QueryParser.parse(text).pipeline
        let schema = Fixtures.employees.schema
        return ColumnPruning.kept(for: p.steps[...], text: p.text, schema: schema,
                                  joined: { try? Fixtures.resolver.dataset(named: $0, span: SourceSpan(start: 0, end: 0)).schema })?
            .map { schema.fields[$0].name }
    }

    @Test func keepsOnlyTheNamedColumnsBeforeAnAgg() throws {
        #expect(try kept("from employees | where age >= 30 | agg n = count(), fte = sum(fte) by occupation")
                == ["occupation", "age", "fte"])
        #expect(try kept("from employees | sort AGE | take 3 | select occupation, x = fte * 2")
                == ["occupation", "age", "fte"])
        // Nothing named: the narrowest column stays, or the table would have no rows to count.
        #expect(try kept("from employees | agg n = count()") == ["occupation"])
        #expect(rows(try table("from employees | agg n = count()")) == [[.int(8)]])
        #expect(rows(try table("from employees | where year == 2021 | agg n = count()")) == [[.int(4)]])
        #expect(try kept("from employees | select -age | agg n = count() by sex") == ["sex", "age"])
        #expect(try kept("from employees | where `årsverk` > 0.5 | agg n = count() by sex") == ["sex", "årsverk"])
    }

    @Test func aJoinKeepsTheColumnsItsDatasetWouldClashWith() throws {
        // `occupations` has occupation, group, education: only `occupation` clashes (and is the key).
        #expect(try kept("from employees | join occupations on occupation | agg n = count() by group") == ["occupation"])
        let clash = TableResolver(["employees": Fixtures.employees,
                                   "extra": Table(names: ["occupation", "fte", "note"], rows: [
                                       [.string("Lege"), .double(9), .string("x")]])])
        let p = try QueryParser.parse("from employees | join extra on occupation | agg s = sum(extra_fte) by occupation").pipeline
        let keep = ColumnPruning.kept(for: p.steps[...], text: p.text, schema: Fixtures.employees.schema,
                                      joined: { try? clash.dataset(named: $0, span: SourceSpan(start: 0, end: 0)).schema })
        #expect(keep.map { $0.map { Fixtures.employees.schema.fields[$0].name } } == ["occupation", "fte"])
        // …so the joined `fte` is still called `extra_fte` and the answer is the unpruned one.
        let t = try table("from employees | join extra on occupation | agg s = sum(extra_fte) by occupation", resolver: clash)
        #expect(rows(t) == [[.string("Lege"), .double(18)]])
    }

    @Test func leavesPipelinesThatMayReachUnnamedColumnsAlone() throws {
        #expect(try kept("from employees | where age > 30") == nil)                 // every column flows out
        #expect(try kept("from employees | distinct | agg n = count()") == nil)
        #expect(try kept("from employees | join nosuchdataset on occupation | agg n = count()") == nil)
        #expect(try kept("from employees | pivot sex values fte | agg n = count()") == nil)
    }

    @Test func answersAreTheSameWithAndWithoutPruning() throws {
        let queries = [
            "from employees | agg n = count()",
            "from employees | where true | agg n = count()",
            "from employees | where age >= 30 | agg n = count(), fte = sum(fte) by occupation | sort occupation",
            "from employees | derive half = fte / 2 | where half > 0.3 | agg s = sum(half) by year | sort year",
            "from employees | sort -age, occupation | take 4 | select occupation, age",
            "from employees | where Sex == \"K\" | agg m = mean(position) by YEAR | sort year",
            "from employees | join occupations on occupation kind=left | agg n = count(), e = max(education) by group | sort group",
            "from employees | derive r = rank(age) over (by occupation order age) | select occupation, r | sort occupation, r",
        ]
        for q in queries {
            let pipeline = try QueryParser.parse(q).pipeline
            let pruned = try QueryEngine(resolver: Fixtures.resolver).execute(pipeline).table
            // The reference runs one step at a time, so every step before the last sees every column.
            var reference = Fixtures.employees
            for s in pipeline.steps {
                var one = pipeline
                one.steps = [s]
                reference = try QueryEngine(resolver: Fixtures.resolver).run(one, on: reference).table
            }
            #expect(rows(pruned) == rows(reference), "\(q)")
            #expect(pruned.columnNames == reference.columnNames, "\(q)")
        }
    }

    @Test func errorsAreFoundAgainstEveryColumn() {
        let text = "from employees | where agee > 30 | agg n = count() by sex"
        let e = failure(text)
        #expect(e?.message == "unknown column `agee`")
        #expect(e?.hint?.contains("`age`") == true)
    }
}
