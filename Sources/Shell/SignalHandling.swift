import CLibEdit
import Dispatch
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C: cancels the running statement (load, query, chart, projection) through `Cancellation`; at the
/// prompt it drops the line being edited.
///
/// The handler is installed without SA_RESTART, so a read blocked at the prompt returns EINTR and
/// libedit gives the line up instead of the process dying or the key being swallowed.
public enum SignalHandling {
    /// Installs the SIGINT handler. Call once at start-up, before the first prompt.
    public static func install() {
        _ = Cancellation.isRequested  // initialise the flag now, never lazily inside the handler
        hws_install_sigint_handler { Cancellation.request() }
    }

    /// SIGTERM: a write in progress removes its temporary file, then the process exits with 143 (128 + 15),
    /// as it would have without the handler. Runs on a dispatch queue (not in signal context). Call once.
    public static func installTerminationCleanup() {
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler {
            AtomicFile.removeTemporariesInFlight()
            _exit(143)
        }
        source.resume()
        terminationSource = source
    }

    nonisolated(unsafe) private static var terminationSource: DispatchSourceSignal?

    /// How many Ctrl-C presses arrived since the last call (and forgets them).
    public static func takeInterruptCount() -> Int { Int(hws_take_sigint_count()) }
}
