import Foundation
import Charts
import Indicators
import Projection
import Query
import Statbank
import Tables

/// Tab completion: what may come at the cursor, given what is typed before it and what the session
/// knows (datasets and their columns, scenarios, indicators, files).
///
/// * at the start: statement keywords;
/// * after `from`, `join`, `describe`, `indicator … on`: dataset names;
/// * after `from D |`: step names; inside a step: the columns flowing at that point, and function names;
/// * after `load`, `replay`, `export notebook`: file paths; after `save session`: saved session names;
/// * after `ssb`: table ids, then `DIM=`, then value codes by code or label (`Bod` → 1804), from the statbank
///   cache only (never the network);
/// * after `scenario=`: scenario names; after `indicator`: indicator names; after `set`, `timer`,
///   `help`, `project`, `chart`: their words.
///
/// Offsets count characters, so æ, ø, å before the cursor do not shift anything.
public final class Completer {
    /// The word being completed starts at `start` (a character offset); each candidate replaces it.
    public struct Completion: Equatable, Sendable {
        public var start: Int
        public var candidates: [String]
        /// A label to show beside a candidate in the listing (statbank value codes: `1804` → `Bodø`).
        public var labels: [String: String] = [:]
    }

    private let session: Session
    /// Labels of the candidates being made (see `Completion.labels`).
    private var labels: [String: String] = [:]
    /// The columns flowing at the end of a partial pipeline (`from D | step | …`), or nil if unknown.
    /// Defaults to the session's own reckoning; replaceable for tests.
    public var columnsAtEndOf: (String) -> [String]?

    public init(session: Session) {
        self.session = session
        self.columnsAtEndOf = { _ in nil }
        self.columnsAtEndOf = { [unowned self] text in
            // The query engine knows what each step does; the word-level reckoning covers what it cannot bind.
            QueryEngine.schema(atEndOf: text, resolver: self.session.resolver)?.fields.map(\.name)
                ?? self.flowingColumns(text)
        }
    }

    /// The candidates for the word at `cursor` (whole words, which `CompletionEdit` turns into an edit).
    public func complete(line: String, cursor: Int) -> [String] { completion(line: line, cursor: cursor).candidates }

    public func completion(line: String, cursor: Int) -> Completion {
        let chars = Array(line.prefix(max(0, min(cursor, line.count))))
        // Only the statement the cursor is in counts (statements may be joined with `;`).
        let statementStart = TextScanner.lastTopLevel(";", in: chars).map { $0 + 1 } ?? 0
        let text = Array(chars[statementStart...])
        let scan = Completer.scan(text)

        // Inside an unclosed string: a file path (after load/replay/export) or nothing.
        if let quote = scan.openQuote {
            let head = scan.tokens.first?.text.lowercased() ?? ""
            // `from "…` names a file only right after `from` (later quotes are string literals).
            let isPath = ["load", "replay", "export", "save"].contains(head) || (head == "from" && scan.tokens.count == 1)
            guard quote.char == "\"" || quote.char == "'", isPath else {
                return Completion(start: statementStart + quote.offset, candidates: [])
            }
            let q = String(quote.char)
            let typed = String(text[quote.offset...])
            let paths = pathCandidates(String(typed.dropFirst()), extensions: extensions(for: head))
            return Completion(start: statementStart + quote.offset,
                              candidates: paths.map { $0.hasSuffix("/") ? q + $0 : q + $0 + q })
        }
        if let tick = scan.openBacktick {
            let typed = String(text[(tick + 1)...])
            let columns = columnsAtEndOf(Completer.pipelineBeforeCurrentStep(text)) ?? []
            return Completion(start: statementStart + tick,
                              candidates: Completer.matching(typed, columns).map { "`\($0)`" })
        }

        // The word at the cursor: letters (æøå too), digits, `_`, and `.`/`/`/`-` for file names.
        var wordStart = text.count
        while wordStart > 0, Completer.isWordChar(text[wordStart - 1]) { wordStart -= 1 }
        let word = String(text[wordStart...])
        let before = scan.tokens.filter { $0.end <= wordStart }
        labels = [:]
        let candidates = candidatesFor(word: word, before: before, text: text, wordStart: wordStart)
        return Completion(start: statementStart + wordStart, candidates: candidates, labels: labels.filter { candidates.contains($0.key) })
    }

    // MARK: - What fits where

