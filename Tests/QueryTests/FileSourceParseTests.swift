import Testing
import Tables
@testable import Query

@Suite struct FileSourceParseTests {
    func file(_ text: String) throws -> (path: String, span: SourceSpan, options: [String], steps: Int) {
        let p = try QueryParser.parse(text).pipeline
        guard case .file(let path, let span, let options) = p.source else { throw TableError("not a file source") }
        return (path, span, options.words.map(\.text), p.steps.count)
    }

    @Test func aQuotedPathIsAFileWithItsOptions() throws {
        let f = try file("from \"data/årsverk.csv\" delimiter=\";\" decimal=comma | where år > 2020")
        #expect(f.path == "data/årsverk.csv")
        #expect(f.span == SourceSpan(start: 5, end: 23))
        #expect(f.options == ["delimiter=;", "decimal=comma"])
        #expect(f.steps == 1)
        #expect(try file("from 'k.xlsx' sheet=\"Ark 2\" range=A3:F200").options == ["sheet=Ark 2", "range=A3:F200"])
        #expect(try file("from \"k.csv\" delimiter=; | head 3").options == ["delimiter=;"])
        #expect(try file("from \"k.csv\"").options.isEmpty)
    }

    @Test func optionSpansPointIntoTheStatement() throws {
        let text = "from \"k.csv\" header=no"
        let p = try QueryParser.parse(text).pipeline
        guard case .file(_, _, let options) = p.source else { Issue.record("not a file"); return }
        let w = try #require(options.words.first)
        #expect(String(Array(text)[w.span.start..<w.span.end]) == "header=no")
        #expect(String(Array(text)[w.valueSpan.start..<w.valueSpan.end]) == "no")
    }

    @Test func aResolverWithoutFilesSaysSo() throws {
        let e = #expect(throws: Diagnostic.self) { try QueryEngine(resolver: TableResolver()).execute("from \"k.csv\" | head 1") }
        #expect(e?.message == "files cannot be read here")
        #expect(e?.span == SourceSpan(start: 5, end: 12))
    }

    @Test func unterminatedPath() {
        #expect(throws: Diagnostic.self) { try QueryParser.parse("from \"k.csv") }
    }
}
