import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes tables as CSV (RFC 4180: fields with the delimiter, quotes or line breaks are quoted; numbers in
/// machine form; null as an empty field; UTF-8, so æøå round-trip through `CSVReader`).
///
/// Atomic: the rows go to a temporary file in the same folder, which is fsynced and renamed over the
/// target, so a crash or a full disk never leaves a half-written file. Writing is streamed in chunks and
/// checks `Cancellation` between them.
public enum CSVWriter {
    public struct WriteError: DiagnosticError, Sendable {
        public var message: String
        public var span: SourceSpan? { nil }
        public var hint: String?
    }

    /// Writes `table` to `path`, replacing any file there.
    public static func write(_ table: Table, to path: String, delimiter: Character = ",") throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = (folder as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        func failure(_ what: String) -> WriteError {
            WriteError(message: "cannot write \(path): \(what)", hint: nil)
        }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            func flush() throws {
                var offset = 0
                try buffer.withUnsafeBytes { raw in
                    while offset < raw.count {
                        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            throw failure(String(cString: strerror(errno)))
                        }
                        offset += n
                    }
                }
                buffer.removeAll(keepingCapacity: true)
            }
            let sep = Array(String(delimiter).utf8)
            func field(_ s: String) {
                let needsQuotes = s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r")
                    || s.hasPrefix(" ") || s.hasSuffix(" ")
                if needsQuotes {
                    buffer.append(UInt8(ascii: "\""))
                    for b in s.utf8 {
                        if b == UInt8(ascii: "\"") { buffer.append(b) }
                        buffer.append(b)
                    }
                    buffer.append(UInt8(ascii: "\""))
                } else {
                    buffer.append(contentsOf: s.utf8)
                }
            }
            for (j, name) in table.columnNames.enumerated() {
                if j > 0 { buffer.append(contentsOf: sep) }
                field(name)
            }
            buffer.append(UInt8(ascii: "\n"))
            // Text fields are quoted per dictionary entry once, not per row.
            let encoded: [[[UInt8]]?] = table.columns.map { c in
                guard case .string(_, let dict) = c.storage else { return nil }
                return dict.values.map { s in
                    let saved = buffer
                    buffer.removeAll(keepingCapacity: true)
                    field(s)
                    let bytes = buffer
                    buffer = saved
                    return bytes
                }
            }
            for i in 0..<table.rowCount {
                for (j, c) in table.columns.enumerated() {
                    if j > 0 { buffer.append(contentsOf: sep) }
                    if let v = c.validity, !v[i] { continue }
                    switch c.storage {
                    case .int(let a): buffer.append(contentsOf: String(a[i]).utf8)
                    case .double(let a): buffer.append(contentsOf: NumberFormat.plain(a[i]).utf8)
                    case .string(let codes, _): buffer.append(contentsOf: encoded[j]![Int(codes[i])])
                    case .bool(let a): buffer.append(contentsOf: (a[i] ? "true" : "false").utf8)
                    }
                }
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= 1 << 20 {
                    try Cancellation.check()
                    try flush()
                }
            }
            try flush()
            guard fsync(fd) == 0 else { throw failure(String(cString: strerror(errno))) }
            close(fd)
            closed = true
            guard rename(temp, path) == 0 else { throw failure(String(cString: strerror(errno))) }
        } catch {
            unlink(temp)
            throw error
        }
        let dirfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }
}
