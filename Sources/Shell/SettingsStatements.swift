import Foundation
import Tables
import Query

/// One setting of `set`: its name, usage, summary, the values Tab offers, an example, how it is applied
/// and how it is shown. Declared once in `SettingRegistry.entries`; `set`, `help settings`, the settings
/// listing and Tab completion read it.
struct SettingSpec: Sendable {
    let name: String
    var aliases: [String] = []
    let usage: String
    let summary: String
    /// What Tab offers after `set NAME ` (empty: a free value such as a number or a folder).
    var values: [String] = []
    let example: String
    /// False when `set NAME` alone means something (`set ssb` shows the statbank settings).
    var needsValue = true
    /// Applies `set NAME VALUE…` (the words after `set`, the name first); validates everything before it
    /// changes anything. The text it returns is printed.
    let apply: @Sendable (Session, [CommandArguments.Word]) throws -> String
    /// The current value, for `set` alone and `help settings`.
    let show: @Sendable (Session) -> String

    var allNames: [String] { [name] + aliases }
}

enum SettingRegistry {
    static let entries: [SettingSpec] = [
        SettingSpec(name: "rows", usage: "set rows N", summary: "rows shown before the `… more rows` footer",
                    example: "set rows 20",
                    apply: { s, w in try s.setValue(w) { v, new in new.rows = try v.number(1...1_000_000_000) } },
                    show: { "\($0.settings.rows)" }),
        SettingSpec(name: "format", usage: "set format table|csv|tsv|json|markdown", summary: "how result tables print",
                    values: DisplaySettings.Format.allCases.map(\.rawValue), example: "set format table",
                    apply: { s, w in try s.setValue(w) { v, new in
                        new.format = DisplaySettings.Format(rawValue: try v.choice(DisplaySettings.Format.allCases.map(\.rawValue)))!
                    } },
                    show: { $0.settings.format.rawValue }),
        SettingSpec(name: "decimals", usage: "set decimals N|auto", summary: "fixed decimals for numbers, or each column's own",
                    values: ["auto"], example: "set decimals auto",
                    apply: { s, w in try s.setValue(w) { v, new in new.decimals = v.text == "auto" ? nil : try v.number(0...12) } },
                    show: { $0.settings.decimals.map(String.init) ?? "auto" }),
        SettingSpec(name: "width", usage: "set width N|auto", summary: "cells to lay out tables, charts and notes in (auto: the terminal's)",
                    values: ["auto"], example: "set width 100",
                    apply: { s, w in try s.setValue(w) { v, new in
                        if v.text == "auto" { new.widthFixed = false; return }
                        new.width = try v.number(20...1000)
                        new.widthFixed = true
                    } },
                    show: { "\($0.settings.width)" + ($0.settings.widthFixed ? "" : " (the terminal's)") }),
        SettingSpec(name: "charset", usage: "set charset unicode|ascii", summary: "draw tables and charts with Unicode or plain ASCII",
                    values: ["unicode", "ascii"], example: "set charset unicode",
                    apply: { s, w in try s.setValue(w) { v, new in new.ascii = try v.choice(["unicode", "ascii"]) == "ascii" } },
                    show: { $0.settings.ascii ? "ascii" : "unicode" }),
        SettingSpec(name: "color", aliases: ["colour"], usage: "set color on|off", summary: "colour in errors, tables and charts",
                    values: ["on", "off"], example: "set color off",
                    apply: { s, w in try s.setValue(w) { v, new in new.color = try v.choice(["on", "off"]) == "on" } },
                    show: { $0.settings.color ? "on" : "off" }),
        SettingSpec(name: "collation", usage: "set collation norwegian|bytes",
                    summary: "how text sorts: Norwegian (… Z Æ Ø Å, case and accents second) or by code point",
                    values: Collation.allCases.map(\.rawValue), example: "set collation norwegian",
                    apply: { s, w in try s.setValue(w) { v, new in
                        new.collation = Collation(rawValue: try v.choice(Collation.allCases.map(\.rawValue)))!
                    } },
                    show: { $0.settings.collation.rawValue }),
        SettingSpec(name: "output", usage: "set output FILE|default",
                    summary: "send results to FILE (emptied first) instead of the screen, until `set output default`",
                    values: ["default"], example: "set output default",
                    apply: { s, w in try s.setOutput(w) },
                    show: { $0.settings.outputPath.map { TextSafety.clean($0) } ?? "the screen" }),
        SettingSpec(name: "timer", usage: "set timer on|off", summary: "show wall time after each statement (also `timer on`)",
                    values: ["on", "off"], example: "set timer off",
                    apply: { s, w in try s.setValue(w) { v, new in new.timer = try v.choice(["on", "off"]) == "on" } },
                    show: { $0.settings.timer ? "on" : "off" }),
        SettingSpec(name: "memory_limit", usage: "set memory_limit 4GB|512MB|50%|default",
                    summary: "statements that would need more memory stop with an error",
                    values: ["default", "512MB", "1GB", "2GB", "4GB", "8GB", "16GB", "50%"], example: "set memory_limit default",
                    apply: { s, w in try s.setMemoryLimit(w) },
                    show: { $0.memoryLimitText() }),
        SettingSpec(name: "ssb", usage: "set ssb offline on|off | set ssb url URL|default",
                    summary: "the statbank: never touch the network; another PxWeb server", values: ["offline", "url"],
                    example: "set ssb offline off", needsValue: false,
                    apply: { s, w in try s.setStatbank(w) },
                    show: { s in "offline \(s.statbank.offline ? "on" : "off"), url \(s.statbank.baseURL)" }),
        SettingSpec(name: "ssb_cache", usage: "set ssb_cache DIR|default", summary: "the statbank's cache folder (share one in an office or a course)",
                    values: ["default"], example: "set ssb_cache default",
                    apply: { s, w in try s.setStatbank(w) },
                    show: { $0.statbank.cacheFolder }),
    ]

