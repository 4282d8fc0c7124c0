import Foundation
import Testing
import Tables
@testable import Shell

/// Issue 20's hostile-input cases that used to give a wrong answer, a crash or a hang, in the bad-input
/// corpus style: each asserts the value or the message, and that the session goes on with its data intact.
@Suite("Bad-input corpus: issue 20")
struct HostileInputCorpusTests {
    typealias Corpus = BadInputCorpusTests

    static func write(_ text: String, _ name: String, in dir: URL) throws {
        try Data(text.utf8).write(to: dir.appendingPathComponent(name))
    }

    // MARK: - Right answers from files

    @Test("19-digit ids stay exact and distinct, and `write` prints them as they were")
    func nineteenDigitIds() throws {
        let (s, dir) = try Corpus.session()
        try Self.write("id,n\n1234567890123456789,1\n1234567890123456788,2\n9223372036854775807,3\n", "ids.csv", in: dir)
        let o = s.execute("load \"ids.csv\" as ids; from ids | agg d = n_distinct(id)")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("3"), "\(o.output)")
        let w = s.execute("from ids | write \"out.csv\"")
        #expect(w.ok, "\(w.error ?? "")")
        let written = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(written == "id,n\n1234567890123456789,1\n1234567890123456788,2\n9223372036854775807,3\n")
        try Self.write("id\n123456789012345678901\n", "big.csv", in: dir)
        // `load` parses no column: the column's warning comes with the first question that parses it.
        let big = s.execute("load \"big.csv\" as big; from big")
        #expect(big.ok)
        #expect(big.output.contains("warning: big: column `id`: 1 integer is too large for 64 bits (line 2: `123456789012345678901`); read as text"),
                "\(big.output)")
        Corpus.expectIntact(s)
    }

    @Test("a one-column file of decimal commas is one column of numbers")
    func decimalCommaColumn() throws {
        let (s, dir) = try Corpus.session()
        try Self.write("verdi\n1,5\n2,5\n", "verdi.csv", in: dir)
        let o = s.execute("load \"verdi.csv\" as v; from v | agg total = sum(verdi), n = count()")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("loaded v: 2 rows, 1 column"), "\(o.output)")
        #expect(o.output.contains("4"), "\(o.output)")
        Corpus.expectIntact(s)
    }

    @Test("one Latin-1 line in a UTF-8 file: that line alone is read as Latin-1, and the warning says so")
    func oneLatin1Line() throws {
        let (s, dir) = try Corpus.session()
        var bytes = Array("sted,n\n".utf8)
        for i in 0..<2_000 { bytes += Array("Tromsø,\(i)\n".utf8) }
        bytes += Array("Troms".utf8) + [0xF8] + Array(",2000\n".utf8)
        try Data(bytes).write(to: dir.appendingPathComponent("mixed.csv"))
        let o = s.execute("load \"mixed.csv\" as m; from m | agg n = count() by sted")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("warning: mixed.csv: 1 line not valid UTF-8 (first at line 2002) read as Latin-1 (ISO-8859-1); the other lines as UTF-8")
                || o.output.contains("1 line not valid UTF-8 (first at line 2002)"), "\(o.output)")
        #expect(o.output.contains("Tromsø") && o.output.contains("2 001"), "\(o.output)")
        #expect(!o.output.contains("TromsÃ"), "\(o.output)")
        Corpus.expectIntact(s)
    }

    @Test("header spaces are kept with a warning; a one-column null is written as \"\"")
    func headerSpacesAndOneColumnNulls() throws {
        let (s, dir) = try Corpus.session()
        try Self.write(" navn ,n\nOslo,1\n,2\n", "spaced.csv", in: dir)
        let o = s.execute("load \"spaced.csv\" as sp")
        #expect(o.output.contains("warning: column name with leading or trailing spaces kept as written: ` navn `"), "\(o.output)")
        let w = s.execute("from sp | select ` navn ` | write \"one.csv\"")
        #expect(w.ok, "\(w.error ?? "")")
        let written = try String(contentsOf: dir.appendingPathComponent("one.csv"), encoding: .utf8)
        #expect(written == "\" navn \"\nOslo\n\"\"\n")
        Corpus.expectIntact(s)
    }

    @Test("JSON-stat: same labels stay apart; several datasets are named and one is picked with dataset=")
    func jsonStat() throws {
        let (s, dir) = try Corpus.session()
        let dataset = { (label: String, v: Int) in
            """
            {"class":"dataset","label":"\(label)","id":["Region","Tid"],"size":[2,1],"role":{"time":["Tid"]},
             "dimension":{"Region":{"category":{"index":["1515","1818"],"label":{"1515":"Herøy","1818":"Herøy"}}},
                          "Tid":{"category":{"index":["2020"]}}},"value":[\(v),\(v + 1)]}
            """
        }
        try Self.write("{\"class\":\"collection\",\"link\":{\"item\":[\(dataset("kommuner", 10)),\(dataset("fylker", 20))]}}",
                       "bundle.json", in: dir)
        let e = s.execute("load \"bundle.json\" as b")
        #expect(!e.ok)
        #expect(e.error?.contains("the collection holds 2 datasets: `kommuner`, `fylker`") == true, "\(e.error ?? "")")
        #expect(e.error?.contains("dataset=NAME") == true, "\(e.error ?? "")")
        let o = s.execute("load \"bundle.json\" as b dataset=fylker; set format csv; from b | agg total = sum(value) by Region, Region_label, Tid")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("1515,Herøy,2020,20"), "\(o.output)")
        #expect(o.output.contains("1818,Herøy,2020,21"), "\(o.output)")
        Corpus.expectIntact(s)
    }

    // MARK: - Statements

    @Test("20 000 statements on one line run (split in linear time), and the session goes on")
    func manyStatementsOnOneLine() throws {
        let (s, _) = try Corpus.session()
        let line = Array(repeating: "set rows 7", count: 20_000).joined(separator: "; ")
        let o = s.execute(line)
        #expect(o.ok, "\(o.error ?? "")")
        Corpus.expectIntact(s)
        // The line number of a late failing statement is still right after the running count.
        let script = Array(repeating: "set rows 7", count: 3_000).joined(separator: ";\n") + ";\nfrom nowhere"
        let failed = s.execute(script, origin: StatementOrigin(file: "x.hws", line: 1))
        #expect(failed.error?.contains("x.hws:3001") == true, "\(failed.error ?? "")")
    }

    @Test("a statement over 1 MiB is refused with its length")
    func statementTooLong() throws {
        let (s, _) = try Corpus.session()
        let statement = "from årsverk | where yrke == \"" + String(repeating: "x", count: Session.maxStatementBytes) + "\""
        let o = s.execute(statement)
        #expect(!o.ok)
        let err = o.error ?? ""
        #expect(err.contains("the statement is \(NumberFormat.grouped(Int64(statement.utf8.count))) bytes long; the limit is 1 048 576"),
                "\(err.prefix(300))")
        #expect(err.utf8.count < 2_000, "the error echoes at most a window: \(err.utf8.count) bytes")
        Corpus.expectIntact(s)
    }

    @Test("a derive of 20 000 columns runs; a pipeline of more than 1 000 steps is refused with the limit")
    func wideDeriveAndLongPipelines() throws {
        let (s, _) = try Corpus.session()
        let wide = s.execute("from årsverk | derive " + (0..<20_000).map { "a\($0) = \($0)" }.joined(separator: ", ")
                             + " | select a19999 | agg total = sum(a19999)")
        #expect(wide.ok, "\(wide.error ?? "")")
        #expect(wide.output.contains("39 998"), "\(wide.output)")
        let atLimit = s.execute("from årsverk | " + (0..<999).map { "derive a\($0) = 1" }.joined(separator: " | ") + " | agg n = sum(a998)")
        #expect(atLimit.ok, "\(atLimit.error ?? "")")
        let over = s.execute("from årsverk | " + (0..<1_001).map { "derive a\($0) = 1" }.joined(separator: " | "))
        #expect(!over.ok)
        #expect(over.error?.contains("a pipeline has at most 1000 steps") == true, "\(over.error?.prefix(300) ?? "")")
        Corpus.expectIntact(s)
    }

    @Test("replays nested past the limit stop with a clear error, not a crash")
    func replayNestingLimit() throws {
        let (s, dir) = try Corpus.session()
        let depth = Session.maxReplayDepth + 6
        for k in 0..<depth {
            let next = k + 1 < depth ? "replay \"r\(k + 1).hws\"\n" : "from årsverk | agg n = count()\n"
            try Self.write(next, "r\(k).hws", in: dir)
        }
        let o = s.execute("replay \"r0.hws\"")
        #expect(!o.ok)
        #expect(o.error?.contains("replays nested 64 deep: `r64.hws` would be one more than the limit of 64") == true, "\(o.error ?? "")")
        Corpus.expectIntact(s)
        // Within the limit the chain runs to its end.
        try Self.write("from årsverk | agg n = count()\n", "r10.hws", in: dir)
        let ok = s.execute("replay \"r0.hws\"")
        #expect(ok.ok, "\(ok.error ?? "")")
    }

    @Test("--keep-going runs the statements after a failing one on the same line")
    func keepGoingOnOneLine() throws {
        let (s, _) = try Corpus.session()
        var out: [String] = [], err: [String] = []
        let summary = ScriptRunner(session: s, fileName: "-c", keepGoing: true, output: { out.append($0) }, errorOutput: { err.append($0) })
            .run(text: "from nowhere; from årsverk | agg total = sum(årsverk); from nothere")
        #expect(summary.failures == 1)
        #expect(summary.exitStatus == 1)
        #expect(out.joined().contains("130"), "\(out)")
        #expect(err.joined().contains("nowhere") && err.joined().contains("nothere"), "\(err)")
        // Without it the line stops at the first failure.
        out = []
        let stopped = ScriptRunner(session: s, fileName: "-c", output: { out.append($0) }, errorOutput: { _ in })
            .run(text: "from nowhere; from årsverk | agg total = sum(årsverk)")
        #expect(stopped.failures == 1)
        #expect(!out.joined().contains("130"))
    }

    @Test("NaN sorts after the numbers and before nulls, ascending and descending alike")
    func nanSortsConsistently() throws {
        let (s, dir) = try Corpus.session()
        try Self.write("k,x\na,1\nb,NaN\nc,3\nd,-inf\ne,inf\nf,\ng,2\n", "nan.csv", in: dir)
        let up = s.execute("load \"nan.csv\" as nan; set format csv; from nan | sort x | select k")
        #expect(up.ok, "\(up.error ?? "")")
        #expect(up.output.hasSuffix("k\nd\na\ng\nc\ne\nb\nf"), "\(up.output)")
        let down = s.execute("from nan | sort -x | select k")
        #expect(down.output == "k\ne\nc\ng\na\nd\nb\nf", "\(down.output)")
        Corpus.expectIntact(s)
    }

    @Test("`x == null` says to use `is null`; columns named null, true or with a backquote are reachable")
    func nullComparisonsAndOddNames() throws {
        let (s, dir) = try Corpus.session()
        let eq = s.execute("from årsverk | where yrke == null")
        #expect(!eq.ok)
        #expect(eq.error?.contains("`== null` is never true") == true, "\(eq.error ?? "")")
        #expect(eq.error?.contains("hint: write `is null`") == true, "\(eq.error ?? "")")
        let flipped = s.execute("from årsverk | where null == yrke")
        #expect(flipped.error?.contains("hint: write `is null`") == true, "\(flipped.error ?? "")")
        let ne = s.execute("from årsverk | where yrke != null")
        #expect(ne.error?.contains("hint: write `is not null`") == true, "\(ne.error ?? "")")
        Corpus.expectIntact(s)

        try Self.write("null,true,a`b\n1,2,3\n4,5,6\n", "odd.csv", in: dir)
        let o = s.execute("load \"odd.csv\" as odd; set format csv; from odd | where `null` > 1 | select `true`, `a``b`")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.hasSuffix("true,a`b\n5,6"), "\(o.output)")
        let d = s.execute("from odd | derive `x``y` = `a``b` * 2 | select `x``y`")
        #expect(d.output.hasSuffix("x`y\n6\n12"), "\(d.output)")
        let unterminated = s.execute("from odd | select `a``b")
        #expect(unterminated.error?.contains("unterminated quoted name") == true, "\(unterminated.error ?? "")")
        Corpus.expectIntact(s)
    }

    @Test("completion writes odd names the way the language reads them")
    func completionQuotesOddNames() throws {
        let (s, _) = try Corpus.session()
        s.registry.bind("odd", table: Table([("a`b", Column(ints: [1])), ("true", Column(ints: [2])), ("plain", Column(ints: [3]))]),
                        origin: .derived(statement: "test"))
        let c = Completer(session: s)
        let line = "from odd | select a"
        #expect(c.complete(line: line, cursor: line.count).first == "`a``b`")
        let t = "from odd | select tru"
        #expect(c.complete(line: t, cursor: t.count).contains("`true`"))
        // What completion inserts runs.
        let o = s.execute("set format csv; from odd | select `a``b`, `true`, plain")
        #expect(o.output == "a`b,true,plain\n1,2,3", "\(o.output)")
    }

    // MARK: - The command line

    @Test("hws --datasets of a missing folder exits 2 with a clear message; -c --keep-going runs the rest")
    func commandLine() throws {
        let missing = try BinaryTests.run(["--datasets", "/nonexistent/hws-data", "-c", "datasets"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: --datasets `/nonexistent/hws-data` does not exist\n", "\(missing.stderr)")
        let file = try BinaryTests.scriptFile("x")
        let notFolder = try BinaryTests.run(["--datasets", file.path, "-c", "datasets"])
        #expect(notFolder.status == 2)
        #expect(notFolder.stderr.contains("is not a folder"), "\(notFolder.stderr)")
        let going = try BinaryTests.run(["--keep-going", "-c", "from nowhere; set format csv; from helsemod_gap | agg n = count()"])
        #expect(going.status == 1)
        #expect(going.stderr.contains("nowhere"), "\(going.stderr)")
        #expect(going.stdout.contains("n\n"), "\(going.stdout)")
        let stops = try BinaryTests.run(["-c", "from nowhere; set format csv; from helsemod_gap | agg n = count()"])
        #expect(stops.status == 1)
        #expect(!stops.stdout.contains("n\n"), "\(stops.stdout)")
    }
}
