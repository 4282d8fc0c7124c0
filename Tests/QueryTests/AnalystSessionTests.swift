import Foundation
import Testing
import Tables
@testable import Query

/// A session the way the shell drives the engine: statements split from a script, `let` binding a
/// dataset only when its pipeline succeeds, run on the bundled HELSEMOD table (NOU 2023:4, table 2.4).
private final class Session: DatasetResolver {
    var tables: [String: Table]
    init(_ tables: [String: Table]) { self.tables = tables }
    func dataset(named: String, span: SourceSpan) throws -> Table {
        guard let t = tables[named] else { throw unknownDatasetError(named, span: span, known: datasetNames) }
        return t
    }
    var datasetNames: [String] { tables.keys.sorted() }
    func runCommand(_ command: CommandArguments) throws -> Table {
        throw Diagnostic("unknown command `\(command.command)`", span: command.commandSpan)
    }

    /// Runs one statement; a failed one changes nothing.
    func run(_ text: String) throws -> QueryResult {
        let statement = try QueryParser.parse(text)
        let result = try QueryEngine(resolver: self).execute(statement.pipeline)
        if case .let(let name, _, _) = statement { tables[name] = result.table }
        return result
    }
}

private func bundled(_ name: String) throws -> Table {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try CSVReader.read(path: root.appendingPathComponent("datasets/\(name).csv").path).table
}

@Suite struct AnalystSessionTests {
    @Test func demandByServiceReproducesTable2_4() throws {
        let session = Session(["demand": try bundled("helsemod_demand_service")])
        let script = """
            # FTE demand by service area, NOU 2023:4 table 2.4
            let totals = from demand | agg fte = sum(fte_thousands) by scenario, year
            from totals | pivot year values fte | derive growth = round((`2040` / `2019` - 1) * 100, 1) | sort growth
            from totals | where year == 2040 | sort -fte | take 1
            from totals | where yaer == 2040
            """
        let statements = QueryParser.splitStatements(script)
        #expect(statements.count == 4)
        _ = try session.run(statements[0].text)
        #expect(session.tables["totals"]?.rowCount == 6)

        let growth = try session.run(statements[1].text).table
        #expect(growth.columnNames == ["scenario", "2019", "2040", "growth"])
        #expect(values(growth, "scenario") == [.string("low"), .string("mid"), .string("high")])
        let base = values(growth, "2019").compactMap(\.asDouble)
        #expect(base.allSatisfy { abs($0 - 327.8) < 0.05 })
        let horizon = values(growth, "2040").compactMap(\.asDouble)
        for (got, published) in zip(horizon, [401.1, 481.0, 562.0]) { #expect(abs(got - published) <= 0.15) }
        let pct = values(growth, "growth").compactMap(\.asDouble)
        for (got, published) in zip(pct, [22.4, 46.8, 71.4]) { #expect(abs(got - published) <= 0.15) }

        let top = try session.run(statements[2].text).table
        #expect(top[0, 0] == .string("high"))

        // a typo fails with a caret and a hint, and leaves the session as it was
        let before = session.datasetNames
        do {
            _ = try session.run(statements[3].text)
            Issue.record("expected an error")
        } catch let e as any DiagnosticError {
            #expect(e.message == "unknown column `yaer`")
            #expect(e.hint == "did you mean `year`?")
            #expect(e.span == SourceSpan(start: 20, end: 24))
        }
        #expect(session.datasetNames == before)
    }

    @Test func failedLetBindsNothing() throws {
        let session = Session(["demand": try bundled("helsemod_demand_service")])
        #expect(throws: (any Error).self) { try session.run("let x = from demand | where fte_thousands > \"10\"") }
        #expect(session.tables["x"] == nil)
    }
}
