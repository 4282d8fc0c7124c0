import Tables

/// One set of projection assumptions: demand drivers (table 2.3 of NOU 2023:4) and supply variants.
public struct Scenario: Sendable, Equatable {
    public enum FamilyCare: String, Sendable, Equatable, CaseIterable { case share, level }

    /// More (or fewer) entries to the stock from a year on: entries × `factor` for years ≥ `fromYear`.
    public struct EntriesChange: Sendable, Hashable {
        public var factor: Double
        public var fromYear: Int?
        public init(factor: Double, fromYear: Int?) { self.factor = factor; self.fromYear = fromYear }
    }

    /// Extra study places for an occupation: `places` more a year from `fromYear`; with `toYear`, the
    /// increase is repeated every year through `toYear` (a ramp: +222, +444, …) and then held.
    public struct StudyPlaces: Sendable, Hashable {
        public var occupation: String
        public var places: Double
        public var fromYear: Int
        public var toYear: Int?
        public init(occupation: String, places: Double, fromYear: Int, toYear: Int?) {
            self.occupation = occupation; self.places = places; self.fromYear = fromYear; self.toYear = toYear
        }
        /// Extra places in `year` (before completion and delay).
        public func extraPlaces(in year: Int) -> Double {
            guard year >= fromYear else { return 0 }
            guard let toYear else { return places }
            return places * Double(min(year, toYear) - fromYear + 1)
        }
    }

    public var name: String
    /// The scenario it was defined from (nil for the built-ins).
    public var base: String?
    /// Annual growth in staff time per user (standardvekst), e.g. 0.01.
    public var standard: Double
    /// Annual productivity growth, e.g. 0.005.
    public var productivity: Double
    public var family: FamilyCare
    /// Informal care held constant at this level (FTE) when `family == .level`.
    public var familyLevel: Double
    /// Health improvement with rising life expectancy (user rates above 55 move to older ages).
    public var healthImprovement: Bool
    /// All entries (graduates and immigrants alike).
    public var entries: EntriesChange?
    /// Entries educated in Norway only (SSB's variant: +10 % from 2025), and entries educated abroad only;
    /// the split per occupation is the `entry_origin` input.
    public var entriesNorway: EntriesChange?
    public var entriesAbroad: EntriesChange?
    public var studyPlaces: [StudyPlaces]
    /// Position size factor (1.05 = +5 %).
    public var position: Double
    /// Every person's position raised to at least this share of full time (table 9.1: 0.7 or 1.0).
    public var positionFloor: Double?
    /// Participation factor (capped so no probability exceeds 1).
    public var participation: Double
    /// Add NAV's base-year shortage to demand.
    public var baseShortage: Bool

    public init(name: String, base: String? = nil, standard: Double, productivity: Double, family: FamilyCare,
                familyLevel: Double = 90_000, healthImprovement: Bool, entries: EntriesChange? = nil,
                studyPlaces: [StudyPlaces] = [], position: Double = 1, positionFloor: Double? = nil,
                participation: Double = 1, baseShortage: Bool = true) {
        self.name = name; self.base = base; self.standard = standard; self.productivity = productivity
        self.family = family; self.familyLevel = familyLevel; self.healthImprovement = healthImprovement
        self.entries = entries; self.studyPlaces = studyPlaces; self.position = position
        self.entriesNorway = nil; self.entriesAbroad = nil
        self.positionFloor = positionFloor; self.participation = participation; self.baseShortage = baseShortage
    }

    /// Lavalternativet (table 2.3): standard 0.5 %, productivity 0.5 %, family care constant share, health improvement.
    public static let low = Scenario(name: "low", standard: 0.005, productivity: 0.005, family: .share, healthImprovement: true)
    /// Mellomalternativet: standard 1.0 %, productivity 0.5 %, family care constant level 90 000 FTE, health improvement.
    public static let mid = Scenario(name: "mid", standard: 0.01, productivity: 0.005, family: .level, healthImprovement: true)
    /// Høyalternativet: as mid, but without health improvement.
    public static let high = Scenario(name: "high", standard: 0.01, productivity: 0.005, family: .level, healthImprovement: false)

    /// The parameters that determine supply (scenarios that share them share their supply path).
    public struct SupplyParameters: Sendable, Hashable {
        var entries: EntriesChange?
        var entriesNorway: EntriesChange?
        var entriesAbroad: EntriesChange?
        var studyPlaces: [StudyPlaces]
        var position: Double
        var positionFloor: Double?
        var participation: Double
    }

    public var supplyParameters: SupplyParameters {
        SupplyParameters(entries: entries, entriesNorway: entriesNorway, entriesAbroad: entriesAbroad, studyPlaces: studyPlaces, position: position, positionFloor: positionFloor,
                         participation: participation)
    }

    /// True when the supply side differs from the reference path.
    var hasSupplyVariant: Bool {
        entries != nil || entriesNorway != nil || entriesAbroad != nil || !studyPlaces.isEmpty || position != 1 || positionFloor != nil || participation != 1
    }
}
