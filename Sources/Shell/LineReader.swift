#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines from a file descriptor (stdin), at most `limit` bytes each: a longer line is refused while it is
/// read, so `hws < /dev/zero` or a huge line stops at the limit instead of reading it all into memory.
/// After a refused line, `next()` returns nil and `overlongLine` is its line number.
public final class LineReader {
    let fd: Int32
    let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0, end = 0
    private var atEnd = false
    private var lineNumber = 0
    /// The number of the line that was longer than the limit, if one was.
    public private(set) var overlongLine: Int?

    public init(fileDescriptor: Int32, limit: Int) {
        self.fd = fileDescriptor
        self.limit = limit
    }

    /// The next line without its `\n` (invalid UTF-8 repaired), or nil at the end or after an overlong line.
    public func next() -> String? {
        guard overlongLine == nil else { return nil }
        var line: [UInt8] = []
        while true {
            if start == end {
                if atEnd { break }
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { atEnd = true; break }
                start = 0; end = n
            }
            let chunk = buffer[start..<end]
            if let newline = chunk.firstIndex(of: 0x0A) {
                line.append(contentsOf: buffer[start..<newline])
                start = newline + 1
                lineNumber += 1
                // An overlong line is not lost silently: `checked` records it in `overlongLine`, which the caller reports.
                return try? checked(line)
            }
            line.append(contentsOf: chunk)
            start = end
            if line.count > limit { lineNumber += 1; overlongLine = lineNumber; return nil }
        }
        if line.isEmpty { return nil }
        lineNumber += 1
        return try? checked(line)   // (as above: recorded in `overlongLine`)
    }

    private struct Overlong: Error {}

    private func checked(_ line: [UInt8]) throws -> String {
        guard line.count <= limit else { overlongLine = lineNumber; throw Overlong() }
        return String(decoding: line, as: UTF8.self)
    }
}
