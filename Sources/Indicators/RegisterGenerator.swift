import Foundation
import Query
import Tables

/// A synthetic person-level register of the municipal care services (omsorgstjenesten): one row per
/// employee and year, with the columns the indicators need. No real register data can be shipped, so
/// this generator makes data whose aggregates reproduce the published ones (see `RegisterCalibration`):
/// FTE and employed per education group 2021, full-time shares, sick leave, turnover and the share of men.
///
/// Deterministic for a seed (own `SplitMix64`), and fast: typed buffers, no boxing, one pass.
/// Shares that must come out right in small groups are drawn from low-discrepancy sequences rather
/// than independent random numbers, so 200 000 rows hit the published figures within 1 %.
///
/// Columns: employee_id, year, municipality_number, municipality, county, kostra_function, occupation
/// (the plan's education groups), sex (K/M), age, position_pct (agreed position, %), fte (= position_pct
/// / 100), contracted_days, sick_leave_days (doctor-certified lost contracted days), left_municipal_sector,
/// changed_municipality, changed_subservice (what happened by 1 December the next year; at most one is
/// true), health_education, higher_education, further_education (nurses with specialisation or further
/// education), user_facing (false for service and administrative staff).
///
/// Rows are independent employee-years: employee_id does not link years. Years other than 2021 shift
/// every full-time share by one percentage point a year (the reports: the full-time share rises slowly);
/// everything else is held at its 2021 level. From 2024 home-based staff are under functions 257/258.
public enum RegisterGenerator {
    /// The column names, in order.
    public static let columnNames = [
        "employee_id", "year", "municipality_number", "municipality", "county", "kostra_function", "occupation",
        "sex", "age", "position_pct", "fte", "contracted_days", "sick_leave_days", "left_municipal_sector",
        "changed_municipality", "changed_subservice", "health_education", "higher_education", "further_education",
        "user_facing",
    ]

    /// `rows` employee-years of 2021 (or spread evenly over `years`), the same for the same seed.
    public static func generate(rows: Int, seed: UInt64, years: ClosedRange<Int> = 2021...2021) -> Table {
        // Without a cancellation check the generator cannot fail.
        (try? run(rows: rows, seed: seed, years: years, cancellable: false)) ?? Table()
    }

    /// As `generate`, but stops with `CancelledError` when the user presses Ctrl-C.
    public static func generateCancellable(rows: Int, seed: UInt64,
                                           years: ClosedRange<Int> = 2021...2021) throws -> Table {
        try run(rows: rows, seed: seed, years: years, cancellable: true)
    }

