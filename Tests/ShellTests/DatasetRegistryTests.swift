import Foundation
import Testing
import Tables
@testable import Shell

@Suite("Dataset registry")
struct DatasetRegistryTests {
    /// A folder with nested CSV files and catalogs.
    static func makeFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-reg-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("projection"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        try "yrke,årsverk\nSykepleier,5500\n".write(to: dir.appendingPathComponent("årsverk_yrke.csv"), atomically: true, encoding: .utf8)
        try "a\n1\n".write(to: dir.appendingPathComponent("projection/population.csv"), atomically: true, encoding: .utf8)
        try "a\n2\n".write(to: dir.appendingPathComponent("projection/årsverk_yrke.csv"), atomically: true, encoding: .utf8)
        try "a\n3\n".write(to: dir.appendingPathComponent(".hidden/secret.csv"), atomically: true, encoding: .utf8)
        try """
            name,title,source,unit,caveats
            årsverk_yrke,"Årsverk etter yrke, 2021",NOU 2023:4 tabell 2.2,normalårsverk,"rounded; ""derived"" totals"
            """.write(to: dir.appendingPathComponent("catalog.csv"), atomically: true, encoding: .utf8)
        try "name,title,source\npopulation.csv,Befolkning,SSB\n".write(
            to: dir.appendingPathComponent("projection/catalog.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    final class Counter { var loads: [String] = [] }

    @Test("every CSV is registered by stem without reading it; catalogs describe them; æøå kept")
    func registersLazily() throws {
        let dir = try Self.makeFolder()
        let counter = Counter()
        let registry = DatasetRegistry(folder: dir.path) { path in
            counter.loads.append(path)
            return (Table([("n", Column(ints: [1]))]), ["a warning"])
        }
        #expect(registry.names == ["population", "årsverk_yrke"])
        #expect(counter.loads.isEmpty)
        let entry = try #require(registry.entry("årsverk_yrke"))
        // The top-level file wins over the deeper one with the same stem.
        #expect(entry.path == dir.path + "/årsverk_yrke.csv")
        #expect(entry.catalog?.title == "Årsverk etter yrke, 2021")
        #expect(entry.catalog?.caveats == "rounded; \"derived\" totals")
        #expect(registry.entry("population")?.catalog?.source == "SSB")

        _ = try registry.table(named: "population")
        _ = try registry.table(named: "population")
        #expect(counter.loads == [dir.path + "/projection/population.csv"])
        #expect(registry.takeWarnings() == ["population: a warning"])
        #expect(registry.takeWarnings().isEmpty)
    }

    @Test("an unknown name suggests the nearest, accent-folded")
    func unknownName() throws {
        let registry = DatasetRegistry(folder: try Self.makeFolder().path) { _ in (Table(), []) }
        do {
            _ = try registry.table(named: "arsverk_yrke", span: SourceSpan(start: 5, end: 17))
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.message == "unknown dataset `arsverk_yrke`")
            #expect(error.hint == "did you mean `årsverk_yrke`?")
            #expect(error.span == SourceSpan(start: 5, end: 17))
        }
    }

    @Test("the datasets folder: option, then $HWS_DATASETS, then ./datasets")
    func folderOrder() throws {
        let dir = try Self.makeFolder()
        let work = dir.appendingPathComponent("projection").path
        #expect(DatasetsFolder.locate(option: "..", workingDirectory: work, environment: [:]) == dir.path)
        #expect(DatasetsFolder.locate(option: nil, workingDirectory: "/", environment: ["HWS_DATASETS": dir.path]) == dir.path)
        let parent = dir.deletingLastPathComponent().appendingPathComponent("hws-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        #expect(DatasetsFolder.locate(option: nil, workingDirectory: parent.path, environment: [:])
                == parent.appendingPathComponent("datasets").path)
    }

    @Test("catalog parsing: BOM, CRLF, quoted commas, missing columns, `.csv` names")
    func catalogParsing() throws {
        let entries = try DatasetCatalog.parse("\u{FEFF}name,source,title\r\nx.csv,\"SSB, tabell 1\",Tittel\r\n,skipped,\r\ny,,\r\n")
        #expect(entries == [
            CatalogEntry(name: "x", title: "Tittel", source: "SSB, tabell 1"),
            CatalogEntry(name: "y"),
        ])
    }
}

@Suite struct BrokenCatalogTests {
    @Test func aCatalogThatCannotBeReadSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-catalog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "a\n1\n".write(toFile: dir + "/probe.csv", atomically: true, encoding: .utf8)
        try "name,title\n\"unclosed,x\n".write(toFile: dir + "/catalog.csv", atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: dir, workingDirectory: dir))
        let out = s.execute("datasets")
        #expect(out.ok)
        #expect(out.output.hasPrefix("warning: catalog.csv cannot be read, so its datasets have no titles: "), "\(out.output)")
        #expect(s.execute("from probe").ok)
    }
}

@Suite struct CatalogParseErrorTests {
    @Test func noNameColumnOrAnOpenQuoteIsAnErrorNotAnEmptyCatalog() {
        #expect(throws: Diagnostic.self) { try DatasetCatalog.parse("title,source\nx,y\n") }
        do { _ = try DatasetCatalog.parse("name,title\n\"open,x\nmore\n"); Issue.record("no error") } catch let e as Diagnostic {
            #expect(e.message == "a quote opened on line 2 is never closed")
        } catch { Issue.record("\(error)") }
    }
}
