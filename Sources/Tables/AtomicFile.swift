import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash, a kill or a full disk never leaves them half-written: the bytes go to a
/// temporary file in the same folder, which is fsynced and renamed over the target (atomic within a file
/// system), then the folder is fsynced so the rename is durable. On any failure the old file is untouched
/// and the temporary file is removed.
public enum AtomicFile {
    /// Test hook: runs after the temporary file is complete and synced, just before the rename.
    nonisolated(unsafe) static var beforeRename: ((String) throws -> Void)? = nil

    /// Writes `data` to `path`, replacing any file there (its permissions are kept). A symlink is written
    /// through (the file it names is replaced, the link stays); a file without write permission for anyone
    /// (0444) is refused, even for root. Temporary files of ours that a killed process left in the folder
    /// for the same name are removed. `beforeRename` (for tests of a caller's atomicity) runs with the
    /// temporary file's path just before the rename.
    /// With `cancellable`, Ctrl-C (`Cancellation`) stops the write between 1 MB pieces and removes the temporary.
    public static func write(_ data: Data, to requested: String, cancellable: Bool = false,
                             beforeRename hook: ((String) throws -> Void)? = nil) throws {
        try write(to: requested, cancellable: cancellable, beforeRename: hook) { sink in
            try data.withUnsafeBytes { try sink.write($0) }
        }
    }

    /// Where a streaming write puts its bytes: `write` passes them on to the temporary file in pieces of at
    /// most 1 MB, looking for Ctrl-C between pieces when the write is cancellable.
    public struct Sink {
        let fd: Int32
        let cancellable: Bool
        let failure: (String) -> Diagnostic

        public func write(_ raw: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < raw.count {
                if cancellable { try Cancellation.check() }
                let n = Foundation.write(fd, raw.baseAddress! + offset, min(raw.count - offset, 1 << 20))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("write failed")
                }
                offset += n
            }
            startWriteback(of: raw.count)
        }

        /// Past the first 8 MiB, asks the kernel to start writing the piece just written to disk (without
        /// waiting), so that the final fsync of a large file does not find it all still in memory: the disk
        /// works while the next pieces are made. The fsync before the rename still makes the file durable.
        private func startWriteback(of count: Int) {
            #if os(Linux)
            guard let start = Sink.syncFileRange else { return }
            let end = lseek(fd, 0, SEEK_CUR)
            guard end >= 8 << 20, count > 0 else { return }
            _ = start(fd, Int64(end) - Int64(count), Int64(count), 2)  // SYNC_FILE_RANGE_WRITE
            #endif
        }

