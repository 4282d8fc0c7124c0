import Tables

/// The cohort-component supply model (ENGINES §6.1): per occupation g, sex s and single age a,
/// N[a+1, t+1] = N[a, t] − exits[a, t] + entries[a+1, t+1] (the oldest age is open-ended), and
/// supply S[g, t] = Σ N[g,s,a,t] · p[g,s,a] · h[g,s,a] in FTE. Flat arrays, no dictionaries in the loop.
public struct SupplyModel: Sendable {
    public let inputs: ProjectionInputs

    public init(inputs: ProjectionInputs) { self.inputs = inputs }

    /// Persons and FTE per occupation and year index, base year through `toYear`.
    public struct Result: Sendable {
        public var years: Int
        /// FTE, index g * years + y.
        public var fte: [Double]
        /// Persons in the stock, index g * years + y.
        public var persons: [Double]
        /// Persons who entered / left during the step into year y (0 for the base year).
        public var entered: [Double]
        public var exited: [Double]
    }

    /// FTE per person in each cell: p' · h', with the scenario's participation, position and floor variants.
    func fteWeights(_ s: Scenario) -> [Double] {
        let i = inputs
        let A = i.ageCount
        var w = [Double](repeating: 0, count: i.stock.count)
        for g in 0..<i.occupations.count {
            let points = i.positionPoints[g]
            for sex in 0..<2 {
                let base = (g * 2 + sex) * A
                for a in 0..<A {
                    let c = base + a
                    let p = min(1, i.participation[c] * s.participation)
                    let h = i.position[c] * s.position
                    var hEff = h
                    if let floor = s.positionFloor {
                        hEff = 0
                        for pt in points { hEff += pt.share * max(h * pt.position, floor) }
                    }
                    w[c] = p * hEff
                }
            }
        }
        return w
    }

    /// The reference supply in the base year per occupation (stock × participation × position, no variant).
    func baseYearSupply() -> [Double] {
        let i = inputs
        let A = i.ageCount
        let w = fteWeights(.mid)
        return (0..<i.occupations.count).map { g in
            let b = g * 2 * A
            return (b..<(b + 2 * A)).reduce(0.0) { $0 + i.stock[$1] * w[$1] }
        }
    }

    /// Extra entries per occupation, sex, age and year index from study places (graduates after the delay).
    func studyPlaceEntries(_ s: Scenario, years: Int) throws -> [Double]? {
        guard !s.studyPlaces.isEmpty else { return nil }
        let i = inputs
        let A = i.ageCount
        var extra = [Double](repeating: 0, count: i.stock.count * years)
        for sp in s.studyPlaces {
            guard let g = i.occupations.firstIndex(where: { $0.lowercased() == sp.occupation.lowercased() }) else {
                throw Diagnostic("scenario `\(s.name)`: unknown occupation `\(sp.occupation)` in study_places",
                                 hint: NameSuggester.hint(for: sp.occupation, in: i.occupations))
            }
            guard let edu = i.education[g] else {
                throw Diagnostic("scenario `\(s.name)`: no completion rate and delay for \(i.occupations[g])",
                                 hint: "add a row for it to the `education` input table")
            }
            for y in 1..<years {
                let graduates = sp.extraPlaces(in: i.baseYear + y - edu.delay) * edu.completion
                guard graduates != 0 else { continue }
                extra[y * i.stock.count + (g * 2 + 0) * A + edu.age] += graduates * edu.femaleShare
                extra[y * i.stock.count + (g * 2 + 1) * A + edu.age] += graduates * (1 - edu.femaleShare)
            }
        }
        return extra
    }

    /// Runs the cohort model from the base year through year index `years - 1`.
    public func run(_ s: Scenario, years: Int) throws -> Result {
        let i = inputs
        let G = i.occupations.count, A = i.ageCount, cells = i.stock.count
        let w = fteWeights(s)
        let extra = try studyPlaceEntries(s, years: years) ?? []
        let hasExtra = !extra.isEmpty
        var fte = [Double](repeating: 0, count: G * years)
        var persons = fte, entered = fte, exited = fte
        var n = i.stock
        var next = [Double](repeating: 0, count: cells)
        let survive = i.exitRate.map { 1 - $0 }
        // Entries × factor(g, year): all entries, and the parts educated in Norway and abroad (entry_origin).
        func from(_ e: Scenario.EntriesChange?) -> Int { e.map { $0.fromYear ?? i.baseYear + 1 } ?? Int.max }
        let changes = [(s.entries, from(s.entries)), (s.entriesNorway, from(s.entriesNorway)),
                       (s.entriesAbroad, from(s.entriesAbroad))]
        if s.entriesNorway != nil || s.entriesAbroad != nil, i.entryAbroadShare == nil {
            throw Diagnostic("scenario `\(s.name)`: entries_norway and entries_abroad need the `entry_origin` input "
                             + "(occupation, abroad_share)", hint: "add entry_origin.csv to the projection inputs")
        }
        let abroad = i.entryAbroadShare ?? [Double](repeating: 0, count: G)
        func entriesFactor(_ g: Int, _ year: Int) -> Double {
            func f(_ k: Int) -> Double { year >= changes[k].1 ? changes[k].0?.factor ?? 1 : 1 }
            return f(0) * ((1 - abroad[g]) * f(1) + abroad[g] * f(2))
        }
        i.entries.withUnsafeBufferPointer { ent in
        survive.withUnsafeBufferPointer { sur in
        w.withUnsafeBufferPointer { wt in
        extra.withUnsafeBufferPointer { ex in
        fte.withUnsafeMutableBufferPointer { fte in
        persons.withUnsafeMutableBufferPointer { persons in
        entered.withUnsafeMutableBufferPointer { entered in
        exited.withUnsafeMutableBufferPointer { exited in
            for y in 0..<years {
                if y > 0 {
                    n.withUnsafeBufferPointer { cur in
                        next.withUnsafeMutableBufferPointer { nxt in
                            for g in 0..<G {
                                let factor = entriesFactor(g, i.baseYear + y)
                                var inSum = 0.0, outSum = 0.0
                                for sex in 0..<2 {
                                    let b = (g * 2 + sex) * A
                                    let xb = y * cells + b
                                    var carried = 0.0
                                    for a in 0..<A {
                                        let c = b + a
                                        let stay = cur[c] * sur[c]
                                        outSum += cur[c] - stay
                                        var e = ent[c] * factor
                                        if hasExtra { e += ex[xb + a] }
                                        inSum += e
                                        // Age a at t+1 holds those aged a-1 at t who stayed; the oldest age keeps its own.
                                        nxt[c] = carried + e
                                        carried = stay
                                    }
                                    nxt[b + A - 1] += carried
                                }
                                entered[g * years + y] = inSum
                                exited[g * years + y] = outSum
                            }
                        }
                    }
                    swap(&n, &next)
                }
                n.withUnsafeBufferPointer { cur in
                    for g in 0..<G {
                        var f = 0.0, p = 0.0
                        let b = g * 2 * A
                        for c in b..<(b + 2 * A) { f += cur[c] * wt[c]; p += cur[c] }
                        fte[g * years + y] = f
                        persons[g * years + y] = p
                    }
                }
            }
        }}}}}}}}
        return Result(years: years, fte: fte, persons: persons, entered: entered, exited: exited)
    }
}
