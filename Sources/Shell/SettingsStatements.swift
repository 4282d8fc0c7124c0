import Tables
import Query

extension Session {
    /// `set rows N | format F | decimals N|auto | width N | charset unicode|ascii | color on|off |
    /// memory_limit 4GB|512MB|50%|default | collation norwegian|bytes`;
    /// `set` alone shows the settings. The settings change only when the whole statement is valid.
    func set(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        let words = args.words
        guard let nameWord = words.first else { return settingsText() }
        let name = nameWord.text.lowercased()
        if name == "ssb" || name == "ssb_cache" { return try setStatbank(words) }
        let settingNames = ["rows", "format", "decimals", "width", "charset", "color", "memory_limit", "collation"]
        guard settingNames.contains(name) else {
            throw Diagnostic("unknown setting `\(nameWord.text)`; settings are \(settingNames.joined(separator: ", "))",
                             span: nameWord.span, hint: NameSuggester.hint(for: nameWord.text, in: settingNames))
        }
        guard words.count >= 2 else {
            throw Diagnostic("`set \(name)` needs a value", span: SourceSpan(start: nameWord.span.end, end: nameWord.span.end + 1),
                             hint: "usage: " + Session.setUsage[name]!)
        }
        if name == "memory_limit" { return try setMemoryLimit(words) }
        guard words.count == 2 else {
            throw Diagnostic("unexpected `\(words[2].text)`", span: words[2].span, hint: "usage: " + Session.setUsage[name]!)
        }
        let valueWord = words[1]
        let value = valueWord.text.lowercased()
        var new = settings
        func number(_ range: ClosedRange<Int>) throws -> Int {
            guard let n = Int(value), range.contains(n) else {
                throw Diagnostic("`\(valueWord.text)` is not a whole number from \(range.lowerBound) to \(range.upperBound)",
                                 span: valueWord.span, hint: "usage: " + Session.setUsage[name]!)
            }
            return n
        }
        func choice(_ options: [String]) throws -> String {
            guard options.contains(value) else {
                throw Diagnostic("`\(valueWord.text)` is not one of \(options.joined(separator: ", "))", span: valueWord.span,
                                 hint: NameSuggester.hint(for: value, in: options) ?? ("usage: " + Session.setUsage[name]!))
            }
            return value
        }
        switch name {
        case "rows": new.rows = try number(1...1_000_000_000)
        case "format": new.format = DisplaySettings.Format(rawValue: try choice(DisplaySettings.Format.allCases.map(\.rawValue)))!
        case "decimals": new.decimals = value == "auto" ? nil : try number(0...12)
        case "width":
            new.width = try number(20...1000)
            new.widthFixed = true
        case "charset": new.ascii = try choice(["unicode", "ascii"]) == "ascii"
        case "color", "colour": new.color = try choice(["on", "off"]) == "on"
        case "collation": new.collation = Collation(rawValue: try choice(Collation.allCases.map(\.rawValue)))!
        default: break
        }
        settings = new
        return ""
    }

    static let setUsage: [String: String] = [
        "rows": "set rows N (rows shown before the `… more rows` footer)",
        "format": "set format table|csv|tsv|json|markdown",
        "decimals": "set decimals N|auto",
        "width": "set width N (cells; tables and charts are sized to it)",
        "charset": "set charset unicode|ascii",
        "color": "set color on|off",
        "collation": "set collation norwegian|bytes (how text sorts: … Z Æ Ø Å, or by code point)",
        "memory_limit": "set memory_limit 4GB|512MB|50%|default (statements that would need more stop with an error)",
    ]

    /// `set memory_limit 4GB` (also `4 GB`, `2.5GB`, `512MB`, `50%` of the memory available, `default`).
    private func setMemoryLimit(_ words: [CommandArguments.Word]) throws -> String {
        let usage = "usage: " + Session.setUsage["memory_limit"]!
        let valueWords = words.dropFirst()
        guard valueWords.count <= 2 else {
            let extra = valueWords[valueWords.startIndex + 2]
            throw Diagnostic("unexpected `\(extra.text)`", span: extra.span, hint: usage)
        }
        let text = valueWords.map(\.text).joined()
        let span = SourceSpan(start: valueWords.first!.span.start, end: valueWords.last!.span.end)
        if valueWords.count == 1, ["default", "auto"].contains(text.lowercased()) {
            settings.memoryLimit = nil
            return ""
        }
        guard let bytes = MemoryBudget.parseSize(text) else {
            throw Diagnostic("`\(valueWords.map(\.text).joined(separator: " "))` is not a memory size", span: span, hint: usage)
        }
        guard bytes >= 1 << 20 else {
            throw Diagnostic("a memory limit below 1 MB leaves no room to work", span: span, hint: usage)
        }
        settings.memoryLimit = bytes
        return ""
    }

    /// `4 GB` or `default (18 GB: 75 % of 24 GB)`.
    func memoryLimitText() -> String {
        if let limit = settings.memoryLimit { return MemoryBudget.format(limit) }
        return "default (\(MemoryBudget.format(MemoryBudget.defaultLimit)): 75 % of \(MemoryBudget.format(MemoryBudget.availableMemory)))"
    }

    /// The current settings, one per line.
    func settingsText() -> String {
        [
            "rows          \(settings.rows)",
            "format        \(settings.format.rawValue)",
            "decimals      \(settings.decimals.map(String.init) ?? "auto")",
            "width         \(settings.width)",
            "charset       \(settings.ascii ? "ascii" : "unicode")",
            "color         \(settings.color ? "on" : "off")",
            "collation     \(settings.collation.rawValue)",
            "timer         \(settings.timer ? "on" : "off")",
            "memory_limit  \(memoryLimitText())",
        ].joined(separator: "\n")
    }

    /// `timer on|off`.
    func timer(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        guard let w = args.words.first, args.words.count == 1, ["on", "off"].contains(w.text.lowercased()) else {
            let span = args.words.first?.span ?? SourceSpan(start: args.commandSpan.end, end: args.commandSpan.end + 1)
            throw Diagnostic("expected `timer on` or `timer off`", span: span)
        }
        settings.timer = w.text.lowercased() == "on"
        return ""
    }

    /// `history`: this session's statements, numbered.
    func historyText() -> String {
        let width = String(history.count).count
        return history.enumerated().map { i, s in
            let n = String(i + 1)
            return String(repeating: " ", count: width - n.count) + n + "  " + s.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width + 2))
        }.joined(separator: "\n")
    }
}
