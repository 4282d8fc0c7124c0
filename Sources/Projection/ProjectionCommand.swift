import Foundation
import Tables
import Query

/// `project supply|demand|gap|paths [scenario=low|mid|high|NAME|all] [to=YEAR] [from=YEAR]
/// [by=occupation|service] [occupation=A/B] [service=A/B] [explain] [vary PARAM=a..b step=s]`, and
/// `project gap occupation=NAME [scenario=…] [to=YEAR] solve PARAM` (the value of PARAM that closes the gap in
/// `to`: `scenario, occupation, year, parameter, value, supply, demand, gap`).
///
/// Returns a table that flows on in the pipeline. Columns: `year, scenario, occupation` (or `service`) and the
/// FTE columns of the kind asked for (`supply`, `demand`, `gap`; unit "FTE"). The gap is HELSEMOD's: supply re-based
/// to the observed base-year employment minus demand (`ProjectionEngine.rebasing`), so the base-year gap is NAV's
/// shortage; `gap` tables add a `note` column, non-empty on rows where that differs from supply − demand by 50 FTE
/// or more. `explain` by occupation adds the same kind of `note`;
/// `paths` gives `year, occupation, series, fte` (supply and the demand path of each scenario, for line charts);
/// `recruitment` gives, per year after the base year, scenario and occupation, the national recruitment need the
/// cohort model implies: `demand_growth` (FTE), `exits` (persons leaving the stock: retirement, death, work
/// outside the sector, emigration), `exits_fte` (at the stock's FTE per person the year before), `need`
/// (= demand growth + exits in FTE), `entries` and `entries_fte` (persons entering: graduates, immigrants) and
/// `shortfall` (= need − entries in FTE: what must come from elsewhere, or stays unmet);
/// `explain` gives `year, scenario, occupation|service, component, fte` (the growth from the base year to `to`);
/// `vary` puts a `value` column first and repeats the result once per value.
public enum ProjectionCommand {
    public static let kinds = ["supply", "demand", "gap", "paths", "recruitment"]
    /// The `key=value` arguments of `project` (the parser, its hints and Tab completion read these).
    public static let namedKeys = ["scenario", "to", "from", "by", "occupation", "service"]
    /// The words that switch a mode: `explain`, `vary PARAM=a..b step=s`, `solve PARAM`.
    public static let modes = ["explain", "vary", "solve"]
    /// What `by=` accepts (Norwegian `yrke`/`tjeneste` too), as Tab offers it.
    public static let byValues = ["occupation", "service"]

    enum Kind: String { case supply, demand, gap, paths, recruitment }

    struct Request {
        var kind: Kind
        var scenarios: [Scenario]
        var fromYear: Int
        var toYear: Int
        var byService: Bool
        var entities: [Int]?   // filter on occupations or services
        var explain: Bool
        var vary: (key: String, values: [Double])?
        /// `solve PARAM`: the parameter value that closes the gap of the one occupation in `toYear`.
        var solve: (key: String, span: SourceSpan)? = nil
    }

    public static func run(_ args: CommandArguments, inputs: ProjectionInputs, scenarios: ScenarioRegistry) throws -> Table {
        let req = try parse(args, inputs: inputs, scenarios: scenarios)
        let engine = ProjectionEngine(inputs: inputs)
        let cache = SupplyCache()
        if let solve = req.solve { return try solveTable(req, key: solve.key, span: solve.span, engine: engine) }
        guard let vary = req.vary else { return try build(req, engine: engine, scenarios: req.scenarios, value: nil, cache: cache) }
        var blocks: [Table] = []
        blocks.reserveCapacity(vary.values.count)
        for v in vary.values {
            try Cancellation.check()
            let varied = req.scenarios.map { s -> Scenario in
                var s = s
                ScenarioParameter.set(vary.key, v, on: &s, baseYear: inputs.baseYear)
                return s
            }
            blocks.append(try build(req, engine: engine, scenarios: varied, value: v, cache: cache))
        }
        var t = try concatenate(blocks)
        t.setUnit(ScenarioParameter.isPercent(vary.key) ? "share" : (vary.key == "family_level" ? "FTE" : "persons"),
                  for: "value")
        return t
    }

    // MARK: parsing

