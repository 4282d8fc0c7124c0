import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path names, so readers refuse what is not a file in one clear line instead of blocking on a
/// FIFO with no writer, reading a device as "empty" or failing on a folder with a framework error.
/// `/dev/stdin` is read as a stream (`load "/dev/stdin"` with data piped into hws).
public enum FileKind: Equatable, Sendable {
    case regular, folder, namedPipe, device, socket, missing, other

    /// The kind of the file `path` names (symlinks followed).
    public static func of(_ path: String) -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFIFO: return .namedPipe
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        default: return .other
        }
    }

    /// Whether `path` means this process's standard input, read as a stream.
    public static func isStandardInput(_ path: String) -> Bool {
        ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path)
    }

    /// Throws a one-line `Diagnostic` unless `path` is a regular file (or, with `streams`, standard
    /// input not at a terminal). A missing file passes: the reader names it. `shownAs` is the path as
    /// the user wrote it.
    public static func check(path: String, shownAs: String? = nil, streams: Bool = false) throws {
        let name = shownAs ?? path
        if streams, isStandardInput(path) {
            guard isatty(STDIN_FILENO) == 0 else {
                throw Diagnostic("`\(name)` is the terminal: hws reads it as a stream only when data is piped in",
                                 hint: "cat file.csv | hws -c 'load \"/dev/stdin\" as d'")
            }
            return
        }
        if let problem = problem(path) {
            throw Diagnostic("`\(name)` \(problem)",
                             hint: streams && of(path) != .folder ? "to read a stream, pipe it into hws and load \"/dev/stdin\"" : nil)
        }
    }

    /// What is wrong with reading `path` as a file (`is a folder, not a file`), or nil for a regular or missing file.
    public static func problem(_ path: String) -> String? {
        switch of(path) {
        case .regular, .missing: return nil
        case .folder: return "is a folder, not a file"
        case .namedPipe: return "is a named pipe (FIFO), not a regular file"
        case .device: return "is a device, not a regular file"
        case .socket: return "is a socket, not a regular file"
        case .other: return "is not a regular file"
        }
    }

    /// All of standard input (or another descriptor) until its end, 1 MB at a time, looking for Ctrl-C
    /// and the memory limit between reads (a read interrupted by SIGINT returns and is checked).
    public static func readStream(fileDescriptor fd: Int32 = STDIN_FILENO) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            try Cancellation.check()
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic("cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }
}