    private func candidatesFor(word: String, before: [Token], text: [Character], wordStart: Int) -> [String] {
        guard let head = before.first?.text.lowercased() else {
            return Completer.matching(word, Completer.statementKeywords)
        }
        let previous = before.last.map { $0.text.lowercased() } ?? ""
        let stepStart = before.lastIndex { $0.text == "|" }
        let datasets = session.registry.names

        // A `key=` just before the word: complete the value.
        // (Not `let NAME =`: a dataset called x or by is no chart option.)
        if previous == "=", before.count >= 2, !(head == "let" && before.count == 3),
           let values = valueCandidates(word, key: before[before.count - 2].text.lowercased(), head: head, text: text) {
            return values
        }
        // Inside a pipeline step (after a `|`).
        if let stepStart { return stepCandidates(word, step: Array(before[(stepStart + 1)...]), text: text) }

        // The head of the statement decides.
        switch head {
        case "from":
            return before.count == 1 ? Completer.matching(word, datasets) : []
        case "let":
            if before.count >= 3, before[2].text == "=" {
                if before.count == 3 { return Completer.matching(word, StatementRegistry.pipelineHeads) }
                if before.count == 4, before[3].text.lowercased() == "from" { return Completer.matching(word, datasets) }
                if before.count >= 4, before[3].text.lowercased() == "ssb" {
                    return statbankCandidates(word, Array(before[4...]), wordStart: wordStart)
                }
            }
            return []
        case "ssb":
            return statbankCandidates(word, Array(before.dropFirst()), wordStart: wordStart)
        case "describe":
            return before.count == 1 ? Completer.matching(word, datasets) : []
        case "load":
            if before.count == 1 {
                // An unquoted start: offer quoted paths.
                if word.isEmpty { return pathCandidates("", extensions: extensions(for: "load")).map { "\"" + $0 } }
                return pathCandidates(word, extensions: extensions(for: "load"))
            }
            return Completer.matching(word, ["as"] + Session.fileOptions.keys.sorted().map { $0 + "=" })
        case "replay":
            if before.count == 1 { return pathCandidates(word, extensions: extensions(for: "replay")) }
            return Completer.matching(word, ["step"])
        case "export":
            if before.count == 1 { return Completer.matching(word, ["notebook"]) }
            return before.count == 2 ? pathCandidates(word, extensions: extensions(for: "export")) : []
        case "save":
            if before.count == 1 { return Completer.matching(word, ["session"]) }
            if before.count == 2 { return Completer.matching(word, savedSessionNames()) }
            return before.count == 3 ? Completer.matching(word, ["replace"]) : []
        case "indicator":
            if before.count == 1 { return Completer.matching(word, indicatorNames() + ["define"]) }
            if previous == "on" { return Completer.matching(word, datasets) }
            if previous == "by" || previous == "," {
                if let onIndex = before.lastIndex(where: { $0.text.lowercased() == "on" }), onIndex + 1 < before.count {
                    let columns = columnsAtEndOf("from " + before[onIndex + 1].text) ?? []
                    return Completer.matching(word, quoted(columns))
                }
            }
            return Completer.matching(word, ["on", "by"])
        case "project":
            if before.count == 1 { return Completer.matching(word, ProjectionCommand.kinds) }
            if previous == "vary" { return Completer.matching(word, ScenarioParameter.numericKeys.map { $0 + "=" }) }
            if previous == "solve" { return Completer.matching(word, ScenarioParameter.numericKeys) }
            return Completer.matching(word, ProjectionCommand.namedKeys.map { $0 + "=" } + ProjectionCommand.modes)
        case "scenario":
            if before.count == 2 { return Completer.matching(word, ["from"]) }
            if previous == "from" { return Completer.matching(word, scenarioNames()) }
            return Completer.matching(word, ScenarioParameter.keys.map { $0 + "=" })
        case "set":
            if before.count == 1 { return Completer.matching(word, SettingRegistry.names) }
            guard before.count == 2, let setting = SettingRegistry.lookup(before[1].text) else { return [] }
            return Completer.matching(word, setting.values)
        case "timer":
            return Completer.matching(word, ["on", "off"])
        case "help":
            if before.count == 1 {
                return Completer.matching(word, Completer.statementKeywords + QueryLanguage.steps + Session.helpTopics)
            }
            if before.count == 2, before[1].text.lowercased() == "indicator" { return Completer.matching(word, indicatorNames()) }
            return []
        default:
            return []
        }
    }