        #if os(Linux)
        /// glibc's `sync_file_range` (Swift's Glibc module does not declare it), nil where it is missing.
        private static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        }()
        #endif

        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// Writes the bytes `produce` hands to its sink, in as many pieces as it likes, to `path`, with the same
    /// guarantees as `write(_:to:)`: they go to a temporary file that replaces `path` only when `produce`
    /// returned and the file is synced; an error thrown by `produce` (Ctrl-C, the memory limit) or by the
    /// sink leaves the old file as it was and removes the temporary. Lets a large file be written in
    /// bounded pieces instead of being made whole in memory first.
    public static func write(to requested: String, cancellable: Bool = false,
                             beforeRename hook: ((String) throws -> Void)? = nil,
                             producing produce: (Sink) throws -> Void) throws {
        let path = try target(of: requested)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = (folder as NSString).appendingPathComponent(
            ".\(tempStem(url.lastPathComponent)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        func failure(_ what: String) -> Diagnostic {
            Diagnostic("cannot write \(path): \(what)\(errno != 0 ? ": " + String(cString: strerror(errno)) : "")")
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic("cannot write \(path): it is a folder")
        }
        let exists = stat(path, &info) == 0
        if exists, info.st_mode & 0o222 == 0 {
            throw Diagnostic("cannot write \(requested): it is read-only (mode \(String(info.st_mode & 0o777, radix: 8)))",
                             hint: "make it writable (chmod u+w) or write another file")
        }
        let mode: mode_t = exists ? info.st_mode & 0o777 : 0o644
        sweepStaleTemporaries(folder: folder, name: url.lastPathComponent)
        inFlight.withLock { _ = $0.insert(temp) }  // before it exists, so a SIGTERM never misses it
        defer { inFlight.withLock { _ = $0.remove(temp) } }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create a temporary file in \(folder.isEmpty ? "." : folder)") }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            try produce(Sink(fd: fd, cancellable: cancellable, failure: failure))
            if cancellable { try Cancellation.check() }
            closed = true  // syncAndClose closes it, whatever happens
            guard try syncAndClose(fd, cancellable: cancellable) else { throw failure("fsync failed") }
            try (hook ?? beforeRename)?(temp)
            guard rename(temp, path) == 0 else { throw failure("rename failed") }
        } catch {
            unlink(temp)
            throw error
        }
        let dirfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }

    /// fsync(fd), then close(fd); true when the flush succeeded. With `cancellable` it waits for the flush
    /// looking for Ctrl-C every 10 ms: flushing tens of MB to a busy disk can take seconds and cannot be
    /// interrupted. On Ctrl-C the flush finishes in the background (the caller removes the temporary
    /// file) and `CancelledError` is thrown at once.
    static func syncAndClose(_ fd: Int32, cancellable: Bool) throws -> Bool {
        guard cancellable else {
            let ok = fsync(fd) == 0
            close(fd)
            return ok
        }
        final class Outcome: @unchecked Sendable { var ok = false }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            outcome.ok = fsync(fd) == 0
            close(fd)
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            if Cancellation.isRequested { throw CancelledError() }
        }
        return outcome.ok
    }

    /// Temporary files being written now (their writes have not yet renamed or removed them).
    static let inFlight = Mutex<Set<String>>([])

    /// Removes the temporary files of writes in progress: for a process on its way out (SIGTERM),
    /// so an interrupted write leaves the old file and nothing else. Not async-signal-safe: call it
    /// from a dispatch signal source, not a signal handler. `folder` limits it to one folder (tests).
    public static func removeTemporariesInFlight(in folder: String? = nil) {
        inFlight.withLock { temps in
            for temp in temps where folder == nil || (temp as NSString).deletingLastPathComponent == folder { unlink(temp) }
        }
    }

    /// The file a write to `path` replaces: `path`, or the file a symlink at `path` names.
    static func target(of path: String) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            throw Diagnostic("cannot write \(path): it is a symlink to a file that does not exist",
                             hint: "remove the link or point it at a file")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The file name as it appears in a temporary name: cut to 200 bytes, so that a name near the file
    /// system's 255-byte limit still has room for `.…tmp-PID-RANDOM`.
    static func tempStem(_ name: String) -> String {
        guard name.utf8.count > 200 else { return name }
        var stem = ""
        for ch in name {
            if stem.utf8.count + ch.utf8.count > 200 { break }
            stem.append(ch)
        }
        return stem
    }

    /// Removes `.NAME.tmp-PID-*` files in `folder` whose process is gone (a write cut short by kill -9).
    static func sweepStaleTemporaries(folder: String, name: String) {
        let prefix = ".\(tempStem(name)).tmp-"
        // Best effort: a folder that cannot be listed has no temporaries this process could remove either.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let path = (folder as NSString).appendingPathComponent(entry)
            if let pid = temporaryWriter(entry), isStale(path, writer: pid) { unlink(path) }
        }
    }

    /// Removes every temporary file of ours in `folder` (any target name) whose writer is gone: what a
    /// write interrupted by kill -9 left. The shell calls it at start-up for its working folder, so such
    /// files do not wait for the next write of the same name. Only names of our exact form
    /// (`.NAME.tmp-PID-RANDOM`, both decimal) are touched, and only regular files. Returns the names removed.
    @discardableResult
    public static func sweepStaleTemporaries(folder: String) -> [String] {
        // Best effort: a folder that cannot be listed has no temporaries this process could remove either.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [] }
        var removed: [String] = []
        for entry in entries {
            guard let pid = temporaryWriter(entry) else { continue }
            let path = (folder as NSString).appendingPathComponent(entry)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if isStale(path, writer: pid), unlink(path) == 0 { removed.append(entry) }
        }
        return removed
    }

    /// The writer's process id if `name` is one of our temporary names, `.NAME.tmp-PID-RANDOM`.
    static func temporaryWriter(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
              marker.lowerBound > name.index(after: name.startIndex) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let pid = Int32(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
        return pid
    }

    /// Whether the temporary file at `path`, made by process `pid`, is abandoned: that process is gone, or
    /// the process now holding that id started after the file was last written (the id was reused).
    static func isStale(_ path: String, writer pid: pid_t) -> Bool {
        guard pid != getpid() else { return false }
        if kill(pid, 0) != 0, errno == ESRCH { return true }  // EPERM: it exists, owned by another user
        var info = stat()
        guard stat(path, &info) == 0, let started = processStartTime(pid) else { return false }
        return Double(info.st_mtim.tv_sec) + 1 < started
    }

    /// When process `pid` started (seconds since the epoch), from /proc; nil where there is no /proc.
    static func processStartTime(_ pid: pid_t) -> Double? {
        // Unreadable /proc entries (no /proc, the process just ended): unknown, and the caller keeps the file.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ")", options: .backwards),
              let boot = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8))?
                .split(separator: "\n").first(where: { $0.hasPrefix("btime ") })?.split(separator: " ").last
                .flatMap({ Double($0) }) else { return nil }
        // fields after the command: state is field 3, starttime field 22
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return boot + ticks / (hz > 0 ? hz : 100)
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
