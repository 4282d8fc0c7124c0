import Foundation
import Synchronization
import Tables
import Query
import Statbank
import StatbankMock

/// A clock that never sleeps: `sleep` moves time forward and records how long it was asked to wait.
final class VirtualClock: StatbankClock, @unchecked Sendable {
    private let state = Mutex<(now: Double, sleeps: [Double])>((1000, []))
    func now() -> Double { state.withLock { $0.now } }
    func sleep(_ seconds: Double, isCancelled: @escaping @Sendable () -> Bool) throws {
        if isCancelled() { throw CancelledError() }
        state.withLock { $0.now += seconds; $0.sleeps.append(seconds) }
    }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// A cancellation flag for one test (the process-wide `Cancellation` would stop other suites' work).
final class Flag: @unchecked Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

func scratchFolder(_ name: String) -> String {
    let p = FileManager.default.temporaryDirectory.appendingPathComponent("hws-statbank-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}

let recorded05300: Data = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/StatbankTests/Fixtures/05300-jsonstat2.json")
    return try! Data(contentsOf: url)
}()

/// A synthetic KOSTRA-like staffing table: 6 regions × 2 sexes (eliminable) × 2 contents × 8 years = 192 cells.
func staffingCube(seed: UInt64 = 7, updated: String = "2025-03-01T08:00:00Z") -> MockCube {
    var cube = MockCube.synthetic(id: "11924", label: "Sysselsatte i helse- og omsorgstjenester, etter region, kjønn og år",
                       updated: updated, dimensions: [
        .init(code: "Region", label: "region", codes: ["0301", "1804", "3024", "4601", "5001", "5501"],
              labels: ["Oslo", "Bodø", "Bærum", "Bergen", "Trondheim - Tråante", "Tromsø"]),
        .init(code: "Kjonn", label: "kjønn", codes: ["1", "2"], labels: ["Menn", "Kvinner"], elimination: true),
        .init(code: "ContentsCode", label: "statistikkvariabel", codes: ["Sysselsatte", "Avtalte"],
              labels: ["Sysselsatte personer", "Avtalte årsverk"], isContents: true),
        .init(code: "Tid", label: "år", codes: (2017...2024).map(String.init), isTime: true),
    ], seed: seed)
    cube.codelists["Region"] = [MockCodelist(id: "agg_KommSummer", label: "Kommuner, summert", values: [
        (code: "K-0301", label: "Oslo", members: ["0301"]), (code: "K-5001", label: "Trondheim", members: ["5001"]),
    ])]
    return cube
}

func client(_ server: MockPxWeb, cache: String? = nil, offline: Bool = false, clock: VirtualClock = VirtualClock(),
            maxURLLength: Int = 2000, isCancelled: @escaping @Sendable () -> Bool = { false }) -> StatbankClient {
    StatbankClient(options: StatbankOptions(baseURL: server.baseURL, cacheFolder: cache, offline: offline, maxURLLength: maxURLLength),
                   transport: server.transport, clock: clock, isCancelled: isCancelled)
}

func selection(_ text: String) throws -> Selection {
    try Selection.parse(CommandArguments.parse("ssb " + text).words, statement: "ssb " + text)
}

/// The cells of a fetched table as `dim=code,… → value|status`, for exact comparisons.
func cells(_ t: Table, dims: [String]) -> [String: String] {
    var out: [String: String] = [:]
    let dc = dims.map { t.column(named: $0)! }
    let v = t.column(named: "value")!, s = t.column(named: "status")!
    for r in 0..<t.rowCount {
        out[dc.map { $0[r].description }.joined(separator: ",")] = "\(v[r])|\(s[r])"
    }
    return out
}