    /// The values after `key=`, or nil when the key has no list of its own (then the position decides).
    private func valueCandidates(_ word: String, key: String, head: String, text: [Character]) -> [String]? {
        switch key {
        case "scenario": return Completer.matching(word, scenarioNames())
        case "kind": return Completer.matching(word, JoinKind.allCases.map(\.rawValue))
        case "by" where head == "project": return Completer.matching(word, ProjectionCommand.byValues)
        case "x", "y", "by", "sort", "label":
            return Completer.matching(word, quoted(columnsAtEndOf(Completer.pipelineBeforeCurrentStep(text)) ?? []))
        default:
            // A scenario parameter with a closed set of values (`family=`, `health=`, `base_shortage=`) and an
            // indicator's named arguments (scope=, basis=, age=) offer the values their engine accepts.
            if let values = ScenarioParameter.values(of: key) { return Completer.matching(word, values) }
            if let values = IndicatorCommand.argumentValues[key] ?? nil { return Completer.matching(word, values) }
            return nil
        }
    }

    /// Inside a pipeline step: step names, then what the step takes (`step` holds its tokens so far).
    private func stepCandidates(_ word: String, step stepTokens: [Token], text: [Character]) -> [String] {
        guard let stepWord = stepTokens.first?.text.lowercased() else { return Completer.matching(word, stepNames) }
        if stepWord == "join" {
            if stepTokens.count == 1 { return Completer.matching(word, session.registry.names) }
            if stepTokens.contains(where: { $0.text.lowercased() == "on" }) {
                // Keys: the columns flowing in, and those of the dataset joined.
                let left = columnsAtEndOf(Completer.pipelineBeforeCurrentStep(text)) ?? []
                let right = columnsAtEndOf("from " + stepTokens[1].text) ?? []
                return Completer.matching(word, quoted(left + right.filter { !left.contains($0) }) + ["kind="])
            }
            return Completer.matching(word, ["on"])
        }
        if stepWord == "chart" {
            if stepTokens.count == 1 { return Completer.matching(word, Completer.chartKinds) }
            return Completer.matching(word, Completer.chartKeys)
        }
        if stepWord == "write" || stepWord == "take" { return [] }
        let columns = quoted(columnsAtEndOf(Completer.pipelineBeforeCurrentStep(text)) ?? [])
        var names = columns + functionNames
        if stepWord == "agg" || stepWord == "summarise" { names += aggregateNames + ["by"] }
        if stepWord == "sort" { names += columns.map { "-" + $0 } }
        return Completer.matching(word, names)
    }

    // MARK: - Names the session knows

    /// The statement names (`StatementRegistry`).
    static var statementKeywords: [String] { StatementRegistry.names }

    static var chartKinds: [String] { ChartKind.allCases.map(\.rawValue) }
    static var chartKeys: [String] { ChartSpec.optionNames.map { $0 + "=" } }
    var stepNames: [String] { QueryLanguage.steps }
    var functionNames: [String] { QueryLanguage.functions + QueryLanguage.windowFunctions }
    var aggregateNames: [String] { QueryLanguage.aggregates }

    /// Built-in scenarios and those defined in this session.
    func scenarioNames() -> [String] { session.scenarios.names }

    /// Built-in indicators and those defined in this session.
    func indicatorNames() -> [String] { session.indicators.names }

    // MARK: - Statbank (from the cache only: completion never touches the network)

    /// After `ssb`: table ids in the cache; after an id: its dimensions as `CODE=`; after `CODE=` (or a comma in
    /// its list): the dimension's value codes whose code or a word of whose label starts with the word (æ, ø, å folded:
    /// `bod` finds 1804 Bodø).
    func statbankCandidates(_ word: String, _ args: [Token], wordStart: Int) -> [String] {
        let cache = StatbankCache(folder: session.statbank.cacheFolder)
        var rest = args[...]
        let sub = rest.first?.text.lowercased()
        if sub == "search" { return [] }
        if sub == "describe" || sub == "refresh" { rest = rest.dropFirst() }
        guard let id = rest.first else {
            return Completer.matching(word, cache.cachedTables() + (sub == nil ? ["search", "describe", "refresh"] : []))
        }
        rest = rest.dropFirst()
        guard let md = cache.cachedMetadata(id.text, preferring: session.statbank.baseURL) else { return [] }
        // `KEY=v1,v2,…` typed up to the word without a space: complete a value of KEY.
        if let eq = rest.lastIndex(where: { $0.text == "=" }), eq > rest.startIndex,
           zip(rest[(eq - 1)...], rest[eq...]).allSatisfy({ $0.end == $1.start }),
           (rest.last?.end ?? -1) == wordStart, let d = md.dimension(rest[eq - 1].text) {
            let matches = d.values(matching: word)
            for m in matches { labels[m.code] = m.label }
            return matches.map(\.code)
        }
        let given = Set(rest.indices.filter { $0 + 1 < rest.endIndex && rest[$0 + 1].text == "=" }.map { rest[$0].text.lowercased() })
        return Completer.matching(word, md.dimensions.filter { !given.contains($0.code.lowercased()) }.map { $0.code + "=" })
    }

