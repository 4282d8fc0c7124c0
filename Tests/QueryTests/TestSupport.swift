import Testing
import Tables
@testable import Query

/// Small in-memory datasets for the tests.
enum Fixtures {
    static let employees = Table(names: ["year", "occupation", "sex", "age", "position", "fte", "årsverk"], rows: [
        [.int(2020), .string("Sykepleier"), .string("K"), .int(34), .int(100), .double(1.0), .double(1.0)],
        [.int(2020), .string("Sykepleier"), .string("M"), .int(45), .int(80), .double(0.8), .double(0.8)],
        [.int(2020), .string("Lege"), .string("K"), .int(51), .int(100), .double(1.0), .double(1.0)],
        [.int(2020), .string("Helsefagarbeider"), .string("K"), .int(29), .int(50), .double(0.5), .double(0.5)],
        [.int(2021), .string("Sykepleier"), .string("K"), .int(35), .int(100), .double(1.0), .double(1.0)],
        [.int(2021), .string("Lege"), .string("M"), .int(62), .null, .null, .null],
        [.int(2021), .string("Helsefagarbeider"), .string("K"), .int(30), .int(75), .double(0.75), .double(0.75)],
        [.int(2021), .string("Helsefagarbeider"), .string("M"), .int(22), .int(40), .double(0.4), .double(0.4)],
    ])

    static let occupations = Table(names: ["occupation", "group", "education"], rows: [
        [.string("Sykepleier"), .string("university"), .int(3)],
        [.string("Lege"), .string("university"), .int(6)],
        [.string("Jordmor"), .string("university"), .int(5)],
    ])

    static let resolver = TableResolver(["employees": employees, "occupations": occupations])
}

func run(_ text: String, resolver: DatasetResolver = Fixtures.resolver) throws -> QueryResult {
    try QueryEngine(resolver: resolver).execute(text)
}

func table(_ text: String, resolver: DatasetResolver = Fixtures.resolver) throws -> Table {
    try run(text, resolver: resolver).table
}

/// All rows as values.
func rows(_ t: Table) -> [[Value]] { (0..<t.rowCount).map { t.row($0) } }

/// One column's values.
func values(_ t: Table, _ name: String) -> [Value] { t.column(named: name)?.values ?? [] }

/// The diagnostic a statement fails with (records an issue when it succeeds).
func failure(_ text: String, resolver: DatasetResolver = Fixtures.resolver,
             sourceLocation: SourceLocation = #_sourceLocation) -> (any DiagnosticError)? {
    do {
        _ = try run(text, resolver: resolver)
        Issue.record("expected `\(text)` to fail", sourceLocation: sourceLocation)
        return nil
    } catch let e as any DiagnosticError {
        return e
    } catch {
        Issue.record("not a diagnostic: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The text under an error's span.
func spanned(_ text: String, _ e: (any DiagnosticError)?) -> String {
    guard let s = e?.span else { return "<no span>" }
    let c = Array(text)
    guard s.start >= 0, s.end <= c.count else { return "<out of range \(s)>" }
    return String(c[s.start..<s.end])
}
