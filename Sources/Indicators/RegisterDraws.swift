import Query
import Tables

/// The calibrated tables one `RegisterGenerator` run draws its rows from: cumulative shares to pick an
/// occupation, age band, municipality and KOSTRA function; per-group parameters in flat arrays (no struct
/// or array copies in the row loop); the sequence offsets the seed chose; the dictionaries of the text columns.
struct RegisterDraws {
    let years: [Int]
    let groupCount: Int
    let nurseIndex: Int
    let bands: [(lo: Int, hi: Int, share: Double)]
    let fullDays: Double

    // Sequence offsets from the seed, so each seed gives a different but equally calibrated sample.
    let occupationSeq: WeylSequence
    let groupOffsets: [(Double, Double, Double, Double, Double)]
    let bandOffsets: [Double]

    // Cumulative shares.
    let occupationCumulative: [Double]
    let bandCumulative: [Double]
    let municipalityCumulative: [Double]
    /// Per group: cumulative shares of `functionCodes`.
    let functionCumulative: [[Double]]
    let functionCodes = [253, 254, 234, 261]

    // Per-group parameters (full-time and sick-leave rates: two a group, [with, without] further education).
    let flatFulltime: [Double]
    let flatSick: [Double]
    let partTime: [TruncatedExponential]
    let maleShare: [Double]
    let higherShare: [Double]
    let groupHealthEducation: [Bool]
    let groupUserFacing: [Bool]

    // Turnover by age band: left the sector, then changed municipality, then changed subservice.
    let leave: [Double]
    let pMunicipality: Double
    let extra: Double

    // The text columns' dictionaries and each municipality's codes in them.
    let municipalityDictionary: StringDictionary
    let nameDictionary: StringDictionary
    let countyDictionary: StringDictionary
    let occupationDictionary: StringDictionary
    let sexDictionary = StringDictionary(["K", "M"])
    let nameCode: [UInt32]
    let countyCode: [UInt32]

    /// The tables for `years`; the sequence offsets are drawn from `rng` (the first draws of the seed).
    init(rng: inout SplitMix64, years: [Int]) {
        let groups = RegisterCalibration.groups
        self.years = years
        groupCount = groups.count
        nurseIndex = groups.firstIndex { $0.name == "Sykepleier" } ?? -1
        bands = RegisterCalibration.ageBands
        fullDays = RegisterCalibration.fullTimeContractedDays

        occupationSeq = WeylSequence(offset: rng.unit(), alpha: 0.645_751_311_064_590_6) // √7 − 2
        groupOffsets = groups.indices.map { _ in (rng.unit(), rng.unit(), rng.unit(), rng.unit(), rng.unit()) }
        bandOffsets = RegisterCalibration.ageBands.indices.map { _ in rng.unit() }

        occupationCumulative = Self.cumulative(groups.map { Double($0.employed) / Double(RegisterCalibration.totalEmployed) })
        bandCumulative = Self.cumulative(bands.map(\.share))
        municipalityCumulative = Self.municipalityWeights()
        functionCumulative = Self.functionShares()

        let params = RegisterGenerator.parameters()
        flatFulltime = params.flatMap { [$0.fulltime2021[0], $0.fulltime2021.count > 1 ? $0.fulltime2021[1] : $0.fulltime2021[0]] }
        flatSick = params.flatMap { [$0.sickRate[0], $0.sickRate.count > 1 ? $0.sickRate[1] : $0.sickRate[0]] }
        partTime = params.map(\.partTime)
        maleShare = params.map(\.maleShare)
        higherShare = params.map(\.higherEducation)
        groupHealthEducation = groups.map(\.healthEducation)
        groupUserFacing = groups.map(\.userFacing)

        leave = RegisterGenerator.leaveRates()
        extra = RegisterCalibration.turnoverBroadTotal - RegisterCalibration.turnoverKSTotal
        pMunicipality = extra * RegisterCalibration.changedMunicipalityShareOfExtra

        let munis = MunicipalityData.rows
        municipalityDictionary = StringDictionary(munis.map(\.number))
        let names = StringDictionary(munis.map(\.name))
        nameDictionary = names
        let counties = StringDictionary()
        countyDictionary = counties
        countyCode = munis.map { counties.code(for: $0.county) }
        nameCode = munis.map { names.existingCode(for: $0.name)! }
        occupationDictionary = StringDictionary(groups.map(\.name))
    }

    /// Running shares ending in exactly 1.
    static func cumulative(_ shares: [Double]) -> [Double] {
        var out: [Double] = []
        var acc = 0.0
        for s in shares { acc += s; out.append(acc) }
        out[out.count - 1] = 1.0
        return out
    }

