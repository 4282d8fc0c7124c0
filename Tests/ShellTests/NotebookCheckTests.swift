import Foundation
import Testing
@testable import Shell

@Suite struct NotebookCheckTests {
    @Test func anExportedNotebookChecksAndAChangedOutputGivesADiff() throws {
        let box = try SessionSandbox()
        let s = box.session()
        try box.write("# Store first.\nlet big = from probe | where årsverk > 60\nfrom big | select yrke\n", to: "kurs.hws")
        #expect(s.execute("replay kurs.hws").ok)
        #expect(s.execute("from probe | take 1").ok)
        #expect(s.execute("timer on").ok)
        let export = s.execute("export notebook kurs.md")
        #expect(export.output == "exported 3 statements to kurs.md")
        let text = try box.read("kurs.md")
        #expect(text.contains("Store first.\n\n```hws\nlet big = from probe | where årsverk > 60\n```\n"))
        // The output under each statement is what a fresh session prints for it.
        let fresh = NotebookRun.outputs(of: s.succeededStatements, options: NotebookRun.options(like: box.options))
        #expect(fresh[1].hasPrefix("yrke") && fresh[1].contains("\nHelsefagarbeider"))
        #expect(text.contains("```hws\nfrom big | select yrke\n```\n\n```\n\(fresh[1])\n```"))
        #expect(!text.contains("time:"))

        let passed = NotebookCheck.check(text: text, file: "kurs.md", options: NotebookRun.options(like: box.options))
        #expect(passed.passed && passed.statements == 3 && passed.diff == nil)

        // Someone edits an output by hand (or the program changed): the check fails with a diff.
        let changed = text.replacingOccurrences(of: "\nHelsefagarbeider", with: "\nHelsefagarbeidere")
        let failed = NotebookCheck.check(text: changed, file: "kurs.md", options: NotebookRun.options(like: box.options))
        #expect(!failed.passed)
        #expect(failed.changed == [1])
        let diff = try #require(failed.diff)
        #expect(diff.hasPrefix("--- kurs.md\n+++ kurs.md (now)\n@@ "))
        #expect(diff.contains("\n-Helsefagarbeidere\n+Helsefagarbeider\n"))
        #expect(failed.updated == text)
    }

    @Test func trailingSpacesAreNotADifferenceAndErrorsCanBeExpected() throws {
        let box = try SessionSandbox()
        // The error as the shell words it today (its wording is not this test's business).
        let error = NotebookRun.outputs(of: ["from probe | select nope"], options: NotebookRun.options(like: box.options))[0]
        #expect(error.hasPrefix("error: unknown column `nope`"))
        let table = NotebookRun.outputs(of: ["from probe | select yrke | take 1"], options: NotebookRun.options(like: box.options))[0]
        #expect(table.contains("Sykepleier"))
        // An editor may add or strip trailing white space: not a difference.
        let padded = table.split(separator: "\n").map { $0 + "   \t" }.joined(separator: "\n")
        let text = """
        Prose, then an error shown on purpose:

        ```hws
        from probe | select nope
        ```

        ```
        \(error)
        ```

        ```hws
        from probe | select yrke | take 1
        ```

        ```
        \(padded)
        ```
        """
        let result = NotebookCheck.check(text: text, file: "README.md", options: NotebookRun.options(like: box.options))
        #expect(result.passed, "\(result.diff ?? "")")
    }

    @Test func theCommandReportsAndExitsNonZero() throws {
        let box = try SessionSandbox()
        let table = NotebookRun.outputs(of: ["from probe | select yrke | take 1"], options: NotebookRun.options(like: box.options))[0]
        let good = "```hws\nfrom probe | select yrke | take 1\n```\n\n```\n\(table)\n```\n"
        try box.write(good.replacingOccurrences(of: "Sykepleier", with: "Lege      "), to: "a.md")
        try box.write(good, to: "b.md")
        var out: [String] = []
        var err: [String] = []
        let status = NotebookCheck.run(files: [box.root + "/a.md", box.root + "/b.md", box.root + "/none.md"],
                                       options: NotebookRun.options(like: box.options),
                                       output: { out.append($0) }, errorOutput: { err.append($0) })
        #expect(status == 1)
        #expect(out[0] == "FAIL  \(box.root)/a.md: 1 of 1 statement produce different output")
        #expect(out[1].contains("\n-Lege\n+Sykepleier\n"))
        #expect(out[2] == "ok    \(box.root)/b.md (1 statement)")
        #expect(err == ["error: cannot read `\(box.root)/none.md`"])
        // --update rewrites the changed notebook, after which it passes.
        #expect(NotebookCheck.run(files: [box.root + "/a.md"], update: true, options: NotebookRun.options(like: box.options),
                                  output: { _ in }, errorOutput: { _ in }) == 0)
        #expect(try box.read("a.md").contains("Sykepleier"))
        #expect(NotebookCheck.run(files: [box.root + "/a.md"], options: NotebookRun.options(like: box.options),
                                  output: { _ in }, errorOutput: { _ in }) == 0)
    }
}
