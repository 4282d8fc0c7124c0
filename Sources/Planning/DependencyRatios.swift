import Tables

/// Care-capacity ratios of a population table (schema as in `MechanicalDemand`: `year`, `age`,
/// `persons`, optional `area`), one row per area and year:
///
/// * `family_care_coefficient`: persons aged 50–66 per person aged 85 and over (the UN's family-care
///   coefficient as the full-time plan uses it: 9.3 in 2018, 4.3 in 2050).
/// * `share_65plus`, `share_67plus`, `share_80plus`: shares of the whole population.
/// * `forsorgerbrok`: persons 67 and over per 100 persons aged 18–66 (NOU 2023:4 section 2.4.1:
///   "rundt 25 prosent i 2022 til … 37 prosent i 2040"). The report contradicts itself on the
///   denominator: its text and figure 2.12 take 18–66 as the working ages, figure 2.13's note says
///   16–66 and prints the fraction upside down, (16–66)/(67+)·100, which would give about 400, not 25.
///   hws follows the text (18–66), as the projection engine's population calibration does; with 16–66
///   the bundled projection gives 24.1 / 29.2 / 35.8 against the printed 25 / 30 / 37.
///
/// A ratio whose age limits fall inside one of the table's bands is left empty (null) for that year.
public enum DependencyRatios {
    static let groups: [(String, AgeRange)] = [
        ("persons_50_66", AgeRange(50, 66)), ("persons_85plus", AgeRange(85, nil)),
        ("persons_18_66", AgeRange(18, 66)), ("persons_65plus", AgeRange(65, nil)),
        ("persons_67plus", AgeRange(67, nil)), ("persons_80plus", AgeRange(80, nil)),
    ]

    public static func run(population: Table) throws -> Table {
        let pop = try PopulationIndex("population", population)
        var areas: [String] = [], years: [Int64] = []
        var cols: [String: [Double?]] = [:]
        let names = ["persons", "family_care_coefficient", "share_65plus", "share_67plus", "share_80plus", "forsorgerbrok"]
        for area in pop.areas {
            try Cancellation.check()
            for year in pop.years(area: area) {
                let slice = try pop.slice(area: area, year: year)
                let total = slice.ranges.reduce(0) { $0 + $1.persons }
                var g: [String: Double] = [:]
                for (name, band) in groups { g[name] = pop.personsIfResolved(in: band, area: area, year: year) }
                func ratio(_ a: String, _ b: String, _ scale: Double = 1) -> Double? {
                    guard let x = g[a], let y = g[b], y > 0 else { return nil }
                    return x / y * scale
                }
                func share(_ a: String) -> Double? { total > 0 ? g[a].map { $0 / total } : nil }
                areas.append(area); years.append(Int64(year))
                let row: [Double?] = [total, ratio("persons_50_66", "persons_85plus"), share("persons_65plus"),
                                      share("persons_67plus"), share("persons_80plus"),
                                      ratio("persons_67plus", "persons_18_66", 100)]
                for (k, n) in names.enumerated() { cols[n, default: []].append(row[k]) }
            }
        }
        var named: [(String, Column)] = pop.hasArea ? [("area", Column(strings: areas))] : []
        named.append(("year", Column(ints: years)))
        for n in names {
            let v = cols[n] ?? []
            var valid = Bitmap(count: v.count, value: true)
            var any = false
            for (i, x) in v.enumerated() where x == nil { valid[i] = false; any = true }
            named.append((n, Column(doubles: v.map { $0 ?? 0 }, validity: any ? valid : nil)))
        }
        var t = Table(named)
        t.setUnit("persons", for: "persons")
        for n in ["share_65plus", "share_67plus", "share_80plus"] { t.setUnit("share", for: n) }
        t.setUnit("%", for: "forsorgerbrok")
        return t
    }
}
