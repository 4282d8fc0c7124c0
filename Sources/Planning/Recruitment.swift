import Tables

/// Options and levers of the recruitment projection.
public struct RecruitmentOptions: Sendable, Equatable {
    /// First year (the staff table's year; default: the first year of the demand table) and last year.
    public var from: Int?
    public var to: Int?
    /// Relative change in the turnover exit rates (−0.2 = a fifth fewer leave for other employers).
    public var turnoverChange: Double
    /// Share of the staff in `unskilled` at the start who qualify as `skilled` (the full-time plan: "om
    /// lag 46 pst." of the unskilled are relevant for qualification), spread evenly over `qualifyYears`.
    public var qualifyShare: Double
    public var qualifyYears: Int
    public var unskilled: String
    public var skilled: String
    /// Bigger positions: a share of the part-time staff moves to a position of size `targetPosition`
    /// in the first projected year (new hires get the same, see `Recruitment`).
    public var fulltimeShare: Double
    public var targetPosition: Double

    public static let defaultUnskilled = "Pleieassistent uten helse- og sosialfaglig utdanning"
    public static let defaultSkilled = "Helsefagarbeidere"

    public init(from: Int? = nil, to: Int? = nil, turnoverChange: Double = 0, qualifyShare: Double = 0,
                qualifyYears: Int = 10, unskilled: String = RecruitmentOptions.defaultUnskilled,
                skilled: String = RecruitmentOptions.defaultSkilled, fulltimeShare: Double = 0, targetPosition: Double = 1) {
        self.from = from; self.to = to; self.turnoverChange = turnoverChange; self.qualifyShare = qualifyShare
        self.qualifyYears = qualifyYears; self.unskilled = unskilled; self.skilled = skilled
        self.fulltimeShare = fulltimeShare; self.targetPosition = targetPosition
    }
}

/// Supply and recruitment need: the staff of the first year, by occupation and single age, is aged
/// forward a year at a time; each year some leave (turnover to other employers, retirement), and the
/// municipality hires what it takes to meet the demand:
///
///     supply(t) = staff FTE after this year's exits (and qualification moves)
///     need(t)   = max(0, demand(t) − supply(t))
///
/// When the first year's staff FTE equals the demand, need(t) = demand growth + exits, the issue's
/// definition; a first-year shortage is hired in the first projected year; a surplus is kept (nobody
/// is dismissed) and hires wait until demand catches up.
///
/// Input schemas:
/// * `staff`: `age` (single ages or bands; a band's persons are spread evenly over its ages from 18,
///   an open band `60+` over 60–66 (`67+` is age 67), `Under 30` over 18–29), `persons` (≥ 0), optional `fte` (default: one FTE a person),
///   `occupation` and `area`.
/// * `demand`: `year`, `fte`, optional `occupation` and `area` (other columns, e.g. `service`, are
///   summed over) — the output of `MechanicalDemand.run` fits. Without `occupation` the staff are
///   taken as one group `all`.
/// * `exits`: `age` (bands), `turnover` and/or `retirement` (yearly shares of the persons of that
///   age who leave), optional `occupation`. The shares add up (at most 1). `defaultExits()` gives
///   the reports' figures.
///
/// New hires get the age profile of the first year's staff under 35 (ages 25–34 evenly when there
/// are none) and the occupation's mean position size. Everyone still there at 100 leaves.
///
/// Output, one row per area, year after the first and occupation: `[area,] year, occupation, demand,
/// growth, exits_turnover, exits_retirement, qualified, position_gain, supply, need_fte, need_persons`
/// (FTE except `need_persons`; `qualified` is + for the skilled, − for the unskilled occupation).
public enum Recruitment {
    static let maxAge = 100

    /// The default exit rates. Turnover: 14 % a year out of the municipal health and care services
    /// (KS, NOU 2023:4 section 5.2.2: "14–15 prosent" a year since 2013–2014; Oslo reports 10 % for
    /// its own services in 2020; the broad figure, counting moves between municipalities, is almost
    /// 25 %). Retirement: shares rising from 55 that give a mean exit age of about 58 for those
    /// still working at 55 (Oslo's strategy, from KLP: nurses leave at 57–58 on average); all leave at 67.
    /// ASSUMED shape: the reports give the turnover level and the mean exit age, not rates by age.
    public static func defaultExits() -> Table {
        var t = Table([
            ("age", Column(strings: ["0-54", "55-56", "57-61", "62-66", "67+"])),
            ("turnover", Column(doubles: [0.14, 0.14, 0.14, 0.14, 0])),
            ("retirement", Column(doubles: [0, 0.20, 0.30, 0.40, 1])),
        ])
        t.setUnit("share", for: "turnover"); t.setUnit("share", for: "retirement")
        return t
    }

