/// The shell: statements, session state, rendering, completion, replay and notebooks.
public enum ShellModule {
    /// hws's version, shown by `hws --version` and written into saved sessions.
    public static let version = "0.1.0"
}
