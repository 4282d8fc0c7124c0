import Testing
import Tables
@testable import Query

/// A resolver whose commands return a small table, to test command heads.
private struct CommandResolver: DatasetResolver {
    var seen: [CommandArguments] = []
    func dataset(named: String, span: SourceSpan) throws -> Table { try Fixtures.resolver.dataset(named: named, span: span) }
    var datasetNames: [String] { Fixtures.resolver.datasetNames }
    func runCommand(_ c: CommandArguments) throws -> Table {
        guard c.command == "project" else { throw Diagnostic("unknown command `\(c.command)`", span: c.commandSpan) }
        let scenario = c.named("scenario")?.value ?? "mid"
        return Table(names: ["occupation", "scenario", "gap"], rows: [
            [.string("Sykepleier"), .string(scenario), .int(-29700)], [.string("Lege"), .string(scenario), .int(-600)]])
    }
}

@Suite struct StatementTests {
    @Test func parsesFromLetAndSteps() throws {
        let s = try QueryParser.parse("let nurses = from employees | where occupation == \"Sykepleier\" | select year, fte")
        guard case .let(let name, let span, let p) = s else { Issue.record("not let"); return }
        #expect(name == "nurses")
        #expect(span == SourceSpan(start: 4, end: 10))
        #expect(p.source == .dataset(name: "employees", span: SourceSpan(start: 18, end: 27)))
        #expect(p.steps.map(\.keyword) == ["where", "select"])
        let q = try QueryParser.parse("from `my data` # a comment | where x")
        #expect(q.pipeline.source == .dataset(name: "my data", span: SourceSpan(start: 5, end: 14)))
        #expect(q.pipeline.steps.isEmpty)
    }

    @Test func commandHeadIsHandedToTheResolverAsWords() throws {
        let text = "project gap scenario=high to=2040 | where gap < -1000 | sort gap"
        let st = try QueryParser.parse(text)
        guard case .command(let args) = st.pipeline.source else { Issue.record("not a command"); return }
        #expect(args.command == "project")
        #expect(args.positional.map(\.text) == ["gap"])
        #expect(args.named("scenario")?.value == "high")
        #expect(args.named("to")?.valueSpan == SourceSpan(start: 29, end: 33))
        let t = try table(text, resolver: CommandResolver())
        #expect(rows(t) == [[.string("Sykepleier"), .string("high"), .int(-29700)]])
    }

    @Test func chartAndWriteEndThePipeline() throws {
        let text = #"from employees | agg fulltime = mean(position >= 100) by year | chart line x=year y=fulltime title="Heltid" | write "out.csv""#
        let r = try run(text)
        #expect(r.chart?.command == "chart")
        #expect(r.chart?.positional.first?.text == "line")
        #expect(r.chart?.named("y")?.value == "fulltime")
        #expect(r.chart?.named("title")?.value == "Heltid")
        #expect(r.write?.path == "out.csv")
        #expect(r.write?.span == SourceSpan(start: 116, end: 125))
        #expect(r.table.rowCount == 2)
    }

    @Test func splitStatementsRespectsQuotesCommentsAndContinuations() {
        let text = "from a | take 1; from b | where s == \"x;y\" # note; not a statement\nfrom c |\n  take 2\nlet d = from a \\\n | take 3\n\n"
        let parts = QueryParser.splitStatements(text)
        #expect(parts.map(\.text) == ["from a | take 1", "from b | where s == \"x;y\"", "from c |   take 2", "let d = from a    | take 3"])
        #expect(parts.map(\.offset) == [0, 17, 67, 85])
        #expect(Array(text)[17..<23].map { String($0) }.joined() == "from b")
    }

    @Test func aSemicolonRightAfterAnEqualsSignIsAValue() {
        let parts = QueryParser.splitStatements("load \"a.csv\" delimiter=;; from a | take 1\nset x = 1; from b")
        #expect(parts.map(\.text) == ["load \"a.csv\" delimiter=;", "from a | take 1", "set x = 1", "from b"])
    }

    @Test func needsContinuation() {
        #expect(QueryParser.needsContinuation("from a |"))
        #expect(QueryParser.needsContinuation("from a \\"))
        #expect(QueryParser.needsContinuation("from a | where x in (1, 2"))
        #expect(QueryParser.needsContinuation("from a | where s == \"open"))
        #expect(!QueryParser.needsContinuation("from a | take 1"))
        #expect(!QueryParser.needsContinuation("from a | take 1 # trailing |"))
        #expect(!QueryParser.needsContinuation("from a | where s == \"|\""))
    }

    @Test func schemaAtEndOfPartialPipelineForCompletion() throws {
        let r = Fixtures.resolver
        #expect(QueryEngine.schema(atEndOf: "from employees | ", resolver: r)?.names.count == 7)
        #expect(QueryEngine.schema(atEndOf: "from employees | agg n = count() by year | ", resolver: r)?.names == ["year", "n"])
        #expect(QueryEngine.schema(atEndOf: "from employees | select a = age, occupation | where a > ", resolver: r)?.names == ["a", "occupation"])
        #expect(QueryEngine.schema(atEndOf: "let x = from occupations | derive y = 1 | ", resolver: r)?.names == ["occupation", "group", "education", "y"])
        #expect(QueryEngine.schema(atEndOf: "from nothing | ", resolver: r) == nil)
        let s = QueryEngine.schema(atEndOf: "from employees | agg s = sum(fte) by occupation | sort -s", resolver: r)
        #expect(s?.fields.map(\.type) == [.string, .double])
    }

    @Test func applyRunsStepsOnATable() throws {
        let t = try QueryEngine.apply("where year == 2021 | agg fte = sum(fte), n = count() by occupation", to: Fixtures.employees)
        #expect(rows(t) == [[.string("Helsefagarbeider"), .double(1.15), .int(2)], [.string("Lege"), .null, .int(1)],
                            [.string("Sykepleier"), .double(1.0), .int(1)]])
        #expect(try QueryEngine.apply("", to: Fixtures.employees).rowCount == 8)
        let e = QueryEngine(resolver: Fixtures.resolver)
        let j = try e.apply("join occupations on occupation | select occupation, education", to: Fixtures.employees)
        #expect(j.table.rowCount == 5)
    }

    @Test func unnamedAggregatesGetDefaultNames() throws {
        let t = try table("from employees | agg count(), sum(fte), max(age) by sex")
        #expect(t.columnNames == ["sex", "count", "sum_fte", "max_age"])
    }

    @Test func languageListsNames() {
        #expect(QueryLanguage.steps.contains("unpivot"))
        #expect(QueryLanguage.functions.contains("starts_with"))
        #expect(QueryLanguage.aggregates.contains("n_distinct"))
    }

    @Test func unitsTravelThroughSteps() throws {
        var t = Fixtures.employees
        t.setUnit("FTE", for: "fte")
        let r = TableResolver(["e": t])
        let out = try table("from e | where year == 2020 | select year, fte | agg fte = sum(fte) by year", resolver: r)
        #expect(out.schema.fields[1].unit == "FTE")
    }
}