    /// The mean age at retirement of a person working at `age`, under the retirement shares alone.
    public static func meanRetirementAge(exits: Table, from age: Int = 55) throws -> Double {
        let rates = try ExitRates(exits)
        var alive = 1.0, mean = 0.0
        for a in age...maxAge {
            let r = a == maxAge ? 1 : rates.retirement(occupation: "", age: a)
            mean += alive * r * Double(a)
            alive *= 1 - r
            if alive <= 0 { break }
        }
        return mean
    }

    public static func run(staff: Table, demand: Table, exits: Table? = nil, options: RecruitmentOptions = .init()) throws -> Table {
        let s = PlanTable("staff", staff)
        let d = PlanTable("demand", demand)
        let rates = try ExitRates(exits ?? defaultExits())
        try checkLevers(options)

        // Demand: area → occupation → year → FTE.
        let byOccupation = d.has("occupation")
        if s.has("area") != d.has("area") {
            throw (s.has("area") ? d : s).error(column: "area", "missing column `area` (the other table has one)")
        }
        if byOccupation && !s.has("occupation") {
            throw s.error(column: "occupation", "missing column `occupation` (table `demand` has one)")
        }
        if !byOccupation && options.qualifyShare > 0 {
            throw d.error(column: "occupation", "qualification moves staff between occupations, but the demand has no `occupation`")
        }
        let (demandBy, occupationOrder, firstYear, lastYear) = try readDemand(d, byOccupation: byOccupation)
        let from = options.from ?? firstYear, to = options.to ?? lastYear
        guard from < to else { throw d.error(column: "year", "the projection needs at least two years (from \(from) to \(to))") }

        // Staff: area → occupation → persons and FTE by single age.
        let (stock, areaOrder) = try readStaff(s, rates: rates, byOccupation: byOccupation)
        for area in demandBy.keys where stock[area] == nil {
            throw s.error(column: "area", "no rows for area `\(area)` of table `demand`")
        }

        var out = RecruitmentOutput(area: s.has("area"))
        for area in areaOrder {
            try Cancellation.check()
            guard let demandArea = demandBy[area] else {
                throw d.error(column: "area", "no rows for area `\(area)` of table `staff`")
            }
            var cohorts = stock[area]!
            let occupations = try occupations(of: area, cohorts: &cohorts, demand: demandArea, listed: occupationOrder[area] ?? [],
                                              byOccupation: byOccupation, options: options, years: from...to,
                                              staff: s, demandTable: d, namesArea: out.area)
            // Entry profile and position size per occupation (before levers).
            var profile: [String: [Double]] = [:], position: [String: Double] = [:]
            let allPersons = cohorts.values.reduce(0) { $0 + $1.totalPersons }
            let allFTE = cohorts.values.reduce(0) { $0 + $1.totalFTE }
            for o in occupations {
                let c = cohorts[o]!
                profile[o] = c.entryProfile()
                position[o] = c.totalPersons > 0 ? c.totalFTE / c.totalPersons : (allPersons > 0 ? allFTE / allPersons : 1)
            }
            // Lever: bigger positions, from the first projected year.
            var gain: [String: Double] = [:]
            if options.fulltimeShare > 0 {
                for o in occupations {
                    gain[o] = cohorts[o]!.raisePositions(share: options.fulltimeShare, target: options.targetPosition)
                    let p = position[o]!
                    if p < options.targetPosition { position[o] = p + options.fulltimeShare * (options.targetPosition - p) }
                }
            }
            let unskilledAtStart = cohorts[options.unskilled]?.totalPersons ?? 0
            var schedules: [String: ExitRates.Schedule] = [:]
            for o in occupations { schedules[o] = rates.schedule(occupation: o) }
            for year in (from + 1)...to {
                if (year - from) & 7 == 0 { try Cancellation.check() }
                var exitsT: [String: Double] = [:], exitsR: [String: Double] = [:], qualified: [String: Double] = [:]
                for o in occupations {
                    let (t, r) = cohorts[o]!.exitAndAge(schedule: schedules[o]!, turnoverChange: options.turnoverChange)
                    exitsT[o] = t; exitsR[o] = r
                }
                if options.qualifyShare > 0, year - from <= options.qualifyYears, options.unskilled != options.skilled {
                    let want = options.qualifyShare * unskilledAtStart / Double(options.qualifyYears)
                    let moved = cohorts[options.unskilled]!.take(persons: want)
                    cohorts[options.skilled]!.add(moved)
                    qualified[options.unskilled] = -moved.totalFTE
                    qualified[options.skilled] = moved.totalFTE
                }
                for o in occupations {
                    let demandNow = demandArea[o]![year]!, demandBefore = demandArea[o]![year - 1]!
                    let supply = cohorts[o]!.totalFTE
                    let need = max(0, demandNow - supply)
                    let persons = need / position[o]!
                    cohorts[o]!.hire(persons: persons, position: position[o]!, profile: profile[o]!)
                    out.append(area: area, year: year, occupation: o, values: [
                        demandNow, demandNow - demandBefore, exitsT[o]!, exitsR[o]!, qualified[o] ?? 0,
                        year == from + 1 ? gain[o] ?? 0 : 0, supply, need, persons])
                }
            }
        }
        return out.table()
    }

