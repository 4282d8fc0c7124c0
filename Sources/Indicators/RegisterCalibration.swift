/// The published figures the synthetic register reproduces, and the assumptions that fill the gaps
/// (every value says which it is). Year of reference: 2021, omsorgstjenesten.
///
/// Sources:
/// * FTE and employed per education group: Opptrappingsplan for heltid og god bemanning i
///   omsorgstjenesten, table "Årsverk og sysselsatte i omsorgstjenesten 2021" (SSB).
/// * Full-time shares: the same plan ("11 pst. av personell uten helse- og sosialfaglig utdanning,
///   28 pst. av helsefagarbeiderne og hhv. 66 og 59 pst. av sykepleierne med og uten spesialisering
///   eller videreutdanning"); NOU 2023:4 §9.2.1 gives 28.5 % for helsefagarbeidere in 2021.
/// * Doctor-certified sick leave 2021: NOU 2023:4 §9.4.2 (8.4 % in all; helsefagarbeider 10.2,
///   sykepleier without further education 9.0, vernepleier 8.5); Helsedirektoratet's report
///   (aktivører and barne- og ungdomsarbeidere "over 10 prosent").
/// * Turnover: Helsedirektoratet's report (KS: 14.6 % left the municipal sector in 2020; under 30:
///   27.5 %, 60–69: 23.5 %); NOU 2023:4 §5.2.2 (all changes incl. municipality and sub-service:
///   "nesten 25 %").
/// * Men: 15.6 % of the employed in municipal health and care services 2021 (the plan).
public enum RegisterCalibration {
    /// One education group of the full-time plan's table.
    public struct Group: Sendable {
        public let name: String
        /// Published 2021 figures.
        public let employed: Int
        public let fte: Int
        /// Share with agreed position ≥ 100 %, and whether it is published (else an assumption).
        public let fulltimeShare: Double
        public let fulltimeShareIsPublished: Bool
        /// Doctor-certified sick-leave percentage; nil = solved so that the total is 8.4 %.
        public let sickLeavePct: Double?
        public let healthEducation: Bool
        /// Share with university/college education (assumed, except 1 for the bachelor professions).
        public let higherEducationShare: Double
        /// False for service and administrative staff (outside "brukerrettede omsorgstjenester").
        public let userFacing: Bool
        /// Relative weight for the share of men (scaled so that the total is 15.6 %).
        public let maleWeight: Double

        public var avgPositionSize: Double { Double(fte) / Double(employed) }
    }

    /// The groups, in the plan's order.
    public static let groups: [Group] = [
        Group(name: "Aktivitør", employed: 1088, fte: 851, fulltimeShare: 0.40, fulltimeShareIsPublished: false,
              sickLeavePct: 10.5, healthEducation: true, higherEducationShare: 0.0, userFacing: true, maleWeight: 1.0),
        Group(name: "Barne- og ungdomsarbeider", employed: 2288, fte: 1848, fulltimeShare: 0.40,
              fulltimeShareIsPublished: false, sickLeavePct: 10.5, healthEducation: true, higherEducationShare: 0.0,
              userFacing: true, maleWeight: 0.8),
        Group(name: "Helsefagarbeidere", employed: 63251, fte: 50095, fulltimeShare: 0.285,
              fulltimeShareIsPublished: true, sickLeavePct: 10.2, healthEducation: true, higherEducationShare: 0.0,
              userFacing: true, maleWeight: 0.6),
        Group(name: "Ergoterapeut", employed: 1444, fte: 1325, fulltimeShare: 0.75, fulltimeShareIsPublished: false,
              sickLeavePct: nil, healthEducation: true, higherEducationShare: 1.0, userFacing: true, maleWeight: 0.6),
        Group(name: "Barnevernspedagog", employed: 1440, fte: 1302, fulltimeShare: 0.72,
              fulltimeShareIsPublished: false, sickLeavePct: nil, healthEducation: true, higherEducationShare: 1.0,
              userFacing: true, maleWeight: 1.2),
        Group(name: "Miljøterapeut", employed: 6493, fte: 4788, fulltimeShare: 0.35, fulltimeShareIsPublished: false,
              sickLeavePct: nil, healthEducation: true, higherEducationShare: 1.0, userFacing: true, maleWeight: 1.8),
        Group(name: "Sosionom", employed: 2282, fte: 2077, fulltimeShare: 0.74, fulltimeShareIsPublished: false,
              sickLeavePct: nil, healthEducation: true, higherEducationShare: 1.0, userFacing: true, maleWeight: 1.0),
        Group(name: "Sykepleier", employed: 36053, fte: 32266, fulltimeShare: nurseFulltimeShare,
              fulltimeShareIsPublished: true, sickLeavePct: nil, healthEducation: true, higherEducationShare: 1.0,
              userFacing: true, maleWeight: 0.55),
        Group(name: "Vernepleier", employed: 10085, fte: 9460, fulltimeShare: 0.80, fulltimeShareIsPublished: false,
              sickLeavePct: 8.5, healthEducation: true, higherEducationShare: 1.0, userFacing: true, maleWeight: 1.3),
        Group(name: "Pleieassistent med annen helseutdanning", employed: 9252, fte: 5894, fulltimeShare: 0.20,
              fulltimeShareIsPublished: false, sickLeavePct: nil, healthEducation: true, higherEducationShare: 0.05,
              userFacing: true, maleWeight: 1.2),
        Group(name: "Pleieassistent uten helse- og sosialfaglig utdanning", employed: 62906, fte: 34025,
              fulltimeShare: 0.11, fulltimeShareIsPublished: true, sickLeavePct: nil, healthEducation: false,
              higherEducationShare: 0.08, userFacing: true, maleWeight: 1.6),
        Group(name: "Service og administrativt personell", employed: 6343, fte: 4889, fulltimeShare: 0.45,
              fulltimeShareIsPublished: false, sickLeavePct: nil, healthEducation: false, higherEducationShare: 0.30,
              userFacing: false, maleWeight: 1.5),
    ]

