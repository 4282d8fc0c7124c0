import Foundation
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

    /// Writes `data` to `path`, replacing any file there (its permissions are kept). `beforeRename`
    /// (for tests of a caller's atomicity) runs with the temporary file's path just before the rename.
    public static func write(_ data: Data, to path: String, beforeRename hook: ((String) throws -> Void)? = nil) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = (folder as NSString).appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        func failure(_ what: String) -> Diagnostic {
            Diagnostic("cannot write \(path): \(what)\(errno != 0 ? ": " + String(cString: strerror(errno)) : "")")
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw Diagnostic("cannot write \(path): it is a folder")
        }
        let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o644
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create a temporary file in \(folder.isEmpty ? "." : folder)") }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw failure("write failed")
                    }
                    offset += n
                }
            }
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

    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
