import Foundation
import Testing
@testable import Shell

/// Whole sessions compared with reviewed transcripts: each `Golden/NAME.hws` script runs statement by
/// statement through `Session.execute` on the bundled datasets, and the transcript (each statement after
/// `hws> `, then its output and errors) must equal `Golden/NAME.out`.
///
/// To re-record after an intended change: `HWS_UPDATE_GOLDEN=1 swift test --filter GoldenTranscriptTests`,
/// then read the diff of every `.out` file before committing it.
@Suite("Golden transcripts")
struct GoldenTranscriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".hws") }.sorted()
    }

    /// Runs `script` and returns its transcript.
    static func transcript(of script: String, workingDirectory: String) -> String {
        let session = Session(options: SessionOptions(datasetsDirectory: datasets.path, workingDirectory: workingDirectory,
                                                      interactive: false, color: false, terminalWidth: 100))
        var out: [String] = []
        let runner = ScriptRunner(session: session, fileName: "golden.hws", keepGoing: true,
                                  output: { out.append($0) }, errorOutput: { out.append($0) },
                                  beforeStatement: { statement, _ in out.append("hws> " + statement); return true })
        runner.run(text: script)
        return out.joined(separator: "\n") + "\n"
    }

    @Test("the golden folder holds the transcripts")
    func hasTranscripts() {
        #expect(Self.scripts == ["explore_gap.hws", "projection_and_indicators.hws"])
    }

    @Test("transcripts match", arguments: scripts)
    func matches(_ name: String) throws {
        let scriptURL = Self.folder.appendingPathComponent(name)
        let expectedURL = scriptURL.deletingPathExtension().appendingPathExtension("out")
        let script = try String(contentsOf: scriptURL, encoding: .utf8)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hws-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let actual = Self.transcript(of: script, workingDirectory: work.path)
        if ProcessInfo.processInfo.environment["HWS_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: expectedURL)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
                \(name) differs from \(expectedURL.lastPathComponent) at line \(first + 1):
                expected: \(first < e.count ? String(e[first]) : "<end>")
                actual:   \(first < a.count ? String(a[first]) : "<end>")
                """)
        }
    }
}