    static func parse(_ args: CommandArguments, inputs: ProjectionInputs, scenarios registry: ScenarioRegistry) throws -> Request {
        let words = args.words
        guard let first = words.first, first.key == nil else {
            throw Diagnostic("project what?", span: words.first?.span ?? args.commandSpan,
                             hint: "project supply|demand|gap|paths [scenario=mid] [to=2040]")
        }
        guard let kind = Kind(rawValue: first.text.lowercased()) else {
            throw Diagnostic("unknown projection `\(first.text)`", span: first.span,
                             hint: NameSuggester.hint(for: first.text, in: kinds) ?? "one of " + kinds.joined(separator: ", "))
        }
        var req = Request(kind: kind, scenarios: [.mid], fromYear: inputs.baseYear,
                          toYear: min(inputs.lastYear, inputs.baseYear + 21), byService: false, entities: nil,
                          explain: false, vary: nil)
        if kind == .paths { req.scenarios = [.low, .mid, .high] }
        var fromWord: CommandArguments.Word? = nil
        var occupationWord: CommandArguments.Word? = nil, serviceWord: CommandArguments.Word? = nil
        var i = 1
        while i < words.count {
            let w = words[i]
            i += 1
            if w.key == nil {
                try parseMode(w, words: words, at: &i, into: &req)
                continue
            }
            switch w.key! {
            case "scenario":
                req.scenarios = try scenarioList(w, registry)
            case "to":
                req.toYear = try year(w, inputs)
            case "from":
                req.fromYear = try year(w, inputs); fromWord = w
            case "by":
                switch w.value.lowercased() {
                case byValues[0], "yrke": req.byService = false
                case byValues[1], "tjeneste": req.byService = true
                default:
                    throw Diagnostic("by must be occupation or service, not `\(w.value)`", span: w.valueSpan,
                                     hint: "by=occupation or by=service")
                }
            case "occupation": occupationWord = w
            case "service": serviceWord = w
            case "step":
                throw Diagnostic("step belongs to vary", span: w.span, hint: "vary standard=0..1.5% step=0.25%")
            default:
                throw Diagnostic("unknown argument `\(w.key!)` for project", span: w.span,
                                 hint: NameSuggester.hint(for: w.key!, in: namedKeys)
                                    ?? "accepted: " + namedKeys.joined(separator: ", "))
            }
        }
        try checkCombination(&req, args: args, inputs: inputs, fromWord: fromWord, occupationWord: occupationWord,
                             serviceWord: serviceWord)
        return req
    }

    /// A word without `=` after the kind: `explain`, `vary PARAM=a..b [step=s]` or `solve PARAM`.
    private static func parseMode(_ w: CommandArguments.Word, words: [CommandArguments.Word], at i: inout Int,
                                  into req: inout Request) throws {
        switch w.text.lowercased() {
        case "explain":
            guard req.kind == .demand || req.kind == .gap else {
                throw Diagnostic("explain splits the growth of demand", span: w.span, hint: "project demand … explain")
            }
            req.explain = true
        case "vary":
            guard i < words.count, let key = words[i].key else {
                throw Diagnostic("vary needs PARAM=a..b", span: w.span, hint: "e.g. vary standard=0..1.5% step=0.25%")
            }
            let range = words[i]
            i += 1
            var stepWord: CommandArguments.Word? = nil
            if i < words.count, words[i].key == "step" { stepWord = words[i]; i += 1 }
            req.vary = (key, try varyValues(range, step: stepWord, after: w))
        case "solve":
            guard req.kind == .gap else {
                throw Diagnostic("solve closes a gap", span: w.span, hint: "project gap occupation=Sykepleier to=2040 solve study_places")
            }
            guard i < words.count, words[i].key == nil else {
                throw Diagnostic("solve needs a parameter", span: w.span,
                                 hint: "one of " + ScenarioParameter.numericKeys.joined(separator: ", "))
            }
            let param = words[i]
            i += 1
            guard ScenarioParameter.numericKeys.contains(param.text) else {
                throw Diagnostic("cannot solve for `\(param.text)`", span: param.span,
                                 hint: NameSuggester.hint(for: param.text, in: ScenarioParameter.numericKeys)
                                    ?? "one of " + ScenarioParameter.numericKeys.joined(separator: ", "))
            }
            req.solve = (param.text, param.span)
        default:
            throw Diagnostic("unexpected word `\(w.text)`", span: w.span,
                             hint: NameSuggester.hint(for: w.text, in: modes)
                                ?? "arguments are key=value (" + namedKeys.joined(separator: ", ") + "), explain, vary or solve")
        }
    }

