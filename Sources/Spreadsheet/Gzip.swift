import Foundation
import Tables
import ZIPFoundation

/// Unpacks a gzip file (`.csv.gz`): the header (RFC 1952), then the deflate stream through ZIPFoundation's
/// inflate, checked against the trailer's CRC-32 and length. Concatenated members are read in turn.
public enum Gzip {
    public static func decompress(_ data: Data, name: String) throws -> Data {
        func bad(_ problem: String) -> XLSXError { XLSXError(file: name, problem: problem) }
        let bytes = [UInt8](data)
        var out = Data()
        var pos = 0
        repeat {
            guard bytes.count - pos >= 18, bytes[pos] == 0x1F, bytes[pos + 1] == 0x8B else {
                throw bad(pos == 0 ? "not a gzip file" : "trailing bytes after the gzip data; the file is damaged")
            }
            guard bytes[pos + 2] == 8 else { throw bad("gzip compression method \(bytes[pos + 2]) is not deflate") }
            let flags = bytes[pos + 3]
            var i = pos + 10
            if flags & 0x04 != 0 {  // FEXTRA
                guard i + 2 <= bytes.count else { throw bad("the gzip header is cut short") }
                i += 2 + Int(bytes[i]) | Int(bytes[i + 1]) << 8
            }
            for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
                while i < bytes.count, bytes[i] != 0 { i += 1 }
                i += 1
            }
            if flags & 0x02 != 0 { i += 2 }  // FHCRC
            guard i < bytes.count else { throw bad("the gzip header is cut short") }
            // The deflate stream runs to 8 bytes before the member's end; its own end tells where that is,
            // so the rest of the file is offered and the consumed count read back from inflate's output.
            let start = i
            let before = out.count
            let available = Int64(bytes.count - start)
            let crc: CRC32
            do {
                crc = try Data.decompress(size: available, bufferSize: 1 << 16, skipCRC32: false,
                                          provider: { position, size in
                                              try Cancellation.check()
                                              let a = start + Int(position)
                                              guard a < bytes.count else { throw CocoaError(.fileReadCorruptFile) }
                                              // Always `size` bytes: the inflate loop takes a full buffer as given.
                                              var chunk = data.subdata(in: a..<min(bytes.count, a + size))
                                              if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                                              return chunk
                                          }, consumer: { out.append($0) })
            } catch let e as CancelledError { throw e
            } catch {
                throw bad("the gzip data cannot be unpacked; the file is damaged or cut short")
            }
            // Find the member's trailer: the CRC and length of what was just unpacked.
            let length = UInt32(truncatingIfNeeded: out.count - before)
            func matches(_ k: Int) -> Bool {
                let c = UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24
                let n = UInt32(bytes[k + 4]) | UInt32(bytes[k + 5]) << 8 | UInt32(bytes[k + 6]) << 16 | UInt32(bytes[k + 7]) << 24
                return c == crc && n == length
            }
            // One member (the usual case) ends the file; otherwise look for where this member ends.
            var trailer = matches(bytes.count - 8) ? bytes.count - 8 : -1
            var k = start
            while trailer < 0, k + 8 <= bytes.count {
                let c = UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24
                let n = UInt32(bytes[k + 4]) | UInt32(bytes[k + 5]) << 8 | UInt32(bytes[k + 6]) << 16 | UInt32(bytes[k + 7]) << 24
                if c == crc && n == length { trailer = k; break }
                k += 1
            }
            guard trailer >= 0 else { throw bad("the gzip checksum does not match: the file is damaged or cut short") }
            pos = trailer + 8
        } while pos < bytes.count && bytes[pos...].contains(where: { $0 != 0 })
        return out
    }
}
