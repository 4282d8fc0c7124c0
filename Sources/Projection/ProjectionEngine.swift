import Tables

/// Runs supply and demand for one scenario over a range of years; the building block of `project`.
public struct ProjectionEngine: Sendable {
    public let inputs: ProjectionInputs
    public let supplyModel: SupplyModel
    public let demandModel: DemandModel
    /// Per occupation, the factor that re-bases supply to the observed base-year employment for the gap:
    /// E[base] / S[base] (reference supply). HELSEMOD measures the gap against supply re-based this way, so the
    /// base-year gap is exactly NAV's shortage (table 2.1's 2019 column) and the gaps of 2040 in table 2.1 differ
    /// from table 2.2 − table 2.5 where the modelled supply of 2019 differs from employment (leger: 26.7 thousand
    /// supply against 27.2 thousand FTE worked, the "27 200 avtalte årsverk" of NOU 2023:4 §2.2.1).
    public let rebasing: [Double]

    public init(inputs: ProjectionInputs) {
        self.inputs = inputs
        supplyModel = SupplyModel(inputs: inputs)
        demandModel = DemandModel(inputs: inputs)
        let base = supplyModel.baseYearSupply()
        rebasing = zip(inputs.baseEmployment, base).map { e, s in s > 0 && e > 0 ? e / s : 1 }
    }

    /// gap = supply × rebasing − demand for occupation g (index g * years + y of the run's arrays).
    @inline(__always) public func gap(_ run: Run, g: Int, y: Int) -> Double {
        run.supply[g * run.years + y] * rebasing[g] - run.demand[g * run.years + y]
    }

    /// Supply and demand of one scenario, base year through `toYear`.
    public struct Run: Sendable {
        public var scenario: Scenario
        public var years: Int
        /// FTE per occupation, index g * years + y.
        public var supply: [Double]
        /// FTE per occupation (with base-year shortage), index g * years + y.
        public var demand: [Double]
        /// FTE per service, index k * years + y.
        public var serviceDemand: [Double]
    }

    /// Projects `scenario` to `toYear` (computing only the sides asked for). Supply paths are looked up in and
    /// added to `cache`, so scenarios (or `vary` values) with the same supply parameters share one cohort run.
    public func run(_ scenario: Scenario, toYear: Int, supply wantSupply: Bool = true, demand wantDemand: Bool = true,
                    cache: SupplyCache? = nil) throws -> Run {
        let years = toYear - inputs.baseYear + 1
        var supply: [Double] = []
        if wantSupply {
            let key = scenario.supplyParameters
            if let cached = cache?.paths[key], cached.count == inputs.occupations.count * years {
                supply = cached
            } else {
                supply = try supplyModel.run(scenario, years: years).fte
                cache?.paths[key] = supply
            }
        }
        var services: [Double] = [], demand: [Double] = []
        if wantDemand {
            services = demandModel.services(scenario, years: years)
            demand = demandModel.occupations(scenario, services: services, years: years)
        }
        return Run(scenario: scenario, years: years, supply: supply, demand: demand, serviceDemand: services)
    }
}

/// Supply paths already computed, by supply parameters (one `project` statement's memo).
public final class SupplyCache {
    var paths: [Scenario.SupplyParameters: [Double]] = [:]
    public init() {}
}
