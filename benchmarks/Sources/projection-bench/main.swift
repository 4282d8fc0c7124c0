// Times the projection engine on the bundled inputs (release build):
//   swift run -c release projection-bench [datasets/projection] [repetitions]
// Reports medians of: loading and validating the inputs, a full projection (14 occupations × 2 sexes × 100 ages
// × 2019–2040 × 3 scenarios, supply and demand, as the `project gap scenario=all` table), the bare engine runs,
// and `vary` over 200 values of a demand parameter and of a supply parameter.
import Foundation
import Tables
import Query
import Projection

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : "datasets/projection"
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 50 : 50

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
    let m = times[times.count / 2]
    print(String(format: "%-58@ median %9.3f ms  (min %.3f, max %.3f, n=%d, rows %d)",
                 label as NSString, m, times.first!, times.last!, repetitions, check / repetitions))
}

let inputs = try ProjectionInputs.load(directory: directory)
let scenarios = ScenarioRegistry()
print("inputs: \(inputs.occupations.count) occupations, \(inputs.services.count) services, \(inputs.ageCount) ages, "
      + "\(inputs.baseYear)–\(inputs.lastYear)")

try median("load + validate inputs (11 CSV files)", repetitions: max(3, repetitions / 10)) {
    try ProjectionInputs.load(directory: directory).occupations.count
}
let engine = ProjectionEngine(inputs: inputs)
try median("engine: 3 scenarios × supply + demand to 2040", repetitions: repetitions) {
    var n = 0
    for s in [Scenario.low, .mid, .high] { n += try engine.run(s, toYear: 2040).supply.count }
    return n
}
let full = try CommandArguments.parse("project gap scenario=all to=2040")
try median("project gap scenario=all to=2040 (table)", repetitions: repetitions) {
    try ProjectionCommand.run(full, inputs: inputs, scenarios: scenarios).rowCount
}
let explain = try CommandArguments.parse("project gap scenario=all explain")
try median("project gap scenario=all explain", repetitions: repetitions) {
    try ProjectionCommand.run(explain, inputs: inputs, scenarios: scenarios).rowCount
}
let varyDemand = try CommandArguments.parse("project gap scenario=mid vary standard=0..1.99% step=0.01%")
try median("vary standard, 200 values (demand side)", repetitions: max(3, repetitions / 5)) {
    try ProjectionCommand.run(varyDemand, inputs: inputs, scenarios: scenarios).rowCount
}
let varySupply = try CommandArguments.parse("project gap scenario=mid vary position=0..19.9% step=0.1%")
try median("vary position, 200 values (supply + demand)", repetitions: max(3, repetitions / 5)) {
    try ProjectionCommand.run(varySupply, inputs: inputs, scenarios: scenarios).rowCount
}
let varyFloor = try CommandArguments.parse("project gap scenario=mid vary position_floor=50%..99.5% step=0.25%")
try median("vary position_floor, 200 values (distribution)", repetitions: max(3, repetitions / 5)) {
    try ProjectionCommand.run(varyFloor, inputs: inputs, scenarios: scenarios).rowCount
}
