import Foundation
import Testing
@testable import Shell

/// `kostra` as a pipeline head in the shell: alone it lists the functions; `kostra on D` adds
/// `service_group` so any pipeline can group by it.
@Suite("kostra statement")
struct KostraStatementTests {
    static func session() throws -> Session {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-kostra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            year,kostra_function,fte
            2023,254,10
            2024,257,20
            2024,253,5
            2024,232,1
            """.write(to: dir.appendingPathComponent("k.csv"), atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: dir.appendingPathComponent("none").path,
                                                workingDirectory: dir.path))
        #expect(s.execute("load \"k.csv\" as k").ok)
        return s
    }

    @Test("kostra on D groups 254 and, from 2024, 257 as home-based services")
    func groupsByServiceGroup() throws {
        let s = try Self.session()
        let o = s.execute("set format csv; kostra on k | agg fte = sum(fte) by service_group | sort service_group")
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("hjemmebaserte tjenester,30"), "\(o.output)")
        #expect(o.output.contains("institusjonsbaserte tjenester,5"), "\(o.output)")
        #expect(o.output.contains("helsestasjons- og skolehelsetjenesten,1"), "\(o.output)")
    }

    @Test("kostra alone lists the functions; a bad argument points at itself")
    func listsAndErrors() throws {
        let s = try Self.session()
        let list = s.execute("set format csv; kostra | where kostra_function == 258 | select kostra_function, years")
        #expect(list.ok, "\(list.error ?? "")")
        #expect(list.output.contains("258,from 2024"), "\(list.output)")
        let bad = s.execute("kostra on k layout=coarse")
        #expect(!bad.ok)
        #expect(bad.error?.contains("layout must be") == true, "\(bad.error ?? "")")
        #expect(bad.error?.contains("                ^^^^^^") == true, "\(bad.error ?? "")")
    }
}
