import Foundation
import Testing
import Tables
import Statbank
import StatbankMock
@testable import Shell

/// `sessions/statbank.md` with its cache and `ssb.lock`, copied elsewhere: `hws check` passes, and fails with one
/// line naming table, query and both hashes once a cached reply is changed. A relative `set ssb_cache` in a
/// replayed script resolves against the script's folder.
@Suite("Statbank notebook and lock")
struct StatbankNotebookTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A copy of the notebook, its lock and its cache in a fresh folder.
    func copy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-statbank-nb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in ["statbank.md", "ssb.lock", "ssb-cache"] {
            try FileManager.default.copyItem(atPath: Self.root + "/sessions/" + f, toPath: dir + "/" + f)
        }
        return dir
    }

    func check(_ file: String, update: Bool = false) -> (Int32, [String]) {
        var out: [String] = []
        let status = NotebookCheck.run(files: [file], update: update,
                                       options: NotebookRun.options(like: SessionOptions(datasetsDirectory: Self.root + "/datasets",
                                                                                         workingDirectory: "/")),
                                       output: { out.append($0) }, errorOutput: { out.append($0) })
        return (status, out)
    }

    @Test func tamperedCacheFailsWithTheLockLine() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ok, okOut) = check(dir + "/statbank.md")
        #expect(ok == 0, "\(okOut.joined(separator: "\n"))")

        // Change one number in the cached data reply of table 90101 (still valid JSON-stat).
        let lock = try StatbankLock.read(path: dir + "/ssb.lock")
        let entry = try #require(lock.first { $0.table == "90101" })
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/ssb-cache/90101").filter { $0.hasSuffix(".json") }
        var tampered: Data? = nil
        for f in files {
            let path = dir + "/ssb-cache/90101/" + f
            var text = try String(contentsOfFile: path, encoding: .utf8)
            guard let r = text.range(of: "\"value\":[") else { continue }
            let digit = try #require(text[r.upperBound...].firstIndex { $0.isNumber })
            text.replaceSubrange(digit...digit, with: text[digit] == "9" ? "1" : String(Int(String(text[digit]))! + 1))
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            tampered = Data(text.utf8)
        }
        let body = try #require(tampered)
        #expect(entry.sha256 != SHA256.hex(body))
        let (status, out) = check(dir + "/statbank.md")
        #expect(status == 1)
        #expect(out.first == "FAIL  \(dir)/statbank.md: ssb.lock: table 90101, query `Region=* Funksjon=* ContentsCode=* Tid=*`: "
                + "the lock has sha256 \(entry.sha256), the cache now gives \(SHA256.hex(body))", "\(out.joined(separator: "\n"))")
        // The other tables still match their lock entries: one lock line only.
        #expect(out.filter { $0.contains("ssb.lock:") }.count == 1)
        // --update does not paper over a changed cache.
        let before = try String(contentsOfFile: dir + "/statbank.md", encoding: .utf8)
        #expect(check(dir + "/statbank.md", update: true).0 == 1)
        #expect(try String(contentsOfFile: dir + "/statbank.md", encoding: .utf8) == before)
    }

    @Test func aBrokenLockFileIsOneClearLine() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "table\tquery\tupdated\tsha256\n90101\tRegion=*\n".write(toFile: dir + "/ssb.lock", atomically: true, encoding: .utf8)
        let (status, out) = check(dir + "/statbank.md")
        #expect(status == 1)
        #expect(out.first == "FAIL  \(dir)/statbank.md: ssb.lock: \(dir)/ssb.lock:2: expected 4 tab-separated fields (table, query, updated, sha256), found 2")
    }

    @Test func relativeCacheFolderResolvesAgainstTheReplayedScript() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-statbank-rel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/course", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
        try "set ssb_cache ssb-cache\n".write(toFile: dir + "/course/lesson.hws", atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test", workingDirectory: dir + "/elsewhere",
                                                environment: ["HOME": dir]))
        let r = s.execute("replay ../course/lesson.hws")
        #expect(r.ok, "\(r.error ?? "")")
        #expect(s.statbank.cacheFolder == dir + "/course/ssb-cache")
        // Typed at the prompt, a relative folder resolves against the working folder and is echoed as typed.
        let typed = s.execute("set ssb_cache shared")
        #expect(typed.output == "ssb cache: shared" && s.statbank.cacheFolder == dir + "/elsewhere/shared")
        #expect(s.execute("set ssb_cache default").output == "ssb cache: \(dir)/.cache/hws/ssb")
    }

    @Test func describeShowsTheStatbankTablesFactsFromTheCache() throws {
        let server = try MockPxWeb(cubes: [StatbankStatementTests.cube()])
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hws-ssb-describe-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let s = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test", workingDirectory: cache,
                                                environment: ["HWS_SSB_URL": server.baseURL, "HWS_SSB_CACHE": cache, "HOME": cache]))
        #expect(s.execute("set width 200").ok)
        #expect(s.execute("let staff = ssb 11924 region=0301 ContentsCode=* Tid=top(2)").ok)
        #expect(s.execute("let other = from staff | select Tid, value").ok)
        server.stop()
        // The server is gone: describe reads the cached metadata only.
        let d = s.execute("describe staff")
        #expect(d.ok, "\(d.error ?? "")")
        let lines = d.output.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(8)) == [
            "staff: 2 rows, 8 columns",
            "title:   11924: Sysselsatte i helse- og omsorgstjenester, etter region, kjønn og år",
            "source:  Statistisk sentralbyrå",
            "updated: 2025-03-01T08:00:00Z",
            "units:   Sysselsatte personer (Sysselsatte): personer, 1 decimal",
            "notes:   Synthetic table for tests: æøå ÆØÅ.",
            "query:   ssb 11924 Region=0301 ContentsCode=* Tid=top(2)",
            "from:    let staff = ssb 11924 region=0301 ContentsCode=* Tid=top(2)",
        ])
        // A dataset derived from it by a pipeline is not the statbank table.
        #expect(!s.execute("describe other").output.contains("title:"))
    }
}
