import Query
import Tables

/// `indicator NAME on DATASET [by col, …] [scope=left_sector|total] [target=90%] [basis=fte|employed]
/// [definition=position100|hours30] [certified=all|doctor|self] [stat=mean|median] [population=D] [age=67+|80+]
/// [users=D]` and `indicators`: computes an indicator of the catalog and
/// returns a table (the `by` columns and the indicator, with its unit) that flows on in the pipeline.
public enum IndicatorCommand {
    /// Named arguments and the values they accept (nil = free value). The values that choose a formula come
    /// from the indicators' own variants (`when:`), in the order they are declared, so an option added to an
    /// indicator is accepted, completed and documented without a second list here; the rest are free values,
    /// and `age` picks a population column.
    public static let argumentValues: [String: [String]?] = {
        var values: [String: [String]?] = ["target": nil, "population": nil, "users": nil, "age": ["67+", "80+"]]
        for (key, declared) in variantValues { values[key] = declared }
        return values
    }()

    /// Per variant key, its values in declaration order across the built-in indicators.
    static let variantValues: [(String, [String])] = {
        var order: [String] = [], values: [String: [String]] = [:]
        for indicator in BuiltinIndicators.all {
            for variant in indicator.variants {
                for (key, value) in variant.when.sorted(by: { $0.key < $1.key }) {
                    if values[key] == nil { order.append(key); values[key] = [] }
                    if !values[key]!.contains(value) { values[key]!.append(value) }
                }
            }
        }
        return order.map { ($0, values[$0]!) }
    }()

    /// The value an option takes when it is not given: the first one its indicators declare.
    static let defaults: [String: String] = Dictionary(uniqueKeysWithValues: variantValues.map { ($0.0, $0.1[0]) })
    /// Old values still accepted (not offered by completion): each maps to its new name, and the result says so.
    public static let deprecatedValues: [String: [String: String]] = [
        "scope": ["ks": "left_sector", "helsedir": "total"],
    ]
    /// What each turnover scope measures, as the result's `scope` column says it.
    static let turnoverScopes = [
        "left_sector": "left_sector: left the municipal sector (KS)",
        "total": "total: left the municipal sector, changed municipality or sub-service (KS)",
    ]

    public static func run(_ args: CommandArguments, catalog: IndicatorCatalog,
                           dataset: (String) throws -> Table) throws -> Table {
        if args.command == "indicators" {
            if let extra = args.words.first {
                throw Diagnostic("`indicators` takes no arguments", span: extra.span,
                                 hint: "help indicator NAME shows one indicator")
            }
            return catalog.table()
        }
        let request = try Request(args, catalog: catalog)
        return try request.run(catalog: catalog, dataset: dataset)
    }

    /// A parsed `indicator …` command.
    struct Request {
        var indicator: Indicator
        var nameWord: CommandArguments.Word
        var datasetWord: CommandArguments.Word
        var by: [CommandArguments.Word] = []
        var named: [String: CommandArguments.Word] = [:]
        /// Arguments given by an old name (key → the old value), for the note in the result.
        var deprecated: [String: String] = [:]
        var target = 100.0

