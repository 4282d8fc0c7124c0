import Testing
import Tables
@testable import Query

/// `from "file" | …` asks the resolver for only the columns its steps name (ColumnPruning over the file's
/// column names); answers are those of the whole file, and a statement that does not bind against the
/// columns read is run against the whole file, so its error is the whole file's.
@Suite struct FileColumnsQueryTests {
    /// A resolver over one "file" (the employees fixture) that records what each read asked for.
    final class Recording: DatasetResolver {
        var asked: [Set<String>?] = []
        let whole = Fixtures.employees
        func dataset(named name: String, span: SourceSpan) throws -> Table { try Fixtures.resolver.dataset(named: name, span: span) }
        var datasetNames: [String] { Fixtures.resolver.datasetNames }
        func runCommand(_ command: CommandArguments) throws -> Table { try Fixtures.resolver.runCommand(command) }
        func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table {
            asked.append(nil)
            return whole
        }
        func file(path: String, span: SourceSpan, options: CommandArguments, columns: @escaping ([String]) -> Set<String>?) throws -> Table {
            let chosen = columns(whole.schema.names)
            asked.append(chosen)
            guard let chosen else { return whole }
            return try whole.selecting(whole.schema.names.filter { chosen.contains($0) })
        }
    }

    func run(_ text: String, _ r: DatasetResolver) throws -> Table {
        try QueryEngine(resolver: r).execute(try QueryParser.parse(text).pipeline).table
    }

    func rows(_ t: Table) -> [[Value]] { (0..<t.rowCount).map { t.row($0) } }

    @Test func onlyTheNamedColumnsAreAskedForAndTheAnswerIsTheWholeFiles() throws {
        let steps = " | where age >= 30 | agg n = count(), fte = sum(fte) by occupation"
        let r = Recording()
        let fromFile = try run("from \"e.csv\"" + steps, r)
        #expect(r.asked == [["occupation", "age", "fte"]])
        #expect(rows(fromFile) == rows(try run("from employees" + steps, Fixtures.resolver)))
        // Every column may matter: the whole file.
        let all = Recording()
        _ = try run("from \"e.csv\" | where age >= 30", all)
        #expect(all.asked == [nil])
    }

    @Test func aStatementThatDoesNotBindIsRunOnTheWholeFile() throws {
        for steps in [" | agg s = sum(ocupation)", " | agg s = sum(occupation)", " | where fte > \"x\" | agg n = count()"] {
            let r = Recording()
            var fromFile: String? = nil, fromDataset: String? = nil
            do { _ = try run("from \"e.csv\"" + steps, r) } catch let e as DiagnosticError { fromFile = e.message + (e.hint ?? "") }
            do { _ = try run("from employees" + steps, Fixtures.resolver) } catch let e as DiagnosticError { fromDataset = e.message + (e.hint ?? "") }
            #expect(fromFile != nil && fromFile == fromDataset, "\(steps)")
            // the misspelt name resolves to nothing, so the first read asks for no named column
            #expect(r.asked.count == 2 && r.asked.last == .some(nil), "\(steps): \(r.asked)")
        }
    }

    @Test func aResolverWithoutColumnChoiceReadsTheWholeFileAndDropsTheRest() throws {
        struct Plain: DatasetResolver {
            func dataset(named name: String, span: SourceSpan) throws -> Table { try Fixtures.resolver.dataset(named: name, span: span) }
            var datasetNames: [String] { [] }
            func runCommand(_ command: CommandArguments) throws -> Table { try Fixtures.resolver.runCommand(command) }
            func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table { Fixtures.employees }
        }
        let steps = " | agg fte = sum(fte) by sex"
        #expect(rows(try run("from \"e.csv\"" + steps, Plain())) == rows(try run("from employees" + steps, Fixtures.resolver)))
    }
}