    /// What no single word shows: the years' order, by=service with supply, filters that fit the grouping,
    /// solve on one occupation, explain from the base year.
    private static func checkCombination(_ req: inout Request, args: CommandArguments, inputs: ProjectionInputs,
                                         fromWord: CommandArguments.Word?, occupationWord: CommandArguments.Word?,
                                         serviceWord: CommandArguments.Word?) throws {
        if req.fromYear > req.toYear {
            throw Diagnostic("from=\(req.fromYear) is after to=\(req.toYear)", span: fromWord?.valueSpan)
        }
        if req.byService && req.kind != .demand {
            throw Diagnostic("only demand is projected by service; supply is by occupation", span: args.commandSpan,
                             hint: "project demand by=service")
        }
        if let serviceWord {
            guard req.byService else {
                throw Diagnostic("service= filters demand by service", span: serviceWord.span, hint: "add by=service")
            }
            req.entities = try entityList(serviceWord, in: inputs.services, what: "service")
        }
        if let occupationWord {
            guard !req.byService else {
                throw Diagnostic("occupation= cannot be used with by=service", span: occupationWord.span)
            }
            req.entities = try entityList(occupationWord, in: inputs.occupations, what: "occupation")
        }
        if let solve = req.solve {
            if req.vary != nil || req.explain {
                throw Diagnostic("solve cannot be combined with vary or explain", span: solve.span)
            }
            guard let entities = req.entities, entities.count == 1 else {
                throw Diagnostic("solve closes the gap of one occupation", span: solve.span,
                                 hint: "add occupation=NAME, e.g. occupation=Sykepleier")
            }
            _ = entities
        }
        if req.explain, let fromWord {
            throw Diagnostic("explain measures growth from the base year \(inputs.baseYear)", span: fromWord.span,
                             hint: "leave out from=")
        }
    }

    static func scenarioList(_ w: CommandArguments.Word, _ registry: ScenarioRegistry) throws -> [Scenario] {
        if w.value.lowercased() == "all" { return registry.scenarios }
        return try w.value.split(separator: "/").map { name in
            guard let s = registry.scenario(named: String(name)) else {
                throw Diagnostic("unknown scenario `\(name)`", span: w.valueSpan,
                                 hint: NameSuggester.hint(for: String(name), in: registry.names)
                                    ?? "one of " + (registry.names + ["all"]).joined(separator: ", "))
            }
            return s
        }
    }

    static func year(_ w: CommandArguments.Word, _ inputs: ProjectionInputs) throws -> Int {
        guard let y = Int(w.value) else {
            throw Diagnostic("`\(w.value)` is not a year", span: w.valueSpan, hint: "e.g. \(w.key ?? "to")=2040")
        }
        guard y >= inputs.baseYear, y <= inputs.lastYear else {
            throw Diagnostic("\(w.key ?? "year")=\(y) is outside the projection's years \(inputs.baseYear)–\(inputs.lastYear)",
                             span: w.valueSpan, hint: "the population projection sets the years")
        }
        return y
    }

    /// Names separated by `/`, matched case- and accent-insensitively: the exact name, a unique prefix
    /// (so the plurals of table 2.5 such as `Sykepleiere` find `Sykepleier` and `lege` finds `Lege`).
    static func entityList(_ w: CommandArguments.Word, in names: [String], what: String) throws -> [Int] {
        let folded = names.map { String(NameSuggester.fold($0)) }
        return try w.value.split(separator: "/").map { part in
            let key = String(NameSuggester.fold(String(part)))
            if let i = folded.firstIndex(of: key) { return i }
            let prefixed = folded.indices.filter { folded[$0].hasPrefix(key) || key.hasPrefix(folded[$0]) }
            if prefixed.count == 1 { return prefixed[0] }
            throw Diagnostic("unknown \(what) `\(part)`", span: w.valueSpan,
                             hint: NameSuggester.hint(for: String(part), in: names) ?? "one of " + names.joined(separator: ", "))
        }
    }

