import Foundation
import Tables

/// The model inputs of the projection engine, validated and laid out as flat arrays.
///
/// Input tables (one CSV each under `datasets/projection/`, schemas also in its `catalog.csv`):
/// * `population`: `year, sex, age, persons` — population by year, sex and single age (the oldest age is
///   open-ended: 99 = 99 and older). Its first year is the base year; its years must be consecutive.
///   The number of ages modelled is the oldest age + 1.
/// * `stock`: `year, occupation, sex, age, persons` — persons educated as each occupation in the base year.
///   Defines the occupations (in order of first appearance).
/// * `flows`: `occupation, sex, age, entries, exit_rate` — entries per year (persons arriving at that age:
///   graduates, immigrants) and the share of the stock at that age leaving before next year, in [0, 1].
/// * `labour`: `occupation, sex, age, participation, position` — probability of working in the health and
///   care services, in [0, 1], and average contracted position as a share of full time (≥ 0).
/// * `services`: `service, year, fte, health_elasticity, family_care` — base-year FTE per service area,
///   the share of the life-expectancy gain that shifts the service's user rates above age 55 to older ages
///   under health improvement, and whether the service is the one that absorbs informal (family) care.
/// * `user_rates`: `service, sex, age, rate` — users per inhabitant (or relative use), in [0, 1].
/// * `service_mix`: `service, occupation, share, trend` — the share of a service's FTE done by an occupation
///   in the base year and its change per year (share points per year, continued; clamped at 0).
/// * `base_shortage` (optional): `occupation, year, fte` — unfilled FTE in the base year, added to demand.
/// * `life_expectancy` (optional): `year, gain` — gain in life expectancy since the base year (years),
///   one row per population year; drives the health-improvement shift.
/// * `position_distribution` (optional): `occupation, relative_position, share` — persons' positions relative
///   to their cell's average (mean 1), for the position-floor variant.
/// * `education` (optional): `occupation, completion_rate, delay_years, graduate_age, female_share` —
///   how extra study places become entries.
/// * `entry_origin` (optional): `occupation, abroad_share` — the share of an occupation's entries educated
///   abroad, in [0, 1], for `entries_norway=` / `entries_abroad=`.
public struct ProjectionInputs: Sendable {
    /// Sex labels in code order.
    public static let sexes = ["kvinner", "menn"]
    /// Ages from which health improvement shifts user rates to older ages (NOU 2023:4 box 2.2: "eldre enn 55").
    public static let healthImprovementFromAge = 55

    /// Sex code for a label (`kvinner`/`k`/`female` = 0, `menn`/`m`/`male` = 1).
    public static func sexCode(_ s: String) -> Int? {
        switch s.lowercased() {
        case "kvinner", "kvinne", "k", "f", "female", "women", "woman": return 0
        case "menn", "mann", "m", "male", "men", "man": return 1
        default: return nil
        }
    }

    public let baseYear: Int
    public let lastYear: Int
    public let ageCount: Int
    public let occupations: [String]
    public let services: [String]

    var yearCount: Int { lastYear - baseYear + 1 }
    @inline(__always) func cell(_ g: Int, _ s: Int, _ a: Int) -> Int { (g * 2 + s) * ageCount + a }

    // Supply, indexed by cell(g, s, a).
    var stock: [Double]
    var entries: [Double]
    var exitRate: [Double]
    var participation: [Double]
    var position: [Double]
    /// Per occupation: relative positions and their shares (mean 1).
    var positionPoints: [[(position: Double, share: Double)]]
    /// Per occupation: completion rate, delay, graduate age, female share (nil = not given).
    var education: [Education?]
    /// Per occupation: the share of entries educated abroad (nil = no `entry_origin` input).
    var entryAbroadShare: [Double]?

    struct Education: Sendable {
        var completion: Double, delay: Int, age: Int, femaleShare: Double
    }

    // Demand.
    var population: [Double]          // (y * 2 + s) * A + a
    var userRates: [Double]           // (k * 2 + s) * A + a
    public let serviceBaseFTE: [Double]
    var healthElasticity: [Double]
    var familyCareService: [Bool]
    var lifeExpectancyGain: [Double]  // per year index
    var mixShare: [Double]            // k * G + g
    var mixTrend: [Double]
    public let baseShortage: [Double] // per occupation