        init(_ args: CommandArguments, catalog: IndicatorCatalog) throws {
            let pos = args.positional
            guard let first = pos.first else {
                throw Diagnostic("which indicator?", span: args.commandSpan,
                                 hint: "indicator NAME on DATASET [by col, …]; `indicators` lists them")
            }
            if first.text.lowercased() == "define" {
                throw Diagnostic("`indicator define` is a statement of its own", span: first.span,
                                 hint: "indicator define NAME = EXPR [per col, …] [description=\"…\"]")
            }
            indicator = try catalog.lookup(first.text, span: first.span)
            nameWord = first
            guard pos.count >= 2, pos[1].text.lowercased() == "on" else {
                throw Diagnostic("expected `on DATASET` after `\(first.text)`", span: pos.count >= 2 ? pos[1].span : first.span,
                                 hint: "indicator \(first.text) on DATASET [by col, …]")
            }
            guard pos.count >= 3 else {
                throw Diagnostic("expected a dataset after `on`", span: pos[1].span,
                                 hint: "indicator \(first.text) on DATASET [by col, …]")
            }
            datasetWord = pos[2]
            var rest = pos.dropFirst(3)
            if let b = rest.first {
                guard b.text.lowercased() == "by" else {
                    throw Diagnostic("unexpected `\(b.text)`", span: b.span, hint: "group with `by col, …`")
                }
                rest = rest.dropFirst()
                guard !rest.isEmpty else { throw Diagnostic("`by` needs at least one column", span: b.span) }
                by = Array(rest)
            }
            for w in args.words where w.key != nil {
                let key = w.key!
                guard let allowed = Self.allowedValues(key) else {
                    throw Diagnostic("unknown argument `\(key)`", span: w.span,
                                     hint: NameSuggester.hint(for: key, in: Array(argumentValues.keys))
                                        ?? "arguments: " + argumentValues.keys.sorted().map { "\($0)=" }.joined(separator: ", "))
                }
                var value = w.value.lowercased()
                var word = w
                if let new = deprecatedValues[key]?[value] {
                    deprecated[key] = value
                    value = new
                    word.value = new
                }
                if let allowed, !allowed.contains(value) {
                    throw Diagnostic("`\(key)` must be " + allowed.map { "`\($0)`" }.joined(separator: " or "),
                                     span: w.valueSpan)
                }
                if indicator.isBuiltIn, !indicator.parameters.contains(where: { $0.name == key }) {
                    throw Diagnostic("`\(indicator.name)` takes no `\(key)=`", span: w.span,
                                     hint: indicator.parameters.isEmpty ? nil
                                        : "it takes " + indicator.parameters.map { "\($0.name)=" }.joined(separator: ", "))
                }
                named[key] = word
            }
            if let t = named["target"] {
                guard var v = CommandArguments.number(t.value) else {
                    throw Diagnostic("target must be a percentage such as 90%", span: t.valueSpan)
                }
                if t.value.hasSuffix("%") || v <= 1.5 { v *= 100 }
                guard v > 0, v <= 200 else {
                    throw Diagnostic("target must be between 0 % and 200 %", span: t.valueSpan)
                }
                target = v
            }
        }

        static func allowedValues(_ key: String) -> [String]?? {
            guard let v = argumentValues[key] else { return nil }
            return .some(v)
        }

        func value(_ key: String) -> String? { named[key]?.value.lowercased() ?? defaults[key] }

        /// Variants whose `when` conditions hold for the given arguments.
        var candidateVariants: [Indicator.Variant] {
            indicator.variants.filter { v in v.when.allSatisfy { value($0.key) == $0.value } }
        }

        func run(catalog: IndicatorCatalog, dataset: (String) throws -> Table) throws -> Table {
            var data = try load(datasetWord, dataset)
            var byNames = by.map(\.text)
            if byNames.isEmpty { byNames = indicator.per }
            // `by service_group` on data with KOSTRA function codes: add the groups on the fly, one row
            // per group membership, so every published group is complete (see `Kostra`).
            if byNames.contains("service_group"), data.column(named: "service_group") == nil,
               data.column(named: "kostra_function") != nil {
                data = try Kostra.addServiceGroup(to: data, layout: .memberships)
            }
            let columns = Set(data.columnNames)
            // Data with several years is never pooled silently: the years become a group of their own.
            if !byNames.contains("year"), Self.distinctYears(data).count > 1 { byNames.insert("year", at: 0) }
            for (i, b) in byNames.enumerated() where !columns.contains(b) {
                throw Diagnostic("no column `\(b)` in `\(datasetWord.text)` to group by",
                                 span: i < by.count ? by[i].span : datasetWord.span,
                                 hint: NameSuggester.hint(for: b, in: data.columnNames))
            }
            let variants = candidateVariants
            guard let variant = variants.first(where: { $0.requires.allSatisfy(columns.contains) }) else {
                throw missingColumns(variants, columns: columns, data: data)
            }
            if target != 100, !variant.steps.contains("{target}") {
                throw Diagnostic("target= needs person-level data with the column `position_pct`",
                                 span: named["target"]?.span,
                                 hint: "`\(datasetWord.text)` is an aggregated table: only the full-time potential (target 100 %) can be computed")
            }
            if variant.level == .rates { try refusePooling(variant, by: byNames, data: data) }
            var result: Table
            switch indicator.kind {
            case .formula:
                result = try apply(variant.steps, by: byNames, to: data)
                func label(_ name: String, _ text: String) {
                    result.setColumn(name, Column(strings: Array(repeating: text, count: result.rowCount)))
                }
                if indicator.name == "turnover" {
                    var text = IndicatorCommand.turnoverScopes[value("scope") ?? "left_sector"] ?? ""
                    if let old = deprecated["scope"] {
                        text += " (scope=\(old) is the old name of scope=\(value("scope") ?? ""); both series are KS's)"
                    }
                    label("scope", text)
                }
                if indicator.name == "fulltime_potential" {
                    label("scope", variant.level == .person
                        ? "person-level: Σ max(0, target − position)"
                        : "aggregate: employed − FTE, a lower bound")   // FTE above 100 % offsets the rest
                }
                if indicator.name == "fulltime_potential", named["target"] != nil {
                    result.setColumn("target", Column(doubles: Array(repeating: target / 100, count: result.rowCount)),
                                     unit: "share")
                }
                for key in ["definition", "certified", "stat"] where named[key] != nil {
                    label(key, value(key) ?? "")
                }
            case .bands:
                result = try bands(variant, by: byNames, data: data)
            case .perPopulation, .perUser:
                result = try perDenominator(variant, by: byNames, data: data, dataset: dataset)
            }
            if !indicator.unit.isEmpty { result.setUnit(indicator.unit, for: indicator.name) }
            return result
        }