    static func varyValues(_ w: CommandArguments.Word, step: CommandArguments.Word?, after vary: CommandArguments.Word) throws -> [Double] {
        let key = w.key ?? ""
        guard ScenarioParameter.numericKeys.contains(key) else {
            throw Diagnostic("cannot vary `\(key)`", span: w.span,
                             hint: NameSuggester.hint(for: key, in: ScenarioParameter.numericKeys)
                                ?? "one of " + ScenarioParameter.numericKeys.joined(separator: ", "))
        }
        let percent = ScenarioParameter.isPercent(key)
        let parts = w.value.components(separatedBy: "..")
        guard parts.count == 2 else {
            throw Diagnostic("vary needs a range a..b, not `\(w.value)`", span: w.valueSpan, hint: "e.g. \(key)=0..1.5%")
        }
        let hasPercent = w.value.contains("%")
        if percent && !hasPercent {
            throw Diagnostic("write the range of \(key) in percent", span: w.valueSpan, hint: "e.g. \(key)=0..1.5% step=0.25%")
        }
        func num(_ s: String, _ span: SourceSpan) throws -> Double {
            let t = percent && !s.hasSuffix("%") ? s + "%" : s
            guard let x = CommandArguments.number(t) else {
                throw Diagnostic("`\(s)` is not a number", span: span, hint: "e.g. \(key)=0..1.5%")
            }
            return x
        }
        let a = try num(parts[0], w.valueSpan), b = try num(parts[1], w.valueSpan)
        guard b >= a else { throw Diagnostic("the range \(w.value) runs backwards", span: w.valueSpan) }
        guard let step else {
            throw Diagnostic("vary needs step=", span: w.span, hint: "e.g. vary \(w.key!)=\(w.value) step=\(percent ? "0.25%" : "10")")
        }
        let s = try num(step.value, step.valueSpan)
        guard s > 0 else { throw Diagnostic("step must be positive", span: step.valueSpan) }
        let count = Int(((b - a) / s + 1e-9).rounded(.down)) + 1
        guard count <= 10_000 else {
            throw Diagnostic("vary would run \(count) projections", span: step.valueSpan, hint: "use a larger step (at most 10 000 values)")
        }
        return (0..<count).map { a + Double($0) * s }
    }

    // MARK: output

    static func build(_ req: Request, engine: ProjectionEngine, scenarios: [Scenario], value: Double?,
                      cache: SupplyCache) throws -> Table {
        let inputs = engine.inputs
        let entityNames = req.byService ? inputs.services : inputs.occupations
        let entities = req.entities ?? Array(entityNames.indices)
        let entityColumn = req.byService ? "service" : "occupation"
        let needSupply = req.kind != .demand && !req.explain
        let needDemand = req.kind != .supply
        let runs = try scenarios.map { try engine.run($0, toYear: req.toYear, supply: needSupply, demand: needDemand, cache: cache) }
        var t: Table
        if req.explain {
            t = explainTable(req, engine: engine, runs: runs, entities: entities, names: entityNames, column: entityColumn)
        } else if req.kind == .recruitment {
            t = try recruitmentTable(req, engine: engine, runs: runs, entities: entities)
        } else if req.kind == .paths {
            t = pathsTable(req, runs: runs, entities: entities, names: entityNames, baseYear: inputs.baseYear)
        } else {
            let scenarioDict = StringDictionary(scenarios.map(\.name))
            let entityDict = StringDictionary(entityNames)
            var years: [Int64] = [], sc: [UInt32] = [], en: [UInt32] = []
            var supply: [Double] = [], demand: [Double] = [], gap: [Double] = []
            let needGap = needSupply && needDemand
            let notes = StringDictionary([""])
            var noteCodes: [UInt32] = []
            for (r, run) in runs.enumerated() {
                for g in entities {
                    let note = needGap ? notes.code(for: rebasingNote(engine, g: g)) : 0
                    for year in req.fromYear...req.toYear {
                        let y = year - inputs.baseYear
                        years.append(Int64(year)); sc.append(UInt32(r)); en.append(UInt32(g))
                        if needSupply { supply.append(run.supply[g * run.years + y]) }
                        if needDemand {
                            demand.append(req.byService ? run.serviceDemand[g * run.years + y] : run.demand[g * run.years + y])
                        }
                        if needGap {
                            let v = engine.gap(run, g: g, y: y)
                            gap.append(v)
                            // Flag the rows where the re-based gap and supply − demand differ by half the report's rounding.
                            noteCodes.append(abs(v - (supply.last! - demand.last!)) >= 50 ? note : 0)
                        }
                    }
                }
            }
            var cols: [(String, Column)] = [("year", Column(ints: years)),
                                            ("scenario", Column(codes: sc, dictionary: scenarioDict)),
                                            (entityColumn, Column(codes: en, dictionary: entityDict))]
            if needSupply { cols.append(("supply", Column(doubles: supply))) }
            if needDemand { cols.append(("demand", Column(doubles: demand))) }
            if needGap {
                cols.append(("gap", Column(doubles: gap)))
                cols.append(("note", Column(codes: noteCodes, dictionary: notes)))
            }
            t = Table(cols)
            for c in ["supply", "demand", "gap"] { t.setUnit("FTE", for: c) }
        }
        if let value {
            var out = Table([("value", Column(doubles: [Double](repeating: value, count: t.rowCount)))])
            for (f, c) in zip(t.schema.fields, t.columns) { out.setColumn(f.name, c, unit: f.unit) }
            t = out
        }
        return t
    }

