import Foundation
import Query
import Tables
#if canImport(Glibc)
import Glibc
#endif

/// Where a session's statements may write.
///
/// The rule for scripts someone else wrote: a replayed script (`replay FILE`, `hws FILE`, `hws FILE
/// --step`) writes only inside its own folder — never through `..`, an absolute path or a symlink out of
/// it — unless the user allows a path for this run (`hws --allow-write PATH`, or a yes at the terminal).
/// A notebook run (`hws check`, and the fresh run behind `export notebook`) writes nothing at all where
/// the user can see it: its writes go to a scratch folder that is removed afterwards, and its own reads of
/// what it wrote are served from there, so its outputs are the same as the author's.
/// What the user types at the prompt or passes with `-c` writes where it says.
///
/// Relative paths in a script resolve against the script's own folder (`pathBase`), so a lesson copied
/// elsewhere with its data still finds it, and `write "out.csv"` lands beside the script.
public struct WriteGuard: Sendable {
    /// A folder that every write must stay inside (symlinks resolved), the script that set it (for
    /// messages), and the folder as named, against which the script's relative paths resolve.
    struct Confinement: Sendable, Equatable {
        var folder: String
        var script: String
        var base: String
    }

    /// The scripts being run, outermost first: a write must stay inside every one of their folders.
    var confinements: [Confinement] = []
    /// Real paths the user allowed for this run: a file, or a folder and everything under it.
    public var allowed: [String] = []
    /// Real paths the user refused when asked (not asked again).
    var refused: [String] = []
    /// Set for notebook runs: every write goes below this folder instead.
    var scratch: String?

    public init() {}

    /// Allows writing to `path` (a file, or a folder and what is under it) for this run.
    public mutating func allow(_ path: String, workingDirectory: String) {
        allowed.append(WriteGuard.realPath(DatasetsFolder.absolute(path, base: workingDirectory)))
    }

    /// The path with every symlink resolved, also for a file that does not exist yet (its nearest
    /// existing folder is resolved and the rest appended), so a symlink cannot lead a write elsewhere.
    static func realPath(_ path: String) -> String {
        var missing: [String] = []
        var current = URL(fileURLWithPath: path).standardized.path
        while true {
            if let resolved = realpath(current, nil) {
                defer { free(resolved) }
                var result = String(cString: resolved)
                for part in missing.reversed() { result = (result as NSString).appendingPathComponent(part) }
                return result
            }
            // A dangling symlink: follow what it points to.
            var info = stat()
            if lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
               // A link that cannot be read (gone since lstat) is taken as the path itself; the write then fails with its reason.
               let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) {
                let next = target.hasPrefix("/") ? target
                    : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
                if next != current { current = URL(fileURLWithPath: next).standardized.path; continue }
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return path }
            missing.append((current as NSString).lastPathComponent)
            current = parent
        }
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The innermost confinement that `real` breaks.
    func breach(_ real: String) -> Confinement? {
        guard !allowed.contains(where: { WriteGuard.isInside(real, $0) }) else { return nil }
        return confinements.last { !WriteGuard.isInside(real, $0.folder) }
    }
}

extension Session {
    /// Runs `body` with writes confined to the folder of `script` (a path), as for a replayed script.
    ///
    /// A session saved with `save session` (its text starts with the header `save` writes) lives in
    /// `sessions/` but was typed in the folder above: when it lies in a folder named `sessions`, that
    /// folder above is its base, so `load "data.csv"` replays as it was typed.
    public func confiningWrites<T>(toFolderOf script: String, text: String? = nil, _ body: () throws -> T) rethrows -> T {
        let full = DatasetsFolder.absolute(script, base: pathBase)
        var base = (full as NSString).deletingLastPathComponent
        if let text, text.hasPrefix(SessionFile.headerPrefix), (base as NSString).lastPathComponent == "sessions" {
            base = (base as NSString).deletingLastPathComponent
        }
        writeGuard.confinements.append(.init(folder: WriteGuard.realPath(base),
                                             script: (script as NSString).lastPathComponent, base: base))
        defer { writeGuard.confinements.removeLast() }
        return try body()
    }

    /// The file to write for `path` as the user wrote it (`named`, for messages): the path itself, its
    /// place in the scratch folder of a notebook run, or an error when the script being run may not
    /// write there. At a terminal the user is asked first.
    func writeTarget(_ named: String, span: SourceSpan?) throws -> String {
        let path = DatasetsFolder.absolute(named, base: pathBase)
        if let scratch = writeGuard.scratch {
            let mapped = scratchPath(path, scratch: scratch)
            try FileManager.default.createDirectory(atPath: (mapped as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            return mapped
        }
        let real = WriteGuard.realPath(path)
        guard let breach = writeGuard.breach(real) else { return path }
        let shown = TextSafety.clean(named)
        if io.isAttended, !writeGuard.refused.contains(real) {
            let where_ = real == path ? "" : " (\(TextSafety.clean(real)))"
            let answer = io.ask("\(breach.script) wants to write \(shown)\(where_), outside its folder "
                                + "\(TextSafety.clean(breach.folder)). Allow it for this run? [y/N] ")?
                .trimmingCharacters(in: .whitespaces).lowercased()
            if answer == "y" || answer == "yes" {
                writeGuard.allowed.append(real)
                return path
            }
        }
        throw Diagnostic("\(breach.script) may not write `\(shown)`: it is outside the script's folder",
                         span: span,
                         hint: "a replayed script writes only inside its own folder; to allow this path, run "
                             + "`hws --allow-write \(TextSafety.clean(real)) …`")
    }

    /// The folder relative paths resolve against: the innermost running script's, else the working folder.
    var pathBase: String { writeGuard.confinements.last?.base ?? options.workingDirectory }

    /// A path to read: in a notebook run, what the run itself wrote (in its scratch folder) comes first.
    func readTarget(_ path: String) -> String {
        guard let scratch = writeGuard.scratch else { return path }
        let mapped = scratchPath(path, scratch: scratch)
        return FileManager.default.fileExists(atPath: mapped) ? mapped : path
    }

    private func scratchPath(_ path: String, scratch: String) -> String {
        let base = options.workingDirectory
        let relative = WriteGuard.isInside(path, base) && path != base ? String(path.dropFirst(base.count)) : "/root" + path
        return (scratch as NSString).appendingPathComponent(relative)
    }

    /// The files among `files` (as a script names them) that the running confinement would refuse.
    func writesOutside(_ files: [String]) -> [String] {
        files.filter { name in
            let real = WriteGuard.realPath(DatasetsFolder.absolute(name, base: pathBase))
            return writeGuard.breach(real) != nil
        }
    }
}

/// Text that came from data or a file, made safe to print: control characters (escape sequences that
/// could clear the screen or retitle the terminal) are shown as `\u{…}`-free replacements.
enum TextSafety {
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { if isControl(s) { out.append("\u{FFFD}") } else { out.append(s) } }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t") || (0x7F...0x9F).contains(s.value)
    }
}
