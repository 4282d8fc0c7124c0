import Foundation
import Testing
@testable import Spreadsheet

@Suite struct GzipTests {
    static let kommuner = String(repeating: "kommune;år;årsverk\nBærum;2023;12,5\nTromsø;2024;7\nÅlesund;2024;\n", count: 50)

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name)) }

    @Test func unpacksWhatPythonsGzipPacked() throws {
        let out = try Gzip.decompress(try bytes("kommuner.csv.gz"), name: "k.csv.gz")
        #expect(String(decoding: out, as: UTF8.self) == Self.kommuner)
    }

    @Test func membersOneAfterTheOther() throws {
        let out = try Gzip.decompress(try bytes("two-members.csv.gz"), name: "t.csv.gz")
        #expect(String(decoding: out, as: UTF8.self) == "a,b\n1,2\n3,4\n")
    }

    @Test func damagedFilesAreOneLineErrors() throws {
        let whole = try bytes("kommuner.csv.gz")
        func problem(_ d: Data) -> String? {
            do { _ = try Gzip.decompress(d, name: "k.csv.gz"); return nil } catch let e as XLSXError { return e.message } catch { return "\(error)" }
        }
        #expect(problem(Data("kommune,år\n".utf8)) == "k.csv.gz: not a gzip file")
        #expect(problem(whole.prefix(whole.count - 30))?.hasSuffix("the file is damaged or cut short") == true)
        var badCRC = whole
        badCRC[badCRC.count - 6] ^= 0xFF
        #expect(problem(badCRC) == "k.csv.gz: the gzip checksum does not match: the file is damaged or cut short")
    }
}
