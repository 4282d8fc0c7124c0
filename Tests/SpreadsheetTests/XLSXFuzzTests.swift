import Foundation
import Testing
import Tables
import ZIPFoundation
@testable import Spreadsheet

/// Bad input never crashes: the parts of real workbooks (openpyxl's, LibreOffice's, the handmade one) with
/// random damage (bytes changed, dropped, repeated; markup characters put in) are read, and each read either
/// gives a table or throws an error with a one-line message. A fixed seed keeps it reproducible.
@Suite struct XLSXFuzzTests {
    static func parts(_ file: String) throws -> [(String, Data)] {
        let archive = try Archive(url: URL(fileURLWithPath: fixtures + "/" + file), accessMode: .read)
        return try archive.map { entry in
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return (entry.path, data)
        }
    }

    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    static func damage(_ data: Data, _ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](data)
        let markup = Array("<>/=\"'&;:#x_ 0123456789-.Ee".utf8)
        for _ in 0..<(1 + Int(rng.next() % 4)) where !bytes.isEmpty {
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 5 {
            case 0: bytes[at] = markup[Int(rng.next() % UInt64(markup.count))]
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(markup[Int(rng.next() % UInt64(markup.count))], at: at)
            case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(rng.next() % 40))], at: at)
            default: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
        }
        return Data(bytes)
    }

    @Test(arguments: ["openpyxl-kostra.xlsx", "libreoffice-kostra.xlsx", "handmade-inline.xlsx"])
    func damagedPartsNeverCrash(file: String) throws {
        let original = try Self.parts(file)
        var rng = SplitMix64(seed: 1919)
        var tables = 0, errors = 0
        for _ in 0..<300 {
            var parts = original
            let k = Int(rng.next() % UInt64(parts.count))
            guard parts[k].0.hasSuffix(".xml") || parts[k].0.hasSuffix(".rels") else { continue }
            parts[k].1 = Self.damage(parts[k].1, &rng)
            let data = try Self.zip(parts)
            let options = XLSXOptions(range: rng.next() % 4 == 0 ? CellRange("A2:D8") : nil, header: rng.next() % 3 == 0 ? false : nil)
            do {
                let r = try XLSXReader.read(data: data, name: "fuzz.xlsx", options: options)
                #expect(r.table.columns.allSatisfy { $0.count == r.table.rowCount })
                tables += 1
            } catch let e as DiagnosticError {
                #expect(!e.message.contains("\n"), "\(e.message)")
                errors += 1
            }
        }
        #expect(tables > 0 && errors > 0)
    }
}
