import Tables

/// KOSTRA function codes of the municipal health and care services and the service groups that
/// Helsedirektoratet and NOU 2023:4 build from them (ENGINES §7):
///
/// | group | functions |
/// |---|---|
/// | kommunal helse- og omsorgstjeneste | 232 + 233 + 241 + 234 + 253 + 254 + 261 |
/// | kommunehelsetjenesten | 232 + 233 + 241 |
/// | helsestasjons- og skolehelsetjenesten | 232 |
/// | omsorgstjenestene | 234 + 253 + 254 + 261 |
/// | hjemmebaserte tjenester | 234 + 254 |
/// | institusjonsbaserte tjenester | 253 |
///
/// From 2024 function 254 was split into 257 and 258; both go where 254 stood, for data of 2024
/// and later (before 2024, 257 and 258 are not health and care functions and map to no group).
/// 254 keeps its groups in any year, so a late file that still uses it is not lost.
///
/// The groups overlap (232 is in three of them). `addServiceGroup` therefore offers two layouts:
/// `.finest` keeps one row per input row and names the smallest group the function belongs to,
/// so sums over `service_group` add up to the total; `.memberships` repeats a row once for every
/// group it belongs to, so an indicator `by service_group` gives each published group exactly
/// (but the rows of different groups must not be added together).
public enum Kostra {
    /// A published service group.
    public enum ServiceGroup: String, CaseIterable, Sendable {
        case kommunalHelseOgOmsorg = "kommunal helse- og omsorgstjeneste"
        case kommunehelse = "kommunehelsetjenesten"
        case helsestasjon = "helsestasjons- og skolehelsetjenesten"
        case omsorg = "omsorgstjenestene"
        case hjemmebaserte = "hjemmebaserte tjenester"
        case institusjonsbaserte = "institusjonsbaserte tjenester"

        /// The group's Norwegian name as published.
        public var name: String { rawValue }
    }

    /// How `addServiceGroup` treats functions that belong to several groups.
    public enum Layout: String, Sendable {
        /// One row per input row, labelled with the finest group (sums add up).
        case finest
        /// One row per group membership (each group complete; do not add groups together).
        case memberships
    }

    /// The first year in which 254 is split into 257 and 258.
    public static let splitYear = 2024

    /// Names of the functions (KOSTRA kontoplan).
    public static let functionNames: [Int: String] = [
        232: "Forebygging, helsestasjons- og skolehelsetjeneste",
        233: "Annet forebyggende helsearbeid",
        234: "Aktivisering og servicetjenester overfor eldre og personer med funksjonsnedsettelser",
        241: "Diagnose, behandling, re-/habilitering",
        253: "Helse- og omsorgstjenester i institusjon",
        254: "Helse- og omsorgstjenester til hjemmeboende (til 2023)",
        257: "Tjenester til hjemmeboende, del av tidligere 254 (fra 2024)",
        258: "Tjenester til hjemmeboende, del av tidligere 254 (fra 2024)",
        261: "Institusjonslokaler",
    ]

    /// The function code that `function` stands for in the group definitions (254 for 257/258
    /// from 2024), or nil when it is not a municipal health and care function in `year`.
    public static func canonicalFunction(_ function: Int, year: Int?) -> Int? {
        switch function {
        case 232, 233, 234, 241, 253, 254, 261: return function
        case 257, 258:
            guard let year else { return 254 }
            return year >= splitYear ? 254 : nil
        default: return nil
        }
    }

    /// Every group `function` belongs to in `year` (nil year: any year), widest group first.
    public static func groups(function: Int, year: Int? = nil) -> [ServiceGroup] {
        guard let f = canonicalFunction(function, year: year) else { return [] }
        switch f {
        case 232: return [.kommunalHelseOgOmsorg, .kommunehelse, .helsestasjon]
        case 233, 241: return [.kommunalHelseOgOmsorg, .kommunehelse]
        case 234, 254: return [.kommunalHelseOgOmsorg, .omsorg, .hjemmebaserte]
        case 253: return [.kommunalHelseOgOmsorg, .omsorg, .institusjonsbaserte]
        case 261: return [.kommunalHelseOgOmsorg, .omsorg]
        default: return []
        }
    }

    /// The smallest group `function` belongs to, or nil.
    public static func finestGroup(function: Int, year: Int? = nil) -> ServiceGroup? {
        groups(function: function, year: year).last
    }