    /// Observed FTE per occupation in the base year: Σ_k service FTE × base-year mix (demand without the shortage).
    public var baseEmployment: [Double] {
        let G = occupations.count, K = services.count
        return (0..<G).map { g in (0..<K).reduce(0.0) { $0 + serviceBaseFTE[$1] * max(0, mixShare[$1 * G + g]) } }
    }

    /// Demography index per service and year index (k * Y + y): constant user rates, and with health improvement.
    let demographyConstant: [Double]
    let demographyHealth: [Double]

    /// Inputs from tables built in code or loaded from files; validates every table (see the type's doc).
    public init(population: Table, stock: Table, flows: Table, labour: Table, services: Table, userRates: Table,
                serviceMix: Table, baseShortage: Table? = nil, lifeExpectancy: Table? = nil,
                positionDistribution: Table? = nil, education: Table? = nil, entryOrigin: Table? = nil) throws {
        // Population: years and ages.
        let (popArr, y0, y1, maxAge) = try Self.readPopulation(population)
        baseYear = y0; lastYear = y1; ageCount = maxAge + 1
        let A = ageCount, Y = y1 - y0 + 1
        self.population = popArr

        // Stock: defines occupations.
        let (occ, stockArr) = try Self.readStock(stock, baseYear: y0, maxAge: maxAge)
        occupations = occ; self.stock = stockArr
        (entries, exitRate) = try Self.readFlows(flows, occupations: occ, maxAge: maxAge)
        (participation, position) = try Self.readLabour(labour, occupations: occ, maxAge: maxAge)
        positionPoints = try Self.readPositionPoints(positionDistribution, occupations: occ)
        self.education = try Self.readEducation(education, occupations: occ, maxAge: maxAge)
        entryAbroadShare = try Self.readEntryOrigin(entryOrigin, occupations: occ)

        // Services.
        let (svNames, svFTE, svElast, svFamily) = try Self.readServices(services, baseYear: y0)
        self.services = svNames
        serviceBaseFTE = svFTE; healthElasticity = svElast; familyCareService = svFamily
        let K = svNames.count

        let ur = InputTable("user_rates", userRates)
        let rates = try Self.readUserRates(ur, services: svNames, maxAge: maxAge)
        self.userRates = rates

        (mixShare, mixTrend) = try Self.readServiceMix(serviceMix, services: svNames, occupations: occ)

        self.baseShortage = try Self.readBaseShortage(baseShortage, occupations: occ, baseYear: y0)

        let gain = try Self.readLifeExpectancy(lifeExpectancy, first: y0, last: y1)
        lifeExpectancyGain = gain

        let baseUsers: [Double]
        (demographyConstant, demographyHealth, baseUsers) = Self.demographyIndices(
            population: popArr, rates: rates, elasticity: svElast, gain: gain, K: K, Y: Y, A: A)
        // (the index is 1 for a service without users, so its base-year users decide)
        for k in 0..<K where svFTE[k] > 0 && baseUsers[k] <= 0 {
            throw ur.error(column: "rate", "service `\(svNames[k])` has no users in the base year's population")
        }
    }

    /// `stock`: the occupations (in order of first appearance) and persons per cell (g, s, a); every row
    /// must be of the base year, no cell twice.
    private static func readStock(_ stock: Table, baseYear y0: Int, maxAge: Int) throws
        -> (occupations: [String], stock: [Double]) {
        let A = maxAge + 1
        let st = InputTable("stock", stock)
        let sYears = try st.integers("year", what: "year")
        let sOcc = try st.text("occupation")
        let sSex = try st.sexes()
        let sAge = try st.integers("age", min: 0, max: maxAge, what: "age")
        let sPersons = try st.numbers("persons", min: 0, what: "count")
        var occ: [String] = []
        var occIndex: [String: Int] = [:]
        for (i, name) in sOcc.enumerated() {
            if sYears[i] != y0 {
                throw st.error(row: i, column: "year", "year \(sYears[i]) does not line up with the base year \(y0) of `population`")
            }
            if occIndex[name.lowercased()] == nil { occIndex[name.lowercased()] = occ.count; occ.append(name) }
        }
        guard !occ.isEmpty else { throw st.error("the table is empty") }
        let G = occ.count
        var stockArr = [Double](repeating: 0, count: G * 2 * A)
        var seenStock = [Bool](repeating: false, count: stockArr.count)
        for i in 0..<st.rowCount {
            let idx = (occIndex[sOcc[i].lowercased()]! * 2 + sSex[i]) * A + sAge[i]
            if seenStock[idx] { throw st.error(row: i, "duplicate row for \(sOcc[i]), \(Self.sexes[sSex[i]]), age \(sAge[i])") }
            seenStock[idx] = true
            stockArr[idx] = sPersons[i]
        }
        return (occ, stockArr)
    }

