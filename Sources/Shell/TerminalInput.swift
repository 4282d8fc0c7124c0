import CLibEdit
import Foundation
import Tables
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one line from a terminal with read(2), for the questions the shell asks when libedit is not in
/// use (stdin a terminal, stdout not). Unlike stdio's `getline` (behind `Swift.readLine`), which retries a
/// read that Ctrl-C interrupted and so spins, it gives up at the first Ctrl-C: it waits with poll(2) in
/// slices of `pollInterval` and looks at the handler's counter between them, so a Ctrl-C that lands
/// after the prompt is written but before the wait begins is not lost (a stress run of the suite lost one
/// that way: the process stayed blocked in read(2)).
///
/// Reads byte by byte, so nothing past the newline is taken from the terminal: a later reader of the same
/// descriptor sees exactly what the user typed next.
public enum TerminalInput {
    public static func readLine(prompt: String, input: Int32 = STDIN_FILENO,
                                output: Int32 = STDOUT_FILENO) -> LineEditor.Result {
        // A Ctrl-C from before the question was shown belongs to what came before it.
        _ = hws_take_sigint_count()
        write(prompt, to: output)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            // The signal may come between this look and the wait below (or be taken by another thread,
            // so no EINTR reaches this one): the wait is bounded, and the counter looked at again after it.
            if hws_take_sigint_count() > 0 {
                Cancellation.reset()
                write("^C\n", to: output)
                return .interrupted
            }
            var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, pollInterval)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return .eof }
            let n = read(input, &byte, 1)
            if n == 1 {
                if byte == UInt8(ascii: "\n") { break }
                bytes.append(byte)
                continue
            }
            if n == 0 {
                if bytes.isEmpty { write("\n", to: output); return .eof }
                break
            }
            // Another signal (a resize, a child) interrupts reads too; only Ctrl-C ends the question.
            if errno == EINTR { continue }
            return .eof
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    /// Milliseconds a question waits for input before it looks for a Ctrl-C again: the most a Ctrl-C
    /// that lands just before the wait can be late.
    static let pollInterval: Int32 = 20

    static func write(_ text: String, to fd: Int32) {
        var rest = Array(text.utf8)[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            rest = rest.dropFirst(n)
        }
    }

    /// The reader for a question at this process's standard input: libedit's `editor` when there is one
    /// (the same interrupt-safe path as the main prompt), `readLine` above at a terminal, and plain lines
    /// from a pipe or file otherwise (the prompt is still shown, so a transcript reads naturally).
    public static func asker(editor: LineEditor?) -> (_ prompt: String) -> LineEditor.Result {
        if let editor, editor.usesLibedit { return { editor.readLine(prompt: $0) } }
        if isatty(STDIN_FILENO) == 1 { return { readLine(prompt: $0) } }
        return { prompt in
            write(prompt, to: STDOUT_FILENO)
            guard let line = Swift.readLine(strippingNewline: true) else { return .eof }
            return .line(line)
        }
    }
}
