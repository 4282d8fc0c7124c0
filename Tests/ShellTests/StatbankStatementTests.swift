import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import Tables
import Statbank
import StatbankMock
@testable import Shell

/// `ssb …` in the shell against the mock PxWebApi on 127.0.0.1 (no network; `HWS_SSB_URL` points at the mock).
@Suite("Statbank statements")
struct StatbankStatementTests {
    static func cube() -> MockCube {
        var cube = MockCube.synthetic(id: "11924", label: "Sysselsatte i helse- og omsorgstjenester, etter region, kjønn og år", dimensions: [
            .init(code: "Region", label: "region", codes: ["0301", "1804", "4601", "5001"], labels: ["Oslo", "Bodø", "Bergen", "Trondheim - Tråante"]),
            .init(code: "Kjonn", label: "kjønn", codes: ["1", "2"], labels: ["Menn", "Kvinner"], elimination: true),
            .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["Sysselsatte"], labels: ["Sysselsatte personer"], isContents: true),
            .init(code: "Tid", label: "år", codes: (2015...2024).map(String.init), isTime: true),
        ], seed: 5)
        cube.codelists["Region"] = [MockCodelist(id: "agg_Landsdel", label: "Landsdeler", values: [
            (code: "L1", label: "Østlandet", members: ["0301"]), (code: "L2", label: "Resten", members: ["1804", "4601", "5001"]),
        ])]
        return cube
    }

    func session(_ server: MockPxWeb, cache: String, offline: Bool = false) -> Session {
        var env = ["HWS_SSB_URL": server.baseURL, "HWS_SSB_CACHE": cache, "HOME": cache]
        if offline { env["HWS_OFFLINE"] = "1" }
        return Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test", workingDirectory: cache, environment: env))
    }

    func folder() -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("hws-ssb-shell-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    @Test("ssb ID VAR=SELECTION heads a pipeline and binds with let")
    func pipelineHead() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        let s = session(server, cache: folder())
        let out = s.execute("let nurses = ssb 11924 Region=0301,5001 Tid=top(5) ContentsCode=* | where Tid >= 2022 | select Region, Region_label, Tid, value, status")
        #expect(out.ok, "\(out.error ?? "")")
        #expect(out.output == "nurses: 6 rows, 5 columns")
        let t = try s.registry.table(named: "nurses")
        #expect(t.columnNames == ["Region", "Region_label", "Tid", "value", "status"])
        #expect((0..<6).map { t[$0, 1] } == [.string("Oslo"), .string("Oslo"), .string("Oslo"),
                                               .string("Trondheim - Tråante"), .string("Trondheim - Tråante"), .string("Trondheim - Tråante")])
        #expect((0..<6).map { t[$0, 2] } == [2022, 2023, 2024, 2022, 2023, 2024].map { Value.int($0) })
        // Kjonn was left out, so the server summed it: the values are the two sexes added up.
        let c = Self.cube()
        let oslo2024 = c.values[(0 * 2 + 0) * 10 + 9].flatMap { m in c.values[(0 * 2 + 1) * 10 + 9].map { m + $0 } }
        #expect(t[2, 3] == (oslo2024.map { Value.double($0) } ?? .null))
        #expect(s.statbank.lockEntries.map(\.query) == ["Region=0301,5001 Tid=top(5) ContentsCode=*"])
        // `save session` writes sessions/ssb.lock next to the session file.
        #expect(s.execute("save session staffing").ok)
        let lock = try StatbankLock.read(path: s.options.workingDirectory + "/sessions/ssb.lock")
        #expect(lock.map(\.table) == ["11924"] && lock[0].updated == "2025-03-01T08:00:00Z" && lock[0].sha256.count == 64)
        // The same statement again is answered from the cache.
        let before = server.dataRequests.count
        #expect(s.execute("ssb 11924 Region=0301,5001 Tid=top(5) ContentsCode=* | agg n = count()").ok)
        #expect(server.dataRequests.count == before)
    }

    @Test("ssb search and ssb describe")
    func searchAndDescribe() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        server.setLimits(maxDataCells: 15)
        let s = session(server, cache: folder())
        let found = s.execute("ssb search omsorgstjenester | select id, first_period, last_period")
        #expect(found.ok, "\(found.error ?? "")")
        #expect(found.output.contains("11924") && found.output.contains("2015") && found.output.contains("2024"))
        let d = s.execute("ssb describe 11924")
        #expect(d.ok, "\(d.error ?? "")")
        #expect(d.output.hasPrefix("11924: Sysselsatte i helse- og omsorgstjenester, etter region, kjønn og år\nsource: Statistisk sentralbyrå · updated: 2025-03-01T08:00:00Z"))
        #expect(d.output.contains("Kjonn"))
        #expect(d.output.contains("note: Synthetic table for tests: æøå ÆØÅ."))
        #expect(d.output.hasSuffix("query: ssb 11924 Region=* ContentsCode=* Tid=* → 40 cells in 4 requests (the server's limit is 15 cells each)"))
        let small = s.execute("ssb describe 11924 Region=1804 ContentsCode=* Tid=top(3)")
        #expect(small.output.hasSuffix("→ 3 cells"))
        let grouped = s.execute("ssb describe 11924 Region=agg:Landsdel ContentsCode=* Tid=top(3)")
        #expect(grouped.output.hasSuffix("query: ssb 11924 Region=* ContentsCode=* Tid=top(3) codelist[Region]=agg_Landsdel → 6 cells"), "\(grouped.error ?? grouped.output)")
    }

    @Test("errors point at the word at fault")
    func errors() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        let s = session(server, cache: folder())
        let out = s.execute("ssb 11924 Region=0301,9999 ContentsCode=* Tid=*")
        #expect(out.error?.hasPrefix("""
            error: table 11924, dimension `Region` has no value `9999`
            ssb 11924 Region=0301,9999 ContentsCode=* Tid=*
                      ^^^^^^^^^^^^^^^^
            """) == true, "\(out.error ?? "")")
        let missing = s.execute("ssb 11924 Region=0301")
        #expect(missing.error?.contains("dimension `ContentsCode` (statistikkvariabel) must be selected") == true)
    }

    @Test("offline: set ssb offline on replays from the cache and names what is missing")
    func offline() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        let cache = folder()
        let online = session(server, cache: cache)
        #expect(online.execute("set format csv").ok)
        let first = online.execute("ssb 11924 Region=* ContentsCode=* Tid=from(2020)")
        server.stop()
        let replay = session(server, cache: cache, offline: true)
        #expect(replay.execute("set format csv").ok)
        let again = replay.execute("ssb 11924 Region=* ContentsCode=* Tid=from(2020)")
        #expect(again.ok && again.output == first.output)
        let miss = replay.execute("ssb 11924 Region=0301 ContentsCode=* Tid=2015")
        #expect(miss.error?.contains("offline, and table 11924 data is not in the cache: GET ") == true)
        #expect(online.execute("set ssb offline on").ok && online.statbank.offline)
        #expect(online.execute("set ssb_cache \"\(cache)/other\"").ok && online.statbank.cacheFolder == cache + "/other")
        #expect(online.execute("set ssb offline maybe").error?.contains("`maybe` is not one of on, off") == true)
        #expect(online.execute("set ssb").output == "ssb url: \(server.baseURL)\nssb cache: \(cache)/other\nssb offline: on")
    }

    @Test("ssb refresh NAME shows what changed")
    func refresh() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        let s = session(server, cache: folder())
        #expect(s.execute("let staff = ssb 11924 Region=0301 ContentsCode=* Tid=top(2)").ok)
        server.put(Self.cube().addingPeriod("2025", updated: "2026-03-01T08:00:00Z"))
        let r = s.execute("ssb refresh staff")
        #expect(r.ok, "\(r.error ?? "")")
        #expect(r.output.hasPrefix("table 11924 (updated 2026-03-01T08:00:00Z): 0 cells changed, 1 added (new periods: 2025), 0 status changes, 1 removed"))
    }

    @Test("a pasted v2 URL and an API v1 query file give the same table as the typed selection")
    func pastedQueries() throws {
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        let dir = folder()
        let s = session(server, cache: dir)
        #expect(s.execute("set format csv").ok)
        let typed = s.execute("ssb 11924 Region=0301,1804 ContentsCode=* Tid=top(3)")
        #expect(typed.ok)
        let url = s.execute("ssb url=\"\(server.baseURL)/tables/11924/data?lang=no&valueCodes[Region]=0301,1804&valueCodes[ContentsCode]=*&valueCodes[Tid]=top(3)&outputFormat=json-stat2\"")
        #expect(url.ok, "\(url.error ?? "")")
        #expect(url.output == typed.output)
        try #"{"query": [{"code": "Region", "selection": {"filter": "item", "values": ["0301", "1804"]}}, {"code": "ContentsCode", "selection": {"filter": "all", "values": ["*"]}}, {"code": "Tid", "selection": {"filter": "top", "values": ["3"]}}], "response": {"format": "json-stat2"}}"#
            .write(toFile: dir + "/query.json", atomically: true, encoding: .utf8)
        let v1 = s.execute("let q = ssb 11924 query=\"query.json\"; from q")
        #expect(v1.ok, "\(v1.error ?? "")")
        #expect(v1.output.hasSuffix(typed.output))
        let bad = s.execute("ssb url=\"https://example.org/nothing\"")
        #expect(bad.error?.hasPrefix("error: `https://example.org/nothing` is not a PxWebApi 2.0 table URL") == true)
    }

    /// Ctrl-C (SIGINT to the real `hws` at a terminal) while the server holds a data reply: the statement
    /// ends with `error: cancelled` although the reply would only come 60 s later, nothing is cached for it,
    /// and the next statement answers. The latency is printed, not judged.
    @Test("Ctrl-C during a slow statbank fetch cancels it")
    func interruptSlowFetch() throws {
        guard let binary = LineEditorPTYTests.binary() else { Issue.record("the hws binary is not built (swift build)"); return }
        let server = try MockPxWeb(cubes: [Self.cube()])
        defer { server.stop() }
        let dir = folder()
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        let env = ["HWS_SSB_URL": server.baseURL, "HWS_SSB_CACHE": dir + "/cache", "XDG_STATE_HOME": dir + "/state",
                   "HOME": dir + "/home", "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        guard let pty = PseudoTerminal(executable: binary, arguments: ["--datasets", dir], environment: env, columns: 200) else {
            Issue.record("no pseudo-terminal"); return
        }
        #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        server.inject(.slow(seconds: 60))
        let statement = "ssb 11924 Region=* ContentsCode=* Tid=* | agg n = count()"
        pty.send(statement + "\r")
        // Poll (no fixed sleep) until the server holds the reply, then interrupt.
        var waited = 0
        while server.slowRequestsWaiting == 0, waited < 4000 { usleep(5_000); waited += 1 }
        #expect(server.slowRequestsWaiting == 1, "the data request never reached the server: \(pty.recent)")
        let clock = ContinuousClock(), signalled = clock.now
        kill(pty.pid, SIGINT)
        #expect(pty.waitFor("error: cancelled", timeout: 30, settle: false), "not cancelled: \(pty.recent)")
        print("ssb cancel latency: \(clock.now - signalled)")
        #expect(pty.waitFor("hws> ", timeout: 10, settle: false))
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: dir + "/cache/11924")) ?? []
        #expect(stored.filter { $0.hasSuffix(".json") }.count == 1, "only the metadata reply is cached: \(stored)")
        usleep(150_000)
        pty.send("ssb 11924 Region=0301 ContentsCode=* Tid=top(2) | agg n = count()\r")
        #expect(pty.waitFor("2\r\n", timeout: 30), "the next statement did not answer: \(pty.recent)")
        pty.send("quit\r")
        #expect(pty.endsCleanly())
    }
}