    /// The plan's totals.
    public static let totalEmployed = 202_925
    public static let totalFTE = 148_820

    /// Nurses: 66 % full time with specialisation or further education, 59 % without (the plan).
    public static let nurseFulltimeWithFurtherEducation = 0.66
    public static let nurseFulltimeWithoutFurtherEducation = 0.59
    /// Assumed share of nurses with specialisation or further education (not published).
    public static let nurseFurtherEducationShare = 0.40
    static let nurseFulltimeShare = nurseFurtherEducationShare * nurseFulltimeWithFurtherEducation
        + (1 - nurseFurtherEducationShare) * nurseFulltimeWithoutFurtherEducation
    /// Sick leave of nurses with further education (assumed; the published 9.0 % is for those without).
    public static let nurseSickLeaveWithFurtherEducation = 8.0
    public static let nurseSickLeaveWithoutFurtherEducation = 9.0

    /// Doctor-certified sick leave in all municipal health and care services, 2021 (NOU 2023:4 §9.4.2).
    public static let totalSickLeavePct = 8.4
    /// Share of men among the employed, 2021 (the plan).
    public static let maleShare = 0.156

    /// Turnover out of the municipal sector (KS scope), by age band, and in all (Helsedirektoratet, 2020).
    public static let turnoverKSTotal = 0.146
    public static let turnoverKSUnder30 = 0.275
    public static let turnoverKS60to69 = 0.235
    /// All changes (Helsedirektoratet's scope: also a new municipality or sub-service), NOU 2023:4 §5.2.2.
    public static let turnoverBroadTotal = 0.25
    /// Of the extra changes in the broad scope, the share that changes municipality (assumed).
    static let changedMunicipalityShareOfExtra = 0.35

    /// Age bands (lower bound, upper bound inclusive, share of employed); assumed, not published.
    static let ageBands: [(lo: Int, hi: Int, share: Double)] = [
        (19, 29, 0.17), (30, 39, 0.21), (40, 49, 0.22), (50, 59, 0.26), (60, 69, 0.14),
    ]

    /// Contracted working days in a year for a full-time position (assumed; the rate does not depend on it).
    static let fullTimeContractedDays = 230.0

    /// Function mix of omsorgstjenesten (assumed, varies by group below): in all about 44 % under 253
    /// (institutions), 50 % under 254 (home-based; 257/258 from 2024), 4 % under 234 and 2 % under 261.
    /// Per education group, the institution (253) share among its 253/254 staff (assumed): nurses and
    /// helsefagarbeidere lean to institutions, vernepleiere and miljøterapeuter to home-based services
    /// (homes for people with intellectual disabilities are home-based). Aktivitører work mostly under 234.
    static let institutionShare: [String: Double] = [
        "Aktivitør": 0.55, "Barne- og ungdomsarbeider": 0.15, "Helsefagarbeidere": 0.52, "Ergoterapeut": 0.35,
        "Barnevernspedagog": 0.10, "Miljøterapeut": 0.15, "Sosionom": 0.25, "Sykepleier": 0.58, "Vernepleier": 0.12,
        "Pleieassistent med annen helseutdanning": 0.45, "Pleieassistent uten helse- og sosialfaglig utdanning": 0.47,
        "Service og administrativt personell": 0.60,
    ]
    /// Share under function 234 (activities) per group; the rest of the default 4 % elsewhere.
    static let activityShare: [String: Double] = ["Aktivitør": 0.60]
    /// From 2024, the share of former-254 staff under 257 (the rest under 258); assumed.
    static let share257 = 0.6
}
