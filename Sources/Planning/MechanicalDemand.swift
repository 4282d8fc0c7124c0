import Tables

/// A yearly change, compounded from the base year: one value for everything, or values per age band
/// (for user rates) or per service (for FTE per user). Keys not given fall back to `all`.
public struct YearlyChange: Sendable, Equatable {
    public var all: Double
    public var byAge: [AgeRange: Double]
    public var byService: [String: Double]

    public init(all: Double = 0, byAge: [AgeRange: Double] = [:], byService: [String: Double] = [:]) {
        self.all = all; self.byAge = byAge; self.byService = byService
    }

    public static let none = YearlyChange()

    /// Reads a table of changes: `change` (yearly, relative: 0.01 = +1 % a year, > −1) and either `age`
    /// (bands, as in the users table) or `service`.
    public static func table(_ name: String, _ table: Table) throws -> YearlyChange {
        let t = PlanTable(name, table)
        let change = try t.numbers("change", what: "change")
        for (i, c) in change.enumerated() where c <= -1 {
            throw t.error(row: i, column: "change", "a yearly change of \(NumberFormat.plain(c)) would make rates negative",
                          hint: "changes are relative: -0.01 is −1 % a year")
        }
        var out = YearlyChange()
        if t.has("age") || t.has("age_group") {
            for (i, a) in try t.ages("age").enumerated() { out.byAge[a] = change[i] }
        } else if t.has("service") {
            for (i, s) in try t.text("service").enumerated() { out.byService[s] = change[i] }
        } else {
            throw t.error(column: "age", "missing column `age` (or `service`)",
                          hint: "a table of changes has `age` or `service`, and `change`")
        }
        return out
    }

    func factor(age: AgeRange, years: Int) -> Double { pow1(byAge[age] ?? all, years) }
    func factor(service: String, years: Int) -> Double { pow1(byService[service] ?? all, years) }

    private func pow1(_ g: Double, _ n: Int) -> Double {
        if g == 0 { return 1 }
        var f = 1.0
        if n >= 0 { for _ in 0..<n { f *= 1 + g } } else { for _ in 0..<(-n) { f /= 1 + g } }
        return f
    }
}

/// Options of the mechanical projection.
public struct DemandOptions: Sendable, Equatable {
    /// The base year: users and FTE are read for this year (when their tables have a `year` column).
    public var base: Int
    /// The first and last year of the output (default: base year to base year + 20).
    public var from: Int?
    public var to: Int?
    /// A yearly change in user rates per age band (the rates' trend).
    public var rateTrend: YearlyChange
    /// A yearly change in FTE per user per service (the "standard").
    public var standard: YearlyChange

    public init(base: Int, from: Int? = nil, to: Int? = nil, rateTrend: YearlyChange = .none, standard: YearlyChange = .none) {
        self.base = base; self.from = from; self.to = to; self.rateTrend = rateTrend; self.standard = standard
    }

    /// The output years; throws when the first comes after the last.
    func years() throws -> ClosedRange<Int> {
        let first = from ?? base, last = to ?? base + 20
        guard first <= last else {
            throw Diagnostic("the first year \(first) comes after the last year \(last)", hint: "from= and to= (base=\(base))")
        }
        return first...last
    }
}

/// SSB's "mechanical" projection of care demand, as municipalities use it (Oslo's strategy):
///
///     users(t, a, s) = rate(base, a, s) × pop(t, a)
///     FTE(t, s)      = FTE(base, s) × users(t, s) / users(base, s)
///
/// with optional yearly trends in the rates (per age band) and in FTE per user (per service).
///
/// Input schemas (names of columns; extra columns are ignored):
/// * `population`: `year`, `age` (single ages or bands), `persons`, optional `area` — see `PopulationIndex`.
/// * `users`: `age` (bands), `service`, and `users` (a count in the base year; the rate is users ÷ the
///   population of the band) or `rate` (users per person); optional `year` (rows of the base year are
///   used) and `area`. The bands of one service must not overlap; the population's ages must cover them.
/// * `fte`: `service`, and `fte` (base-year FTE) or `fte_per_user`; optional `occupation` (the FTE is
///   split by the base-year mix), `year` (base-year rows) and `area`.
///
/// When the population has `area`, users and FTE may have it too (one set per area) or not (national
/// rates and FTE per user, applied to every area; counts then cannot be turned into rates).
public enum MechanicalDemand {
    /// Users per year, service and age band: `[area,] year, service, age, persons, rate, users`.
    public static func users(population: Table, users: Table, options: DemandOptions) throws -> Table {
        let pop = try PopulationIndex("population", population)
        let rates = try UserRates(users, table: "users", population: pop, base: options.base)
        var out = Output(area: pop.hasArea)
        for area in pop.areas {
            try Cancellation.check()
            let r = try rates.rates(area: area)
            for year in try options.years() {
                for (service, bands) in r {
                    for b in bands {
                        let p = try pop.persons(in: b.age, area: area, year: year, neededBy: b.origin)
                        let rate = b.rate * options.rateTrend.factor(age: b.age, years: year - options.base)
                        out.append(area: area, year: year, service: service, age: b.age.description,
                                   persons: p, rate: rate, users: rate * p)
                    }
                }
            }
        }
        return out.usersTable()
    }

