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
        let persons = try t.numbers("persons", nonNegative: true, what: "count")
        let (rangeOf, ranges) = try t.ageIDs("age")
        let (areaOf, areaNames) = try t.keyIDs("area")
        areas = areaNames
        // Ranges in age order: rank[id] is the position of range `id` among the distinct ranges.
        let order = ranges.indices.sorted { ranges[$0] < ranges[$1] }
        var rank = [Int](repeating: 0, count: ranges.count)
        for (r, id) in order.enumerated() { rank[id] = r }
        let sortedRanges = order.map { ranges[$0] }
        let width = max(1, ranges.count)
        // One pass over the rows: persons per (area, year) slot and range, with the first row of each.
        struct Key: Hashable { var area: Int; var year: Int }
        var slot: [Key: Int] = [:]
        var slotKey: [(area: Int, year: Int)] = []
        var sums: [Double] = [], first: [Int] = []
        var lastKey = Key(area: -1, year: 0), lastSlot = -1
        try Cancellation.inBlocks(of: t.rowCount) { block in
            for i in block {
                let key = Key(area: areaOf[i], year: years[i])
                if key != lastKey {
                    if let found = slot[key] { lastSlot = found } else {
                        lastSlot = slotKey.count; slot[key] = lastSlot; slotKey.append((areaOf[i], years[i]))
                        if slotKey.count & 1023 == 1 { try MemoryBudget.reserve(1024 * width * 16, for: "indexing table `\(name)`") }
                        sums.append(contentsOf: repeatElement(0, count: width))
                        first.append(contentsOf: repeatElement(-1, count: width))
                    }
                    lastKey = key
                }
                let cell = lastSlot * width + rank[rangeOf[i]]
                sums[cell] += persons[i]
                if first[cell] < 0 { first[cell] = i }
            }
        }
        for (k, key) in slotKey.enumerated() {
            var merged: [(range: AgeRange, persons: Double, row: Int)] = []
            for r in 0..<width where first[k * width + r] >= 0 {
                merged.append((sortedRanges[r], sums[k * width + r], first[k * width + r]))
            }
            for j in merged.indices.dropFirst() where merged[j - 1].range.intersects(merged[j].range) {
                let later = max(merged[j - 1].row, merged[j].row)
                throw t.error(row: later, column: "age",
                              "age \(merged[j].range) overlaps age \(merged[j - 1].range) in year \(key.year)"
                                  + (hasArea ? " (area `\(areaNames[key.area])`)" : ""),
                              hint: "give single ages or bands that do not overlap")
            }
            slices[areaNames[key.area], default: [:]][key.year] = Slice(ranges: merged)
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
        let ranges = s.ranges
        let top = s.top
        // An open last range ("90+") covers any closed band above its start; a closed one ends at `top`.
        let lastOpen = ranges.last?.range.upper == nil
        let hi = band.upper.map { lastOpen ? min($0, top) : $0 } ?? top
        // Ranges are sorted and do not overlap, so their upper ends rise too: find the first that
        // reaches the band, then walk while they start inside it.
        var lo = 0, up = ranges.count
        while lo < up {
            let mid = (lo + up) / 2
            if (ranges[mid].range.upper ?? Int.max) < band.lower { lo = mid + 1 } else { up = mid }
        }
        var total = 0.0
        var next = band.lower
        var gap: (Int, Int)? = nil
        let bandEnd = band.upper ?? Int.max
        var i = lo
        while i < ranges.count, ranges[i].range.lower <= bandEnd {
            let r = ranges[i]
            guard band.contains(r.range) else {
                throw input.error(row: r.row, column: "age",
                                  "age \(r.range) in year \(year) crosses the edge of band \(band) of \(neededBy)",
                                  hint: "give the population in single ages or in bands that fit inside \(band)")
            }
            if gap == nil, r.range.lower > next { gap = (next, r.range.lower - 1) }
            total += r.persons
            next = max(next, r.range.upper(or: top) + 1)
            i += 1
        }
        if gap == nil, next <= hi { gap = (next, hi) }
        if band.lower > top || gap != nil {
            let missing: String
            if band.lower > top { missing = band.description } else {
                let (a, b) = gap!
                missing = a == min(b, hi) ? "\(a)" : "\(a)-\(min(b, hi))"
            }
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
        // Deliberately nil on the error: a ratio the bands cannot give is left empty (documented in DependencyRatios).
        try? persons(in: band, area: area, year: year, neededBy: "the ratio")
    }
}
