import Foundation
import Testing
import Tables
import Statbank
import StatbankMock
@testable import Shell

/// Tab completion of `ssb …` from the statbank cache (filled here through the mock PxWebApi; completing never
/// asks a server): table ids, dimension codes, value codes by code or label, æ, ø, å folded.
@Suite("Statbank completion")
struct StatbankCompleterTests {
    /// A session whose cache holds table 11924's metadata (fetched through the mock), and the mock itself.
    func filled() throws -> (Completer, Session, MockPxWeb, String) {
        let server = try MockPxWeb(cubes: [StatbankStatementTests.cube()])
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hws-ssb-complete-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let s = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test", workingDirectory: cache,
                                                environment: ["HWS_SSB_URL": server.baseURL, "HWS_SSB_CACHE": cache, "HOME": cache]))
        let out = s.execute("ssb describe 11924")
        #expect(out.ok, "\(out.error ?? "")")
        return (Completer(session: s), s, server, cache)
    }

    func complete(_ c: Completer, _ line: String) -> [String] { c.complete(line: line, cursor: line.count) }

    @Test func tableIdsDimensionsAndValuesFromTheCache() throws {
        let (c, _, server, cache) = try filled()
        defer { server.stop(); try? FileManager.default.removeItem(atPath: cache) }
        let before = server.log.count
        #expect(complete(c, "ssb ") == ["11924", "search", "describe", "refresh"])
        #expect(complete(c, "ssb 119") == ["11924"])
        #expect(complete(c, "ssb describe 1") == ["11924"])
        #expect(complete(c, "ssb 11924 ") == ["Region=", "Kjonn=", "ContentsCode=", "Tid="])
        #expect(complete(c, "ssb 11924 re") == ["Region="])
        // A dimension already given is not offered again.
        #expect(complete(c, "ssb 11924 Region=0301 ") == ["Kjonn=", "ContentsCode=", "Tid="])
        // Values: by label (`Bod` → 1804, labelled Bodø), æøå-insensitive, by code, after a comma, in `let`.
        let bod = c.completion(line: "ssb 11924 Region=Bod", cursor: 20)
        #expect(bod.candidates == ["1804"] && bod.labels == ["1804": "Bodø"] && bod.start == 17)
        #expect(complete(c, "ssb 11924 Region=bodo") == ["1804"])
        #expect(complete(c, "ssb 11924 Region=traa") == ["5001"])
        #expect(complete(c, "ssb 11924 region=Tråante") == ["5001"])
        #expect(complete(c, "ssb 11924 Region=0301,Ber") == ["4601"])
        // A space ends the list: the next word is a dimension again.
        #expect(complete(c, "ssb 11924 Region=0301, Ti") == ["Tid="])
        #expect(complete(c, "let x = ssb 11924 Region=") == ["0301", "1804", "4601", "5001"])
        #expect(complete(c, "let x = ssb 11924 Region=0301 Tid=202") == ["2020", "2021", "2022", "2023", "2024"])
        #expect(complete(c, "ssb describe 11924 Kjonn=K") == ["2"])
        // Tab then replaces the typed label with the code.
        let edit = CompletionEdit.make(line: "ssb 11924 Region=Bod", cursor: 20, candidates: bod.candidates, start: bod.start)
        #expect(edit.deleteCount == 3 && edit.insert == "1804 ")
        // Nothing for tables not in the cache, after `search`, or for an unknown dimension; no request was sent.
        #expect(complete(c, "ssb 99999 Re").isEmpty)
        #expect(complete(c, "ssb search om").isEmpty)
        #expect(complete(c, "ssb 11924 Alder=1").isEmpty)
        #expect(server.log.count == before)
    }

    @Test func theShippedCacheOffersBothHeroys() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let s = Session(options: SessionOptions(datasetsDirectory: "/nonexistent-hws-test", workingDirectory: root + "/sessions",
                                                environment: ["HOME": "/nonexistent-hws-home"]))
        #expect(s.execute("set ssb_cache ssb-cache").ok)
        #expect(s.execute("set ssb url \(ShippedStatbankCacheTests.syntheticURL)").ok)
        let c = Completer(session: s)
        #expect(complete(c, "ssb 901") == ["90101", "90102", "90103"])
        let heroy = c.completion(line: "ssb 90101 Region=her", cursor: 20)
        #expect(heroy.candidates == ["1515", "1818"] && heroy.labels == ["1515": "Herøy", "1818": "Herøy"])
        #expect(complete(c, "ssb 90101 Region=ales") == ["1508"])
        #expect(complete(c, "ssb 90101 Funksjon=hjemme") == ["254"])
    }
}
