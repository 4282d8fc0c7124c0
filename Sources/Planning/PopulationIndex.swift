import Tables

/// A population table indexed by area and year: persons by age range, summed over any other columns
/// (sex, …). Input schema: `year` (whole number), `age` (single ages or bands, see `AgeRange`),
/// `persons` (≥ 0), optional `area`. Ranges within one area and year must not overlap, except that
/// rows with the same range are added (a table by sex).
struct PopulationIndex {
    struct Slice {
        /// Sorted, non-overlapping ranges with their persons and the first input row (0-based).
        var ranges: [(range: AgeRange, persons: Double, row: Int)]
        var top: Int { ranges.last.map { $0.range.upper ?? $0.range.lower } ?? 0 }
    }

    let input: PlanTable
    let hasArea: Bool
    private(set) var slices: [String: [Int: Slice]] = [:]
    /// Areas in first-appearance order.
    private(set) var areas: [String] = []

    init(_ name: String, _ table: Table) throws {
        let t = PlanTable(name, table)
        input = t
        hasArea = t.has("area")
        let years = try t.integers("year", what: "year")
        let ages = try t.ages("age")
        let persons = try t.numbers("persons", nonNegative: true, what: "count")
        let areaKeys = try t.keys("area")
        var acc: [String: [Int: [AgeRange: (Double, Int)]]] = [:]
        for i in 0..<t.rowCount {
            if i & 0xFFFF == 0 { try Cancellation.check() }
            let a = areaKeys[i]
            if acc[a] == nil { areas.append(a); acc[a] = [:] }
            let old = acc[a]![years[i], default: [:]][ages[i]]
            acc[a]![years[i], default: [:]][ages[i]] = ((old?.0 ?? 0) + persons[i], old?.1 ?? i)
        }
        for (a, byYear) in acc {
            var out: [Int: Slice] = [:]
            for (y, byRange) in byYear {
                let sorted = byRange.map { (range: $0.key, persons: $0.value.0, row: $0.value.1) }.sorted { $0.range < $1.range }
                for k in sorted.indices.dropFirst() where sorted[k - 1].range.intersects(sorted[k].range) {
                    let later = max(sorted[k - 1].row, sorted[k].row)
                    throw t.error(row: later, column: "age",
                                  "age \(sorted[k].range) overlaps age \(sorted[k - 1].range) in year \(y)"
                                      + (hasArea ? " (area `\(a)`)" : ""),
                                  hint: "give single ages or bands that do not overlap")
                }
                out[y] = Slice(ranges: sorted)
            }
            slices[a] = out
        }
    }

    func years(area: String) -> [Int] { (slices[area]?.keys).map { Array($0).sorted() } ?? [] }

    func slice(area: String, year: Int) throws -> Slice {
        guard let byYear = slices[area] else {
            throw input.error(column: "area", "no rows for area `\(area)`",
                              hint: NameSuggester.hint(for: area, in: areas))
        }
        guard let s = byYear[year] else {
            let have = years(area: area)
            throw input.error(column: "year", "no rows for year \(year)" + (hasArea ? " (area `\(area)`)" : ""),
                              hint: have.isEmpty ? nil : "it has \(have.first!)–\(have.last!)")
        }
        return s
    }

    /// Persons in `band` in one area and year. Throws naming the population row whose range crosses the
    /// band's edge, or the ages of the band the population does not cover (`neededBy` names the table
    /// and row that asked, for the message).
    func persons(in band: AgeRange, area: String, year: Int, neededBy: String) throws -> Double {
        let s = try slice(area: area, year: year)
        var total = 0.0
        var covered: [(Int, Int)] = []
        let top = s.top
        for r in s.ranges where r.range.intersects(band) {
            guard band.contains(r.range) else {
                throw input.error(row: r.row, column: "age",
                                  "age \(r.range) in year \(year) crosses the edge of band \(band) of \(neededBy)",
                                  hint: "give the population in single ages or in bands that fit inside \(band)")
            }
            total += r.persons
            covered.append((r.range.lower, r.range.upper(or: top)))
        }
        // Coverage: the band's ages up to the population's top must all be there.
        // An open last range ("90+") covers any closed band above its start; a closed one ends at `top`.
        let lastOpen = s.ranges.last?.range.upper == nil
        let hi = band.upper.map { lastOpen ? min($0, top) : $0 } ?? top
        var next = band.lower
        for (lo, up) in covered.sorted(by: { $0.0 < $1.0 }) {
            if lo > next { break }
            next = max(next, up + 1)
        }
        if next <= hi || band.lower > top {
            let missing = band.lower > top ? band.description
                : (next == hi ? "\(next)" : "\(next)-\(hi)")
            throw input.error(column: "age",
                              "ages \(missing) of band \(band) (\(neededBy)) are missing in year \(year)"
                                  + (hasArea ? " (area `\(area)`)" : ""),
                              hint: "the population's ages must cover every band of the users")
        }
        return total
    }

    /// Persons in `band` when the population's ranges resolve it, nil when a range crosses its edge or
    /// ages are missing (for ratios, which leave what the bands cannot give empty).
    func personsIfResolved(in band: AgeRange, area: String, year: Int) -> Double? {
        try? persons(in: band, area: area, year: year, neededBy: "the ratio")
    }
}
