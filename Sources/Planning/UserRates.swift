import Tables

/// The users table of one year as rates per area, service and age band (see `MechanicalDemand` for
/// the schema). Counts are turned into rates with the population of the same area and year.
struct UserRates {
    struct Band { var age: AgeRange; var rate: Double; var origin: String }

    let input: PlanTable
    let population: PopulationIndex
    let year: Int
    let hasArea: Bool
    let fromCounts: Bool
    /// area → services in first-appearance order → bands (input rows of that year).
    private var rows: [String: [(service: String, bands: [(age: AgeRange, value: Double, row: Int)])]] = [:]

    init(_ table: Table, table name: String, population: PopulationIndex, base year: Int) throws {
        let t = PlanTable(name, table)
        input = t; self.population = population; self.year = year
        hasArea = t.has("area")
        try t.requireOne(of: "users", "rate")
        fromCounts = t.has("users")
        let valueColumn = fromCounts ? "users" : "rate"
        let values = try t.numbers(valueColumn, nonNegative: true, what: fromCounts ? "count" : "rate")
        let ages = try t.ages("age")
        let services = try t.keys("service", fallback: "all")
        let areas = try t.keys("area")
        let years: [Int]? = t.has("year") ? try t.integers("year", what: "year") : nil
        if hasArea && !population.hasArea {
            throw t.error(column: "area", "has `area` but table `\(population.input.name)` does not",
                          hint: "give the population per area too, or drop `area`")
        }
        if fromCounts && !hasArea && population.hasArea {
            throw t.error(column: "users", "counts without `area` cannot be turned into rates for each area",
                          hint: "give `rate` (users per person), or an `area` column")
        }
        var found = false
        for i in 0..<t.rowCount {
            if let years, years[i] != year { continue }
            found = true
            let a = areas[i], s = services[i]
            var list = rows[a] ?? []
            if let k = list.firstIndex(where: { $0.service == s }) {
                if let clash = list[k].bands.first(where: { $0.age.intersects(ages[i]) }) {
                    throw t.error(row: i, column: "age",
                                  "band \(ages[i]) of service `\(s)` overlaps band \(clash.age) (row \(clash.row + 1))"
                                      + (years != nil ? " in year \(year)" : ""),
                                  hint: "each age may be counted once per service")
                }
                list[k].bands.append((ages[i], values[i], i))
            } else {
                list.append((s, [(ages[i], values[i], i)]))
            }
            rows[a] = list
        }
        if !found, let years {
            let have = Set(years).sorted()
            throw t.error(column: "year", "no rows for year \(year)",
                          hint: have.isEmpty ? nil : "it has " + have.map(String.init).joined(separator: ", "))
        }
    }

    /// Services with their bands and rates for one area of the population.
    func rates(area: String) throws -> [(service: String, bands: [Band])] {
        let key = hasArea ? area : ""
        guard let list = rows[key] else {
            throw input.error(column: "area", "no rows for area `\(area)`" + (input.has("year") ? " in year \(year)" : ""),
                              hint: NameSuggester.hint(for: area, in: Array(rows.keys)))
        }
        return try list.map { entry in
            let bands = try entry.bands.sorted { $0.age < $1.age }.map { b -> Band in
                let origin = "table `\(input.name)`, row \(b.row + 1)"
                guard fromCounts else { return Band(age: b.age, rate: b.value, origin: origin) }
                let p = try population.persons(in: b.age, area: area, year: year, neededBy: origin)
                if p == 0 && b.value > 0 {
                    throw input.error(row: b.row, column: "users",
                                      "\(NumberFormat.plain(b.value)) users but no persons aged \(b.age) in year \(year)")
                }
                return Band(age: b.age, rate: p == 0 ? 0 : b.value / p, origin: origin)
            }
            return (entry.service, bands)
        }
    }
}

/// The FTE table of the base year (see `MechanicalDemand` for the schema).
struct FTEInput {
    let input: PlanTable
    let hasArea: Bool
    let hasOccupation: Bool
    let perUserGiven: Bool
    /// area → service → (occupation → value) in first-appearance order, with the first row.
    private var values: [String: [String: (occupations: [(String, Double)], row: Int)]] = [:]