    /// `project recruitment`: the recruitment need per year from the supply model's own flows (see the type's
    /// doc comment). The base year has no flows, so the table starts the year after `from`'s base.
    static func recruitmentTable(_ req: Request, engine: ProjectionEngine, runs: [ProjectionEngine.Run],
                                 entities: [Int]) throws -> Table {
        let inputs = engine.inputs
        let scenarioDict = StringDictionary(runs.map(\.scenario.name))
        let entityDict = StringDictionary(inputs.occupations)
        var years: [Int64] = [], sc: [UInt32] = [], en: [UInt32] = []
        var growth: [Double] = [], exits: [Double] = [], exitsFTE: [Double] = [], need: [Double] = []
        var entries: [Double] = [], entriesFTE: [Double] = [], shortfall: [Double] = []
        for (r, run) in runs.enumerated() {
            try Cancellation.check()
            let flows = try engine.supplyModel.run(run.scenario, years: run.years)
            for g in entities {
                for year in max(req.fromYear, inputs.baseYear + 1)...max(req.toYear, inputs.baseYear + 1) where year <= req.toYear {
                    let y = year - inputs.baseYear, i = g * run.years + y
                    let perPerson = flows.persons[i - 1] > 0 ? flows.fte[i - 1] / flows.persons[i - 1] : 0
                    let dg = run.demand[i] - run.demand[i - 1]
                    years.append(Int64(year)); sc.append(UInt32(r)); en.append(UInt32(g))
                    growth.append(dg)
                    exits.append(flows.exited[i]); exitsFTE.append(flows.exited[i] * perPerson)
                    need.append(dg + flows.exited[i] * perPerson)
                    entries.append(flows.entered[i]); entriesFTE.append(flows.entered[i] * perPerson)
                    shortfall.append(need.last! - entriesFTE.last!)
                }
            }
        }
        var t = Table([("year", Column(ints: years)), ("scenario", Column(codes: sc, dictionary: scenarioDict)),
                       ("occupation", Column(codes: en, dictionary: entityDict)),
                       ("demand_growth", Column(doubles: growth)), ("exits", Column(doubles: exits)),
                       ("exits_fte", Column(doubles: exitsFTE)), ("need", Column(doubles: need)),
                       ("entries", Column(doubles: entries)), ("entries_fte", Column(doubles: entriesFTE)),
                       ("shortfall", Column(doubles: shortfall))])
        for c in ["demand_growth", "exits_fte", "need", "entries_fte", "shortfall"] { t.setUnit("FTE", for: c) }
        for c in ["exits", "entries"] { t.setUnit("persons", for: c) }
        return t
    }

