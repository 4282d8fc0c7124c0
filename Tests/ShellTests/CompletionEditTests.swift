import Testing
@testable import Shell

@Suite struct CompletionEditTests {
    @Test func aSingleCandidateIsCompletedWithASpace() {
        let edit = CompletionEdit.make(line: "from hel", cursor: 8, candidates: ["helsemod_supply"])
        #expect(edit == CompletionEdit(insert: "semod_supply "))
    }

    @Test func manyCandidatesExtendToTheirCommonPrefixThenList() {
        let names = ["helsemod_supply", "helsemod_demand"]
        #expect(CompletionEdit.make(line: "from hel", cursor: 8, candidates: names) == CompletionEdit(insert: "semod_"))
        #expect(CompletionEdit.make(line: "from helsemod_", cursor: 14, candidates: names)
                == CompletionEdit(listing: names))
    }

    @Test func caseDifferencesReplaceTheTypedPart() {
        #expect(CompletionEdit.make(line: "from Hel", cursor: 8, candidates: ["helsemod"])
                == CompletionEdit(deleteCount: 3, insert: "helsemod "))
    }

    @Test func offsetsCountCharactersNotBytes() {
        // "årsv" is 4 characters but 5 UTF-8 bytes; the cursor sits in the middle of the line.
        let line = "from x | select år | take 5"
        let edit = CompletionEdit.make(line: line, cursor: 18, candidates: ["årsverk"])
        #expect(edit == CompletionEdit(insert: "sverk"))
    }

    @Test func pathsAndKeysEndWithoutASpace() {
        #expect(CompletionEdit.make(line: "load \"data", cursor: 10, candidates: ["\"datasets/"])
                == CompletionEdit(insert: "sets/"))
        #expect(CompletionEdit.make(line: "project gap sce", cursor: 15, candidates: ["scenario="])
                == CompletionEdit(insert: "nario="))
    }

    @Test func noCandidatesIsNoEdit() {
        #expect(CompletionEdit.make(line: "from zz", cursor: 7, candidates: []).isEmpty)
    }

    @Test func layoutFillsColumnsDownThenAcross() {
        let text = CompletionEdit.layout(["a", "bb", "ccc", "dd", "e"], width: 12)
        #expect(text == "a    dd\nbb   e\nccc\n")
        #expect(CompletionEdit.layout((1...5).map { "w\($0)" }, width: 80, maxShown: 2) == "w1  w2\n… 3 more\n")
    }
}

@Suite struct CompletionEditWithStartTests {
    @Test func aKnownStartReplacesTheWordExactly() {
        #expect(CompletionEdit.make(line: "select sti", cursor: 10, candidates: ["`stilling i prosent`"], start: 7)
                == CompletionEdit(deleteCount: 3, insert: "`stilling i prosent` "))
        #expect(CompletionEdit.make(line: "select sti", cursor: 10, candidates: ["`stilling a`", "`stilling b`"], start: 7)
                == CompletionEdit(deleteCount: 3, insert: "`stilling "))
        #expect(CompletionEdit.make(line: "from hel", cursor: 8, candidates: ["helsemod_a", "helsemod_b"], start: 5)
                == CompletionEdit(insert: "semod_"))
    }
}