    /// The cell (g, s, a) of each row of a table keyed by occupation, sex and age; no cell twice.
    private static func cellIndices(_ t: InputTable, occupations occ: [String], maxAge: Int) throws -> [Int] {
        let A = maxAge + 1
        let o = try t.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
        let s = try t.sexes()
        let a = try t.integers("age", min: 0, max: maxAge, what: "age")
        var seen = Set<Int>()
        return try (0..<t.rowCount).map { i in
            let idx = (o[i] * 2 + s[i]) * A + a[i]
            if !seen.insert(idx).inserted {
                throw t.error(row: i, "duplicate row for \(occ[o[i]]), \(Self.sexes[s[i]]), age \(a[i])")
            }
            return idx
        }
    }

    /// `flows`: entries and exit rate per cell (0 where a cell has no row).
    private static func readFlows(_ flows: Table, occupations occ: [String], maxAge: Int) throws
        -> (entries: [Double], exitRate: [Double]) {
        let fl = InputTable("flows", flows)
        let flCells = try cellIndices(fl, occupations: occ, maxAge: maxAge)
        let flEntries = try fl.numbers("entries", min: 0, what: "count")
        let flExit = try fl.numbers("exit_rate", min: 0, max: 1, what: "rate")
        var ent = [Double](repeating: 0, count: occ.count * 2 * (maxAge + 1)), ex = ent
        for (i, c) in flCells.enumerated() { ent[c] = flEntries[i]; ex[c] = flExit[i] }
        return (ent, ex)
    }

    /// `labour`: participation and average position per cell (0 where a cell has no row).
    private static func readLabour(_ labour: Table, occupations occ: [String], maxAge: Int) throws
        -> (participation: [Double], position: [Double]) {
        let lb = InputTable("labour", labour)
        let lbCells = try cellIndices(lb, occupations: occ, maxAge: maxAge)
        let lbP = try lb.numbers("participation", min: 0, max: 1, what: "rate")
        let lbH = try lb.numbers("position", min: 0, max: 2, what: "position size")
        var part = [Double](repeating: 0, count: occ.count * 2 * (maxAge + 1)), pos = part
        for (i, c) in lbCells.enumerated() { part[c] = lbP[i]; pos[c] = lbH[i] }
        return (part, pos)
    }

    /// `entry_origin` (optional): the share of each occupation's entries educated abroad; every occupation needs one.
    private static func readEntryOrigin(_ entryOrigin: Table?, occupations occ: [String]) throws -> [Double]? {
        guard let entryOrigin else { return nil }
        let G = occ.count
        let eo = InputTable("entry_origin", entryOrigin)
        let o = try eo.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
        let f = try eo.numbers("abroad_share", min: 0, max: 1, what: "share")
        var share = [Double](repeating: 0, count: G)
        var given = [Bool](repeating: false, count: G)
        for i in 0..<eo.rowCount { share[o[i]] = f[i]; given[o[i]] = true }
        if let g = given.firstIndex(of: false) {
            throw eo.error(column: "occupation", "no row for \(occ[g]) (every occupation of `stock` needs its share)")
        }
        return share
    }

    /// `services`: names, base-year FTE, health elasticity and the one that absorbs family care.
    private static func readServices(_ services: Table, baseYear y0: Int) throws
        -> (names: [String], fte: [Double], elasticity: [Double], familyCare: [Bool]) {
        let sv = InputTable("services", services)
        let svNames = try sv.text("service")
        let svYear = try sv.integers("year", what: "year")
        let svFTE = try sv.numbers("fte", min: 0, what: "count")
        let svElast = try sv.numbers("health_elasticity", min: 0, max: 5, what: "elasticity")
        let svFamily = try sv.flags("family_care")
        var seenService = Set<String>()
        for (i, n) in svNames.enumerated() {
            if svYear[i] != y0 { throw sv.error(row: i, column: "year", "year \(svYear[i]) does not line up with the base year \(y0) of `population`") }
            if !seenService.insert(n.lowercased()).inserted { throw sv.error(row: i, column: "service", "duplicate service `\(n)`") }
        }
        guard !svNames.isEmpty else { throw sv.error("the table is empty") }
        if svFamily.filter({ $0 }).count > 1 {
            throw sv.error(row: svFamily.lastIndex(of: true)!, column: "family_care", "only one service can absorb family care")
        }
        return (svNames, svFTE, svElast, svFamily)
    }

