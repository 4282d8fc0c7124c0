import Testing
@testable import Shell

@Suite("Statement splitting and continuation")
struct StatementSplitterTests {
    @Test("`;` splits outside quotes, backquotes and brackets; lines are counted")
    func split() {
        let pieces = StatementSplitter.split("set rows 5; from x | where s == \"a;b\"\n; from `a;b` | where y in (1;2)")
        #expect(pieces.map(\.text) == ["set rows 5", "from x | where s == \"a;b\"", "from `a;b` | where y in (1;2)"])
        #expect(pieces.map(\.line) == [0, 0, 1])
    }

    @Test("comment-only pieces are dropped")
    func comments() {
        #expect(StatementSplitter.split("# a comment\n\n").isEmpty)
        #expect(StatementSplitter.split("# note; still a comment\nhelp").map(\.text) == ["# note; still a comment\nhelp"])
    }

    @Test("a trailing pipe, backslash, open bracket or quote continues")
    func continuation() {
        #expect(StatementSplitter.needsContinuation("from x |"))
        #expect(StatementSplitter.needsContinuation("from x \\"))
        #expect(StatementSplitter.needsContinuation("from x | where y in (1, 2"))
        #expect(StatementSplitter.needsContinuation("load \"data"))
        #expect(!StatementSplitter.needsContinuation("from x | take 3"))
        #expect(!StatementSplitter.needsContinuation("from x | where s == \"|\""))
        #expect(!StatementSplitter.needsContinuation("from x # ends |"))
    }
}
