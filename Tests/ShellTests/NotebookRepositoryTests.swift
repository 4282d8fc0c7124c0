import Foundation
import Testing
@testable import Shell

/// Every notebook in the repository (sessions/*.md and README.md) still produces the output written
/// in it. CI runs `swift test`, so this is where the notebooks are checked.
@Suite struct NotebookRepositoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func notebooks() -> [String] {
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: root + "/sessions")) ?? []
        var files = sessions.filter { $0.hasSuffix(".md") }.sorted().map { "sessions/" + $0 }
        if FileManager.default.fileExists(atPath: root + "/README.md") { files.append("README.md") }
        return files
    }

    @Test(arguments: notebooks())
    func notebookChecks(_ file: String) throws {
        let text = try String(contentsOfFile: NotebookRepositoryTests.root + "/" + file, encoding: .utf8)
        // As `hws check` does: relative paths in a notebook resolve against its own folder.
        let options = NotebookRun.options(like: SessionOptions(datasetsDirectory: NotebookRepositoryTests.root + "/datasets",
                                                               workingDirectory: ((NotebookRepositoryTests.root + "/" + file) as NSString).deletingLastPathComponent))
        let result = NotebookCheck.check(text: text, file: file, options: options)
        #expect(result.passed, "\(file) changed; run `hws check \(file)` (or `--update` if intended):\n\(result.diff ?? "")")
    }

    @Test func everySessionScriptHasANotebook() {
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: NotebookRepositoryTests.root + "/sessions")) ?? []
        let scripts = sessions.filter { $0.hasSuffix(".hws") }.map { String($0.dropLast(4)) }
        let missing = scripts.filter { !sessions.contains($0 + ".md") }
        #expect(missing.isEmpty, "sessions without a notebook: \(missing); make one with `hws -c 'replay sessions/NAME.hws; export notebook sessions/NAME.md'`")
    }
}
