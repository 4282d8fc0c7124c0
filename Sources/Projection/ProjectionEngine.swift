import Tables

/// Runs supply and demand for one scenario over a range of years; the building block of `project`.
public struct ProjectionEngine: Sendable {
    public let inputs: ProjectionInputs
    public let supplyModel: SupplyModel
    public let demandModel: DemandModel

    public init(inputs: ProjectionInputs) {
        self.inputs = inputs
        supplyModel = SupplyModel(inputs: inputs)
        demandModel = DemandModel(inputs: inputs)
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