    /// Municipalities weighted by inhabitants, more staff per inhabitant where more are old (cumulative).
    static func municipalityWeights() -> [Double] {
        var out: [Double] = []
        var acc = 0.0
        for m in MunicipalityData.rows {
            let share80 = Double(m.inhabitants80plus) / Double(max(1, m.inhabitants))
            acc += Double(m.inhabitants) * (0.5 + 10 * share80)
            out.append(acc)
        }
        for i in out.indices { out[i] /= acc }
        return out
    }

    /// Per group: cumulative shares of functions 253 (institutions), 254 (home-based), 234 (activity), 261 (premises).
    static func functionShares() -> [[Double]] {
        RegisterCalibration.groups.map { g in
            let activity = RegisterCalibration.activityShare[g.name] ?? 0.04
            let premises = 0.02
            let inst = (1 - activity - premises) * (RegisterCalibration.institutionShare[g.name] ?? 0.49)
            let home = 1 - activity - premises - inst
            return [inst, inst + home, inst + home + activity, 1.0]
        }
    }

    /// Members drawn so far, per year and group and per year and age band: the index into each one's sequence.
    struct Counters {
        var group: [Int]
        var band: [Int]
        init(_ d: RegisterDraws) {
            group = [Int](repeating: 0, count: d.years.count * d.groupCount)
            band = [Int](repeating: 0, count: d.years.count * d.bands.count)
        }
    }

    @inline(__always) static func pick(_ cum: [Double], _ u: Double) -> Int {
        var lo = 0, hi = cum.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if u < cum[mid] { hi = mid } else { lo = mid + 1 } }
        return lo
    }

    @inline(__always) static func frac(_ x: Double) -> Double { x - x.rounded(.down) }

    /// Row `i`: its year, then the occupation's draws, the age band's, the place's (in this order: the
    /// random draws of the seed follow the rows).
    @inline(__always)
    func drawRow(_ i: Int, into c: inout RegisterColumns, counters: inout Counters, rng: inout SplitMix64) {
        let yi = i % years.count
        let y = years[yi]
        c.employeeId[i] = Int64(i + 1)
        c.year[i] = Int64(y)
        let g = drawOccupation(i, yearIndex: yi, year: y, into: &c, counters: &counters)
        drawAgeAndTurnover(i, yearIndex: yi, into: &c, counters: &counters, rng: &rng)
        drawPlace(i, group: g, year: y, into: &c, rng: &rng)
    }

    /// Occupation (from the occupation sequence), then from the group's sequences: further education (nurses),
    /// agreed position, FTE, contracted and sick-leave days, sex and education. Returns the group.
    @inline(__always)
    func drawOccupation(_ i: Int, yearIndex yi: Int, year y: Int, into c: inout RegisterColumns,
                        counters: inout Counters) -> Int {
        let j = i / years.count
        let g = Self.pick(occupationCumulative, occupationSeq.point(j))
        let k = counters.group[yi * groupCount + g]
        counters.group[yi * groupCount + g] = k + 1
        let off = groupOffsets[g]
        c.occupation[i] = UInt32(g)

        // Subgroup: nurses with (0) or without (1) further education.
        var sub = 0
        if g == nurseIndex {
            let u = Self.frac(off.2 + Double(k) * WeylSequence.bronze)
            sub = u < RegisterCalibration.nurseFurtherEducationShare ? 0 : 1
            c.furtherEducation[i] = sub == 0
        }
        // Agreed position: full time with the (trend-shifted) share, else from the part-time curve.
        let ft = min(0.98, max(0.02, flatFulltime[2 * g + sub] + 0.01 * Double(y - 2021)))
        let u1 = Self.frac(off.0 + Double(k) * WeylSequence.golden)
        let pct: Double
        if u1 < ft {
            pct = 100
        } else {
            pct = (partTime[g].quantile((u1 - ft) / (1 - ft)) * 10).rounded() / 10
        }
        c.position[i] = pct
        let tenths = (pct * 10).rounded()             // exact decimals in files: 70.7 % → 0.707 FTE
        c.fte[i] = tenths / 1000
        let days = (fullDays * tenths).rounded() / 1000
        c.contracted[i] = days
        let m = RegisterGenerator.sickMultiplier(Self.frac(off.1 + Double(k) * WeylSequence.silver))
        c.sick[i] = (days * flatSick[2 * g + sub] * m * 10).rounded() / 10

        let us = Self.frac(off.3 + Double(k) * 0.732_050_807_568_877_2) // √3 − 1
        c.sex[i] = us < maleShare[g] ? 1 : 0
        c.healthEducation[i] = groupHealthEducation[g]
        c.userFacing[i] = groupUserFacing[g]
        c.higherEducation[i] = Self.frac(off.4 + Double(k) * 0.718_281_828_459_045_1) < higherShare[g] // e − 2
        return g
    }

    /// Age (an independent draw), then turnover from the age band's sequence.
    @inline(__always)
    func drawAgeAndTurnover(_ i: Int, yearIndex yi: Int, into c: inout RegisterColumns, counters: inout Counters,
                            rng: inout SplitMix64) {
        let b = Self.pick(bandCumulative, rng.unit())
        c.age[i] = Int64(bands[b].lo + Int(rng.next() % UInt64(bands[b].hi - bands[b].lo + 1)))
        let kb = counters.band[yi * bands.count + b]
        counters.band[yi * bands.count + b] = kb + 1
        let ut = Self.frac(bandOffsets[b] + Double(kb) * WeylSequence.plastic)
        if ut < leave[b] {
            c.leftSector[i] = true
        } else if ut < leave[b] + pMunicipality {
            c.changedMunicipality[i] = true
        } else if ut < leave[b] + extra {
            c.changedSubservice[i] = true
        }
    }

    /// Municipality and KOSTRA function (independent draws; from 2024 home-based staff are under 257/258).
    @inline(__always)
    func drawPlace(_ i: Int, group g: Int, year y: Int, into c: inout RegisterColumns, rng: inout SplitMix64) {
        let mi = Self.pick(municipalityCumulative, rng.unit())
        c.municipalityCodes[i] = UInt32(mi)
        c.municipalityNameCodes[i] = nameCode[mi]
        c.countyCodes[i] = countyCode[mi]
        var f = functionCodes[Self.pick(functionCumulative[g], rng.unit())]
        if f == 254, y >= Kostra.splitYear {
            f = rng.unit() < RegisterCalibration.share257 ? 257 : 258
        }
        c.function[i] = Int64(f)
    }
}

