import Foundation
import Testing
@testable import Tables

/// The byte-level JSON parser under the JSON-stat reader: RFC 8259 values, escapes, exact numbers and
/// errors that say where the document breaks.
@Suite struct JSONStatParserTests {
    static func parse(_ s: String) throws -> JSONStatValue { try JSONStatParser.parse(Data(s.utf8)) }

    @Test func valuesOfEveryKind() throws {
        let v = try Self.parse(#" { "a": [1, -2.5, 3e2, -0.125E-1, true, false, null, "x"], "b": {}, "c": [] } "#)
        let a = try #require(v["a"]?.arrayElements)
        #expect(a.count == 8)
        #expect(a[0].numberValue == 1)
        #expect(a[1].numberValue == -2.5)
        #expect(a[2].numberValue == 300)
        #expect(a[3].numberValue == -0.0125)
        if case .bool(true) = a[4] {} else { Issue.record("expected true") }
        if case .bool(false) = a[5] {} else { Issue.record("expected false") }
        if case .null = a[6] {} else { Issue.record("expected null") }
        #expect(a[7].stringValue == "x")
        #expect(v["b"]?.objectMembers?.isEmpty == true)
        #expect(v["c"]?.arrayElements?.isEmpty == true)
        #expect(v["missing"] == nil)
    }

    @Test func numbersAreExact() throws {
        let v = try Self.parse("[0.1, 123456789.123456789, 1.7976931348623157e308, 5e-324, 4210.5]")
        #expect(v.arrayElements?.compactMap(\.numberValue) == [0.1, 123456789.123456789, 1.7976931348623157e308, 5e-324, 4210.5])
    }

    @Test func escapesAndNorwegianLetters() throws {
        let v = try Self.parse(#"["Troms\u00f8", "Tr\u00C5ante", "a\"b\\c\/d\n\te", "\ud83d\ude00", "Jordmødre æøå"]"#)
        #expect(v.arrayElements?.compactMap(\.stringValue) == ["Tromsø", "TrÅante", "a\"b\\c/d\n\te", "😀", "Jordmødre æøå"])
    }

    @Test func objectMembersKeepFileOrderAndTheLastDuplicateWins() throws {
        let v = try Self.parse(#"{"z": 1, "a": 2, "m": 3, "a": 4}"#)
        #expect(v.objectMembers?.map(\.key) == ["z", "a", "m", "a"])
        #expect(v["a"]?.numberValue == 4)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let v = try JSONStatParser.parse(Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)))
        #expect(v.arrayElements?.first?.numberValue == 1)
    }

    @Test func errorsGiveLineAndColumn() throws {
        let cases: [(String, String)] = [
            ("{\n  \"a\": [1, 2,]\n}", "unexpected `]` where a value should start (line 2, column 14)"),
            ("{\"a\" 1}", "expected `:` after the member name \"a\""),
            ("[01]", "leading zeros"),
            ("[1.]", "digits after the decimal point"),
            ("[-]", "digits after `-`"),
            ("[1e+]", "digits in its exponent"),
            ("\"abc", "never closed"),
            ("[\"a\\x\"]", "unknown escape `\\x`"),
            ("[\"\\ud800\"]", "surrogate pair"),
            ("[tru]", "where a value should start"),
            ("[1] 2", "after the end of the document"),
            ("", "the document is empty"),
            ("{\"æøå\": [1, 2}", "expected `,` or `]` in an array, found `}` (line 1, column 14)"),
        ]
        for (text, expected) in cases {
            let e = try #require(throws: JSONStatError.self, "\(text)") { try Self.parse(text) }
            #expect(e.message.hasPrefix("not valid JSON: "))
            #expect(e.message.contains(expected), "\(e.message)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = try #require(throws: JSONStatError.self) { try Self.parse(deep) }
        #expect(e.message.contains("nesting deeper than"))
    }

    @Test func controlCharactersInTextMustBeEscaped() throws {
        #expect(throws: JSONStatError.self) { try Self.parse("[\"a\u{01}b\"]") }
    }
}
