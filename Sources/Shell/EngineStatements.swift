import Foundation
import Tables
import Query
import Projection
import Indicators

extension Session {
    /// `scenario NAME from … key=value …`.
    func defineScenario(_ statement: String) throws -> StatementResult {
        let args = try CommandArguments.parse(statement)
        var registry = scenarios
        let scenario = try registry.define(args)
        scenarios = registry
        let table = registry.table()
        let row = registry.names.firstIndex(of: scenario.name).map { [$0] } ?? []
        return StatementResult(output: "scenario \(scenario.name) defined\n" + render(table.gather(row)))
    }

    /// `indicator define …`; nil for the other forms of `indicator`, which are pipelines.
    func indicatorDefinition(_ statement: String) throws -> StatementResult? {
        let args = try CommandArguments.parse(statement)
        guard let first = args.words.first, first.key == nil, first.text.lowercased() == "define" else { return nil }
        return StatementResult(output: try defineIndicator(statement))
    }

    /// `indicator NAME on D …` and `indicators` at the head of a pipeline.
    func runIndicator(_ args: CommandArguments) throws -> Table {
        let registry = self.registry
        return try IndicatorCommand.run(args, catalog: indicators, dataset: { name in try registry.table(named: name) })
    }

    /// `indicator define NAME = FORMULA [per col, …] [description="…"]`: the indicator engine's own
    /// statement parser (`IndicatorCatalog.define(statement:)`), so the shell cannot read it differently.
    func defineIndicator(_ statement: String) throws -> String {
        var catalog = indicators
        let name = try catalog.define(statement: statement)
        indicators = catalog
        let per = catalog.indicator(named: name)?.per ?? []
        return "indicator \(name) defined" + (per.isEmpty ? "" : " (per \(per.joined(separator: ", ")))")
    }

    /// The projection's inputs from `<datasets>/projection`, read and validated once.
    func projectionInputs(span: SourceSpan) throws -> ProjectionInputs {
        if let cached = cachedProjectionInputs { return cached }
        guard let folder = registry.folder else {
            throw Diagnostic("no datasets folder, so no projection inputs", span: span,
                             hint: "start hws with --datasets DIR (a folder with projection/population.csv, stock.csv, …)")
        }
        let directory = folder + "/projection"
        guard FileManager.default.fileExists(atPath: directory + "/population.csv") else {
            throw Diagnostic("no projection inputs in \(directory)", span: span,
                             hint: "the folder needs population.csv, stock.csv, flows.csv, labour.csv, services.csv, user_rates.csv, service_mix.csv")
        }
        do {
            let inputs = try ProjectionInputs.load(directory: directory)
            cachedProjectionInputs = inputs
            return inputs
        } catch let error as DiagnosticError {
            throw Diagnostic("cannot read the projection inputs: \(error.message)", span: span, hint: error.hint)
        }
    }

    /// `help indicator NAME`.
    func indicatorHelp(_ word: CommandArguments.Word) throws -> String {
        do {
            return try indicators.help(name: word.text)
        } catch let error as DiagnosticError {
            throw Diagnostic(error.message, span: word.span, hint: error.hint ?? NameSuggester.hint(for: word.text, in: indicators.names))
        }
    }
}
