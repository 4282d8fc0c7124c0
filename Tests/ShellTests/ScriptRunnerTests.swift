import Testing
@testable import Shell

@Suite("Script runner")
struct ScriptRunnerTests {
    final class Sink { var out: [String] = []; var err: [String] = [] }

    func run(_ text: String, keepGoing: Bool = false) -> (ScriptRunner.Summary, Sink, Session) {
        let session = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test"))
        let sink = Sink()
        let runner = ScriptRunner(session: session, fileName: "t.hws", keepGoing: keepGoing,
                                  output: { sink.out.append($0) }, errorOutput: { sink.err.append($0) })
        return (runner.run(text: text), sink, session)
    }

    @Test("a failing statement stops the script with exit status 1 and names the line")
    func stopsAtFailure() {
        let (summary, sink, session) = run("set rows 3\n\n# comment\nset rows x\nset rows 9\n")
        #expect(summary.exitStatus == 1)
        #expect(summary.statements == 2)
        #expect(session.settings.rows == 3)
        #expect(sink.err.first?.hasPrefix("t.hws:4: error: `x` is not a whole number") == true)
    }

    @Test("--keep-going runs the rest but still fails")
    func keepGoing() {
        let (summary, _, session) = run("set rows x\nset rows 9", keepGoing: true)
        #expect(summary.failures == 1)
        #expect(summary.exitStatus == 1)
        #expect(session.settings.rows == 9)
    }

    @Test("quit stops the script")
    func quit() {
        let (summary, _, session) = run("set rows 2\nquit\nset rows 9")
        #expect(summary.stopped)
        #expect(session.settings.rows == 2)
    }
}
