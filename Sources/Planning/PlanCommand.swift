import Tables
import Query

/// The `plan` command family (a pipeline head):
///
///     plan demand     population=D users=D fte=D [base=Y] [from=Y] [to=Y] [trend=X|D] [standard=X|D]
///     plan users      population=D users=D [base=Y] [from=Y] [to=Y] [trend=X|D]
///     plan decompose  population=D users=D from=Y to=Y
///     plan recruitment staff=D demand=D [exits=D] [from=Y] [to=Y] [turnover=X] [qualify=X]
///                     [qualify_years=N] [unskilled="…"] [skilled="…"] [fulltime=X] [target=X]
///     plan ratios     population=D
///     plan exits
///
/// `D` names a dataset, `X` is a number (`1%`, `0.01`, `-20%`). `trend=` is a yearly change in the
/// user rates (a number for all bands, or a dataset with `age, change`); `standard=` a yearly change
/// in FTE per user (a number, or a dataset with `service, change`). Base year: `base=`, else the
/// users table's last `year`, else the population's first year; `to=` defaults to base + 20.
public enum PlanCommand {
    public static let subcommands = ["demand", "users", "decompose", "recruitment", "ratios", "exits"]

    /// The long help text (for `help plan`): the forms and the input columns.
    public static let help = """
        plan demand      population=D users=D fte=D [base=Y from=Y to=Y trend=X|D standard=X|D]
                         users(t,a,s) = rate(base,a,s) × pop(t,a)
                         FTE(t,s) = FTE(base,s) × users(t,s) / users(base,s)
                         → year, service, users, fte (or year, service, occupation, fte)
        plan users       population=D users=D [base=Y from=Y to=Y trend=X|D]   → per age band
        plan decompose   population=D users=D from=Y to=Y
                         → per band: counterfactual, change = demography (rates held) + use
        plan recruitment staff=D demand=D [exits=D from=Y to=Y] [turnover=-20%] [fulltime=50% target=100%]
                         [qualify=46% qualify_years=10 unskilled="…" skilled="…"]
                         → year, occupation, demand, growth, exits, supply, need_fte, need_persons
        plan ratios      population=D   → family-care coefficient (50–66 per 85+), shares 65+/67+/80+,
                         forsørgerbrøk (67+ per 100 aged 18–66)
        plan exits       the default exit rates (turnover 14 %, retirement from 55)
        Inputs: population = year, age (37 or 0-49, 90+), persons [, area]; users = age, service, users|rate
        [, year, area]; fte = service, fte|fte_per_user [, occupation, year, area]; staff = occupation, age,
        persons [, fte, area]; demand = year, fte [, occupation, area]; exits = age, turnover, retirement.
        """

    static let allowed: [String: [String]] = [
        "demand": ["population", "users", "fte", "base", "from", "to", "trend", "standard"],
        "users": ["population", "users", "base", "from", "to", "trend"],
        "decompose": ["population", "users", "from", "to"],
        "recruitment": ["staff", "demand", "exits", "from", "to", "turnover", "qualify", "qualify_years",
                        "unskilled", "skilled", "fulltime", "target"],
        "ratios": ["population"],
        "exits": [],
    ]

    public static func run(_ args: CommandArguments, dataset: @escaping (String, SourceSpan) throws -> Table) throws -> Table {
        let positional = args.positional
        guard let sub = positional.first else {
            throw Diagnostic("what should be planned?", span: args.commandSpan,
                             hint: "plan " + subcommands.joined(separator: "|") + " …")
        }
        let name = sub.text.lowercased()
        guard let keys = allowed[name] else {
            throw Diagnostic("unknown plan `\(sub.text)`", span: sub.span,
                             hint: NameSuggester.hint(for: sub.text, in: subcommands) ?? "plan " + subcommands.joined(separator: "|"))
        }
        if let extra = positional.dropFirst().first {
            throw Diagnostic("unexpected `\(extra.text)`", span: extra.span, hint: "arguments are key=value: " + keys.map { "\($0)=" }.joined(separator: " "))
        }
        for w in args.words where w.key != nil && !keys.contains(w.key!) {
            throw Diagnostic("unknown argument `\(w.key!)` for plan \(name)", span: w.span,
                             hint: NameSuggester.hint(for: w.key!, in: keys)
                                ?? (keys.isEmpty ? "plan \(name) takes no arguments" : "arguments: " + keys.map { "\($0)=" }.joined(separator: " ")))
        }
        var p = Arguments(args: args, dataset: dataset)
        do {
            switch name {
            case "demand":
                let (pop, users) = (try p.table("population"), try p.table("users"))
                let fte = try p.table("fte")
                let options = try p.demandOptions(population: pop, users: users, standard: true)
                return try MechanicalDemand.run(population: pop, users: users, fte: fte, options: options)
            case "users":
                let (pop, users) = (try p.table("population"), try p.table("users"))
                let options = try p.demandOptions(population: pop, users: users, standard: false)
                return try MechanicalDemand.users(population: pop, users: users, options: options)
            case "decompose":
                let (pop, users) = (try p.table("population"), try p.table("users"))
                let from = try p.year("from", required: true)!, to = try p.year("to", required: true)!
                return try Decomposition.run(population: pop, users: users, from: from, to: to)
            case "recruitment":
                let staff = try p.table("staff"), demand = try p.table("demand")
                let exits = args.named("exits") == nil ? nil : try p.table("exits")
                var o = RecruitmentOptions(from: try p.year("from"), to: try p.year("to"))
                if let v = try p.number("turnover") { o.turnoverChange = v }
                if let v = try p.number("qualify", in: 0...1) { o.qualifyShare = v }
                if let w = args.named("qualify_years") {
                    guard let n = Int(w.value), n >= 1, n <= 100 else {
                        throw Diagnostic("qualify_years must be a whole number from 1 to 100", span: w.valueSpan)
                    }
                    o.qualifyYears = n
                }
                if let w = args.named("unskilled") { o.unskilled = w.value }
                if let w = args.named("skilled") { o.skilled = w.value }
                if let v = try p.number("fulltime", in: 0...1) { o.fulltimeShare = v }
                if let v = try p.number("target", in: 0.01...1.5) { o.targetPosition = v }
                if let w = args.named("turnover"), o.turnoverChange < -1 {
                    throw Diagnostic("a turnover change below -100 % would make turnover negative", span: w.valueSpan)
                }
                return try Recruitment.run(staff: staff, demand: demand, exits: exits, options: o)
            case "ratios":
                return try DependencyRatios.run(population: try p.table("population"))
            default:
                return Recruitment.defaultExits()
            }
        } catch var e as PlanInputError {
            // Name the dataset the user gave for the role.
            if let given = p.given[e.table], given != e.table { e.table = given }
            throw e
        }
    }