        /// A table of published rates holds one rate per group; several rows in one group could only be pooled
        /// with their denominators, which such a table does not have: refuse, naming the group and the columns
        /// that tell its rows apart.
        func refusePooling(_ variant: Indicator.Variant, by: [String], data: Table) throws {
            let groupBy = by.isEmpty ? "" : " by " + by.map(Self.quoted).joined(separator: ", ")
            let counts = try runFormula("agg n = count()" + groupBy, on: data)
            guard let n = counts.column(named: "n") else { return }
            for r in 0..<counts.rowCount {
                guard let k = n[r].asDouble, k > 1 else { continue }
                let group = by.isEmpty ? "the whole table"
                    : by.map { "\($0) \(counts.column(named: $0)![r].description)" }.joined(separator: ", ")
                // The key columns: text and integer columns, in the table's order, until each row is a group of its own.
                let rateColumns = Set(variant.requires)
                let candidates = data.schema.fields.filter { f in
                    !by.contains(f.name) && !rateColumns.contains(f.name) && (f.type == .string || f.type == .int)
                }.map(\.name)
                func unique(_ columns: [String]) -> Bool {
                    var seen = Set<String>()
                    for row in 0..<data.rowCount {
                        let key = columns.map { data.column(named: $0)![row].description }.joined(separator: "\u{1F}")
                        if !seen.insert(key).inserted { return false }
                    }
                    return true
                }
                var keys: [String] = []
                for c in candidates where !unique(by + keys) { keys.append(c) }
                throw Diagnostic("`\(datasetWord.text)` holds published rates (\(variant.requires.joined(separator: ", "))): "
                                 + "\(Int(k)) rows fall in one group (\(group)), and rates cannot be pooled without their denominators",
                                 span: datasetWord.span,
                                 hint: keys.isEmpty ? "take one row per group first (`where`)"
                                    : "group by the columns that tell the rows apart: by " + (by + keys).joined(separator: ", "))
            }
        }

        /// The distinct values of an integer `year` column (empty when there is none).
        static func distinctYears(_ t: Table) -> [Int64] {
            guard let c = t.column(named: "year"), case .int(let a) = c.storage else { return [] }
            var seen = Set<Int64>()
            for (i, y) in a.enumerated() where !c.isNull(i) { seen.insert(y) }
            return seen.sorted()
        }

        func load(_ word: CommandArguments.Word, _ dataset: (String) throws -> Table) throws -> Table {
            do {
                return try dataset(word.text)
            } catch let e as any DiagnosticError where e.span == nil {
                throw Diagnostic(e.message, span: word.span, hint: e.hint)
            }
        }