    /// An area's occupations: the demand's, then staff-only ones (which have demand 0); each must have demand
    /// for every year and, with qualification, the two occupations must be there. Adds empty cohorts where none.
    private static func occupations(of area: String, cohorts: inout [String: Cohorts], demand demandArea: [String: [Int: Double]],
                                    listed: [String], byOccupation: Bool, options: RecruitmentOptions, years: ClosedRange<Int>,
                                    staff: PlanTable, demandTable: PlanTable, namesArea: Bool) throws -> [String] {
        // Occupations: the demand's, then staff-only ones (which have demand 0).
        var occupations = listed
        for o in cohorts.keys.sorted() where !occupations.contains(o) {
            if byOccupation {
                throw staff.error(column: "occupation", "occupation `\(o)` is not in table `demand`",
                                  hint: NameSuggester.hint(for: o, in: occupations))
            }
            occupations.append(o)
        }
        if options.qualifyShare > 0 {
            for o in [options.unskilled, options.skilled] where !occupations.contains(o) {
                throw staff.error(column: "occupation", "no occupation `\(o)` to qualify " + (o == options.skilled ? "into" : "from"),
                                  hint: NameSuggester.hint(for: o, in: occupations) ?? "name it with unskilled=… skilled=…")
            }
        }
        for o in occupations {
            for y in years where demandArea[o]?[y] == nil {
                throw demandTable.error(column: "year", "no row for year \(y), occupation `\(o)`" + (namesArea ? ", area `\(area)`" : ""),
                                        hint: "the demand must give every year from \(years.lowerBound) to \(years.upperBound)")
            }
            if cohorts[o] == nil { cohorts[o] = Cohorts() }
        }
        return occupations
    }

    /// The levers' ranges (before any table is read).
    private static func checkLevers(_ options: RecruitmentOptions) throws {
        guard options.turnoverChange >= -1 else {
            throw Diagnostic("a turnover change of \(NumberFormat.plain(options.turnoverChange)) would make turnover negative")
        }
        guard (0...1).contains(options.qualifyShare) else { throw Diagnostic("the qualifying share must lie between 0 and 1") }
        guard (0...1).contains(options.fulltimeShare) else { throw Diagnostic("the full-time share must lie between 0 and 1") }
        guard options.targetPosition > 0, options.targetPosition <= 1.5 else {
            throw Diagnostic("the target position size must lie in (0, 1.5]")
        }
        guard options.qualifyYears >= 1 else { throw Diagnostic("qualification needs at least one year") }
    }

    /// `demand`: area → occupation → year → FTE, each area's occupations in order, and the first and last year.
    private static func readDemand(_ d: PlanTable, byOccupation: Bool) throws
        -> (demand: [String: [String: [Int: Double]]], occupations: [String: [String]], first: Int, last: Int) {
        let dYears = try d.integers("year", what: "year")
        let dFTE = try d.numbers("fte", nonNegative: true, what: "FTE")
        let dOcc = byOccupation ? try d.text("occupation") : Array(repeating: "all", count: d.rowCount)
        let dArea = try d.keys("area")
        var demandBy: [String: [String: [Int: Double]]] = [:]
        var occupationOrder: [String: [String]] = [:]
        for i in 0..<d.rowCount {
            if demandBy[dArea[i]]?[dOcc[i]] == nil { occupationOrder[dArea[i], default: []].append(dOcc[i]) }
            demandBy[dArea[i], default: [:]][dOcc[i], default: [:]][dYears[i], default: 0] += dFTE[i]
        }
        guard let firstYear = dYears.min(), let lastYear = dYears.max() else {
            throw d.error(column: "year", "no rows")
        }
        return (demandBy, occupationOrder, firstYear, lastYear)
    }

