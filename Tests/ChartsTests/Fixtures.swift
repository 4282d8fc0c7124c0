import Foundation
import Tables
import Query
@testable import Charts

/// Tables from the source reports (../shared/data), typed in so the tests stand alone.
enum Fixtures {
    /// NOU 2023:4 table 2.1: supply − demand in FTE by occupation (negative = shortage), rounded to 100;
    /// the 2019 column is NAV's base-year shortage, blank where not given.
    static func gap() -> Table {
        let rows: [(String, Int64?, Int64, Int64, Int64)] = [
            ("Psykologer", -450, 2600, 1800, 1800),
            ("Tannleger", nil, 1000, 400, 400),
            ("Tannpleiere", nil, 300, 200, 100),
            ("Helsesykepleiere", nil, 300, -200, -300),
            ("Radiografer", nil, 100, -400, -600),
            ("Jordmødre", -200, -200, -500, -600),
            ("Bioingeniører", nil, -100, -800, -1200),
            ("Fysioterapeuter", nil, 500, -1000, -1700),
            ("Ergoterapeuter", nil, -100, -1100, -2100),
            ("Leger", -600, 2500, -1700, -3400),
            ("Helsesekretærer og tannhelsesekretærer", nil, -3000, -4600, -5300),
            ("Vernepleiere", -700, -2400, -7400, -13400),
            ("Helsefagarbeidere", -1700, -6200, -24400, -47400),
            ("Sykepleiere", -5500, -9500, -29700, -50000),
        ]
        return Table([
            ("occupation", Column(strings: rows.map(\.0))),
            ("gap_2019_fte", Column(values: rows.map { $0.1.map(Value.int) ?? .null }, type: .int)),
            ("low_2040", Column(ints: rows.map(\.2))),
            ("mid_2040", Column(ints: rows.map(\.3))),
            ("high_2040", Column(ints: rows.map(\.4))),
        ])
    }

    /// The gap table in long form (occupation, scenario, gap) for grouped bars; the first `n` occupations
    /// from the bottom (largest shortages first).
    static func gapLong(last n: Int = 4) -> Table {
        let wide = gap()
        let occupations = wide.columns[0]
        var occ: [String] = [], scen: [String] = [], gap: [Int64] = []
        for i in stride(from: wide.rowCount - 1, through: wide.rowCount - n, by: -1) {
            for (j, name) in ["low", "mid", "high"].enumerated() {
                occ.append(occupations[i].asString!)
                scen.append(name)
                gap.append(Int64(wide.columns[2 + j][i].asDouble!))
            }
        }
        return Table([("occupation", Column(strings: occ)), ("scenario", Column(strings: scen)),
                      ("gap", Column(ints: gap))])
    }

    /// NOU 2023:4 figure 5.6: NAV's estimated shortage of nurses and specialist nurses 2014–2022 (persons),
    /// plus their sum; the 2018 specialist-nurse value is blanked (a missing value, which breaks its line
    /// and the sum's).
    static func shortage(missing: Bool = true) -> Table {
        let years: [Int64] = Array(2014...2022)
        let nurses: [Double] = [1850, 2350, 3300, 3600, 4550, 4500, 4300, 5350, 5900]
        let specialists: [Double] = [200, 200, 600, 400, 1369, 1100, 750, 1450, 600]
        var year: [Int64] = [], series: [String] = [], value: [Value] = []
        for (k, y) in years.enumerated() {
            let blank = missing && y == 2018
            year += [y, y, y]
            series += ["Sykepleiere", "Spesialsykepleiere", "Sum"]
            value += [.double(nurses[k]), blank ? .null : .double(specialists[k]),
                      blank ? .null : .double(nurses[k] + specialists[k])]
        }
        return Table([("year", Column(ints: year)), ("series", Column(strings: series)),
                      ("shortage", Column(values: value, type: .double))])
    }

    /// HELSEMOD supply 2019 and 2040 (thousand FTE) and growth (%), by occupation.
    static func supply() -> Table {
        let rows: [(String, Double, Double, Double)] = [
            ("Bioingeniør", 5.1, 6.2, 22.5), ("Ergoterapeut", 3.4, 5.2, 52.8), ("Fysioterapeut", 9.8, 12.5, 27.3),
            ("Helsefagarbeider", 55.3, 58.9, 6.6), ("Helsesekretær og tannhelsesekretær", 10.6, 9.7, -8.3),
            ("Helsesykepleier", 3.7, 4.7, 29.0), ("Jordmor", 2.6, 2.9, 11.5), ("Lege", 26.7, 39.4, 47.4),
            ("Psykolog", 6.1, 10.1, 65.7), ("Radiograf", 3.2, 4.3, 37.1), ("Sykepleier", 81.5, 102.9, 26.3),
            ("Tannlege", 4.8, 6.3, 31.1), ("Tannpleier", 1.1, 1.9, 63.4), ("Vernepleier", 12.2, 17.6, 44.2),
        ]
        return Table([
            ("occupation", Column(strings: rows.map(\.0))),
            ("supply_2019", Column(doubles: rows.map(\.1))),
            ("supply_2040", Column(doubles: rows.map(\.2))),
            ("growth_pct", Column(doubles: rows.map(\.3))),
        ])
    }

    /// NOU 2023:4 figure 9.3: part-time share 2021 by occupation, as a share (unit "share").
    static func partTime() -> Table {
        let rows: [(String, Double)] = [
            ("Psykologer", 6), ("Leger", 8), ("Audiograf", 9), ("Ambulansepersonell", 9),
            ("Administrasjon/Ledelse", 11), ("Diagnostisk personell", 12), ("Logoped", 15), ("Sosionom", 15),
            ("Ergoterapeut", 15), ("Operasjonssykepleier", 16), ("Fysioterapeut", 16), ("Anestesisykepleier", 16),
            ("Pedagog", 18), ("Apotekstillinger", 18), ("Driftspersonell og teknisk personell", 23),
            ("Alle stillinger", 25), ("Helsesekretær", 25), ("Intensivsykepleier", 28),
            ("Andre spesialsykepleiere", 28), ("Vernepleier", 28), ("Forskning", 32),
            ("Kreft/onkologisykepleier", 32), ("Barn/Pediatrisykepleier", 39), ("Sykepleier", 43),
            ("Miljøterapeut", 44), ("Jordmor", 50), ("Helsefagarbeider/hjelpepleier", 58),
            ("Andre pasientrettede stillinger", 58), ("Miljøarbeider", 78),
        ]
        var t = Table([("occupation", Column(strings: rows.map(\.0))),
                       ("parttime_share", Column(doubles: rows.map { $0.1 / 100 }))])
        t.setUnit("share", for: "parttime_share")
        return t
    }

    /// A deterministic, register-like age column: `n` ages 20…69 from a linear congruential generator,
    /// the sum of two uniform draws so the middle is fuller than the tails.
    static func ages(_ n: Int) -> Table {
        var state: UInt64 = 42
        func next() -> Int64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int64((state >> 33) % 26)
        }
        let ages = (0..<n).map { _ in 20 + next() + next() }
        return Table([("age", Column(ints: ages))])
    }

    /// A table of one text and one double column.
    static func labelled(_ rows: [(String, Double)], label: String = "name", value: String = "value") -> Table {
        Table([(label, Column(strings: rows.map(\.0))), (value, Column(doubles: rows.map(\.1)))])
    }

    /// Parses `text` (a `chart …` step) into a spec.
    static func spec(_ text: String) throws -> ChartSpec {
        try ChartSpec(CommandArguments.parse(text))
    }
}