    /// Users and FTE per year and service: `[area,] year, service, users, fte`; with an `occupation`
    /// column in `fte`: `[area,] year, service, occupation, fte` (each service's FTE split by its
    /// base-year occupation mix).
    public static func run(population: Table, users: Table, fte: Table, options: DemandOptions) throws -> Table {
        let pop = try PopulationIndex("population", population)
        let rates = try UserRates(users, table: "users", population: pop, base: options.base)
        let staffing = try FTEInput(fte, base: options.base, hasAreaInPopulation: pop.hasArea)
        var out = Output(area: pop.hasArea)
        for area in pop.areas {
            try Cancellation.check()
            let r = try rates.rates(area: area)
            // Users in the base year, for FTE per user.
            var baseUsers: [String: Double] = [:]
            for (service, bands) in r {
                var u = 0.0
                for b in bands { u += b.rate * (try pop.persons(in: b.age, area: area, year: options.base, neededBy: b.origin)) }
                baseUsers[service] = u
            }
            let perUser = try staffing.ftePerUser(area: area, baseUsers: baseUsers, services: r.map(\.service))
            for year in try options.years() {
                for (service, bands) in r {
                    var u = 0.0
                    for b in bands {
                        let p = try pop.persons(in: b.age, area: area, year: year, neededBy: b.origin)
                        u += b.rate * options.rateTrend.factor(age: b.age, years: year - options.base) * p
                    }
                    let f = perUser[service]! * options.standard.factor(service: service, years: year - options.base) * u
                    if staffing.hasOccupation {
                        for (occupation, share) in staffing.mix(area: area, service: service) {
                            out.append(area: area, year: year, service: service, occupation: occupation, fte: f * share)
                        }
                    } else {
                        out.append(area: area, year: year, service: service, users: u, fte: f)
                    }
                }
            }
        }
        return staffing.hasOccupation ? out.occupationTable() : out.serviceTable()
    }

    /// Column builder for the outputs.
    struct Output {
        let area: Bool
        var areas: [String] = [], years: [Int64] = [], services: [String] = [], ages: [String] = []
        var occupations: [String] = []
        var persons: [Double] = [], rates: [Double] = [], users: [Double] = [], fte: [Double] = []

        init(area: Bool) { self.area = area }

        mutating func append(area a: String, year: Int, service: String, age: String, persons p: Double, rate: Double, users u: Double) {
            areas.append(a); years.append(Int64(year)); services.append(service); ages.append(age)
            persons.append(p); rates.append(rate); users.append(u)
        }
        mutating func append(area a: String, year: Int, service: String, users u: Double, fte f: Double) {
            areas.append(a); years.append(Int64(year)); services.append(service); users.append(u); fte.append(f)
        }
        mutating func append(area a: String, year: Int, service: String, occupation: String, fte f: Double) {
            areas.append(a); years.append(Int64(year)); services.append(service); occupations.append(occupation); fte.append(f)
        }

        private var head: [(String, Column)] {
            (area ? [("area", Column(strings: areas))] : []) + [("year", Column(ints: years))]
        }
        func usersTable() -> Table {
            var t = Table(head + [("service", Column(strings: services)), ("age", Column(strings: ages)),
                                  ("persons", Column(doubles: persons)), ("rate", Column(doubles: rates)),
                                  ("users", Column(doubles: users))])
            t.setUnit("persons", for: "persons"); t.setUnit("persons", for: "users"); t.setUnit("share", for: "rate")
            return t
        }
        func serviceTable() -> Table {
            var t = Table(head + [("service", Column(strings: services)), ("users", Column(doubles: users)),
                                  ("fte", Column(doubles: fte))])
            t.setUnit("persons", for: "users"); t.setUnit("FTE", for: "fte")
            return t
        }
        func occupationTable() -> Table {
            var t = Table(head + [("service", Column(strings: services)), ("occupation", Column(strings: occupations)),
                                  ("fte", Column(doubles: fte))])
            t.setUnit("FTE", for: "fte")
            return t
        }
    }
}
