import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that a crash, a kill or a full disk never leaves it half-written: the bytes go to a
/// temporary file in the same folder, which is fsynced and then renamed over the target (rename is
/// atomic within a file system); the folder is fsynced so the rename itself is durable.
/// Used for saved sessions, notebooks and the rewritten history.
public enum AtomicWrite {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `data` to `path`. `beforeRename` runs after the temporary file is complete and synced and
    /// before the rename: tests use it to simulate a failure at the worst moment.
    public static func write(_ data: Data, to path: String, beforeRename: (() throws -> Void)? = nil) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = (folder as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var mode: mode_t = 0o644
        var info = stat()
        if stat(path, &info) == 0 { mode = info.st_mode & 0o777 }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
                    }
                    offset += n
                }
            }
            guard fsync(fd) == 0 else {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            closed = true
            try beforeRename?()
            guard rename(temp, path) == 0 else {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temp)
            throw error
        }
        let dirfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }
}
