import Foundation
import Testing
import Tables
import Statbank
import StatbankMock

/// A fetch allocates in proportion to the cells selected: it checks the memory budget for the whole
/// selection before asking the server for any data (issue 20). The limit here (1 MB) is below any
/// process's resident size, so the check must refuse whatever else this test process holds.
@Suite struct FetchMemoryTests {
    @Test func aFetchOverTheBudgetIsRefusedBeforeAnyDataRequest() throws {
        let server = try MockPxWeb(cubes: [staffingCube()])
        defer { server.stop() }
        let text = "Region=* Kjonn=* ContentsCode=* Tid=*"
        do {
            _ = try MemoryBudget.withLimit(1 << 20) { try client(server).fetch("11924", selection: try selection(text)) }
            Issue.record("the fetch ran under a 1 MB limit")
        } catch let e as MemoryLimitError {
            // 6 regions × 2 sexes × 2 contents × 8 years.
            #expect(e.message.hasPrefix("fetching table 11924 (192 cells) needs about "), "\(e.message)")
            #expect(e.message.hasSuffix("of the memory limit of 1 MB"), "\(e.message)")
        }
        #expect(server.dataRequests.isEmpty, "\(server.dataRequests)")
        // Within the default budget the same fetch runs.
        let result = try client(server).fetch("11924", selection: try selection(text))
        #expect(result.table.rowCount == 192)
        #expect(server.dataRequests.count == result.parts)
    }
}