    /// `solve PARAM`: per scenario, the value of PARAM at which the occupation's gap in `toYear` is zero (found by
    /// widening a bracket from 0 and bisecting; the gap moves monotonically with every solvable parameter).
    /// Study places without a specification in the scenario are a constant increase from four years after the
    /// base year (as `vary` does), for the solved occupation. Columns: scenario, occupation, year, parameter,
    /// value, supply, demand, gap (the gap at the solution, ≈ 0).
    static func solveTable(_ req: Request, key: String, span: SourceSpan, engine: ProjectionEngine) throws -> Table {
        let inputs = engine.inputs
        let g = req.entities![0]
        let y = req.toYear - inputs.baseYear
        let name = inputs.occupations[g]
        let cache = SupplyCache()
        func scenario(_ base: Scenario, _ v: Double) -> Scenario {
            var s = base
            if key == "study_places", s.studyPlaces.isEmpty {
                s.studyPlaces = [.init(occupation: name, places: v, fromYear: inputs.baseYear + 4, toYear: nil)]
            } else {
                ScenarioParameter.set(key, v, on: &s, baseYear: inputs.baseYear)
            }
            return s
        }
        func gap(_ base: Scenario, _ v: Double) throws -> (Double, ProjectionEngine.Run) {
            try Cancellation.check()
            let run = try engine.run(scenario(base, v), toYear: req.toYear, cache: cache)
            return (engine.gap(run, g: g, y: y), run)
        }
        let percent = ScenarioParameter.isPercent(key)
        // the widest range searched on each side of 0: ±100 % for shares (productivity up to +100 %), else a level
        let limit = percent ? 1.0 : (key == "family_level" ? 10_000_000.0 : 1_000_000.0)
        var values: [Double] = [], supply: [Double] = [], demand: [Double] = [], gaps: [Double] = []
        for base in req.scenarios {
            let (g0, _) = try gap(base, 0)
            // widen from 0 in the direction that moves the gap towards zero
            let probe = percent ? 0.01 : 100.0
            let (gp, _) = try gap(base, probe)
            let direction: Double = (gp - g0) * g0 < 0 ? 1 : -1
            var lo = 0.0, hi = probe * direction, ghi = direction > 0 ? gp : try gap(base, hi).0
            while ghi * g0 > 0 {
                guard abs(hi) < limit else {
                    throw Diagnostic("no value of \(key) within ±\(percent ? "100 %" : NumberFormat.grouped(Int64(limit))) closes the gap of \(name) in \(req.toYear) "
                                     + "(scenario \(base.name): \(NumberFormat.grouped(Int64(g0.rounded()))) FTE)", span: span)
                }
                lo = hi; hi *= 2
                ghi = try gap(base, hi).0
            }
            // bisect [lo, hi] (gap(lo) and gap(hi) of opposite signs, or gap(hi) = 0)
            var glo = lo == 0 ? g0 : try gap(base, lo).0
            for _ in 0..<100 where abs(hi - lo) > 1e-10 * max(1, abs(hi)) {
                let mid = (lo + hi) / 2
                let gm = try gap(base, mid).0
                if gm * glo > 0 { lo = mid; glo = gm } else { hi = mid }
            }
            let v = abs(glo) < 1e-12 ? lo : hi
            let (gv, run) = try gap(base, v)
            values.append(v); supply.append(run.supply[g * run.years + y]); demand.append(run.demand[g * run.years + y])
            gaps.append(gv)
        }
        let n = req.scenarios.count
        var t = Table([("scenario", Column(strings: req.scenarios.map(\.name))),
                       ("occupation", Column(strings: Array(repeating: name, count: n))),
                       ("year", Column(ints: Array(repeating: Int64(req.toYear), count: n))),
                       ("parameter", Column(strings: Array(repeating: key, count: n))),
                       ("value", Column(doubles: values)), ("supply", Column(doubles: supply)),
                       ("demand", Column(doubles: demand)), ("gap", Column(doubles: gaps))])
        t.setUnit(percent ? "share" : (key == "family_level" ? "FTE" : "persons"), for: "value")
        for c in ["supply", "demand", "gap"] { t.setUnit("FTE", for: c) }
        return t
    }

    /// What a gap row follows when its occupation's supply is re-based (empty when the factor is 1).
    static func rebasingNote(_ engine: ProjectionEngine, g: Int) -> String {
        let f = engine.rebasing[g]
        guard abs(f - 1) >= 0.0005 else { return "" }
        let employed = NumberFormat.grouped(Int64(engine.inputs.baseEmployment[g].rounded()))
        return "gap = supply × \(String(format: "%.3f", f)) − demand: supply re-based to the \(engine.inputs.baseYear) "
            + "employment of \(employed) FTE, as table 2.1"
    }

