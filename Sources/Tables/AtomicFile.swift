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
        }

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
            guard fsync(fd) == 0 else { throw failure("fsync failed") }
            close(fd)
            closed = true
            try (hook ?? beforeRename)?(temp)
            guard rename(temp, path) == 0 else { throw failure("rename failed") }
        } catch {
            unlink(temp)
            throw error
        }
        let dirfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
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
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(entry))
            }
        }
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
