import Foundation
import Testing
import Tables
@testable import Shell

@Suite struct CompleterTests {
    /// A session with two datasets bound in code and an empty working folder with a few files.
    private func makeCompleter() throws -> (Completer, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-complete-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/data/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/sessions", withIntermediateDirectories: true)
        for f in ["data/årsverk.csv", "data/helse.csv", "data/notes.txt", "data/sub/x.csv", "sessions/heltid.hws",
                  "sessions/heltid.md", "kurs.hws"] {
            try "x\n".write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        let session = Session(options: SessionOptions(datasetsDirectory: dir + "/none", workingDirectory: dir))
        session.registry.bind("helsemod_supply", table: Table([
            ("year", Column(ints: [2019])), ("occupation", Column(strings: ["Sykepleier"])),
            ("årsverk", Column(doubles: [1])), ("stilling i prosent", Column(doubles: [1])),
        ]), origin: .derived(statement: "test"))
        session.registry.bind("helsemod_demand", table: Table([
            ("year", Column(ints: [2019])), ("service", Column(strings: ["x"])),
        ]), origin: .derived(statement: "test"))
        session.registry.bind("employees", table: Table([
            ("occupation", Column(strings: ["x"])), ("fte", Column(doubles: [1])),
        ]), origin: .derived(statement: "test"))
        return (Completer(session: session), dir)
    }

    private func complete(_ c: Completer, _ line: String) -> [String] { c.complete(line: line, cursor: line.count) }

    @Test func statementKeywordsAtTheStart() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "de") == ["describe"])
        #expect(complete(c, "  sc") == ["scenario", "scenarios"])
        #expect(complete(c, "rep") == ["replay"])
        #expect(complete(c, "x; lo") == ["load"])
    }

    @Test func datasetNamesAfterFromJoinDescribeAndOn() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "from hel") == ["helsemod_demand", "helsemod_supply"])
        #expect(complete(c, "from HELSEMOD_S") == ["helsemod_supply"])
        #expect(complete(c, "describe em") == ["employees"])
        #expect(complete(c, "from employees | join hel") == ["helsemod_demand", "helsemod_supply"])
        #expect(complete(c, "indicator fulltime_share on emp") == ["employees"])
        #expect(complete(c, "let x = from em") == ["employees"])
        #expect(c.completion(line: "from hel", cursor: 8).start == 5)
    }

    @Test func stepNamesAfterABar() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "from employees | wh") == ["where"])
        #expect(complete(c, "from employees | where fte > 1 | s") == ["select", "sort"])
    }

    @Test func columnsOfTheFlowingDatasetAndFunctionsInsideAStep() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "from helsemod_supply | where occ") == ["occupation"])
        #expect(complete(c, "from helsemod_supply | where ye") == ["year"])
        // æøå before the cursor, and names that must be backquoted.
        #expect(complete(c, "from helsemod_supply | select år") == ["årsverk"])
        #expect(complete(c, "from helsemod_supply | select sti") == ["`stilling i prosent`"])
        #expect(complete(c, "from helsemod_supply | select `sti") == ["`stilling i prosent`"])
        // Functions too, and aggregates in `agg`.
        #expect(complete(c, "from employees | derive r = rou") == ["round"])
        #expect(complete(c, "from employees | agg n = cou") == ["count"])
        // What flows after earlier steps: derive adds, agg keeps by-columns and aggregates.
        #expect(complete(c, "from employees | derive ratio = fte / 2 | where rat") == ["ratio"])
        #expect(complete(c, "from employees | agg total = sum(fte) by occupation | sort -t") == ["-total"])
        #expect(complete(c, "from employees | agg total = sum(fte) by occupation | where ft").isEmpty)
        #expect(complete(c, "from employees | agg total = sum(fte) by occupation | where o") == ["occupation"])
        #expect(complete(c, "from employees | join helsemod_demand on ser") == ["service"])
        #expect(complete(c, "from employees | chart bar x=occ") == ["occupation"])
        #expect(complete(c, "from employees | chart li") == ["line"])
    }

    @Test func completionOffsetsCountCharacters() throws {
        let (c, _) = try makeCompleter()
        let line = "from helsemod_supply | where årsverk > 1 | select occ"
        let completion = c.completion(line: line, cursor: line.count)
        #expect(completion.candidates == ["occupation"])
        #expect(completion.start == line.count - 3)
        // The cursor in the middle of the line: only what is before it counts.
        let middle = "from hel | take 5"
        #expect(c.complete(line: middle, cursor: 8) == ["helsemod_demand", "helsemod_supply"])
    }

    @Test func filePathsAfterLoadReplayAndExport() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "load \"da") == ["\"data/"])
        // .txt is read as CSV, so it is offered too.
        #expect(complete(c, "load \"data/") == ["\"data/sub/", "\"data/helse.csv\"", "\"data/notes.txt\"", "\"data/årsverk.csv\""])
        #expect(complete(c, "load \"data/å") == ["\"data/årsverk.csv\""])
        #expect(complete(c, "load ").contains("\"data/"))
        #expect(complete(c, "replay ku") == ["kurs.hws"])
        #expect(complete(c, "replay sessions/") == ["sessions/heltid.hws"])
        #expect(complete(c, "export notebook sessions/h") == ["sessions/heltid.md"])
        #expect(complete(c, "save session hel") == ["heltid"])
    }

    @Test func scenarioAndIndicatorNames() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "project gap scenario=m") == ["mid"])
        #expect(complete(c, "project gap sce") == ["scenario="])
        #expect(complete(c, "project g") == ["gap"])
        #expect(complete(c, "indicator full") == ["fulltime_share", "fulltime_potential"])
        #expect(complete(c, "help indicator sick") == ["sick_leave_rate"])
        #expect(complete(c, "set format m") == ["markdown"])
    }

    @Test func nothingInsideAPlainString() throws {
        let (c, _) = try makeCompleter()
        #expect(complete(c, "from employees | where occupation == \"Syk").isEmpty)
    }
}
