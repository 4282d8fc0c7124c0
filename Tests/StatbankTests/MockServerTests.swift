import Foundation
import Testing
import Tables
import Query
@testable import Statbank
import StatbankMock

/// End to end against the mock PxWebApi on 127.0.0.1: no network, no real sleeping (a virtual clock).
@Suite struct MockServerTests {
    @Test func searchFindsTablesByWords() throws {
        let server = try MockPxWeb(cubes: [staffingCube(), try MockCube.load(jsonStat: recorded05300, id: "05300")])
        defer { server.stop() }
        let t = try client(server).search("sysselsatte omsorgstjenester")
        #expect(t.columnNames == ["id", "title", "first_period", "last_period", "updated"])
        #expect(t.rowCount == 1)
        #expect(t.row(0) == [.string("11924"), .string("Sysselsatte i helse- og omsorgstjenester, etter region, kjønn og år"),
                             .string("2017"), .string("2024"), .string("2025-03-01T08:00:00Z")])
        #expect(try client(server).search("kulturtilbud").column(named: "id")![0] == .string("05300"))
        #expect(try client(server).search("nothing like this").rowCount == 0)
    }

    @Test func describeReadsDimensionsEliminationUnitsAndNotes() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let md = try client(server).metadata("11924")
        #expect(md.dimensions.map(\.code) == ["Region", "Kjonn", "ContentsCode", "Tid"])
        #expect(md.dimensions.map(\.elimination) == [false, true, false, false])
        #expect(md.dimension("Region")!.labels[1] == "Bodø")
        #expect(md.dimension("Region")!.codelists.map(\.id) == ["agg_KommSummer"])
        #expect(md.dimension("Tid")!.isTime && md.dimension("ContentsCode")!.isContents)
        #expect(md.units == [.init(code: "Sysselsatte", unit: "personer", decimals: 1), .init(code: "Avtalte", unit: "personer", decimals: 1)])
        #expect(md.updated == "2025-03-01T08:00:00Z")
        #expect(md.notes == ["Synthetic table for tests: æøå ÆØÅ."])
        let t = md.dimensionsTable()
        #expect(t.columnNames == ["dimension", "label", "values", "elimination", "codelists", "first", "last"])
        #expect(t.row(0) == [.string("Region"), .string("region"), .int(6), .string("no"), .string("agg_KommSummer"), .string("0301"), .string("5501")])
        #expect(t.row(1)[3] == .string("yes"))
    }

    /// The recorded SSB reply, served whole by the mock and fetched with `*`, equals what hws's JSON-stat
    /// reader makes of the same file, cell by cell (values, nulls and the `.` / `..` symbols).
    @Test func recordedTableRoundTripsThroughTheMock() throws {
        let server = try MockPxWeb(cubes: [try MockCube.load(jsonStat: recorded05300, id: "05300")])
        defer { server.stop() }
        let r = try client(server).fetch("05300", selection: try selection("Avstand1=* Kulturtilbud=* ContentsCode=* Tid=*"))
        let dims = ["Avstand1", "Kulturtilbud", "ContentsCode", "Tid"]
        #expect(r.table.columnNames == ["Avstand1", "Avstand1_label", "Kulturtilbud", "Kulturtilbud_label", "ContentsCode",
                                        "ContentsCode_label", "Tid", "Tid_label", "value", "status"])
        #expect(r.table.rowCount == 432)
        #expect(r.table.schema.fields[6].type == .int)
        #expect(r.table.schema.fields.last!.type == .string)
        #expect(r.table.schema.fields[8].unit == "prosent")
        let reference = try JSONStatReader.read(data: recorded05300, options: JSONStatOptions(categories: .codes))
        #expect(cells(r.table, dims: dims) == cells(reference, dims: dims))
        let status = r.table.column(named: "status")!
        #expect((0..<432).filter { status[$0] == .string(".") }.count == 20)
        #expect((0..<432).filter { status[$0] == .string("..") }.count == 8)
        #expect(r.table.column(named: "ContentsCode_label")![0] == .string("Avstand til nærmeste lokale/sted"))
    }

    /// Property: random selections of a cube under a tiny cell limit come back in ≥ 3 requests and reassemble to
    /// exactly the answer of one request without a limit, and to the cube itself.
    @Test func splitSelectionsReassembleExactly() throws {
        let cube = staffingCube(seed: 3)
        let split = try MockPxWeb(cubes: [cube]), whole = try MockPxWeb(cubes: [cube])
        defer { split.stop(); whole.stop() }
        var rng = SplitMix64(seed: 11)
        func pick(_ codes: [String]) -> [String] {
            let chosen = codes.filter { _ in rng.next() % 3 != 0 }
            return chosen.isEmpty ? [codes[Int(rng.next() % UInt64(codes.count))]] : chosen
        }
        var multi = 0
        for round in 0..<25 {
            let regions = pick(cube.dimensions[0].codes), years = pick(cube.dimensions[3].codes)
            let contents = pick(cube.dimensions[2].codes)
            let withSex = round % 2 == 0
            let text = "Region=\(regions.joined(separator: ",")) ContentsCode=\(contents.joined(separator: ","))"
                + " Tid=\(years.joined(separator: ","))" + (withSex ? " Kjonn=*" : "")
            let cellCount = regions.count * years.count * contents.count * (withSex ? 2 : 1)
            let limit = max(1, cellCount / 3)
            split.setLimits(maxDataCells: limit)
            let before = split.dataRequests.count
            let a = try client(split).fetch("11924", selection: try selection(text))
            let b = try client(whole).fetch("11924", selection: try selection(text))
            let requests = split.dataRequests.count - before
            #expect(requests == a.parts && a.parts >= 3 || cellCount < 3, "\(text): \(requests) requests")
            if a.parts >= 3 { multi += 1 }
            let dims = ["Region", "ContentsCode", "Tid"] + (withSex ? ["Kjonn"] : [])
            #expect(a.table.rowCount == cellCount)
            #expect(cells(a.table, dims: dims) == cells(b.table, dims: dims), "\(text)")
            // Row order: the table's own order, whatever the split.
            #expect((0..<a.table.rowCount).allSatisfy { a.table.row($0) == b.table.row($0) })
            if withSex {
                // Against the cube directly.
                var expected: [String: String] = [:]
                let d = cube.dimensions
                for (i0, r) in d[0].codes.enumerated() where regions.contains(r) {
                    for (i1, s) in d[1].codes.enumerated() {
                        for (i2, c) in d[2].codes.enumerated() where contents.contains(c) {
                            for (i3, y) in d[3].codes.enumerated() where years.contains(y) {
                                let k = ((i0 * 2 + i1) * 2 + i2) * 8 + i3
                                let v = cube.values[k].map { Value.double($0) } ?? .null
                                let st = cube.status[k].map { Value.string($0) } ?? .null
                                expected["\(r),\(c),\(y),\(s)"] = "\(v)|\(st)"
                            }
                        }
                    }
                }
                #expect(cells(a.table, dims: dims) == expected)
            }
        }
        #expect(multi >= 20)
    }

    @Test func rateLimitIsHonouredWithTheInjectedClock() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        server.inject(.status(429, retryAfter: "7", body: "{\"title\":\"Too Many Requests\",\"status\":429}"))
        let clock = VirtualClock()
        let r = try client(server, clock: clock).fetch("11924", selection: try selection("Region=0301 ContentsCode=* Tid=top(2)"))
        #expect(clock.sleeps == [7])
        #expect(r.table.rowCount == 4)
        #expect(server.dataRequests.count == 2)
        // An HTTP-date Retry-After waits one rate window (60 s from /config).
        server.inject(.status(429, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT"))
        let clockDate = VirtualClock()
        _ = try client(server, clock: clockDate).fetch("11924", selection: try selection("Region=1804 ContentsCode=* Tid=top(2)"))
        #expect(clockDate.sleeps == [60])

        // Pacing: 2 calls per 60 s; metadata at t0, part 1 at t0, part 2 waits to t0+60, part 3 goes, part 4 waits again.
        let paced = try MockPxWeb(cubes: [staffingCube()])
        defer { paced.stop() }
        paced.setLimits(maxDataCells: 2, maxCalls: 2, timeWindow: 60)
        let clock2 = VirtualClock()
        let c2 = client(paced, clock: clock2)
        let events = EventLog()
        c2.progress = { events.append($0) }
        let r2 = try c2.fetch("11924", selection: try selection("Region=0301 ContentsCode=* Tid=2021,2022,2023,2024"))
        #expect(r2.parts == 4)
        #expect(clock2.sleeps == [60, 60])
        let waiting = FetchEvent.waiting(seconds: 60, reason: "pacing to 2 requests per 60 s")
        #expect(events.all == [.request(part: 1, of: 4, cells: 2, cached: false), waiting, .request(part: 2, of: 4, cells: 2, cached: false),
                               .request(part: 3, of: 4, cells: 2, cached: false), waiting, .request(part: 4, of: 4, cells: 2, cached: false)])
        #expect(r2.table.rowCount == 8)
    }

    /// Clients of one session share a pacer, so the budget holds across statements.
    @Test func pacingHoldsAcrossClientsSharingAPacer() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        server.setLimits(maxCalls: 3, timeWindow: 60)
        let clock = VirtualClock(), pacer = RatePacer()
        func make() -> StatbankClient {
            StatbankClient(options: StatbankOptions(baseURL: server.baseURL), transport: server.transport, clock: clock, pacer: pacer,
                          isCancelled: { false })
        }
        let sel = try selection("Region=0301 ContentsCode=* Tid=2024")
        _ = try make().fetch("11924", selection: sel)   // config, metadata, data: 3 calls at t0
        #expect(clock.sleeps == [])
        _ = try make().fetch("11924", selection: sel)   // its first call waits for the window to pass
        #expect(clock.sleeps == [60])
        _ = try client(server).fetch("11924", selection: sel)   // a client with its own pacer does not wait
        #expect(clock.sleeps == [60])
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetried() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let sel = try selection("Region=0301,1804 ContentsCode=Avtalte Tid=top(3)")
        let clean = try client(server).fetch("11924", selection: sel).table
        for fault in [MockPxWeb.Fault.status(503, body: "Service Unavailable"), .truncate, .drop] {
            server.inject(fault)
            let clock = VirtualClock()
            let r = try client(server, clock: clock).fetch("11924", selection: sel)
            #expect(clock.sleeps == [1], "\(fault)")
            #expect(cells(r.table, dims: ["Region", "Tid"]) == cells(clean, dims: ["Region", "Tid"]))
        }
        // Four 503s in a row: the client gives up with the server's words, after waiting 1, 2 and 4 s.
        for _ in 0..<4 { server.inject(.status(503, body: "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"database down\"}")) }
        let clock = VirtualClock()
        #expect { try client(server, clock: clock).fetch("11924", selection: sel) } throws: { e in
            "\(e)" == "table 11924 data: HTTP 503: Service Unavailable: database down"
        }
        #expect(clock.sleeps == [1, 2, 4])
    }

    /// Every kind of error is one line that names the table, dimension or value at fault.
    @Test func errorsAreOneClearLine() throws {
        let server = try MockPxWeb(cubes: [staffingCube(), try MockCube.load(jsonStat: recorded05300, id: "05300")])
        defer { server.stop() }
        func message(_ text: String, table: String = "11924", inject: MockPxWeb.Fault? = nil) -> String {
            if let f = inject { server.inject(f) }
            do { _ = try client(server).fetch(table, selection: try selection(text)); return "no error" } catch let e as DiagnosticError {
                #expect(!e.message.contains("\n"))
                return e.message
            } catch { return "\(error)" }
        }
        #expect(message("Region=0301 Tid=*", table: "99999") == "table 99999 metadata: HTTP 404: Not Found: No table with id 99999 found")
        #expect(message("Regoin=0301 ContentsCode=* Tid=*") == "table 11924 has no dimension `Regoin`")
        #expect(message("Region=9999 ContentsCode=* Tid=*") == "table 11924, dimension `Region` has no value `9999`")
        #expect(message("Region=from(77) ContentsCode=* Tid=*") == "table 11924, dimension `Region` has no value `77` (in `from(77)`)")
        #expect(message("Region=9* ContentsCode=* Tid=*") == "table 11924, dimension `Region` has no value matching `9*`")
        #expect(message("Region=0301 ContentsCode=*").hasPrefix("table 11924: dimension `Tid` (år) must be selected; its 8 values: 2017 2017, 2018 2018"))
        #expect(message("Region=0301 ContentsCode=* Tid=*",
                        inject: .status(400, body: "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Non-existent value 2099 for variable Tid\"}"))
            == "table 11924 data: HTTP 400: Bad Request: Non-existent value 2099 for variable Tid")
        // SSB's recorded v1 error body (from shared/pxweb/ssb-responses, copied so the tests stand alone).
        let v1 = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/error-variable.json"), encoding: .utf8)
        #expect(message("Avstand1=01 Kulturtilbud=* ContentsCode=* Tid=*", table: "05300", inject: .status(400, body: v1))
            == "table 05300 data: HTTP 400: The request for variable 'Avstand1' has an error. Please check your query.")
        #expect(message("Region=* ContentsCode=* Tid=*", inject: .status(403, body: "{\"error\": \"Too many values selected\"}"))
            == "table 11924 data: HTTP 403: Too many values selected")
        #expect(message("Region=* ContentsCode=* Tid=*", inject: .status(404, body: "")) == "table 11924 data: HTTP 404: Not Found")
    }

    @Test func offlineReplayEqualsOnlineAndNamesMissingRequests() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        let cache = scratchFolder("offline")
        let sel = try selection("Region=0301,5001 Kjonn=* ContentsCode=* Tid=top(5)")
        server.setLimits(maxDataCells: 30)
        let online = try client(server, cache: cache).fetch("11924", selection: sel)
        #expect(online.parts == 2 && online.fromNetwork == 2)
        let served = server.log.count
        server.stop()   // No server at all from here on.
        let offline = try client(server, cache: cache, offline: true).fetch("11924", selection: sel)
        #expect(offline.fromNetwork == 0)
        #expect(offline.table.rowCount == online.table.rowCount)
        #expect((0..<online.table.rowCount).allSatisfy { online.table.row($0) == offline.table.row($0) })
        #expect(offline.table.schema == online.table.schema)
        #expect(offline.lock == online.lock)
        #expect(server.log.count == served)
        // Online again, but the cache answers (offline-first): the stopped server is never needed.
        #expect(try client(server, cache: cache).fetch("11924", selection: sel).fromNetwork == 0)
        do {
            _ = try client(server, cache: cache, offline: true).fetch("11924", selection: try selection("Region=1804 ContentsCode=* Tid=2024"))
            Issue.record("expected an error")
        } catch let e as StatbankError {
            #expect(e.message == "offline, and table 11924 data is not in the cache: GET \(server.baseURL)/tables/11924/data?lang=no&outputFormat=json-stat2&valueCodes%5BRegion%5D=1804&valueCodes%5BContentsCode%5D=Sysselsatte,Avtalte&valueCodes%5BTid%5D=2024")
        }
        #expect(throws: StatbankError.self) { try client(server, cache: scratchFolder("empty"), offline: true).metadata("11924") }
    }

    @Test func refreshShowsWhatChangedBetweenVintages() throws {
        let cube = staffingCube()
        let server = try MockPxWeb(cubes: [cube])
        defer { server.stop() }
        let cache = scratchFolder("vintage")
        let sel = try selection("Region=0301,1804 ContentsCode=Sysselsatte Tid=top(3)")
        let first = try client(server, cache: cache).fetch("11924", selection: sel)
        #expect(first.table.column(named: "Tid")!.values(0..<first.table.rowCount).contains(.int(2024)))
        // The second vintage: 2025 added, Oslo 2024 Sysselsatte revised, Bodø 2023 suppressed.
        var next = cube.addingPeriod("2025", updated: "2026-03-01T08:00:00Z")
        func index(_ r: Int, _ s: Int, _ c: Int, _ t: Int) -> Int { ((r * 2 + s) * 2 + c) * 9 + t }
        next.values[index(0, 0, 0, 7)] = 12345; next.status[index(0, 0, 0, 7)] = nil
        next.values[index(1, 0, 0, 6)] = nil; next.status[index(1, 0, 0, 6)] = ":"
        server.put(next)
        // The cache still answers with the first vintage until a refresh.
        let again = try client(server, cache: cache).fetch("11924", selection: sel)
        #expect(again.fromNetwork == 0 && again.lock == first.lock)
        let (result, diff) = try client(server, cache: cache).refresh("11924", selection: sel)
        #expect(result.resolved.last!.codes == ["2023", "2024", "2025"])
        #expect(diff.newPeriods == ["2025"])
        // Kjonn is eliminated (summed): Oslo 2024 = 12345 + women; Bodø 2023 becomes null with `:`.
        let rows = (0..<diff.table.rowCount).map { diff.table.row($0) }
        #expect(diff.table.columnNames == ["change", "Region", "ContentsCode", "Tid", "old_value", "new_value", "old_status", "new_status"])
        #expect(rows.filter { $0[0] == .string("added") }.map { [$0[1], $0[3]] } == [[.string("0301"), .int(2025)], [.string("1804"), .int(2025)]])
        #expect(rows.filter { $0[0] == .string("removed") }.map { [$0[1], $0[3]] } == [[.string("0301"), .int(2022)], [.string("1804"), .int(2022)]])
        let changed = rows.filter { $0[0] == .string("changed") }
        #expect(changed.map { [$0[1], $0[3]] }.contains([.string("0301"), .int(2024)]))
        #expect(changed.contains { $0[1] == .string("1804") && $0[3] == .int(2023) && $0[5] == .null && $0[7] == .string(":") })
        #expect(diff.summary.contains("2 added (new periods: 2025)") && diff.summary.contains("2 removed"))
        #expect(result.lock.updated == "2026-03-01T08:00:00Z" && result.lock.sha256 != first.lock.sha256)
        // After the refresh the cache holds the new vintage.
        #expect(try client(server, cache: cache, offline: true).fetch("11924", selection: sel).lock == result.lock)
    }

    @Test func longSelectionsArePostedAndAnswered() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let sel = try selection("Region=* ContentsCode=* Tid=*")
        let get = try client(server).fetch("11924", selection: sel)
        let post = try client(server, maxURLLength: 60).fetch("11924", selection: sel)
        #expect(server.dataRequests.last!.hasPrefix("POST /api/v2/tables/11924/data?lang=no&outputFormat=json-stat2 {\"selection\":["))
        #expect(cells(get.table, dims: ["Region", "ContentsCode", "Tid"]) == cells(post.table, dims: ["Region", "ContentsCode", "Tid"]))
    }

    /// Ctrl-C while the server holds a reply: the fetch stops at once (the reply is never sent), nothing is cached.
    @Test func cancellationStopsASlowFetch() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let cache = scratchFolder("cancel")
        server.inject(.slow(seconds: 30))
        let flag = Flag()
        let c = client(server, cache: cache, isCancelled: { flag.isSet })
        let outcome = Mutex<Result<FetchResult, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let sel = try selection("Region=0301 ContentsCode=* Tid=*")
        Thread.detachNewThread {
            let r = Result { try c.fetch("11924", selection: sel) }
            outcome.withLock { $0 = r }
            done.signal()
        }
        // Wait (polling, no fixed sleep) until the server holds the reply, then cancel.
        while server.slowRequestsWaiting == 0 { usleep(1000) }
        flag.set()
        #expect(done.wait(timeout: .now() + 20) == .success)
        let r = outcome.withLock { $0 }
        #expect(throws: CancelledError.self) { try r!.get() }
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: cache + "/11924")) ?? []
        // Only the metadata reply is stored; the data request left nothing behind.
        #expect(stored.filter { $0.hasSuffix(".json") }.count == 1)
        #expect(server.dataRequests.count == 1)
    }
}

