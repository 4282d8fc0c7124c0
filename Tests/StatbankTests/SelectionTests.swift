import Foundation
import Testing
import Tables
import Query
@testable import Statbank
import StatbankMock

@Suite struct SelectionTests {
    @Test func parsesWordsAsTheShellSplitsThem() throws {
        let s = try selection("Region=0301,5001 Tid=top(5) Alder=range(20,24) Kjonn=\"1,2\" codelist[Region]=agg_KommSummer")
        #expect(s.items.map(\.variable) == ["Region", "Tid", "Alder", "Kjonn"])
        #expect(s.items[0].expressions == ["0301", "5001"])
        #expect(s.items[1].expressions == ["top(5)"])
        #expect(s.items[2].expressions == ["range(20,24)"])
        #expect(s.items[3].expressions == ["1", "2"])
        #expect(s.codelists.map(\.variable) == ["Region"] && s.codelists.map(\.id) == ["agg_KommSummer"])
        #expect(s.text == "Region=0301,5001 Tid=top(5) Alder=range(20,24) Kjonn=1,2 codelist[Region]=agg_KommSummer")
    }

    @Test func codelistShorthand() throws {
        #expect(try selection("Region=agg:KommSummer Tid=top(2)").text == "Region=* Tid=top(2) codelist[Region]=agg_KommSummer")
        #expect(try selection("Region=vs:RegionKommun,K-0301,K-5001").text == "Region=K-0301,K-5001 codelist[Region]=vs_RegionKommun")
        #expect(try selection("Region=agg:agg_KommSummer").text == "Region=* codelist[Region]=agg_KommSummer")
        #expect(throws: Diagnostic.self) { try selection("Region=vs:") }
        #expect(throws: Diagnostic.self) { try selection("Region=vs:A codelist[Region]=agg_B") }
    }

    @Test func badWordsAreOneLineErrors() {
        #expect(throws: Diagnostic.self) { try selection("0301") }
        #expect(throws: Diagnostic.self) { try selection("Tid=range(2020") }
        #expect(throws: Diagnostic.self) { try selection("Tid=2020 Tid=2021") }
    }

    let codes = ["00", "01", "0101", "03", "0301", "1804"]

    @Test func expressionsResolveByHand() throws {
        func r(_ e: [String], time: Bool = false) throws -> [String] { try SelectionExpression.resolve(e, codes: codes, isTime: time) }
        #expect(try r(["*"]) == codes)
        #expect(try r(["03*"]) == ["03", "0301"])
        #expect(try r(["*1"]) == ["01", "0101", "0301"])
        #expect(try r(["0?01"]) == ["0101", "0301"])
        #expect(try r(["top(2)"]) == ["00", "01"])
        #expect(try r(["top(2)"], time: true) == ["0301", "1804"])
        #expect(try r(["top(2,1)"], time: true) == ["03", "0301"])
        #expect(try r(["bottom(1)"], time: true) == ["00"])
        #expect(try r(["from(0301)"]) == ["0301", "1804"])
        #expect(try r(["to(01)"]) == ["00", "01"])
        #expect(try r(["range(0101,0301)"]) == ["0101", "03", "0301"])
        #expect(try r(["range(0301,0101)"]) == ["0101", "03", "0301"])
        // Table order, each code once, whatever the order typed.
        #expect(try r(["1804", "00", "0*"]) == codes)
        #expect(throws: SelectionError.unknownValue("9999", expression: "9999")) { try r(["9999"]) }
        #expect(throws: SelectionError.unknownValue("77", expression: "from(77)")) { try r(["from(77)"]) }
        #expect(throws: SelectionError.noMatch("9*")) { try r(["9*"]) }
        #expect(throws: SelectionError.self) { try r(["top(x)"]) }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Lengths around the padding boundary (55, 56, 64 bytes) against the system's sha256sum.
        for n in [55, 56, 63, 64, 65, 119, 120] {
            let text = String(repeating: "æ", count: n)
            #expect(SHA256.hex(text) == systemSHA256(text), "length \(n)")
        }
    }

