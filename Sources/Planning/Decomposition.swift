import Tables

/// Splits the change in users between two years into demography and changed use, per age band:
///
///     demography = r0·(P1 − P0)          (rates held at the start year)
///     use        = (r1 − r0)·P1          (the rates' change, at the end year's population)
///     change     = demography + use      (= r1·P1 − r0·P0 = users(t1) − users(t0))
///
/// `change` is computed as the sum, so the identity holds exactly in floating point (and equals
/// users_to − users_from up to rounding); unchanged rates give `use` = 0 exactly.
/// `counterfactual` = r0·P1 is the number of users at the end had the rates stayed as at the start
/// (the full-time plan's 64 792 for users under 50 in 2021).
///
/// Inputs: `population` as in `MechanicalDemand` (both years); `users` with `year` and, as in
/// `MechanicalDemand`, `age`, `users` (counts, preferred when both are there) or `rate`, optional
/// `service` and `area`. Output: `[area,] service, age, persons_from, persons_to, rate_from, rate_to,
/// users_from, users_to, counterfactual, change, demography, use`, one row per band.
public enum Decomposition {
    public static func run(population: Table, users: Table, from: Int, to: Int) throws -> Table {
        let pop = try PopulationIndex("population", population)
        if !PlanTable("users", users).has("year") {
            throw PlanInputError(table: "users", column: "year", problem: "missing column `year`",
                                 hint: "a decomposition needs users (or rates) in both years")
        }
        let start = try UserRates(users, table: "users", population: pop, base: from)
        let end = try UserRates(users, table: "users", population: pop, base: to)
        var areas: [String] = [], services: [String] = [], ages: [String] = []
        var cols = Array(repeating: [Double](), count: 10)
        for area in pop.areas {
            try Cancellation.check()
            let r0 = try start.rates(area: area)
            let r1 = try end.rates(area: area)
            for (service, bands) in r0 {
                guard let other = r1.first(where: { $0.service == service }) else {
                    throw PlanInputError(table: "users", column: "service",
                                         problem: "service `\(service)` has rows for \(from) but not for \(to)")
                }
                guard other.bands.map(\.age) == bands.map(\.age) else {
                    throw PlanInputError(table: "users", column: "age",
                                         problem: "the age bands of service `\(service)` differ between \(from) ("
                                             + bands.map(\.age.description).joined(separator: ", ") + ") and \(to) ("
                                             + other.bands.map(\.age.description).joined(separator: ", ") + ")")
                }
                for (b0, b1) in zip(bands, other.bands) {
                    let p0 = try pop.persons(in: b0.age, area: area, year: from, neededBy: b0.origin)
                    let p1 = try pop.persons(in: b1.age, area: area, year: to, neededBy: b1.origin)
                    let u0 = b0.rate * p0, u1 = b1.rate * p1
                    // Both parts first, the total as their sum: the identity holds exactly, and an
                    // unchanged rate gives a use part of exactly zero.
                    let demography = b0.rate * (p1 - p0)
                    let use = (b1.rate - b0.rate) * p1
                    let row = [p0, p1, b0.rate, b1.rate, u0, u1, b0.rate * p1, demography + use, demography, use]
                    for k in 0..<10 { cols[k].append(row[k]) }
                    areas.append(area); services.append(service); ages.append(b0.age.description)
                }
            }
            for (service, _) in r1 where !r0.contains(where: { $0.service == service }) {
                throw PlanInputError(table: "users", column: "service",
                                     problem: "service `\(service)` has rows for \(to) but not for \(from)")
            }
        }
        let names = ["persons_from", "persons_to", "rate_from", "rate_to", "users_from", "users_to",
                     "counterfactual", "change", "demography", "use"]
        var named: [(String, Column)] = pop.hasArea ? [("area", Column(strings: areas))] : []
        named += [("service", Column(strings: services)), ("age", Column(strings: ages))]
        for (k, n) in names.enumerated() { named.append((n, Column(doubles: cols[k]))) }
        var t = Table(named)
        for n in names { t.setUnit(n.hasPrefix("rate") ? "share" : "persons", for: n) }
        return t
    }
}
