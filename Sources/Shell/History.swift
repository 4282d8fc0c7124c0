import Foundation
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// The statement history kept across runs.
///
/// The file holds one entry per line, newest last; a backslash is written `\\` and a newline inside a
/// multi-line statement `\n`, so every entry is one line. Each new entry is appended and flushed to disk
/// at once (it survives `kill -9`); when the file has grown to twice the cap it is compacted to its
/// newest `limit` lines, atomically (temporary file in the same folder, fsync, rename).
///
/// Several shells may share the file: appends and the compaction take an exclusive `flock` on the
/// file's folder, and the compaction re-reads the file under it, so another shell's entries are kept.
/// Start-up reads only the tail of the file that holds the newest `limit` entries. History that
/// cannot be saved (unwritable, disk full) is said once, through `warn`.
public final class History {
    /// Where the history lives, or nil for an in-memory history.
    public let path: String?
    /// The most entries kept (older ones are dropped, like readline's `stifle_history`).
    public let limit: Int
    /// The entries, oldest first.
    public private(set) var entries: [String] = []
    /// Lines in the file (including entries dropped from memory), to know when to compact it.
    private var linesInFile = 0
    /// Receives the one warning when the history cannot be saved (standard error by default).
    public var warn: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    /// Whether the warning was given.
    public private(set) var warned = false

    /// Opens (or starts) the history at `path`; a missing or unreadable file is an empty history.
    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
        guard let path, let (lines, complete) = History.tail(of: path, lines: self.limit) else { return }
        let loaded = lines.filter { !$0.hasPrefix("_HiStOrY_V2_") }.map(History.decode)  // libedit's own header
        // When only the tail was read the file is long: the next append compacts it.
        linesInFile = complete ? loaded.count : 2 * self.limit
        entries = Array(loaded.suffix(self.limit))
    }

    /// The last `count` non-empty lines of the file at `path`, reading backwards from its end in
    /// growing blocks (a 200 MB history costs a few kB at start-up); `complete` when the whole file was read.
    static func tail(of path: String, lines count: Int) -> (lines: [String], complete: Bool)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var block = 64 << 10
        while true {
            let start = max(0, size - block)
            var bytes = [UInt8](repeating: 0, count: size - start)
            var got = 0
            while got < bytes.count {
                let n = bytes[got...].withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start + got)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            bytes.removeLast(bytes.count - got)
            var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if start > 0, !pieces.isEmpty { pieces.removeFirst() }  // a line cut by the block's start
            let found = pieces.filter { !$0.isEmpty }
            if found.count >= count || start == 0 {
                return (found.suffix(count).map { String(decoding: $0, as: UTF8.self) }, start == 0 && found.count <= count)
            }
            block *= 4
        }
    }

    /// `$XDG_STATE_HOME/hws/history` when XDG_STATE_HOME is set, else `~/.hws_history`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return (state as NSString).appendingPathComponent("hws/history")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent(".hws_history")
        }
        return nil
    }

    /// Adds an entry (blank lines and an immediate repeat are skipped) and appends it to the file.
    /// Returns false if the entry was skipped.
    @discardableResult
    public func append(_ entry: String) -> Bool {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, entries.last != trimmed else { return false }
        entries.append(trimmed)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path else { return true }
        do {
            try History.locked(path) {
                if linesInFile + 1 >= 2 * limit {
                    try appendLine(History.encode(trimmed), to: path)
                    try compact()
                } else {
                    try appendLine(History.encode(trimmed), to: path)
                    linesInFile += 1
                }
            }
        } catch {
            if !warned {
                warned = true
                warn("warning: the history cannot be saved to \(path) (\(error)); this session's statements are not kept")
            }
        }
        return true
    }

    /// Under the lock: the file's newest `limit` lines (other shells' entries included) written back atomically.
    private func compact() throws {
        guard let path else { return }
        let lines = History.tail(of: path, lines: limit)?.lines ?? []
        try AtomicFile.write(Data(lines.map { $0 + "\n" }.joined().utf8), to: path)
        linesInFile = lines.count
    }

    /// Runs `body` holding an exclusive `flock` on the folder of `path` (created if missing), so the
    /// appends and compactions of shells sharing the file do not interleave.
    static func locked(_ path: String, _ body: () throws -> Void) throws {
        try makeParentDirectory(of: path)
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw HistoryError(String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw HistoryError(String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        try body()
    }

    /// Writes the entries in memory to the file atomically, replacing it.
    public func rewrite() throws {
        guard let path else { return }
        try History.makeParentDirectory(of: path)
        let text = entries.map { History.encode($0) + "\n" }.joined()
        try AtomicFile.write(Data(text.utf8), to: path)
        linesInFile = entries.count
    }

    /// One entry as one line of the file.
    static func encode(_ entry: String) -> String {
        var out = ""
        for ch in entry {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    private static func makeParentDirectory(of path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    }

    /// Appends one line with O_APPEND and fsyncs it, creating the file (mode 0600) and its folder.
    private func appendLine(_ line: String, to path: String) throws {
        try History.makeParentDirectory(of: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryError(String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw HistoryError(String(cString: strerror(errno))) }
            written += n
        }
        guard fsync(fd) == 0 else { throw HistoryError(String(cString: strerror(errno))) }
    }
}

/// Why the history could not be saved (the system's reason).
struct HistoryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
