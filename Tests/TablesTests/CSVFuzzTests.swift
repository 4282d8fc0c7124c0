import Testing
@testable import Tables

/// Seeded random inputs made of the bytes that matter to a CSV parser: every one must load or fail with a
/// `CSVError` (never crash or throw anything else), and what loads must render and describe.
@Suite struct CSVFuzzTests {

    @Test func randomBytesLoadOrFailWithACSVError() throws {
        let alphabet: [UInt8] = Array(",;\"\n\r\t 0123456789a.-:eE+|".utf8) + [0, 0xC3, 0xA6, 0xFF, 0xC2, 0xA0, 0xEF, 0xBB, 0xBF, 0xFE]
        var rng = SplitMix64(seed: 2026)
        var loaded = 0, failed = 0
        for _ in 0..<4000 {
            let length = Int(rng.next() % 160)
            let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let options = CSVOptions(ragged: rng.next() % 2 == 0 ? .error : .pad, parallelism: 1)
            do {
                let r = try CSVReader.read(bytes: bytes, name: "fuzz.csv", options: options)
                #expect(r.table.columns.allSatisfy { $0.count == r.table.rowCount })
                _ = TableRenderer.render(r.table, options: RenderOptions(width: 60))
                _ = TableDescription.describe(r.table)
                loaded += 1
            } catch let e as CSVError {
                #expect(e.message.hasPrefix("fuzz.csv"))
                failed += 1
            }
        }
        #expect(loaded > 100)
        #expect(failed > 100)
    }
}