    /// `staff`: area → occupation → cohorts by single working age, and the areas in order.
    private static func readStaff(_ s: PlanTable, rates: ExitRates, byOccupation: Bool) throws
        -> (stock: [String: [String: Cohorts]], areas: [String]) {
        let sAges = try s.ages("age")
        let sPersons = try s.numbers("persons", nonNegative: true, what: "count")
        let sFTE = s.has("fte") ? try s.numbers("fte", nonNegative: true, what: "FTE") : sPersons
        let sOcc = byOccupation ? try s.text("occupation") : Array(repeating: "all", count: s.rowCount)
        let sArea = try s.keys("area")
        var stock: [String: [String: Cohorts]] = [:]
        var areaOrder: [String] = []
        for i in 0..<s.rowCount {
            if stock[sArea[i]] == nil { areaOrder.append(sArea[i]) }
            // Working ages: a band's persons are spread over its ages from 18 (an open band to 66).
            let hi = sAges[i].upper ?? max(sAges[i].lower, 66)
            let lo = min(max(sAges[i].lower, 18), hi)
            guard hi <= maxAge else { throw s.error(row: i, column: "age", "age \(sAges[i]) is above \(maxAge)") }
            let n = Double(hi - lo + 1)
            for a in lo...hi {
                stock[sArea[i], default: [:]][sOcc[i], default: Cohorts()].add(age: a, persons: sPersons[i] / n, fte: sFTE[i] / n)
            }
            if rates.lookup(occupation: sOcc[i], age: lo) == nil {
                throw PlanInputError(table: "exits", column: "age",
                                     problem: "no exit rate for age \(lo) of occupation `\(sOcc[i])` (table `staff`, row \(i + 1))",
                                     hint: "the exit table's bands must cover the staff's ages")
            }
        }
        return (stock, areaOrder)
    }
}

/// Staff of one occupation by single age.
struct Cohorts {
    var persons = [Double](repeating: 0, count: Recruitment.maxAge + 1)
    var fte = [Double](repeating: 0, count: Recruitment.maxAge + 1)

    var totalPersons: Double { persons.reduce(0, +) }
    var totalFTE: Double { fte.reduce(0, +) }

    mutating func add(age: Int, persons p: Double, fte f: Double) { persons[age] += p; fte[age] += f }
    mutating func add(_ other: Cohorts) {
        for a in persons.indices { persons[a] += other.persons[a]; fte[a] += other.fte[a] }
    }

    /// The age shares new hires get: the staff under 35, or 25–34 evenly.
    func entryProfile() -> [Double] {
        var p = [Double](repeating: 0, count: persons.count)
        let young = persons[0..<35].reduce(0, +)
        if young > 0 { for a in 0..<35 { p[a] = persons[a] / young } } else { for a in 25...34 { p[a] = 0.1 } }
        return p
    }

    /// Moves a share of each age's part-time gap to `target`; returns the FTE gained. Exact when the
    /// staff not in part-time positions already work `target` (then mean gap = part-time share × their gap).
    mutating func raisePositions(share: Double, target: Double) -> Double {
        var gained = 0.0
        for a in persons.indices where persons[a] > 0 {
            let p = fte[a] / persons[a]
            if p < target {
                let g = share * (target - p) * persons[a]
                fte[a] += g; gained += g
            }
        }
        return gained
    }

    /// This year's exits (FTE by turnover, by retirement), then everyone a year older.
    mutating func exitAndAge(schedule: ExitRates.Schedule, turnoverChange: Double) -> (Double, Double) {
        var turnover = 0.0, retirement = 0.0
        let last = persons.count - 1
        for a in persons.indices where persons[a] > 0 || fte[a] > 0 {
            let tr = a == last ? 0 : schedule.turnover[a] * (1 + turnoverChange)
            let re = a == last ? 1 : schedule.retirement[a]
            let e = min(1, tr + re)
            guard e > 0 else { continue }
            let leaving = fte[a] * e
            turnover += leaving * tr / (tr + re)
            retirement += leaving * re / (tr + re)
            fte[a] -= leaving
            persons[a] -= persons[a] * e
        }
        for a in stride(from: last, to: 0, by: -1) { persons[a] = persons[a - 1]; fte[a] = fte[a - 1] }
        persons[0] = 0; fte[0] = 0
        return (turnover, retirement)
    }

    /// Takes up to `persons` persons, the same share of every age.
    mutating func take(persons wanted: Double) -> Cohorts {
        let total = totalPersons
        var out = Cohorts()
        guard total > 0, wanted > 0 else { return out }
        let f = min(1, wanted / total)
        for a in persons.indices {
            out.persons[a] = persons[a] * f; out.fte[a] = fte[a] * f
            persons[a] -= out.persons[a]; fte[a] -= out.fte[a]
        }
        return out
    }

