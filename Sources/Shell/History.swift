import Foundation
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// The statement history kept across runs.
///
/// The file holds one entry per line, newest last; a backslash is written `\\` and a newline inside a
/// multi-line statement `\n`, so every entry is one line. Each new entry is appended and flushed to disk
/// at once (it survives `kill -9`); when the file has grown to twice the cap it is rewritten with the
/// newest `limit` entries, atomically (temporary file in the same folder, fsync, rename).
public final class History {
    /// Where the history lives, or nil for an in-memory history.
    public let path: String?
    /// The most entries kept (older ones are dropped, like readline's `stifle_history`).
    public let limit: Int
    /// The entries, oldest first.
    public private(set) var entries: [String] = []
    /// Lines in the file (including entries dropped from memory), to know when to compact it.
    private var linesInFile = 0

    /// Opens (or starts) the history at `path`; a missing or unreadable file is an empty history.
    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        var loaded: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("_HiStOrY_V2_") { continue }  // a file written by libedit itself
            loaded.append(History.decode(String(line)))
        }
        linesInFile = loaded.count
        entries = Array(loaded.suffix(self.limit))
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
        if linesInFile + 1 >= 2 * limit {
            try? rewrite()
        } else if appendLine(History.encode(trimmed), to: path) {
            linesInFile += 1
        }
        return true
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
    private func appendLine(_ line: String, to path: String) -> Bool {
        do { try History.makeParentDirectory(of: path) } catch { return false }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return false }
            written += n
        }
        fsync(fd)
        return true
    }
}
