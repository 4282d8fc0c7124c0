// Times ChartRenderer on a million points per kind (release build):
//   swift build -c release --product chart-bench && .build/release/chart-bench [points] [runs]
// Prints the median and fastest wall time of `runs` renders (after one warm-up) per chart.
import Foundation
import Tables
import Charts

let arguments = CommandLine.arguments
let points = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 15 : 15

/// Deterministic data: 3 series (`occupation`), x = position in the series (as a year-like int),
/// y = a random walk; every 1000th y is null (missing values break the lines).
func makeTable(_ n: Int) -> Table {
    var state: UInt64 = 2024
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    let names = ["Sykepleiere", "Helsefagarbeidere", "Leger"]
    var codes = [UInt32](repeating: 0, count: n)
    var x = [Int64](repeating: 0, count: n)
    var y = [Double](repeating: 0, count: n)
    var valid = Bitmap(count: n, value: true)
    var walk = [0.0, 0.0, 0.0]
    for i in 0..<n {
        let s = i % 3
        codes[i] = UInt32(s)
        x[i] = Int64(i / 3)
        walk[s] += uniform() - 0.5
        y[i] = 1000 * Double(s + 1) + walk[s]
        if i % 1000 == 999 { valid[i] = false }
    }
    return Table([
        ("occupation", Column(codes: codes, dictionary: StringDictionary(names))),
        ("step", Column(ints: x)),
        ("fte", Column(doubles: y, validity: valid)),
    ])
}

let table = makeTable(points)
let style = ChartStyle(width: 100)
let charts: [(String, ChartSpec)] = [
    ("line, 3 series", ChartSpec(kind: .line, x: "step", y: "fte", by: "occupation")),
    ("line, 1 series", ChartSpec(kind: .line, x: "step", y: "fte")),
    ("scatter, 3 series", ChartSpec(kind: .scatter, x: "step", y: "fte", by: "occupation")),
    ("hist (Freedman-Diaconis)", ChartSpec(kind: .hist, x: "fte")),
    ("spark, 3 series", ChartSpec(kind: .spark, x: "step", y: "fte", by: "occupation")),
]

print("chart-bench: \(points) points, \(runs) runs each, width \(style.width)")
for (name, spec) in charts {
    _ = try ChartRenderer.render(table, spec: spec, style: style)
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let lines = try ChartRenderer.render(table, spec: spec, style: style)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        precondition(!lines.isEmpty)
        times.append(elapsed)
    }
    times.sort()
    let median = times[times.count / 2]
    print(String(format: "%-28@ median %7.2f ms   min %7.2f ms", name as NSString, median, times[0]))
}