    struct Arguments {
        let args: CommandArguments
        let dataset: (String, SourceSpan) throws -> Table
        /// role → dataset name, for error messages.
        var given: [String: String] = [:]

        init(args: CommandArguments, dataset: @escaping (String, SourceSpan) throws -> Table) {
            self.args = args; self.dataset = dataset
        }

        mutating func table(_ role: String) throws -> Table {
            guard let w = args.named(role) else {
                throw Diagnostic("plan \(args.positional.first?.text ?? "") needs \(role)=DATASET", span: args.commandSpan,
                                 hint: hint(role))
            }
            given[role] = w.value
            return try dataset(w.value, w.valueSpan)
        }

        func hint(_ role: String) -> String {
            switch role {
            case "population": return "columns year, age (single ages or bands like 0-49, 90+), persons [, area]"
            case "users": return "columns age, service, users or rate [, year, area]"
            case "fte": return "columns service, fte or fte_per_user [, occupation, year, area]"
            case "staff": return "columns occupation, age, persons [, fte, area]"
            case "demand": return "columns year, fte [, occupation, area] — e.g. the output of plan demand"
            default: return "columns age, turnover, retirement [, occupation] — `plan exits` shows the defaults"
            }
        }

        func year(_ key: String, required: Bool = false) throws -> Int? {
            guard let w = args.named(key) else {
                if required { throw Diagnostic("plan \(args.positional.first?.text ?? "") needs \(key)=YEAR", span: args.commandSpan) }
                return nil
            }
            guard let y = Int(w.value), (1900...2200).contains(y) else {
                throw Diagnostic("\(key) must be a year like 2021", span: w.valueSpan)
            }
            return y
        }

        func number(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
            guard let w = args.named(key) else { return nil }
            guard let v = CommandArguments.number(w.value), v.isFinite else {
                throw Diagnostic("\(key) must be a number like 0.46 or 46%", span: w.valueSpan)
            }
            if let range, !range.contains(v) {
                throw Diagnostic("\(key) must lie between \(NumberFormat.plain(range.lowerBound)) and \(NumberFormat.plain(range.upperBound))",
                                 span: w.valueSpan, hint: "46% or 0.46")
            }
            return v
        }

        /// A yearly change: a number, or a dataset of changes.
        mutating func change(_ key: String) throws -> YearlyChange {
            guard let w = args.named(key) else { return .none }
            if let v = CommandArguments.number(w.value) {
                guard v > -1, v.isFinite else { throw Diagnostic("\(key) must be above -100 %", span: w.valueSpan) }
                return YearlyChange(all: v)
            }
            given[key] = w.value
            return try YearlyChange.table(w.value, try dataset(w.value, w.valueSpan))
        }

        mutating func demandOptions(population: Table, users: Table, standard: Bool) throws -> DemandOptions {
            var base = try year("base")
            if base == nil, users.column(named: "year") != nil {
                base = try PlanTable("users", users).integers("year", what: "year").max()
            }
            if base == nil { base = try PlanTable("population", population).integers("year", what: "year").min() }
            guard let b = base else { throw Diagnostic("give the base year with base=YEAR", span: args.commandSpan) }
            var o = DemandOptions(base: b, from: try year("from"), to: try year("to"))
            if let f = o.from, let t = o.to, f > t {
                throw Diagnostic("from=\(f) is after to=\(t)", span: args.named("from")!.span)
            }
            o.rateTrend = try change("trend")
            if standard { o.standard = try change("standard") }
            return o
        }
    }
}