    init(_ table: Table, base year: Int, hasAreaInPopulation: Bool) throws {
        let t = PlanTable("fte", table)
        input = t
        hasArea = t.has("area")
        hasOccupation = t.has("occupation")
        try t.requireOne(of: "fte", "fte_per_user")
        perUserGiven = !t.has("fte")
        let column = perUserGiven ? "fte_per_user" : "fte"
        let v = try t.numbers(column, nonNegative: true, what: "FTE")
        let services = try t.text("service")
        let occupations = try t.keys("occupation", fallback: "all")
        let areas = try t.keys("area")
        let years: [Int]? = t.has("year") ? try t.integers("year", what: "year") : nil
        if hasArea && !hasAreaInPopulation {
            throw t.error(column: "area", "has `area` but table `population` does not")
        }
        if !perUserGiven && !hasArea && hasAreaInPopulation {
            throw t.error(column: "fte", "FTE without `area` cannot be split between the population's areas",
                          hint: "give `fte_per_user`, or an `area` column")
        }
        var found = false
        for i in 0..<t.rowCount {
            if let years, years[i] != year { continue }
            found = true
            var entry = values[areas[i], default: [:]][services[i]] ?? ([], i)
            if let k = entry.occupations.firstIndex(where: { $0.0 == occupations[i] }) {
                entry.occupations[k].1 += v[i]
            } else {
                entry.occupations.append((occupations[i], v[i]))
            }
            values[areas[i], default: [:]][services[i]] = entry
        }
        if !found, let years {
            let have = Set(years).sorted()
            throw t.error(column: "year", "no rows for base year \(year)",
                          hint: have.isEmpty ? nil : "it has " + have.map(String.init).joined(separator: ", "))
        }
    }

    private func entries(area: String) throws -> [String: (occupations: [(String, Double)], row: Int)] {
        guard let e = values[hasArea ? area : ""] else {
            throw input.error(column: "area", "no rows for area `\(area)`", hint: NameSuggester.hint(for: area, in: Array(values.keys)))
        }
        return e
    }

    /// FTE per user per service in the base year.
    func ftePerUser(area: String, baseUsers: [String: Double], services: [String]) throws -> [String: Double] {
        let e = try entries(area: area)
        var out: [String: Double] = [:]
        for s in services {
            guard let entry = e[s] else {
                throw input.error(column: "service", "no row for service `\(s)` of table `users`"
                                      + (hasArea ? " (area `\(area)`)" : ""),
                                  hint: NameSuggester.hint(for: s, in: Array(e.keys)))
            }
            let total = entry.occupations.reduce(0) { $0 + $1.1 }
            if perUserGiven {
                // Per occupation, fte_per_user rows add up to the service's FTE per user.
                out[s] = total
            } else {
                let u = baseUsers[s] ?? 0
                if u == 0 && total > 0 {
                    throw input.error(row: entry.row, column: "fte", "service `\(s)` has FTE but no users in the base year")
                }
                out[s] = u == 0 ? 0 : total / u
            }
        }
        for (s, entry) in e where !services.contains(s) {
            throw input.error(row: entry.row, column: "service", "service `\(s)` is not in table `users`",
                              hint: NameSuggester.hint(for: s, in: services))
        }
        return out
    }

    /// A service's base-year occupation shares (in first-appearance order; they add up to 1).
    func mix(area: String, service: String) -> [(String, Double)] {
        // `entries(area:)` was validated when the demand ran (its error surfaced there); no entry is no mix.
        guard let entry = (try? entries(area: area))?[service] else { return [] }
        let total = entry.occupations.reduce(0) { $0 + $1.1 }
        if total == 0 { return entry.occupations.map { ($0.0, 1 / Double(entry.occupations.count)) } }
        return entry.occupations.map { ($0.0, $0.1 / total) }
    }
}
