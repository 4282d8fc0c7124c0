import Foundation
import Testing
@testable import Shell

@Suite struct NotebookTests {
    @Test func readsHwsBlocksAndThePlainBlockAfterEachIgnoringOthers() {
        let notebook = Notebook(text: """
        # README

        ```bash
        swift run hws
        ```

        ```hws
        from probe | take 1
        ```

        ```
        yrke  år
        ```

        Some prose.

        ```hws
        let x = from probe
        ```

        ```text
        not an output block
        ```

        ````hws
        help quit
        ````
        ````
        ```
        fence inside
        ````
        """)
        #expect(notebook.cells.map(\.statement) == ["from probe | take 1", "let x = from probe", "help quit"])
        #expect(notebook.cells.map(\.output) == [["yrke  år"], nil, ["```", "fence inside"]])
        #expect(notebook.cells.map(\.line) == [8, 18, 26])
    }

    @Test func renderThenReadRoundTrips() {
        let text = Notebook.render(title: "kurs", intro: ["Intro."], cells: [
            (notes: ["A note."], statement: "from probe |\n  take 1", output: "a  b  \n1  2\n\n"),
            (notes: [], statement: "let x = from probe", output: ""),
            (notes: [], statement: "help", output: "```\ninside"),
        ])
        let notebook = Notebook(text: text)
        #expect(notebook.cells.map(\.statement) == ["from probe |\n  take 1", "let x = from probe", "help"])
        #expect(notebook.cells.map(\.output) == [["a  b", "1  2"], nil, ["```", "inside"]])
        #expect(text.hasPrefix("# kurs\n\nIntro.\n\nA note.\n\n```hws\nfrom probe |\n  take 1\n```\n\n```\na  b\n1  2\n```\n"))
    }

    @Test func replacingOutputsKeepsEverythingElse() {
        let notebook = Notebook(text: "# t\n\n```hws\na\n```\n\n```\nold\n```\n\ntext\n\n```hws\nb\n```\n")
        #expect(notebook.replacingOutputs(["new\nlines", "added"]) ==
                ["# t", "", "```hws", "a", "```", "", "```", "new", "lines", "```", "", "text", "", "```hws", "b", "```",
                 "", "```", "added", "```"])
    }
}

@Suite struct NotebookDiffTests {
    @Test func equalTextHasNoDiff() {
        #expect(NotebookDiff.unified(old: ["a", "b"], new: ["a", "b"]) == nil)
    }

    @Test func aChangedLineShowsWithContextAndLineNumbers() {
        let old = (1...10).map { "line \($0)" }
        var new = old
        new[4] = "line five"
        #expect(NotebookDiff.unified(old: old, new: new, oldName: "a.md", newName: "a.md (now)") == """
        --- a.md
        +++ a.md (now)
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
    }

    @Test func insertionsDeletionsAndSeparateHunks() {
        let old = (1...20).map { "\($0)" }
        var new = old
        new.remove(at: 1)           // delete "2"
        new.insert("new", at: 15)   // between 16 and 17 of the old
        let diff = NotebookDiff.unified(old: old, new: new)!
        let hunks = diff.split(separator: "\n").filter { $0.hasPrefix("@@") }
        #expect(hunks == ["@@ -1,5 +1,4 @@", "@@ -14,6 +13,7 @@"])
        #expect(diff.contains("\n-2\n"))
        #expect(diff.contains("\n+new\n"))
        #expect(NotebookDiff.unified(old: [], new: ["x"]) == "--- expected\n+++ actual\n@@ -0,0 +1,1 @@\n+x\n")
    }
}
