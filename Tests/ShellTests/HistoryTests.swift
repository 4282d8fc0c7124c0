import Foundation
import Testing
@testable import Shell

@Suite struct HistoryTests {
    private func tempPath(_ name: String = "history") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-history-\(UUID().uuidString)")
        return dir.appendingPathComponent("sub/\(name)").path
    }

    @Test func defaultPathPrefersXDGStateHome() {
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/hws/history")
        #expect(History.defaultPath(environment: ["HOME": "/h"]) == "/h/.hws_history")
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.hws_history")
        #expect(History.defaultPath(environment: [:]) == nil)
    }

    @Test func entriesSurviveARestartIncludingNorwegianLettersAndNewlines() {
        let path = tempPath()
        let first = History(path: path)
        first.append("from omsorg | where yrke == \"Sykepleier\"")
        first.append("let æøå = from x |\n  take 5")
        first.append("load \"C:\\\\data\\\\a.csv\"")
        // No explicit save: each entry is on disk as soon as it is appended.
        let second = History(path: path)
        #expect(second.entries == ["from omsorg | where yrke == \"Sykepleier\"", "let æøå = from x |\n  take 5",
                                   "load \"C:\\\\data\\\\a.csv\""])
    }

    @Test func blankLinesAndImmediateRepeatsAreSkipped() {
        let history = History(path: nil)
        #expect(history.append("datasets"))
        #expect(!history.append("datasets"))
        #expect(!history.append("   "))
        #expect(history.append("describe x"))
        #expect(history.append("datasets"))
        #expect(history.entries == ["datasets", "describe x", "datasets"])
    }

    @Test func theFileIsCappedAndRewrittenWhenItGrowsTooLong() throws {
        let path = tempPath()
        let history = History(path: path, limit: 5)
        for i in 1...12 { history.append("statement \(i)") }
        #expect(history.entries == (8...12).map { "statement \($0)" })
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count < 10)
        #expect(lines.last == "statement 12")
        #expect(History(path: path, limit: 5).entries == (8...12).map { "statement \($0)" })
        // The rewrite leaves no temporary files behind.
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["history"])
    }

    @Test func aLibeditHeaderLineIsIgnored() throws {
        let path = tempPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try "_HiStOrY_V2_\ndatasets\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(History(path: path).entries == ["datasets"])
    }

    @Test func encodingRoundTrips() {
        for text in ["a\\b", "a\nb", "\\n", "trailing\\", "æ\nø\\å"] {
            #expect(History.decode(History.encode(text)) == text)
            #expect(!History.encode(text).contains("\n"))
        }
    }
}

@Suite struct HistoryLineTests {
    @Test func aContinuedStatementComesBackAsOneLineThatParses() {
        let typed = "from helsemod_gap \\\n| where year == 2040 |\n  take 3"
        let line = LineEditor.historyLine(typed)
        #expect(line == "from helsemod_gap | where year == 2040 |   take 3")
        let s = Session(options: SessionOptions())
        #expect(s.execute(line).ok, "\(s.execute(line).error ?? "")")
        #expect(s.execute(typed).output == s.execute(line).output)
    }
}
