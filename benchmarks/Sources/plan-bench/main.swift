// Times the planning engine for every municipality (release build):
//   swift run -c release plan-bench [datasets] [repetitions]
// Inputs, built once: the 356 municipalities of `RegisterGenerator.municipalities()`, each with the
// projection's national population (single ages, two sexes, 2024–2050) scaled to its inhabitants;
// the full-time plan's national user rates of 2021 and one FTE per user ratio per occupation; staff
// by occupation and age band in proportion to inhabitants. Reports medians of `plan demand`
// (356 areas × 27 years × 3 occupations), `plan recruitment` on that demand, and `plan ratios`.
import Foundation
import Tables
import Query
import Indicators
import Planning

let arguments = CommandLine.arguments
let datasets = arguments.count > 1 ? arguments[1] : "datasets"
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10

func median(_ label: String, repetitions: Int, _ body: () throws -> Int) rethrows {
    var times: [Double] = []
    var check = 0
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        check &+= try body()
        let d = ContinuousClock.now - start
        times.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
    }
    times.sort()
    print(String(format: "%-62@ median %9.1f ms  (min %.1f, max %.1f, n=%d, rows %d)",
                 label as NSString, times[times.count / 2], times.first!, times.last!, repetitions, check / repetitions))
}

// National population 2024–2050 by sex and single age.
let national = try CSVReader.read(path: datasets + "/projection/population.csv", options: CSVOptions()).table
let nYear = national.column(named: "year")!.doubleValues!, nAge = national.column(named: "age")!.doubleValues!
let nPersons = national.column(named: "persons")!.doubleValues!
let nSex = national.column(named: "sex")!
var base: [(year: Int64, sex: String, age: Int64, persons: Double)] = []
for i in 0..<national.rowCount where nYear[i] >= 2024 && nYear[i] <= 2050 {
    base.append((Int64(nYear[i]), nSex[i].description, Int64(nAge[i]), nPersons[i]))
}
let nationalTotal = base.filter { $0.year == 2024 }.reduce(0) { $0 + $1.persons }

let municipalities = RegisterGenerator.municipalities()
let names = (0..<municipalities.rowCount).map { municipalities.column(named: "municipality_number")![$0].description }
let inhabitants = municipalities.column(named: "inhabitants")!.doubleValues!

var area: [String] = [], year: [Int64] = [], sex: [String] = [], age: [Int64] = [], persons: [Double] = []
for (m, name) in names.enumerated() {
    let f = inhabitants[m] / nationalTotal
    for r in base { area.append(name); year.append(r.year); sex.append(r.sex); age.append(r.age); persons.append(r.persons * f) }
}
let population = Table([("area", Column(strings: area)), ("year", Column(ints: year)), ("sex", Column(strings: sex)),
                        ("age", Column(ints: age)), ("persons", Column(doubles: persons))])
let rates = Table([("age", Column(strings: ["0-49", "50-66", "67-79", "80-89", "90+"])),
                   ("service", Column(strings: Array(repeating: "omsorg", count: 5))),
                   ("rate", Column(doubles: [0.024, 0.036, 0.094, 0.390, 0.823]))])
let fte = Table([("service", Column(strings: ["omsorg", "omsorg", "omsorg"])),
                 ("occupation", Column(strings: ["Ufaglærte", "Videregående", "Sykepleiere"])),
                 ("fte_per_user", Column(doubles: [0.065, 0.246, 0.125]))])
print("population: \(population.rowCount) rows (\(names.count) municipalities × 27 years × 2 sexes × 100 ages)")

let options = DemandOptions(base: 2024, from: 2024, to: 2050)
var demand = Table()
median("plan demand: 356 areas, 2024–2050, 3 occupations", repetitions: repetitions) {
    demand = try! MechanicalDemand.run(population: population, users: rates, fte: fte, options: options)
    return demand.rowCount
}
// Staff in 2024: the 2024 demand by a fixed age profile, one row per area, occupation and band.
let bands = ["Under 30", "30-39", "40-49", "50-59", "60 og over"], profile = [0.2, 0.22, 0.23, 0.23, 0.12]
let dArea = demand.column(named: "area")!, dYear = demand.column(named: "year")!.doubleValues!
let dOcc = demand.column(named: "occupation")!, dFTE = demand.column(named: "fte")!.doubleValues!
var sArea: [String] = [], sOcc: [String] = [], sAge: [String] = [], sPersons: [Double] = [], sFTE: [Double] = []
for i in 0..<demand.rowCount where dYear[i] == 2024 {
    for (b, share) in zip(bands, profile) {
        sArea.append(dArea[i].description); sOcc.append(dOcc[i].description); sAge.append(b)
        sFTE.append(dFTE[i] * share); sPersons.append(dFTE[i] * share / 0.75)
    }
}
let staff = Table([("area", Column(strings: sArea)), ("occupation", Column(strings: sOcc)), ("age", Column(strings: sAge)),
                   ("persons", Column(doubles: sPersons)), ("fte", Column(doubles: sFTE))])
median("plan recruitment: 356 areas × 3 occupations, 2025–2050", repetitions: repetitions) {
    try! Recruitment.run(staff: staff, demand: demand).rowCount
}
median("plan recruitment with all three levers", repetitions: repetitions) {
    try! Recruitment.run(staff: staff, demand: demand, options: RecruitmentOptions(
        turnoverChange: -0.2, qualifyShare: 0.46, unskilled: "Ufaglærte", skilled: "Videregående", fulltimeShare: 0.5)).rowCount
}
median("plan ratios: 356 areas × 27 years", repetitions: repetitions) {
    try! DependencyRatios.run(population: population).rowCount
}
let oneBand = Table([("age", Column(strings: ["0+"])), ("service", Column(strings: ["omsorg"])), ("rate", Column(doubles: [0.1]))])
median("(population index alone: plan users, one band, one year)", repetitions: repetitions) {
    try! MechanicalDemand.users(population: population, users: oneBand, options: DemandOptions(base: 2024, from: 2024, to: 2024)).rowCount
}
