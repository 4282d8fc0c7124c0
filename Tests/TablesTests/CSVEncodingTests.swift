import Testing
@testable import Tables

/// The UTF-8 check reads 32 and 8 bytes at a time over ASCII: a bad byte must be found at every offset
/// and alignment, and valid multi-byte letters (æøå, €, emoji) anywhere must pass.
@Suite struct CSVEncodingTests {
    func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { CSVEncoding.firstInvalidUTF8($0) }
    }

    @Test func findsABadByteAtEveryOffset() {
        for length in [1, 7, 8, 9, 31, 32, 33, 64, 100] {
            for at in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                bytes[at] = 0xF8  // Latin-1 ø: never valid in UTF-8
                #expect(firstInvalid(bytes) == at, "length \(length), bad byte at \(at)")
            }
        }
    }

    @Test func validLettersAnywherePass() {
        for letter in ["æ", "ø", "å", "Å", "€", "∞", "🙂"] {
            for prefix in 0..<40 {
                let text = String(repeating: "x", count: prefix) + letter + String(repeating: "y", count: 40 - prefix)
                #expect(firstInvalid(Array(text.utf8)) == nil, "\(letter) after \(prefix)")
            }
        }
    }

    @Test func truncatedAndOverlongSequencesAreInvalid() {
        let base = Array(String(repeating: "z", count: 35).utf8)
        #expect(firstInvalid(base + [0xC3]) == 35)                 // first byte of ø, then the end
        #expect(firstInvalid(base + [0xC3, 0x41]) == 35)           // continuation missing
        #expect(firstInvalid(base + [0xC0, 0xAF]) == 35)           // overlong `/`
        #expect(firstInvalid(base + [0xED, 0xA0, 0x80]) == 35)     // a surrogate
        #expect(firstInvalid(base + Array("ø".utf8) + [0xFF]) == 37)
    }

    /// The reader checks each chunk in 1 MiB slices that end before a letter's first byte: a letter across
    /// a slice end is valid, a stray byte just after one is still found, at its line.
    static func body(with bytes: [UInt8], at offset: Int) -> [UInt8] {
        var file = Array("a\n".utf8)
        for _ in 0..<(3 << 20) / 100 { file += [UInt8](repeating: UInt8(ascii: "x"), count: 99) + [0x0A] }
        for (k, b) in bytes.enumerated() { file[offset + k] = b }
        return file
    }

    @Test func aLetterAcrossASliceEndIsValid() throws {
        let sliceEnd = 2 + (1 << 20)  // after the 2-byte header line
        let file = Self.body(with: Array("ø".utf8), at: sliceEnd - 1)
        #expect(file[sliceEnd - 1] != 0x0A && file[sliceEnd] != 0x0A)
        let r = try CSVReader.read(bytes: file, name: "s.csv", options: CSVOptions(parallelism: 1))
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        let line = (sliceEnd - 2) / 100  // 0-based body row of the letter
        #expect(r.table[line, 0].description.contains("ø"))
    }

    @Test func aStrayByteJustAfterASliceEndIsFoundAtItsLine() throws {
        let sliceEnd = 2 + (1 << 20)
        for offset in [sliceEnd - 1, sliceEnd, sliceEnd + 1] {
            let file = Self.body(with: [0xB8], at: offset)  // a lone continuation byte
            let r = try CSVReader.read(bytes: file, name: "s.csv", options: CSVOptions(parallelism: 1))
            let line = 2 + (offset - 2) / 100  // 1-based file line (the header is line 1)
            #expect(r.warnings.first == "s.csv: not valid UTF-8 (1 line, first at line \(line)); read as Latin-1 (ISO-8859-1)", "offset \(offset)")
        }
    }
}
