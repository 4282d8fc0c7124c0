import Foundation
import Testing
@testable import Tables

/// `JSONRecordsReader` on hand-written arrays of records: member order, missing and repeated members,
/// each column's type decided over the whole column, and one-line errors for what cannot be a table.
@Suite struct JSONRecordsReaderTests {
    static func read(_ json: String) throws -> CSVLoadResult { try JSONRecordsReader.read(data: Data(json.utf8)) }

    static func rows(_ t: Table) -> [[Value]] { (0..<t.rowCount).map { t.row($0) } }

    @Test func columnsInFirstSeenOrderTypedOverTheWholeColumn() throws {
        let r = try Self.read("""
            [{"n": 1, "x": 1, "ok": true, "navn": "Ås", "tom": null},
             {"x": 2.5, "n": 2, "ok": false, "ny": "sen", "navn": "Bodø", "n": 3},
             {"n": -4, "tom": null}]
            """)
        #expect(r.table.columnNames == ["n", "x", "ok", "navn", "tom", "ny"])
        #expect(r.table.schema.fields.map(\.type) == [.int, .double, .bool, .string, .string, .string])
        #expect(Self.rows(r.table) == [
            [.int(1), .double(1), .bool(true), .string("Ås"), .null, .null],
            [.int(3), .double(2.5), .bool(false), .string("Bodø"), .null, .string("sen")],  // repeated `n`: the last wins
            [.int(-4), .null, .null, .null, .null, .null],
        ])
        #expect(r.warnings.isEmpty)
    }

    @Test func mixedKindsReadAsTextAndHugeIntegersAsDecimals() throws {
        let r = try Self.read("""
            [{"k": 1, "b": 12345678901234567890, "m": true},
             {"k": "x", "b": 2, "m": 2.50}]
            """)
        #expect(r.table.schema.fields.map(\.type) == [.string, .double, .string])
        #expect(Self.rows(r.table) == [
            [.string("1"), .double(1.2345678901234567890e19), .string("true")],
            [.string("x"), .double(2), .string("2.5")],
        ])
        #expect(r.warnings == [
            "column `k`: mixed values (numbers, text) read as text",
            "column `b`: 1 integer too large for 64 bits; read as decimals",
            "column `m`: mixed values (numbers, true/false) read as text",
        ])
    }

    @Test func whatCannotBeATableIsAOneLineError() throws {
        for (json, expected) in [
            ("{\"a\": 1}", "a JSON table must be an array of objects, not an object"),
            ("[{\"a\": 1}, 7]", "record 2 is a number, not an object"),
            ("[{\"a\": [1, 2]}]", "record 1, member \"a\": an array cannot be a table cell"),
            ("[]", "the JSON table holds no records, so it has no columns"),
            ("[{}, {}]", "the JSON table's records have no members, so it has no columns"),
        ] {
            let e = try #require(throws: JSONStatError.self, "\(json)") { try Self.read(json) }
            #expect(e.message == expected)
        }
    }
}
