import Testing
@testable import Indicators
import Tables

/// Aggregates computed straight from the typed columns (independent of the query engine).
struct RegisterSums {
    var employed: [String: Double] = [:]
    var fte: [String: Double] = [:]
    var fulltime: [String: Double] = [:]
    var sickDays: [String: Double] = [:]
    var contractedDays: [String: Double] = [:]
    var total = 0.0, totalFTE = 0.0, totalSick = 0.0, totalContracted = 0.0
    var men = 0.0, leftSector = 0.0, anyChange = 0.0
    var under30 = 0.0, under30Left = 0.0, age60to69 = 0.0, age60to69Left = 0.0
    var nurseFurther = 0.0, nurseFurtherFulltime = 0.0, nurseOther = 0.0, nurseOtherFulltime = 0.0

    init(_ t: Table) {
        func strings(_ n: String) -> [String] { (0..<t.rowCount).map { t.column(named: n)![$0].asString ?? "" } }
        func doubles(_ n: String) -> [Double] { t.column(named: n)!.doubleValues! }
        let occ = strings("occupation"), sex = strings("sex")
        let pos = doubles("position_pct"), f = doubles("fte"), sick = doubles("sick_leave_days")
        let days = doubles("contracted_days"), age = doubles("age")
        let left = doubles("left_municipal_sector"), cm = doubles("changed_municipality")
        let cs = doubles("changed_subservice"), further = doubles("further_education")
        for i in 0..<t.rowCount {
            let o = occ[i]
            employed[o, default: 0] += 1; fte[o, default: 0] += f[i]
            fulltime[o, default: 0] += pos[i] >= 100 ? 1 : 0
            sickDays[o, default: 0] += sick[i]; contractedDays[o, default: 0] += days[i]
            total += 1; totalFTE += f[i]; totalSick += sick[i]; totalContracted += days[i]
            if sex[i] == "M" { men += 1 }
            leftSector += left[i]; anyChange += max(left[i], cm[i], cs[i])
            if age[i] < 30 { under30 += 1; under30Left += left[i] }
            if age[i] >= 60, age[i] <= 69 { age60to69 += 1; age60to69Left += left[i] }
            if o == "Sykepleier" {
                if further[i] == 1 { nurseFurther += 1; nurseFurtherFulltime += pos[i] >= 100 ? 1 : 0 }
                else { nurseOther += 1; nurseOtherFulltime += pos[i] >= 100 ? 1 : 0 }
            }
        }
    }
}

func within(_ value: Double, _ target: Double, _ tolerance: Double = 0.01) -> Bool {
    abs(value - target) <= tolerance * abs(target)
}

@Suite struct RegisterGeneratorTests {
    static let sample = RegisterGenerator.generate(rows: 200_000, seed: 2021)
    static let sums = RegisterSums(sample)

    @Test func hasTheDocumentedColumns() {
        #expect(Self.sample.columnNames == RegisterGenerator.columnNames)
        #expect(Self.sample.rowCount == 200_000)
        #expect(Self.sample.schema.fields[Self.sample.index(of: "fte")!].unit == "FTE")
    }

    @Test func reproducesThePlansFTEAndEmployedPerEducationGroup() {
        let s = Self.sums
        for g in RegisterCalibration.groups {
            let share = s.employed[g.name, default: 0] / s.total
            let published = Double(g.employed) / Double(RegisterCalibration.totalEmployed)
            #expect(within(share, published), "employed share of \(g.name): \(share) vs \(published)")
            let avg = s.fte[g.name, default: 0] / s.employed[g.name, default: 1]
            #expect(within(avg, g.avgPositionSize), "avg position size of \(g.name): \(avg) vs \(g.avgPositionSize)")
        }
        let hfa = s.fte["Helsefagarbeidere"]! / s.employed["Helsefagarbeidere"]!
        #expect(abs(hfa - 0.792) < 0.005)
        // Full-time potential as a share of employed: (202 925 − 148 820) / 202 925.
        #expect(within((s.total - s.totalFTE) / s.total, 54_105.0 / 202_925.0))
    }

