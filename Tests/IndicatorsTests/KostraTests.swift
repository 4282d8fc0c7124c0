import Testing
@testable import Indicators
import Tables

@Suite struct KostraTests {
    @Test func groupsFollowTheHelsedirektoratDefinitions() {
        #expect(Kostra.functions(of: .kommunalHelseOgOmsorg).sorted() == [232, 233, 234, 241, 253, 254, 261])
        #expect(Kostra.functions(of: .kommunehelse).sorted() == [232, 233, 241])
        #expect(Kostra.functions(of: .helsestasjon) == [232])
        #expect(Kostra.functions(of: .omsorg).sorted() == [234, 253, 254, 261])
        #expect(Kostra.functions(of: .hjemmebaserte).sorted() == [234, 254])
        #expect(Kostra.functions(of: .institusjonsbaserte) == [253])
        // Every function's memberships agree with the group lists.
        for f in [232, 233, 234, 241, 253, 254, 261] {
            for g in Kostra.ServiceGroup.allCases {
                #expect(Kostra.groups(function: f).contains(g) == Kostra.functions(of: g).contains(f))
            }
        }
        #expect(Kostra.finestGroup(function: 232) == .helsestasjon)
        #expect(Kostra.finestGroup(function: 261) == .omsorg)
        #expect(Kostra.groups(function: 999).isEmpty)
    }

    @Test func function254IsSplitInto257And258From2024() {
        #expect(Kostra.groups(function: 257, year: 2024) == [.kommunalHelseOgOmsorg, .omsorg, .hjemmebaserte])
        #expect(Kostra.groups(function: 258, year: 2025) == Kostra.groups(function: 254, year: 2023))
        #expect(Kostra.groups(function: 257, year: 2023).isEmpty)
        #expect(Kostra.functions(of: .hjemmebaserte, year: 2024).sorted() == [234, 257, 258])
        #expect(Kostra.functions(of: .omsorg, year: 2024).sorted() == [234, 253, 257, 258, 261])
        #expect(Kostra.functions(of: .hjemmebaserte, year: 2023).sorted() == [234, 254])
    }

    @Test func addsServiceGroupColumnInBothLayouts() throws {
        let t = Table([
            ("year", Column(ints: [2021, 2021, 2024, 2023, 2021])),
            ("kostra_function", Column(strings: ["232", "253", "257", "257", "120"])),
        ])
        let finest = try Kostra.addServiceGroup(to: t)
        let g = (0..<5).map { finest.column(named: "service_group")![$0] }
        #expect(g == [.string("helsestasjons- og skolehelsetjenesten"), .string("institusjonsbaserte tjenester"),
                      .string("hjemmebaserte tjenester"), .null, .null])
        let all = try Kostra.addServiceGroup(to: t, layout: .memberships)
        #expect(all.rowCount == 3 + 3 + 3)
        let groups = (0..<all.rowCount).compactMap { all.column(named: "service_group")![$0].asString }
        #expect(groups.filter { $0 == "kommunal helse- og omsorgstjeneste" }.count == 3)
        #expect(groups.filter { $0 == "omsorgstjenestene" }.count == 2)
    }

    @Test func missingFunctionColumnIsADiagnostic() {
        let t = Table([("kostra_funksjon", Column(ints: [253]))])
        #expect {
            _ = try Kostra.addServiceGroup(to: t)
        } throws: { error in
            let d = error as? any DiagnosticError
            return d?.message.contains("kostra_function") == true && d?.hint?.contains("kostra_funksjon") == true
        }
    }
}

@Suite struct KostraCommandTests {
    @Test func kostraCommandAddsGroupsAndListsFunctions() throws {
        let t = Table([("year", Column(ints: [2021, 2024])), ("kostra_function", Column(ints: [232, 258]))])
        let out = try KostraCommand.run(try .parse("kostra on x layout=memberships"), dataset: { _ in t })
        #expect(out.rowCount == 6)
        let listing = try KostraCommand.run(try .parse("kostra"), dataset: { _ in t })
        #expect(listing.rowCount == 9)
        #expect(throws: (any Error).self) { try KostraCommand.run(try .parse("kostra on x layout=wide"), dataset: { _ in t }) }
    }

    @Test func indicatorBySerivceGroupAddsGroupsOnTheFly() throws {
        var reg = tenRegister
        reg.setColumn("kostra_function", Column(ints: [253, 253, 254, 254, 253, 234, 253, 253, 254, 232]))
        let t = try IndicatorCommand.run(try .parse("indicator avg_position_size on r by service_group"),
                                         catalog: IndicatorCatalog(), dataset: { _ in reg })
        let g = texts(t, "service_group"), v = numbers(t, "avg_position_size")
        #expect(g.count == 6)
        #expect(close(v[g.firstIndex(of: "kommunal helse- og omsorgstjeneste")!], 0.715))
        #expect(close(v[g.firstIndex(of: "helsestasjons- og skolehelsetjenesten")!], 0.9))
    }
}
