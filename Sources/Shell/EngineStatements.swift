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
        return StatementResult(output: try defineIndicator(statement, defineSpan: first.span))
    }

    /// `indicator NAME on D …` and `indicators` at the head of a pipeline.
    func runIndicator(_ args: CommandArguments) throws -> Table {
        let registry = self.registry
        return try IndicatorCommand.run(args, catalog: indicators, dataset: { name in try registry.table(named: name) })
    }

    /// `indicator define NAME = FORMULA [per col, …] [description="…"]`.
    func defineIndicator(_ statement: String, defineSpan: SourceSpan) throws -> String {
        let chars = Array(statement)
        var i = defineSpan.end
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        skipSpace()
        let nameStart = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        let name = String(chars[nameStart..<i])
        let usage = "indicator define NAME = EXPR [per col, …] [description=\"…\"]"
        guard !name.isEmpty else {
            throw Diagnostic("`indicator define` needs a name", span: SourceSpan(start: nameStart, end: nameStart + 1), hint: usage)
        }
        let nameSpan = SourceSpan(start: nameStart, end: i)
        skipSpace()
        guard i < chars.count, chars[i] == "=" else {
            throw Diagnostic("expected `=` after `\(name)`", span: SourceSpan(start: i, end: i + 1), hint: usage)
        }
        i += 1
        var end = chars.count
        // description="…" at the end.
        var description: String? = nil
        let tail = String(chars[i..<end])
        if let range = tail.range(of: #"\s+description\s*=\s*"[^"]*"\s*$"#, options: .regularExpression) {
            let part = tail[range]
            if let q1 = part.firstIndex(of: "\""), let q2 = part.lastIndex(of: "\""), q1 < q2 {
                description = String(part[part.index(after: q1)..<q2])
            }
            end = i + tail.distance(from: tail.startIndex, to: range.lowerBound)
        }
        // `per a, b` at the end, outside quotes and brackets.
        var per: [String] = []
        var depth = 0
        var quote: Character? = nil
        var perAt: Int? = nil
        var j = i
        while j < end {
            let c = chars[j]
            if let q = quote { if c == q { quote = nil } } else {
                switch c {
                case "\"", "`", "'": quote = c
                case "(", "[": depth += 1
                case ")", "]": depth -= 1
                default:
                    if depth == 0, c == "p", j + 3 <= end, String(chars[j..<j + 3]) == "per", j > i, chars[j - 1].isWhitespace,
                       j + 3 == end || chars[j + 3].isWhitespace {
                        perAt = j
                    }
                }
            }
            j += 1
        }
        if let p = perAt {
            per = String(chars[(p + 3)..<end]).split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            guard !per.isEmpty else {
                throw Diagnostic("`per` needs column names", span: SourceSpan(start: p, end: p + 3), hint: usage)
            }
            end = p
        }
        var formulaStart = i
        while formulaStart < end, chars[formulaStart].isWhitespace { formulaStart += 1 }
        var formulaEnd = end
        while formulaEnd > formulaStart, chars[formulaEnd - 1].isWhitespace { formulaEnd -= 1 }
        let formula = String(chars[formulaStart..<formulaEnd])
        var catalog = indicators
        try catalog.define(name: name, formula: formula, description: description, per: per, nameSpan: nameSpan,
                           formulaSpan: SourceSpan(start: formulaStart, end: max(formulaEnd, formulaStart + 1)))
        indicators = catalog
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
