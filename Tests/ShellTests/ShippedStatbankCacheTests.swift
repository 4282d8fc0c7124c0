import Foundation
import Testing
import Tables
import Query
import Statbank
import StatbankMock
@testable import Shell

/// The statbank cache shipped in `sessions/ssb-cache` for `sessions/statbank.hws`: three SYNTHETIC, SSB-shaped tables
/// (made up here, not Statistics Norway's figures) served by the mock PxWebApi and fetched through the real client.
/// The cache is keyed by a server address that cannot exist (`…invalid`), so it never stands in for a real SSB table.
///
/// `shippedCacheIsWhatTheGeneratorWrites` regenerates the cache in a temporary folder and compares it byte for
/// byte with the shipped one. To rewrite the shipped files after changing the cubes or the queries:
///
///     HWS_WRITE_SESSION_CACHE=1 swift test --filter ShippedStatbankCacheTests
@Suite("Shipped statbank cache")
struct ShippedStatbankCacheTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The server the notebook names with `set ssb url` (RFC 2606 `.invalid`: never resolves).
    static let syntheticURL = "https://synthetic-statbank.invalid/api/pxwebapi/v2"
    /// Every `ssb` query the notebook runs (its selections exactly as written there), and its searches.
    static let queries: [(table: String, selection: String)] = [
        ("90101", "Region=* Funksjon=* ContentsCode=* Tid=*"),
        ("90102", "Region=* Alder=* ContentsCode=* Tid=*"),
        ("90103", "Region=* Naring=* ContentsCode=* Tid=*"),
    ]
    static let searches = ["syntetisk"]

    static let municipalities: [(code: String, label: String, population2024: Double, growth: Double, ftePer1000: Double,
                                 ages: [Double])] = [
        ("0301", "Oslo", 717_710, 0.009, 27.5, [0.22, 0.66, 0.08, 0.04]),
        ("3201", "Bærum", 130_770, 0.008, 29.0, [0.25, 0.58, 0.11, 0.06]),
        ("1804", "Bodø", 53_710, 0.006, 37.5, [0.23, 0.61, 0.11, 0.05]),
        ("5501", "Tromsø", 78_740, 0.009, 34.0, [0.22, 0.64, 0.10, 0.04]),
        ("1508", "Ålesund", 67_110, 0.005, 35.5, [0.24, 0.60, 0.11, 0.05]),
        ("1515", "Herøy", 8_950, 0.002, 44.0, [0.23, 0.57, 0.13, 0.07]),
        ("1818", "Herøy", 1_740, -0.005, 61.0, [0.18, 0.55, 0.165, 0.105]),
    ]
    static let years = (2019...2024).map(String.init)
    static let note = "Syntetisk tabell laget for hws sin notatbok sessions/statbank.hws: formen er som i SSBs statistikkbank, tallene er oppdiktet."

    /// A small deterministic wobble in [-1, 1] (no generator state, so a cube does not depend on the order cells are made in).
    static func wobble(_ a: Int, _ b: Int, _ c: Int) -> Double {
        var x = UInt64(a &* 7919 &+ b &* 104_729 &+ c &* 1_299_709) &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE5_E9B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return Double(x % 2001) / 1000 - 1
    }

    /// Population by municipality, age group and year (ages age: the older groups grow, 20–66 gives way).
    static func population(_ m: Int, _ age: Int, _ year: Int) -> Double {
        let k = municipalities[m], dy = Double(year - 2024)
        var share = k.ages
        share[2] += 0.003 * dy; share[3] += 0.0015 * dy; share[1] -= 0.0045 * dy
        return (k.population2024 * pow(1 + k.growth, dy) * share[age] * (1 + 0.002 * wobble(m, age, year))).rounded()
    }

    static func cubes() -> [MockCube] {
        let regions = MockCube.Dimension(code: "Region", label: "region", codes: municipalities.map(\.code), labels: municipalities.map(\.label))
        let time = MockCube.Dimension(code: "Tid", label: "år", codes: years, isTime: true)
        // 1. KOSTRA-like staffing: agreed FTE in municipal health and care by function.
        let functions = [("241", "Diagnose, behandling, re-/habilitering", 0.18), ("253", "Helse- og omsorgstjenester i institusjon", 0.42),
                         ("254", "Helse- og omsorgstjenester til hjemmeboende", 0.34), ("234", "Aktivisering og støttetjenester", 0.06)]
        var staffing: [Double?] = [], staffingStatus: [String?] = []
        for (m, k) in municipalities.enumerated() {
            for (f, fn) in functions.enumerated() {
                for (y, year) in years.enumerated() {
                    let yr = Int(year)!
                    // Small municipalities' activity services are confidential (too few employees to publish).
                    if fn.0 == "234" && (k.code == "1818" || (k.code == "1515" && yr <= 2020)) {
                        staffing.append(nil); staffingStatus.append(":")
                        continue
                    }
                    let inhabitants = (0..<4).reduce(0.0) { $0 + population(m, $1, yr) }
                    let rate = k.ftePer1000 * pow(1.012, Double(yr - 2024)) * (1 + 0.01 * wobble(m, f, y))
                    staffing.append((inhabitants * rate / 1000 * fn.2 * 10).rounded() / 10)
                    staffingStatus.append(nil)
                }
            }
        }
        var fte = MockCube(id: "90101", label: "Avtalte årsverk i kommunale helse- og omsorgstjenester, etter region, funksjon og år (syntetisk, KOSTRA-lignende)",
                           updated: "2025-06-16T06:00:00Z", dimensions: [
                            regions,
                            .init(code: "Funksjon", label: "funksjon", codes: functions.map(\.0), labels: functions.map(\.1)),
                            .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["AvtalteArsverk"], labels: ["Avtalte årsverk"], isContents: true),
                            time,
                           ], values: staffing, status: staffingStatus, units: ["AvtalteArsverk": ("årsverk", 1)])
        fte.notes = [note, "Årsverk utenom lange fravær. Konfidensielle tall (:) er ikke null."]

        // 2. Population by municipality, age group and year.
        let ages = [("00-19", "0-19 år"), ("20-66", "20-66 år"), ("67-79", "67-79 år"), ("80+", "80 år eller eldre")]
        var people: [Double?] = []
        for m in municipalities.indices { for a in ages.indices { for y in years { people.append(population(m, a, Int(y)!)) } } }
        var pop = MockCube(id: "90102", label: "Befolkning, etter region, alder og år (syntetisk)", updated: "2025-02-21T07:00:00Z",
                           dimensions: [
                            regions,
                            .init(code: "Alder", label: "alder", codes: ages.map(\.0), labels: ages.map(\.1)),
                            .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["Personer1"], labels: ["Personer"], isContents: true),
                            time,
                           ], values: people, status: people.map { _ in nil }, units: ["Personer1": ("personer", 0)])
        pop.notes = [note, "Folkemengde 1. januar."]

        // 3. Employed persons in health and care by county, industry and year.
        let counties = [("03", "Oslo", 1.0), ("32", "Akershus", 0.95), ("15", "Møre og Romsdal", 0.42), ("18", "Nordland", 0.41), ("55", "Troms", 0.30)]
        let industries = [("86", "Helsetjenester", 38_000.0, 0.016), ("87", "Pleie- og omsorgstjenester i institusjon", 11_000.0, 0.004),
                          ("88", "Sosiale omsorgstjenester uten botilbud", 16_500.0, 0.024)]
        var employed: [Double?] = []
        for (c, county) in counties.enumerated() {
            for (i, ind) in industries.enumerated() {
                for (y, year) in years.enumerated() {
                    let v = ind.2 * county.2 * pow(1 + ind.3, Double(Int(year)! - 2024)) * (1 + 0.004 * wobble(c, i, y))
                    employed.append(v.rounded())
                }
            }
        }
        var emp = MockCube(id: "90103", label: "Sysselsatte i helse- og omsorgstjenester, etter region, næring og år (syntetisk)",
                           updated: "2025-05-08T06:00:00Z", dimensions: [
                            .init(code: "Region", label: "region", codes: counties.map(\.0), labels: counties.map(\.1)),
                            .init(code: "Naring", label: "næring (SN2007)", codes: industries.map(\.0), labels: industries.map(\.1)),
                            .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["Sysselsatte"], labels: ["Sysselsatte personer"], isContents: true),
                            time,
                           ], values: employed, status: employed.map { _ in nil }, units: ["Sysselsatte": ("personer", 0)])
        emp.notes = [note, "Sysselsatte 16-74 år etter arbeidssted, 4. kvartal."]
        return [fte, pop, emp]
    }

    /// Sends what the client asks of the synthetic address to the mock instead.
    struct Redirect: HTTPTransport {
        let from: String, to: String
        func send(_ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse {
            var r = request
            r.url = to + r.url.dropFirst(from.count)
            return try URLSessionTransport.shared.send(r, isCancelled: isCancelled)
        }
    }

    /// Fetches every query and search through the real client from the mock into `folder` (the cache) and writes
    /// `lock` (the lock entries the notebook's fetches must match).
    static func generate(cache folder: String, lock: String) throws {
        let server = try MockPxWeb(cubes: cubes())
        defer { server.stop() }
        let client = StatbankClient(options: StatbankOptions(baseURL: syntheticURL, cacheFolder: folder),
                                    transport: Redirect(from: syntheticURL, to: server.baseURL), isCancelled: { false })
        for words in searches { _ = try client.search(words) }
        for q in queries {
            _ = try client.metadata(q.table)
            let selection = try Selection.parse(CommandArguments.parse("ssb " + q.selection).words)
            try StatbankLock.record(try client.fetch(q.table, selection: selection).lock, path: lock)
        }
    }

    static func files(under folder: String) -> [String: Data] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        var out: [String: Data] = [:]
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + p, isDirectory: &isDir), !isDir.boolValue {
                out[p] = FileManager.default.contents(atPath: folder + "/" + p)
            }
        }
        return out
    }

    @Test func shippedCacheIsWhatTheGeneratorWrites() throws {
        let sessions = Self.root + "/sessions"
        if ProcessInfo.processInfo.environment["HWS_WRITE_SESSION_CACHE"] == "1" {
            try? FileManager.default.removeItem(atPath: sessions + "/ssb-cache")
            try? FileManager.default.removeItem(atPath: sessions + "/ssb.lock")
            try Self.generate(cache: sessions + "/ssb-cache", lock: sessions + "/ssb.lock")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("hws-shipped-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try Self.generate(cache: tmp + "/ssb-cache", lock: tmp + "/ssb.lock")
        let fresh = Self.files(under: tmp + "/ssb-cache"), shipped = Self.files(under: sessions + "/ssb-cache")
        #expect(fresh.keys.sorted() == shipped.keys.sorted(), "sessions/ssb-cache differs from the generator's files; see this suite's doc comment")
        for (name, data) in fresh where shipped[name] != nil {
            #expect(shipped[name] == data, "sessions/ssb-cache/\(name) differs from what the generator writes")
        }
        #expect(FileManager.default.contents(atPath: tmp + "/ssb.lock") == FileManager.default.contents(atPath: sessions + "/ssb.lock"))
        // Small enough to ship: well under 1 MB.
        #expect(shipped.values.reduce(0) { $0 + $1.count } < 200_000)
    }

    @Test func cubesAreSSBShaped() {
        let cubes = Self.cubes()
        #expect(cubes.map(\.cellCount) == [7 * 4 * 6, 7 * 4 * 6, 5 * 3 * 6])
        for c in cubes { #expect(c.values.count == c.cellCount && c.status.count == c.cellCount) }
        // Suppressed cells carry no value, and only they.
        let fte = cubes[0]
        #expect(fte.status.filter { $0 == ":" }.count == 8)
        #expect(zip(fte.values, fte.status).allSatisfy { ($0 == nil) == ($1 != nil) })
        // The two Herøys: one label, two codes.
        #expect(fte.dimensions[0].labels.filter { $0 == "Herøy" }.count == 2)
        // Population 2024 adds up to the figures the cube is built on (age shares sum to 1; ±0.2 % wobble).
        for (m, k) in Self.municipalities.enumerated() {
            let total = (0..<4).reduce(0.0) { $0 + Self.population(m, $1, 2024) }
            #expect(abs(total / k.population2024 - 1) < 0.003, "\(k.label)")
        }
    }
}