    /// `generate register rows=N seed=S years=2019-2024` (rows default 10 000, seed 1, years 2021), and
    /// `generate municipalities` (the 356-row municipality table).
    public static func command(_ args: CommandArguments) throws -> Table {
        if let first = args.positional.first, first.text.lowercased() == "municipalities" {
            if let extra = args.words.first(where: { $0.span != first.span }) {
                throw Diagnostic("`generate municipalities` takes no arguments", span: extra.span)
            }
            return municipalities()
        }
        guard args.positional.contains(where: { $0.text.lowercased() == "register" }) else {
            throw Diagnostic("what should be generated?", span: args.positional.first?.span ?? args.commandSpan,
                             hint: "generate register rows=100000 seed=1, or generate municipalities")
        }
        var rows = 10_000
        var rowsSpan = args.commandSpan
        var seed: UInt64 = 1
        var years = 2021...2021
        for w in args.words {
            switch w.key {
            case nil:
                guard w.text.lowercased() == "register" else {
                    throw Diagnostic("`generate` makes `register` or `municipalities`, not `\(w.text)`",
                                     span: w.span, hint: "generate register rows=100000 seed=1")
                }
            case "rows":
                guard let n = CommandArguments.number(w.value), n >= 0, n <= 200_000_000, n == n.rounded() else {
                    throw Diagnostic("rows must be a whole number from 0 to 200 000 000", span: w.valueSpan)
                }
                rows = Int(n)
                rowsSpan = w.span
            case "seed":
                guard let s = UInt64(w.value) else {
                    throw Diagnostic("seed must be a non-negative whole number", span: w.valueSpan)
                }
                seed = s
            case "years", "year":
                let parts = w.value.split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == "." }).compactMap { Int($0) }
                guard let lo = parts.first, let hi = parts.last, lo <= hi, lo >= 1990, hi <= 2100 else {
                    throw Diagnostic("years must look like 2021 or 2019-2024", span: w.valueSpan)
                }
                years = lo...hi
            default:
                throw Diagnostic("unknown argument `\(w.key ?? "")` for generate register", span: w.span,
                                 hint: "arguments: rows=N seed=S years=FROM-TO")
            }
        }
        // Refuse a register that cannot fit in the memory budget before generating a row of it.
        try MemoryBudget.reserve(rows * bytesPerRow, for: "generating \(NumberFormat.grouped(Int64(rows))) rows",
                                 span: rowsSpan)
        return try generateCancellable(rows: rows, seed: seed, years: years)
    }

    /// The bytes one generated row takes in the table's columns (codes for text, a byte for a flag).
    static let bytesPerRow: Int = generate(rows: 1, seed: 1).columns.reduce(0) { $0 + $1.bytesPerRow }

    /// Norway's 356 municipalities (2020–2023): municipality_number, municipality, county, inhabitants,
    /// inhabitants_67plus, inhabitants_80plus. Inhabitants are approximate (see the catalog).
    public static func municipalities() -> Table {
        let rows = MunicipalityData.rows
        return Table([
            ("municipality_number", Column(strings: rows.map(\.number))),
            ("municipality", Column(strings: rows.map(\.name))),
            ("county", Column(strings: rows.map(\.county))),
            ("inhabitants", Column(ints: rows.map { Int64($0.inhabitants) })),
            ("inhabitants_67plus", Column(ints: rows.map { Int64($0.inhabitants67plus) })),
            ("inhabitants_80plus", Column(ints: rows.map { Int64($0.inhabitants80plus) })),
        ])
    }

    // MARK: - Calibrated parameters

    /// Per-group parameters derived from the calibration.
    struct GroupParameters {
        var fulltime2021: [Double]        // per subgroup (nurses: [with, without] further education)
        var partTime: TruncatedExponential
        var sickRate: [Double]            // per subgroup, as a fraction
        var maleShare: Double
        var higherEducation: Double
    }

    static func parameters() -> [GroupParameters] {
        let g = RegisterCalibration.groups
        let nurseIndex = g.firstIndex { $0.name == "Sykepleier" }
        var params: [GroupParameters] = []
        var expectedFTE: [[Double]] = []   // per group, per subgroup
        var knownSick = 0.0
        var unknownFTE = 0.0
        let totalWeight = g.reduce(0.0) { $0 + Double($1.employed) * $1.maleWeight }
        let maleScale = RegisterCalibration.maleShare * Double(RegisterCalibration.totalEmployed) / totalWeight
        for (i, grp) in g.enumerated() {
            let ft = grp.fulltimeShare
            let partMean = (grp.avgPositionSize - ft) / (1 - ft) * 100
            let pt = TruncatedExponential(low: 8, high: 99.9, mean: partMean)
            var fts = [ft]
            var weights = [1.0]
            var sick: [Double?] = [grp.sickLeavePct]
            if i == nurseIndex {
                let s = RegisterCalibration.nurseFurtherEducationShare
                fts = [RegisterCalibration.nurseFulltimeWithFurtherEducation,
                       RegisterCalibration.nurseFulltimeWithoutFurtherEducation]
                weights = [s, 1 - s]
                sick = [RegisterCalibration.nurseSickLeaveWithFurtherEducation,
                        RegisterCalibration.nurseSickLeaveWithoutFurtherEducation]
            }
            let fteSub = zip(fts, weights).map { ft, w in Double(grp.employed) * w * (ft + (1 - ft) * pt.mean / 100) }
            expectedFTE.append(fteSub)
            for (f, s) in zip(fteSub, sick) {
                if let s { knownSick += f * s } else { unknownFTE += f }
            }
            params.append(GroupParameters(fulltime2021: fts, partTime: pt, sickRate: [],
                                          maleShare: min(0.95, grp.maleWeight * maleScale),
                                          higherEducation: grp.higherEducationShare))
            params[i].sickRate = sick.map { ($0 ?? .nan) / 100 }
        }
        let total = expectedFTE.joined().reduce(0, +)
        let residual = (RegisterCalibration.totalSickLeavePct * total - knownSick) / unknownFTE / 100
        for i in params.indices {
            params[i].sickRate = params[i].sickRate.map { $0.isNaN ? residual : $0 }
        }
        return params
    }

    /// KS turnover (left the municipal sector) by age band, solved so that the total is 14.6 %.
    static func leaveRates() -> [Double] {
        let bands = RegisterCalibration.ageBands
        let first = bands.first!.share, last = bands.last!.share
        let middle = (RegisterCalibration.turnoverKSTotal - first * RegisterCalibration.turnoverKSUnder30
            - last * RegisterCalibration.turnoverKS60to69) / (1 - first - last)
        return bands.indices.map { i in
            i == 0 ? RegisterCalibration.turnoverKSUnder30
                : (i == bands.count - 1 ? RegisterCalibration.turnoverKS60to69 : middle)
        }
    }

    /// The sick-leave multiplier for quantile q (mean 1): 45 % no doctor-certified leave, 40 % short
    /// spells carrying 30 % of the days, 15 % long spells carrying 70 %.
    @inline(__always)
    static func sickMultiplier(_ q: Double) -> Double {
        if q < 0.45 { return 0 }
        if q < 0.85 { return 0.75 * 2 * (q - 0.45) / 0.40 }
        return (0.70 / 0.15) * 2 * (q - 0.85) / 0.15
    }

    // MARK: - Generation

    /// `rows` employee-years, each drawn from the calibrated tables of `RegisterDraws` in one pass.
    static func run(rows n: Int, seed: UInt64, years: ClosedRange<Int>, cancellable: Bool) throws -> Table {
        let n = max(0, n)
        var rng = SplitMix64(seed: seed)
        let draws = RegisterDraws(rng: &rng, years: Array(years))
        var columns = try RegisterColumns(rows: n, cancellable: cancellable)
        var counters = RegisterDraws.Counters(draws)
        for i in 0..<n {
            if cancellable, i & 0x3FFF == 0 { try Cancellation.check() }
            draws.drawRow(i, into: &columns, counters: &counters, rng: &rng)
        }
        return columns.table(draws)
    }
}