import Synchronization

extension Column {
    func values(_ range: Range<Int>) -> [Value] { range.map { self[$0] } }
}

/// Writes an 800 000-cell table as the mock serves it (`config`, `tables/BIG/metadata`, `tables/BIG/data`) into
/// `$HWS_STATBANK_BENCH_DIR`, for timing `hws` against pyjstat on the same body (see the report). Off by default.
@Suite struct StatbankBenchmarkFiles {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HWS_STATBANK_BENCH_DIR"] != nil))
    func writeBenchmarkFiles() throws {
        let dir = ProcessInfo.processInfo.environment["HWS_STATBANK_BENCH_DIR"]!
        let cube = MockCube.synthetic(id: "BIG", label: "Befolkning etter region, alder og år (syntetisk)", dimensions: [
            .init(code: "Region", label: "region", codes: (0..<500).map { String(format: "%04d", 101 + $0) },
                  labels: (0..<500).map { "Kommune \($0) æøå" }),
            .init(code: "Alder", label: "alder", codes: (0..<40).map { String(format: "%03d", $0) }),
            .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["Personer"], isContents: true),
            .init(code: "Tid", label: "år", codes: (1985..<2025).map(String.init), isTime: true),
        ], seed: 2)
        #expect(cube.cellCount == 800_000)
        try FileManager.default.createDirectory(atPath: dir + "/api/v2/tables/BIG", withIntermediateDirectories: true)
        try Data("{\"maxDataCells\":800000,\"maxCallsPerTimeWindow\":30,\"timeWindow\":60}".utf8).write(to: URL(fileURLWithPath: dir + "/api/v2/config"))
        try Data(cube.metadataJSON().utf8).write(to: URL(fileURLWithPath: dir + "/api/v2/tables/BIG/metadata"))
        try Data(cube.dataJSON(selected: cube.dimensions.map { $0.codes }).utf8).write(to: URL(fileURLWithPath: dir + "/api/v2/tables/BIG/data"))
    }
}

