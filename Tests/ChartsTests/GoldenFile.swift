import Foundation
import Testing

/// Golden-text comparison: the expected output of a chart lives in `Golden/NAME.txt`, next to this file.
/// Run with `HWS_UPDATE_GOLDEN=1` to (re)write the files; then read them before committing.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["HWS_UPDATE_GOLDEN"] == "1" }

    /// Compares `lines` with the golden file `name`; records an issue naming the first differing line.
    static func check(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = lines.joined(separator: "\n") + "\n"
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name).txt (run with HWS_UPDATE_GOLDEN=1)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            Issue.record("""
                \(name): output differs from golden file at line \(k + 1)
                expected: \(k < e.count ? String(e[k]) : "<end>")
                actual:   \(k < a.count ? String(a[k]) : "<end>")
                --- actual output ---
                \(actual)
                """, sourceLocation: sourceLocation)
        }
    }
}