    /// `user_rates`: the share of each sex and age using each service, by (k * 2 + s) * A + a.
    private static func readUserRates(_ ur: InputTable, services svNames: [String], maxAge: Int) throws -> [Double] {
        let urK = try ur.codes("service", in: svNames, what: "service", definedBy: "services")
        let urS = try ur.sexes()
        let urA = try ur.integers("age", min: 0, max: maxAge, what: "age")
        let urR = try ur.numbers("rate", min: 0, max: 1, what: "rate")
        var rates = [Double](repeating: 0, count: svNames.count * 2 * (maxAge + 1))
        var seenRate = Set<Int>()
        for i in 0..<ur.rowCount {
            let idx = (urK[i] * 2 + urS[i]) * (maxAge + 1) + urA[i]
            if !seenRate.insert(idx).inserted { throw ur.error(row: i, "duplicate row for \(svNames[urK[i]]), \(Self.sexes[urS[i]]), age \(urA[i])") }
            rates[idx] = urR[i]
        }
        return rates
    }

    /// `population`: its array by year, sex and age, the first and last year, and the oldest age.
    private static func readPopulation(_ population: Table) throws -> (array: [Double], first: Int, last: Int, maxAge: Int) {
        let pop = InputTable("population", population)
        let pYears = try pop.integers("year", min: 1800, max: 3000, what: "year")
        let pSex = try pop.sexes()
        let pAge = try pop.integers("age", min: 0, max: 150, what: "age")
        let pPersons = try pop.numbers("persons", min: 0, what: "count")
        guard let y0 = pYears.min(), let y1 = pYears.max(), let maxAge = pAge.max() else {
            throw pop.error("the table is empty")
        }
        guard y1 > y0 else { throw pop.error(column: "year", "only one year (\(y0)); a projection needs at least two") }
        let yearSet = Set(pYears)
        if let missing = (y0...y1).first(where: { !yearSet.contains($0) }) {
            throw pop.error(column: "year", "years do not line up: \(missing) is missing between \(y0) and \(y1)")
        }
        let A = maxAge + 1, Y = y1 - y0 + 1
        var popArr = [Double](repeating: 0, count: Y * 2 * A)
        var seen = [Bool](repeating: false, count: popArr.count)
        for i in 0..<pop.rowCount {
            let idx = ((pYears[i] - y0) * 2 + pSex[i]) * A + pAge[i]
            if seen[idx] { throw pop.error(row: i, "duplicate row for year \(pYears[i]), sex \(Self.sexes[pSex[i]]), age \(pAge[i])") }
            seen[idx] = true
            popArr[idx] = pPersons[i]
        }
        return (popArr, y0, y1, maxAge)
    }

    /// `position_distribution` (optional): each occupation's position sizes and shares, normalised (mean 1).
    private static func readPositionPoints(_ positionDistribution: Table?, occupations occ: [String]) throws
        -> [[(position: Double, share: Double)]] {
        var points = [[(position: Double, share: Double)]](repeating: [(1, 1)], count: occ.count)
        if let positionDistribution {
            let pd = InputTable("position_distribution", positionDistribution)
            let o = try pd.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
            let r = try pd.numbers("relative_position", min: 0, what: "position")
            let w = try pd.numbers("share", min: 0, max: 1, what: "share")
            var acc = [[(position: Double, share: Double)]](repeating: [], count: occ.count)
            for i in 0..<pd.rowCount { acc[o[i]].append((r[i], w[i])) }
            for g in 0..<occ.count where !acc[g].isEmpty {
                let total = acc[g].reduce(0) { $0 + $1.share }
                guard abs(total - 1) < 0.001 else {
                    throw pd.error(column: "share", "shares of \(occ[g]) sum to \(NumberFormat.plain(total)), not 1")
                }
                let mean = acc[g].reduce(0) { $0 + $1.share * $1.position } / total
                guard abs(mean - 1) < 0.001 else {
                    throw pd.error(column: "relative_position",
                                   "relative positions of \(occ[g]) average \(NumberFormat.plain(mean)), not 1")
                }
                points[g] = acc[g].map { ($0.position / mean, $0.share / total) }
            }
        }
        return points
    }

