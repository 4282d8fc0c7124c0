import Foundation
import Testing
@testable import Tables

/// The memory budget: sizes as typed, the resident-size reader, the polled and the predictive checks.
/// Limits are bound with `MemoryBudget.withLimit`, so they hold for this test's statements only and
/// other tests running at the same time keep the default.
@Suite("Memory budget")
struct MemoryBudgetTests {
    let gb = 1 << 30, mb = 1 << 20

    @Test("sizes parse with binary units, decimals, a comma, a space or a share of the memory")
    func parsing() {
        #expect(MemoryBudget.parseSize("4GB") == 4 * gb)
        #expect(MemoryBudget.parseSize("4gb") == 4 * gb)
        #expect(MemoryBudget.parseSize("4G") == 4 * gb)
        #expect(MemoryBudget.parseSize("4GiB") == 4 * gb)
        #expect(MemoryBudget.parseSize("512MB") == 512 * mb)
        #expect(MemoryBudget.parseSize("2.5GB") == 5 * gb / 2)
        #expect(MemoryBudget.parseSize("2,5 GB") == 5 * gb / 2)
        #expect(MemoryBudget.parseSize("800k") == 800 * 1024)
        #expect(MemoryBudget.parseSize("1TB") == 1 << 40)
        #expect(MemoryBudget.parseSize("123456789") == 123_456_789)
        #expect(MemoryBudget.parseSize("50%") == MemoryBudget.availableMemory / 2)
        #expect(MemoryBudget.parseSize("100%") == MemoryBudget.availableMemory)
        for bad in ["", "lots", "GB", "0", "0GB", "-1GB", "4XB", "150%", "0%", "1e400GB", "nan", "4 GB GB"] {
            #expect(MemoryBudget.parseSize(bad) == nil, "\(bad) parsed")
        }
    }

    @Test("sizes print with binary units and at most one decimal")
    func formatting() {
        #expect(MemoryBudget.format(4 * gb) == "4 GB")
        #expect(MemoryBudget.format(5 * gb / 2) == "2.5 GB")
        #expect(MemoryBudget.format(512 * mb) == "512 MB")
        #expect(MemoryBudget.format(1536) == "1.5 KB")
        #expect(MemoryBudget.format(12) == "12 B")
        #expect(MemoryBudget.format(0) == "0 B")
        #expect(MemoryBudget.parseSize(MemoryBudget.format(3 * gb).filter { $0 != " " }) == 3 * gb)
    }

    @Test("the default is three quarters of the memory available, and a bound limit holds only inside")
    func defaultAndBoundLimit() {
        #expect(MemoryBudget.availableMemory <= MemoryBudget.physicalMemory)
        #expect(MemoryBudget.defaultLimit == MemoryBudget.availableMemory / 4 * 3)
        #expect(MemoryBudget.limit == MemoryBudget.defaultLimit)
        MemoryBudget.withLimit(2 * gb) {
            #expect(MemoryBudget.limit == 2 * gb)
            MemoryBudget.withLimit(nil) { #expect(MemoryBudget.limit == MemoryBudget.defaultLimit) }
        }
        #expect(MemoryBudget.limit == MemoryBudget.defaultLimit)
    }

    #if os(Linux)
    @Test("the resident size grows when memory is touched")
    func residentSize() throws {
        #expect(try #require(MemoryBudget.residentBytes()) > mb)
        // Other tests run at the same time and may free memory meanwhile: a few tries.
        var grew: [Int] = []
        for _ in 0..<3 {
            let before = try #require(MemoryBudget.residentBytes())
            let block = [UInt8](repeating: 1, count: 64 * mb)  // written, so resident
            let after = try #require(MemoryBudget.residentBytes())
            #expect(block.count == 64 * mb)
            grew.append(after - before)
            if after - before >= 48 * mb { break }
        }
        #expect(grew.contains { $0 >= 48 * mb }, "resident size grew by \(grew.map(MemoryBudget.format))")
    }

    @Test("Cancellation.check stops with MemoryLimitError once the process is over the limit")
    func pollThroughCancellationCheck() throws {
        // Under the default limit a check passes.
        try Cancellation.check()
        // Every process is bigger than 1 MB: the check fails, with the sizes in the message.
        let error = try #require(throws: MemoryLimitError.self) {
            try MemoryBudget.withLimit(mb) {
                MemoryBudget.refresh()
                for _ in 0..<3 { try Cancellation.check() }
            }
        }
        #expect(error.limit == mb)
        #expect(error.needed > mb)
        #expect(error.message == "stopped: hws used \(MemoryBudget.format(error.needed)), over the memory limit of 1 MB")
        #expect(error.hint == "raise it with `set memory_limit 1GB` or work on fewer rows (where, select) first")
        // The same thread, back under the default: no error.
        try Cancellation.check()
    }