        /// The error for a dataset that lacks columns: names the first missing column of the closest
        /// variant and gives the indicator's definition.
        func missingColumns(_ variants: [Indicator.Variant], columns: Set<String>, data: Table) -> Diagnostic {
            let ranked = variants.map { v in (v, v.requires.filter { !columns.contains($0) }) }
                .min { $0.1.count < $1.1.count }
            let missing = ranked?.1 ?? []
            let col = missing.first ?? "?"
            let others = missing.count > 1 ? " (and " + missing.dropFirst().map { "`\($0)`" }.joined(separator: ", ") + ")" : ""
            var hint = "\(indicator.name) = \(indicator.definition)"
            let alternatives = variants.filter { $0.level != ranked?.0.level }.map { $0.requires }
            if let alt = alternatives.first, !alt.isEmpty {
                hint += "; or give a table with " + alt.map { "`\($0)`" }.joined(separator: ", ")
            }
            if let near = NameSuggester.nearest(col, in: data.columnNames, limit: 1).first {
                hint = "did you mean `\(near)`? " + hint
            }
            return Diagnostic("indicator `\(indicator.name)` needs column `\(col)`\(others), which `\(datasetWord.text)` does not have",
                              span: datasetWord.span, hint: hint)
        }

        /// Runs `steps` with `by` appended to the final `agg`.
        func apply(_ steps: String, by: [String], to table: Table) throws -> Table {
            var text = steps.replacingOccurrences(of: "{target}", with: NumberFormatting.plain(target))
            if !by.isEmpty { text += " by " + by.map(Self.quoted).joined(separator: ", ") }
            return try runFormula(text, on: table)
        }

        func runFormula(_ text: String, on table: Table) throws -> Table {
            do {
                return try QueryEngine.apply(text, to: table)
            } catch let e as any DiagnosticError {
                throw Diagnostic("indicator `\(indicator.name)`: \(e.message)", span: nameWord.span,
                                 hint: e.hint.map { "\($0); formula: \(text)" } ?? "formula: \(text)")
            }
        }

        static func quoted(_ name: String) -> String {
            let reserved: Set<String> = ["and", "or", "not", "in", "between", "is", "null", "true", "false",
                                         "case", "when", "then", "else", "end", "by", "over", "order"]
            if IndicatorCatalog.isIdentifier(name), !reserved.contains(name.lowercased()) { return name }
            return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        }

        func bands(_ variant: Indicator.Variant, by: [String], data: Table) throws -> Table {
            let keys = by.map(Self.quoted)
            let group = (keys + ["band_from"]).joined(separator: ", ")
            let sortKeys = (keys + ["band_from"]).joined(separator: ", ")
            let keep = (keys + ["position_band", "employed", "share"]).joined(separator: ", ")
            let text = variant.steps + " by " + group
                + " | derive position_band = if(band_from == 0, \"< 50 %\", if(band_from == 50, \"50–74 %\", "
                + "if(band_from == 75, \"75–99 %\", \"≥ 100 %\")))"
                + " | derive share = share(employed) over (" + (keys.isEmpty ? "" : "by " + keys.joined(separator: ", ")) + ")"
                + " | sort " + sortKeys + " | select " + keep
            var t = try runFormula(text, on: data)
            t.setUnit("persons", for: "employed")
            t.setUnit("share", for: "share")
            t.renameColumn("share", to: indicator.name)
            return t
        }

