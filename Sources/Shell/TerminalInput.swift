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
/// read that Ctrl-C interrupted and so spins, it gives up at the first EINTR that carries a Ctrl-C.
///
/// Reads byte by byte, so nothing past the newline is taken from the terminal: a later reader of the same
/// descriptor sees exactly what the user typed next.
public enum TerminalInput {
    public static func readLine(prompt: String, input: Int32 = STDIN_FILENO,
                                output: Int32 = STDOUT_FILENO) -> LineEditor.Result {
        write(prompt, to: output)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
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
            if errno == EINTR {
                // Another signal (a resize, a child) interrupts reads too; only Ctrl-C ends the question.
                if hws_take_sigint_count() > 0 || Cancellation.isRequested {
                    Cancellation.reset()
                    write("^C\n", to: output)
                    return .interrupted
                }
                continue
            }
            return .eof
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

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
