// hws-bench: times the query engine on a generated register-like table, in process.
//
//   swift build -c release --product hws-bench
//   .build/release/hws-bench [--rows N] [--runs R] [--csv DIR]
//
// --csv writes the same data as DIR/register.csv and DIR/municipalities.csv (for DuckDB and others)
// and prints the matching SQL.
import Foundation
import Query
import Tables

extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let occupations = ["Sykepleier", "Helsefagarbeider", "Lege", "Vernepleier", "Fysioterapeut", "Jordmor", "Psykolog",
                   "Bioingeniør", "Ergoterapeut", "Radiograf", "Tannlege", "Tannpleier", "Helsesykepleier", "Helsesekretær"]
let municipalityNames = (0..<400).map { String(format: "K%04d", 301 + $0 * 7) }

/// A register-like table: one row per employee and year.
func generate(rows n: Int, seed: UInt64) -> (Table, Table) {
    var rng = SplitMix64(seed: seed)
    var year = [Int64](repeating: 0, count: n), age = [Int64](repeating: 0, count: n), sick = [Int64](repeating: 0, count: n)
    var muni = [UInt32](repeating: 0, count: n), occ = [UInt32](repeating: 0, count: n), sex = [UInt32](repeating: 0, count: n)
    var pos = [Double](repeating: 0, count: n), fte = [Double](repeating: 0, count: n)
    let positions: [Double] = [20, 40, 50, 60, 75, 80, 90, 100, 100, 100, 100]
    for i in 0..<n {
        year[i] = 2015 + Int64(rng.below(10))
        muni[i] = UInt32(rng.below(400))
        occ[i] = UInt32(min(rng.below(20), 13))   // Sykepleier … weighted to the last ones less
        sex[i] = rng.below(100) < 85 ? 0 : 1
        age[i] = 19 + Int64(rng.below(50))
        pos[i] = positions[rng.below(positions.count)]
        fte[i] = pos[i] / 100 * Double(rng.below(100) < 90 ? 1 : 0.5)
        sick[i] = rng.below(10) < 7 ? 0 : Int64(rng.below(40))
    }
    let register = Table([
        ("year", Column(ints: year)),
        ("municipality", Column(codes: muni, dictionary: StringDictionary(municipalityNames))),
        ("occupation", Column(codes: occ, dictionary: StringDictionary(occupations))),
        ("sex", Column(codes: sex, dictionary: StringDictionary(["K", "M"]))),
        ("age", Column(ints: age)),
        ("position_pct", Column(doubles: pos)),
        ("fte", Column(doubles: fte)),
        ("sick_days", Column(ints: sick)),
    ])
    let regions = ["Øst", "Vest", "Sør", "Midt", "Nord"]
    let munis = Table([
        ("municipality", Column(strings: municipalityNames)),
        ("region", Column(strings: (0..<400).map { regions[$0 % 5] })),
        ("population", Column(ints: (0..<400).map { Int64(1000 + ($0 * 7919) % 200_000) })),
    ])
    return (register, munis)
}

func writeCSV(_ t: Table, to path: String) throws {
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let h = FileHandle(forWritingAtPath: path) else { throw TableError("cannot write \(path)") }
    defer { try? h.close() }
    h.write((t.columnNames.joined(separator: ",") + "\n").data(using: .utf8)!)
    var buf = ""
    buf.reserveCapacity(1 << 22)
    for r in 0..<t.rowCount {
        for c in 0..<t.columnCount {
            if c > 0 { buf += "," }
            buf += t[r, c].description
        }
        buf += "\n"
        if buf.utf8.count > 1 << 22 { h.write(buf.data(using: .utf8)!); buf.removeAll(keepingCapacity: true) }
    }
    h.write(buf.data(using: .utf8)!)
}

var rows = 10_000_000
var runs = 5
var csvDir: String? = nil
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--rows": rows = Int(args.next() ?? "") ?? rows
    case "--runs": runs = Int(args.next() ?? "") ?? runs
    case "--csv": csvDir = args.next()
    default: print("usage: hws-bench [--rows N] [--runs R] [--csv DIR]"); exit(2)
    }
}

let clock = ContinuousClock()
var start = clock.now
let (register, munis) = generate(rows: rows, seed: 42)
print("generated \(rows) rows in \(clock.now - start)")

if let dir = csvDir {
    start = clock.now
    try writeCSV(register, to: dir + "/register.csv")
    try writeCSV(munis, to: dir + "/municipalities.csv")
    print("wrote CSV in \(clock.now - start)")
}

let queries: [(String, String)] = [
    ("filter", #"where occupation == "Sykepleier" and age >= 50 and position_pct < 100"#),
    ("group-by (3 keys, 4 aggregates)",
     "agg n = count(), fte = sum(fte), position = mean(position_pct), sick = sum(sick_days) by year, municipality, occupation"),
    ("sort (2 keys)", "sort municipality, -fte"),
    ("join (400-row table)", "join municipalities on municipality"),
]
let engine = QueryEngine(resolver: TableResolver(["register": register, "municipalities": munis]))
for (name, steps) in queries {
    var times: [Double] = []
    var cpu: [Double] = []
    var outRows = 0
    for _ in 0..<runs {
        let t0 = clock.now
        let c0 = Foundation.clock()
        let r = try engine.apply(steps, to: register)
        let d = clock.now - t0
        cpu.append(Double(Foundation.clock() - c0) / Double(CLOCKS_PER_SEC) * 1000)
        times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        outRows = r.table.rowCount
    }
    times.sort()
    cpu.sort()
    let median = times[times.count / 2]
    print(String(format: "%-34@ median %8.1f ms wall, %8.1f ms CPU  (wall min %.1f, max %.1f; %d rows out)",
                 name as NSString, median, cpu[cpu.count / 2], times.first!, times.last!, outRows))
}
