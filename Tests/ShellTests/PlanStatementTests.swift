import Foundation
import Testing
@testable import Shell

/// `plan …` as a pipeline head: the result flows on (`| where`, `| agg`, `| chart`), datasets come
/// from the session, and errors name the dataset the user gave.
@Suite("plan statement")
struct PlanStatementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func session() throws -> Session {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            year,age,persons
            2021,0-66,1000
            2021,67+,100
            2022,0-66,1000
            2022,67+,150
            """.write(to: dir.appendingPathComponent("pop.csv"), atomically: true, encoding: .utf8)
        try """
            age,service,users
            0-66,hjemmetjenester,10
            67+,hjemmetjenester,20
            67+,sykehjem,10
            """.write(to: dir.appendingPathComponent("brukere.csv"), atomically: true, encoding: .utf8)
        try """
            service,occupation,fte
            hjemmetjenester,Sykepleier,5
            hjemmetjenester,Helsefagarbeidere,10
            sykehjem,Sykepleier,12
            sykehjem,Helsefagarbeidere,18
            """.write(to: dir.appendingPathComponent("årsverk.csv"), atomically: true, encoding: .utf8)
        try """
            occupation,age,persons,fte
            Sykepleier,30-39,10,9
            Sykepleier,55-60,12,8
            Helsefagarbeidere,40-49,30,28
            """.write(to: dir.appendingPathComponent("staff.csv"), atomically: true, encoding: .utf8)
        let s = Session(options: SessionOptions(datasetsDirectory: root + "/datasets", workingDirectory: dir.path))
        for f in ["pop", "brukere", "årsverk", "staff"] {
            let o = s.execute("load \"\(f).csv\" as \(f)")
            #expect(o.ok, "\(o.error ?? "")")
        }
        return s
    }

    @Test("plan demand flows into agg; occupation FTE follows the base-year mix")
    func demandFlowsOn() throws {
        let s = try Self.session()
        let o = s.execute("set format csv; plan demand population=pop users=brukere fte=årsverk to=2022 | where year == 2022 | agg fte = sum(fte) by occupation")
        #expect(o.ok, "\(o.error ?? "")")
        // 2022: home 20 FTE (1/3 nurses), institution 45 (40 % nurses): nurses 6.667 + 18, hfa 13.333 + 27.
        #expect(o.output.contains("Helsefagarbeidere,40.33"), "\(o.output)")
        #expect(o.output.contains("Sykepleier,24.66666"), "\(o.output)")
    }

    @Test("plan decompose reproduces the full-time plan's table with the bundled data")
    func decomposeBundled() throws {
        let s = try Self.session()
        let o = s.execute("""
            set format csv; let implied = from omsorg_users_by_age | derive persons = users / rate | select year, age_group, persons; \
            plan decompose population=implied users=omsorg_users_by_age from=2009 to=2021 | where age == "0-49" \
            | select users_from, users_to, counterfactual = round(counterfactual), use = round(use)
            """)
        #expect(o.ok, "\(o.error ?? "")")
        #expect(o.output.contains("61569,80926,64066,16860"), "\(o.output)")
    }

    @Test("plan recruitment with levers, ratios and exits")
    func recruitmentAndRatios() throws {
        let s = try Self.session()
        let need = s.execute("set format csv; let d = plan demand population=pop users=brukere fte=årsverk to=2022 | agg fte = sum(fte) by year, occupation; plan recruitment staff=staff demand=d turnover=-20% fulltime=50% | select year, occupation, position_gain")
        #expect(need.ok, "\(need.error ?? "")")
        // Nurses: 22 persons in 17 FTE; half the gap to full time = (22 − 17)/2 = 2.5 FTE.
        #expect(need.output.contains("2022,Sykepleier,2.5"), "\(need.output)")
        let ratios = s.execute("set format csv; plan ratios population=population | where year == 2040 | select forsorgerbrok = round(forsorgerbrok)")
        #expect(ratios.ok, "\(ratios.error ?? "")")
        #expect(ratios.output.contains("37"), "\(ratios.output)")
        let exits = s.execute("set format csv; plan exits | where age == \"0-54\"")
        #expect(exits.output.contains("0-54,0.14,0"), "\(exits.output)")
    }

    @Test("help plan shows every form")
    func help() throws {
        let s = try Self.session()
        let h = s.execute("help plan").output
        for form in ["plan demand", "plan users", "plan decompose", "plan recruitment", "plan ratios", "plan exits"] {
            #expect(h.contains(form), "\(form) missing from:\n\(h)")
        }
        #expect(s.execute("help").output.contains("plan"))
    }

    @Test("errors: the dataset the user gave, the word that is wrong")
    func errors() throws {
        let s = try Self.session()
        let missing = s.execute("plan demand population=brukere users=brukere fte=årsverk")
        #expect(!missing.ok)
        #expect(missing.error?.contains("table `brukere`, column `year`: missing column `year`") == true, "\(missing.error ?? "")")
        let unknown = s.execute("plan recruitment staff=staff demand=pop qualify=146%")
        #expect(unknown.error?.contains("qualify must lie between 0 and 1") == true, "\(unknown.error ?? "")")
        let sub = s.execute("plan demnd")
        #expect(sub.error?.contains("unknown plan `demnd`") == true, "\(sub.error ?? "")")
        #expect(sub.error?.contains("demand") == true)
        let noSuch = s.execute("plan ratios population=popp")
        #expect(noSuch.error?.contains("unknown dataset `popp`") == true, "\(noSuch.error ?? "")")
    }
}
