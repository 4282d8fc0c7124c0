// Times ChartRenderer on a million points per kind (release build):
//   swift build -c release --product chart-bench && .build/release/chart-bench [points] [runs]
// Prints the median and fastest wall time of `runs` renders (after one warm-up) per chart, and the
// median CPU time of the rendering thread (the honest figure on a machine shared with other work).
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

/// CPU time of the calling thread, in milliseconds.
func threadCPUMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
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
    var cpuTimes: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUMilliseconds()
        let lines = try ChartRenderer.render(table, spec: spec, style: style)
        cpuTimes.append(threadCPUMilliseconds() - cpuStart)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        precondition(!lines.isEmpty)
    }
    times.sort()
    cpuTimes.sort()
    print(String(format: "%-26@ wall median %7.2f ms  min %7.2f ms   cpu median %7.2f ms", name as NSString,
                 times[times.count / 2], times[0], cpuTimes[cpuTimes.count / 2]))
}
