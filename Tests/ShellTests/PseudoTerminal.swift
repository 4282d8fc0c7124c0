import CLibEdit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a program in a pseudo-terminal, as a user at a terminal would: type keys, wait for text.
final class PseudoTerminal {
    let pid: pid_t
    let fd: Int32
    /// Everything the program wrote (raw, with escape sequences).
    private(set) var transcript = [UInt8]()
    /// Where the last successful wait matched (the end of the text it waited for).
    private(set) var mark = 0
    private(set) var exitStatus: Int32?

    /// Starts `executable`; nil when no pseudo-terminal can be opened.
    init?(executable: String, arguments: [String], environment: [String: String], columns: Int = 100) {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var master: Int32 = -1
        let pid = argv.withUnsafeBufferPointer { a in
            envp.withUnsafeBufferPointer { e in
                hws_pty_spawn(executable, a.baseAddress, e.baseAddress, Int32(columns), 40, &master)
            }
        }
        guard pid > 0, master >= 0 else { return nil }
        self.pid = pid
        self.fd = master
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exitStatus == nil { kill(pid, SIGKILL); _ = waitForExit(timeout: 2) }
        close(fd)
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { usleep(1000); continue }; return }
            offset += n
        }
    }

    /// Reads what is available for up to `seconds`.
    private func pump(_ seconds: Double) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(0, seconds * 1000)))
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            transcript.append(contentsOf: buffer[0..<n])
        }
    }

    /// The output since the last successful wait, and the process state (for failure messages).
    var recent: String {
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first ?? "gone"
        let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? "?"
        return String(decoding: transcript[mark...], as: UTF8.self) + " [state \(state), waiting in \(wchan)]"
    }

    /// Waits until `text` appears in the output after the last match; true if it did within `timeout`.
    /// `settle: false` returns the moment the text is seen (for timing), without the pause after it.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 40, settle: Bool = true) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(text.utf8)
        while true {
            if let r = find(needle) {
                mark = r
                guard settle else { return true }
                // Let the program get back to reading (libedit switches the terminal's mode around each
                // line; a key that lands mid-switch can be lost), as a person's typing speed allows.
                usleep(150_000)
                pump(0)
                return true
            }
            if Date() >= deadline { return false }
            if exitStatus == nil, checkExit() { pump(0.05); continue }
            pump(0.05)
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard transcript.count - mark >= needle.count, !needle.isEmpty else { return needle.isEmpty ? mark : nil }
        var i = mark
        while i + needle.count <= transcript.count {
            if transcript[i] == needle[0], Array(transcript[i..<(i + needle.count)]) == needle { return i + needle.count }
            i += 1
        }
        return nil
    }

    /// The status when the process ended but was reaped by someone else in this test process
    /// (another test's child-process bookkeeping may wait for any child): ended, status unknown.
    static let reapedElsewhere: Int32 = -1

    private func checkExit() -> Bool {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return true
        }
        if r < 0, errno == ECHILD, kill(pid, 0) != 0, errno == ESRCH {
            exitStatus = PseudoTerminal.reapedElsewhere
            return true
        }
        return false
    }

    /// True when the program ended normally (or ended and its status went elsewhere, see above).
    func endsCleanly(timeout: Double = 60) -> Bool {
        guard let status = waitForExit(timeout: timeout) else { return false }
        return status == 0 || status == PseudoTerminal.reapedElsewhere
    }

    /// Waits for the program to end; its exit status, or nil on timeout.
    func waitForExit(timeout: Double = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil, Date() < deadline {
            if checkExit() { break }
            pump(0.05)
        }
        return exitStatus
    }
}