    static func lookup(_ word: String) -> SettingSpec? {
        let w = word.lowercased()
        return entries.first { $0.allNames.contains(w) }
    }
    static var names: [String] { entries.map(\.name) }
    static var keywords: [String] { entries.flatMap(\.allNames) }
}

/// The value word of `set NAME VALUE`, with the checks every setting uses.
struct SettingValue {
    let word: CommandArguments.Word
    let usage: String
    var text: String { word.text.lowercased() }

    func number(_ range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw Diagnostic("`\(word.text)` is not a whole number from \(range.lowerBound) to \(range.upperBound)",
                             span: word.span, hint: "usage: " + usage)
        }
        return n
    }

    func choice(_ options: [String]) throws -> String {
        guard options.contains(text) else {
            throw Diagnostic("`\(word.text)` is not one of \(options.joined(separator: ", "))", span: word.span,
                             hint: NameSuggester.hint(for: text, in: options) ?? ("usage: " + usage))
        }
        return text
    }
}

extension Session {
    /// `set NAME VALUE…` through `SettingRegistry`; `set` alone shows the settings. The settings change only
    /// when the whole statement is valid.
    func set(_ statement: String) throws -> String {
        let args = try CommandArguments.parse(statement)
        let words = args.words
        guard let nameWord = words.first else { return settingsText() }
        guard let spec = SettingRegistry.lookup(nameWord.text) else {
            throw Diagnostic("unknown setting `\(nameWord.text)`; settings are \(SettingRegistry.names.joined(separator: ", "))",
                             span: nameWord.span, hint: NameSuggester.hint(for: nameWord.text, in: SettingRegistry.keywords))
        }
        guard words.count >= 2 || !spec.needsValue else {
            throw Diagnostic("`set \(spec.name)` needs a value", span: SourceSpan(start: nameWord.span.end, end: nameWord.span.end + 1),
                             hint: "usage: " + spec.usage)
        }
        return try spec.apply(self, words)
    }

    /// Applies a one-word setting: `change` edits a copy of the settings, which replaces them only when
    /// it did not throw.
    func setValue(_ words: [CommandArguments.Word], _ change: (SettingValue, inout DisplaySettings) throws -> Void) throws -> String {
        let spec = SettingRegistry.lookup(words[0].text)!
        guard words.count == 2 else {
            throw Diagnostic("unexpected `\(words[2].text)`", span: words[2].span, hint: "usage: " + spec.usage)
        }
        var new = settings
        try change(SettingValue(word: words[1], usage: spec.usage), &new)
        settings = new
        return ""
    }

    /// `set output FILE|default`: the file is emptied now (a replayed script may only name one inside its
    /// folder, as for any write); results are appended to it statement by statement.
    func setOutput(_ words: [CommandArguments.Word]) throws -> String {
        let usage = "usage: " + SettingRegistry.lookup("output")!.usage
        guard words.count == 2 else {
            throw Diagnostic(words.count < 2 ? "`set output` needs a file or default" : "unexpected `\(words[2].text)`",
                             span: words.count < 2 ? words[0].span : words[2].span, hint: usage)
        }
        let word = words[1]
        if word.text.lowercased() == "default" && !word.quoted {
            settings.outputPath = nil
            return ""
        }
        let path = try writeTarget(word.text, span: word.span)
        do {
            try AtomicFile.write(Data(), to: path)
        } catch let error as DiagnosticError {
            throw Diagnostic(error.message.replacingOccurrences(of: path, with: word.text), span: word.span, hint: error.hint)
        }
        settings.outputPath = path
        return ""
    }

    /// `set memory_limit 4GB` (also `4 GB`, `2.5GB`, `512MB`, `50%` of the memory available, `default`).
    func setMemoryLimit(_ words: [CommandArguments.Word]) throws -> String {
        let usage = "usage: " + SettingRegistry.lookup("memory_limit")!.usage
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

    /// The current settings, one per line (`SettingRegistry`).
    func settingsText() -> String {
        let width = SettingRegistry.names.map(\.count).max() ?? 12
        return SettingRegistry.entries.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.show(self) }
            .joined(separator: "\n")
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