    func systemSHA256(_ text: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        p.standardInput = input; p.standardOutput = output
        guard (try? p.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8)); try? input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: out, as: UTF8.self).split(separator: " ").first.map(String.init)
    }

    /// Property: the parts cover every cell exactly once and each stays within the limit.
    @Test func splitCoversTheSelectionExactlyOnce() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let dims = Int(rng.next() % 4) + 1
            let codes = (0..<dims).map { d in (0..<Int(rng.next() % 9) + 1).map { "d\(d)v\($0)" } }
            let total = codes.reduce(1) { $0 * $1.count }
            let limit = Int(rng.next() % UInt64(total)) + 1
            let parts = RequestPlanner.split(codes, maxCells: limit)
            var seen = Set<[String]>()
            var count = 0
            for p in parts {
                let cells = p.reduce(1) { $0 * $1.count }
                #expect(cells <= limit)
                count += cells
                func walk(_ k: Int, _ acc: [String]) {
                    if k == p.count { seen.insert(acc); return }
                    for c in p[k] { walk(k + 1, acc + [c]) }
                }
                walk(0, [])
            }
            #expect(count == total && seen.count == total)
        }
    }

    @Test func longSelectionsArePosted() {
        let codes = [(0..<400).map { String(format: "%04d", $0) }, ["2024"]]
        let r = RequestPlanner.request(base: "http://x/api/v2", table: "1", language: "no", dimensions: ["Region", "Tid"],
                                       codes: codes, codelists: [], maxURLLength: 2000)
        #expect(r.method == "POST")
        let body = try? JSONSerialization.jsonObject(with: r.body!) as? [String: Any]
        let sel = body?["selection"] as? [[String: Any]]
        #expect((sel?[0]["valueCodes"] as? [String])?.count == 400)
        let short = RequestPlanner.request(base: "http://x/api/v2", table: "1", language: "no", dimensions: ["Region", "Tid"],
                                           codes: [["0301", "5001"], ["2024"]], codelists: [], maxURLLength: 2000)
        #expect(short.method == "GET")
        #expect(short.url == "http://x/api/v2/tables/1/data?lang=no&outputFormat=json-stat2&valueCodes%5BRegion%5D=0301,5001&valueCodes%5BTid%5D=2024")
    }

    @Test func lockFileRoundTripsAndReplacesTheSameQuery() throws {
        let folder = scratchFolder("lock")
        let path = folder + "/ssb.lock"
        let a = StatbankLockEntry(table: "05300", query: "Tid=top(2)", updated: "2022-05-24T06:00:00Z", sha256: "aa")
        let b = StatbankLockEntry(table: "11924", query: "Region=0301 Tid=*", updated: "x", sha256: "bb")
        try StatbankLock.record(a, path: path)
        try StatbankLock.record(b, path: path)
        var a2 = a; a2.sha256 = "cc"
        try StatbankLock.record(a2, path: path)
        #expect(try StatbankLock.read(path: path) == [b, a2])
        try "table\tquery\n05300\tbroken\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StatbankError.self) { try StatbankLock.read(path: path) }
    }
}

@Suite struct PastedQueryTests {
    @Test func v2URLBecomesTableAndSelection() throws {
        let (base, table, sel) = try Selection.fromURL("https://data.ssb.no/api/pxwebapi/v2/tables/11924/data?lang=no&valueCodes[Region]=0301,5001&valueCodes%5BTid%5D=top(5)&valueCodes[Alder]=range(20,24)&codelist[Region]=agg_KommSummer&outputFormat=json-stat2")
        #expect(base == "https://data.ssb.no/api/pxwebapi/v2" && table == "11924")
        #expect(sel.text == "Region=0301,5001 Tid=top(5) Alder=range(20,24) codelist[Region]=agg_KommSummer")
        #expect(throws: StatbankError.self) { try Selection.fromURL("https://data.ssb.no/api/pxwebapi/v2/config") }
    }