    mutating func hire(persons n: Double, position: Double, profile: [Double]) {
        guard n > 0 else { return }
        for a in profile.indices where profile[a] > 0 {
            persons[a] += n * profile[a]; fte[a] += n * profile[a] * position
        }
    }
}

/// Exit rates by single age (and occupation, when the table has one).
struct ExitRates {
    private var byOccupation: [String: [(turnover: Double, retirement: Double)?]] = [:]
    private let perOccupation: Bool

    init(_ table: Table) throws {
        let t = PlanTable("exits", table)
        if !t.has("turnover") && !t.has("retirement") {
            throw t.error(column: "turnover", "missing column `turnover` (or `retirement`)",
                          hint: "the table has " + table.columnNames.map { "`\($0)`" }.joined(separator: ", "))
        }
        let n = t.rowCount
        let tr = t.has("turnover") ? try t.numbers("turnover", nonNegative: true, what: "rate") : Array(repeating: 0, count: n)
        let re = t.has("retirement") ? try t.numbers("retirement", nonNegative: true, what: "rate") : Array(repeating: 0, count: n)
        for (column, v) in [("turnover", tr), ("retirement", re)] {
            if let i = v.firstIndex(where: { $0 > 1 }) {
                throw t.error(row: i, column: column, "rate \(NumberFormat.plain(v[i])) is above 1", hint: "rates are yearly shares, 0.14 = 14 %")
            }
        }
        let ages = try t.ages("age")
        perOccupation = t.has("occupation")
        let occ = try t.keys("occupation")
        for i in 0..<n {
            var list = byOccupation[occ[i]] ?? Array(repeating: nil, count: Recruitment.maxAge + 1)
            let hi = min(ages[i].upper ?? Recruitment.maxAge, Recruitment.maxAge)
            if ages[i].lower <= hi {
                for a in ages[i].lower...hi {
                    if list[a] != nil {
                        throw t.error(row: i, column: "age", "age \(a) already has an exit rate" + (perOccupation ? " for `\(occ[i])`" : ""))
                    }
                    list[a] = (tr[i], re[i])
                }
            }
            byOccupation[occ[i]] = list
        }
    }

    /// The rates of one occupation by single age (0 where the table gives none).
    struct Schedule { var turnover: [Double]; var retirement: [Double] }

    func schedule(occupation: String) -> Schedule {
        let list = byOccupation[perOccupation ? occupation : ""] ?? []
        var s = Schedule(turnover: Array(repeating: 0, count: Recruitment.maxAge + 1),
                         retirement: Array(repeating: 0, count: Recruitment.maxAge + 1))
        for (a, r) in list.enumerated() where a <= Recruitment.maxAge {
            if let r { s.turnover[a] = r.turnover; s.retirement[a] = r.retirement }
        }
        return s
    }

    func lookup(occupation: String, age: Int) -> (turnover: Double, retirement: Double)? {
        guard let list = byOccupation[perOccupation ? occupation : ""], age < list.count else { return nil }
        return list[age]
    }
    func turnover(occupation: String, age: Int) -> Double { lookup(occupation: occupation, age: age)?.turnover ?? 0 }
    func retirement(occupation: String, age: Int) -> Double { lookup(occupation: occupation, age: age)?.retirement ?? 0 }
}

struct RecruitmentOutput {
    static let names = ["demand", "growth", "exits_turnover", "exits_retirement", "qualified", "position_gain",
                        "supply", "need_fte", "need_persons"]
    let area: Bool
    var areas: [String] = [], years: [Int64] = [], occupations: [String] = []
    var cols = Array(repeating: [Double](), count: RecruitmentOutput.names.count)

    init(area: Bool) { self.area = area }

    mutating func append(area a: String, year: Int, occupation: String, values: [Double]) {
        areas.append(a); years.append(Int64(year)); occupations.append(occupation)
        for k in values.indices { cols[k].append(values[k]) }
    }

    func table() -> Table {
        var named: [(String, Column)] = area ? [("area", Column(strings: areas))] : []
        named += [("year", Column(ints: years)), ("occupation", Column(strings: occupations))]
        for (k, n) in RecruitmentOutput.names.enumerated() { named.append((n, Column(doubles: cols[k]))) }
        var t = Table(named)
        for n in RecruitmentOutput.names { t.setUnit(n == "need_persons" ? "persons" : "FTE", for: n) }
        return t
    }
}