    /// Names of `sessions/*.hws` in the working directory.
    func savedSessionNames() -> [String] {
        let folder = (session.options.workingDirectory as NSString).appendingPathComponent("sessions")
        // Completion never reports: no `sessions` folder is no names to offer.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".hws") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The columns flowing at the end of `text` (`from D | step | …`): the source dataset's columns, then
    /// each step's effect as far as it can be read from the words (`derive`/`agg`/`select` names, `join`).
    func flowingColumns(_ text: String) -> [String]? {
        let tokens = Completer.scan(Array(text)).tokens
        var steps: [[Token]] = [[]]
        for token in tokens { if token.text == "|" { steps.append([]) } else { steps[steps.count - 1].append(token) } }
        guard let head = steps.first, head.count >= 2, head[0].text.lowercased() == "from",
              let columns = datasetColumns(head[1].text) else { return nil }
        var flowing = columns
        func assigned(_ step: ArraySlice<Token>) -> [String] {
            var names: [String] = []
            for (i, t) in zip(step.indices, step) where t.isName && i + 1 < step.endIndex && step[i + 1].text == "=" {
                names.append(t.text)
            }
            return names
        }
        for step in steps.dropFirst() {
            guard let verb = step.first?.text.lowercased() else { continue }
            let rest = step.dropFirst()
            switch verb {
            case "derive":
                for name in assigned(rest) where !flowing.contains(name) { flowing.append(name) }
            case "agg", "summarise":
                let byIndex = rest.firstIndex { $0.text.lowercased() == "by" }
                let groups = byIndex.map { rest[($0 + 1)...].filter(\.isName).map(\.text) } ?? []
                flowing = groups + assigned(byIndex.map { rest[..<$0] } ?? rest)
            case "select":
                var picked: [String] = []
                var item: [Token] = []
                for t in rest + [Token(text: ",", start: 0, end: 0, isName: false)] {
                    if t.text == "," {
                        if item.count >= 2, item[1].text == "=", item[0].isName { picked.append(item[0].text) }
                        else if item.count == 1, item[0].isName { picked.append(item[0].text) }
                        item = []
                    } else { item.append(t) }
                }
                if !picked.isEmpty { flowing = picked }
            case "join":
                if let other = rest.first, let more = datasetColumns(other.text) {
                    for name in more where !flowing.contains(name) { flowing.append(name) }
                }
            default:
                break
            }
        }
        return flowing
    }

    /// The columns of a dataset of the session (reading a bundled file on first use; a lazily loaded file's
    /// names, parsing nothing).
    func datasetColumns(_ name: String) -> [String]? {
        // A dataset that fails to load offers no columns; its error is shown when a statement reads it.
        session.registry.schema(named: name)?.fields.map(\.name)
    }

    /// Column names as they must be typed: `` `with space` `` when not a plain identifier.
    private func quoted(_ names: [String]) -> [String] {
        names.map { name in
            let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                && !(name.first?.isNumber ?? false) && !["null", "true", "false"].contains(name.lowercased())
            return plain ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        }
    }

    // MARK: - Files

    /// Which files fit after `head`: scripts, notebooks, or the data files a reader knows (`FileFormat`).
    private func extensions(for head: String) -> (String) -> Bool {
        switch head {
        case "replay": return { $0.lowercased().hasSuffix(".hws") }
        case "export": return { $0.lowercased().hasSuffix(".md") }
        default: return { name in FileFormat.of(name).map { $0.format != .markdown } ?? false }
        }
    }

    /// Paths starting with `typed` (relative to the working directory): folders end in `/`; files
    /// are those with one of `extensions` (any file when none match). Hidden files only when asked for.
    func pathCandidates(_ typed: String, extensions fits: (String) -> Bool) -> [String] {
        let expanded = typed.hasPrefix("~/") ? NSHomeDirectory() + typed.dropFirst() : typed
        let folderPart: String
        let namePart: String
        if let slash = expanded.lastIndex(of: "/") {
            folderPart = String(expanded[...slash])
            namePart = String(expanded[expanded.index(after: slash)...])
        } else {
            folderPart = ""
            namePart = expanded
        }
        let displayFolder: String
        if let slash = typed.lastIndex(of: "/") { displayFolder = String(typed[...slash]) } else { displayFolder = "" }
        let base = folderPart.hasPrefix("/") ? folderPart
            : (session.options.workingDirectory as NSString).appendingPathComponent(folderPart)
        // A folder that is not there (yet) has no paths to offer.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base.isEmpty ? "." : base) else { return [] }
        var folders: [String] = []
        var files: [String] = []
        for name in names where name.hasPrefix(namePart) {
            if name.hasPrefix("."), !namePart.hasPrefix(".") { continue }
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: (base as NSString).appendingPathComponent(name), isDirectory: &isDir)
            if isDir.boolValue { folders.append(displayFolder + name + "/") } else { files.append(displayFolder + name) }
        }
        let wanted = files.filter(fits)
        return folders.sorted() + (wanted.isEmpty ? files : wanted).sorted()
    }

