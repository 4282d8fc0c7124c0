import Tables
import Query

/// Parsing and setting of scenario parameters (`standard=0.8%`, `entries=+10%@2025`, …), shared by
/// `scenario NAME from BASE …` and `project … vary PARAM=a..b`.
public enum ScenarioParameter {
    /// Every key `scenario` accepts.
    public static let keys = ["standard", "productivity", "family", "family_level", "health", "entries", "entries_norway",
                              "entries_abroad", "study_places", "position", "position_floor", "participation", "base_shortage"]
    /// The keys `vary` can sweep over a numeric range.
    public static let numericKeys = ["standard", "productivity", "family_level", "entries", "entries_norway",
                                     "entries_abroad", "study_places", "position", "position_floor", "participation"]

    /// The words a yes/no parameter accepts, the first of each pair being what completion offers.
    static let yesWords = ["yes", "true", "ja", "on"]
    static let noWords = ["no", "false", "nei", "off"]

    /// The values a parameter with a closed set of them takes (`family=level|share`, `health=yes|no`), as
    /// Tab offers them; nil for a numeric or free-form parameter.
    public static func values(of key: String) -> [String]? {
        switch key.lowercased() {
        case "family": return Scenario.FamilyCare.allCases.map(\.rawValue)
        case "health", "base_shortage": return [yesWords[0], noWords[0]]
        default: return nil
        }
    }

    /// Applies one `key=value` word to `s`; errors point at the word's value.
    static func apply(_ word: CommandArguments.Word, to s: inout Scenario) throws {
        let key = word.key ?? ""
        let v = word.value
        func bad(_ message: String, _ hint: String) -> Diagnostic { Diagnostic(message, span: word.valueSpan, hint: hint) }
        switch key {
        case "standard", "productivity":
            let x = try percent(word, example: "\(key)=0.8%")
            guard x > -0.5, x < 0.5 else { throw bad("\(key) \(v) is not a plausible annual growth", "e.g. \(key)=0.8%") }
            if key == "standard" { s.standard = x } else { s.productivity = x }
        case "family":
            guard let f = Scenario.FamilyCare(rawValue: v.lowercased()) else {
                throw bad("family must be `level` or `share`, not `\(v)`",
                          "level: informal care constant at family_level FTE; share: informal care grows with need")
            }
            s.family = f
        case "family_level":
            guard let x = CommandArguments.number(v), x >= 0, !v.hasSuffix("%") else {
                throw bad("family_level must be a number of FTE, not `\(v)`", "e.g. family_level=90000")
            }
            s.familyLevel = x
            s.family = .level
        case "health":
            s.healthImprovement = try yesNo(word)
        case "base_shortage":
            s.baseShortage = try yesNo(word)
        case "entries", "entries_norway", "entries_abroad":
            // entries: all entries; entries_norway / entries_abroad: only those educated in Norway / abroad
            // (split per occupation by the `entry_origin` input). SSB's variant is entries_norway=+10%@2025.
            let (amount, years) = split(v, at: "@")
            guard amount.hasSuffix("%"), let x = CommandArguments.number(amount), x > -1 else {
                throw bad("\(key) must be a change in percent, not `\(amount)`", "e.g. \(key)=+10%@2025")
            }
            var from: Int? = nil
            if let years {
                guard let y = Int(years), y >= 1900, y <= 3000 else {
                    throw bad("`\(years)` is not a year", "e.g. \(key)=+10%@2025")
                }
                from = y
            }
            let change = Scenario.EntriesChange(factor: 1 + x, fromYear: from)
            switch key {
            case "entries_norway": s.entriesNorway = change
            case "entries_abroad": s.entriesAbroad = change
            default: s.entries = change
            }
        case "study_places":
            let (head, years) = split(v, at: "@")
            var occupation = "Sykepleier"
            var amount = head
            if let colon = head.firstIndex(of: ":") {
                occupation = String(head[..<colon])
                amount = String(head[head.index(after: colon)...])
            }
            guard !amount.hasSuffix("%"), let x = CommandArguments.number(amount) else {
                throw bad("study_places must be a number of places, not `\(amount)`",
                          "e.g. study_places=+222@2023..2037 or study_places=Sykepleier:+1868@2023")
            }
            guard let years else {
                throw bad("study_places needs the years: `@2023` (from 2023) or `@2023..2037` (\(amount) more every year)",
                          "e.g. study_places=+222@2023..2037")
            }
            let parts = years.components(separatedBy: "..")
            guard let a = Int(parts[0]), a >= 1900, a <= 3000, parts.count <= 2 else {
                throw bad("`\(years)` is not a year or a range of years", "e.g. @2023 or @2023..2037")
            }
            var b: Int? = nil
            if parts.count == 2 {
                guard let e = Int(parts[1]), e >= a, e <= 3000 else {
                    throw bad("`\(years)` is not a range of years", "e.g. @2023..2037")
                }
                b = e
            }
            s.studyPlaces.append(.init(occupation: occupation, places: x, fromYear: a, toYear: b))
        case "position":
            guard v.hasSuffix("%"), let x = CommandArguments.number(v), x > -1 else {
                throw bad("position must be a change in percent, not `\(v)`", "e.g. position=+5% (or position_floor=70%)")
            }
            s.position = 1 + x
        case "position_floor":
            guard v.hasSuffix("%"), let x = CommandArguments.number(v), x >= 0, x <= 1.5 else {
                throw bad("position_floor must be a share of full time in percent, not `\(v)`", "e.g. position_floor=70%")
            }
            s.positionFloor = x > 0 ? x : nil
        case "participation":
            guard v.hasSuffix("%"), let x = CommandArguments.number(v), x > -1 else {
                throw bad("participation must be a change in percent, not `\(v)`", "e.g. participation=+2%")
            }
            s.participation = 1 + x
        default:
            throw Diagnostic("unknown scenario parameter `\(key)`", span: word.span,
                             hint: NameSuggester.hint(for: key, in: keys) ?? "one of " + keys.joined(separator: ", "))
        }
    }