@Suite struct CodelistTests {
    /// `codelist[Region]=agg_…`: values on the codelist's codes, each the server's sum of its members.
    @Test func aggregationCodelistSumsMembers() throws {
        var cube = staffingCube(seed: 9)
        cube.status = cube.status.map { _ in nil }
        cube.values = cube.values.enumerated().map { i, _ in Double(i) }
        cube.codelists["Region"] = [MockCodelist(id: "agg_Landsdel", label: "Landsdeler", values: [
            (code: "L1", label: "Østlandet", members: ["0301", "3024"]),
            (code: "L2", label: "Nord-Norge", members: ["1804", "5501"]),
        ])]
        let server = try MockPxWeb(cubes: [cube])
        defer { server.stop() }
        let c = client(server)
        #expect(try c.metadata("11924").dimension("Region")!.codelists.map(\.id) == ["agg_Landsdel"])
        let r = try c.fetch("11924", selection: try selection("Region=* codelist[Region]=agg_Landsdel ContentsCode=Avtalte Tid=2024 Kjonn=2"))
        #expect(r.table.rowCount == 2)
        #expect(r.table.column(named: "Region_label")!.values(0..<2) == [.string("Østlandet"), .string("Nord-Norge")])
        // Cell index ((region * 2 + sex) * 2 + content) * 8 + year, value = index.
        func v(_ region: Int) -> Double { Double(((region * 2 + 1) * 2 + 1) * 8 + 7) }
        #expect(r.table.column(named: "value")!.values(0..<2) == [.double(v(0) + v(2)), .double(v(1) + v(5))])
        #expect(r.lock.query == "Region=* ContentsCode=Avtalte Tid=2024 Kjonn=2 codelist[Region]=agg_Landsdel")
        let short = try c.fetch("11924", selection: try selection("Region=agg:Landsdel ContentsCode=Avtalte Tid=2024 Kjonn=2"))
        #expect(short.table.column(named: "value")!.values(0..<2) == r.table.column(named: "value")!.values(0..<2))
        #expect(server.dataRequests.last!.contains("codelist%5BRegion%5D=agg_Landsdel"))
        #expect { try c.fetch("11924", selection: try selection("Region=* codelist[Region]=agg_Nope ContentsCode=* Tid=*")) } throws: { e in
            "\(e)" == "table 11924, dimension `Region` offers no codelist `agg_Nope` (its codelists: agg_Landsdel)"
        }
        #expect { try c.fetch("11924", selection: try selection("Region=0301 codelist[Region]=agg_Landsdel ContentsCode=* Tid=*")) } throws: { e in
            (e as? StatbankError)?.message == "table 11924, dimension `Region` has no value `0301`"
        }
    }
}