    @Test func v1QueryIsTranslated() throws {
        let body = """
        {"query": [
          {"code": "Region", "selection": {"filter": "agg:KommSummer", "values": ["K-0301", "K-5001"]}},
          {"code": "Kjonn", "selection": {"filter": "item", "values": ["1", "2"]}},
          {"code": "Alder", "selection": {"filter": "all", "values": ["0*"]}},
          {"code": "Tid", "selection": {"filter": "top", "values": ["5"]}}
        ], "response": {"format": "json-stat2"}}
        """
        let sel = try Selection.fromV1Query(Data(body.utf8), source: "q.json")
        #expect(sel.text == "Region=K-0301,K-5001 Kjonn=1,2 Alder=0* Tid=top(5) codelist[Region]=agg_KommSummer")
        #expect { try Selection.fromV1Query(Data("{\"query\":[{\"code\":\"Tid\",\"selection\":{\"filter\":\"first\",\"values\":[]}}]}".utf8), source: "q.json") }
            throws: { "\($0)" == "q.json: `Tid`: filter `first` is not one of item, all, top, agg:…, vs:…" }
    }
}

/// Damaged replies (cut short, bytes changed, numbers out of range) are errors, never a crash or a wrong table.
@Suite struct DamagedReplyTests {
    @Test func corruptedRepliesFailCleanly() throws {
        let md = try StatbankMetadata.parse(Data(MockCube.load(jsonStat: recorded05300, id: "05300").metadataJSON().utf8), table: "05300")
        let resolved = md.dimensions.map { (dimension: $0.code, codes: $0.codes) }
        var whole = try CubeAssembler(metadata: md, resolved: resolved)
        try whole.add(recorded05300, what: "reply")
        let reference = try whole.table()
        let bytes = [UInt8](recorded05300)
        var rng = SplitMix64(seed: 5)
        let replacements: [[UInt8]] = [Array("1e300".utf8), Array("-1".utf8), Array("null".utf8), Array("\"x\"".utf8), Array("}".utf8), Array("9".utf8)]
        var failures = 0
        for round in 0..<400 {
            var damaged = bytes
            if round % 2 == 0 {
                damaged = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            } else {
                let at = Int(rng.next() % UInt64(bytes.count))
                let r = replacements[Int(rng.next() % UInt64(replacements.count))]
                damaged.replaceSubrange(at..<min(bytes.count, at + r.count), with: r)
            }
            var a = try CubeAssembler(metadata: md, resolved: resolved)
            do {
                try a.add(Data(damaged), what: "reply")
                let t = try a.table()
                // A change that still parses may only change values or labels, never the shape.
                #expect(t.rowCount == reference.rowCount && t.columnNames == reference.columnNames)
            } catch is StatbankError {
                failures += 1
            }
        }
        #expect(failures > 200)
    }
}

@Suite struct CompletionSupportTests {
    @Test func valuesMatchByCodeOrLabelIgnoringAeOeAa() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let cache = scratchFolder("complete")
        let md = try client(server, cache: cache).metadata("11924")
        let region = md.dimension("Region")!
        #expect(region.values(matching: "Bod").map(\.code) == ["1804"])
        #expect(region.values(matching: "bodo").map(\.label) == ["Bodø"])
        #expect(region.values(matching: "baer").map(\.code) == ["3024"])
        #expect(region.values(matching: "Tråante").map(\.code) == ["5001"])
        #expect(region.values(matching: "traa").map(\.code) == ["5001"])
        #expect(region.values(matching: "0").map(\.code) == ["0301"])
        #expect(region.values(matching: "5").map(\.code) == ["5001", "5501"])
        #expect(region.values(matching: "").count == 6)
        #expect(StatbankCache(folder: cache).cachedTables() == ["11924"])
        // Offline, the cached metadata is enough to complete from.
        #expect(try client(server, cache: cache, offline: true).metadata("11924") == md)
    }
}
