import Testing
import Tables
@testable import Query

@Suite struct ErrorTests {
    @Test func unknownColumnSuggestsAccentFoldedName() throws {
        let q = "from employees | agg s = sum(arsverk) by year"
        let e = failure(q)
        #expect(e?.message == "unknown column `arsverk`")
        #expect(e?.span == SourceSpan(start: 29, end: 36))
        #expect(spanned(q, e) == "arsverk")
        #expect(e?.hint == "did you mean `årsverk`?")
    }

    @Test func unknownFunctionSuggestsNearest() throws {
        let q = "from employees | derive x = lowr(occupation)"
        let e = failure(q)
        #expect(e?.message == "unknown function `lowr`")
        #expect(spanned(q, e) == "lowr")
        #expect(e?.span?.start == 28)
        #expect(e?.hint?.contains("`lower`") == true)
    }

    @Test func unknownStep() throws {
        let q = "from employees | wher year == 2020"
        let e = failure(q)
        #expect(e?.message == "unknown step `wher`")
        #expect(e?.span == SourceSpan(start: 17, end: 21))
        #expect(e?.hint == "did you mean `where`?")
    }

    @Test func textVersusNumberIsABindTimeTypeError() throws {
        let q = #"from employees | where year == "2020""#
        let e = failure(q)
        #expect(e?.message == "cannot compare number with text")
        #expect(spanned(q, e) == #"year == "2020""#)
        #expect(e?.hint != nil)
    }

    @Test func wrongArgumentTypes() throws {
        let q = "from employees | derive x = upper(age)"
        let e = failure(q)
        #expect(e?.message == "`upper` needs text but got number")
        #expect(spanned(q, e) == "age")
        let q2 = "from employees | agg s = sum(occupation)"
        let e2 = failure(q2)
        #expect(e2?.message == "`sum` needs numbers but got text")
        #expect(spanned(q2, e2) == "occupation")
        let q3 = "from employees | derive x = round(fte, 1, 2)"
        let e3 = failure(q3)
        #expect(e3?.message == "`round` takes 1 or 2 arguments but got 3")
        #expect(spanned(q3, e3) == "round(fte, 1, 2)")
        let q4 = "from employees | where age"
        #expect(failure(q4)?.message == "`where` needs a condition but this is number")
        let q5 = #"from employees | derive x = occupation + 1"#
        let e5 = failure(q5)
        #expect(e5?.message == "cannot add text and number")
        #expect(e5?.hint == "use concat(a, b) to join text with numbers")
    }

    @Test func aggregateInWhere() throws {
        let q = "from employees | where fte > mean(fte)"
        let e = failure(q)
        #expect(e?.message == "aggregate `mean` is not allowed in `where`")
        #expect(e?.span == SourceSpan(start: 29, end: 33))
    }

    @Test func columnNeitherAggregatedNorGrouped() throws {
        let q = "from employees | agg n = count(), a = age by year"
        let e = failure(q)
        #expect(e?.message == "column `age` is neither aggregated nor in `by`")
        #expect(spanned(q, e) == "age")
    }

    @Test func unknownDatasetViaResolver() throws {
        let q = "from employes | take 1"
        let e = failure(q)
        #expect(e?.message == "unknown dataset `employes`")
        #expect(e?.span == SourceSpan(start: 5, end: 13))
        #expect(e?.hint == "did you mean `employees`?")
        let j = "from employees | join ocupations on occupation"
        let ej = failure(j)
        #expect(ej?.message == "unknown dataset `ocupations`")
        #expect(spanned(j, ej) == "ocupations")
    }

    @Test func parseErrorsPointAtTheToken() throws {
        let q = "from employees | where (age > 3"
        let e = failure(q)
        #expect(e?.message == "unclosed `(`")
        #expect(e?.span == SourceSpan(start: 23, end: 24))
        let q2 = "from employees | where age = 3"
        let e2 = failure(q2)
        #expect(e2?.message == "`=` is not a comparison")
        #expect(e2?.span == SourceSpan(start: 27, end: 28))
        #expect(e2?.hint == "compare with ==")
        let q3 = #"from employees | where occupation == "Lege"#
        let e3 = failure(q3)
        #expect(e3?.message == "unterminated string")
        #expect(e3?.span?.start == 37)
        let q4 = "from employees |"
        #expect(failure(q4)?.message == "missing step after `|`")
        let q5 = "from employees | take x"
        let e5 = failure(q5)
        #expect(e5?.message == "expected a row count but found `x`")
        #expect(spanned(q5, e5) == "x")
        let q6 = "from employees | derive age * 2"
        #expect(failure(q6)?.message == "a computed column needs a name")
        let q7 = "from employees | sort age | chart bar x=age | take 3"
        let e7 = failure(q7)
        #expect(e7?.message == "`take` cannot follow `chart` or `write`")
        #expect(spanned(q7, e7) == "take")
    }

    @Test func errorsComeBeforeAnyRowIsTouched() throws {
        // the bad column sits after a step that would divide by zero; binding fails first, so no warnings
        // and no partial result exist
        let q = "from employees | derive z = age / 0 | select nope"
        let e = failure(q)
        #expect(e?.message == "unknown column `nope`")
        #expect(spanned(q, e) == "nope")
    }

    @Test func joinKeyErrors() throws {
        let q = "from employees | join occupations on occupation == grup"
        let e = failure(q)
        #expect(e?.message == "unknown column `grup` in `occupations`")
        #expect(e?.hint == "did you mean `group`?")
        let q2 = "from employees | join occupations on age == group"
        #expect(failure(q2)?.message == "cannot join number `age` with text `group`")
        let q3 = "from employees | join occupations on occupation kind=outer"
        let e3 = failure(q3)
        #expect(e3?.message == "unknown join kind `outer`")
        #expect(spanned(q3, e3) == "outer")
    }

    @Test func nonsenseInputNeverCrashes() {
        let inputs = ["", "|", "from", "from |", "let = from x", "let x", "from employees | where ((((", "from employees | select `",
                      "from employees | derive x = " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500),
                      "from employees | derive x = " + String(repeating: "-", count: 500) + "1",
                      "from employees | sort", "from employees | agg", "from employees | take 99999999999999999999",
                      "from employees | unpivot 1..2", "from employees | pivot a values b", "@@@", "from employees | where 1 +",
                      "from employees | select a b", "from employees | join", "from employees | derive x = case end"]
        for q in inputs {
            do { _ = try run(q) } catch let e as any DiagnosticError { #expect(!e.message.isEmpty) } catch {
                Issue.record("\(q): \(error)")
            }
        }
    }
}