/// The generated register's columns as typed buffers, one slot a row, filled in place by `RegisterDraws`.
struct RegisterColumns {
    var employeeId: [Int64], year: [Int64], function: [Int64], age: [Int64]
    var municipalityCodes: [UInt32], municipalityNameCodes: [UInt32], countyCodes: [UInt32]
    var occupation: [UInt32], sex: [UInt32]
    var position: [Double], fte: [Double], contracted: [Double], sick: [Double]
    var leftSector: [Bool], changedMunicipality: [Bool], changedSubservice: [Bool]
    var healthEducation: [Bool], higherEducation: [Bool], furtherEducation: [Bool], userFacing: [Bool]

    /// `rows` zeroed slots a column. Each array is a pass over the rows (hundreds of MB for 30 M rows):
    /// when `cancellable`, filled in blocks with Ctrl-C checks.
    init(rows n: Int, cancellable: Bool) throws {
        func column<T>(_ zero: T) throws -> [T] {
            cancellable ? try Cancellation.array(repeating: zero, count: n) : [T](repeating: zero, count: n)
        }
        employeeId = try column(0); year = try column(0)
        municipalityCodes = try column(0); municipalityNameCodes = try column(0); countyCodes = try column(0)
        function = try column(0); occupation = try column(0); sex = try column(0); age = try column(0)
        position = try column(0); fte = try column(0); contracted = try column(0); sick = try column(0)
        leftSector = try column(false); changedMunicipality = try column(false); changedSubservice = try column(false)
        healthEducation = try column(false); higherEducation = try column(false)
        furtherEducation = try column(false); userFacing = try column(false)
    }

    /// The table, in `RegisterGenerator.columnNames` order, text columns coded in `draws`' dictionaries.
    func table(_ draws: RegisterDraws) -> Table {
        var t = Table([
            ("employee_id", Column(ints: employeeId)),
            ("year", Column(ints: year)),
            ("municipality_number", Column(codes: municipalityCodes, dictionary: draws.municipalityDictionary)),
            ("municipality", Column(codes: municipalityNameCodes, dictionary: draws.nameDictionary)),
            ("county", Column(codes: countyCodes, dictionary: draws.countyDictionary)),
            ("kostra_function", Column(ints: function)),
            ("occupation", Column(codes: occupation, dictionary: draws.occupationDictionary)),
            ("sex", Column(codes: sex, dictionary: draws.sexDictionary)),
            ("age", Column(ints: age)),
            ("position_pct", Column(doubles: position)),
            ("fte", Column(doubles: fte)),
            ("contracted_days", Column(doubles: contracted)),
            ("sick_leave_days", Column(doubles: sick)),
            ("left_municipal_sector", Column(bools: leftSector)),
            ("changed_municipality", Column(bools: changedMunicipality)),
            ("changed_subservice", Column(bools: changedSubservice)),
            ("health_education", Column(bools: healthEducation)),
            ("higher_education", Column(bools: higherEducation)),
            ("further_education", Column(bools: furtherEducation)),
            ("user_facing", Column(bools: userFacing)),
        ])
        t.setUnit("%", for: "position_pct")
        t.setUnit("FTE", for: "fte")
        return t
    }
}
