import Testing
@testable import Tables

@Suite struct CancellationTests {
    @Test func blocksCoverEveryRowOnceInOrder() throws {
        var blocks: [Range<Int>] = []
        try Cancellation.inBlocks(of: 150_000) { blocks.append($0) }
        #expect(blocks == [0..<65_536, 65_536..<131_072, 131_072..<150_000])
        var none = 0
        try Cancellation.inBlocks(of: 0) { _ in none += 1 }
        #expect(none == 0)
        var small: [Range<Int>] = []
        try Cancellation.inBlocks(of: 5, size: 2) { small.append($0) }
        #expect(small == [0..<2, 2..<4, 4..<5])
    }
}