final class EventLog: @unchecked Sendable {
    private let events = Mutex<[FetchEvent]>([])
    func append(_ e: FetchEvent) { events.withLock { $0.append(e) } }
    var all: [FetchEvent] { events.withLock { $0 } }
}

@Suite struct PeriodTests {
    /// Years become an int column (a year axis); quarters, months and weeks stay text whose order is time order.
    @Test func periodsSortInTimeOrder() throws {
        let quarters = ["2023K3", "2023K4", "2024K1", "2024K2"], months = ["2023M11", "2023M12", "2024M01", "2024M02"]
        let weeks = ["2023U52", "2024U01", "2024U02", "2024U10"]
        let cubes = [("Q", quarters), ("M", months), ("W", weeks)].map { id, codes in
            MockCube.synthetic(id: id, label: "periods \(id)", dimensions: [
                .init(code: "Tid", label: "tid", codes: codes, isTime: true),
            ])
        }
        let server = try MockPxWeb(cubes: cubes + [staffingCube()])
        defer { server.stop() }
        for (id, codes) in [("Q", quarters), ("M", months), ("W", weeks)] {
            let t = try client(server).fetch(id, selection: try selection("Tid=*")).table
            #expect(t.schema.fields[0].type == .string)
            let got = (0..<t.rowCount).map { t[$0, 0].asString! }
            #expect(got == codes)
            // Sorting the text gives the same (time) order, whatever order the rows arrive in.
            #expect(got.reversed().sorted() == codes)
            let last = try client(server).fetch(id, selection: try selection("Tid=top(1)")).table
            #expect(last[0, 0] == .string(codes.last!))
        }
        let years = try client(server).fetch("11924", selection: try selection("Region=0301 ContentsCode=Avtalte Tid=from(2022)")).table
        #expect(years.schema.fields[2 * 2].type == .int)
        #expect((0..<years.rowCount).map { years.column(named: "Tid")![$0] } == [.int(2022), .int(2023), .int(2024)])
    }
}

@Suite struct MockLifetimeTests {
    /// The mock stops by itself when the test lets go of it: its port refuses connections afterwards.
    @Test func serverStopsWhenReleased() throws {
        var server: MockPxWeb? = try MockPxWeb(cubes: [staffingCube()])
        let base = server!.baseURL
        #expect(try client(server!).search("sysselsatte").rowCount == 1)
        weak let weakServer = server
        server = nil
        // The accept loop may hold it for one 50 ms poll; wait for it to go (bounded, no fixed sleep verdict).
        for _ in 0..<200 where weakServer != nil { usleep(10_000) }
        #expect(weakServer == nil)
        // A refused connection is not retried (no use waiting): one clear line at once.
        let clock = VirtualClock()
        let c = StatbankClient(options: StatbankOptions(baseURL: base), clock: clock, isCancelled: { false })
        #expect { try c.search("sysselsatte") } throws: { e in
            (e as? StatbankError)?.message.hasPrefix("the server's configuration: cannot reach 127.0.0.1: ") == true
        }
        #expect(clock.sleeps == [])
    }
}