    /// Sets a numeric parameter to `value` (a fraction for percentages, FTE or places otherwise), for `vary`.
    static func set(_ key: String, _ value: Double, on s: inout Scenario, baseYear: Int) {
        switch key {
        case "standard": s.standard = value
        case "productivity": s.productivity = value
        case "family_level": s.familyLevel = value; s.family = .level
        case "entries": s.entries = .init(factor: 1 + value, fromYear: s.entries?.fromYear)
        case "entries_norway": s.entriesNorway = .init(factor: 1 + value, fromYear: s.entriesNorway?.fromYear)
        case "entries_abroad": s.entriesAbroad = .init(factor: 1 + value, fromYear: s.entriesAbroad?.fromYear)
        case "position": s.position = 1 + value
        case "position_floor": s.positionFloor = value > 0 ? value : nil
        case "participation": s.participation = 1 + value
        case "study_places":
            if s.studyPlaces.isEmpty {
                s.studyPlaces = [.init(occupation: "Sykepleier", places: value, fromYear: baseYear + 4, toYear: nil)]
            } else {
                for i in s.studyPlaces.indices { s.studyPlaces[i].places = value }
            }
        default: break
        }
    }

    /// True for parameters given in percent (shown as shares).
    static func isPercent(_ key: String) -> Bool { !["family_level", "study_places"].contains(key) }

    static func describe(_ e: Scenario.EntriesChange) -> String {
        let pct = NumberFormat.plain(((e.factor - 1) * 1000).rounded() / 10)
        return (e.factor >= 1 ? "+" : "") + pct + "%" + (e.fromYear.map { "@\($0)" } ?? "")
    }

    static func describe(_ p: Scenario.StudyPlaces) -> String {
        "\(p.occupation):" + (p.places >= 0 ? "+" : "") + NumberFormat.plain(p.places) + "@\(p.fromYear)"
            + (p.toYear.map { "..\($0)" } ?? "")
    }

    private static func split(_ s: String, at c: Character) -> (String, String?) {
        guard let i = s.firstIndex(of: c) else { return (s, nil) }
        return (String(s[..<i]), String(s[s.index(after: i)...]))
    }

    private static func percent(_ word: CommandArguments.Word, example: String) throws -> Double {
        guard let x = CommandArguments.number(word.value) else {
            throw Diagnostic("`\(word.value)` is not a number", span: word.valueSpan, hint: "e.g. \(example)")
        }
        if !word.value.hasSuffix("%") && abs(x) >= 0.1 {
            throw Diagnostic("`\(word.value)` reads as \(NumberFormat.plain(x * 100))% a year", span: word.valueSpan,
                             hint: "write percentages with %, e.g. \(example)")
        }
        return x
    }

    private static func yesNo(_ word: CommandArguments.Word) throws -> Bool {
        let value = word.value.lowercased()
        if yesWords.contains(value) { return true }
        if noWords.contains(value) { return false }
        throw Diagnostic("\(word.key ?? "value") must be yes or no, not `\(word.value)`", span: word.valueSpan,
                         hint: "\(word.key ?? "key")=yes or \(word.key ?? "key")=no")
    }
}