/// The part-time position distribution: density ∝ exp(λx) on [low, high], with λ chosen so that the
/// mean is the one the calibration needs (λ = 0 is uniform).
struct TruncatedExponential: Sendable {
    let low: Double
    let high: Double
    let lambda: Double
    /// expm1(λ·(high − low)), used by every quantile.
    let span: Double

    init(low: Double, high: Double, mean target: Double) {
        self.low = low
        self.high = high
        let t = min(max(target, low + 0.01), high - 0.01)
        var lo = -5.0, hi = 5.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if Self.mean(low: low, high: high, lambda: mid) < t { lo = mid } else { hi = mid }
        }
        lambda = (lo + hi) / 2
        span = Foundation.expm1(lambda * (high - low))
    }

    static func mean(low: Double, high: Double, lambda: Double) -> Double {
        let w = high - low
        if abs(lambda * w) < 1e-9 { return low + w / 2 }
        return low + w * Foundation.exp(lambda * w) / Foundation.expm1(lambda * w) - 1 / lambda
    }

    var mean: Double { Self.mean(low: low, high: high, lambda: lambda) }

    /// The value at quantile q in [0, 1).
    @inline(__always)
    func quantile(_ q: Double) -> Double {
        let w = high - low
        if abs(lambda * w) < 1e-9 { return low + q * w }
        return low + Foundation.log1p(q * span) / lambda
    }
}
