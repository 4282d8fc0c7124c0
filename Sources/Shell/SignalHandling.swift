import CLibEdit
import Tables

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

    /// How many Ctrl-C presses arrived since the last call (and forgets them).
    public static func takeInterruptCount() -> Int { Int(hws_take_sigint_count()) }
}