    @Test func reproducesPublishedFulltimeShares() {
        let s = Self.sums
        #expect(within(s.fulltime["Helsefagarbeidere"]! / s.employed["Helsefagarbeidere"]!, 0.285))
        let unskilled = "Pleieassistent uten helse- og sosialfaglig utdanning"
        #expect(within(s.fulltime[unskilled]! / s.employed[unskilled]!, 0.11))
        #expect(within(s.nurseFurtherFulltime / s.nurseFurther, 0.66))
        #expect(within(s.nurseOtherFulltime / s.nurseOther, 0.59))
    }

    @Test func reproducesSickLeaveTurnoverAndShareOfMen() {
        let s = Self.sums
        #expect(within(s.totalSick / s.totalContracted * 100, 8.4))
        #expect(within(s.sickDays["Helsefagarbeidere"]! / s.contractedDays["Helsefagarbeidere"]! * 100, 10.2))
        #expect(within(s.sickDays["Vernepleier"]! / s.contractedDays["Vernepleier"]! * 100, 8.5))
        #expect(within(s.leftSector / s.total, 0.146))
        #expect(within(s.under30Left / s.under30, 0.275))
        #expect(within(s.age60to69Left / s.age60to69, 0.235))
        #expect(within(s.anyChange / s.total, 0.25))
        #expect(within(s.men / s.total, 0.156))
    }

    @Test func isDeterministicForASeedAndDiffersAcrossSeeds() {
        let a = RegisterGenerator.generate(rows: 5_000, seed: 7)
        let b = RegisterGenerator.generate(rows: 5_000, seed: 7)
        let c = RegisterGenerator.generate(rows: 5_000, seed: 8)
        for name in RegisterGenerator.columnNames {
            #expect(a.column(named: name)!.values == b.column(named: name)!.values, "column \(name)")
        }
        #expect(a.column(named: "municipality")!.values != c.column(named: "municipality")!.values)
    }

    @Test func spreadsYearsAndUses257And258From2024() {
        let t = RegisterGenerator.generate(rows: 12_000, seed: 3, years: 2022...2025)
        let years = t.column(named: "year")!.doubleValues!
        let f = t.column(named: "kostra_function")!.doubleValues!
        #expect(Set(years) == [2022, 2023, 2024, 2025])
        for i in 0..<t.rowCount {
            if years[i] >= 2024 { #expect(f[i] != 254) } else { #expect(f[i] != 257 && f[i] != 258) }
        }
        #expect(f.contains(257) && f.contains(258) && f.contains(254))
    }

    @Test func municipalitiesTableHas356RowsWithNorwegianNames() {
        let m = RegisterGenerator.municipalities()
        #expect(m.rowCount == 356)
        let names = (0..<m.rowCount).compactMap { m.column(named: "municipality")![$0].asString }
        #expect(names.contains("Bærum") && names.contains("Tromsø") && names.contains("Ålesund"))
        #expect(m.column(named: "inhabitants")!.doubleValues!.reduce(0, +) == 5_391_369)
        #expect(Set((0..<m.rowCount).compactMap { m.column(named: "county")![$0].asString }).count == 11)
    }

    @Test func generateCommandParsesArguments() throws {
        let t = try RegisterGenerator.command(try .parse("generate register rows=300 seed=5 years=2020-2021"))
        #expect(t.rowCount == 300)
        #expect(Set(t.column(named: "year")!.doubleValues!) == [2020, 2021])
        #expect(throws: (any Error).self) { try RegisterGenerator.command(try .parse("generate register rows=abc")) }
        #expect(throws: (any Error).self) { try RegisterGenerator.command(try .parse("generate")) }
        #expect(try RegisterGenerator.command(try .parse("generate municipalities")).rowCount == 356)
    }
}