    /// `education` (optional): completion, delay, graduate age and female share per occupation.
    private static func readEducation(_ education: Table?, occupations occ: [String], maxAge: Int) throws -> [Education?] {
        var edu = [Education?](repeating: nil, count: occ.count)
        if let education {
            let ed = InputTable("education", education)
            let o = try ed.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
            let c = try ed.numbers("completion_rate", min: 0, max: 1, what: "rate")
            let d = try ed.integers("delay_years", min: 0, max: 20, what: "delay")
            let a = try ed.integers("graduate_age", min: 0, max: maxAge, what: "age")
            let f = try ed.numbers("female_share", min: 0, max: 1, what: "share")
            for i in 0..<ed.rowCount { edu[o[i]] = Education(completion: c[i], delay: d[i], age: a[i], femaleShare: f[i]) }
        }
        return edu
    }

    /// `service_mix`: each service's occupation shares (at most 1 in all) and their trends, by k * G + g.
    private static func readServiceMix(_ serviceMix: Table, services svNames: [String], occupations occ: [String]) throws
        -> (share: [Double], trend: [Double]) {
        let K = svNames.count, G = occ.count
        let mx = InputTable("service_mix", serviceMix)
        let mxK = try mx.codes("service", in: svNames, what: "service", definedBy: "services")
        let mxG = try mx.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
        let mxShare = try mx.numbers("share", min: 0, max: 1, what: "share")
        let mxTrend = try mx.numbers("trend", min: -1, max: 1, what: "trend")
        var share = [Double](repeating: 0, count: K * G), trend = share
        var seenMix = Set<Int>()
        for i in 0..<mx.rowCount {
            let idx = mxK[i] * G + mxG[i]
            if !seenMix.insert(idx).inserted { throw mx.error(row: i, "duplicate row for \(svNames[mxK[i]]), \(occ[mxG[i]])") }
            share[idx] = mxShare[i]; trend[idx] = mxTrend[i]
        }
        for k in 0..<K {
            let total = (0..<G).reduce(0.0) { $0 + share[k * G + $1] }
            if total > 1 + 1e-9 {
                throw mx.error(column: "share", "shares of `\(svNames[k])` sum to \(NumberFormat.plain(total)), above 1")
            }
        }
        return (share, trend)
    }

    /// `base_shortage` (optional): FTE short in the base year per occupation.
    private static func readBaseShortage(_ baseShortage: Table?, occupations occ: [String], baseYear y0: Int) throws -> [Double] {
        var shortage = [Double](repeating: 0, count: occ.count)
        if let baseShortage {
            let bs = InputTable("base_shortage", baseShortage)
            let o = try bs.codes("occupation", in: occ, what: "occupation", definedBy: "stock")
            let yr = try bs.integers("year", what: "year")
            let f = try bs.numbers("fte", min: 0, what: "count")
            for i in 0..<bs.rowCount {
                if yr[i] != y0 { throw bs.error(row: i, column: "year", "year \(yr[i]) does not line up with the base year \(y0) of `population`") }
                shortage[o[i]] = f[i]
            }
        }
        return shortage
    }

    /// `life_expectancy` (optional): the gain in years for every year of `population` (zeros without it).
    private static func readLifeExpectancy(_ lifeExpectancy: Table?, first y0: Int, last y1: Int) throws -> [Double] {
        let Y = y1 - y0 + 1
        var gain = [Double](repeating: 0, count: Y)
        if let lifeExpectancy {
            let le = InputTable("life_expectancy", lifeExpectancy)
            let yr = try le.integers("year", what: "year")
            let g = try le.numbers("gain", min: 0, max: 50, what: "gain")
            var have = [Bool](repeating: false, count: Y)
            for i in 0..<le.rowCount {
                guard yr[i] >= y0, yr[i] <= y1 else {
                    throw le.error(row: i, column: "year", "year \(yr[i]) does not line up with `population` (\(y0)–\(y1))")
                }
                gain[yr[i] - y0] = g[i]; have[yr[i] - y0] = true
            }
            if let missing = have.firstIndex(of: false) {
                throw le.error(column: "year", "years do not line up: \(y0 + missing) is in `population` but missing here")
            }
        }
        return gain
    }