    @Test("a polled check notices memory growing within the sample interval")
    func pollNoticesGrowth() throws {
        let start = MemoryBudget.refresh()
        let limit = start + 256 * mb
        var blocks: [[UInt8]] = []
        let error = try #require(throws: MemoryLimitError.self) {
            try MemoryBudget.withLimit(limit) {
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(20)
                // Grow by 16 MB at a time, checking between blocks as a loader does, until stopped.
                while clock.now < deadline, blocks.count < 128 {
                    blocks.append([UInt8](repeating: 1, count: 16 * mb))
                    for _ in 0..<4 { try Cancellation.check(); usleep(3000) }
                }
            }
        }
        #expect(error.limit == limit)
        // Stopped soon after crossing: at most a few blocks past the limit (not after 2 GB).
        #expect(blocks.count * 16 * mb < 256 * mb + 256 * mb)
        blocks.removeAll()
    }
    #endif

    @Test("the predictive check refuses an allocation that cannot fit, and says how much is left")
    func reserve() throws {
        try MemoryBudget.reserve(1024, for: "a small thing")
        let error = try #require(throws: MemoryLimitError.self) {
            try MemoryBudget.withLimit(mb) {
                try MemoryBudget.reserve(2 * gb, for: "loading `big.csv`", span: SourceSpan(start: 5, end: 14))
            }
        }
        #expect(error.message == "loading `big.csv` needs about 2 GB, more than the 0 B left of the memory limit of 1 MB")
        #expect(error.span == SourceSpan(start: 5, end: 14))
        #expect(error.limit == mb)
        // A request beyond the machine asks for fewer rows rather than a bigger limit.
        let huge = try #require(throws: MemoryLimitError.self) {
            try MemoryBudget.reserve(Int.max / 2, for: "this join")
        }
        #expect(huge.hint?.hasPrefix("this machine has \(MemoryBudget.format(MemoryBudget.availableMemory)) for hws") == true)
    }

    @Test("the hint suggests a round limit above what is needed")
    func hint() {
        #expect(MemoryBudget.raiseHint(needed: 3 * gb, limit: 2 * gb)
                == (MemoryBudget.availableMemory >= 4 * gb
                    ? "raise it with `set memory_limit 4GB` or work on fewer rows (where, select) first"
                    : "this machine has \(MemoryBudget.format(MemoryBudget.availableMemory)) for hws; work on fewer rows or columns (where, select) first"))
        #expect(MemoryBudget.raiseHint(needed: 100 * mb, limit: 64 * mb)
                == "raise it with `set memory_limit 1GB` or work on fewer rows (where, select) first")
    }

    @Test("a row costs its values' bytes: 8 for numbers, a 4-byte code for text, 1 for a boolean")
    func rowSizes() {
        #expect(Column(ints: [1, 2, 3, 4]).bytesPerRow == 8)
        #expect(Column(doubles: [0.5]).bytesPerRow == 8)
        #expect(Column(bools: [true, false]).bytesPerRow == 1)
        #expect(Column(strings: ["Bodø", "Tromsø", "Bodø"]).bytesPerRow == 4)
    }
}