    static func explainTable(_ req: Request, engine: ProjectionEngine, runs: [ProjectionEngine.Run], entities: [Int],
                             names: [String], column: String) -> Table {
        let y = req.toYear - engine.inputs.baseYear
        let comps = DemandModel.components
        let scenarioDict = StringDictionary(runs.map(\.scenario.name))
        let entityDict = StringDictionary(names)
        let compDict = StringDictionary(comps)
        var sc: [UInt32] = [], en: [UInt32] = [], co: [UInt32] = [], fte: [Double] = []
        let notes = StringDictionary([""])
        var noteCodes: [UInt32] = []
        for (r, run) in runs.enumerated() {
            let parts = req.byService
                ? engine.demandModel.serviceComponents(run.scenario, y: y)
                : engine.demandModel.occupationComponents(run.scenario, y: y, services: run.serviceDemand, years: run.years)
            for g in entities {
                let note = req.byService ? 0 : notes.code(for: explainNote(engine, g: g))
                for (c, name) in comps.enumerated() {
                    if req.byService && (name == "skill mix" || name == "base shortage") { continue }
                    sc.append(UInt32(r)); en.append(UInt32(g)); co.append(UInt32(c)); fte.append(parts[g][c])
                    noteCodes.append(note)
                }
            }
        }
        var t = Table([("year", Column(ints: [Int64](repeating: Int64(req.toYear), count: fte.count))),
                       ("scenario", Column(codes: sc, dictionary: scenarioDict)),
                       (column, Column(codes: en, dictionary: entityDict)),
                       ("component", Column(codes: co, dictionary: compDict)),
                       ("fte", Column(doubles: fte))])
        if !req.byService { t.setColumn("note", Column(codes: noteCodes, dictionary: notes), unit: nil) }
        t.setUnit("FTE", for: "fte")
        return t
    }

    /// Which published table an occupation's explained demand and its gap follow, when they part.
    static func explainNote(_ engine: ProjectionEngine, g: Int) -> String {
        let f = engine.rebasing[g]
        guard abs(f - 1) >= 0.0005 else { return "" }
        return "demand as table 2.5; the gap as table 2.1, against supply × \(String(format: "%.3f", f)) "
            + "(re-based to \(engine.inputs.baseYear) employment), not supply − demand"
    }

    /// Supply (once, or once per scenario with a supply variant) and each scenario's demand, as series.
    static func pathsTable(_ req: Request, runs: [ProjectionEngine.Run], entities: [Int], names: [String], baseYear: Int) -> Table {
        var series: [(String, [Double], Int)] = []  // label, values, years
        var referenceSupplyShown = false
        for run in runs where !run.supply.isEmpty {
            if run.scenario.hasSupplyVariant { series.append(("supply \(run.scenario.name)", run.supply, run.years)) }
            else if !referenceSupplyShown { series.append(("supply", run.supply, run.years)); referenceSupplyShown = true }
        }
        for run in runs { series.append(("demand \(run.scenario.name)", run.demand, run.years)) }
        let entityDict = StringDictionary(names)
        let seriesDict = StringDictionary(series.map(\.0))
        var years: [Int64] = [], en: [UInt32] = [], se: [UInt32] = [], fte: [Double] = []
        for g in entities {
            for (s, item) in series.enumerated() {
                for year in req.fromYear...req.toYear {
                    years.append(Int64(year)); en.append(UInt32(g)); se.append(UInt32(s))
                    fte.append(item.1[g * item.2 + year - baseYear])
                }
            }
        }
        var t = Table([("year", Column(ints: years)), ("occupation", Column(codes: en, dictionary: entityDict)),
                       ("series", Column(codes: se, dictionary: seriesDict)), ("fte", Column(doubles: fte))])
        t.setUnit("FTE", for: "fte")
        return t
    }

    /// Rows of tables with the same schema, one after the other (text columns re-coded into one dictionary).
    static func concatenate(_ tables: [Table]) throws -> Table {
        guard let first = tables.first else { return Table() }
        var cols: [Column] = []
        for (j, field) in first.schema.fields.enumerated() {
            switch field.type {
            case .int: cols.append(Column(ints: tables.flatMap { t -> [Int64] in
                if case .int(let a) = t.columns[j].storage { return a } else { return [] } }))
            case .double: cols.append(Column(doubles: tables.flatMap { t -> [Double] in
                if case .double(let a) = t.columns[j].storage { return a } else { return [] } }))
            case .bool: cols.append(Column(bools: tables.flatMap { t -> [Bool] in
                if case .bool(let a) = t.columns[j].storage { return a } else { return [] } }))
            case .string:
                let dict = StringDictionary()
                var codes: [UInt32] = []
                for t in tables {
                    guard case .string(let c, let d) = t.columns[j].storage else { continue }
                    let remap = d.values.map { dict.code(for: $0) }
                    codes.append(contentsOf: c.map { remap[Int($0)] })
                }
                cols.append(Column(codes: codes, dictionary: dict))
            }
        }
        // (A block whose schema differs would leave the columns uneven: that is an error, not the first block.)
        return try Table(schema: first.schema, columns: cols)
    }
}