    // MARK: - Scanning

    struct Token {
        var text: String
        var start: Int
        var end: Int
        var isName: Bool
    }

    struct Scan {
        var tokens: [Token] = []
        /// An unclosed `"` (its offset), if the text ends inside a string.
        var openQuote: (char: Character, offset: Int)?
        /// An unclosed backquote's offset.
        var openBacktick: Int?
    }

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." || c == "/" || c == "-" || c == "~" }

    /// Splits text into words, strings and symbols (`|`, `=`, `,`, brackets, operators); where strings,
    /// quoted names and comments end is `TextScanner`'s rule.
    static func scan(_ text: [Character]) -> Scan {
        var scan = Scan()
        var wordStart: Int? = nil
        var skip = -1          // the second character of a two-character operator
        var stopped = false
        func endWord(_ at: Int) {
            guard let s = wordStart else { return }
            let word = String(text[s..<at])
            scan.tokens.append(Token(text: word, start: s, end: at, isName: !(word.first?.isNumber ?? true)))
            wordStart = nil
        }
        TextScanner.scan(text) { piece, _ in
            guard !stopped else { return }
            switch piece {
            case .quoted(let r, let closed):
                endWord(r.lowerBound)
                let q = text[r.lowerBound]
                guard closed else {
                    if q != "`" { scan.openQuote = (q, r.lowerBound) } else { scan.openBacktick = r.lowerBound }
                    stopped = true
                    return
                }
                scan.tokens.append(Token(text: q == "`" ? TextScanner.unquoted(text, r) : String(text[r]),
                                         start: r.lowerBound, end: r.upperBound, isName: q == "`"))
            case .comment(let r):
                endWord(r.lowerBound)
            case .code(let i):
                let c = text[i]
                if i == skip { return }
                if wordStart != nil, c.isLetter || c.isNumber || c == "_" || c == "." { return }
                endWord(i)
                if c.isWhitespace { return }
                if c.isLetter || c.isNumber || c == "_" { wordStart = i; return }
                // Two-character operators stay together so `==` is not taken for `key=`.
                if i + 1 < text.count, ["==", "!=", "<=", ">="].contains(String(text[i...(i + 1)])) {
                    scan.tokens.append(Token(text: String(text[i...(i + 1)]), start: i, end: i + 2, isName: false))
                    skip = i + 1
                    return
                }
                scan.tokens.append(Token(text: String(c), start: i, end: i + 1, isName: false))
            }
        }
        if !stopped { endWord(text.count) }
        return scan
    }

    /// The pipeline up to (not including) the step the cursor is in: `from d | where x > 1 | sel` →
    /// `from d | where x > 1`.
    static func pipelineBeforeCurrentStep(_ text: [Character]) -> String {
        guard let bar = TextScanner.lastTopLevel("|", in: text) else { return String(text) }
        return String(text[..<bar]).trimmingCharacters(in: .whitespaces)
    }

    /// The names that start with `prefix` (ignoring case, and a name's backquote when none was typed),
    /// in their order, without repeats.
    static func matching(_ prefix: String, _ names: [String]) -> [String] {
        let p = prefix.lowercased()
        var seen = Set<String>()
        return names.filter { name in
            let n = name.lowercased()
            let fits = n.hasPrefix(p) || (!p.hasPrefix("`") && n.hasPrefix("`") && n.dropFirst().hasPrefix(p))
            return fits && seen.insert(name).inserted
        }
    }
}