        /// FTE per 1 000 inhabitants / per user: from the data's own denominator column (aggregate
        /// variant), or the FTE by `by` joined with a denominator dataset (`population=` / `users=`).
        func perDenominator(_ variant: Indicator.Variant, by: [String], data: Table,
                            dataset: (String) throws -> Table) throws -> Table {
            let perPopulation = indicator.kind == .perPopulation
            let param = perPopulation ? "population" : "users"
            if variant.level == .aggregate, named[param] == nil {
                if named["age"] != nil {
                    throw Diagnostic("age= needs population=D with inhabitants by age group", span: named["age"]!.span)
                }
                return try apply(variant.steps, by: by, to: data)
            }
            guard let dWord = named[param] else {
                throw Diagnostic("`\(indicator.name)` on `\(datasetWord.text)` needs \(param)=D",
                                 span: datasetWord.span,
                                 hint: perPopulation ? "e.g. population=municipalities (a table with inhabitants)"
                                    : "a table with a `users` column")
            }
            guard data.column(named: "fte") != nil else {
                throw Diagnostic("indicator `\(indicator.name)` needs column `fte`, which `\(datasetWord.text)` does not have",
                                 span: datasetWord.span, hint: "\(indicator.name) = \(indicator.definition)")
            }
            var den: Table
            do {
                den = try dataset(dWord.value)
            } catch let e as any DiagnosticError where e.span == nil {
                throw Diagnostic(e.message, span: dWord.valueSpan, hint: e.hint)
            }
            var denColumn = perPopulation ? "inhabitants" : "users"
            if perPopulation, let age = named["age"] {
                if den.column(named: "age_group") != nil {
                    den = try runFormula("where age_group == \"\(age.value)\"", on: den)
                } else {
                    denColumn = age.value == "80+" ? "inhabitants_80plus" : "inhabitants_67plus"
                }
            }
            guard den.column(named: denColumn) != nil else {
                throw Diagnostic("`\(dWord.value)` has no column `\(denColumn)`", span: dWord.valueSpan,
                                 hint: NameSuggester.hint(for: denColumn, in: den.columnNames))
            }
            for b in by where den.column(named: b) == nil {
                if b == "year" {
                    let years = Self.distinctYears(data)
                    if years.count > 1 {
                        throw Diagnostic("`\(datasetWord.text)` has \(years.count) years (\(years.first!)–\(years.last!)) and "
                                         + "`\(dWord.value)` has no `year`: the FTE of every year would be set against one population",
                                         span: datasetWord.span,
                                         hint: "take one year first, e.g. `let y = from \(datasetWord.text) | where year == \(years.last!)`")
                    }
                }
                throw Diagnostic("`\(dWord.value)` has no column `\(b)` to match the grouping", span: dWord.valueSpan,
                                 hint: "group by columns both tables have")
            }
            let groupBy = by.isEmpty ? "" : " by " + by.map(Self.quoted).joined(separator: ", ")
            let num = try runFormula("agg fte = sum(fte)" + groupBy, on: data)
            let denName = perPopulation ? "inhabitants" : "users"
            let d = try runFormula("agg \(denName) = sum(\(Self.quoted(denColumn)))" + groupBy, on: den)
            let out = try joinRatio(num, d, keys: by, denominator: denName, scale: perPopulation ? 1000 : 1)
            try checkMatched(out, denominator: denName, keys: by, denominatorWord: dWord)
            return out
        }

        /// Refuses a result whose groups found no denominator in the other table: most often two region structures
        /// (the 18 counties before 2020 against the 11 of 2020, municipality numbers before and after a merger).
        func checkMatched(_ t: Table, denominator: String, keys: [String], denominatorWord: CommandArguments.Word) throws {
            guard let c = t.column(named: denominator) else { return }
            let missing = (0..<t.rowCount).filter { c.isNull($0) }
            guard !missing.isEmpty else { return }
            let names = missing.prefix(4).map { r in keys.map { t.column(named: $0)![r].description }.joined(separator: " ") }
            throw Diagnostic("\(missing.count) of \(t.rowCount) groups of `\(datasetWord.text)` have no match in "
                             + "`\(denominatorWord.value)` (" + names.joined(separator: ", ") + (missing.count > 4 ? ", …" : "") + ")",
                             span: denominatorWord.valueSpan,
                             hint: "the two tables use different " + (keys.isEmpty ? "groups" : keys.joined(separator: ", "))
                                + " (e.g. the 18 counties before 2020 against the 11 of 2020); give a denominator with the same structure")
        }

        func joinRatio(_ num: Table, _ den: Table, keys: [String], denominator: String, scale: Double) throws -> Table {
            func key(_ t: Table, _ row: Int) -> String {
                keys.map { t.column(named: $0)![row].description }.joined(separator: "\u{1F}")
            }
            var lookup: [String: Double] = [:]
            let dv = den.column(named: denominator)!
            for r in 0..<den.rowCount { if let x = dv[r].asDouble { lookup[key(den, r)] = x } }
            let fte = num.column(named: "fte")!
            var denValues: [Double] = [], values: [Double] = []
            var denValid = Bitmap(count: num.rowCount, value: true), valid = Bitmap(count: num.rowCount, value: true)
            for r in 0..<num.rowCount {
                let d = lookup[key(num, r)]
                denValues.append(d ?? 0)
                if d == nil { denValid[r] = false }
                if let d, d != 0, let f = fte[r].asDouble { values.append(f / d * scale) } else { values.append(0); valid[r] = false }
            }
            var out = num
            out.setUnit("FTE", for: "fte")
            out.setColumn(denominator, Column(doubles: denValues, validity: denValid), unit: "persons")
            out.setColumn(indicator.name, Column(doubles: values, validity: valid))
            return out
        }
    }
}

/// Plain number text for formulas (no thousands separators).
enum NumberFormatting {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