    /// The functions that make up `group` in `year` (257/258 instead of 254 from 2024).
    public static func functions(of group: ServiceGroup, year: Int? = nil) -> [Int] {
        let base: [Int]
        switch group {
        case .kommunalHelseOgOmsorg: base = [232, 233, 241, 234, 253, 254, 261]
        case .kommunehelse: base = [232, 233, 241]
        case .helsestasjon: base = [232]
        case .omsorg: base = [234, 253, 254, 261]
        case .hjemmebaserte: base = [234, 254]
        case .institusjonsbaserte: base = [253]
        }
        guard let year, year >= splitYear else { return base }
        return base.flatMap { $0 == 254 ? [257, 258] : [$0] }
    }

    /// The function codes of `column` as integers (int column, or text such as "254" / "F254").
    static func functionCodes(_ column: Column) -> [Int?] {
        switch column.storage {
        case .int(let a):
            return a.indices.map { column.isNull($0) ? nil : Int(a[$0]) }
        case .double(let a):
            return a.indices.map { column.isNull($0) || !a[$0].isFinite ? nil : Int(a[$0]) }
        case .string(let codes, let dict):
            let parsed = dict.values.map { s -> Int? in
                Int(s.trimmingCharacters(in: .whitespaces).filter(\.isNumber))
            }
            return codes.indices.map { column.isNull($0) ? nil : parsed[Int(codes[$0])] }
        case .bool:
            return Array(repeating: nil, count: column.count)
        }
    }

    /// `table` with a text column `service_group` added from its KOSTRA function column.
    /// Rows whose function is no municipal health and care function get a null group (`.finest`)
    /// or are dropped (`.memberships`). The year column, when present, decides 254 → 257/258.
    public static func addServiceGroup(to table: Table, functionColumn: String = "kostra_function",
                                       yearColumn: String = "year", layout: Layout = .finest,
                                       span: SourceSpan? = nil) throws -> Table {
        guard let fcol = table.column(named: functionColumn) else {
            throw Diagnostic("no column `\(functionColumn)` with KOSTRA function codes", span: span,
                             hint: NameSuggester.hint(for: functionColumn, in: table.columnNames)
                                ?? "service groups are built from KOSTRA function codes (232, 233, 234, 241, 253, 254, 261)")
        }
        let functions = functionCodes(fcol)
        var years: [Int?] = Array(repeating: nil, count: table.rowCount)
        if let ycol = table.column(named: yearColumn), let y = ycol.doubleValues {
            years = y.indices.map { ycol.isNull($0) ? nil : Int(y[$0]) }
        }
        let dict = StringDictionary(ServiceGroup.allCases.map(\.rawValue))
        let groupCode = Dictionary(uniqueKeysWithValues: ServiceGroup.allCases.enumerated().map { ($1, UInt32($0)) })
        switch layout {
        case .finest:
            var codes = [UInt32](repeating: 0, count: table.rowCount)
            var valid = Bitmap(count: table.rowCount, value: true)
            for i in 0..<table.rowCount {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                if let f = functions[i], let g = finestGroup(function: f, year: years[i]) {
                    codes[i] = groupCode[g]!
                } else {
                    valid[i] = false
                }
            }
            var out = table
            out.setColumn("service_group", Column(codes: codes, dictionary: dict, validity: valid))
            return out
        case .memberships:
            var rows: [Int] = []
            var codes: [UInt32] = []
            rows.reserveCapacity(table.rowCount * 3)
            codes.reserveCapacity(table.rowCount * 3)
            for i in 0..<table.rowCount {
                if i & 0xFFFF == 0 { try Cancellation.check() }
                guard let f = functions[i] else { continue }
                for g in groups(function: f, year: years[i]) {
                    rows.append(i); codes.append(groupCode[g]!)
                }
            }
            var out = table.gather(rows)
            out.setColumn("service_group", Column(codes: codes, dictionary: dict))
            return out
        }
    }

    /// A table of the functions and their groups (for `help kostra` and the docs).
    public static func table() -> Table {
        let fs = [232, 233, 234, 241, 253, 254, 257, 258, 261]
        var rows: [[Value]] = []
        for f in fs {
            let year = (f == 257 || f == 258) ? splitYear : nil
            rows.append([.int(Int64(f)), .string(functionNames[f] ?? ""),
                         .string(groups(function: f, year: year).map(\.rawValue).joined(separator: "; ")),
                         .string(f == 254 ? "to 2023" : (year == nil ? "all years" : "from 2024"))])
        }
        return Table(names: ["kostra_function", "name", "service_groups", "years"], rows: rows)
    }
}
