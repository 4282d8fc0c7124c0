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
}