    /// D[k, t] = Σ pop[s,a,t]·u[k,s,a] / Σ pop[s,a,base]·u[k,s,a]; with health improvement the rates at ages
    /// ≥ 55 are read `elasticity × gain[t]` years younger (the age profile moves to older ages). Also returns
    /// each service's base-year users Σ pop[s,a,base]·u[k,s,a] (the indices are 1 where that is 0).
    static func demographyIndices(population: [Double], rates: [Double], elasticity: [Double], gain: [Double],
                                  K: Int, Y: Int, A: Int) -> ([Double], [Double], [Double]) {
        var constant = [Double](repeating: 0, count: K * Y), health = constant
        var bases = [Double](repeating: 0, count: K)
        let from = min(healthImprovementFromAge, A)
        for k in 0..<K {
            var base = 0.0
            for s in 0..<2 {
                let r = (k * 2 + s) * A
                let p = s * A
                for a in 0..<A { base += population[p + a] * rates[r + a] }
            }
            bases[k] = base
            for y in 0..<Y {
                var c = 0.0, h = 0.0
                let shift = elasticity[k] * gain[y]
                for s in 0..<2 {
                    let r = (k * 2 + s) * A
                    let p = (y * 2 + s) * A
                    for a in 0..<A {
                        let n = population[p + a]
                        let u = rates[r + a]
                        c += n * u
                        if a >= from && shift > 0 {
                            let x = Double(a) - shift
                            let lo = max(0, Int(x.rounded(.down)))
                            let f = x - Double(lo)
                            let hi = min(lo + 1, A - 1)
                            h += n * (rates[r + lo] * (1 - f) + rates[r + hi] * f)
                        } else {
                            h += n * u
                        }
                    }
                }
                constant[k * Y + y] = base > 0 ? c / base : 1
                health[k * Y + y] = base > 0 ? h / base : 1
            }
        }
        return (constant, health, bases)
    }

    /// The file names (without `.csv`) `load(directory:)` reads; the optional ones may be absent.
    public static let tableNames = ["population", "stock", "flows", "labour", "services", "user_rates", "service_mix",
                                    "base_shortage", "life_expectancy", "position_distribution", "education", "entry_origin"]
    static let optionalTables: Set<String> = ["base_shortage", "life_expectancy", "position_distribution", "education",
                                              "entry_origin"]

    /// Reads `directory/NAME.csv` for every input table with `read` and validates them; errors name the file.
    public static func load(directory: String, read: (String) throws -> Table?) throws -> ProjectionInputs {
        var t: [String: Table] = [:]
        for name in tableNames {
            let path = directory.hasSuffix("/") ? directory + name + ".csv" : directory + "/" + name + ".csv"
            if let table = try read(path) { t[name] = table } else if !optionalTables.contains(name) {
                throw ProjectionInputError(table: name, problem: "missing input file", file: path)
            }
        }
        do {
            return try ProjectionInputs(population: t["population"]!, stock: t["stock"]!, flows: t["flows"]!,
                                        labour: t["labour"]!, services: t["services"]!, userRates: t["user_rates"]!,
                                        serviceMix: t["service_mix"]!, baseShortage: t["base_shortage"],
                                        lifeExpectancy: t["life_expectancy"], positionDistribution: t["position_distribution"],
                                        education: t["education"], entryOrigin: t["entry_origin"])
        } catch var e as ProjectionInputError {
            let path = directory.hasSuffix("/") ? directory + e.table + ".csv" : directory + "/" + e.table + ".csv"
            e.file = path
            throw e
        }
    }
}

extension ProjectionInputs {
    /// Reads and validates `directory/NAME.csv` for every input table (`tableNames`) with `CSVReader`;
    /// optional tables may be missing. Errors name the file, table, row and column.
    public static func load(directory: String) throws -> ProjectionInputs {
        try load(directory: directory) { path in
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try CSVReader.read(path: path).table
        }
    }

    /// The bundled inputs: `datasets/projection` under the first of `roots` that has it.
    public static func bundledDirectory(roots: [String]) -> String? {
        for root in roots {
            let dir = (root.hasSuffix("/") ? root : root + "/") + "datasets/projection"
            if FileManager.default.fileExists(atPath: dir + "/population.csv") { return dir }
        }
        return nil
    }
}
